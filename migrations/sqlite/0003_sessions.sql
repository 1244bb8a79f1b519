-- Staff sessions, kept in the database so a restart or a second server keeps them
-- valid. The cookie holds a random token; only its SHA-256 digest is stored here, with
-- the session's CSRF token and its idle and absolute deadlines (checked on each use).
-- Keep this file in step with migrations/postgres/0003_sessions.sql.

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    csrf        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    last_seen   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
