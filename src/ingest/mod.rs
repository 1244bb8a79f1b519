//! Ingest: reading damaged articles and proposing registry updates (issue 5).
//!
//! The pipeline, one module a step: `page` (bytes to main text and metadata),
//! `repair` (damaged text to clean text; `repair_ru` for Russian pages), `tables` (rows and cells), `findings` (people
//! whose detention the article reports, organisations, country; with `dates` and
//! `facts`), and `article`, which runs them in order for one page.

pub mod appeal;
pub mod article;
pub mod dates;
pub mod eval;
pub mod extraction;
pub mod facts;
pub mod findings;
pub mod lexicon;
pub mod names;
pub mod page;
pub mod repair;
pub mod repair_ru;
pub mod tables;

pub use article::{Article, read_article};
pub use repair::repair;
