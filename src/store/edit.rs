//! Corrections: rewriting a case, an event or a source in place, keeping its id, its
//! creation time and everything attached to it. Each is one audited transaction whose
//! entry holds the record before and after, like `update_person` (in `write.rs`).
//!
//! An edited event is checked against the rest of its case's timeline, and when its
//! date or kind changes, every other event is checked again against the new timeline,
//! so a correction cannot leave a case that contradicts itself. Its sources are
//! added to those it had, never removed. Without the key, a
//! record holding sealed values is not rewritten: the form could not have shown them.

use serde_json::Value;

use super::write::{CASES, CHARGES, EVENT_SOURCES, EVENTS, SOURCES, Stamp, Writer, holds_sealed};
use super::{Store, StoreError};
use crate::domain::{
    CaseId, DomainError, Event, EventId, EventKind, Level, NewCase, NewEvent, NewSource, PersonId,
    SourceId, check_timeline,
};

impl Writer<'_> {
    /// The record's last `after` (its stored form), parsed, and its creation time;
    /// refuses when it holds sealed values and the key is not loaded.
    pub(super) async fn before_edit(
        &mut self,
        entity: &'static str,
        id: i64,
    ) -> Result<(String, Value, String), StoreError> {
        let before = self.last_after(entity, id).await?;
        if let Err(e) = self.keys().ring()
            && holds_sealed(&before)
        {
            return Err(StoreError::Crypto(e.clone()));
        }
        let parsed: Value = serde_json::from_str(&before)
            .map_err(|e| StoreError::Corrupt(format!("{entity} {id}: {e}")))?;
        let created_at = parsed[entity]["created_at"]
            .as_str()
            .map(String::from)
            .ok_or_else(|| StoreError::Corrupt(format!("{entity} {id} has no creation time")))?;
        Ok((before, parsed, created_at))
    }

    pub(super) async fn update_case(&mut self, id: CaseId, c: &NewCase) -> Result<(), StoreError> {
        let (before, parsed, created_at) = self.before_edit("case", id.0).await?;
        let person = parsed["case"]["person_id"]
            .as_i64()
            .map(PersonId)
            .ok_or_else(|| StoreError::Corrupt(format!("case {id} has no person")))?;
        // The arrest date lives on the arrest event: a new one is an edit of it.
        let events = self.events_of(id).await?;
        if let Some(arrest) = events.iter().find(|e| e.data.kind == EventKind::Arrested)
            && arrest.data.date != c.arrested
        {
            let mut moved = arrest.data.clone();
            moved.date = c.arrested;
            self.update_event(arrest.id, &moved).await?;
        }
        let person_level = self.person_level(person).await?;
        let was = self.outer_level(id).await?;
        let (row, charge_rows, after) =
            self.case_rows(id.0, person, c, created_at, person_level)?;
        if before == after {
            return Ok(());
        }
        self.replace_row(CASES, &row).await?;
        self.execute(sqlx::query("DELETE FROM case_charges WHERE case_id = $1").bind(id.0))
            .await?;
        for r in charge_rows {
            self.push(CHARGES, r).await?;
        }
        self.audit(self.edit_action(), "case", id.0, Some(before), after)
            .await?;
        let now = c.level.max(person_level);
        if (was == Level::Restricted) != (now == Level::Restricted) {
            self.reseal_events(id, now).await?;
            if now == Level::Restricted {
                self.seal_history("case", id.0).await?;
            }
        }
        Ok(())
    }

    pub(super) async fn update_event(
        &mut self,
        id: EventId,
        e: &NewEvent,
    ) -> Result<(), StoreError> {
        let (before, parsed, created_at) = self.before_edit("event", id.0).await?;
        let case = parsed["event"]["case_id"]
            .as_i64()
            .map(CaseId)
            .ok_or_else(|| StoreError::Corrupt(format!("event {id} has no case")))?;
        let mut edited = e.clone();
        edited.case = case;
        edited.validate(self.stamp().today)?;
        let all = self.events_of(case).await?;
        let Some(old) = all.iter().find(|x| x.id == id).cloned() else {
            return Err(StoreError::NotFound {
                entity: "event",
                id: id.0,
            });
        };
        // A correction adds sources; the ones the event already rests on stay linked.
        edited.sources.extend(old.data.sources.iter().copied());
        edited.sources.sort();
        edited.sources.dedup();
        if (old.data.kind == EventKind::Arrested) != (edited.kind == EventKind::Arrested) {
            return Err(DomainError::Invalid {
                field: "kind",
                reason: "the arrest opens its case and stays an arrest; correct its date, or record a new case".into(),
            }
            .into());
        }
        let others: Vec<Event> = all.iter().filter(|x| x.id != id).cloned().collect();
        check_timeline(&others, &edited).map_err(DomainError::from)?;
        if old.data.date != edited.date || old.data.kind != edited.kind {
            let mut timeline = others.clone();
            timeline.push(Event {
                id,
                data: edited.clone(),
            });
            for o in &others {
                let rest: Vec<Event> = timeline.iter().filter(|x| x.id != o.id).cloned().collect();
                check_timeline(&rest, &o.data).map_err(|t| {
                    DomainError::Timeline(crate::domain::TimelineError(format!(
                        "with this change, event {} no longer fits: {t}",
                        o.id
                    )))
                })?;
            }
        }
        self.check_sources(&edited.sources).await?;
        let outer = self.outer_level(case).await?;
        let (row, after) = self.event_rows(id.0, &edited, created_at, outer)?;
        if before == after {
            return Ok(());
        }
        self.replace_row(EVENTS, &row).await?;
        self.execute(sqlx::query("DELETE FROM event_sources WHERE event_id = $1").bind(id.0))
            .await?;
        for s in &edited.sources {
            self.push(
                EVENT_SOURCES,
                vec![super::batch::Val::int(id.0), super::batch::Val::int(s.0)],
            )
            .await?;
        }
        self.audit(self.edit_action(), "event", id.0, Some(before), after)
            .await?;
        self.raise_sources(&edited.sources, edited.level.max(outer))
            .await?;
        if old.data.level.max(outer) < Level::Restricted
            && edited.level.max(outer) == Level::Restricted
        {
            self.seal_history("event", id.0).await?;
        }
        Ok(())
    }

    pub(super) async fn update_source(
        &mut self,
        id: SourceId,
        s: &NewSource,
    ) -> Result<(), StoreError> {
        let (before, parsed, created_at) = self.before_edit("source", id.0).await?;
        if let Some(url) = &s.url {
            let taken = self
                .fetch_optional(
                    sqlx::query("SELECT id FROM sources WHERE url = $1 AND id <> $2")
                        .bind(url.clone())
                        .bind(id.0),
                )
                .await?;
            if taken.is_some() {
                return Err(DomainError::Invalid {
                    field: "source",
                    reason: format!("another source already has the address {url}"),
                }
                .into());
            }
        }
        self.check_source_level(id, s.level).await?;
        let was_restricted = parsed["source"]["level"] == "restricted";
        let (row, after) = self.source_rows(id.0, s, created_at)?;
        if before == after {
            return Ok(());
        }
        self.replace_row(SOURCES, &row).await?;
        self.audit(self.edit_action(), "source", id.0, Some(before), after)
            .await?;
        if !was_restricted && s.level == Level::Restricted {
            self.seal_history("source", id.0).await?;
        }
        Ok(())
    }
}

impl Store {
    /// Rewrites a case's fields and charges; a new arrest date moves its arrest event
    /// (checked against the timeline). The person it belongs to does not change.
    pub async fn update_case(
        &self,
        stamp: &Stamp,
        id: CaseId,
        c: &NewCase,
    ) -> Result<(), StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        w.update_case(id, c).await?;
        w.commit_and_scrub(self).await
    }

    /// Rewrites an event (its case does not change), with sources given by address
    /// found or created, if the case's timeline still holds.
    pub async fn update_event(
        &self,
        stamp: &Stamp,
        id: EventId,
        e: &NewEvent,
        source_urls: &[NewSource],
    ) -> Result<(), StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        let mut e = e.clone();
        for s in source_urls {
            let sid = w.source(s).await?;
            e.sources.push(sid);
        }
        w.update_event(id, &e).await?;
        w.commit_and_scrub(self).await
    }

    pub async fn update_source(
        &self,
        stamp: &Stamp,
        id: SourceId,
        s: &NewSource,
    ) -> Result<(), StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        w.update_source(id, s).await?;
        w.commit_and_scrub(self).await
    }
}
