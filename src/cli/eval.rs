//! `habeas eval names DIR` and `habeas eval ingest DIR`: score the name matcher and the
//! article reading on labelled data in the format of `tests/fixtures`
//! (`variants.json` with `groups`, `distinct.json` with `pairs`; articles with
//! `NAME.expected.json` beside them), so an organisation can check them on its own
//! data. Reads no database.

use std::path::{Path, PathBuf};

use super::CliError;
use crate::search::names::evaluate;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Score the name matcher: groups of spellings of one person each
    /// (DIR/variants.json) and pairs of different people (DIR/distinct.json).
    #[command(after_help = "Example:\n  habeas eval names tests/fixtures/names")]
    Names {
        dir: PathBuf,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Score the reading of articles: each NAME.html or NAME.txt in DIR against
    /// NAME.expected.json (precision, recall and F1 per field, spans, boilerplate).
    #[command(after_help = "Example:\n  habeas eval ingest tests/fixtures/articles/first-set")]
    Ingest {
        dir: PathBuf,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Score main-text extraction and repair on the public article-extraction
    /// benchmark (DIR holds html/*.html.gz and ground-truth.json): F1 as the
    /// benchmark's scorer counts it, overall and on pages not in English; tokens repair
    /// alters on these clean pages; time against a floor measured in the same run.
    #[command(after_help = "Example:\n  habeas eval extraction article-extraction-benchmark/")]
    Extraction { dir: PathBuf },
}

#[derive(serde::Deserialize)]
struct Variants {
    groups: Vec<Vec<String>>,
}

#[derive(serde::Deserialize)]
struct Distinct {
    pairs: Vec<(String, String)>,
}

fn read<T: for<'de> serde::Deserialize<'de>>(path: &Path) -> Result<T, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Message(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| CliError::Message(format!("{} is not the expected JSON: {e}", path.display())))
}

fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.3} ({part}/{whole})", part as f64 / whole as f64)
    }
}

pub fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Names { dir, json } => names(&dir, json),
        Command::Ingest { dir, json } => ingest(&dir, json),
        Command::Extraction { dir } => extraction(&dir),
    }
}

fn extraction(dir: &Path) -> Result<(), CliError> {
    if !dir.join("ground-truth.json").is_file() {
        return Err(CliError::Message(format!(
            "{} holds no ground-truth.json: the benchmark is not there (it is \
             scrapinghub/article-extraction-benchmark: html/*.html.gz and ground-truth.json)",
            dir.display()
        )));
    }
    let e = crate::ingest::extraction::run(dir)
        .map_err(|err| CliError::Message(format!("cannot read {}: {err}", dir.display())))?;
    let row = |name: &str, s: &crate::ingest::extraction::TextScore| {
        println!(
            "{name:<28} {:>5}  {:.3}  {:>9.3}  {:>6.3}",
            s.pages, s.f1, s.precision, s.recall
        );
    };
    println!("main text                    pages  F1     precision  recall");
    row("all pages", &e.all);
    row("in English", &e.english);
    row("in other languages", &e.other_languages);
    println!(
        "published (benchmark README): trafilatura 0.958, rs_trafilatura 0.970, dom_smoothie 0.865"
    );
    if !e.unread.is_empty() {
        println!("unread pages: {}", e.unread.join(", "));
    }
    println!(
        "repair: {} of {} tokens altered ({:.2} per 2,000); pages not in English: {} of {}",
        e.repair_all.altered,
        e.repair_all.tokens,
        e.repair_all.per_2000(),
        e.repair_other_languages.altered,
        e.repair_other_languages.tokens
    );
    let mb = e.html_bytes as f64 / 1e6;
    let speed = |d: std::time::Duration| mb / d.as_secs_f64().max(1e-9);
    println!(
        "time for {mb:.1} MB of HTML: floor (lower-cased copy) {:.0} MB/s; main text {:.1} MB/s \
         ({:.0}x the floor's time); repair of the main text {:.2} s",
        speed(e.floor_time),
        speed(e.main_text_time),
        e.main_text_time.as_secs_f64() / e.floor_time.as_secs_f64().max(1e-9),
        e.repair_time.as_secs_f64()
    );
    // The worst case issue 13 names: one 12.6 KB line of short capitalised words.
    let line = crate::ingest::repair::capitalised_line(4200);
    let started = std::time::Instant::now();
    let _ = crate::ingest::repair(&line, &[]);
    println!(
        "repair of one {:.1} KB line of capitalised words: {:.3} s",
        line.len() as f64 / 1e3,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn ingest(dir: &Path, json: bool) -> Result<(), CliError> {
    let scores = crate::ingest::eval::evaluate(dir)
        .map_err(|e| CliError::Message(format!("cannot read {}: {e}", dir.display())))?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&scores).map_err(|e| CliError::Message(e.to_string()))?
        );
        return Ok(());
    }
    println!("articles                {}", scores.articles);
    println!("{:<22}  precision  recall     f1", "field");
    let row = |name: &str, c: &crate::ingest::eval::Counts| {
        println!(
            "{name:<22}  {:>9.3}  {:>6.3}  {:>5.3}   ({} right, {} wrong or extra, {} missed)",
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        );
    };
    row("people", &scores.people);
    for (field, counts) in &scores.fields {
        row(field, counts);
    }
    row("organisations", &scores.organisations);
    row("country", &scores.country);
    row("published", &scores.published);
    row("demands", &scores.demands);
    row("targets", &scores.targets);
    println!(
        "event accuracy          {:.3}   status accuracy {:.3}   (on matched people)",
        scores.accuracy("event"),
        scores.accuracy("status")
    );
    println!(
        "spans clean             {}",
        share(scores.spans_clean, scores.spans)
    );
    println!(
        "main-text checks        {}",
        share(scores.boilerplate_passed, scores.boilerplate_checks)
    );
    println!(
        "not-cases reported      {}",
        scores.not_cases_reported.len()
    );
    println!(
        "by language   pages  people P  R      F1     status  event  date   charges  months  published  spans  not-cases"
    );
    for (lang, s) in &scores.by_language {
        let f = |field: &str| s.fields.get(field).copied().unwrap_or_default();
        // A field no matched person has a label for says nothing: "-", not 1.000.
        let acc = |field: &str| {
            let c = f(field);
            if c.tp + c.fn_ == 0 {
                "-".to_string()
            } else {
                format!("{:.3}", s.accuracy(field))
            }
        };
        let charges = f("charges");
        let charges = if charges.tp + charges.fp + charges.fn_ == 0 {
            "-".to_string()
        } else {
            format!("{:.3}", charges.f1())
        };
        let published = if s.published.tp + s.published.fn_ == 0 {
            "-".to_string()
        } else {
            format!("{:.3}", s.published.recall())
        };
        println!(
            "  {lang:<11} {:>5}  {:>8.3}  {:.3}  {:.3}  {:>6}  {:>5}  {:>5}  {:>7}  {:>6}  {:>9}  {:>5}  {:>9}",
            s.articles,
            s.people.precision(),
            s.people.recall(),
            s.people.f1(),
            acc("status"),
            acc("event"),
            acc("date"),
            charges,
            acc("sentence_months"),
            published,
            share(s.spans_clean, s.spans),
            s.not_cases_reported.len()
        );
    }
    println!("by language   demands P  R      targets P  R");
    for (lang, s) in &scores.by_language {
        println!(
            "  {lang:<11}           {:.3}  {:.3}            {:.3}  {:.3}   ({}/{} demands, {}/{} targets)",
            s.demands.precision(),
            s.demands.recall(),
            s.targets.precision(),
            s.targets.recall(),
            s.demands.tp,
            s.demands.tp + s.demands.fn_,
            s.targets.tp,
            s.targets.tp + s.targets.fn_,
        );
    }
    for n in &scores.not_cases_reported {
        println!("  not a case: {n}");
    }
    for e in &scores.errors {
        println!("  error: {e}");
    }
    for m in &scores.misses {
        println!("  miss: {m}");
    }
    Ok(())
}

fn names(dir: &Path, json: bool) -> Result<(), CliError> {
    let variants: Variants = read(&dir.join("variants.json"))?;
    let distinct: Distinct = read(&dir.join("distinct.json"))?;
    let scores = evaluate(&variants.groups, &distinct.pairs);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&scores).map_err(|e| CliError::Message(e.to_string()))?
        );
        return Ok(());
    }
    println!(
        "groups fully matched    {}",
        share(scores.groups_matched, scores.groups)
    );
    println!(
        "spellings matched       {}",
        share(scores.spellings_matched, scores.spellings)
    );
    println!(
        "distinct pairs apart    {}",
        share(scores.pairs_apart, scores.pairs)
    );
    for m in &scores.misses {
        println!("  miss: {m}");
    }
    Ok(())
}
