-- Campaigns (urgent actions). The campaign as staff wrote it is one JSON document
-- (`body`: people, summary, demands, targets, letter templates), checked whole by
-- `campaign::check` before it is written; title, status and deadline are columns for
-- lists. `campaign_letters` counts "I sent a letter" per campaign and day: a number,
-- nothing about who sent it.
-- Keep this file in step with migrations/postgres/0007_campaigns.sql.

CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    status      TEXT NOT NULL,
    deadline    TEXT,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE campaign_letters (
    campaign_id  INTEGER NOT NULL REFERENCES campaigns (id),
    day          TEXT NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, day)
);
