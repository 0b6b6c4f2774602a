-- what each answer spent and under which gateway reservation
alter table messages add column model text;
alter table messages add column reservation_id text;

-- events commit with the state they announce, then a relay publishes them (EVENTS.md "Nothing accepted is lost")
create table outbox (
    id bigserial primary key,
    topic text not null,
    record_key text not null,
    payload text not null,
    created_at timestamptz not null default now()
);
