//! `habeas match NAME`: the registry people a name may be, best first, across scripts
//! and transliterations, with a score and a decision (same, possible, different).

use super::{CliError, Context};
use crate::search::NameIndex;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The name as written anywhere: any script, any order, glued or not.
    name: String,
    /// Print an array of {person_id, name, score, decision}.
    #[arg(long)]
    json: bool,
    /// At most this many candidates.
    #[arg(long, default_value_t = 10)]
    limit: usize,
}

pub async fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let reg = ctx.store.registry_without_sources().await?;
    // Staff tool: every spelling the key opens is matched, whatever its level.
    let index = NameIndex::build(
        reg.people
            .iter()
            .flat_map(|p| p.data.names.iter().map(move |n| (p.id, n.text.as_str()))),
    );
    let found = index.candidates(&args.name, args.limit);
    if args.json {
        println!(
            "{}",
            serde_json::to_string(&found).map_err(|e| CliError::Message(e.to_string()))?
        );
        return Ok(());
    }
    if found.is_empty() {
        println!("no one in the registry matches '{}'", args.name);
    }
    for c in &found {
        println!(
            "{:>7}  {:<9}  {:.3}  {}",
            c.person_id.0,
            format!("{:?}", c.decision).to_lowercase(),
            c.score,
            c.name
        );
    }
    Ok(())
}
