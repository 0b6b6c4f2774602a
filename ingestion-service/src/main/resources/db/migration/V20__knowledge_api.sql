-- where a blob's bytes live: 'postgres' (in data) or 's3' (object tenants/<tenant>/<id>, data null)
alter table blobs alter column data drop not null;
alter table blobs add column store text not null default 'postgres';

create index documents_tags on documents using gin (tags);

-- bulk jobs: durable, tenant-scoped progress
create table jobs (
    id uuid primary key,
    tenant_id uuid not null,
    knowledge_base_id uuid not null,
    action text not null,
    document_ids uuid[] not null,
    tags text[] not null default '{}',
    status text not null,
    total int not null,
    done int not null default 0,
    failed int not null default 0,
    errors jsonb not null default '[]',
    actor_user_id uuid,
    actor_api_key_id uuid,
    ip text,
    created_at timestamptz not null default now(),
    finished_at timestamptz
);
create index jobs_tenant on jobs (tenant_id, created_at);
alter table jobs enable row level security;
alter table jobs force row level security;
create policy tenant_wall on jobs
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- the work queue of the job runners (like the outbox it is read across tenants, so no row-level security here;
-- it holds only ids)
create table job_queue (
    job_id uuid primary key,
    tenant_id uuid not null,
    locked_until timestamptz not null default '-infinity'
);
