-- Email waiting to be sent: the transactional outbox. A message is written in the transaction of
-- what it tells (the reset token it carries), and workers on every instance claim due rows with
-- FOR UPDATE SKIP LOCKED and a lease, so no message is lost to a crash and none is claimed twice
-- while its lease runs. Template names are not constrained here: an instance claims only the
-- templates it knows, so a newer instance's message waits for a newer instance during a rollout.
CREATE TABLE email_outbox (
    id              bigserial   PRIMARY KEY,
    recipient       text        NOT NULL,
    template        text        NOT NULL,
    -- the template's values, which may hold a one-time token: erased once the message is finished
    params          jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    -- claims so far, counted when a worker takes the message (a worker that died while sending counts)
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    -- while in the future, the worker that claimed the message holds it
    lease_until     timestamptz,
    -- why the last attempt failed: the provider's status and reason, never a body or a token
    last_error      text        CHECK (length(last_error) <= 300),
    enqueued_at     timestamptz NOT NULL,
    sent_at         timestamptz,
    failed_at       timestamptz,
    CONSTRAINT email_outbox_sent_at CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    CONSTRAINT email_outbox_failed_at CHECK ((status = 'failed') = (failed_at IS NOT NULL)),
    CONSTRAINT email_outbox_finished_erased CHECK (status = 'pending' OR params = '{}'::jsonb)
);

-- what a claim reads: only pending rows, in due order
CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at, id) WHERE status = 'pending';
-- what the retention sweep reads: finished rows by the time they finished
CREATE INDEX email_outbox_finished_idx ON email_outbox ((COALESCE(sent_at, failed_at))) WHERE status <> 'pending';

-- One-time tokens proving control of an address (a password reset, an address to verify, a new
-- address to confirm), kept only as SHA-256 hashes. At most one live (unspent, unrevoked) token per
-- user and purpose: a new one replaces the live one in the same statement, so a race between two
-- requests leaves exactly one usable. Rows are deleted once expired; the user's deletion takes them.
CREATE TABLE one_time_tokens (
    token_hash bytea       PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text        NOT NULL,
    -- what the token confirms beyond the user (the new address of an email change)
    payload    text,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    spent_at   timestamptz,
    revoked_at timestamptz
);

-- the user's tokens, for the cascade of the user's deletion
CREATE INDEX one_time_tokens_user_purpose_idx ON one_time_tokens (user_id, purpose);
-- the live token of each user and purpose: a new token's upsert and revokeAll read it
CREATE UNIQUE INDEX one_time_tokens_live_key ON one_time_tokens (user_id, purpose)
    WHERE spent_at IS NULL AND revoked_at IS NULL;
CREATE INDEX one_time_tokens_expires_at_idx ON one_time_tokens (expires_at);
