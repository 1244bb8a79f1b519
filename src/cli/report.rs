//! `habeas report --as-of DATE --format html|pdf -o FILE`: everyone held on a day,
//! grouped by category with counts, from the public record (the site's `/report`).

use std::path::PathBuf;

use super::{CliError, Context};
use crate::domain::{Date, DomainError};
use crate::public::PublicList;
use crate::public::report::Report;
use crate::web::Templates;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Html,
    Pdf,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The day (YYYY-MM-DD); today by default.
    #[arg(long)]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value = "html")]
    format: Format,
    /// Write here instead of standard output (needed for PDF).
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
}

pub async fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let as_of = match &args.as_of {
        Some(d) => Date::parse(d).map_err(DomainError::from)?,
        None => ctx.clock.today,
    };
    if matches!(args.format, Format::Pdf) && args.output.is_none() {
        return Err(CliError::Message(
            "a PDF needs a file to go to: add -o FILE".into(),
        ));
    }
    let registry = ctx.store.registry_without_sources().await?;
    let list = PublicList::build(&registry);
    let report = Report::build(&list, as_of, ctx.clock.today);
    let bytes = match args.format {
        Format::Html => Templates::load()
            .and_then(|t| t.render("report.html", serde_json::json!({ "report": report })))
            .map_err(|e| CliError::Message(format!("template: {e}")))?
            .into_bytes(),
        Format::Pdf => {
            crate::print::pdf(&report.doc()).map_err(|e| CliError::Message(e.to_string()))?
        }
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, &bytes)
                .map_err(|e| CliError::Message(format!("cannot write {}: {e}", path.display())))?;
            eprintln!(
                "{} people held on {as_of}, written to {}",
                report.total,
                path.display()
            );
        }
        None => {
            use std::io::Write;
            std::io::stdout().lock().write_all(&bytes)?;
        }
    }
    Ok(())
}
