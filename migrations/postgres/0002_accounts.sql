-- Staff accounts and API tokens. Passwords are stored only as Argon2id PHC strings and
-- tokens only as SHA-256 digests: the database never holds a secret that logs in.
-- A disabled account keeps its row (the audit log names it) but cannot log in.
-- Keep this file in step with migrations/sqlite/0002_accounts.sql.

CREATE TABLE users (
    id                   BIGINT PRIMARY KEY,
    login                TEXT NOT NULL UNIQUE,
    role                 TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    disabled             BIGINT NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    password_changed_at  TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id           BIGINT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    role         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
