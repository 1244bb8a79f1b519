//! Cells that a spreadsheet must show, never run (OWASP "CSV Injection").
//!
//! Excel, LibreOffice and Google Sheets treat a cell that begins with `=`, `+`, `-` or
//! `@` (and, in some, a tab or carriage return before one) as a formula. Values in our
//! CSV files come from staff and from ingested web pages, so every CSV habeas writes
//! passes each cell through [`neutralise`], which puts a `'` in front of such a value;
//! spreadsheets show the rest as text. [`restore`] undoes it when habeas reads its own
//! export back, and the pair is exact: a value that itself begins with quotes before
//! one of those characters gets one more quote, so `restore(neutralise(v)) == v` for
//! every `v`.

use std::borrow::Cow;

/// The first characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `value`, after any leading quotes, starts with a trigger.
fn quoted_trigger(value: &str) -> bool {
    value.trim_start_matches('\'').starts_with(TRIGGERS)
}

/// The cell to write for `value`.
pub fn neutralise(value: &str) -> Cow<'_, str> {
    if quoted_trigger(value) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// The value a cell written by [`neutralise`] holds.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if quoted_trigger(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_come_back_exactly() {
        for (value, cell) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+994 50 000", "'+994 50 000"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'=1", "''=1"),
            ("''+1", "'''+1"),
            ("Leyla Məmmədova", "Leyla Məmmədova"),
            ("'quoted'", "'quoted'"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(neutralise(value), cell, "{value:?}");
            assert_eq!(restore(cell), value, "{cell:?}");
        }
    }

    #[test]
    fn no_written_cell_starts_a_formula() {
        let values = ["=1", "'=1", "+", "@", "-", "\t", "\r\n", "'", "''", "x"];
        for v in values {
            let cell = neutralise(v);
            assert!(!cell.starts_with(TRIGGERS), "{cell:?}");
            assert_eq!(restore(&cell), v);
        }
    }
}
