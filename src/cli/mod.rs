//! The command line: one file per command. This is the only module that reads the
//! clock; it passes "now" and "today" down as values.

mod audit;
mod backup;
mod campaign;
mod case;
mod demo;
mod eval;
mod event;
mod export;
mod import;
mod ingest;
mod init;
mod key;
mod list;
mod matching;
mod people;
mod person;
mod proposals;
mod publish;
mod report;
mod serve;
mod source;
mod user;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::{Parser, Subcommand};

use crate::crypto::{CryptoError, Keyring};
use crate::domain::Date;
use crate::store::{Stamp, Store, StoreError};

#[derive(Debug, Parser)]
#[command(
    name = "habeas",
    version,
    about = "Document people jailed for their work or opinions, publish the list, campaign for their release.",
    after_help = "Examples:\n  habeas init\n  habeas demo --people 200\n  habeas list --as-of 2025-01-01\n  habeas audit verify"
)]
pub struct Cli {
    /// The database: a SQLite file path (created on first use) or a postgres:// URL.
    #[arg(long, global = true, env = "HABEAS_DB", default_value = "habeas.db")]
    pub db: String,
    /// The key file that seals restricted values (created by `habeas init`, mode 0600).
    #[arg(
        long,
        global = true,
        env = "HABEAS_KEY_FILE",
        default_value = "habeas.key"
    )]
    pub key_file: PathBuf,
    /// Read the key file's passphrase from this file descriptor (its first line), as
    /// from a service manager or `3< secret-file`. Otherwise HABEAS_KEY_PASSPHRASE, or a
    /// prompt on a terminal.
    #[arg(long, global = true, value_name = "FD")]
    pub passphrase_fd: Option<u32>,
    /// SQLite only: fail writes once the file holds this many 4 KiB pages, as on a
    /// full disk (for the disk-full drill).
    #[arg(long, global = true, hide = true)]
    pub sqlite_max_pages: Option<u32>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the public site and the read API.
    #[command(
        after_help = "Examples:\n  habeas serve --demo\n  habeas --db postgres://habeas@db/habeas serve --addr 0.0.0.0:8080"
    )]
    Serve(serve::Args),
    /// Create the database and the key file.
    #[command(after_help = "Example:\n  habeas --db ./registry.db --key-file ./registry.key init")]
    Init,
    /// Load deterministic, clearly fictional demo records.
    #[command(after_help = "Example:\n  habeas demo --people 1000 --seed 7")]
    Demo(demo::Args),
    /// Add, show and list people.
    #[command(subcommand)]
    Person(person::Command),
    /// Add detention cases.
    #[command(subcommand)]
    Case(case::Command),
    /// Add dated events to cases.
    #[command(subcommand)]
    Event(event::Command),
    /// Record sources: articles, statements, documents.
    #[command(subcommand)]
    Source(source::Command),
    /// List who was held (or had another status) on a date.
    #[command(
        after_help = "Examples:\n  habeas list\n  habeas list --as-of 2024-12-31 --country AZ --category journalist --format csv\n  habeas list --status released --format json"
    )]
    List(list::Args),
    /// Export the public (or internal) record as CSV, JSON, NDJSON or Popolo JSON.
    #[command(
        after_help = "Examples:\n  habeas export --format csv -o public.csv\n  habeas export --format popolo -o popolo.json\n  habeas export --format ndjson --level internal -o staff.ndjson"
    )]
    Export(export::Args),
    /// Import people and cases from a CSV spreadsheet; all rows or none.
    #[command(
        after_help = "Examples:\n  habeas import people.csv --dry-run\n  habeas import sheet.csv --mapping mapping.toml"
    )]
    Import(import::Args),
    /// Staff accounts and API tokens.
    #[command(subcommand)]
    User(user::Command),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(audit::Command),
    /// Write a consistent copy of the whole database while it is in use.
    #[command(
        after_help = "Examples:\n  habeas backup -o habeas-2026-12-02.backup\n  habeas --db postgres://habeas@db/habeas backup -o registry.backup"
    )]
    Backup(backup::BackupArgs),
    /// Load a backup into an empty database (SQLite or PostgreSQL) and verify it.
    #[command(
        after_help = "Example:\n  habeas --db restored.db --key-file habeas.key restore habeas-2026-12-02.backup"
    )]
    Restore(backup::RestoreArgs),
    /// Likely duplicate people, and merging two records of one person.
    #[command(subcommand)]
    People(people::Command),
    /// Find the registry people a name may be, across scripts and spellings.
    #[command(
        after_help = "Examples:\n  habeas match 'Лейла Мамедова'\n  habeas match 'MAMMADOVA Leyla' --json"
    )]
    Match(matching::Args),
    /// Read articles (files, folders, URLs) and propose registry updates for review.
    #[command(
        after_help = "Examples:\n  habeas ingest statement.html bulletins/ --dry-run --json\n  habeas ingest https://example.org/news/123"
    )]
    Ingest(ingest::Args),
    /// The review queue of what ingest read: list, show, accept, reject.
    #[command(subcommand)]
    Proposals(proposals::Command),
    /// Everyone held on a day, grouped by category with counts (HTML or PDF).
    #[command(
        after_help = "Examples:\n  habeas report --as-of 2025-12-31 -o held.html\n  habeas report --as-of 2025-12-31 --format pdf -o held.pdf"
    )]
    Report(report::Args),
    /// Campaigns (urgent actions): create, list, show, and print their letters.
    #[command(subcommand)]
    Campaign(campaign::Command),
    /// Score habeas on labelled data (needs no database).
    #[command(subcommand)]
    Eval(eval::Command),
    /// Protect the key file with a passphrase, change it, or remove it (needs no
    /// database).
    #[command(subcommand)]
    Key(key::Command),
}

/// A failure the user must read: printed as one message, exit code 1.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Domain(#[from] crate::domain::DomainError),
    #[error(transparent)]
    Import(#[from] crate::exchange::ImportError),
    #[error("{0}")]
    Message(String),
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Crypto(#[from] CryptoError),
}

/// The clock, read once per command.
pub struct Clock {
    /// Seconds since 1970, UTC.
    pub secs: i64,
    pub now: String,
    pub today: Date,
}

impl Clock {
    #[allow(clippy::disallowed_methods)] // The one place that reads the clock.
    pub fn system() -> Result<Clock, CliError> {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let secs = i64::try_from(secs).unwrap_or(0);
        let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let today = Date::from_days(days).ok_or_else(|| {
            CliError::Message("the system clock is not set to a plausible date".into())
        })?;
        let now = format!(
            "{today}T{:02}:{:02}:{:02}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        );
        Ok(Clock { secs, now, today })
    }

    pub fn stamp(&self, actor: &str) -> Stamp {
        Stamp {
            actor: actor.to_string(),
            at: self.now.clone(),
            today: self.today,
        }
    }
}

/// Who the CLI writes as, in the audit log: the operating-system user.
fn actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}

pub struct Context {
    pub store: Store,
    pub clock: Clock,
    pub stamp: Stamp,
    /// How the store was opened (with the passphrase given, if any): a command that
    /// opens the database again (restore) asks for nothing twice.
    pub options: crate::store::OpenOptions,
}

async fn context(cli: &Cli) -> Result<Context, CliError> {
    let protected = Keyring::is_protected(&cli.key_file)? == Some(true);
    let passphrase = key::passphrase(cli, protected)?;
    if passphrase.is_none() && protected {
        // A server that cannot open restricted data cannot check second factors either.
        if matches!(cli.command, Command::Serve(_)) {
            return Err(CryptoError::Locked(cli.key_file.display().to_string()).into());
        }
        eprintln!(
            "habeas: {}; restricted data stays locked",
            CryptoError::Locked(cli.key_file.display().to_string())
        );
    }
    let options = crate::store::OpenOptions {
        sqlite_max_pages: cli.sqlite_max_pages,
        passphrase,
    };
    let store = Store::open_with(&cli.db, &cli.key_file, &options).await?;
    if let crate::store::Keys::Unavailable(e @ CryptoError::WrongPassphrase(_)) = store.keys() {
        return Err(e.clone().into());
    }
    let clock = Clock::system()?;
    let stamp = clock.stamp(&actor());
    if let Some(u) = store.upgrade_audit(&stamp).await? {
        eprintln!(
            "habeas: audit log upgraded: {} entries now carry a MAC, {} secret digests keyed, {} access records attested",
            u.entries, u.digests, u.attested
        );
    }
    Ok(Context {
        store,
        clock,
        stamp,
        options,
    })
}

pub async fn run(cli: Cli) -> ExitCode {
    let result = async {
        // Evaluation reads files only: no database is opened or created; key
        // commands work on the key file alone.
        if let Command::Eval(c) = cli.command {
            return eval::run(c);
        }
        if let Command::Key(c) = &cli.command {
            return key::run(&cli, c);
        }
        // A restore opens the backed-up database's key, never a new one.
        if matches!(cli.command, Command::Restore(_)) && !cli.key_file.exists() {
            return Err(CliError::Message(format!(
                "there is no key file at {}: restore needs the key file of the backed-up database (--key-file)",
                cli.key_file.display()
            )));
        }
        let ctx = context(&cli).await?;
        if let Command::Restore(args) = &cli.command {
            let outcome = backup::restore(&cli, &ctx, args).await;
            ctx.store.close().await;
            return outcome;
        }
        let outcome = match cli.command {
            // Serving owns the store until shutdown.
            Command::Serve(args) => return serve::run(ctx, args).await,
            Command::Init => init::run(&ctx, &cli.key_file),
            Command::Demo(args) => demo::run(&ctx, args).await,
            Command::Person(c) => person::run(&ctx, c).await,
            Command::Case(c) => case::run(&ctx, c).await,
            Command::Event(c) => event::run(&ctx, c).await,
            Command::Source(c) => source::run(&ctx, c).await,
            Command::List(args) => list::run(&ctx, args).await,
            Command::Export(args) => export::run(&ctx, args).await,
            Command::Import(args) => import::run(&ctx, args).await,
            Command::Audit(c) => audit::run(&ctx, c).await,
            Command::Backup(args) => backup::backup(&ctx, args).await,
            Command::Restore(_) => Ok(()),
            Command::User(c) => user::run(&ctx, c).await,
            Command::Match(args) => matching::run(&ctx, args).await,
            Command::People(c) => people::run(&ctx, c).await,
            Command::Ingest(args) => ingest::run(&ctx, args).await,
            Command::Proposals(c) => proposals::run(&ctx, c).await,
            Command::Campaign(c) => campaign::run(&ctx, c).await,
            Command::Report(args) => report::run(&ctx, args).await,
            Command::Eval(_) | Command::Key(_) => Ok(()),
        };
        ctx.store.close().await;
        outcome
    }
    .await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Parses a repeated `--flag VALUE` list through `FromStr`, naming the first bad value.
fn parse_all<T: std::str::FromStr<Err = crate::domain::DomainError>>(
    values: &[String],
) -> Result<Vec<T>, CliError> {
    values
        .iter()
        .map(|v| v.parse::<T>().map_err(CliError::from))
        .collect()
}
