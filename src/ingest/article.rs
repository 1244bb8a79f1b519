//! One page through the whole reading: main text, repair, tables and findings.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::domain::Date;

use super::findings::{self, Finding};
use super::page::{self, PageError};
use super::repair::repair_in;

/// What habeas reads out of one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<Date>,
    /// ISO 639-1 code of the page's language (`"und"` when it cannot be told). A page in
    /// a language ingest does not read (English, Russian, Azerbaijani) gives no people.
    pub language: String,
    /// The repaired main text.
    pub text: String,
    pub country: Option<String>,
    pub organisations: Vec<String>,
    pub people: Vec<Finding>,
    /// What the page itself demands, one action each, and of whom (see `appeal`).
    pub demands: Vec<String>,
    pub targets: Vec<String>,
    /// The page was read without layout analysis (see `page`).
    pub without_layout: bool,
    /// SHA-256 (hex) of the main text before repair: the same article read again,
    /// whatever the registry then knows, has the same digest.
    pub digest: String,
}

/// Reads a page. `known` are the registry's names: they are re-cased where the page
/// writes them in lower case, never split, and taken as names.
pub fn read_article(
    bytes: &[u8],
    content_type: Option<&str>,
    html_hint: bool,
    known: &[String],
) -> Result<Article, PageError> {
    let page = page::read(bytes, content_type, html_hint)?;
    let digest = Sha256::digest(page.text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (language, _) = super::lexicon::detect(&page.text);
    let text = repair_in(&page.text, known, language);
    let reading = findings::read_in(&text, page.published, known, language);
    let appeal = super::lexicon::Language::of_code(&reading.language)
        .map(|l| super::appeal::read(&text, l))
        .unwrap_or_default();
    Ok(Article {
        title: page.title.map(|t| repair_in(&t, known, language)),
        publisher: page.publisher,
        author: page.author,
        published: page.published,
        language: reading.language,
        country: reading.country,
        organisations: reading.organisations,
        people: reading.people,
        demands: appeal.demands,
        targets: appeal.targets,
        text,
        without_layout: page.without_layout,
        digest,
    })
}
