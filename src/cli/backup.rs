//! `habeas backup -o FILE` and `habeas restore FILE`: a consistent copy of the whole
//! database taken while the server runs, and its return into an empty database of
//! either kind, verified (see `store::backup`). The key file is not in the backup: keep
//! it, and its copies, apart.

use std::io::Write;
use std::path::PathBuf;

use super::{Cli, CliError, Context};
use crate::store::Store;

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Where to write the backup (mode 0600; replaced in one step when complete).
    #[arg(short = 'o', long)]
    output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A file written by `habeas backup`.
    file: PathBuf,
}

pub async fn backup(ctx: &Context, args: BackupArgs) -> Result<(), CliError> {
    let temp = args.output.with_extension("partial");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options
        .open(&temp)
        .map_err(|e| CliError::Message(format!("cannot write {}: {e}", temp.display())))?;
    let mut out = std::io::BufWriter::new(file);
    let summary = ctx.store.backup(&mut out, &ctx.clock.now).await?;
    let file = out
        .into_inner()
        .map_err(|e| CliError::Message(format!("cannot write {}: {e}", temp.display())))?;
    file.sync_all()?;
    std::fs::rename(&temp, &args.output)?;
    println!(
        "backed up {} rows of {} tables to {} (audit head {} at entry {}); keep the key file apart",
        summary.rows,
        summary.tables,
        args.output.display(),
        summary.audit_head,
        summary.audit_seq
    );
    Ok(())
}

pub async fn restore(cli: &Cli, ctx: &Context, args: &RestoreArgs) -> Result<(), CliError> {
    let file = std::fs::File::open(&args.file)
        .map_err(|e| CliError::Message(format!("cannot read {}: {e}", args.file.display())))?;
    let mut input = std::io::BufReader::new(file);
    let summary = ctx.store.restore(&mut input).await?;
    // The restored database under its own key, checked as a new process would see it.
    let check = Store::open_with(&cli.db, &cli.key_file, &ctx.options).await?;
    let verified = check.verify_audit().await;
    check.close().await;
    let (entries, head) = match verified {
        Ok(Ok(h)) => h,
        Ok(Err(tamper)) => {
            return Err(CliError::Message(format!(
                "restored {} rows, but the audit log does not verify: {tamper}",
                summary.rows
            )));
        }
        Err(e) => {
            return Err(CliError::Message(format!(
                "restored {} rows, but the audit log cannot be verified: {e} (restore needs the key file of the backed-up database)",
                summary.rows
            )));
        }
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "restored {} rows of {} tables; audit log ok: {entries} entries, head {head}",
        summary.rows, summary.tables
    )?;
    if head != summary.audit_head {
        writeln!(out, "note: the backup's head was {}", summary.audit_head)?;
    }
    Ok(())
}
