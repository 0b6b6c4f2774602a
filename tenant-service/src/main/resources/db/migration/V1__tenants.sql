create table plans (
    id text primary key,
    name text not null,
    self_serve boolean not null default false,
    limits jsonb not null
);

insert into plans (id, name, self_serve, limits) values
 ('free', 'Free', true, '{"requestsPerMinute":60,"tokensPerMinute":20000,"tokensPerDay":200000,"concurrentStreams":2,"maxDocuments":200,"maxStorageMb":200,"maxUploadMb":20,"maxConnectors":1}'),
 ('pro', 'Pro', true, '{"requestsPerMinute":600,"tokensPerMinute":200000,"tokensPerDay":5000000,"concurrentStreams":10,"maxDocuments":20000,"maxStorageMb":20000,"maxUploadMb":100,"maxConnectors":10}'),
 ('enterprise', 'Enterprise', false, '{"requestsPerMinute":6000,"tokensPerMinute":2000000,"tokensPerDay":100000000,"concurrentStreams":100,"maxDocuments":1000000,"maxStorageMb":1000000,"maxUploadMb":500,"maxConnectors":100}');

create table tenants (
    id uuid primary key,
    name text not null,
    plan text not null references plans (id),
    status text not null default 'active',
    created_at timestamptz not null default now()
);

create table users (
    id uuid primary key,
    tenant_id uuid not null references tenants (id) on delete cascade,
    email text not null unique,
    password_hash text not null,
    role text not null,
    created_at timestamptz not null default now()
);
create index users_tenant on users (tenant_id);

-- private keys stay inside this schema; only tenant-service's role can read them
create table signing_keys (
    kid text primary key,
    private_key text not null,
    active boolean not null,
    created_at timestamptz not null default now()
);
