-- The security log: failed token uses (forged or garbage access tokens, refresh tokens failing
-- verification at refresh or logout, genuine ones naming no session, attempts to end another
-- user's session) counted per minute, client address and kind. Each instance counts in memory and
-- adds its counts here every few seconds with INSERT ... ON CONFLICT DO UPDATE SET count = count +
-- excluded.count, so the instances' counts add up and a flood of forged tokens from one address is
-- one row per minute and kind, never a row per request. No token, nor any part of one, is stored.
--
-- client_ip is the address the server attributes the request to (the peer, or what a trusted proxy
-- forwarded), or '*' for the addresses past an instance's bound on distinct addresses in memory.
CREATE TABLE failed_token_use (
    minute     timestamptz NOT NULL,
    client_ip  text        NOT NULL CHECK (length(client_ip) BETWEEN 1 AND 64),
    kind       text        NOT NULL CHECK (kind IN (
                   'access_token_invalid', 'refresh_token_invalid', 'refresh_token_unknown',
                   'logout_token_invalid', 'logout_token_unknown', 'foreign_session_end')),
    count      bigint      NOT NULL CHECK (count >= 1),
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    PRIMARY KEY (minute, kind, client_ip),
    CONSTRAINT failed_token_use_seen_within_minute CHECK (
        first_seen >= minute AND last_seen >= first_seen AND last_seen < minute + interval '1 minute')
);

-- "what did this address do?" without scanning every minute
CREATE INDEX failed_token_use_by_ip ON failed_token_use (client_ip, minute);
