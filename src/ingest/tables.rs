//! Step 3 of ingest: rows and cells of the tables in a page's text.
//!
//! Real and escaped HTML tables reach here already laid out by `page::render`, one
//! row a line with cells separated by " | ". Flattened tables are one run of words
//! whose header row survived ("Name Status Note ...", "Имя Статьи Срок ...", "Ad,
//! soyad Maddələr ..."): their rows are recovered from the names in the run, each row
//! running from its name to the next one. The header words are the language's
//! `tables.txt`; telling a name is the caller's (it knows the language's names).
//! Rows that ran into the paragraph after a piped table are recovered the same way.

use super::lexicon::{Language, TableWords, runs_where};
use super::repair::drop_tag_debris;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Lower-case header cells, empty when the table has no header row.
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The column that holds names.
    pub name_column: usize,
    /// The column of criminal-code articles, when the header names one.
    pub articles: Option<usize>,
    /// Rows recovered from a run of words: each row is its name and the rest.
    pub flattened: bool,
    /// Byte range of the table in the text.
    pub start: usize,
    pub end: usize,
}

/// Byte ranges of the people's names in a text, in order.
pub type NameSpans<'a> = &'a dyn Fn(&str) -> Vec<(usize, usize)>;

/// Every table in `text`: piped rows first, then flattened tables.
pub fn tables(text: &str, language: Language, names: NameSpans<'_>) -> Vec<Table> {
    let headers = TableWords::of(language);
    let mut out = piped(text, language, headers);
    let continued: Vec<Table> = out
        .iter()
        .filter_map(|t| continuation(text, t, language, names))
        .collect();
    out.extend(continued);
    let flat: Vec<Table> = flattened(text, language, headers, names)
        .into_iter()
        .filter(|f| !out.iter().any(|p| p.start <= f.start && f.start < p.end))
        .collect();
    out.extend(flat);
    out.sort_by_key(|t| t.start);
    out
}

/// Runs of consecutive lines with the same number (at least two) of " | " cells.
fn piped(text: &str, language: Language, headers: &TableWords) -> Vec<Table> {
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
                    name_column: 0,
                    articles: None,
                    flattened: false,
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
        // A header cell is header words from end to end ("Мера / приговор" too).
        let whole = |cell: &str, at: &dyn Fn(&[String], usize) -> Option<usize>| {
            let words = lower_words(cell, language);
            let mut i = 0;
            while i < words.len() {
                let Some(n) =
                    at(&words, i).or_else(|| headers.column_at(&words, i).filter(|_| i > 0))
                else {
                    return false;
                };
                i += n;
            }
            !words.is_empty()
        };
        let names = |w: &[String], i: usize| headers.name_at(w, i);
        let articles = |w: &[String], i: usize| headers.articles_at(w, i);
        let columns = |w: &[String], i: usize| headers.column_at(w, i);
        let is_header = first.iter().all(|c| whole(c, &names) || whole(c, &columns));
        if is_header {
            table.name_column = first.iter().position(|c| whole(c, &names)).unwrap_or(0);
            table.articles = first.iter().position(|c| whole(c, &articles));
            table.header = first.iter().map(|c| language.lower(c)).collect();
            table.rows.remove(0);
        }
    }
    out.retain(|t| !t.rows.is_empty());
    out
}

/// The rows of a piped table with a header that ran, flattened, into the paragraph
/// after it: a paragraph that opens with a name and ends no sentence.
fn continuation(
    text: &str,
    table: &Table,
    language: Language,
    names: NameSpans<'_>,
) -> Option<Table> {
    if table.header.is_empty() {
        return None;
    }
    let rest = text.get(table.end..)?;
    let skipped = rest.len() - rest.trim_start().len();
    let start = table.end + skipped;
    let line = text[start..].split('\n').next()?;
    let ends_sentences = line
        .match_indices(". ")
        .any(|(i, _)| line[i + 2..].starts_with(char::is_uppercase));
    if ends_sentences || line.trim_end().ends_with('.') {
        return None;
    }
    let rows = rows_by_name(line, language, names)?;
    Some(Table {
        header: table.header.clone(),
        rows,
        name_column: 0,
        articles: table.articles.map(|_| 1),
        flattened: true,
        start,
        end: start + line.len(),
    })
}

/// A header run opening with the name column's header and at least one more column's,
/// followed on the same line by rows that each open with a name.
fn flattened(
    text: &str,
    language: Language,
    headers: &TableWords,
    names: NameSpans<'_>,
) -> Vec<Table> {
    let mut out = Vec::new();
    let mut offset = 0;
    // A table runs to the end of its paragraph.
    for line in text.split_inclusive("\n\n") {
        let line_start = offset;
        offset += line.len();
        let words: Vec<(usize, &str)> = header_words(line);
        let lower: Vec<String> = words.iter().map(|(_, w)| language.lower(w)).collect();
        let mut i = 0;
        while i < words.len() {
            let capital = words[i].1.starts_with(char::is_uppercase);
            let Some(taken) = headers.name_at(&lower, i).filter(|_| capital) else {
                i += 1;
                continue;
            };
            let mut header = vec![lower[i..i + taken].join(" ")];
            let mut j = i + taken;
            let mut articles = false;
            while header.len() < 8 {
                let Some(n) = headers.column_at(&lower, j) else {
                    break;
                };
                articles |= headers.articles_at(&lower, j) == Some(n);
                header.push(lower[j..j + n].join(" "));
                j += n;
            }
            let Some(&(body_at, _)) = words.get(j).filter(|_| header.len() >= 2) else {
                i += 1;
                continue;
            };
            let body = line[body_at..].trim_end();
            match rows_by_name(body, language, names) {
                Some(rows) => {
                    out.push(Table {
                        header,
                        rows,
                        name_column: 0,
                        articles: articles.then_some(1),
                        flattened: true,
                        start: line_start + words[i].0,
                        end: line_start + body_at + body.len(),
                    });
                    break;
                }
                None => i += 1,
            }
        }
    }
    out
}

/// Rows of a flattened table: each from a name to the next name, as the name and the
/// rest of its row (stray pieces of markup dropped). Words before the first name
/// the caller knows are a row too, named by its first word (a glued name,
/// "Turalhasanli").
fn rows_by_name(body: &str, language: Language, names: NameSpans<'_>) -> Option<Vec<Vec<String>>> {
    let mut found = names(body);
    let first = found.first()?.0;
    let clean = |text: &str| {
        drop_tag_debris(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // The lead row's name: its first word, and up to two more capitalised words of
    // letters after it ("Нигяр Гусейнли «Ачыг Сёз»"; "Turalhasanli Detained" is one).
    let lead = clean(&body[..first]);
    let lead_words: Vec<&str> = lead.split_whitespace().collect();
    if let Some(word) = lead_words.first() {
        let more = lead_words[1..]
            .iter()
            .take(2)
            .take_while(|w| {
                let lower = language.lower(w);
                w.starts_with(char::is_uppercase)
                    && w.chars().all(|c| c.is_alphabetic() || c == '-')
                    && TableWords::of(language)
                        .status_in(std::slice::from_ref(&lower))
                        .is_none()
            })
            .count();
        let at = body.find(word).unwrap_or(0);
        let end = lead_words[1..=more]
            .last()
            .and_then(|last| body[at..].find(last).map(|i| at + i + last.len()))
            .unwrap_or(at + word.len());
        found.insert(0, (at, end.min(first)));
    }
    let rows: Vec<Vec<String>> = found
        .iter()
        .enumerate()
        .map(|(n, &(from, to))| {
            let next = found.get(n + 1).map_or(body.len(), |(f, _)| *f);
            vec![clean(&body[from..to]), clean(&body[to..next.max(to)])]
        })
        .collect();
    Some(rows)
}

/// The words of a line with their offsets, punctuation around them left out; words of
/// punctuation only ("/", "|", "–") and pieces of table markup ("< /tr >") are skipped.
fn header_words(line: &str) -> Vec<(usize, &str)> {
    runs_where(line, |c| !c.is_whitespace())
        .into_iter()
        .filter_map(|(s, word)| {
            let trimmed = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
            let trimmed = trimmed.trim_end_matches('.');
            let markup = matches!(trimmed, "td" | "tr" | "th" | "thead" | "tbody");
            (!trimmed.is_empty() && !markup)
                .then(|| word.find(trimmed).map(|at| (s + at, trimmed)))
                .flatten()
        })
        .collect()
}

fn lower_words(cell: &str, language: Language) -> Vec<String> {
    header_words(cell)
        .into_iter()
        .map(|(_, w)| language.lower(w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names these tests write, where they stand in a text.
    fn pairs(text: &str) -> Vec<(usize, usize)> {
        const NAMES: &[&str] = &[
            "Anna Kova",
            "Boris Tal",
            "Zaur Qurbanli",
            "Aygun Tapdiqli",
            "Елена Шахова",
            "Денис Руденко",
            "Ramil Hüseynli",
            "Aysel Qurbanova",
            "Анна Кова",
            "Борис Тальев",
            "Вера Лось",
        ];
        let mut out: Vec<(usize, usize)> = NAMES
            .iter()
            .flat_map(|n| text.match_indices(n).map(|(at, n)| (at, at + n.len())))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn piped_rows_with_a_header() {
        let text = "Intro.\n\nName | Role | Sentence\nAnna Kova | editor | 9 years\nBoris Tal | reporter | 8 years\n\nAfter.\n";
        let found = tables(text, Language::En, &pairs);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].header, ["name", "role", "sentence"]);
        assert_eq!(found[0].rows[1], ["Boris Tal", "reporter", "8 years"]);
        assert_eq!(
            &text[found[0].start..found[0].end],
            "Name | Role | Sentence\nAnna Kova | editor | 9 years\nBoris Tal | reporter | 8 years\n"
        );
        // The header tells the column of names, wherever it stands.
        let text = "Статья | ФИО | Мера / приговор\n342 | Анна Кова | 3 года\n";
        let found = tables(text, Language::Ru, &pairs);
        assert_eq!(found[0].name_column, 1);
        assert_eq!(found[0].rows[0][1], "Анна Кова");
    }

    #[test]
    fn flattened_rows_are_recovered_from_the_names() {
        let text = "A list of cases: Name Status Note Zaur Qurbanli Released Freed in May Aygun Tapdiqli Sentenced Six years for fraud\n\nNext paragraph.";
        let found = tables(text, Language::En, &pairs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].header, ["name", "status", "note"]);
        assert_eq!(
            found[0].rows,
            [
                ["Zaur Qurbanli", "Released Freed in May"],
                ["Aygun Tapdiqli", "Sentenced Six years for fraud"]
            ]
        );
        assert!(text[found[0].start..found[0].end].starts_with("Name Status"));
        assert!(text[found[0].start..found[0].end].ends_with("for fraud"));
        // Headers of several words, in Russian and Azerbaijani, with markup left over.
        let ru = "Фигуранты: Имя Мера пресечения Статья Елена Шахова домашний арест ст. 280.3 Денис Руденко залог\n";
        let found = tables(ru, Language::Ru, &pairs);
        assert_eq!(found[0].header, ["имя", "мера пресечения", "статья"]);
        assert_eq!(found[0].rows[1], ["Денис Руденко", "залог"]);
        let az = "Cədvəl: Ad, soyad Maddələr Cəza / qətimkan tədbiri Status Ramil Hüseynli 234.4.3 td ><td > Aysel Qurbanova < /tr > 7 il\n";
        let found = tables(az, Language::Az, &pairs);
        assert_eq!(
            found[0].header,
            ["ad soyad", "maddələr", "cəza", "qətimkan tədbiri", "status"]
        );
        assert_eq!(
            found[0].rows,
            [["Ramil Hüseynli", "234.4.3"], ["Aysel Qurbanova", "7 il"]]
        );
    }

    #[test]
    fn rows_that_ran_on_after_a_piped_table_are_its_rows() {
        let text = "Имя | Срок | Событие\nАнна Кова | 3 года | осуждена\n\nБорис Тальев 8 лет освобождён Вера Лось 2 года этап\n\nДалее текст. Он идёт.\n";
        let found = tables(text, Language::Ru, &pairs);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[1].header, ["имя", "срок", "событие"]);
        assert_eq!(
            found[1].rows,
            [
                ["Борис Тальев", "8 лет освобождён"],
                ["Вера Лось", "2 года этап"]
            ]
        );
        // A paragraph of sentences after a table is prose.
        let prose = "Имя | Срок\nАнна Кова | 3 года\n\nБорис Тальев вышел. Вера Лось осуждена.\n";
        assert_eq!(tables(prose, Language::Ru, &pairs).len(), 1);
    }

    #[test]
    fn prose_with_the_word_name_is_not_a_table() {
        assert!(tables("Name the day. Status quo remains.", Language::En, &pairs).is_empty());
        assert!(tables("Name Status quo remains here.", Language::En, &pairs).is_empty());
        assert!(tables("", Language::En, &pairs).is_empty());
    }
}
