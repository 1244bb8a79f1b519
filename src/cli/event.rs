//! `habeas event add|publish`.

use super::{CliError, Context};
use crate::domain::{CaseId, DomainError, EventKind, Level, NewEvent, NewSource, PartialDate};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a dated event to a case; refused, with both events named, if it contradicts
    /// the timeline. Prints the new id.
    #[command(
        after_help = "Examples:\n  habeas event add --case 7 --kind sentenced --date 2024-09-10 --sentence-months 60 --source https://example.org/verdict\n  habeas event add --case 7 --kind released --date 2025-05 --release-reason pardoned"
    )]
    Add(AddArgs),
    /// Make an event public (an audited act).
    #[command(after_help = "Example:\n  habeas event publish 12")]
    Publish { id: i64 },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    #[arg(long)]
    case: i64,
    /// arrested, charged, remanded, house_arrest, transferred, hearing, sentenced,
    /// appeal_filed, appeal_decided, released, died_in_custody, disappeared,
    /// health_concern, hunger_strike, ill_treatment_reported or visit_denied.
    #[arg(long)]
    kind: String,
    /// YYYY-MM-DD, YYYY-MM or YYYY; not after today.
    #[arg(long)]
    date: String,
    #[arg(long)]
    sentence_months: Option<u32>,
    /// served, pardoned, amnesty, acquitted, conditional, bail, exchanged,
    /// charges_dropped or other.
    #[arg(long)]
    release_reason: Option<String>,
    #[arg(long)]
    facility: Option<String>,
    #[arg(long)]
    next_hearing: Option<String>,
    #[arg(long)]
    details: Option<String>,
    /// The address of a source (repeat the flag); recorded once, reused after.
    #[arg(long = "source")]
    sources: Vec<String>,
    #[arg(long, default_value = "public")]
    level: Level,
}

pub async fn run(ctx: &Context, command: Command) -> Result<(), CliError> {
    let a = match command {
        Command::Add(a) => a,
        Command::Publish { id } => {
            let what = crate::store::Publish::Event(crate::domain::EventId(id));
            return super::publish::run(ctx, what).await;
        }
    };
    let kind: EventKind = a.kind.parse()?;
    let date = PartialDate::parse(&a.date).map_err(DomainError::from)?;
    let event = NewEvent {
        sentence_months: a.sentence_months,
        release_reason: a.release_reason.as_deref().map(str::parse).transpose()?,
        facility: a.facility,
        next_hearing: a
            .next_hearing
            .as_deref()
            .map(PartialDate::parse)
            .transpose()
            .map_err(DomainError::from)?,
        details: a.details,
        level: a.level,
        ..NewEvent::new(CaseId(a.case), kind, date)
    };
    let sources = a
        .sources
        .iter()
        .map(|u| {
            NewSource::from_url(u).map(|s| NewSource {
                level: a.level.max(s.level),
                ..s
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let id = ctx.store.add_event(&ctx.stamp, &event, &sources).await?;
    println!("{id}");
    Ok(())
}
