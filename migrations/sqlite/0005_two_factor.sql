-- Two-factor authentication. The TOTP secret is sealed with the key file (like
-- restricted fields, bound to its row), and `last_step` is the last 30-second step
-- accepted, so each code logs in once. Recovery codes are stored as SHA-256 digests of
-- 80 random bits and spent by setting `used_at`. Which roles must use a second factor
-- is a row per role; admins must by default.
-- Keep this file in step with migrations/postgres/0005_two_factor.sql.

CREATE TABLE two_factor (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id),
    secret       TEXT NOT NULL,
    last_step    INTEGER NOT NULL,
    enrolled_at  TEXT NOT NULL
);

CREATE TABLE recovery_codes (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    code_hash  TEXT NOT NULL,
    used_at    TEXT,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE two_factor_policy (
    role      TEXT PRIMARY KEY,
    required  INTEGER NOT NULL
);
INSERT INTO two_factor_policy (role, required)
VALUES ('admin', 1), ('editor', 0), ('reviewer', 0), ('campaigner', 0), ('viewer', 0);
