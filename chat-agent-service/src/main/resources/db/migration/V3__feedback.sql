-- one rating per user per message, changed by posting again
create table message_feedback (
    tenant_id uuid not null,
    message_id uuid not null references messages (id) on delete cascade,
    user_id uuid not null,
    rating text not null check (rating in ('up', 'down')),
    comment text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, message_id, user_id)
);
alter table message_feedback enable row level security;
alter table message_feedback force row level security;
create policy tenant_wall on message_feedback
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- titles written automatically may be replaced by a better one after the first exchange; a user's never
alter table conversations add column title_auto boolean not null default false;
