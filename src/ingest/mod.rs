//! Ingest: reading damaged articles and proposing registry updates (issue 5). So far:
//! the repair of damaged text (`repair.rs`), dates with their precision, absolute or
//! relative to the publication date (`dates.rs`), and charges and sentence lengths
//! (`facts.rs`). Main-text extraction, tables, findings and proposals come next.

pub mod dates;
pub mod facts;
pub mod repair;

pub use repair::repair;
