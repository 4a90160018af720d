-- When the owner proved control of the account's address (followed a link sent to it); NULL until then.
-- Accounts that existed before this column are unverified: with GAARA_REQUIRE_VERIFIED_EMAIL on, their
-- owners ask for a link (POST /email/verify/resend) the first time they sign in.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;

-- A deleted account's sessions stay as revoked tombstones (ids and times, the user id replaced by a
-- pseudonym, no client address or user agent), so that every instance, including one that reconnects
-- after missing the announcement, still refuses their tokens. They no longer point at a user row.
ALTER TABLE sessions DROP CONSTRAINT sessions_user_id_fkey;
