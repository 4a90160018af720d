-- Timestamps are timestamptz: microsecond precision, the same as the domain clock in tests.

CREATE TABLE users (
    id            uuid        PRIMARY KEY,
    -- the domain normalizes (trim, lower-case); the check keeps a hand-written insert from breaking uniqueness
    email         text        NOT NULL CONSTRAINT users_email_key UNIQUE CONSTRAINT users_email_normalized CHECK (email = lower(email)),
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
    id                  uuid        PRIMARY KEY,
    user_id             uuid        NOT NULL REFERENCES users (id),
    current_token_id    uuid        NOT NULL,
    generation          bigint      NOT NULL CHECK (generation >= 1),
    created_at          timestamptz NOT NULL,
    last_used_at        timestamptz NOT NULL,
    idle_expires_at     timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    revoked_at          timestamptz,
    revocation_reason   text,
    client_ip           text        NOT NULL,
    user_agent          text        NOT NULL,
    CONSTRAINT sessions_revocation_complete CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
);

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
-- the revocation listener resyncs from recently revoked sessions on every (re)connect
CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;

-- no foreign keys: the trail outlives the accounts and sessions it mentions
CREATE TABLE audit_events (
    id          bigserial   PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    type        text        NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('success', 'failure')),
    user_id     uuid,
    session_id  uuid,
    client_ip   text        NOT NULL,
    user_agent  text        NOT NULL,
    detail      text
);

CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at);
CREATE INDEX audit_events_user_id_idx ON audit_events (user_id);
