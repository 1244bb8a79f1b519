//! The letter pack: every target's letter, one a page, with the date and the
//! addressee's block, as HTML with a print stylesheet and as PDF.

use serde::Serialize;

use super::Letter;
use super::language::long_date;
use crate::domain::{Date, PartialDate, Precision};
use crate::print::{Block, Doc, PrintError};
use crate::web::Templates;

#[derive(Serialize)]
struct PackLetter<'a> {
    #[serde(flatten)]
    letter: &'a Letter,
    /// Today, written in the letter's language.
    date: String,
}

fn dated(letters: &[Letter], today: Date) -> Vec<PackLetter<'_>> {
    let today = PartialDate::with_precision(today, Precision::Day);
    letters
        .iter()
        .map(|letter| PackLetter {
            letter,
            date: long_date(today, &letter.language),
        })
        .collect()
}

/// The pack as one HTML page; printing it gives one letter a page.
pub fn html(
    templates: &Templates,
    title: &str,
    letters: &[Letter],
    today: Date,
) -> Result<String, minijinja::Error> {
    templates.render(
        "letters.html",
        serde_json::json!({ "title": title, "letters": dated(letters, today) }),
    )
}

/// The pack as a PDF, one letter a page (a letter too long for one page goes on).
pub fn pdf(title: &str, letters: &[Letter], today: Date) -> Result<Vec<u8>, PrintError> {
    let sections = dated(letters, today)
        .into_iter()
        .map(|l| {
            let t = &l.letter.target;
            vec![
                Block::Small(l.date),
                Block::Space,
                Block::Text(t.address_lines()),
                Block::Space,
                Block::Text(l.letter.text.clone()),
            ]
        })
        .collect();
    crate::print::pdf(&Doc {
        title: title.to_string(),
        lang: letters
            .first()
            .map_or_else(|| "en".to_string(), |l| l.language.clone()),
        sections,
    })
}
