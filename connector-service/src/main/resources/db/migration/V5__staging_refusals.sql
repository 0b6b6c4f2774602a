-- an item's bytes too large for its connector.item record wait here until ingestion fetched them
-- (GET /internal/v1/staged/{tenantId}/{id}); ingestion deletes them once stored, the runner expires leftovers
create table staged_content (
    id uuid primary key,
    tenant_id uuid not null,
    connector_id uuid not null references connectors (id) on delete cascade,
    bytes bytea not null,
    created_at timestamptz not null default now()
);
create index staged_content_created on staged_content (created_at);
alter table staged_content enable row level security;
alter table staged_content force row level security;
create policy tenant_or_queue on staged_content using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    or current_setting('app.connector_queue', true) = 'on');

-- items ingestion refused (the plan's document or storage quota), reported after the run counted its own failures:
-- kept apart so the run's progress updates never overwrite them; `failed` shows both
alter table sync_runs add column refused int not null default 0;

-- ingestion's refusals already recorded (a redelivered connector.item-refused adds no second error)
create table refusals_seen (
    event_id uuid primary key,
    tenant_id uuid not null,
    at timestamptz not null default now()
);
alter table refusals_seen enable row level security;
alter table refusals_seen force row level security;
create policy tenant_wall on refusals_seen
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- the KEK rotation command (RotateConnectorKek) lists every tenant's sealed credentials, saying so with
-- app.connector_rotation; it re-seals each row in that row's own tenant transaction
create policy key_rotation on connectors for select using (current_setting('app.connector_rotation', true) = 'on');
