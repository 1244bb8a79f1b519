//! Publishing: a record reaches the public list, the public API and the exports only
//! when a person says so (issue 14). Records read from an article, a file or an
//! import come in at the level their source had; publishing rewrites the record's
//! own level to public through the same writer as any correction, so the timeline
//! and source rules still apply, and each rewritten record gets an audit entry whose
//! action is `publish`. Fields with their own level (internal notes, restricted
//! contacts) keep it: publishing a record never publishes them.

use serde::Serialize;
use sqlx::Row;

use super::write::{Stamp, Writer};
use super::{Store, StoreError};
use crate::domain::{CaseId, EventId, Level, PersonId, SourceId};

/// The record to publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    /// The person only, or (`with_records`) with every case, event and cited source.
    Person {
        id: PersonId,
        with_records: bool,
    },
    /// The case only, or (`with_records`) with its events and their sources.
    Case {
        id: CaseId,
        with_records: bool,
    },
    Event(EventId),
    Source(SourceId),
}

/// What publishing changed, record by record ("person 3", "event 7"), what was
/// public already, and what it left as it was, with why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Published {
    pub changed: Vec<String>,
    pub already_public: Vec<String>,
    pub left: Vec<String>,
}

impl Writer<'_> {
    async fn publish_person(
        &mut self,
        id: PersonId,
        done: &mut Published,
    ) -> Result<(), StoreError> {
        let person = self.person_in_tx(id).await?;
        let label = format!("person {id}");
        if person.data.level == Level::Public {
            done.already_public.push(label);
            return Ok(());
        }
        let mut data = person.data;
        data.level = Level::Public;
        self.update_person(id, &data).await?;
        done.changed.push(label);
        Ok(())
    }

    async fn publish_case(
        &mut self,
        id: CaseId,
        with_events: bool,
        done: &mut Published,
    ) -> Result<(), StoreError> {
        let person = self
            .fetch_optional(sqlx::query("SELECT person_id FROM cases WHERE id = $1").bind(id.0))
            .await?
            .ok_or(StoreError::NotFound {
                entity: "case",
                id: id.0,
            })?
            .try_get::<i64, _>("person_id")?;
        let (mut data, events) = self.case_data(id, PersonId(person)).await?;
        let label = format!("case {id}");
        if data.level == Level::Public {
            done.already_public.push(label);
        } else {
            data.level = Level::Public;
            self.update_case(id, &data).await?;
            done.changed.push(label);
        }
        if with_events {
            let mut sources = Vec::new();
            for e in events {
                sources.extend(e.data.sources.iter().copied());
                self.publish_event(e.id, done).await?;
            }
            sources.sort();
            sources.dedup();
            // A source stays as protected as the most protected record citing it.
            for s in sources {
                let citing = self.citing_level(s).await?;
                if citing == Level::Public {
                    self.publish_source(s, done).await?;
                } else {
                    done.left.push(format!(
                        "source {s} (also cited by a record that is {citing})"
                    ));
                }
            }
        }
        Ok(())
    }

    async fn publish_event(&mut self, id: EventId, done: &mut Published) -> Result<(), StoreError> {
        let case = self
            .fetch_optional(sqlx::query("SELECT case_id FROM events WHERE id = $1").bind(id.0))
            .await?
            .ok_or(StoreError::NotFound {
                entity: "event",
                id: id.0,
            })?
            .try_get::<i64, _>("case_id")?;
        let events = self.events_of(CaseId(case)).await?;
        let Some(event) = events.into_iter().find(|e| e.id == id) else {
            return Err(StoreError::NotFound {
                entity: "event",
                id: id.0,
            });
        };
        let label = format!("event {id}");
        if event.data.level == Level::Public {
            done.already_public.push(label);
            return Ok(());
        }
        let mut data = event.data;
        data.level = Level::Public;
        self.update_event(id, &data).await?;
        done.changed.push(label);
        Ok(())
    }

    async fn publish_source(
        &mut self,
        id: SourceId,
        done: &mut Published,
    ) -> Result<(), StoreError> {
        let label = format!("source {id}");
        if done.changed.contains(&label) || done.already_public.contains(&label) {
            return Ok(());
        }
        let source = self.source_in_tx(id).await?;
        if source.data.level == Level::Public {
            done.already_public.push(label);
            return Ok(());
        }
        let mut data = source.data;
        data.level = Level::Public;
        self.update_source(id, &data).await?;
        done.changed.push(label);
        Ok(())
    }
}

impl Store {
    /// Makes a record public, in one audited transaction (action `publish`); a
    /// record already public is left as it is. Refused, changing nothing, when the
    /// record holds sealed values and the key is not loaded, or when a rule of the
    /// registry would break.
    pub async fn publish(&self, stamp: &Stamp, what: Publish) -> Result<Published, StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        w.set_edit_action("publish");
        let mut done = Published::default();
        match what {
            Publish::Person { id, with_records } => {
                w.publish_person(id, &mut done).await?;
                if with_records {
                    let cases = w
                        .fetch_all(
                            sqlx::query("SELECT id FROM cases WHERE person_id = $1 ORDER BY id")
                                .bind(id.0),
                        )
                        .await?;
                    for c in cases {
                        let case = CaseId(c.try_get("id")?);
                        w.publish_case(case, true, &mut done).await?;
                    }
                }
            }
            Publish::Case { id, with_records } => {
                w.publish_case(id, with_records, &mut done).await?
            }
            Publish::Event(id) => w.publish_event(id, &mut done).await?,
            Publish::Source(id) => w.publish_source(id, &mut done).await?,
        }
        w.commit_and_scrub(self).await?;
        Ok(done)
    }
}
