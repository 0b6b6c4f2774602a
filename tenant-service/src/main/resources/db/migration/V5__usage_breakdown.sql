-- tokens per user per UTC day, fed by usage.recorded (its userId); events from before this table count nowhere here
create table usage_by_user (
    tenant_id uuid not null,
    user_id uuid not null,
    day date not null,
    answers bigint not null default 0,
    prompt_tokens bigint not null default 0,
    completion_tokens bigint not null default 0,
    primary key (tenant_id, user_id, day)
);
alter table usage_by_user enable row level security;
alter table usage_by_user force row level security;
create policy tenant_wall on usage_by_user
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
