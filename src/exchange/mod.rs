//! Moving the record in and out: exports (CSV, JSON, NDJSON) built only from the views
//! in `public`, and spreadsheet import with a column mapping, a dry run and a
//! row-by-row error report.
//!
//! The CSV has one row per case (a person without a case has one row), so a
//! spreadsheet user can read it as it is; the `events` column carries the full timeline
//! as JSON, which is what lets `export` then `import` reproduce the same export.

mod export;
mod import;
mod popolo;

pub use export::{ExportError, ExportFormat, export};
pub use import::{ImportError, ImportReport, Mapping, RowError, parse_csv};
pub use popolo::{DEFAULT_LICENCE, DataMeta, popolo};

/// The CSV columns `export` writes and `import` reads by default.
pub const COLUMNS: &[&str] = &[
    "person_ref",
    "name",
    "variants",
    "birth_year",
    "gender",
    "country",
    "categories",
    "affiliations",
    "bio",
    "notes",
    "case_ref",
    "case_country",
    "arrested",
    "place",
    "arresting_body",
    "court",
    "facility",
    "charges",
    "pace_criteria",
    "pace_reasoning",
    "pace_assessor",
    "pace_date",
    "status",
    "expected_release",
    "events",
];

/// Separates several values in one cell (variants, charges, affiliations).
pub const LIST_SEPARATOR: &str = " | ";

/// One event in the `events` column.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CsvEvent {
    pub kind: crate::domain::EventKind,
    pub date: crate::domain::PartialDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_reason: Option<crate::domain::ReleaseReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_hearing: Option<crate::domain::PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}
