//! Step 3 of ingest: rows and cells of the tables in a page's text.
//!
//! Real and escaped HTML tables reach here already laid out by `page::render`, one
//! row a line with cells separated by " | ". Flattened tables are one run of words
//! whose header row survived ("Name Status Note ..."): their rows are recovered from
//! the status words of the second column and the names before them.

use super::findings::{is_status_word, looks_like_name_word};
use super::repair::Words;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Lower-case header cells, empty when the table has no header row.
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Byte range of the table in the text.
    pub start: usize,
    pub end: usize,
}

impl Table {
    /// The column that holds names: the header's "name" column, else the first.
    pub fn name_column(&self) -> usize {
        self.header
            .iter()
            .position(|h| NAME_HEADERS.contains(&h.as_str()))
            .unwrap_or(0)
    }
}

const NAME_HEADERS: &[&str] = &["name", "full name", "person", "prisoner", "detainee"];
/// Words a header row of a list of people is made of.
const HEADER_WORDS: &[&str] = &[
    "name",
    "status",
    "note",
    "notes",
    "description",
    "role",
    "sentence",
    "term",
    "charges",
    "charge",
    "article",
    "date",
    "details",
    "profession",
    "occupation",
    "case",
    "facility",
    "arrested",
    "reason",
    "region",
    "age",
];

/// Every table in `text`: piped rows first, then flattened tables.
pub fn tables(text: &str) -> Vec<Table> {
    let mut out = piped(text);
    let flat: Vec<Table> = flattened(text)
        .into_iter()
        .filter(|f| !out.iter().any(|p| p.start <= f.start && f.start < p.end))
        .collect();
    out.extend(flat);
    out.sort_by_key(|t| t.start);
    out
}

/// Runs of consecutive lines with the same number (at least two) of " | " cells.
fn piped(text: &str) -> Vec<Table> {
    let mut out = Vec::new();
    let mut current: Option<Table> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let cells: Vec<String> = line
            .trim()
            .split(" | ")
            .map(|c| c.trim().to_string())
            .collect();
        let row = cells.len() >= 2;
        match (&mut current, row) {
            (Some(t), true) if t.rows.first().is_some_and(|r| r.len() == cells.len()) => {
                t.rows.push(cells);
                t.end = offset;
            }
            (_, true) => {
                if let Some(t) = current.take() {
                    out.push(t);
                }
                current = Some(Table {
                    header: Vec::new(),
                    rows: vec![cells],
                    start,
                    end: offset,
                });
            }
            (_, false) => {
                if let Some(t) = current.take() {
                    out.push(t);
                }
            }
        }
    }
    out.extend(current);
    for table in &mut out {
        let first = table.rows.first().cloned().unwrap_or_default();
        let is_header = first
            .iter()
            .all(|c| HEADER_WORDS.contains(&c.to_lowercase().as_str()));
        if is_header {
            table.header = first.iter().map(|c| c.to_lowercase()).collect();
            table.rows.remove(0);
        }
    }
    out.retain(|t| !t.rows.is_empty());
    out
}

/// A header run starting with "Name" and at least one more header word, followed by
/// rows written as words: each row is a name, a status word and a note.
fn flattened(text: &str) -> Vec<Table> {
    let words: Vec<(usize, &str)> = word_offsets(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let bare = |k: usize| -> String {
            words.get(k).map_or(String::new(), |(_, w)| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
        };
        let capital = |k: usize| {
            words.get(k).is_some_and(|(_, w)| {
                w.trim_start_matches(|c: char| !c.is_alphanumeric())
                    .starts_with(char::is_uppercase)
            })
        };
        if !(bare(i) == "name" && capital(i)) {
            i += 1;
            continue;
        }
        let mut header = vec!["name".to_string()];
        let mut j = i + 1;
        while header.len() < 6 && capital(j) && HEADER_WORDS.contains(&bare(j).as_str()) {
            header.push(bare(j));
            j += 1;
        }
        if header.len() < 2 || header.get(1).is_none_or(|h| h != "status") {
            i += 1;
            continue;
        }
        // Rows: a capitalised status word, with the name right before it.
        let body_start = j;
        let mut body_end = j;
        let mut marks = Vec::new();
        let mut k = j;
        while k < words.len() {
            let (at, w) = words[k];
            // A table ends at a blank line.
            if k > j && text[words[k - 1].0..at].contains("\n\n") {
                break;
            }
            if capital(k) && is_status_word(&bare(k)) {
                marks.push(k);
            }
            body_end = k + 1;
            let _ = w;
            k += 1;
        }
        let mut rows = Vec::new();
        let mut name_starts = Vec::new();
        for &m in &marks {
            // The name: up to three name-like capitalised words before the status word.
            let mut s = m;
            let name_word = |w: &str| {
                looks_like_name_word(w) && !is_status_word(w) && !Words::english().is_common(w)
            };
            while s > body_start && m - s < 3 && capital(s - 1) && name_word(&bare(s - 1)) {
                s -= 1;
            }
            if s == m {
                continue;
            }
            name_starts.push((s, m));
        }
        for (n, &(s, m)) in name_starts.iter().enumerate() {
            let note_end = name_starts.get(n + 1).map_or(body_end, |(next, _)| *next);
            let join = |from: usize, to: usize| {
                words[from..to.max(from)]
                    .iter()
                    .map(|(_, w)| *w)
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let mut row = vec![join(s, m), join(m, m + 1), join(m + 1, note_end)];
            row.truncate(header.len().max(2));
            rows.push(row);
        }
        if !rows.is_empty() {
            let start = words[i].0;
            let end = words
                .get(body_end.saturating_sub(1))
                .map_or(text.len(), |(at, w)| at + w.len());
            out.push(Table {
                header,
                rows,
                start,
                end,
            });
        }
        i = body_end.max(i + 1);
    }
    out
}

fn word_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn piped_rows_with_a_header() {
        let text = "Intro.\n\nName | Role | Sentence\nAnna Kova | editor | 9 years\nBoris Tal | reporter | 8 years\n\nAfter.\n";
        let found = tables(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].header, ["name", "role", "sentence"]);
        assert_eq!(found[0].rows[1], ["Boris Tal", "reporter", "8 years"]);
        assert_eq!(
            &text[found[0].start..found[0].end],
            "Name | Role | Sentence\nAnna Kova | editor | 9 years\nBoris Tal | reporter | 8 years\n"
        );
    }

    #[test]
    fn flattened_rows_are_recovered_from_status_words() {
        let text = "A list of cases: Name Status Note Zaur Qurbanli Released Freed in May Aygun Tapdiqli Sentenced Six years for fraud\n\nNext paragraph.";
        let found = tables(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rows.len(), 2);
        assert_eq!(
            found[0].rows[0],
            ["Zaur Qurbanli", "Released", "Freed in May"]
        );
        assert_eq!(
            found[0].rows[1],
            ["Aygun Tapdiqli", "Sentenced", "Six years for fraud"]
        );
    }

    #[test]
    fn prose_with_the_word_name_is_not_a_table() {
        assert!(tables("Name the day. Status quo remains.").is_empty());
        assert!(tables("").is_empty());
    }
}
