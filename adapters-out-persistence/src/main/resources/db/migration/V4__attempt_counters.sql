-- Failed logins and registrations counted per key (an account's email digest with or without the
-- source address, a source address), shared by every instance: what lets any instance refuse an
-- attempt that another instance counted. Rows are short-lived (GAARA_LOGIN_THROTTLE_FORGET_AFTER,
-- GAARA_REGISTER_LIMIT_WINDOW) and swept once expires_at has passed.
--
-- No index besides the key: a failed login updates its rows in place (a HOT update, which an index on
-- blocked_until or expires_at would prevent), and the free space left in each page by the fill factor
-- is what keeps those updates HOT. The sweep scans the table, which holds only live keys.
CREATE TABLE attempt_counters (
    key           text        PRIMARY KEY,
    attempts      integer     NOT NULL CHECK (attempts >= 1),
    blocked_until timestamptz,
    expires_at    timestamptz NOT NULL
) WITH (fillfactor = 70);
