//! The public article-extraction benchmark (ScrapingHub's, 181 real pages with the
//! article body a person marked): how well `page` finds the main text, scored as the
//! benchmark's own `evaluate.py` scores it (4-word shingles, precision and recall per
//! page averaged over pages, F1 of the averages); how much `repair` alters clean
//! text; and the time both take against a floor measured in the same run.
//! `habeas eval extraction DIR` prints it; DIR holds `html/*.html.gz` and
//! `ground-truth.json`.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::lexicon;
use super::page;
use super::repair::repair_in;

/// Precision, recall and F1 of the main text over a set of pages.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct TextScore {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// What repair did to the main text of clean pages.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct RepairChange {
    pub tokens: usize,
    /// Tokens of the text that repair's output no longer holds (split, re-cased,
    /// joined or dropped).
    pub altered: usize,
}

impl RepairChange {
    /// Altered tokens per 2,000.
    pub fn per_2000(&self) -> f64 {
        if self.tokens == 0 {
            0.0
        } else {
            self.altered as f64 * 2000.0 / self.tokens as f64
        }
    }
}

#[derive(Debug, Default, Serialize)]
pub struct Extraction {
    pub all: TextScore,
    pub english: TextScore,
    pub other_languages: TextScore,
    pub repair_all: RepairChange,
    pub repair_other_languages: RepairChange,
    /// Pages whose main text could not be read (refused as not text, say).
    pub unread: Vec<String>,
    pub html_bytes: usize,
    #[serde(skip)]
    pub main_text_time: Duration,
    #[serde(skip)]
    pub repair_time: Duration,
    /// Lower-casing a copy of the same bytes: a floor for anything that reads them all.
    #[serde(skip)]
    pub floor_time: Duration,
}

/// The benchmark's tokens: runs of word characters (Python's `\w`: letters, digits,
/// the underscore).
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

/// True positives, false positives and false negatives of 4-word shingles, as shares
/// of their sum (so a long page weighs as much as a short one), as `evaluate.py`'s
/// `string_shingle_matching`.
fn shingle_match(truth: &str, predicted: &str) -> (f64, f64, f64) {
    fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
        let t = tokens(text);
        let mut out: HashMap<Vec<&str>, usize> = HashMap::new();
        let n = 4;
        for i in 0..t.len().saturating_sub(n - 1).max(1) {
            let shingle: Vec<&str> = t.iter().skip(i).take(n).copied().collect();
            if !shingle.is_empty() {
                *out.entry(shingle).or_default() += 1;
            }
        }
        out
    }
    let (t, p) = (shingles(truth), shingles(predicted));
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for key in t.keys().chain(p.keys().filter(|k| !t.contains_key(*k))) {
        let (a, b) = (
            t.get(key).copied().unwrap_or(0) as f64,
            p.get(key).copied().unwrap_or(0) as f64,
        );
        tp += a.min(b);
        fp += (b - a).max(0.0);
        fn_ += (a - b).max(0.0);
    }
    let sum = tp + fp + fn_;
    if sum > 0.0 {
        (tp / sum, fp / sum, fn_ / sum)
    } else {
        (0.0, 0.0, 0.0)
    }
}

/// `evaluate.py`'s `metrics_from_tp_fp_fns`.
fn text_score(matches: &[(f64, f64, f64)]) -> TextScore {
    let mean = |values: Vec<f64>| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let score = |a: f64, b: f64| {
        if b == 0.0 && a == 0.0 {
            0.0
        } else {
            a / (a + b)
        }
    };
    let perfect = |fp: f64, fn_: f64| fp == 0.0 && fn_ == 0.0;
    let precision = mean(
        matches
            .iter()
            .filter(|(tp, fp, _)| tp + fp > 0.0)
            .map(|&(tp, fp, fn_)| if perfect(fp, fn_) { 1.0 } else { score(tp, fp) })
            .collect(),
    );
    let recall = mean(
        matches
            .iter()
            .filter(|(tp, _, fn_)| tp + fn_ > 0.0)
            .map(|&(tp, fp, fn_)| {
                if perfect(fp, fn_) {
                    1.0
                } else {
                    score(tp, fn_)
                }
            })
            .collect(),
    );
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    TextScore {
        pages: matches.len(),
        precision,
        recall,
        f1,
    }
}

/// The tokens of `before` that `after` no longer holds (as a multiset).
fn altered(before: &str, after: &str) -> RepairChange {
    let mut left: HashMap<&str, i64> = HashMap::new();
    let before = tokens(before);
    for t in &before {
        *left.entry(t).or_default() += 1;
    }
    for t in tokens(after) {
        if let Some(n) = left.get_mut(t) {
            *n -= 1;
        }
    }
    RepairChange {
        tokens: before.len(),
        altered: left.values().map(|n| (*n).max(0) as usize).sum(),
    }
}

#[derive(serde::Deserialize)]
struct Truth {
    #[serde(rename = "articleBody", default)]
    article_body: String,
}

/// Runs the benchmark in `dir`.
pub fn run(dir: &Path) -> std::io::Result<Extraction> {
    let truth: HashMap<String, Truth> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("ground-truth.json"))?)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    let mut ids: Vec<&String> = truth.keys().collect();
    ids.sort();
    let mut out = Extraction::default();
    let (mut all, mut english, mut other) = (Vec::new(), Vec::new(), Vec::new());
    for id in ids {
        let mut html = Vec::new();
        let path = dir.join("html").join(format!("{id}.html.gz"));
        std::fs::File::open(&path)
            .and_then(|file| flate2::read::GzDecoder::new(file).read_to_end(&mut html))
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        out.html_bytes += html.len();

        let started = Instant::now();
        let lowered = String::from_utf8_lossy(&html).to_lowercase();
        std::hint::black_box(lowered);
        out.floor_time += started.elapsed();

        let started = Instant::now();
        let text = match page::read(&html, None, true) {
            Ok(p) => p.text,
            Err(_) => {
                out.unread.push(id.clone());
                String::new()
            }
        };
        out.main_text_time += started.elapsed();

        let body = &truth[id].article_body;
        let matched = shingle_match(body, &text);
        all.push(matched);
        let in_english = lexicon::detect(body).0 == "en";
        if in_english {
            english.push(matched);
        } else {
            other.push(matched);
        }

        let language = lexicon::detect(&text).0;
        let started = Instant::now();
        let repaired = repair_in(&text, &[], language);
        out.repair_time += started.elapsed();
        let change = altered(&text, &repaired);
        out.repair_all.tokens += change.tokens;
        out.repair_all.altered += change.altered;
        if !in_english {
            out.repair_other_languages.tokens += change.tokens;
            out.repair_other_languages.altered += change.altered;
        }
    }
    out.all = text_score(&all);
    out.english = text_score(&english);
    out.other_languages = text_score(&other);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_are_scored_as_the_benchmark_scores_them() {
        let truth = "one two three four five six";
        assert_eq!(shingle_match(truth, truth), (1.0, 0.0, 0.0));
        // Three shingles true; the prediction holds two of them and one of its own.
        let (tp, fp, fn_) = shingle_match(truth, "one two three four five nine");
        assert_eq!((tp * 4.0, fp * 4.0, fn_ * 4.0), (2.0, 1.0, 1.0));
        let score = text_score(&[(1.0, 0.0, 0.0), (0.5, 0.25, 0.25)]);
        assert!((score.precision - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-9);
        assert_eq!(text_score(&[(0.0, 0.0, 1.0)]).f1, 0.0);
    }

    #[test]
    fn altered_tokens_are_counted_once_each() {
        let change = altered(
            "The court ruledagainsttheappeal today",
            "The court ruled against the appeal today",
        );
        assert_eq!((change.tokens, change.altered), (4, 1));
        assert_eq!(altered("Kanalın direktoru", "Kanalın Direktoru").altered, 1);
        assert_eq!(altered("a b", "a b").altered, 0);
        assert_eq!(
            tokens("snake_case, Əli-nin 221.3"),
            ["snake_case", "Əli", "nin", "221", "3"]
        );
    }
}
