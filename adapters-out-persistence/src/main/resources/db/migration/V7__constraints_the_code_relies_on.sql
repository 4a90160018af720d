-- Values the code maps to enums, stated where a hand-made row meets them: an UPDATE typed in psql
-- with a revocation reason or a purpose the code does not know fails there, naming the constraint,
-- instead of turning every later read of the row into a server error.

ALTER TABLE sessions
    ADD CONSTRAINT sessions_revocation_reason_known CHECK (revocation_reason IN (
        'logout', 'logout_all', 'ended_by_user', 'refresh_token_reuse',
        'password_changed', 'password_reset', 'account_deleted'));

ALTER TABLE one_time_tokens
    ADD CONSTRAINT one_time_tokens_purpose_known CHECK (purpose IN ('password_reset', 'verify_email', 'email_change')),
    ADD CONSTRAINT one_time_tokens_spent_or_revoked CHECK (spent_at IS NULL OR revoked_at IS NULL);
