//! `habeas export`: the public record (or the internal one, on request) as CSV, JSON,
//! NDJSON or Popolo JSON. The key is never used: restricted values cannot reach an export.

use std::fs::OpenOptions;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::{CliError, Context};
use crate::domain::Level;
use crate::exchange::{DEFAULT_LICENCE, DataMeta, ExportFormat, export, popolo};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
    Ndjson,
    /// Popolo JSON: persons, organisations (affiliations) and memberships.
    Popolo,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportLevel {
    Public,
    Internal,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    #[arg(long, value_enum, default_value = "public")]
    level: ExportLevel,
    /// Write to this file (mode 0600 for internal exports) instead of standard output.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
}

pub async fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let reg = ctx.store.registry().await?;
    let format = match args.format {
        Format::Csv => Some(ExportFormat::Csv),
        Format::Json => Some(ExportFormat::Json),
        Format::Ndjson => Some(ExportFormat::Ndjson),
        Format::Popolo => None,
    };
    let level = match args.level {
        ExportLevel::Public => Level::Public,
        ExportLevel::Internal => Level::Internal,
    };
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => {
            let mut options = OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            if level == Level::Internal {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let file = options
                .open(path)
                .map_err(|e| CliError::Message(format!("cannot write {}: {e}", path.display())))?;
            Box::new(BufWriter::new(file))
        }
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let n = match format {
        Some(format) => export(&reg, level, format, &mut out),
        None => {
            let meta = DataMeta {
                generated: ctx.clock.today.to_string(),
                licence: DEFAULT_LICENCE.to_string(),
            };
            popolo(&reg, level, &meta, &mut out)
        }
    }
    .map_err(|e| CliError::Message(e.to_string()))?;
    out.flush()?;
    if let Some(path) = &args.output {
        eprintln!("exported {n} people ({}) to {}", level, path.display());
    }
    Ok(())
}
