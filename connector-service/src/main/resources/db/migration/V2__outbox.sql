-- events commit with the state they announce, then platform's outbox relay publishes them (docs/EVENTS.md)
create table outbox (
    id bigserial primary key,
    topic text not null,
    record_key text not null,
    payload text not null,
    created_at timestamptz not null default now()
);
