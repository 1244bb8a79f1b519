//! `habeas demo`: load deterministic, clearly fictional people (see `crate::demo`).

use std::io::Write;
use std::time::Instant;

use super::{CliError, Context};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many people to generate.
    #[arg(long, default_value_t = 200)]
    people: u64,
    /// The same seed gives the same people, cases and events.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// People per transaction: large enough to be fast, small enough to show progress.
const CHUNK: u64 = 10_000;

pub async fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let started = Instant::now();
    let mut done = 0;
    while done < args.people {
        let count = CHUNK.min(args.people - done);
        let dossiers = crate::demo::dossiers(args.seed, done, count);
        ctx.store
            .add_dossiers(&ctx.stamp, &dossiers)
            .await
            .map_err(|(i, e)| {
                CliError::Message(format!("demo person {} was refused: {e}", done + i as u64))
            })?;
        done += count;
        if args.people > CHUNK {
            eprint!("\r{done}/{} people", args.people);
            std::io::stderr().flush()?;
        }
    }
    if args.people > CHUNK {
        eprintln!();
    }
    println!(
        "loaded {done} demo people (seed {}) in {:.1} s",
        args.seed,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
