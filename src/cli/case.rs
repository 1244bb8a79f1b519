//! `habeas case add|publish`.

use super::{CliError, Context, parse_all};
use crate::domain::{Assessment, Charge, Date, DomainError, Level, NewCase, PartialDate, PersonId};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record a detention case and its arrest; prints the new id.
    #[command(
        after_help = "Example:\n  habeas case add --person 42 --arrested 2024-03-01 --place Baku --charge 206.3.2 \\\n    --charge '193-1.3.1=Legalisation of property' --pace a --pace e \\\n    --pace-reasoning 'Detained for reporting; the trial ignored the defence.' --pace-assessor 'N. Aliyeva'"
    )]
    Add(Box<AddArgs>),
    /// Make a case public (an audited act); with --with-records, also its events and
    /// the sources they cite.
    #[command(
        after_help = "Examples:\n  habeas case publish 7\n  habeas case publish 7 --with-records"
    )]
    Publish {
        id: i64,
        #[arg(long)]
        with_records: bool,
    },
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
    /// PACE Resolution 1900 (2012) criteria that apply, from a to e (repeat the flag).
    #[arg(long = "pace")]
    pace: Vec<String>,
    /// Why the criteria apply.
    #[arg(long, requires = "pace")]
    pace_reasoning: Option<String>,
    /// Who assessed the case.
    #[arg(long, requires = "pace")]
    pace_assessor: Option<String>,
    /// When (YYYY-MM-DD); today by default.
    #[arg(long, requires = "pace")]
    pace_date: Option<String>,
    /// The assessment's level; it may stay internal until published.
    #[arg(long, default_value = "public")]
    pace_level: Level,
}

pub async fn run(ctx: &Context, command: Command) -> Result<(), CliError> {
    let a = match command {
        Command::Add(a) => *a,
        Command::Publish { id, with_records } => {
            let what = crate::store::Publish::Case {
                id: crate::domain::CaseId(id),
                with_records,
            };
            return super::publish::run(ctx, what).await;
        }
    };
    let person = ctx.store.person(PersonId(a.person)).await?;
    let assessment = if a.pace.is_empty() {
        None
    } else {
        Some(Assessment {
            criteria: parse_all(&a.pace)?,
            reasoning: a.pace_reasoning.unwrap_or_default(),
            assessor: a.pace_assessor.ok_or_else(|| {
                CliError::Message("--pace needs --pace-assessor: who assessed the case".into())
            })?,
            date: match &a.pace_date {
                Some(d) => Date::parse(d).map_err(DomainError::from)?,
                None => ctx.clock.today,
            },
            level: a.pace_level,
        })
    };
    let case = NewCase {
        person: person.id,
        country: match a.country {
            Some(c) => Some(c.parse()?),
            None => person.data.country,
        },
        arrested: PartialDate::parse(&a.arrested).map_err(DomainError::from)?,
        place: a.place,
        arresting_body: a.arresting_body,
        charges: a
            .charges
            .iter()
            .map(|c| Charge::parse(c))
            .collect::<Result<_, _>>()?,
        court: a.court,
        facility: a.facility,
        assessment,
        level: a.level,
    };
    let id = ctx.store.add_case(&ctx.stamp, &case).await?;
    println!("{id}");
    Ok(())
}
