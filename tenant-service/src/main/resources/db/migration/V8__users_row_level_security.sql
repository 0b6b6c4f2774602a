-- Users move to Hibernate Reactive (issue 17), and row-level security becomes their second wall too, as for API keys:
-- a transaction sees the users of the tenant it is set to. Three lookups come before any tenant is known, and each
-- sees only the rows of what it was handed: a password sign-in the accounts of one address (app.user_email), an
-- invitation's acceptance the user of that invitation's token hash (app.invitation_hash), an OIDC exchange the user of
-- the verified external subject (app.external_subject). A transaction with none of the settings sees no user.
-- Foreign-key checks and cascades (api_keys, refresh_tokens) are not subject to the policy.
alter table users enable row level security;
alter table users force row level security;
create policy tenant_wall on users
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
           or email = nullif(current_setting('app.user_email', true), '')
           or invitation_hash = nullif(current_setting('app.invitation_hash', true), '')
           or external_subject = nullif(current_setting('app.external_subject', true), ''));
