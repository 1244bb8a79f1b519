//! Write transactions: every change and its audit entries commit together or not at all.
//!
//! A [`Writer`] starts by updating the single `audit_head` row, which takes the write
//! lock on both databases; from then on this transaction is the only writer, so ids
//! are allocated as `MAX(id) + 1` and the chain cannot fork. Rows are buffered per
//! table (see `batch.rs`) and flushed parents first.

use std::collections::{HashMap, HashSet};

use serde_json::json;
use sqlx::AssertSqlSafe;
use sqlx::{Any, Row};

use super::batch::{Table, Val, array, insert, object, refuse_nul, refuse_nul_in, row_json};
use super::read::parse;
use super::{Backend, Keys, Store, StoreError};
use crate::audit::entry_hash;
use crate::crypto::place;
use crate::domain::{
    Case, CaseId, Date, DomainError, Event, EventId, EventKind, Level, Leveled, NewCase, NewEvent,
    NewPerson, NewSource, PersonId, SourceId, check_timeline,
};

/// Who writes, and when: the clock is read by the caller, never here.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub actor: String,
    /// RFC 3339, UTC.
    pub at: String,
    /// Events dated after this day are refused.
    pub today: Date,
}

/// A person with their cases, events and sources, for bulk loads (demo, import).
#[derive(Debug, Clone)]
pub struct Dossier {
    pub person: NewPerson,
    pub cases: Vec<DossierCase>,
}

#[derive(Debug, Clone)]
pub struct DossierCase {
    /// `person` is ignored: the case belongs to its dossier's person.
    pub case: NewCase,
    /// Events after the arrest, in any order; `case` in each is ignored.
    pub events: Vec<DossierEvent>,
}

#[derive(Debug, Clone)]
pub struct DossierEvent {
    pub event: NewEvent,
    pub sources: Vec<NewSource>,
}

pub(super) const PEOPLE: Table = Table {
    name: "people",
    columns: &[
        "id",
        "level",
        "birth_year",
        "gender",
        "country",
        "categories",
        "affiliations",
        "bio",
        "bio_level",
        "notes",
        "notes_level",
        "contacts",
        "contacts_level",
        "created_at",
    ],
    ints: &["id", "birth_year"],
};
pub(super) const NAMES: Table = Table {
    name: "person_names",
    columns: &[
        "person_id",
        "position",
        "name",
        "script",
        "lang",
        "kind",
        "level",
    ],
    ints: &["person_id", "position"],
};
pub(super) const SOURCES: Table = Table {
    name: "sources",
    columns: &[
        "id",
        "url",
        "title",
        "publisher",
        "published",
        "retrieved",
        "language",
        "excerpt",
        "reliability",
        "level",
        "created_at",
    ],
    ints: &["id"],
};
pub(super) const CASES: Table = Table {
    name: "cases",
    columns: &[
        "id",
        "person_id",
        "level",
        "country",
        "place",
        "arresting_body",
        "court",
        "facility",
        "assessment_criteria",
        "assessment_reasoning",
        "assessment_assessor",
        "assessment_date",
        "assessment_level",
        "created_at",
    ],
    ints: &["id", "person_id"],
};
pub(super) const CHARGES: Table = Table {
    name: "case_charges",
    columns: &["case_id", "position", "article", "text"],
    ints: &["case_id", "position"],
};
pub(super) const EVENTS: Table = Table {
    name: "events",
    columns: &[
        "id",
        "case_id",
        "kind",
        "date",
        "date_from",
        "sentence_months",
        "release_reason",
        "facility",
        "next_hearing",
        "details",
        "level",
        "created_at",
    ],
    ints: &["id", "case_id", "sentence_months"],
};
pub(super) const EVENT_SOURCES: Table = Table {
    name: "event_sources",
    columns: &["event_id", "source_id"],
    ints: &["event_id", "source_id"],
};
const AUDIT: Table = Table {
    name: "audit_log",
    columns: &[
        "seq",
        "at",
        "actor",
        "action",
        "entity",
        "entity_id",
        "before",
        "after",
        "prev_hash",
        "hash",
        "mac",
    ],
    ints: &["seq", "entity_id"],
};

/// Parents before children: the order rows are flushed in.
const FLUSH_ORDER: [Table; 10] = [
    PEOPLE,
    NAMES,
    SOURCES,
    CASES,
    CHARGES,
    EVENTS,
    EVENT_SOURCES,
    super::accounts::USERS,
    super::accounts::TOKENS,
    AUDIT,
];

/// Rows buffered before a flush; bounds memory during bulk loads.
const FLUSH_AT: usize = 20_000;

type Tx = super::tx::WriteTx;

/// A record's row, its child rows (names, charges), and the audit `after` they make.
type RecordRows = (Vec<Val>, Vec<Vec<Val>>, String);

/// The transaction, or the background task writing a batch of rows into it. A bulk
/// load keeps building rows while the previous batch is written, so the database and
/// habeas work at the same time; anything that needs the transaction waits for it.
enum Slot {
    Ready(Tx),
    Busy(tokio::task::JoinHandle<Result<Tx, sqlx::Error>>),
    /// A background write failed; the transaction was rolled back.
    Lost,
}

pub(super) struct Writer<'s> {
    slot: Slot,
    backend: Backend,
    keys: &'s Keys,
    stamp: &'s Stamp,
    head_seq: i64,
    head_hash: String,
    next_ids: HashMap<&'static str, i64>,
    pending: [Vec<Vec<Val>>; 10],
    buffered: usize,
    /// Sources by address: those seen in this transaction, or all of them once a bulk
    /// load asked (one query instead of one per source).
    source_ids: HashMap<String, SourceId>,
    all_sources_loaded: bool,
    /// Ids known to exist: created in this transaction or checked already.
    known_sources: HashSet<i64>,
    /// Levels of sources created or loaded in this transaction, so citing them needs
    /// no query when they are strict enough already.
    source_levels: HashMap<i64, Level>,
    /// Values written in clear before were sealed: scrub old copies after commit.
    scrub: bool,
    /// The audit action of rewrites: "update", or "publish" when that is the act.
    edit_action: &'static str,
    /// The key of entries' MACs, when the key file is loaded.
    audit_key: Option<[u8; 32]>,
}

/// The field a sealed value's column holds, as errors name it (`name3` is a name).
fn field_name(table: &str, column: &str) -> &'static str {
    if table == NAMES.name {
        return "name";
    }
    FLUSH_ORDER
        .iter()
        .filter(|t| t.name == table)
        .flat_map(|t| t.columns.iter())
        .find(|c| **c == column)
        .copied()
        .unwrap_or("text")
}

fn slot(table: Table) -> usize {
    FLUSH_ORDER
        .iter()
        .position(|t| t.name == table.name)
        .unwrap_or(0)
}

impl<'s> Writer<'s> {
    pub(super) async fn begin(
        store: &'s Store,
        stamp: &'s Stamp,
    ) -> Result<Writer<'s>, StoreError> {
        let mut tx = Tx::begin(&store.pool, store.backend).await?;
        sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;
        Ok(Writer {
            slot: Slot::Ready(tx),
            backend: store.backend,
            keys: &store.keys,
            stamp,
            head_seq: head.try_get("seq")?,
            head_hash: head.try_get("hash")?,
            next_ids: HashMap::new(),
            pending: Default::default(),
            buffered: 0,
            source_ids: HashMap::new(),
            all_sources_loaded: false,
            known_sources: HashSet::new(),
            source_levels: HashMap::new(),
            scrub: false,
            edit_action: "update",
            audit_key: store.keys.ring().ok().map(audit_key),
        })
    }

    pub(super) fn keys(&self) -> &Keys {
        self.keys
    }

    pub(super) fn stamp(&self) -> &Stamp {
        self.stamp
    }

    /// The audit action of the rewrites that follow ("update" until set).
    pub(super) fn edit_action(&self) -> &'static str {
        self.edit_action
    }

    pub(super) fn set_edit_action(&mut self, action: &'static str) {
        self.edit_action = action;
    }

    pub(super) async fn next_id(&mut self, table: Table) -> Result<i64, StoreError> {
        self.next_row_id(table.name).await
    }

    /// The next id of a table by name, for tables the audit does not describe
    /// (articles, proposals); ids are handed out once per transaction from MAX(id).
    pub(super) async fn next_row_id(&mut self, name: &'static str) -> Result<i64, StoreError> {
        let id = match self.next_ids.get(name) {
            Some(id) => *id,
            None => {
                let sql = format!("SELECT COALESCE(MAX(id), 0) AS m FROM {name}");
                let row = sqlx::query(AssertSqlSafe(sql))
                    .fetch_one(&mut **self.tx().await?)
                    .await?;
                row.try_get::<i64, _>("m")? + 1
            }
        };
        self.next_ids.insert(name, id + 1);
        Ok(id)
    }

    pub(super) async fn push(&mut self, table: Table, row: Vec<Val>) -> Result<(), StoreError> {
        refuse_nul(table, &row)?;
        self.pending[slot(table)].push(row);
        self.buffered += 1;
        if self.buffered >= FLUSH_AT {
            self.start_flush().await?;
        }
        Ok(())
    }

    /// Runs one statement in this transaction, after the rows buffered so far.
    pub(super) async fn execute(
        &mut self,
        query: sqlx::query::Query<'_, Any, sqlx::any::AnyArguments>,
    ) -> Result<u64, StoreError> {
        self.flush().await?;
        Ok(query
            .execute(&mut **self.tx().await?)
            .await?
            .rows_affected())
    }

    /// Reads rows inside this transaction, after the rows buffered so far.
    pub(super) async fn fetch_all(
        &mut self,
        query: sqlx::query::Query<'_, Any, sqlx::any::AnyArguments>,
    ) -> Result<Vec<sqlx::any::AnyRow>, StoreError> {
        self.flush().await?;
        Ok(query.fetch_all(&mut **self.tx().await?).await?)
    }

    /// Reads inside this transaction, after the rows buffered so far.
    pub(super) async fn fetch_optional(
        &mut self,
        query: sqlx::query::Query<'_, Any, sqlx::any::AnyArguments>,
    ) -> Result<Option<sqlx::any::AnyRow>, StoreError> {
        self.flush().await?;
        Ok(query.fetch_optional(&mut **self.tx().await?).await?)
    }

    /// The transaction, once any batch being written in the background is done.
    pub(super) async fn tx(&mut self) -> Result<&mut Tx, StoreError> {
        if matches!(self.slot, Slot::Busy(_))
            && let Slot::Busy(task) = std::mem::replace(&mut self.slot, Slot::Lost)
        {
            let tx = task
                .await
                .map_err(|e| StoreError::Corrupt(format!("a background write stopped: {e}")))??;
            self.slot = Slot::Ready(tx);
        }
        match &mut self.slot {
            Slot::Ready(tx) => Ok(tx),
            _ => Err(StoreError::Corrupt(
                "the transaction was rolled back after an earlier error".into(),
            )),
        }
    }

    /// Hands the buffered rows to a background task, parents before children.
    async fn start_flush(&mut self) -> Result<(), StoreError> {
        let batches: Vec<(Table, Vec<Vec<Val>>)> = FLUSH_ORDER
            .iter()
            .enumerate()
            .map(|(i, t)| (*t, std::mem::take(&mut self.pending[i])))
            .filter(|(_, rows)| !rows.is_empty())
            .collect();
        self.buffered = 0;
        if batches.is_empty() {
            return Ok(());
        }
        self.tx().await?;
        let Slot::Ready(mut tx) = std::mem::replace(&mut self.slot, Slot::Lost) else {
            return Err(StoreError::Corrupt(
                "the transaction was rolled back after an earlier error".into(),
            ));
        };
        let backend = self.backend;
        self.slot = Slot::Busy(tokio::spawn(async move {
            for (table, rows) in batches {
                insert(&mut tx, backend, table, rows).await?;
            }
            Ok(tx)
        }));
        Ok(())
    }

    /// Writes every buffered row and waits until they are in.
    pub(super) async fn flush(&mut self) -> Result<(), StoreError> {
        self.start_flush().await?;
        self.tx().await?;
        Ok(())
    }

    /// Seals `value` when `level` is restricted; needs the key then.
    fn seal(
        &self,
        level: Level,
        value: Option<&str>,
        table: &str,
        id: i64,
        column: &str,
    ) -> Result<Val, StoreError> {
        match (level, value) {
            (Level::Restricted, Some(v)) => {
                // `push` checks values in clear; a sealed one must be checked here.
                refuse_nul_in(field_name(table, column), v)?;
                Ok(Val::text(
                    self.keys.ring()?.seal(v, &place(table, id, column))?,
                ))
            }
            (_, v) => Ok(Val::opt(v)),
        }
    }

    /// A field with its own level, sealed when it or its record (`record`) is
    /// restricted; the field's own level is what is stored beside it.
    fn leveled(
        &self,
        f: Option<&Leveled>,
        default: Level,
        record: Level,
        id: i64,
        column: &str,
    ) -> Result<(Val, Val), StoreError> {
        let level = f.map_or(default, |f| f.level);
        let value = self.seal(
            level.max(record),
            f.and_then(|f| f.value.as_deref()),
            "people",
            id,
            column,
        )?;
        Ok((value, Val::text(level.as_str())))
    }

    pub(super) async fn audit(
        &mut self,
        action: &str,
        entity: &str,
        id: i64,
        before: Option<String>,
        after: String,
    ) -> Result<(), StoreError> {
        self.entry(action, entity, id, before, Some(after)).await
    }

    /// An entry for a record that no longer exists (merged into another): no `after`,
    /// which tells `audit verify` not to expect its row.
    pub(super) async fn audit_removal(
        &mut self,
        action: &str,
        entity: &str,
        id: i64,
        before: String,
    ) -> Result<(), StoreError> {
        self.entry(action, entity, id, Some(before), None).await
    }

    async fn entry(
        &mut self,
        action: &str,
        entity: &str,
        id: i64,
        before: Option<String>,
        after: Option<String>,
    ) -> Result<(), StoreError> {
        let seq = self.head_seq + 1;
        let s = self.stamp;
        let hash = entry_hash(
            &self.head_hash,
            seq,
            &s.at,
            &s.actor,
            action,
            entity,
            id,
            before.as_deref(),
            after.as_deref(),
        );
        let row = vec![
            Val::int(seq),
            Val::text(s.at.clone()),
            Val::text(s.actor.clone()),
            Val::text(action),
            Val::text(entity),
            Val::int(id),
            Val::opt(before),
            Val::opt(after),
            Val::text(self.head_hash.clone()),
            Val::text(hash.clone()),
            Val::opt(self.audit_key.as_ref().map(|k| entry_mac(k, &hash))),
        ];
        self.head_seq = seq;
        self.head_hash = hash;
        self.push(AUDIT, row).await
    }

    pub(super) fn scrub_after_commit(&mut self) {
        self.scrub = true;
    }

    /// Commits, then scrubs old clear copies if this write sealed any (see
    /// [`Store::scrub`]).
    pub(super) async fn commit_and_scrub(self, store: &Store) -> Result<(), StoreError> {
        let scrub = self.scrub;
        self.commit().await?;
        if scrub {
            store.scrub().await;
        }
        Ok(())
    }

    pub(super) async fn commit(mut self) -> Result<(), StoreError> {
        self.flush().await?;
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(self.head_seq)
            .bind(self.head_hash.clone())
            .execute(&mut **self.tx().await?)
            .await?;
        match std::mem::replace(&mut self.slot, Slot::Lost) {
            Slot::Ready(tx) => tx.commit().await?,
            _ => {
                return Err(StoreError::Corrupt(
                    "the transaction was rolled back after an earlier error".into(),
                ));
            }
        }
        Ok(())
    }

    pub(super) async fn person(&mut self, p: &NewPerson) -> Result<PersonId, StoreError> {
        p.validate(self.stamp.today.year())?;
        let id = self.next_id(PEOPLE).await?;
        let (row, name_rows, after) = self.person_rows(id, p, self.stamp.at.clone())?;
        self.push(PEOPLE, row).await?;
        for r in name_rows {
            self.push(NAMES, r).await?;
        }
        self.audit("create", "person", id, None, after).await?;
        Ok(PersonId(id))
    }

    /// The stored rows of a person (sealing restricted values) and the audit `after`.
    fn person_rows(
        &self,
        id: i64,
        p: &NewPerson,
        created_at: String,
    ) -> Result<RecordRows, StoreError> {
        // A restricted person is sealed as a whole: every text field and every name,
        // whatever its own level (issue 12).
        let (bio, bio_level) = self.leveled(p.bio.as_ref(), Level::Public, p.level, id, "bio")?;
        let (notes, notes_level) =
            self.leveled(p.notes.as_ref(), Level::Internal, p.level, id, "notes")?;
        let (contacts, contacts_level) = self.leveled(
            p.contacts.as_ref(),
            Level::Restricted,
            p.level,
            id,
            "contacts",
        )?;
        let affiliations = json!(p.affiliations).to_string();
        let affiliations = self.seal(p.level, Some(&affiliations), "people", id, "affiliations")?;
        let categories: Vec<&str> = p.categories.iter().map(|c| c.as_str()).collect();
        let row = vec![
            Val::int(id),
            Val::text(p.level.as_str()),
            Val::Int(p.birth_year.map(i64::from)),
            Val::opt(p.gender.map(|g| g.as_str())),
            Val::opt(p.country.map(|c| c.to_string())),
            Val::text(categories.join(" ")),
            affiliations,
            bio,
            bio_level,
            notes,
            notes_level,
            contacts,
            contacts_level,
            Val::text(created_at),
        ];
        let mut after_names = Vec::new();
        let mut name_rows = Vec::new();
        for (position, n) in p.names.iter().enumerate() {
            let position = i64::try_from(position).unwrap_or(i64::MAX);
            let column = format!("name{position}");
            let name = self.seal(
                n.level.max(p.level),
                Some(n.text.as_str()),
                "person_names",
                id,
                &column,
            )?;
            let name_row = vec![
                Val::int(id),
                Val::int(position),
                name,
                Val::text(n.script.as_str()),
                Val::opt(n.lang.clone()),
                Val::text(n.kind.as_str()),
                Val::text(n.level.as_str()),
            ];
            after_names.push(row_json(NAMES, &name_row));
            name_rows.push(name_row);
        }
        let after = object(&[
            ("person", row_json(PEOPLE, &row)),
            ("names", array(&after_names)),
        ]);
        Ok((row, name_rows, after))
    }

    /// Rewrites the row whose id is the first value of `row`.
    pub(super) async fn replace_row(
        &mut self,
        table: Table,
        row: &[Val],
    ) -> Result<(), StoreError> {
        refuse_nul(table, row)?;
        let sets: Vec<String> = table.columns[1..]
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ${}", i + 1))
            .collect();
        let sql = format!(
            "UPDATE {} SET {} WHERE id = ${}",
            table.name,
            sets.join(", "),
            table.columns.len()
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for v in row.iter().skip(1).chain(row.first()) {
            q = bind(q, v.clone());
        }
        self.execute(q).await?;
        Ok(())
    }

    /// The `after` of a record's last audit entry: what it holds now, as stored.
    pub(super) async fn last_after(
        &mut self,
        entity: &'static str,
        id: i64,
    ) -> Result<String, StoreError> {
        let row = self
            .fetch_optional(
                sqlx::query(
                    "SELECT seq, after FROM audit_log WHERE entity = $1 AND entity_id = $2 \
                     ORDER BY seq DESC LIMIT 1",
                )
                .bind(entity)
                .bind(id),
            )
            .await?
            .ok_or(StoreError::NotFound { entity, id })?;
        let after = super::open_audit_text(
            self.keys,
            row.try_get("seq")?,
            "after",
            row.try_get("after")?,
        )?;
        after.ok_or(StoreError::NotFound { entity, id })
    }

    /// Replaces a person's fields and names, keeping their id, cases and creation time.
    /// A person holding sealed values cannot be rewritten without the key: the form
    /// could not have shown them, and writing would erase them.
    pub(super) async fn update_person(
        &mut self,
        id: PersonId,
        p: &NewPerson,
    ) -> Result<(), StoreError> {
        p.validate(self.stamp.today.year())?;
        let (before, parsed, created_at) = self.before_edit("person", id.0).await?;
        let was_restricted = parsed["person"]["level"] == "restricted";
        let (row, name_rows, after) = self.person_rows(id.0, p, created_at)?;
        if before == after {
            return Ok(());
        }
        self.replace_row(PEOPLE, &row).await?;
        self.execute(sqlx::query("DELETE FROM person_names WHERE person_id = $1").bind(id.0))
            .await?;
        for r in name_rows {
            self.push(NAMES, r).await?;
        }
        self.audit(self.edit_action, "person", id.0, Some(before), after)
            .await?;
        if was_restricted != (p.level == Level::Restricted) {
            self.reseal_person(id, p.level).await?;
        }
        Ok(())
    }

    async fn existing_source(&mut self, url: &str) -> Result<Option<SourceId>, StoreError> {
        if let Some(id) = self.source_ids.get(url) {
            return Ok(Some(*id));
        }
        if self.all_sources_loaded {
            return Ok(None);
        }
        let row = sqlx::query("SELECT id FROM sources WHERE url = $1")
            .bind(url.to_string())
            .fetch_optional(&mut **self.tx().await?)
            .await?;
        let found = row
            .map(|r| r.try_get::<i64, _>("id"))
            .transpose()?
            .map(SourceId);
        if let Some(id) = found {
            self.source_ids.insert(url.to_string(), id);
        }
        Ok(found)
    }

    /// A source's stored row (sealing restricted values) and the audit `after`.
    pub(super) fn source_rows(
        &self,
        id: i64,
        s: &NewSource,
        created_at: String,
    ) -> Result<(Vec<Val>, String), StoreError> {
        let row = vec![
            Val::int(id),
            Val::opt(s.url.clone()),
            self.seal(s.level, s.title.as_deref(), "sources", id, "title")?,
            self.seal(s.level, s.publisher.as_deref(), "sources", id, "publisher")?,
            Val::opt(s.published.map(|d| d.to_string())),
            Val::opt(s.retrieved.map(|d| d.to_string())),
            Val::opt(s.language.clone()),
            self.seal(s.level, s.excerpt.as_deref(), "sources", id, "excerpt")?,
            Val::text(s.reliability.as_str()),
            Val::text(s.level.as_str()),
            Val::text(created_at),
        ];
        let after = object(&[("source", row_json(SOURCES, &row))]);
        Ok((row, after))
    }

    /// Records a source, or returns the one already recorded with the same address.
    pub(super) async fn source(&mut self, s: &NewSource) -> Result<SourceId, StoreError> {
        self.source_for(s, Level::Public).await
    }

    /// Records a source for a record at `citing` level: a new one is saved at least at
    /// that level (sealed when restricted). An existing one is raised when the event
    /// citing it is written (see `seal.rs`).
    pub(super) async fn source_for(
        &mut self,
        s: &NewSource,
        citing: Level,
    ) -> Result<SourceId, StoreError> {
        if let Some(url) = &s.url
            && let Some(id) = self.existing_source(url).await?
        {
            return Ok(id);
        }
        let mut s = s.clone();
        s.level = s.level.max(citing);
        let s = &s;
        let id = self.next_id(SOURCES).await?;
        let (row, after) = self.source_rows(id, s, self.stamp.at.clone())?;
        self.push(SOURCES, row).await?;
        self.audit("create", "source", id, None, after).await?;
        if let Some(url) = &s.url {
            self.source_ids.insert(url.clone(), SourceId(id));
        }
        self.known_sources.insert(id);
        self.source_levels.insert(id, s.level);
        Ok(SourceId(id))
    }

    /// A source's level, if this transaction knows it.
    pub(super) fn known_source_level(&self, id: SourceId) -> Option<Level> {
        self.source_levels.get(&id.0).copied()
    }

    pub(super) fn note_source_level(&mut self, id: SourceId, level: Level) {
        self.source_levels.insert(id.0, level);
    }

    /// A person's level; the person must exist.
    pub(super) async fn person_level(&mut self, id: PersonId) -> Result<Level, StoreError> {
        let row = self
            .fetch_optional(sqlx::query("SELECT level FROM people WHERE id = $1").bind(id.0))
            .await?
            .ok_or(StoreError::NotFound {
                entity: "person",
                id: id.0,
            })?;
        parse(&row, "level")
    }

    /// The stricter of a case's level and its person's: the least an event of it is
    /// sealed at.
    pub(super) async fn outer_level(&mut self, case: CaseId) -> Result<Level, StoreError> {
        let row = self
            .fetch_optional(
                sqlx::query(
                    "SELECT c.level AS case_level, p.level AS person_level FROM cases c \
                     JOIN people p ON p.id = c.person_id WHERE c.id = $1",
                )
                .bind(case.0),
            )
            .await?
            .ok_or(StoreError::NotFound {
                entity: "case",
                id: case.0,
            })?;
        Ok(parse::<Level>(&row, "case_level")?.max(parse(&row, "person_level")?))
    }

    /// A case's stored rows (case and charges, sealing restricted values) and the
    /// audit `after`. The arrest date is not among them: it is the arrest event's.
    /// `person_level` is its person's: a case of a restricted person is sealed as a
    /// whole, like a restricted case.
    pub(super) fn case_rows(
        &self,
        id: i64,
        person: PersonId,
        c: &NewCase,
        created_at: String,
        person_level: Level,
    ) -> Result<RecordRows, StoreError> {
        let level = c.level.max(person_level);
        let assessment = c.assessment.as_ref();
        let assessment_level = assessment.map(|a| a.level);
        let (reasoning, assessor) = match assessment {
            Some(a) => (
                self.seal(
                    a.level.max(level),
                    Some(&a.reasoning),
                    "cases",
                    id,
                    "assessment_reasoning",
                )?,
                self.seal(
                    a.level.max(level),
                    Some(&a.assessor),
                    "cases",
                    id,
                    "assessment_assessor",
                )?,
            ),
            None => (Val::Text(None), Val::Text(None)),
        };
        let criteria = assessment.map(|a| {
            a.criteria
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        });
        let row = vec![
            Val::int(id),
            Val::int(person.0),
            Val::text(c.level.as_str()),
            Val::opt(c.country.map(|c| c.to_string())),
            self.seal(level, c.place.as_deref(), "cases", id, "place")?,
            self.seal(
                level,
                c.arresting_body.as_deref(),
                "cases",
                id,
                "arresting_body",
            )?,
            self.seal(level, c.court.as_deref(), "cases", id, "court")?,
            self.seal(level, c.facility.as_deref(), "cases", id, "facility")?,
            Val::opt(criteria),
            reasoning,
            assessor,
            Val::opt(assessment.map(|a| a.date.to_string())),
            Val::opt(assessment_level.map(|l| l.as_str())),
            Val::text(created_at),
        ];
        let mut charge_rows = Vec::new();
        for (position, ch) in c.charges.iter().enumerate() {
            let at = |column: &str| format!("{column}{position}");
            charge_rows.push(vec![
                Val::int(id),
                Val::int(i64::try_from(position).unwrap_or(i64::MAX)),
                self.seal(level, Some(&ch.article), "case_charges", id, &at("article"))?,
                self.seal(level, ch.text.as_deref(), "case_charges", id, &at("text"))?,
            ]);
        }
        let charges: Vec<String> = charge_rows.iter().map(|r| row_json(CHARGES, r)).collect();
        let after = object(&[
            ("case", row_json(CASES, &row)),
            ("charges", array(&charges)),
        ]);
        Ok((row, charge_rows, after))
    }

    /// Records a case and its arrest. The person must exist (checked by the caller or
    /// created in this transaction).
    pub(super) async fn case(
        &mut self,
        c: &NewCase,
        person: PersonId,
        person_level: Level,
    ) -> Result<(Case, Event), StoreError> {
        let arrest = NewEvent::new(CaseId(0), EventKind::Arrested, c.arrested);
        arrest.validate(self.stamp.today)?;
        let id = self.next_id(CASES).await?;
        let (row, charge_rows, after) =
            self.case_rows(id, person, c, self.stamp.at.clone(), person_level)?;
        self.push(CASES, row).await?;
        for r in charge_rows {
            self.push(CHARGES, r).await?;
        }
        self.audit("create", "case", id, None, after).await?;
        let case = Case {
            id: CaseId(id),
            person,
            country: c.country,
            place: c.place.clone(),
            arresting_body: c.arresting_body.clone(),
            charges: c.charges.clone(),
            court: c.court.clone(),
            facility: c.facility.clone(),
            assessment: c.assessment.clone(),
            level: c.level,
        };
        let mut arrest = arrest;
        arrest.case = CaseId(id);
        arrest.level = c.level;
        let arrest = self.event(&arrest, &[], c.level.max(person_level)).await?;
        Ok((case, arrest))
    }

    /// Loads a case's events inside this transaction, for the timeline check.
    pub(super) async fn events_of(&mut self, case: CaseId) -> Result<Vec<Event>, StoreError> {
        let exists = sqlx::query("SELECT id FROM cases WHERE id = $1")
            .bind(case.0)
            .fetch_optional(&mut **self.tx().await?)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound {
                entity: "case",
                id: case.0,
            });
        }
        let rows = sqlx::query(super::read::EVENT_SELECT_BY_CASE)
            .bind(case.0)
            .fetch_all(&mut **self.tx().await?)
            .await?;
        let mut events: Vec<Event> = rows
            .iter()
            .map(|r| super::read::event_from_row(r, self.keys))
            .collect::<Result<_, _>>()?;
        let links = sqlx::query(
            "SELECT es.event_id, es.source_id FROM event_sources es \
             JOIN events e ON e.id = es.event_id WHERE e.case_id = $1 ORDER BY es.source_id",
        )
        .bind(case.0)
        .fetch_all(&mut **self.tx().await?)
        .await?;
        for l in links {
            let event: i64 = l.try_get("event_id")?;
            let source: i64 = l.try_get("source_id")?;
            if let Some(e) = events.iter_mut().find(|e| e.id.0 == event) {
                e.data.sources.push(SourceId(source));
            }
        }
        Ok(events)
    }

    /// An event's stored row (sealing restricted values) and the audit `after`, with
    /// its sources in id order. `outer` is the stricter of its case's and person's
    /// levels: an event of a restricted case or person is sealed like a restricted one.
    pub(super) fn event_rows(
        &self,
        id: i64,
        e: &NewEvent,
        created_at: String,
        outer: Level,
    ) -> Result<(Vec<Val>, String), StoreError> {
        let level = e.level.max(outer);
        let row = vec![
            Val::int(id),
            Val::int(e.case.0),
            Val::text(e.kind.as_str()),
            Val::text(e.date.to_string()),
            Val::text(e.date.earliest().to_string()),
            Val::Int(e.sentence_months.map(i64::from)),
            Val::opt(e.release_reason.map(|r| r.as_str())),
            self.seal(level, e.facility.as_deref(), "events", id, "facility")?,
            Val::opt(e.next_hearing.map(|d| d.to_string())),
            self.seal(level, e.details.as_deref(), "events", id, "details")?,
            Val::text(e.level.as_str()),
            Val::text(created_at),
        ];
        let sources: Vec<String> = e.sources.iter().map(|s| s.0.to_string()).collect();
        let after = object(&[
            ("event", row_json(EVENTS, &row)),
            ("sources", array(&sources)),
        ]);
        Ok((row, after))
    }

    /// Sources an event names must exist.
    pub(super) async fn check_sources(&mut self, sources: &[SourceId]) -> Result<(), StoreError> {
        for s in sources {
            if self.known_sources.contains(&s.0) {
                continue;
            }
            let row = sqlx::query("SELECT id FROM sources WHERE id = $1")
                .bind(s.0)
                .fetch_optional(&mut **self.tx().await?)
                .await?;
            if row.is_none() {
                return Err(StoreError::NotFound {
                    entity: "source",
                    id: s.0,
                });
            }
            self.known_sources.insert(s.0);
        }
        Ok(())
    }

    /// Records an event after checking it against the case's timeline; `outer` is the
    /// stricter of its case's and person's levels (see [`Writer::outer_level`]).
    pub(super) async fn event(
        &mut self,
        e: &NewEvent,
        existing: &[Event],
        outer: Level,
    ) -> Result<Event, StoreError> {
        // Sources in id order, once each: the stored form the audit log is checked against.
        let mut sorted = e.clone();
        sorted.sources.sort();
        sorted.sources.dedup();
        let e = &sorted;
        e.validate(self.stamp.today)?;
        check_timeline(existing, e).map_err(DomainError::from)?;
        self.check_sources(&e.sources).await?;
        let id = self.next_id(EVENTS).await?;
        let (row, after) = self.event_rows(id, e, self.stamp.at.clone(), outer)?;
        self.push(EVENTS, row).await?;
        for s in &e.sources {
            self.push(EVENT_SOURCES, vec![Val::int(id), Val::int(s.0)])
                .await?;
        }
        self.audit("create", "event", id, None, after).await?;
        self.raise_sources(&e.sources, e.level.max(outer)).await?;
        Ok(Event {
            id: EventId(id),
            data: e.clone(),
        })
    }

    /// A whole dossier: the person, each case with its arrest, then its events in
    /// timeline order, each checked like a single `event add`.
    /// Loads every source address once, for bulk loads that look up many.
    async fn load_all_sources(&mut self) -> Result<(), StoreError> {
        if self.all_sources_loaded {
            return Ok(());
        }
        let rows = sqlx::query("SELECT id, url, level FROM sources WHERE url IS NOT NULL")
            .fetch_all(&mut **self.tx().await?)
            .await?;
        for r in rows {
            let id: i64 = r.try_get("id")?;
            let url: String = r.try_get("url")?;
            self.source_ids.insert(url, SourceId(id));
            self.known_sources.insert(id);
            self.source_levels.insert(id, parse(&r, "level")?);
        }
        self.all_sources_loaded = true;
        Ok(())
    }

    pub(super) async fn dossier(&mut self, d: &Dossier) -> Result<PersonId, StoreError> {
        // Bulk loads look up many source addresses: one query for all of them. A single
        // person from a form or the API has none, and must not pay for reading them.
        let has_sources = d
            .cases
            .iter()
            .any(|c| c.events.iter().any(|e| !e.sources.is_empty()));
        if has_sources {
            self.load_all_sources().await?;
        }
        let person = self.person(&d.person).await?;
        for dc in &d.cases {
            let (case, arrest) = self.case(&dc.case, person, d.person.level).await?;
            let outer = dc.case.level.max(d.person.level);
            let mut events = vec![arrest];
            let mut ordered: Vec<&DossierEvent> = dc.events.iter().collect();
            ordered.sort_by_key(|e| (e.event.date.earliest(), e.event.kind));
            for de in ordered {
                let mut ev = de.event.clone();
                ev.case = case.id;
                for s in &de.sources {
                    let sid = self.source_for(s, ev.level.max(outer)).await?;
                    if !ev.sources.contains(&sid) {
                        ev.sources.push(sid);
                    }
                }
                let stored = self.event(&ev, &events, outer).await?;
                events.push(stored);
            }
        }
        Ok(person)
    }
}

/// The key of audit entries' MACs, derived once from the key file.
pub(super) fn audit_key(ring: &crate::crypto::Keyring) -> [u8; 32] {
    ring.subkey("audit")
}

/// An entry's MAC: HMAC-SHA256 of its hash under the audit key. Only habeas holding
/// the key can make one, so an entry appended by anyone else is told apart.
pub(super) fn entry_mac(audit_key: &[u8; 32], hash: &str) -> String {
    crate::crypto::hex(&crate::crypto::hmac_sha256(audit_key, hash.as_bytes()))
}

/// Whether a stored JSON text holds a sealed value anywhere.
pub(super) fn holds_sealed(json_text: &str) -> bool {
    fn walk(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::String(s) => crate::crypto::is_sealed(s),
            serde_json::Value::Array(a) => a.iter().any(walk),
            serde_json::Value::Object(o) => o.values().any(walk),
            _ => false,
        }
    }
    serde_json::from_str(json_text).is_ok_and(|v| walk(&v))
}

fn bind<'q>(
    q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    v: Val,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments> {
    match v {
        Val::Int(i) => q.bind(i),
        Val::Text(t) => q.bind(t),
    }
}

impl Store {
    /// Replaces a person's fields and names; audited with the record before and after.
    pub async fn update_person(
        &self,
        stamp: &Stamp,
        id: PersonId,
        p: &NewPerson,
    ) -> Result<(), StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        w.update_person(id, p).await?;
        w.commit_and_scrub(self).await
    }

    pub async fn add_person(&self, stamp: &Stamp, p: &NewPerson) -> Result<PersonId, StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        let id = w.person(p).await?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn add_source(&self, stamp: &Stamp, s: &NewSource) -> Result<SourceId, StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        let id = w.source(s).await?;
        w.commit().await?;
        Ok(id)
    }

    /// Records a case and its arrest event; returns the case id.
    pub async fn add_case(&self, stamp: &Stamp, c: &NewCase) -> Result<CaseId, StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        let person_level = w.person_level(c.person).await?;
        let (case, _) = w.case(c, c.person, person_level).await?;
        w.commit().await?;
        Ok(case.id)
    }

    /// Records an event, with sources given by address found or created; refuses one
    /// that contradicts the case's timeline, writing nothing.
    pub async fn add_event(
        &self,
        stamp: &Stamp,
        e: &NewEvent,
        source_urls: &[NewSource],
    ) -> Result<EventId, StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        let existing = w.events_of(e.case).await?;
        let outer = w.outer_level(e.case).await?;
        let mut e = e.clone();
        for s in source_urls {
            let id = w.source_for(s, e.level.max(outer)).await?;
            e.sources.push(id);
        }
        let stored = w.event(&e, &existing, outer).await?;
        w.commit().await?;
        Ok(stored.id)
    }

    /// Starts a bulk load: dossiers added one by one, committed together.
    pub async fn bulk<'s>(&'s self, stamp: &'s Stamp) -> Result<BulkLoad<'s>, StoreError> {
        Ok(BulkLoad {
            writer: Writer::begin(self, stamp).await?,
            count: 0,
        })
    }

    /// Loads dossiers in one transaction: all of them, or none if any is refused. The
    /// error says which dossier (by position) was refused.
    pub async fn add_dossiers(
        &self,
        stamp: &Stamp,
        dossiers: &[Dossier],
    ) -> Result<Vec<PersonId>, (usize, StoreError)> {
        let mut w = Writer::begin(self, stamp).await.map_err(|e| (0, e))?;
        let mut ids = Vec::with_capacity(dossiers.len());
        for (i, d) in dossiers.iter().enumerate() {
            ids.push(w.dossier(d).await.map_err(|e| (i, e))?);
        }
        w.commit().await.map_err(|e| (dossiers.len(), e))?;
        Ok(ids)
    }
}

/// A transaction that loads many dossiers (demo, import): all of them, or none if one
/// is refused or the load is dropped before `commit`.
pub struct BulkLoad<'s> {
    writer: Writer<'s>,
    count: usize,
}

impl BulkLoad<'_> {
    /// Adds one dossier; on error the caller should drop the load (nothing is written).
    pub async fn add(&mut self, d: &Dossier) -> Result<PersonId, StoreError> {
        self.count += 1;
        self.writer.dossier(d).await
    }

    /// How many dossiers were added.
    pub fn count(&self) -> usize {
        self.count
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        self.writer.commit().await
    }
}
