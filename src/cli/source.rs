//! `habeas source add`: record an article or document with what is known about it;
//! `habeas source publish`: make one public.

use super::{CliError, Context};
use crate::domain::{Date, DomainError, Level, NewSource, PartialDate, Reliability, parse_url};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record a source; prints its id (the existing one if the address is known).
    #[command(
        after_help = "Example:\n  habeas source add --url https://example.org/verdict --title 'Journalist sentenced to 5 years' \\\n    --publisher 'Example News' --published 2024-09-10 --language en --reliability high"
    )]
    Add(AddArgs),
    /// Make a source public (an audited act); refused while a record that cites it
    /// is not public.
    #[command(after_help = "Example:\n  habeas source publish 3")]
    Publish { id: i64 },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    #[arg(long)]
    url: String,
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    publisher: Option<String>,
    /// YYYY-MM-DD, YYYY-MM or YYYY.
    #[arg(long)]
    published: Option<String>,
    /// When it was read (YYYY-MM-DD); today by default.
    #[arg(long)]
    retrieved: Option<String>,
    /// Language tag, like az, ru or en.
    #[arg(long)]
    language: Option<String>,
    /// The passage that supports the facts.
    #[arg(long)]
    excerpt: Option<String>,
    /// high, medium, low or unknown.
    #[arg(long, default_value = "unknown")]
    reliability: String,
    #[arg(long, default_value = "public")]
    level: Level,
}

pub async fn run(ctx: &Context, command: Command) -> Result<(), CliError> {
    let a = match command {
        Command::Add(a) => a,
        Command::Publish { id } => {
            let what = crate::store::Publish::Source(crate::domain::SourceId(id));
            return super::publish::run(ctx, what).await;
        }
    };
    let source = NewSource {
        url: Some(parse_url(&a.url)?),
        title: a.title,
        publisher: a.publisher,
        published: a
            .published
            .as_deref()
            .map(PartialDate::parse)
            .transpose()
            .map_err(DomainError::from)?,
        retrieved: Some(match a.retrieved.as_deref() {
            Some(d) => Date::parse(d).map_err(DomainError::from)?,
            None => ctx.clock.today,
        }),
        language: a.language,
        excerpt: a.excerpt,
        reliability: a.reliability.parse::<Reliability>()?,
        level: a.level,
    };
    let id = ctx.store.add_source(&ctx.stamp, &source).await?;
    println!("{id}");
    Ok(())
}
