-- a document's tags as last set by document.tagged; chunks stored later take these instead of the batch's own
create table document_tags (
    tenant_id uuid not null,
    document_id uuid not null,
    tags text[] not null,
    primary key (tenant_id, document_id)
);
alter table document_tags enable row level security;
alter table document_tags force row level security;
create policy tenant_wall on document_tags
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
