-- Each audit entry carries a MAC (HMAC-SHA256 of its hash, keyed from the key file):
-- the chain of SHA-256 hashes alone can be extended by anyone who can write to the
-- database, the MAC only by habeas holding the key (issue 12). Entries written before
-- this migration have none until the first open with the key adds them (see
-- store/upgrade.rs); audit verify then requires one on every entry.
-- Keep this file in step with migrations/sqlite/0008_audit_mac.sql.

ALTER TABLE audit_log ADD COLUMN mac TEXT;
