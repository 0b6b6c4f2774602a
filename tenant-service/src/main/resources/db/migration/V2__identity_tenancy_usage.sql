-- issue 3: tenant lifecycle and limit overrides, invitations, refresh tokens, API keys, key rotation,
-- usage ledger, audit log, outbox

alter table tenants add column limit_overrides jsonb not null default '{}'::jsonb;
alter table tenants add column updated_at timestamptz not null default now();
alter table tenants add constraint tenants_status check (status in ('active', 'suspended', 'deleted'));
create index tenants_created on tenants (created_at, id);

-- invited users have no password until they accept; OIDC users may never have one
alter table users alter column password_hash drop not null;
alter table users add column invitation_hash text unique;
alter table users add column invitation_expires_at timestamptz;
alter table users add column external_subject text unique;
alter table users add constraint users_role check (role in ('owner', 'admin', 'member', 'viewer', 'platform-admin'));
create index users_tenant_created on users (tenant_id, created_at, id);

create table data_export_requests (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    requested_by uuid,
    status text not null default 'pending',
    requested_at timestamptz not null default now()
);

-- refresh tokens are opaque secrets stored as SHA-256; each sign-in starts a family, each refresh rotates within it
create table refresh_tokens (
    id uuid primary key,
    family_id uuid not null,
    user_id uuid not null references users (id) on delete cascade,
    tenant_id uuid not null references tenants (id) on delete cascade,
    token_hash text not null unique,
    expires_at timestamptz not null,
    used_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz not null default now()
);
create index refresh_tokens_family on refresh_tokens (family_id);
create index refresh_tokens_user on refresh_tokens (user_id);

create table api_keys (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    user_id uuid references users (id) on delete set null,
    name text not null,
    prefix text not null,
    secret_hash text not null unique,
    scopes text[] not null,
    kb_ids uuid[],
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz
);
create index api_keys_tenant on api_keys (tenant_id, created_at, id);

-- a retired key stays published in the JWKS for the overlap, then is deleted
alter table signing_keys add column retired_at timestamptz;

create table usage_hourly (
    tenant_id uuid not null,
    period_start timestamptz not null,
    requests bigint not null default 0,
    prompt_tokens bigint not null default 0,
    completion_tokens bigint not null default 0,
    primary key (tenant_id, period_start)
);

-- events already applied to the ledger (at-least-once delivery, processed once)
create table processed_events (
    event_id uuid primary key,
    processed_at timestamptz not null default now()
);

create table audit_events (
    event_id uuid primary key,
    tenant_id uuid not null,
    occurred_at timestamptz not null,
    actor_user_id uuid,
    actor_api_key_id uuid,
    action text not null,
    resource_type text,
    resource_id text,
    outcome text not null,
    ip text,
    detail jsonb,
    recorded_at timestamptz not null default now()
);
create index audit_events_tenant_time on audit_events (tenant_id, occurred_at desc, event_id desc);

-- second wall behind each query's own tenant filter: reads see only the tenant set for the transaction
alter table usage_hourly enable row level security;
alter table usage_hourly force row level security;
create policy tenant_wall on usage_hourly
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
alter table audit_events enable row level security;
alter table audit_events force row level security;
create policy tenant_wall on audit_events
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

create table outbox (
    id bigserial primary key,
    topic text not null,
    record_key text not null,
    payload text not null,
    created_at timestamptz not null default now()
);
