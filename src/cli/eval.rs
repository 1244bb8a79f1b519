//! `habeas eval names DIR`: scores the name matcher on labelled data in the format of
//! the shared fixtures (`variants.json` with `groups`, `distinct.json` with `pairs`),
//! so an organisation can check it on its own names. Reads no database.

use std::path::{Path, PathBuf};

use super::CliError;
use crate::search::names::evaluate;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Score the name matcher: groups of spellings of one person each
    /// (DIR/variants.json) and pairs of different people (DIR/distinct.json).
    #[command(after_help = "Example:\n  habeas eval names ../shared/fixtures/names")]
    Names {
        dir: PathBuf,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
    },
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
    let Command::Names { dir, json } = command;
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
