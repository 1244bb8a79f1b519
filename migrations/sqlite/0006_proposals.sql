-- Ingest: articles read and the registry updates proposed from them. An article is
-- stored once (by the digest of its main text) with its source; each finding is a
-- proposal linked to the article and to its best registry candidate. Nothing in the
-- registry changes until a reviewer accepts a proposal (then `event_id` is the event
-- it created) or rejects it with a reason.
-- Keep this file in step with migrations/postgres/0006_proposals.sql.

CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    source_id      INTEGER NOT NULL REFERENCES sources (id),
    origin         TEXT NOT NULL,
    digest         TEXT NOT NULL UNIQUE,
    text           TEXT NOT NULL,
    country        TEXT,
    organisations  TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE TABLE proposals (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id),
    finding      TEXT NOT NULL,
    person_id    INTEGER REFERENCES people (id),
    score        TEXT,
    decision     TEXT,
    state        TEXT NOT NULL,
    reason       TEXT,
    reviewed_by  TEXT,
    reviewed_at  TEXT,
    event_id     INTEGER,
    created_at   TEXT NOT NULL
);
CREATE INDEX proposals_by_state ON proposals (state, id);
