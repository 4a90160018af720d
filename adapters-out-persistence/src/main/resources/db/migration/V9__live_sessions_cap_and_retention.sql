-- Sessions per user: a cap on live sessions (a login beyond it ends the oldest, reason 'session_limit'), a keyset-
-- paginated list, and purges of what is past its retention (docs/OPERATIONS.md, "Retention").

ALTER TABLE sessions DROP CONSTRAINT sessions_revocation_reason_known;
ALTER TABLE sessions
    ADD CONSTRAINT sessions_revocation_reason_known CHECK (revocation_reason IN (
        'logout', 'logout_all', 'ended_by_user', 'refresh_token_reuse',
        'password_changed', 'password_reset', 'account_deleted', 'session_limit'));

-- A user's live sessions, in the order they are listed and capped (newest first, the id breaking ties): the list, its
-- next page and the cap's count read only live rows, however long the user's history of ended sessions. Rows leave the
-- index when revoked; an expired, unrevoked row stays in it until the purge deletes it. The columns never change on a
-- refresh, so a refresh's UPDATE stays eligible for a heap-only (HOT) update.
CREATE INDEX sessions_live_by_user_idx ON sessions (user_id, created_at, id) WHERE revoked_at IS NULL;

-- The purge of sessions that expired without being revoked: idle_expires_at < cutoff implies created_at < cutoff, so
-- the purge walks unrevoked rows by creation. Not an index on idle_expires_at, which every refresh moves (it would cost
-- every refresh a heap-only update). Revoked rows are found through sessions_revoked_at_idx (V1); audit and
-- secret-access rows through their occurred_at indexes (V1, V3).
CREATE INDEX sessions_unrevoked_created_at_idx ON sessions (created_at) WHERE revoked_at IS NULL;
