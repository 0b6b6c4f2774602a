-- Signing out and changing a password end the user's access tokens too, not only refresh tokens: the gateway refuses
-- a user token issued (iat) before this instant. Null: no token of the user has been ended.
alter table users add column tokens_valid_after timestamptz;
