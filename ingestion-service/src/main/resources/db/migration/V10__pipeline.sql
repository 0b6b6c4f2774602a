-- per knowledge base chunk sizes, in the embedding model's own word pieces
alter table knowledge_bases add column chunk_max_tokens int not null default 120;
alter table knowledge_bases add column chunk_overlap_tokens int not null default 24;

-- durable work: the Kafka consumer records an item and acknowledges at once; workers claim items fairly across
-- tenants with leases, so a slow parse never holds a Kafka record and a killed instance's items are taken over
create table ingest_work (
    document_id uuid not null,
    version int not null,
    tenant_id uuid not null,
    payload text not null,
    state text not null default 'ready', -- ready | leased | done | dead
    attempts int not null default 0,
    not_before timestamptz not null default now(),
    lease_owner text,
    lease_until timestamptz,
    last_error text,
    claim_seq bigint,
    enqueued_at timestamptz not null default clock_timestamp(),
    finished_at timestamptz,
    primary key (document_id, version)
);
create index ingest_work_open on ingest_work (tenant_id, enqueued_at) where state in ('ready', 'leased');
create sequence ingest_claim_seq;

-- when each tenant was last given a worker: the least recently served tenant with work goes next
create table ingest_turns (
    tenant_id uuid primary key,
    last_served timestamptz not null
);

-- the queue is read across tenants only by workers, which say so with app.ingest_queue; a tenant sees its own rows
alter table ingest_work enable row level security;
alter table ingest_work force row level security;
create policy tenant_or_queue on ingest_work
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
           or current_setting('app.ingest_queue', true) = 'on');
alter table ingest_turns enable row level security;
alter table ingest_turns force row level security;
create policy tenant_or_queue on ingest_turns
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
           or current_setting('app.ingest_queue', true) = 'on');
