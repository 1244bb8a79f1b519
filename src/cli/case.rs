//! `habeas case add`.

use super::{CliError, Context};
use crate::domain::{Charge, Level, NewCase, PartialDate, PersonId};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record a detention case and its arrest; prints the new id.
    #[command(
        after_help = "Example:\n  habeas case add --person 42 --arrested 2024-03-01 --place Baku --charge 206.3.2 --charge '193-1.3.1=Legalisation of property'"
    )]
    Add(AddArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    #[arg(long)]
    person: i64,
    /// YYYY-MM-DD, or YYYY-MM or YYYY when the source says no more.
    #[arg(long)]
    arrested: String,
    #[arg(long)]
    place: Option<String>,
    #[arg(long)]
    arresting_body: Option<String>,
    /// ARTICLE or ARTICLE=TEXT (repeat the flag).
    #[arg(long = "charge")]
    charges: Vec<String>,
    #[arg(long)]
    court: Option<String>,
    #[arg(long)]
    facility: Option<String>,
    /// ISO 3166-1 alpha-2 code; defaults to the person's country.
    #[arg(long)]
    country: Option<String>,
    #[arg(long, default_value = "public")]
    level: Level,
}

pub async fn run(ctx: &Context, command: Command) -> Result<(), CliError> {
    let Command::Add(a) = command;
    let person = ctx.store.person(PersonId(a.person)).await?;
    let case = NewCase {
        person: person.id,
        country: match a.country {
            Some(c) => Some(c.parse()?),
            None => person.data.country,
        },
        arrested: PartialDate::parse(&a.arrested).map_err(crate::domain::DomainError::from)?,
        place: a.place,
        arresting_body: a.arresting_body,
        charges: a
            .charges
            .iter()
            .map(|c| Charge::parse(c))
            .collect::<Result<_, _>>()?,
        court: a.court,
        facility: a.facility,
        assessment: None,
        level: a.level,
    };
    let id = ctx.store.add_case(&ctx.stamp, &case).await?;
    println!("{id}");
    Ok(())
}
