//! `habeas people duplicates` (pairs of registry people whose names match and whose
//! birth years and countries do not differ, for a reviewer) and `habeas people merge
//! KEEP OTHER` (one person from two records, audited).

use super::{CliError, Context};
use crate::domain::PersonId;
use crate::search::NameIndex;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List likely duplicates, best first: same or possible names, and no birth year
    /// or country that differs.
    #[command(after_help = "Example:\n  habeas people duplicates --limit 50")]
    Duplicates {
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// Print JSON: an array of {a, b, a_name, b_name, score, decision}.
        #[arg(long)]
        json: bool,
    },
    /// Merge person OTHER into person KEEP: every name, case and source is kept, the
    /// fields KEEP lacks are taken from OTHER, and OTHER is removed. Audited.
    #[command(after_help = "Example:\n  habeas people merge 42 97")]
    Merge { keep: i64, other: i64 },
}

pub async fn run(ctx: &Context, command: Command) -> Result<(), CliError> {
    match command {
        Command::Duplicates { limit, json } => {
            let reg = ctx.store.registry_without_sources().await?;
            let index = NameIndex::build(
                reg.people
                    .iter()
                    .flat_map(|p| p.data.names.iter().map(move |n| (p.id, n.text.as_str()))),
            );
            let facts: std::collections::HashMap<PersonId, (Option<i32>, Option<String>)> = reg
                .people
                .iter()
                .map(|p| {
                    (
                        p.id,
                        (p.data.birth_year, p.data.country.map(|c| c.to_string())),
                    )
                })
                .collect();
            // Blocks by birth year; a differing country is checked after.
            let block = |p: PersonId| {
                facts
                    .get(&p)
                    .and_then(|(y, _)| *y)
                    .and_then(|y| u64::try_from(y).ok())
            };
            let country = |p: PersonId| facts.get(&p).and_then(|(_, c)| c.clone());
            let pairs: Vec<_> = index
                .duplicates(block, limit.saturating_mul(4).max(limit))
                .into_iter()
                .filter(|d| match (country(d.a), country(d.b)) {
                    (Some(x), Some(y)) => x == y,
                    _ => true,
                })
                .take(limit)
                .collect();
            if json {
                println!(
                    "{}",
                    serde_json::to_string(&pairs).map_err(|e| CliError::Message(e.to_string()))?
                );
                return Ok(());
            }
            if pairs.is_empty() {
                println!("no likely duplicates");
            }
            for d in &pairs {
                println!(
                    "{:>7} {:>7}  {:<9} {:.3}  {}  |  {}",
                    d.a.0,
                    d.b.0,
                    format!("{:?}", d.decision).to_lowercase(),
                    d.score,
                    d.a_name,
                    d.b_name
                );
            }
        }
        Command::Merge { keep, other } => {
            ctx.store
                .merge_people(&ctx.stamp, PersonId(keep), PersonId(other))
                .await?;
            println!("merged person {other} into {keep}");
        }
    }
    Ok(())
}
