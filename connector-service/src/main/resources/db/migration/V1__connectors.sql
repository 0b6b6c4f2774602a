create table connectors (
    id uuid primary key,
    tenant_id uuid not null,
    type text not null,
    name text not null,
    knowledge_base_id uuid not null,
    config jsonb not null default '{}',
    credentials_encrypted bytea,
    schedule text,
    created_at timestamptz not null default now()
);
create index connectors_tenant on connectors (tenant_id);

create table sync_runs (
    id uuid primary key,
    tenant_id uuid not null,
    connector_id uuid not null references connectors (id) on delete cascade,
    status text not null,
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    seen int not null default 0,
    added int not null default 0,
    updated int not null default 0,
    deleted int not null default 0,
    failed int not null default 0,
    error text
);

alter table connectors enable row level security;
alter table connectors force row level security;
create policy tenant_wall on connectors
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
alter table sync_runs enable row level security;
alter table sync_runs force row level security;
create policy tenant_wall on sync_runs
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
