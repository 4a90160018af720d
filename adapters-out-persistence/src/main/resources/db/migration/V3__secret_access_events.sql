-- Every trip Gaara makes to its secrets backend (fetch, refresh, failure, detected rotation):
-- which secret, which version, how it was served, how long it took. Never a value.
CREATE TABLE secret_access_events (
    id            bigserial   PRIMARY KEY,
    occurred_at   timestamptz NOT NULL,
    kind          text        NOT NULL,
    name          text        NOT NULL,
    backend       text        NOT NULL,
    version_id    text,
    cache_outcome text,
    latency_ms    integer     NOT NULL,
    detail        text
);
CREATE INDEX secret_access_events_occurred_at ON secret_access_events (occurred_at);
CREATE INDEX secret_access_events_name ON secret_access_events (name, occurred_at);
