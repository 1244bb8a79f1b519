//! Printable documents: letter packs and the "list as of date" report. A document is
//! a list of sections, each starting on a new page, made of blocks of text. [`pdf`]
//! lays them out on A4 and writes a PDF with DejaVu Sans embedded (subset), so
//! Azerbaijani and Cyrillic print as they are; no external program is involved.
//! The HTML forms of the same documents are templates with a print stylesheet.

mod pdf;

pub use pdf::pdf;

/// One block of text. Newlines inside a block are kept as line breaks (addresses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(String),
    Heading(String),
    Text(String),
    /// Smaller, grey: dates, references, counts.
    Small(String),
    /// A blank line.
    Space,
}

/// A document to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// The PDF's title (its metadata) and the running footer.
    pub title: String,
    /// BCP 47 language of the text, for the PDF's metadata.
    pub lang: String,
    /// Each section starts on a new page; a long one continues on the next.
    pub sections: Vec<Vec<Block>>,
}

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("the embedded font could not be read: {0}")]
    Font(&'static str),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}
