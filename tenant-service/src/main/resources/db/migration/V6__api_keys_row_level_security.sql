-- API keys move to Hibernate Reactive (issue 17), and row-level security becomes their second wall too, as for the
-- usage and audit tables: a transaction sees the keys of the tenant it is set to. The one lookup that comes before any
-- tenant is known, exchanging a key for a token, sets app.api_key_hash to the hash of the secret it was handed and so
-- sees only that key: holding the secret is what entitles it to the row.
alter table api_keys enable row level security;
alter table api_keys force row level security;
create policy tenant_wall on api_keys
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
           or secret_hash = nullif(current_setting('app.api_key_hash', true), ''));
