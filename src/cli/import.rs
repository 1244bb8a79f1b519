//! `habeas import`: a CSV spreadsheet of people and cases, all rows or none.

use std::fs::File;
use std::path::PathBuf;

use super::{CliError, Context};
use crate::exchange::{Mapping, parse_csv};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spreadsheet, saved as CSV (UTF-8, header row first).
    file: PathBuf,
    /// A TOML file saying which column holds which field (see README); without it,
    /// columns are named as `habeas export` names them.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// Check every row and report, without writing anything.
    #[arg(long)]
    dry_run: bool,
}

pub async fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let mapping = match &args.mapping {
        Some(path) => Mapping::from_toml(
            &std::fs::read_to_string(path)
                .map_err(|e| CliError::Message(format!("cannot read {}: {e}", path.display())))?,
        )?,
        None => Mapping::default(),
    };
    let file = File::open(&args.file)
        .map_err(|e| CliError::Message(format!("cannot read {}: {e}", args.file.display())))?;
    let report = parse_csv(file, &mapping, ctx.clock.today)?;
    let cases: usize = report.dossiers.iter().map(|d| d.cases.len()).sum();
    if args.dry_run {
        println!(
            "dry run: {} rows are valid: {} people, {cases} cases; nothing was written",
            report.rows,
            report.dossiers.len()
        );
        return Ok(());
    }
    ctx.store
        .add_dossiers(&ctx.stamp, &report.dossiers)
        .await
        .map_err(|(i, e)| {
            let line = report.lines.get(i).copied().unwrap_or(0);
            CliError::Message(format!("line {line}: {e}; nothing was imported"))
        })?;
    println!(
        "imported {} rows: {} people, {cases} cases",
        report.rows,
        report.dossiers.len()
    );
    Ok(())
}
