//! Spreadsheet import: CSV with a column mapping, checked row by row before anything
//! is written. Every bad row is reported with its line number and reason; if any row
//! is bad, nothing is imported (the store then loads all dossiers in one transaction).

use std::collections::HashMap;
use std::io::Read;

use serde::Deserialize;

use super::{COLUMNS, CsvEvent, LIST_SEPARATOR};
use crate::domain::{
    Assessment, CaseId, Charge, Country, Date, DomainError, Event, EventId, EventKind, Level,
    Leveled, NameKind, NameText, NewCase, NewEvent, NewPerson, NewSource, PartialDate, PersonId,
    PersonName, check_timeline,
};
use crate::store::{Dossier, DossierCase, DossierEvent};

/// Fields a mapping can fill, beyond the export's own columns: simple lifecycle
/// columns for spreadsheets that have no `events` column.
const EXTRA_FIELDS: &[&str] = &[
    "contacts",
    "sentenced",
    "sentence_months",
    "released",
    "release_reason",
    "source",
];
/// Export columns that are derived, so import reads them not.
const DERIVED: &[&str] = &["status", "expected_release"];

/// Which spreadsheet column holds each field (`[columns]`), and values for fields the
/// spreadsheet lacks (`[defaults]`). Without a mapping file, columns are named as
/// `habeas export` names them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default)]
    pub columns: HashMap<String, String>,
    #[serde(default)]
    pub defaults: Defaults,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// The level of every imported record; public unless said otherwise.
    pub level: Option<Level>,
    pub country: Option<Country>,
}

impl Default for Mapping {
    fn default() -> Self {
        let columns = COLUMNS
            .iter()
            .chain(EXTRA_FIELDS)
            .filter(|c| !DERIVED.contains(c))
            .map(|c| ((*c).to_string(), (*c).to_string()))
            .collect();
        Mapping {
            columns,
            defaults: Defaults::default(),
        }
    }
}

impl Mapping {
    pub fn from_toml(text: &str) -> Result<Mapping, ImportError> {
        let m: Mapping = toml::from_str(text).map_err(|e| ImportError::Mapping(e.to_string()))?;
        for field in m.columns.keys() {
            let known = (COLUMNS.contains(&field.as_str()) && !DERIVED.contains(&field.as_str()))
                || EXTRA_FIELDS.contains(&field.as_str());
            if !known {
                return Err(ImportError::Mapping(format!(
                    "unknown field '{field}' in [columns]; fields are: {}",
                    COLUMNS
                        .iter()
                        .chain(EXTRA_FIELDS)
                        .filter(|c| !DERIVED.contains(c))
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        if !m.columns.contains_key("name") {
            return Err(ImportError::Mapping(
                "[columns] must say which column holds 'name'".into(),
            ));
        }
        Ok(m)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the mapping file is wrong: {0}")]
    Mapping(String),
    #[error("the spreadsheet cannot be read: {0}")]
    File(String),
    #[error("{} bad row(s); nothing was imported:\n{}", .0.len(), .0.iter().map(|e| format!("  line {}: {}", e.line, e.reason)).collect::<Vec<_>>().join("\n"))]
    Rows(Vec<RowError>),
}

/// The dossiers a spreadsheet holds, ready for `Store::add_dossiers`.
#[derive(Debug)]
pub struct ImportReport {
    pub dossiers: Vec<Dossier>,
    /// The first line of each dossier, to report store refusals by line.
    pub lines: Vec<u64>,
    pub rows: usize,
}

struct Row<'a> {
    cells: &'a csv::StringRecord,
    index: &'a HashMap<String, usize>,
}

impl Row<'_> {
    fn get(&self, field: &str) -> Option<&str> {
        self.index
            .get(field)
            .and_then(|&i| self.cells.get(i))
            .map(|cell| crate::spreadsheet::restore(cell.trim()))
            .filter(|s| !s.is_empty())
    }

    fn parse<T: std::str::FromStr<Err = DomainError>>(
        &self,
        field: &str,
    ) -> Result<Option<T>, String> {
        self.get(field)
            .map(|v| v.parse::<T>().map_err(|e| e.to_string()))
            .transpose()
    }

    fn date(&self, field: &str) -> Result<Option<PartialDate>, String> {
        self.get(field)
            .map(|v| PartialDate::parse(v).map_err(|e| format!("{field}: {e}")))
            .transpose()
    }

    fn list(&self, field: &str) -> Vec<String> {
        self.get(field)
            .map(|v| {
                v.split(LIST_SEPARATOR.trim())
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn split_words(cell: &str) -> Vec<&str> {
    if cell.contains([',', ';']) {
        cell.split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    } else {
        cell.split_whitespace().collect()
    }
}

fn person_of(row: &Row, defaults: &Defaults, level: Level) -> Result<NewPerson, String> {
    let name = NameText::parse(row.get("name").unwrap_or("")).map_err(|e| e.to_string())?;
    let mut names = vec![PersonName {
        level,
        ..PersonName::new(name, NameKind::Legal)
    }];
    for v in row.list("variants") {
        let mut n =
            PersonName::parse_labelled(&v, NameKind::Transliteration).map_err(|e| e.to_string())?;
        n.level = level;
        names.push(n);
    }
    let birth_year = row
        .get("birth_year")
        .map(|y| {
            y.parse::<i32>()
                .map_err(|_| format!("birth_year: '{y}' is not a year"))
        })
        .transpose()?;
    let categories = row
        .get("categories")
        .map(|c| {
            split_words(c)
                .into_iter()
                .map(|w| w.parse().map_err(|e: DomainError| e.to_string()))
                .collect()
        })
        .transpose()?
        .unwrap_or_default();
    let field = |f: &str, l: Level| row.get(f).map(|v| Leveled::new(v, l));
    Ok(NewPerson {
        names,
        birth_year,
        gender: row.parse("gender")?,
        country: row.parse("country")?.or(defaults.country),
        categories,
        affiliations: row.list("affiliations"),
        bio: field("bio", level),
        notes: field("notes", Level::Internal.max(level)),
        contacts: field("contacts", Level::Restricted),
        level,
    })
}

fn events_of(row: &Row, level: Level) -> Result<Vec<DossierEvent>, String> {
    let make = |e: CsvEvent| -> Result<DossierEvent, String> {
        let sources = e
            .sources
            .iter()
            .map(|u| {
                NewSource::from_url(u)
                    .map(|mut s| {
                        s.level = level;
                        s
                    })
                    .map_err(|e| e.to_string())
            })
            .collect::<Result<_, _>>()?;
        Ok(DossierEvent {
            event: NewEvent {
                sentence_months: e.sentence_months,
                release_reason: e.release_reason,
                facility: e.facility,
                next_hearing: e.next_hearing,
                details: e.details,
                level,
                ..NewEvent::new(CaseId(0), e.kind, e.date)
            },
            sources,
        })
    };
    if let Some(json) = row.get("events") {
        let events: Vec<CsvEvent> =
            serde_json::from_str(json).map_err(|e| format!("events: not a list of events: {e}"))?;
        return events.into_iter().map(make).collect();
    }
    let mut events = Vec::new();
    let source: Vec<String> = row
        .get("source")
        .map(|s| vec![s.to_string()])
        .unwrap_or_default();
    if let Some(date) = row.date("sentenced")? {
        let months = row
            .get("sentence_months")
            .map(|m| {
                m.parse::<u32>()
                    .map_err(|_| format!("sentence_months: '{m}' is not a number of months"))
            })
            .transpose()?;
        events.push(make(CsvEvent {
            kind: EventKind::Sentenced,
            date,
            sentence_months: months,
            release_reason: None,
            facility: None,
            next_hearing: None,
            details: None,
            sources: source.clone(),
        })?);
    }
    if let Some(date) = row.date("released")? {
        events.push(make(CsvEvent {
            kind: EventKind::Released,
            date,
            sentence_months: None,
            release_reason: row.parse("release_reason")?,
            facility: None,
            next_hearing: None,
            details: None,
            sources: source,
        })?);
    }
    Ok(events)
}

fn case_of(row: &Row, defaults: &Defaults, level: Level) -> Result<Option<DossierCase>, String> {
    let mut events = events_of(row, level)?;
    let arrest = events
        .iter()
        .position(|e| e.event.kind == EventKind::Arrested);
    let arrested = match (row.date("arrested")?, arrest) {
        (_, Some(i)) => events.remove(i).event.date,
        (Some(d), None) => d,
        (None, None) if events.is_empty() && row.get("charges").is_none() => return Ok(None),
        (None, None) => return Err("the case has no arrest date (column arrested)".into()),
    };
    let charges = row
        .list("charges")
        .iter()
        .map(|c| Charge::parse(c).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    let assessment = match row.get("pace_criteria") {
        None => None,
        Some(criteria) => Some(Assessment {
            criteria: criteria
                .split_whitespace()
                .map(|c| c.parse().map_err(|e: DomainError| e.to_string()))
                .collect::<Result<_, _>>()?,
            reasoning: row.get("pace_reasoning").unwrap_or("").to_string(),
            assessor: row.get("pace_assessor").unwrap_or("").to_string(),
            date: row
                .get("pace_date")
                .map(|d| Date::parse(d).map_err(|e| format!("pace_date: {e}")))
                .transpose()?
                .ok_or("pace_date: an assessment needs a date")?,
            level,
        }),
    };
    let case = NewCase {
        person: PersonId(0),
        country: row.parse("case_country")?.or(defaults.country),
        arrested,
        place: row.get("place").map(String::from),
        arresting_body: row.get("arresting_body").map(String::from),
        charges,
        court: row.get("court").map(String::from),
        facility: row.get("facility").map(String::from),
        assessment,
        level,
    };
    Ok(Some(DossierCase { case, events }))
}

/// Runs the store's checks in memory, so a dry run reports what a real run would refuse.
fn check_case(c: &DossierCase, today: Date) -> Result<(), String> {
    let mut arrest = NewEvent::new(CaseId(0), EventKind::Arrested, c.case.arrested);
    arrest.level = c.case.level;
    arrest
        .validate(today)
        .map_err(|e| format!("arrested: {e}"))?;
    let mut stored = vec![Event {
        id: EventId(1),
        data: arrest,
    }];
    let mut ordered: Vec<&DossierEvent> = c.events.iter().collect();
    ordered.sort_by_key(|e| (e.event.date.earliest(), e.event.kind));
    for e in ordered {
        e.event.validate(today).map_err(|err| err.to_string())?;
        check_timeline(&stored, &e.event).map_err(|err| err.to_string())?;
        let id = EventId(stored.len() as i64 + 1);
        stored.push(Event {
            id,
            data: e.event.clone(),
        });
    }
    Ok(())
}

/// Reads a CSV through `mapping` into dossiers, or every bad row with its reason.
pub fn parse_csv(
    mut input: impl Read,
    mapping: &Mapping,
    today: Date,
) -> Result<ImportReport, ImportError> {
    // Line numbers are counted here from each record's first byte: the csv reader's
    // own count is off for CRLF files (as spreadsheets on Windows write them).
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::File(e.to_string()))?;
    let newlines: Vec<u64> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| u64::try_from(i).unwrap_or(u64::MAX))
        .collect();
    // A record after a CRLF is reported from its '\n': its first byte is past the
    // line breaks.
    let line_at = |p: &csv::Position| {
        let mut start = usize::try_from(p.byte()).unwrap_or(usize::MAX);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let start = u64::try_from(start).unwrap_or(u64::MAX);
        1 + u64::try_from(newlines.partition_point(|n| *n < start)).unwrap_or(u64::MAX)
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| ImportError::File(e.to_string()))?
        .clone();
    let mut index = HashMap::new();
    for (field, column) in &mapping.columns {
        match headers.iter().position(|h| h.trim() == column) {
            Some(i) => {
                index.insert(field.clone(), i);
            }
            None if field == "name" => {
                return Err(ImportError::File(format!(
                    "there is no column '{column}' for the names"
                )));
            }
            None => {}
        }
    }
    let level = mapping.defaults.level.unwrap_or(Level::Public);
    let mut errors = Vec::new();
    let mut dossiers: Vec<Dossier> = Vec::new();
    let mut lines = Vec::new();
    let mut by_ref: HashMap<String, usize> = HashMap::new();
    let mut rows = 0;
    for record in reader.records() {
        rows += 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, line_at);
                errors.push(RowError {
                    line,
                    reason: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, line_at);
        let row = Row {
            cells: &record,
            index: &index,
        };
        let result = (|| -> Result<(), String> {
            let person_ref = row.get("person_ref").map(String::from);
            let known = person_ref.as_ref().and_then(|r| by_ref.get(r)).copied();
            let case = case_of(&row, &mapping.defaults, level)?;
            if let Some(c) = &case {
                check_case(c, today)?;
            }
            match known {
                Some(i) => dossiers[i].cases.extend(case),
                None => {
                    let person = person_of(&row, &mapping.defaults, level)?;
                    person.validate(today.year()).map_err(|e| e.to_string())?;
                    if let Some(r) = person_ref {
                        by_ref.insert(r, dossiers.len());
                    }
                    dossiers.push(Dossier {
                        person,
                        cases: case.into_iter().collect(),
                    });
                    lines.push(line);
                }
            }
            Ok(())
        })();
        if let Err(reason) = result {
            errors.push(RowError { line, reason });
        }
    }
    if errors.is_empty() {
        Ok(ImportReport {
            dossiers,
            lines,
            rows,
        })
    } else {
        Err(ImportError::Rows(errors))
    }
}
