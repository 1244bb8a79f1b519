//! Exports of the record, from the views only: `public` by default, `internal` on
//! request. Restricted values are never exported, whatever the key.

use std::io::Write;

use super::{COLUMNS, CsvEvent, LIST_SEPARATOR};
use crate::domain::{Level, NameKind};
use crate::public::{Audience, CaseView, Internal, PersonView, Public};
use crate::spreadsheet::neutralise;
use crate::store::Registry;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
    Ndjson,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot encode the export: {0}")]
    Json(#[from] serde_json::Error),
    #[error("exports are public or internal; restricted data is never exported")]
    Restricted,
}

/// Writes every person visible at `level` to `out`.
pub fn export(
    registry: &Registry,
    level: Level,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    match level {
        Level::Public => write_views::<Public>(registry, format, out),
        Level::Internal => write_views::<Internal>(registry, format, out),
        Level::Restricted => Err(ExportError::Restricted),
    }
}

/// Builds and writes one view at a time, so an export holds one person's view in
/// memory, not the whole list.
fn write_views<A: Audience>(
    registry: &Registry,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    let views = registry
        .people
        .iter()
        .filter_map(|p| PersonView::<A>::build(p, registry));
    let mut n = 0;
    match format {
        ExportFormat::Json => {
            write!(out, "[")?;
            for v in views {
                out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut *out, &v)?;
                n += 1;
            }
            writeln!(out, "\n]")?;
        }
        ExportFormat::Ndjson => {
            for v in views {
                serde_json::to_writer(&mut *out, &v)?;
                writeln!(out)?;
                n += 1;
            }
        }
        ExportFormat::Csv => n = write_csv(views, out)?,
    }
    Ok(n)
}

fn variant(n: &crate::public::NameView) -> String {
    let kind = match n.kind {
        NameKind::Legal => "legal",
        NameKind::Transliteration => "transliteration",
        NameKind::Alias => "alias",
    };
    match &n.lang {
        Some(lang) => format!("{} [{kind}:{lang}]", n.text),
        None => format!("{} [{kind}]", n.text),
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn write_csv<A: Audience>(
    views: impl Iterator<Item = PersonView<A>>,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    let mut n = 0;
    let with_notes = A::MAX >= Level::Internal;
    let columns: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| with_notes || *c != "notes")
        .collect();
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&columns)?;
    for p in views {
        n += 1;
        let person: [String; PERSON_COLUMNS] = [
            p.id.to_string(),
            p.primary_name().to_string(),
            p.names
                .iter()
                .skip(1)
                .map(variant)
                .collect::<Vec<_>>()
                .join(LIST_SEPARATOR),
            opt(&p.birth_year),
            opt(&p.gender),
            opt(&p.country),
            p.categories
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            p.affiliations.join(LIST_SEPARATOR),
            opt(&p.bio),
            opt(&p.notes),
        ];
        let mut cases: Vec<Option<&CaseView>> = p.cases.iter().map(Some).collect();
        if cases.is_empty() {
            cases.push(None);
        }
        for case in cases {
            let mut record: Vec<String> = person.to_vec();
            record.extend(case_cells(case)?);
            let cells = record
                .iter()
                .zip(COLUMNS)
                .filter(|(_, c)| with_notes || **c != "notes")
                .map(|(v, _)| neutralise(v));
            w.write_record(cells.map(|c| c.into_owned()))?;
        }
    }
    w.flush()?;
    Ok(n)
}

/// The columns from `case_ref` on; a person without a case leaves them empty.
const CASE_COLUMNS: usize = COLUMNS.len() - PERSON_COLUMNS;
const PERSON_COLUMNS: usize = 10;

fn case_cells(case: Option<&CaseView>) -> Result<Vec<String>, ExportError> {
    let Some(c) = case else {
        return Ok(vec![String::new(); CASE_COLUMNS]);
    };
    let events: Vec<CsvEvent> = c
        .events
        .iter()
        .map(|e| CsvEvent {
            kind: e.kind,
            date: e.date,
            sentence_months: e.sentence_months,
            release_reason: e.release_reason,
            facility: e.facility.clone(),
            next_hearing: e.next_hearing,
            details: e.details.clone(),
            sources: e.sources.iter().filter_map(|s| s.url.clone()).collect(),
        })
        .collect();
    let a = c.assessment.as_ref();
    Ok(vec![
        c.id.to_string(),
        opt(&c.country),
        opt(&c.arrested),
        opt(&c.place),
        opt(&c.arresting_body),
        opt(&c.court),
        opt(&c.facility),
        c.charges
            .iter()
            .map(|ch| match &ch.text {
                Some(t) => format!("{}={t}", ch.article),
                None => ch.article.clone(),
            })
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR),
        a.map(|a| {
            a.criteria
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default(),
        a.map(|a| a.reasoning.clone()).unwrap_or_default(),
        a.map(|a| a.assessor.clone()).unwrap_or_default(),
        a.map(|a| a.date.to_string()).unwrap_or_default(),
        opt(&c.status),
        opt(&c.expected_release),
        serde_json::to_string(&events)?,
    ])
}
