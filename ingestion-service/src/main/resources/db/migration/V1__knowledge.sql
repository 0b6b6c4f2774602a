create table knowledge_bases (
    id uuid primary key,
    tenant_id uuid not null,
    name text not null,
    description text,
    embedding_model text not null,
    dimension int not null,
    created_at timestamptz not null default now()
);
create index knowledge_bases_tenant on knowledge_bases (tenant_id, created_at);

create table blobs (
    id uuid primary key,
    tenant_id uuid not null,
    size_bytes bigint not null,
    data bytea not null
);

create table documents (
    id uuid primary key,
    tenant_id uuid not null,
    knowledge_base_id uuid not null references knowledge_bases (id) on delete cascade,
    filename text not null,
    content_type text not null,
    size_bytes bigint not null,
    sha256 text not null,
    tags text[] not null default '{}',
    source jsonb not null,
    blob_id uuid not null references blobs (id),
    version int not null default 1,
    status text not null,
    error text,
    chunk_count int,
    extracted_text text,
    created_at timestamptz not null default now(),
    indexed_at timestamptz
);
create index documents_kb on documents (tenant_id, knowledge_base_id, created_at);
create index documents_sha on documents (tenant_id, knowledge_base_id, sha256);

-- events written in the same transaction as the state they announce; a relay publishes and deletes them
create table outbox (
    id bigserial primary key,
    topic text not null,
    record_key text not null,
    payload text not null,
    created_at timestamptz not null default now()
);

alter table knowledge_bases enable row level security;
alter table knowledge_bases force row level security;
create policy tenant_wall on knowledge_bases
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
alter table blobs enable row level security;
alter table blobs force row level security;
create policy tenant_wall on blobs
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
alter table documents enable row level security;
alter table documents force row level security;
create policy tenant_wall on documents
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
