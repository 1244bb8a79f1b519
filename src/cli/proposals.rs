//! `habeas proposals list | show ID | accept ID | reject ID --reason TEXT`: the review
//! queue of what ingest read, from the command line.

use super::{CliError, Context};
use crate::domain::{PartialDate, PersonId};
use crate::store::{Acceptance, Proposal, ProposalState};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Proposals, oldest first (pending ones unless --state says otherwise).
    #[command(
        after_help = "Examples:\n  habeas proposals list\n  habeas proposals list --state all --json"
    )]
    List {
        /// pending, accepted, rejected or all.
        #[arg(long, default_value = "pending")]
        state: String,
        #[arg(long, default_value_t = 100)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// One proposal, with the article text it was read from.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Record the proposal's event (and the person and case when new), with the
    /// article as its source.
    #[command(
        after_help = "Examples:\n  habeas proposals accept 12\n  habeas proposals accept 12 --person 40\n  habeas proposals accept 13 --new-person --arrested 2025-11"
    )]
    Accept {
        id: i64,
        /// Attach the finding to this registry person instead of the matcher's choice.
        #[arg(long, conflicts_with = "new_person")]
        person: Option<i64>,
        /// Record a new person even if the matcher found the same name.
        #[arg(long)]
        new_person: bool,
        /// The event's date, when the article gives none (YYYY, YYYY-MM or YYYY-MM-DD).
        /// Without it, an undated event is recorded as on or before the article's day
        /// (..YYYY-MM-DD).
        #[arg(long)]
        date: Option<String>,
        /// The arrest date, when a new case must be opened for another event; without
        /// it, the arrest is recorded as on or before that event (..YYYY-MM-DD).
        #[arg(long)]
        arrested: Option<String>,
    },
    /// Reject the proposal; no record changes.
    #[command(
        after_help = "Example:\n  habeas proposals reject 12 --reason 'the lawyer, not a detainee'"
    )]
    Reject {
        id: i64,
        #[arg(long)]
        reason: String,
    },
}

pub async fn run(ctx: &Context, command: Command) -> Result<(), CliError> {
    match command {
        Command::List { state, limit, json } => {
            let state = match state.as_str() {
                "all" => None,
                s => Some(s.parse::<ProposalState>()?),
            };
            let found = ctx.store.proposals(state, limit).await?;
            if json {
                println!("{}", pretty(&found)?);
                return Ok(());
            }
            if found.is_empty() {
                println!("no proposals");
            }
            for p in &found {
                println!("{}", line(p));
            }
            Ok(())
        }
        Command::Show { id, json } => {
            let p = ctx.store.proposal(id).await?;
            let text = ctx.store.article_text(p.article_id).await?;
            if json {
                let value = serde_json::json!({ "proposal": p, "article_text": text });
                println!("{}", pretty(&value)?);
                return Ok(());
            }
            println!("{}", line(&p));
            println!("  read from: {}", p.finding.evidence);
            println!("  article: {} (source {})", p.origin, p.source_id.0);
            if let Some(r) = &p.reason {
                println!("  rejected: {r}");
            }
            println!("\n{text}");
            Ok(())
        }
        Command::Accept {
            id,
            person,
            new_person,
            date,
            arrested,
        } => {
            let how = Acceptance {
                person: person.map(PersonId),
                new_person,
                date: date_arg("--date", date.as_deref())?,
                arrested: date_arg("--arrested", arrested.as_deref())?,
            };
            let done = ctx.store.accept_proposal(&ctx.stamp, id, &how).await?;
            println!(
                "accepted proposal {id}: event {} ({}) on case {}{} of person {}{}{}",
                done.event.0,
                done.date,
                done.case.0,
                if done.created_case { " (new)" } else { "" },
                done.person.0,
                if done.created_person { " (new)" } else { "" },
                if done.date.is_bound() {
                    "\n  the article gives no date: recorded as on or before its day; \
                     correct it when a source gives the day"
                } else {
                    ""
                },
            );
            Ok(())
        }
        Command::Reject { id, reason } => {
            ctx.store.reject_proposal(&ctx.stamp, id, &reason).await?;
            println!("rejected proposal {id}");
            Ok(())
        }
    }
}

/// "12  pending  Ramin Guseynov: remanded 2026-08-28 → person 40 (same, 1.00)"
fn line(p: &Proposal) -> String {
    let f = &p.finding;
    let state = format!("{:?}", p.state).to_lowercase();
    let event = f.event.map(|e| e.to_string()).unwrap_or_default();
    let date = f
        .date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "no date".into());
    let candidate = match (p.person_id, &p.decision) {
        (Some(id), Some(d)) => format!(" -> person {} ({d}, {:.2})", id.0, p.score.unwrap_or(0.0)),
        (Some(id), None) => format!(" -> person {}", id.0),
        _ => " -> new person".into(),
    };
    format!(
        "{:>6}  {state:<8}  {}: {event} {date}{candidate}",
        p.id, f.name
    )
}

fn date_arg(flag: &str, value: Option<&str>) -> Result<Option<PartialDate>, CliError> {
    value
        .map(|v| PartialDate::parse(v).map_err(|e| CliError::Message(format!("{flag} '{v}': {e}"))))
        .transpose()
}

fn pretty<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map_err(|e| CliError::Message(e.to_string()))
}
