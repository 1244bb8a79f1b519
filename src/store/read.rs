//! Reads: one person, one case's events, or the whole registry for lists and exports.
//! Restricted values are opened with the key when it is loaded; without it (or with
//! the wrong key) they read as `None`, and everything else stays readable.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use futures_util::stream::BoxStream;
use sqlx::AssertSqlSafe;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Keys, Store, StoreError};
use crate::audit::{Entry, Verifier};
use crate::crypto::{is_sealed, place};
use crate::domain::{
    Assessment, Case, CaseId, Charge, Date, Event, EventId, Level, Leveled, NewEvent, NewPerson,
    NewSource, PartialDate, Person, PersonId, PersonName, Source, SourceId,
};

pub(super) const EVENT_SELECT_BY_CASE: &str = "SELECT id, case_id, kind, date, sentence_months, release_reason, \
    facility, next_hearing, details, level FROM events WHERE case_id = $1 ORDER BY id";

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} '{value}'"))
}

fn text(row: &AnyRow, col: &str) -> Result<Option<String>, StoreError> {
    Ok(row.try_get::<Option<String>, _>(col)?)
}

fn required(row: &AnyRow, col: &str) -> Result<String, StoreError> {
    text(row, col)?.ok_or_else(|| StoreError::Corrupt(format!("{col} is empty")))
}

pub(super) fn parse<T: std::str::FromStr>(row: &AnyRow, col: &str) -> Result<T, StoreError> {
    let v = required(row, col)?;
    v.parse().map_err(|_| corrupt(col, &v))
}

fn parse_opt<T: std::str::FromStr>(row: &AnyRow, col: &str) -> Result<Option<T>, StoreError> {
    text(row, col)?
        .map(|v| v.parse().map_err(|_| corrupt(col, &v)))
        .transpose()
}

fn date_opt(row: &AnyRow, col: &str) -> Result<Option<PartialDate>, StoreError> {
    text(row, col)?
        .map(|v| PartialDate::parse(&v).map_err(|_| corrupt(col, &v)))
        .transpose()
}

/// Opens a stored value: sealed values need the key; a missing or wrong key gives
/// `None`, damage is an error.
fn open(
    keys: &Keys,
    stored: Option<String>,
    table: &str,
    id: i64,
    column: &str,
) -> Result<Option<String>, StoreError> {
    match stored {
        Some(v) if is_sealed(&v) => match keys
            .ring()
            .and_then(|k| k.open(&v, &place(table, id, column)))
        {
            Ok(plain) => Ok(Some(plain)),
            Err(e) if e.is_no_key() => Ok(None),
            Err(e) => Err(e.into()),
        },
        other => Ok(other),
    }
}

pub(super) fn event_from_row(row: &AnyRow, keys: &Keys) -> Result<Event, StoreError> {
    let id: i64 = row.try_get("id")?;
    let months: Option<i64> = row.try_get("sentence_months")?;
    let date = date_opt(row, "date")?
        .ok_or_else(|| StoreError::Corrupt(format!("event {id} has no date")))?;
    Ok(Event {
        id: EventId(id),
        data: NewEvent {
            case: CaseId(row.try_get("case_id")?),
            kind: parse(row, "kind")?,
            date,
            sentence_months: months.map(|m| u32::try_from(m).unwrap_or(0)),
            release_reason: parse_opt(row, "release_reason")?,
            facility: open(keys, text(row, "facility")?, "events", id, "facility")?,
            next_hearing: date_opt(row, "next_hearing")?,
            details: open(keys, text(row, "details")?, "events", id, "details")?,
            sources: Vec::new(),
            level: parse(row, "level")?,
        },
    })
}

/// Everything in the registry, with the links between records indexed.
#[derive(Debug, Default)]
pub struct Registry {
    pub people: Vec<Person>,
    pub cases: Vec<Case>,
    pub events: Vec<Event>,
    pub sources: Vec<Source>,
    cases_by_person: HashMap<PersonId, Vec<usize>>,
    events_by_case: HashMap<CaseId, Vec<usize>>,
    source_index: HashMap<SourceId, usize>,
}

impl Registry {
    pub fn cases_of(&self, person: PersonId) -> impl Iterator<Item = &Case> {
        self.cases_by_person
            .get(&person)
            .into_iter()
            .flatten()
            .map(|&i| &self.cases[i])
    }

    pub fn events_of(&self, case: CaseId) -> Vec<Event> {
        self.events_by_case
            .get(&case)
            .into_iter()
            .flatten()
            .map(|&i| self.events[i].clone())
            .collect()
    }

    pub fn source(&self, id: SourceId) -> Option<&Source> {
        self.source_index.get(&id).map(|&i| &self.sources[i])
    }

    fn index(&mut self) {
        for (i, c) in self.cases.iter().enumerate() {
            self.cases_by_person.entry(c.person).or_default().push(i);
        }
        for (i, e) in self.events.iter().enumerate() {
            self.events_by_case.entry(e.data.case).or_default().push(i);
        }
        for (i, s) in self.sources.iter().enumerate() {
            self.source_index.insert(s.id, i);
        }
    }
}

pub(super) fn person_from_row(
    row: &AnyRow,
    names: Vec<PersonName>,
    keys: &Keys,
) -> Result<Person, StoreError> {
    let id: i64 = row.try_get("id")?;
    let leveled = |col: &str| -> Result<Option<Leveled>, StoreError> {
        let level: Level = parse(row, &format!("{col}_level"))?;
        let value = open(keys, text(row, col)?, "people", id, col)?;
        let present = text(row, col)?.is_some();
        Ok(present.then_some(Leveled { value, level }))
    };
    let categories = required(row, "categories")?;
    // Sealed as a whole when the person is restricted; without the key, none shown.
    let affiliations = open(
        keys,
        text(row, "affiliations")?,
        "people",
        id,
        "affiliations",
    )?
    .unwrap_or_else(|| "[]".into());
    let birth_year: Option<i64> = row.try_get("birth_year")?;
    Ok(Person {
        id: PersonId(id),
        data: NewPerson {
            names,
            birth_year: birth_year.and_then(|y| i32::try_from(y).ok()),
            gender: parse_opt(row, "gender")?,
            country: parse_opt(row, "country")?,
            categories: categories
                .split_whitespace()
                .map(|c| c.parse().map_err(|_| corrupt("category", c)))
                .collect::<Result<_, _>>()?,
            affiliations: serde_json::from_str(&affiliations)
                .map_err(|_| corrupt("affiliations", &affiliations))?,
            bio: leveled("bio")?,
            notes: leveled("notes")?,
            contacts: leveled("contacts")?,
            level: parse(row, "level")?,
        },
    })
}

/// A name, or `None` when it is restricted and the key cannot open it.
pub(super) fn name_from_row(
    row: &AnyRow,
    keys: &Keys,
) -> Result<(PersonId, Option<PersonName>), StoreError> {
    let person: i64 = row.try_get("person_id")?;
    let position: i64 = row.try_get("position")?;
    let level: Level = parse(row, "level")?;
    let stored = required(row, "name")?;
    let column = format!("name{position}");
    let Some(plain) = open(keys, Some(stored), "person_names", person, &column)? else {
        return Ok((PersonId(person), None));
    };
    let name = crate::domain::NameText::parse(&plain).map_err(|_| corrupt("name", &plain))?;
    Ok((
        PersonId(person),
        Some(PersonName {
            text: name,
            script: parse(row, "script")?,
            lang: text(row, "lang")?,
            kind: parse(row, "kind")?,
            level,
        }),
    ))
}

/// A charge, opened when its case is sealed; without the key its article reads as
/// "(sealed)", so the case still shows that a charge is there.
pub(super) fn charge_from_row(row: &AnyRow, keys: &Keys) -> Result<Charge, StoreError> {
    let case: i64 = row.try_get("case_id")?;
    let position: i64 = row.try_get("position")?;
    let article = open(
        keys,
        text(row, "article")?,
        "case_charges",
        case,
        &format!("article{position}"),
    )?
    .unwrap_or_else(|| "(sealed)".into());
    Ok(Charge {
        article,
        text: open(
            keys,
            text(row, "text")?,
            "case_charges",
            case,
            &format!("text{position}"),
        )?,
    })
}

pub(super) fn case_from_row(
    row: &AnyRow,
    charges: Vec<Charge>,
    keys: &Keys,
) -> Result<Case, StoreError> {
    let id: i64 = row.try_get("id")?;
    let assessment = match text(row, "assessment_level")? {
        None => None,
        Some(level) => Some(Assessment {
            criteria: text(row, "assessment_criteria")?
                .unwrap_or_default()
                .split_whitespace()
                .map(|c| c.parse().map_err(|_| corrupt("criterion", c)))
                .collect::<Result<_, _>>()?,
            reasoning: open(
                keys,
                text(row, "assessment_reasoning")?,
                "cases",
                id,
                "assessment_reasoning",
            )?
            .unwrap_or_default(),
            assessor: open(
                keys,
                text(row, "assessment_assessor")?,
                "cases",
                id,
                "assessment_assessor",
            )?
            .unwrap_or_default(),
            date: {
                let d = required(row, "assessment_date")?;
                Date::parse(&d).map_err(|_| corrupt("assessment date", &d))?
            },
            level: level.parse().map_err(|_| corrupt("level", &level))?,
        }),
    };
    Ok(Case {
        id: CaseId(id),
        person: PersonId(row.try_get("person_id")?),
        country: parse_opt(row, "country")?,
        place: open(keys, text(row, "place")?, "cases", id, "place")?,
        arresting_body: open(
            keys,
            text(row, "arresting_body")?,
            "cases",
            id,
            "arresting_body",
        )?,
        charges,
        court: open(keys, text(row, "court")?, "cases", id, "court")?,
        facility: open(keys, text(row, "facility")?, "cases", id, "facility")?,
        assessment,
        level: parse(row, "level")?,
    })
}

pub(super) fn source_from_row(row: &AnyRow, keys: &Keys) -> Result<Source, StoreError> {
    let id: i64 = row.try_get("id")?;
    let retrieved = text(row, "retrieved")?;
    Ok(Source {
        id: SourceId(id),
        data: NewSource {
            url: text(row, "url")?,
            title: open(keys, text(row, "title")?, "sources", id, "title")?,
            publisher: open(keys, text(row, "publisher")?, "sources", id, "publisher")?,
            published: date_opt(row, "published")?,
            retrieved: retrieved
                .map(|d| Date::parse(&d).map_err(|_| corrupt("retrieved", &d)))
                .transpose()?,
            language: text(row, "language")?,
            excerpt: open(keys, text(row, "excerpt")?, "sources", id, "excerpt")?,
            reliability: parse(row, "reliability")?,
            level: parse(row, "level")?,
        },
    })
}

pub(super) const PEOPLE_SQL: &str = "SELECT id, level, birth_year, gender, country, categories, affiliations, bio, bio_level, \
    notes, notes_level, contacts, contacts_level FROM people";
pub(super) const NAMES_SQL: &str =
    "SELECT person_id, position, name, script, lang, kind, level FROM person_names";
pub(super) const CASES_SQL: &str = "SELECT id, person_id, level, country, place, arresting_body, court, facility, \
    assessment_criteria, assessment_reasoning, assessment_assessor, assessment_date, assessment_level FROM cases";
pub(super) const CHARGES_SQL: &str = "SELECT case_id, position, article, text FROM case_charges";
const EVENTS_SQL: &str = "SELECT id, case_id, kind, date, sentence_months, release_reason, facility, next_hearing, \
    details, level FROM events";
const LINKS_SQL: &str = "SELECT event_id, source_id FROM event_sources";
pub(super) const SOURCES_SQL: &str = "SELECT id, url, title, publisher, published, retrieved, language, excerpt, reliability, \
    level FROM sources";

/// How much of the registry a read loads.
#[derive(Debug, Clone, Copy)]
enum Scope {
    All,
    NoSources,
    Person(PersonId),
}

impl Scope {
    fn sources(self) -> bool {
        !matches!(self, Scope::NoSources)
    }

    /// Streams `base`, narrowed by `filter` (which binds the person as `$1`) for one
    /// person, in `order`. Rows are decoded as they arrive, so a read of the whole
    /// registry never holds all raw rows at once.
    fn rows<'t>(
        self,
        tx: &'t mut sqlx::Transaction<'static, sqlx::Any>,
        base: &str,
        filter: &str,
        order: &str,
    ) -> BoxStream<'t, Result<AnyRow, sqlx::Error>> {
        match self {
            Scope::All | Scope::NoSources => {
                sqlx::query(AssertSqlSafe(format!("{base} ORDER BY {order}"))).fetch(&mut **tx)
            }
            Scope::Person(p) => sqlx::query(AssertSqlSafe(format!(
                "{base} WHERE {filter} ORDER BY {order}"
            )))
            .bind(p.0)
            .fetch(&mut **tx),
        }
    }
}

impl Store {
    /// One person with their names.
    pub async fn person(&self, id: PersonId) -> Result<Person, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!("{PEOPLE_SQL} WHERE id = $1")))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "person",
                id: id.0,
            })?;
        let names = sqlx::query(AssertSqlSafe(format!(
            "{NAMES_SQL} WHERE person_id = $1 ORDER BY position"
        )))
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| name_from_row(r, &self.keys).map(|(_, n)| n))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
        person_from_row(&row, names, &self.keys)
    }

    /// One source.
    pub async fn source(&self, id: SourceId) -> Result<Source, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!("{SOURCES_SQL} WHERE id = $1")))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "source",
                id: id.0,
            })?;
        source_from_row(&row, &self.keys)
    }

    /// The case and person an event belongs to, and the stricter of the event's and
    /// the case's levels.
    pub async fn event_owner(&self, id: EventId) -> Result<(CaseId, PersonId, Level), StoreError> {
        let row = sqlx::query(
            "SELECT e.case_id, c.person_id, e.level AS e_level, c.level AS c_level \
             FROM events e JOIN cases c ON c.id = e.case_id WHERE e.id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "event",
            id: id.0,
        })?;
        let e: Level = parse(&row, "e_level")?;
        let c: Level = parse(&row, "c_level")?;
        Ok((
            CaseId(row.try_get("case_id")?),
            PersonId(row.try_get("person_id")?),
            e.max(c),
        ))
    }

    /// A digest of what public pages and open data show of sources, which the public
    /// list (built without sources) does not see: each public source cited by a public
    /// event of a public case of a public person, with the event citing it. Nothing a
    /// staff-only write changes is in it.
    pub async fn public_sources_version(&self) -> Result<u64, StoreError> {
        use super::write::SOURCES;
        // What a public page shows of a source: every column but those it never does.
        let shown: Vec<&str> = SOURCES
            .columns
            .iter()
            .copied()
            .filter(|c| !matches!(*c, "id" | "level" | "created_at"))
            .collect();
        let sql = format!(
            "SELECT es.event_id, s.id, {} FROM event_sources es \
             JOIN sources s ON s.id = es.source_id JOIN events e ON e.id = es.event_id \
             JOIN cases c ON c.id = e.case_id JOIN people p ON p.id = c.person_id \
             WHERE s.level = 'public' AND e.level = 'public' AND c.level = 'public' \
             AND p.level = 'public' ORDER BY es.event_id, s.id",
            shown
                .iter()
                .map(|c| format!("s.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut h = crate::public::ContentHash::default();
        let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(&self.pool);
        while let Some(r) = rows.try_next().await? {
            h.add(&r.try_get::<i64, _>("event_id")?.to_le_bytes());
            h.add(&r.try_get::<i64, _>("id")?.to_le_bytes());
            for c in &shown {
                h.add(
                    r.try_get::<Option<String>, _>(*c)?
                        .unwrap_or_default()
                        .as_bytes(),
                );
                h.add(&[0]);
            }
        }
        Ok(h.finish())
    }

    /// The level a reader needs to see a record: the stricter of its own and every
    /// level above it (person > case > event); a source's own. `None` when there is no
    /// such record.
    pub async fn effective_level(
        &self,
        entity: &str,
        id: i64,
    ) -> Result<Option<Level>, StoreError> {
        let sql = match entity {
            "person" => "SELECT level AS a, level AS b, level AS c FROM people WHERE id = $1",
            "case" => {
                "SELECT c.level AS a, p.level AS b, p.level AS c FROM cases c \
                 JOIN people p ON p.id = c.person_id WHERE c.id = $1"
            }
            "event" => {
                "SELECT e.level AS a, c.level AS b, p.level AS c FROM events e \
                 JOIN cases c ON c.id = e.case_id JOIN people p ON p.id = c.person_id \
                 WHERE e.id = $1"
            }
            "source" => "SELECT level AS a, level AS b, level AS c FROM sources WHERE id = $1",
            _ => return Ok(None),
        };
        let Some(row) = sqlx::query(sql).bind(id).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let a: Level = parse(&row, "a")?;
        let b: Level = parse(&row, "b")?;
        let c: Level = parse(&row, "c")?;
        Ok(Some(a.max(b).max(c)))
    }

    /// Whose case this is, and its level.
    pub async fn case_owner(&self, id: CaseId) -> Result<(PersonId, Level), StoreError> {
        let row = sqlx::query("SELECT person_id, level FROM cases WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "case",
                id: id.0,
            })?;
        Ok((PersonId(row.try_get("person_id")?), parse(&row, "level")?))
    }

    /// The whole registry. Lists and exports work from this snapshot.
    pub async fn registry(&self) -> Result<Registry, StoreError> {
        self.load(Scope::All).await
    }

    /// The whole registry without sources: enough for status, lists and counts, and
    /// about half the rows to read.
    pub async fn registry_without_sources(&self) -> Result<Registry, StoreError> {
        self.load(Scope::NoSources).await
    }

    /// One person with their cases, events and sources.
    pub async fn registry_of(&self, person: PersonId) -> Result<Registry, StoreError> {
        let reg = self.load(Scope::Person(person)).await?;
        if reg.people.is_empty() {
            return Err(StoreError::NotFound {
                entity: "person",
                id: person.0,
            });
        }
        Ok(reg)
    }

    async fn load(&self, scope: Scope) -> Result<Registry, StoreError> {
        let keys = &self.keys;
        let mut tx = self.pool.begin().await?;
        let mut names: HashMap<PersonId, Vec<PersonName>> = HashMap::new();
        let mut rows = scope.rows(&mut tx, NAMES_SQL, "person_id = $1", "person_id, position");
        while let Some(row) = rows.try_next().await? {
            if let (p, Some(n)) = name_from_row(&row, keys)? {
                names.entry(p).or_default().push(n);
            }
        }
        drop(rows);
        let mut reg = Registry::default();
        let mut rows = scope.rows(&mut tx, PEOPLE_SQL, "id = $1", "id");
        while let Some(row) = rows.try_next().await? {
            let names = names
                .remove(&PersonId(row.try_get("id")?))
                .unwrap_or_default();
            reg.people.push(person_from_row(&row, names, keys)?);
        }
        drop(rows);
        let mut charges: HashMap<i64, Vec<Charge>> = HashMap::new();
        let of_cases = "case_id IN (SELECT id FROM cases WHERE person_id = $1)";
        let mut rows = scope.rows(&mut tx, CHARGES_SQL, of_cases, "case_id, position");
        while let Some(row) = rows.try_next().await? {
            let charge = charge_from_row(&row, keys)?;
            charges
                .entry(row.try_get("case_id")?)
                .or_default()
                .push(charge);
        }
        drop(rows);
        let mut rows = scope.rows(&mut tx, CASES_SQL, "person_id = $1", "id");
        while let Some(row) = rows.try_next().await? {
            let charges = charges.remove(&row.try_get("id")?).unwrap_or_default();
            reg.cases.push(case_from_row(&row, charges, keys)?);
        }
        drop(rows);
        let mut links: HashMap<i64, Vec<SourceId>> = HashMap::new();
        if scope.sources() {
            let of_events = "event_id IN (SELECT e.id FROM events e JOIN cases c ON c.id = e.case_id WHERE c.person_id = $1)";
            let mut rows = scope.rows(&mut tx, LINKS_SQL, of_events, "event_id, source_id");
            while let Some(row) = rows.try_next().await? {
                links
                    .entry(row.try_get("event_id")?)
                    .or_default()
                    .push(SourceId(row.try_get("source_id")?));
            }
        }
        let mut rows = scope.rows(&mut tx, EVENTS_SQL, of_cases, "id");
        while let Some(row) = rows.try_next().await? {
            let mut e = event_from_row(&row, keys)?;
            e.data.sources = links.remove(&e.id.0).unwrap_or_default();
            reg.events.push(e);
        }
        drop(rows);
        if scope.sources() {
            let of_links = "id IN (SELECT es.source_id FROM event_sources es JOIN events e ON e.id = es.event_id \
                            JOIN cases c ON c.id = e.case_id WHERE c.person_id = $1)";
            let mut rows = scope.rows(&mut tx, SOURCES_SQL, of_links, "id");
            while let Some(row) = rows.try_next().await? {
                reg.sources.push(source_from_row(&row, keys)?);
            }
        }
        tx.commit().await?;
        reg.index();
        Ok(reg)
    }

    /// Walks the audit chain in order; returns the number of entries and the head hash,
    /// or the first bad entry.
    pub async fn verify_audit(
        &self,
    ) -> Result<Result<(i64, String), super::verify::Tamper>, StoreError> {
        // Read in pages so memory stays flat however long the log is.
        const PAGE: i64 = 5_000;
        let mut tx = self.pool.begin().await?;
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;
        // Entries carry MACs keyed from the key file: without it they cannot be checked.
        let audit_key = super::write::audit_key(self.keys.ring()?);
        let mut v = Verifier::default();
        let mut expected = super::verify::Expected::new();
        let mut access: HashMap<(&'static str, i64), Option<String>> = HashMap::new();
        let mut after_seq = i64::MIN;
        loop {
            let rows = sqlx::query(
                "SELECT seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash, mac FROM audit_log \
                 WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(after_seq)
            .bind(PAGE)
            .fetch_all(&mut *tx)
            .await?;
            for r in &rows {
                let seq: i64 = r.try_get("seq")?;
                let e = Entry {
                    seq,
                    at: required(r, "at")?,
                    actor: required(r, "actor")?,
                    action: required(r, "action")?,
                    entity: required(r, "entity")?,
                    entity_id: r.try_get("entity_id")?,
                    before: super::open_audit_text(&self.keys, seq, "before", text(r, "before")?)?,
                    after: super::open_audit_text(&self.keys, seq, "after", text(r, "after")?)?,
                    prev_hash: required(r, "prev_hash")?,
                    hash: required(r, "hash")?,
                };
                after_seq = e.seq;
                if let Err(bad) = v.check(&e) {
                    return Ok(Err(bad.into()));
                }
                let mac: Option<String> = text(r, "mac")?;
                let good = mac.is_some_and(|m| {
                    crate::crypto::same_mac(
                        m.as_bytes(),
                        super::write::entry_mac(&audit_key, &e.hash).as_bytes(),
                    )
                });
                if !good {
                    return Ok(Err(crate::audit::ChainError {
                        seq: e.seq,
                        reason: "it carries no valid MAC: it was not written by habeas holding this key file"
                            .into(),
                    }
                    .into()));
                }
                if let Some((entity, _)) =
                    super::access::ACCESS.iter().find(|(a, _)| *a == e.entity)
                {
                    let row = e
                        .after
                        .as_deref()
                        .and_then(|a| serde_json::from_str::<serde_json::Value>(a).ok())
                        .and_then(|a| a.get("row").cloned());
                    // Entries from before rows were digested say nothing of the row.
                    if let Some(row) = row {
                        access.insert((entity, e.entity_id), row.as_str().map(String::from));
                    }
                }
                if let Some(entity) = super::verify::CHECKED.iter().find(|c| **c == e.entity) {
                    match &e.after {
                        Some(after) => {
                            expected.insert(
                                (entity, e.entity_id),
                                (super::verify::digest(after), e.seq),
                            );
                        }
                        // Removed on purpose (merged into another record): no row expected.
                        None => {
                            expected.remove(&(*entity, e.entity_id));
                        }
                    }
                }
            }
            if (rows.len() as i64) < PAGE {
                break;
            }
        }
        tx.commit().await?;
        let head = match v.finish(head.try_get("seq")?, &required(&head, "hash")?) {
            Ok(head) => head,
            Err(bad) => return Ok(Err(bad.into())),
        };
        if let Err(bad) = self.verify_rows(expected).await? {
            return Ok(Err(bad.into()));
        }
        Ok(self
            .verify_access(access)
            .await?
            .map(|()| head)
            .map_err(Into::into))
    }

    /// The number of the last change and when it was made (RFC 3339), so readers can
    /// tell whether what they built from the registry is still current.
    pub async fn head(&self) -> Result<(i64, Option<String>), StoreError> {
        let row = sqlx::query(
            "SELECT h.seq AS seq, l.at AS at FROM audit_head h LEFT JOIN audit_log l ON l.seq = h.seq WHERE h.id = 1",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok((row.try_get("seq")?, text(&row, "at")?))
    }

    /// Whether an entry with this hash is in the chain (for heads kept elsewhere).
    pub async fn audit_contains_hash(&self, hash: &str) -> Result<bool, StoreError> {
        let found = sqlx::query("SELECT seq FROM audit_log WHERE hash = $1")
            .bind(hash.to_string())
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }
}
