-- The token spent by the latest rotation, so that a client refreshing twice at once can be told
-- apart from a replay within the configured reuse grace (GAARA_REFRESH_REUSE_GRACE).
ALTER TABLE sessions ADD COLUMN previous_token_id uuid;
