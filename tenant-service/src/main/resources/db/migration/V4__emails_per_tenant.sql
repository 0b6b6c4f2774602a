-- An email address names one account per tenant: the same person may belong to several tenants, and neither
-- sign-up nor an admin creating a user can tell whether an address is registered in another tenant (that answer
-- used to be a 409). Password sign-in picks the account whose password matches.
alter table users drop constraint users_email_key;
alter table users add constraint users_tenant_email unique (tenant_id, email);
create index users_email on users (email, created_at);
