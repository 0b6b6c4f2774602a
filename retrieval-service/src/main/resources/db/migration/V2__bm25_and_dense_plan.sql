-- A shared HNSW with a tenant filter is not the isolation mechanism: small tenants are scanned exactly behind
-- their index, large ones get an HNSW of their own (see dense_plan).
drop index chunks_embedding;
drop index chunks_tsv;

alter table chunks add column language regconfig not null default 'english';
alter table chunks add column tags text[] not null default '{}';
alter table chunks add column doc_len int not null default 0;
alter table chunks drop column tsv;
alter table chunks add column tsv tsvector
    generated always as (to_tsvector(language, coalesce(section, '') || ' ' || text)) stored;
create index chunks_tags on chunks using gin (tags) where live;

-- BM25 postings of live chunks: one row per (chunk, analysed term) with its term frequency; statistics for the
-- IDF and length normalisation are read from here and from kb_stats at query time, so replicas stay stateless
create table postings (
    tenant_id uuid not null,
    knowledge_base_id uuid not null,
    document_id uuid not null,
    lexeme text not null,
    chunk_id text not null references chunks (id) on delete cascade,
    tf int not null,
    doc_len int not null,
    primary key (tenant_id, lexeme, chunk_id)
);
create index postings_chunk on postings (chunk_id);

create table kb_stats (
    tenant_id uuid not null,
        knowledge_base_id uuid not null,
    language regconfig not null,
    chunks bigint not null,
    total_len bigint not null,
    primary key (tenant_id, knowledge_base_id)
);

-- sizes per tenant (no content), read across tenants by the job that gives large tenants their own HNSW
create table dense_plan (
    tenant_id uuid primary key,
    live_chunks bigint not null default 0,
    hnsw_index text
);

create table evaluations (
    id uuid primary key,
    tenant_id uuid not null,
    knowledge_base_id uuid not null,
    name text,
    queries int not null,
    results jsonb not null,
    created_at timestamptz not null default now()
);
create index evaluations_kb on evaluations (tenant_id, knowledge_base_id, created_at desc);

alter table postings enable row level security;
alter table postings force row level security;
create policy tenant_wall on postings
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
alter table kb_stats enable row level security;
alter table kb_stats force row level security;
create policy tenant_wall on kb_stats
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
alter table evaluations enable row level security;
alter table evaluations force row level security;
create policy tenant_wall on evaluations
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
