-- connectors: credentials sealed with AES-GCM under the operator's key-encryption key (its version kept per row),
-- an interval schedule, pause, and how often in a row the connector failed (flagged for its admins at 3)
alter table connectors add column credentials_key_version int;
alter table connectors add column interval_minutes int;
alter table connectors add column paused boolean not null default false;
alter table connectors add column consecutive_failures int not null default 0;
alter table connectors add column updated_at timestamptz not null default now();
create unique index connectors_tenant_name on connectors (tenant_id, lower(name));

alter table sync_runs add column full_sync boolean not null default false;
alter table sync_runs add column queued_at timestamptz not null default now();
alter table sync_runs add column trigger text not null default 'manual'; -- manual | schedule
alter table sync_runs alter column started_at drop not null;
alter table sync_runs alter column started_at drop default;
create index sync_runs_connector on sync_runs (connector_id, queued_at desc);

-- where a listing stopped: a crashed run's successor resumes after `cursor`, in the same listing `generation`, so
-- items seen before the crash still count as seen when the listing completes and vanished items are pruned
create table checkpoints (
    connector_id uuid primary key references connectors (id) on delete cascade,
    tenant_id uuid not null,
    generation uuid not null,
    cursor text,
    window_start timestamptz,
    updated_at timestamptz not null default now()
);

-- one row per source item: the document it is (never two), the version last sent, its access list as reported
create table items (
    connector_id uuid not null references connectors (id) on delete cascade,
    item_id text not null,
    tenant_id uuid not null,
    document_id uuid not null unique,
    version text not null,
    name text not null,
    url text,
    access jsonb not null default '{}',
    seen_generation uuid,
    updated_at timestamptz not null default now(),
    primary key (connector_id, item_id)
);
create index items_tenant on items (tenant_id);

create table run_errors (
    id bigserial primary key,
    run_id uuid not null references sync_runs (id) on delete cascade,
    tenant_id uuid not null,
    item_id text,
    name text,
    url text,
    code text not null,
    message text not null,
    at timestamptz not null default now()
);
create index run_errors_run on run_errors (run_id, id);

-- the work queue, schedules and leases are read across tenants only by the runner, which says so with
-- app.connector_queue (as ingestion's queue does); a tenant's transaction sees its own rows
create table run_queue (
    run_id uuid primary key references sync_runs (id) on delete cascade,
    tenant_id uuid not null,
    connector_id uuid not null references connectors (id) on delete cascade,
    queued_at timestamptz not null default clock_timestamp()
);
create table schedules (
    connector_id uuid primary key references connectors (id) on delete cascade,
    tenant_id uuid not null,
    interval_minutes int not null,
    next_at timestamptz not null
);
-- exactly one replica runs a connector: the primary key is the lock, the heartbeat keeps it
create table leases (
    connector_id uuid primary key references connectors (id) on delete cascade,
    tenant_id uuid not null,
    run_id uuid not null,
    owner text not null,
    heartbeat_at timestamptz not null default clock_timestamp()
);

do $$
declare t text;
begin
    foreach t in array array['checkpoints', 'items', 'run_errors'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_wall on %I using (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
    end loop;
    foreach t in array array['run_queue', 'schedules', 'leases'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_or_queue on %I using (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid or current_setting(''app.connector_queue'', true) = ''on'')', t);
    end loop;
end $$;
