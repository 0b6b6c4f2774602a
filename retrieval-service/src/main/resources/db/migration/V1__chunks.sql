create table chunks (
    id text primary key,
    tenant_id uuid not null,
    knowledge_base_id uuid not null,
    document_id uuid not null,
    version int not null,
    idx int not null,
    batch int not null,
    -- a version's chunks become live together, once all its batches are in
    live boolean not null default false,
    filename text not null,
    text text not null,
    page int,
    section text,
    token_count int not null,
    embedding vector(384) not null,
    tsv tsvector generated always as (to_tsvector('english', coalesce(section, '') || ' ' || text)) stored,
    created_at timestamptz not null default now()
);
create index chunks_document on chunks (tenant_id, document_id, version);
create index chunks_tenant_kb on chunks (tenant_id, knowledge_base_id) where live;
create index chunks_embedding on chunks using hnsw (embedding vector_cosine_ops);
create index chunks_tsv on chunks using gin (tsv);

-- what was deleted, so a late batch cannot bring deleted text back
create table tombstones (
    tenant_id uuid not null,
    document_id uuid not null,
    version int not null,
    primary key (tenant_id, document_id)
);

alter table chunks enable row level security;
alter table chunks force row level security;
create policy tenant_wall on chunks
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
alter table tombstones enable row level security;
alter table tombstones force row level security;
create policy tenant_wall on tombstones
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
