create table conversations (
    id uuid primary key,
    tenant_id uuid not null,
    user_id uuid not null,
    title text not null,
    knowledge_base_ids uuid[] not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index conversations_user on conversations (tenant_id, user_id, updated_at desc);

create table messages (
    id uuid primary key,
    tenant_id uuid not null,
    conversation_id uuid not null references conversations (id) on delete cascade,
    role text not null,
    content text not null,
    citations jsonb not null default '[]',
    finish_reason text,
    prompt_tokens int,
    completion_tokens int,
    created_at timestamptz not null default clock_timestamp()
);
create index messages_conversation on messages (tenant_id, conversation_id, created_at);

alter table conversations enable row level security;
alter table conversations force row level security;
create policy tenant_wall on conversations
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
alter table messages enable row level security;
alter table messages force row level security;
create policy tenant_wall on messages
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
