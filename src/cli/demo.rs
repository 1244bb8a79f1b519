//! `habeas demo`: load deterministic, clearly fictional people (see `crate::demo`).

use std::io::{IsTerminal, Write};
use std::time::Instant;

use super::{CliError, Context};
use crate::domain::PersonId;
use crate::public::PublicPerson;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many people to generate.
    #[arg(long, default_value_t = 200)]
    people: u64,
    /// The same seed gives the same people, cases and events.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// People generated at a time; progress is shown between chunks.
const CHUNK: u64 = 5_000;

pub async fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    load(ctx, args.people, args.seed).await
}

/// Loads `people` demo people for `seed` in one transaction.
pub async fn load(ctx: &Context, people: u64, seed: u64) -> Result<(), CliError> {
    let args = Args { people, seed };
    let started = Instant::now();
    let progress = args.people > CHUNK && std::io::stderr().is_terminal();
    // Generation runs on its own thread, ahead of the writer, a few chunks at a time.
    let (tx, rx) = std::sync::mpsc::sync_channel(2);
    let (seed, people) = (args.seed, args.people);
    let generator = std::thread::spawn(move || {
        let mut from = 0;
        while from < people {
            let count = CHUNK.min(people - from);
            if tx.send(crate::demo::dossiers(seed, from, count)).is_err() {
                return;
            }
            from += count;
        }
    });
    let mut load = ctx.store.bulk(&ctx.stamp).await?;
    let mut done: u64 = 0;
    while let Ok(chunk) = tokio::task::block_in_place(|| rx.recv()) {
        for d in &chunk {
            load.add(d)
                .await
                .map_err(|e| CliError::Message(format!("demo person {done} was refused: {e}")))?;
            done += 1;
        }
        if progress {
            eprint!("\r{done}/{} people", args.people);
            std::io::stderr().flush()?;
        }
    }
    generator
        .join()
        .map_err(|_| CliError::Message("the demo generator failed".into()))?;
    load.commit().await?;
    if progress {
        eprintln!();
    }
    println!(
        "loaded {done} demo people (seed {}) in {:.1} s",
        args.seed,
        started.elapsed().as_secs_f64()
    );
    let campaigns = demo_campaigns(ctx).await?;
    if campaigns > 0 {
        println!("created {campaigns} demo campaigns");
    }
    Ok(())
}

/// The demo's campaigns (see `crate::demo::campaigns`), once: about the first public
/// people held today. Returns how many were created.
async fn demo_campaigns(ctx: &Context) -> Result<usize, CliError> {
    if !ctx.store.campaigns().await?.is_empty() {
        return Ok(0);
    }
    let today = ctx.clock.today;
    let mut held = Vec::new();
    for id in 1..=500 {
        if held.len() == 4 {
            break;
        }
        let id = PersonId(id);
        let Ok(registry) = ctx.store.registry_of(id).await else {
            continue;
        };
        let public = registry
            .people
            .first()
            .and_then(|p| PublicPerson::build(p, &registry));
        let held_now = public.is_some_and(|p| {
            p.cases
                .iter()
                .any(|c| c.arrested.is_some() && c.status_at(today).is_some_and(|s| s.is_held()))
        });
        if held_now {
            held.push(id);
        }
    }
    let mut created = 0;
    for c in crate::demo::campaigns(&held) {
        let checked = crate::campaign::check(&ctx.store, c, today).await?;
        ctx.store.save_campaign(&ctx.stamp, None, &checked).await?;
        created += 1;
    }
    Ok(created)
}
