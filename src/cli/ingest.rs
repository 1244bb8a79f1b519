//! `habeas ingest PATH|URL...`: reads pages (files, folders of saved pages and text,
//! http(s) addresses), stores each as a source with its proposals for review, and
//! prints what it read. A bad file is reported at the end; the rest go on.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use super::{CliError, Context};
use crate::domain::Level;
use crate::ingest::findings::Finding;
use crate::ingest::{Article, read_article};
use crate::search::{Candidate, NameIndex};
use crate::store::{NewArticle, StoredArticle};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders (read recursively: .html, .htm, .xhtml, .txt) or http(s) URLs.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Print, per article, its text, metadata, people and candidates as JSON.
    #[arg(long)]
    json: bool,
    /// Read and print only: store no source and no proposal.
    #[arg(long)]
    dry_run: bool,
    /// Largest page fetched or read, in bytes.
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    max_bytes: u64,
    /// Longest time to fetch one address, in seconds.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
}

/// One person read, with the registry people they may be.
#[derive(Serialize)]
struct PersonOut<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    candidates: &'a [Candidate],
}

#[derive(Serialize)]
struct ArticleOut<'a> {
    origin: &'a str,
    title: &'a Option<String>,
    publisher: &'a Option<String>,
    published: Option<String>,
    /// ISO 639-1; a language ingest does not read gives no people.
    language: &'a str,
    country: &'a Option<String>,
    organisations: &'a [String],
    people: Vec<PersonOut<'a>>,
    /// What the page itself demands, one action each, and of whom.
    demands: &'a [String],
    targets: &'a [String],
    text: &'a str,
    /// The stored source and proposals; absent on a dry run.
    stored: Option<&'a StoredArticle>,
}

#[derive(Serialize)]
struct Failure<'a> {
    origin: &'a str,
    error: String,
}

/// Where a page comes from.
enum Input {
    File(PathBuf),
    Url(String),
}

impl Input {
    fn origin(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Url(u) => u.clone(),
        }
    }
}

const PAGE_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "txt"];

fn expand(inputs: &[String]) -> Vec<Result<Input, (String, String)>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.starts_with("http://") || input.starts_with("https://") {
            out.push(Ok(Input::Url(input.clone())));
            continue;
        }
        let path = PathBuf::from(input);
        if path.is_dir() {
            let mut files = Vec::new();
            let mut unreadable = Vec::new();
            walk(&path, &mut files, &mut unreadable);
            files.sort();
            if files.is_empty() && unreadable.is_empty() {
                out.push(Err((
                    input.clone(),
                    "the folder holds no page or text file".into(),
                )));
            }
            out.extend(unreadable.into_iter().map(Err));
            out.extend(files.into_iter().map(|f| Ok(Input::File(f))));
        } else {
            out.push(Ok(Input::File(path)));
        }
    }
    out
}

/// Page files under `dir`; folders that cannot be read are named with the reason.
fn walk(dir: &Path, files: &mut Vec<PathBuf>, unreadable: &mut Vec<(String, String)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            unreadable.push((
                dir.display().to_string(),
                format!("cannot read the folder: {e}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files, unreadable);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| PAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
            && !path.to_string_lossy().ends_with(".expected.json")
        {
            files.push(path);
        }
    }
}

/// The bytes of a page, its HTTP content type, and whether its name says HTML.
fn fetch(
    input: &Input,
    max_bytes: u64,
    timeout: u64,
) -> Result<(Vec<u8>, Option<String>, bool), String> {
    match input {
        Input::File(path) => {
            let size = std::fs::metadata(path)
                .map_err(|e| format!("cannot read: {e}"))?
                .len();
            if size > max_bytes {
                return Err(format!(
                    "the file is {size} bytes, over the limit of {max_bytes} (--max-bytes)"
                ));
            }
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
            let html = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(e.to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml")
            });
            Ok((bytes, None, html))
        }
        Input::Url(url) => {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .timeout_global(Some(Duration::from_secs(timeout)))
                .build()
                .into();
            let mut response = agent.get(url).call().map_err(|e| match e {
                ureq::Error::StatusCode(code) => format!("the server answered {code}"),
                ureq::Error::Timeout(_) => format!("no answer within {timeout} s (--timeout)"),
                other => format!("cannot fetch: {other}"),
            })?;
            let content_type = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(String::from);
            let html = content_type.as_deref().is_some_and(|c| c.contains("html"));
            let bytes = response
                .body_mut()
                .with_config()
                .limit(max_bytes)
                .read_to_vec()
                .map_err(|e| match e {
                    ureq::Error::BodyExceedsLimit(_) => {
                        format!("the page is over the limit of {max_bytes} bytes (--max-bytes)")
                    }
                    ureq::Error::Timeout(_) => format!("no answer within {timeout} s (--timeout)"),
                    other => format!("cannot read the page: {other}"),
                })?;
            Ok((bytes, content_type, html))
        }
    }
}

pub async fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let reg = ctx.store.registry_without_sources().await?;
    let known: Vec<String> = reg
        .people
        .iter()
        .flat_map(|p| p.data.names.iter().map(|n| n.text.as_str().to_string()))
        .collect();
    let index = NameIndex::build(
        reg.people
            .iter()
            .flat_map(|p| p.data.names.iter().map(move |n| (p.id, n.text.as_str()))),
    );
    drop(reg);
    let inputs = expand(&args.inputs);
    let bar = if inputs.len() > 1 && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        indicatif::ProgressBar::new(inputs.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut outputs: Vec<serde_json::Value> = Vec::new();
    let mut failures: Vec<(String, String)> = Vec::new();
    let mut stored_count = (0usize, 0usize);
    for input in inputs {
        bar.inc(1);
        let input = match input {
            Ok(i) => i,
            Err(f) => {
                failures.push(f);
                continue;
            }
        };
        let origin = input.origin();
        let (max, timeout) = (args.max_bytes, args.timeout);
        let fetched =
            tokio::task::spawn_blocking(move || fetch(&input, max, timeout).map(|f| (f, input)))
                .await
                .map_err(|e| CliError::Message(e.to_string()))?;
        let ((bytes, content_type, html), input) = match fetched {
            Ok(f) => f,
            Err(e) => {
                failures.push((origin, e));
                continue;
            }
        };
        let article = match read_article(&bytes, content_type.as_deref(), html, &known) {
            Ok(a) => a,
            Err(e) => {
                failures.push((origin, e.to_string()));
                continue;
            }
        };
        let candidates: Vec<Vec<Candidate>> = article
            .people
            .iter()
            .map(|p| index.candidates(&p.name, 3))
            .collect();
        let stored = if args.dry_run {
            None
        } else {
            let (url, level) = match &input {
                Input::Url(u) => (Some(u.clone()), Level::Public),
                // A file may be an internal bulletin: its records stay internal until
                // a reviewer opens them.
                Input::File(_) => (None, Level::Internal),
            };
            let best: Vec<Option<Candidate>> =
                candidates.iter().map(|c| c.first().cloned()).collect();
            let new = NewArticle {
                origin: &origin,
                url,
                article: &article,
                candidates: &best,
                level,
            };
            match ctx.store.add_article(&ctx.stamp, &new).await {
                Ok(s) => {
                    if !s.duplicate {
                        stored_count.0 += 1;
                        stored_count.1 += s.proposals.len();
                    }
                    Some(s)
                }
                Err(e) => {
                    failures.push((origin, e.to_string()));
                    continue;
                }
            }
        };
        if args.json {
            outputs.push(json_of(&origin, &article, &candidates, stored.as_ref())?);
        } else {
            bar.suspend(|| print_article(&origin, &article, &candidates, stored.as_ref()));
        }
    }
    bar.finish_and_clear();
    if args.json {
        for (origin, error) in &failures {
            outputs.push(
                serde_json::to_value(Failure {
                    origin,
                    error: error.clone(),
                })
                .map_err(|e| CliError::Message(e.to_string()))?,
            );
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&outputs).map_err(|e| CliError::Message(e.to_string()))?
        );
    } else if !args.dry_run {
        println!(
            "stored {} article(s) with {} proposal(s) for review",
            stored_count.0, stored_count.1
        );
    }
    if failures.is_empty() {
        return Ok(());
    }
    for (origin, error) in &failures {
        eprintln!("{origin}: {error}");
    }
    Err(CliError::Message(format!(
        "{} of the inputs could not be read (listed above); the others were",
        failures.len()
    )))
}

fn json_of(
    origin: &str,
    article: &Article,
    candidates: &[Vec<Candidate>],
    stored: Option<&StoredArticle>,
) -> Result<serde_json::Value, CliError> {
    let people = article
        .people
        .iter()
        .zip(candidates)
        .map(|(finding, candidates)| PersonOut {
            finding,
            candidates,
        })
        .collect();
    serde_json::to_value(ArticleOut {
        origin,
        title: &article.title,
        publisher: &article.publisher,
        published: article.published.map(|d| d.to_string()),
        language: &article.language,
        country: &article.country,
        organisations: &article.organisations,
        people,
        demands: &article.demands,
        targets: &article.targets,
        text: &article.text,
        stored,
    })
    .map_err(|e| CliError::Message(e.to_string()))
}

fn print_article(
    origin: &str,
    article: &Article,
    candidates: &[Vec<Candidate>],
    stored: Option<&StoredArticle>,
) {
    println!("{origin}");
    if let Some(t) = &article.title {
        println!("  title: {t}");
    }
    if let Some(p) = article.published {
        println!("  published: {p}");
    }
    println!("  language: {}", article.language);
    if let Some(c) = &article.country {
        println!("  country: {c}");
    }
    if !article.organisations.is_empty() {
        println!("  organisations: {}", article.organisations.join("; "));
    }
    for d in &article.demands {
        println!("  demands: {d}");
    }
    if !article.targets.is_empty() {
        println!("  addressed to: {}", article.targets.join("; "));
    }
    for (f, c) in article.people.iter().zip(candidates) {
        let event = f.event.map(|e| e.to_string()).unwrap_or_default();
        let date = f
            .date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "no date".into());
        let status = f.status.map(|s| s.to_string()).unwrap_or_default();
        print!("  - {}: {event} {date} ({status})", f.name);
        if !f.variants.is_empty() {
            print!(", also written {}", f.variants.join(", "));
        }
        if !f.charges.is_empty() {
            print!(", articles {}", f.charges.join(", "));
        }
        if let Some(m) = f.sentence_months {
            print!(", {m} months");
        }
        if let Some(r) = f.release_reason {
            print!(", {r}");
        }
        if let Some(fa) = &f.facility {
            print!(", {fa}");
        }
        if let Some(h) = f.next_hearing {
            print!(", next hearing {h}");
        }
        println!();
        if let Some(best) = c.first() {
            println!(
                "      registry: person {} {} ({}, {:.2})",
                best.person_id.0,
                best.name,
                format!("{:?}", best.decision).to_lowercase(),
                best.score
            );
        }
    }
    match stored {
        Some(s) if s.duplicate => println!("  already stored as source {}", s.source_id.0),
        Some(s) => println!(
            "  stored as source {}; proposals {}",
            s.source_id.0,
            s.proposals
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => {}
    }
}
