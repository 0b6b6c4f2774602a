-- documents and storage in the usage ledger, fed by document.ingest-requested and document.deleted
alter table usage_hourly
    add column documents_added bigint not null default 0,
    add column documents_deleted bigint not null default 0,
    add column bytes_delta bigint not null default 0;

-- what each document counts for: its newest version's original bytes. A deleted document stays as a tombstone,
-- so a late or replayed request for it cannot count it again.
create table document_footprint (
    tenant_id uuid not null,
    document_id uuid not null,
    knowledge_base_id uuid,
    version int not null,
    size_bytes bigint not null,
    deleted boolean not null default false,
    primary key (tenant_id, document_id)
);
create index document_footprint_kb on document_footprint (tenant_id, knowledge_base_id) where not deleted;

-- a request that arrives after its knowledge base was deleted counts nothing
create table deleted_knowledge_bases (
    tenant_id uuid not null,
    knowledge_base_id uuid not null,
    primary key (tenant_id, knowledge_base_id)
);

alter table document_footprint enable row level security;
alter table document_footprint force row level security;
create policy tenant_wall on document_footprint
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
alter table deleted_knowledge_bases enable row level security;
alter table deleted_knowledge_bases force row level security;
create policy tenant_wall on deleted_knowledge_bases
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
