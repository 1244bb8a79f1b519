//! Sealing follows the record (issue 12): every free-text value of a restricted
//! person, or of a restricted case, or of an event under either, is sealed, whatever
//! the field's own level. Rows are written that way by `write.rs`; this file writes
//! them again when a person's or a case's level crosses the restricted line, so the
//! cases and events under it are sealed (or opened) with it. Each rewritten row gets
//! an audit entry (`reseal`), so `audit verify` still finds every row as logged.

use sqlx::AssertSqlSafe;
use sqlx::Row;

use super::read::{
    CASES_SQL, CHARGES_SQL, SOURCES_SQL, case_from_row, charge_from_row, parse, source_from_row,
};
use super::write::{CASES, CHARGES, EVENTS, SOURCES, Writer};
use super::{Backend, Store, StoreError};
use crate::domain::{
    CaseId, DomainError, Event, EventKind, Level, NewCase, PersonId, Source, SourceId,
};

impl Writer<'_> {
    /// Writes again every case of `person` (and their events) for the person's new
    /// level.
    pub(super) async fn reseal_person(
        &mut self,
        person: PersonId,
        person_level: Level,
    ) -> Result<(), StoreError> {
        let rows = self
            .fetch_all(
                sqlx::query("SELECT id FROM cases WHERE person_id = $1 ORDER BY id").bind(person.0),
            )
            .await?;
        for row in rows {
            let id: i64 = row.try_get("id")?;
            let (data, events) = self.case_data(CaseId(id), person).await?;
            let (before, _, created_at) = self.before_edit("case", id).await?;
            let (row, charge_rows, after) =
                self.case_rows(id, person, &data, created_at, person_level)?;
            self.replace_row(CASES, &row).await?;
            self.execute(sqlx::query("DELETE FROM case_charges WHERE case_id = $1").bind(id))
                .await?;
            for r in charge_rows {
                self.push(CHARGES, r).await?;
            }
            self.audit("reseal", "case", id, Some(before), after)
                .await?;
            let outer = data.level.max(person_level);
            self.reseal(events, outer).await?;
            if outer == Level::Restricted {
                self.seal_history("case", id).await?;
            }
        }
        if person_level == Level::Restricted {
            self.seal_history("person", person.0).await?;
        }
        Ok(())
    }

    /// A stored case in its writable form (the arrest date from its arrest event),
    /// with its events; read inside the write, so no other writer changes it between.
    pub(super) async fn case_data(
        &mut self,
        id: CaseId,
        person: PersonId,
    ) -> Result<(NewCase, Vec<Event>), StoreError> {
        let row = self
            .fetch_optional(
                sqlx::query(AssertSqlSafe(format!("{CASES_SQL} WHERE id = $1"))).bind(id.0),
            )
            .await?
            .ok_or(StoreError::NotFound {
                entity: "case",
                id: id.0,
            })?;
        let charge_rows = self
            .fetch_all(
                sqlx::query(AssertSqlSafe(format!(
                    "{CHARGES_SQL} WHERE case_id = $1 ORDER BY position"
                )))
                .bind(id.0),
            )
            .await?;
        let charges = charge_rows
            .iter()
            .map(|r| charge_from_row(r, self.keys()))
            .collect::<Result<Vec<_>, _>>()?;
        let case = case_from_row(&row, charges, self.keys())?;
        let events = self.events_of(case.id).await?;
        let arrested = events
            .iter()
            .find(|e| e.data.kind == EventKind::Arrested)
            .map(|e| e.data.date)
            .ok_or_else(|| StoreError::Corrupt(format!("case {id} has no arrest")))?;
        let data = NewCase {
            person,
            country: case.country,
            arrested,
            place: case.place,
            arresting_body: case.arresting_body,
            charges: case.charges,
            court: case.court,
            facility: case.facility,
            assessment: case.assessment,
            level: case.level,
        };
        Ok((data, events))
    }

    /// Seals, as whole texts, the `before` and `after` of every audit entry about one
    /// record: written while the record was not restricted, they hold its values in
    /// clear. The chain's hashes are over the texts as written, so `audit verify`
    /// (with the key) opens them and the chain still holds.
    pub(super) async fn seal_history(
        &mut self,
        entity: &'static str,
        id: i64,
    ) -> Result<(), StoreError> {
        let rows = self
            .fetch_all(
                sqlx::query(
                    "SELECT seq, before, after FROM audit_log WHERE entity = $1 AND entity_id = $2",
                )
                .bind(entity)
                .bind(id),
            )
            .await?;
        let ring = self.keys().ring()?;
        let mut updates = Vec::new();
        for r in rows {
            let seq: i64 = r.try_get("seq")?;
            let sealed = |column: &str| -> Result<Option<String>, StoreError> {
                Ok(match r.try_get::<Option<String>, _>(column)? {
                    Some(t) if !crate::crypto::is_sealed(&t) => {
                        Some(ring.seal(&t, &crate::crypto::place("audit_log", seq, column))?)
                    }
                    other => other,
                })
            };
            updates.push((seq, sealed("before")?, sealed("after")?));
        }
        for (seq, before, after) in updates {
            self.execute(
                sqlx::query("UPDATE audit_log SET before = $1, after = $2 WHERE seq = $3")
                    .bind(before)
                    .bind(after)
                    .bind(seq),
            )
            .await?;
        }
        self.scrub_after_commit();
        Ok(())
    }

    /// The strictest effective level among the events citing a source (`Public` when
    /// none does): a source is never more public than what cites it.
    pub(super) async fn citing_level(&mut self, source: SourceId) -> Result<Level, StoreError> {
        let rows = self
            .fetch_all(
                sqlx::query(
                    "SELECT e.level AS e, c.level AS c, p.level AS p FROM event_sources es \
                     JOIN events e ON e.id = es.event_id JOIN cases c ON c.id = e.case_id \
                     JOIN people p ON p.id = c.person_id WHERE es.source_id = $1",
                )
                .bind(source.0),
            )
            .await?;
        let mut level = Level::Public;
        for r in rows {
            for column in ["e", "c", "p"] {
                level = level.max(parse(&r, column)?);
            }
        }
        Ok(level)
    }

    /// Raises sources to at least `level`, the level of an event that cites them: a
    /// source saved for a restricted event is restricted (and sealed), so a public event
    /// citing the same address later cannot publish its title (issue 12).
    pub(super) async fn raise_sources(
        &mut self,
        sources: &[SourceId],
        level: Level,
    ) -> Result<(), StoreError> {
        if level == Level::Public {
            return Ok(());
        }
        for id in sources {
            if self.known_source_level(*id).is_some_and(|l| l >= level) {
                continue;
            }
            let mut source = self.source_in_tx(*id).await?.data;
            if source.level >= level {
                self.note_source_level(*id, source.level);
                continue;
            }
            self.note_source_level(*id, level);
            source.level = level;
            let (before, _, created_at) = self.before_edit("source", id.0).await?;
            let (row, after) = self.source_rows(id.0, &source, created_at)?;
            self.replace_row(SOURCES, &row).await?;
            self.audit("reseal", "source", id.0, Some(before), after)
                .await?;
            if level == Level::Restricted {
                self.seal_history("source", id.0).await?;
            }
        }
        Ok(())
    }

    /// A source as stored, read inside the write.
    pub(super) async fn source_in_tx(&mut self, id: SourceId) -> Result<Source, StoreError> {
        let row = self
            .fetch_optional(
                sqlx::query(AssertSqlSafe(format!("{SOURCES_SQL} WHERE id = $1"))).bind(id.0),
            )
            .await?
            .ok_or(StoreError::NotFound {
                entity: "source",
                id: id.0,
            })?;
        source_from_row(&row, self.keys())
    }

    /// Refuses a source level more public than an event that cites it.
    pub(super) async fn check_source_level(
        &mut self,
        source: SourceId,
        level: Level,
    ) -> Result<(), StoreError> {
        let citing = self.citing_level(source).await?;
        if level < citing {
            return Err(DomainError::Invalid {
                field: "level",
                reason: format!(
                    "source {source} is cited by a record that is {citing}, so it cannot be {level}"
                ),
            }
            .into());
        }
        Ok(())
    }

    /// Writes again every event of `case` for the case's new outer level.
    pub(super) async fn reseal_events(
        &mut self,
        case: CaseId,
        outer: Level,
    ) -> Result<(), StoreError> {
        let events = self.events_of(case).await?;
        self.reseal(events, outer).await
    }

    /// Writes again `events` (read in this transaction) for their new outer level.
    async fn reseal(&mut self, events: Vec<Event>, outer: Level) -> Result<(), StoreError> {
        for event in events {
            let id = event.id.0;
            let (before, _, created_at) = self.before_edit("event", id).await?;
            let (row, after) = self.event_rows(id, &event.data, created_at, outer)?;
            self.replace_row(EVENTS, &row).await?;
            self.audit("reseal", "event", id, Some(before), after)
                .await?;
            self.raise_sources(&event.data.sources, event.data.level.max(outer))
                .await?;
            if outer == Level::Restricted {
                self.seal_history("event", id).await?;
            }
        }
        Ok(())
    }
}

impl Store {
    /// After a write that sealed values written in clear before: on SQLite, copies
    /// the write-ahead log into the main file and empties it, so the clear copies in
    /// its older frames are gone (freed space in the main file is zeroed by
    /// `secure_delete`). Best effort: a busy database keeps its log until later.
    pub(super) async fn scrub(&self) {
        if self.backend == Backend::Sqlite
            && let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await
        {
            tracing::warn!(error = %e, "could not empty the write-ahead log after sealing");
        }
    }
}
