-- The registry: people and their names, sources, detention cases with their charges,
-- dated events with their sources, and the audit chain. Ids are allocated by the store
-- inside its serialized write transaction, so both databases use plain integer keys.
-- Dates are TEXT: `date` keeps the precision as written (2024, 2024-03, 2024-03-01),
-- `date_from` its first day for range queries. Columns ending in _level hold
-- public | internal | restricted; restricted text is stored sealed (see src/crypto.rs).
-- Keep this file in step with migrations/sqlite/0001_registry.sql.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE people (
    id              BIGINT PRIMARY KEY,
    level           TEXT NOT NULL CHECK (level IN ('public', 'internal', 'restricted')),
    birth_year      BIGINT,
    gender          TEXT,
    country         TEXT,
    categories      TEXT NOT NULL,
    affiliations    TEXT NOT NULL,
    bio             TEXT,
    bio_level       TEXT NOT NULL,
    notes           TEXT,
    notes_level     TEXT NOT NULL,
    contacts        TEXT,
    contacts_level  TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

CREATE TABLE person_names (
    person_id  BIGINT NOT NULL REFERENCES people (id),
    position   BIGINT NOT NULL,
    name       TEXT NOT NULL,
    script     TEXT NOT NULL,
    lang       TEXT,
    kind       TEXT NOT NULL,
    level      TEXT NOT NULL,
    PRIMARY KEY (person_id, position)
);

CREATE TABLE sources (
    id           BIGINT PRIMARY KEY,
    url          TEXT UNIQUE,
    title        TEXT,
    publisher    TEXT,
    published    TEXT,
    retrieved    TEXT,
    language     TEXT,
    excerpt      TEXT,
    reliability  TEXT NOT NULL,
    level        TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE cases (
    id                    BIGINT PRIMARY KEY,
    person_id             BIGINT NOT NULL REFERENCES people (id),
    level                 TEXT NOT NULL,
    country               TEXT,
    place                 TEXT,
    arresting_body        TEXT,
    court                 TEXT,
    facility              TEXT,
    assessment_criteria   TEXT,
    assessment_reasoning  TEXT,
    assessment_assessor   TEXT,
    assessment_date       TEXT,
    assessment_level      TEXT,
    created_at            TEXT NOT NULL
);
CREATE INDEX cases_person ON cases (person_id);

CREATE TABLE case_charges (
    case_id   BIGINT NOT NULL REFERENCES cases (id),
    position  BIGINT NOT NULL,
    article   TEXT NOT NULL,
    text      TEXT,
    PRIMARY KEY (case_id, position)
);

CREATE TABLE events (
    id               BIGINT PRIMARY KEY,
    case_id          BIGINT NOT NULL REFERENCES cases (id),
    kind             TEXT NOT NULL,
    date             TEXT NOT NULL,
    date_from        TEXT NOT NULL,
    sentence_months  BIGINT,
    release_reason   TEXT,
    facility         TEXT,
    next_hearing     TEXT,
    details          TEXT,
    level            TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX events_case ON events (case_id);

CREATE TABLE event_sources (
    event_id   BIGINT NOT NULL REFERENCES events (id),
    source_id  BIGINT NOT NULL REFERENCES sources (id),
    PRIMARY KEY (event_id, source_id)
);

-- The chain: hash = SHA-256(prev_hash || "\n" || canonical entry); see src/audit.
CREATE TABLE audit_log (
    seq        BIGINT PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  BIGINT NOT NULL,
    before     TEXT,
    after      TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);

-- One row: the last entry's number and hash. Every write transaction updates it first,
-- which serializes writers on both databases and makes the chain a line, not a tree.
CREATE TABLE audit_head (
    id    BIGINT PRIMARY KEY CHECK (id = 1),
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
