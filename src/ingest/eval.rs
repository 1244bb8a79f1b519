//! Scoring the reading against labelled articles in the format of the shared fixtures
//! (`NAME.html` or `NAME.txt` with `NAME.expected.json` beside it): people found,
//! each field of the people found, organisations, country, damaged spans, and the
//! boilerplate left in the main text. `habeas eval ingest DIR` prints it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::search::names::{Decision, NameKey, compare};

use super::article::{Article, read_article};

#[derive(Debug, Deserialize)]
pub struct Expected {
    /// The page's language (en, ru, az); pages labelled before the key existed are
    /// English.
    #[serde(default)]
    pub language: Option<String>,
    /// The page's publication date, when it gives one.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub organisations: Vec<String>,
    #[serde(default)]
    pub people: Vec<ExpectedPerson>,
    #[serde(default)]
    pub not_cases: Vec<String>,
    #[serde(default)]
    pub spans: Vec<Span>,
    #[serde(default)]
    pub main_text_must_include: Vec<String>,
    #[serde(default)]
    pub main_text_must_exclude: Vec<String>,
    /// What the page demands and of whom; pages labelled before the keys existed
    /// say nothing of them and are not scored on them.
    #[serde(default)]
    pub demands: Option<Vec<String>>,
    #[serde(default)]
    pub targets: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct ExpectedPerson {
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub charges: Option<Vec<String>>,
    #[serde(default)]
    pub sentence_months: Option<u32>,
    #[serde(default)]
    pub release_reason: Option<String>,
    #[serde(default)]
    pub facility: Option<String>,
    #[serde(default)]
    pub next_hearing: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Span {
    pub clean: String,
}

/// True and false positives and false negatives of one field.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, expected: Option<&str>, got: Option<&str>) {
        match (expected, got) {
            (Some(e), Some(g)) if e == g => self.tp += 1,
            (Some(_), Some(_)) => {
                self.fp += 1;
                self.fn_ += 1;
            }
            (Some(_), None) => self.fn_ += 1,
            (None, Some(_)) => self.fp += 1,
            (None, None) => {}
        }
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

#[derive(Debug, Default, Serialize)]
pub struct Scores {
    pub articles: usize,
    pub people: Counts,
    /// Per field, over the people found that an expected person matches.
    pub fields: BTreeMap<&'static str, Counts>,
    pub organisations: Counts,
    pub country: Counts,
    pub published: Counts,
    /// Demands and addressees, matched loosely (`appeal::same`), one to one.
    pub demands: Counts,
    pub targets: Counts,
    pub spans: usize,
    pub spans_clean: usize,
    pub boilerplate_checks: usize,
    pub boilerplate_passed: usize,
    /// People reported that the labels say are not cases.
    pub not_cases_reported: Vec<String>,
    pub errors: Vec<String>,
    /// What was missed or wrong, one line each, for a reader to check.
    pub misses: Vec<String>,
    /// The same scores for each language's pages (their own `by_language` empty).
    pub by_language: BTreeMap<String, Scores>,
}

impl Counts {
    fn absorb(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

impl Scores {
    /// Adds one page's scores to these (per-language totals).
    fn absorb(&mut self, page: Scores) {
        self.articles += 1;
        self.people.absorb(page.people);
        for (field, counts) in page.fields {
            self.fields.entry(field).or_default().absorb(counts);
        }
        self.organisations.absorb(page.organisations);
        self.country.absorb(page.country);
        self.published.absorb(page.published);
        self.demands.absorb(page.demands);
        self.targets.absorb(page.targets);
        self.spans += page.spans;
        self.spans_clean += page.spans_clean;
        self.boilerplate_checks += page.boilerplate_checks;
        self.boilerplate_passed += page.boilerplate_passed;
        self.not_cases_reported.extend(page.not_cases_reported);
        self.errors.extend(page.errors);
    }

    /// Share of matched people whose `field` is right, where the label gives it.
    pub fn accuracy(&self, field: &str) -> f64 {
        self.fields
            .get(field)
            .map_or(1.0, |c| ratio(c.tp, c.tp + c.fn_))
    }
}

/// Scores every labelled article in `dir`.
pub fn evaluate(dir: &Path) -> std::io::Result<Scores> {
    let mut scores = Scores::default();
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("html" | "htm" | "txt")
            )
        })
        .collect();
    entries.sort();
    for path in entries {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let label = path.with_file_name(format!("{stem}.expected.json"));
        let Ok(label_text) = std::fs::read_to_string(&label) else {
            continue;
        };
        let expected: Expected = match serde_json::from_str(&label_text) {
            Ok(e) => e,
            Err(e) => {
                scores.errors.push(format!("{}: {e}", label.display()));
                continue;
            }
        };
        let bytes = std::fs::read(&path)?;
        let html = path.extension().is_some_and(|e| e != "txt");
        let language = expected.language.clone().unwrap_or_else(|| "en".into());
        let mut alone = Scores::default();
        match read_article(&bytes, None, html, &[]) {
            Ok(article) => {
                score(&mut scores, stem, &article, &expected);
                score(&mut alone, stem, &article, &expected);
            }
            Err(e) => scores.errors.push(format!("{}: {e}", path.display())),
        }
        scores.articles += 1;
        scores
            .by_language
            .entry(language)
            .or_default()
            .absorb(alone);
    }
    Ok(scores)
}

fn score(scores: &mut Scores, stem: &str, article: &Article, expected: &Expected) {
    let same = |a: &str, b: &str| {
        let (_, decision) = compare(&NameKey::of(a), &NameKey::of(b));
        decision == Decision::Same
    };
    let mut matched = vec![false; article.people.len()];
    for e in &expected.people {
        let found = article
            .people
            .iter()
            .enumerate()
            .find(|(i, p)| !matched[*i] && same(&p.name, &e.name));
        let Some((i, got)) = found else {
            scores.people.fn_ += 1;
            scores.misses.push(format!("{stem}: missed {}", e.name));
            continue;
        };
        matched[i] = true;
        scores.people.tp += 1;
        let status = got.status.map(|s| s.to_string());
        let event = got.event.map(|s| s.to_string());
        let date = got.date.map(|d| d.to_string());
        let charges = (!got.charges.is_empty()).then(|| got.charges.join(","));
        let months = got.sentence_months.map(|m| m.to_string());
        let reason = got.release_reason.map(|r| r.to_string());
        let hearing = got.next_hearing.map(|d| d.to_string());
        let pairs: [(&'static str, Option<String>, Option<String>); 8] = [
            ("status", e.status.clone(), status),
            ("event", e.event.clone(), event),
            ("date", e.date.clone(), date),
            ("charges", e.charges.as_ref().map(|c| c.join(",")), charges),
            (
                "sentence_months",
                e.sentence_months.map(|m| m.to_string()),
                months,
            ),
            ("release_reason", e.release_reason.clone(), reason),
            ("facility", e.facility.clone(), got.facility.clone()),
            ("next_hearing", e.next_hearing.clone(), hearing),
        ];
        for (field, want, have) in pairs {
            if want != have {
                scores.misses.push(format!(
                    "{stem}: {} {field}: expected {}, read {}",
                    e.name,
                    want.as_deref().unwrap_or("nothing"),
                    have.as_deref().unwrap_or("nothing")
                ));
            }
            scores
                .fields
                .entry(field)
                .or_default()
                .add(want.as_deref(), have.as_deref());
        }
    }
    for (i, p) in article.people.iter().enumerate() {
        if matched[i] {
            continue;
        }
        scores.people.fp += 1;
        if expected.not_cases.iter().any(|n| same(n, &p.name)) {
            scores
                .not_cases_reported
                .push(format!("{stem}: {}", p.name));
        } else {
            scores
                .misses
                .push(format!("{stem}: reported {}, not labelled", p.name));
        }
    }
    let lower = |s: &str| s.to_lowercase();
    for o in &expected.organisations {
        if article.organisations.iter().any(|g| lower(g) == lower(o)) {
            scores.organisations.tp += 1;
        } else {
            scores.organisations.fn_ += 1;
            scores
                .misses
                .push(format!("{stem}: organisation {o} missed"));
        }
    }
    for g in &article.organisations {
        if !expected.organisations.iter().any(|o| lower(g) == lower(o)) {
            scores.organisations.fp += 1;
            scores
                .misses
                .push(format!("{stem}: organisation {g} not labelled"));
        }
    }
    scores
        .country
        .add(expected.country.as_deref(), article.country.as_deref());
    let published = article.published.map(|d| d.to_string());
    if expected.published.is_some() && expected.published != published {
        scores.misses.push(format!(
            "{stem}: published: expected {}, read {}",
            expected.published.as_deref().unwrap_or("nothing"),
            published.as_deref().unwrap_or("nothing")
        ));
    }
    // Pages labelled before the key existed say nothing of their date.
    if expected.published.is_some() {
        scores
            .published
            .add(expected.published.as_deref(), published.as_deref());
    }
    if let Some(want) = &expected.demands {
        scores.demands.absorb(matched_loosely(
            stem,
            "demand",
            want,
            &article.demands,
            &mut scores.misses,
        ));
    }
    if let Some(want) = &expected.targets {
        scores.targets.absorb(matched_loosely(
            stem,
            "target",
            want,
            &article.targets,
            &mut scores.misses,
        ));
    }
    for span in &expected.spans {
        scores.spans += 1;
        if article.text.contains(&span.clean) {
            scores.spans_clean += 1;
        } else {
            scores
                .misses
                .push(format!("{stem}: span not clean: {}", span.clean));
        }
    }
    for must in &expected.main_text_must_include {
        scores.boilerplate_checks += 1;
        if article.text.contains(must.as_str()) {
            scores.boilerplate_passed += 1;
        } else {
            scores
                .misses
                .push(format!("{stem}: main text lacks {must:?}"));
        }
    }
    for must_not in &expected.main_text_must_exclude {
        scores.boilerplate_checks += 1;
        if article.text.contains(must_not.as_str()) {
            scores
                .misses
                .push(format!("{stem}: main text keeps {must_not:?}"));
        } else {
            scores.boilerplate_passed += 1;
        }
    }
}

/// Expected and read phrases paired one to one where they say the same
/// (`appeal::same`), each expected phrase taking the first unpaired one read.
fn matched_loosely(
    stem: &str,
    what: &str,
    want: &[String],
    got: &[String],
    misses: &mut Vec<String>,
) -> Counts {
    let mut used = vec![false; got.len()];
    let mut counts = Counts::default();
    for w in want {
        match (0..got.len()).find(|&i| !used[i] && super::appeal::same(w, &got[i])) {
            Some(i) => {
                used[i] = true;
                counts.tp += 1;
            }
            None => {
                counts.fn_ += 1;
                misses.push(format!("{stem}: {what} missed: {w}"));
            }
        }
    }
    for (i, g) in got.iter().enumerate() {
        if !used[i] {
            counts.fp += 1;
            misses.push(format!("{stem}: {what} not labelled: {g}"));
        }
    }
    counts
}
