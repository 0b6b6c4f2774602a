-- a user pins conversations to the top of their list; the list reads pinned first, then the most recently active
alter table conversations add column pinned boolean not null default false;
drop index conversations_user;
create index conversations_user on conversations (tenant_id, user_id, pinned desc, updated_at desc);
