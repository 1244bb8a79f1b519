-- The history of one record (the staff audit view, and the "before" of an update) is
-- read by entity and id, newest first; without this index each read scans the log.
-- Keep this file in step with migrations/sqlite/0004_audit_by_record.sql.

CREATE INDEX audit_by_record ON audit_log (entity, entity_id, seq);
