//! `habeas key protect` and `habeas key unprotect`: wrap the key file under a
//! passphrase (Argon2id), change it, or write the key back in the plain form. Also
//! where every command gets the passphrase of a protected key file: `--passphrase-fd`,
//! then `HABEAS_KEY_PASSPHRASE`, then a prompt when run on a terminal.

use std::io::{BufRead, IsTerminal};

use super::{Cli, CliError};
use crate::crypto::{CryptoError, Keyring, MIN_PASSPHRASE_CHARS};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Protect the key file with a passphrase, or change its passphrase. The new one
    /// is read twice at a terminal, or from --new-passphrase-fd, or from
    /// HABEAS_NEW_KEY_PASSPHRASE.
    #[command(
        after_help = "Examples:\n  habeas key protect\n  habeas key protect --new-passphrase-fd 3 3< new-passphrase.txt"
    )]
    Protect {
        #[arg(long, value_name = "FD")]
        new_passphrase_fd: Option<u32>,
    },
    /// Write the key file back without a passphrase.
    #[command(after_help = "Example:\n  habeas key unprotect")]
    Unprotect,
}

/// The first line of file descriptor `fd` (Linux and macOS name them under /dev/fd).
fn read_fd(fd: u32) -> Result<String, CliError> {
    let path = format!("/dev/fd/{fd}");
    let file = std::fs::File::open(&path)
        .map_err(|e| CliError::Message(format!("cannot read file descriptor {fd}: {e}")))?;
    let mut line = String::new();
    std::io::BufReader::new(file)
        .read_line(&mut line)
        .map_err(|e| CliError::Message(format!("cannot read file descriptor {fd}: {e}")))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// The passphrase of the key file, if one was given, or if the key file is `protected`
/// and a terminal can be asked. `None` when there is nothing to ask with.
pub fn passphrase(cli: &Cli, protected: bool) -> Result<Option<String>, CliError> {
    if let Some(fd) = cli.passphrase_fd {
        return Ok(Some(read_fd(fd)?));
    }
    if let Ok(p) = std::env::var("HABEAS_KEY_PASSPHRASE") {
        return Ok(Some(p));
    }
    if protected && std::io::stdin().is_terminal() {
        let p = rpassword::prompt_password(format!("Passphrase for {}: ", cli.key_file.display()))?;
        return Ok(Some(p));
    }
    Ok(None)
}

/// The new passphrase for `protect`.
fn new_passphrase(fd: Option<u32>) -> Result<String, CliError> {
    if let Some(fd) = fd {
        return read_fd(fd);
    }
    if let Ok(p) = std::env::var("HABEAS_NEW_KEY_PASSPHRASE") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Message(
            "give the new passphrase at a terminal, with --new-passphrase-fd N, or in HABEAS_NEW_KEY_PASSPHRASE".into(),
        ));
    }
    let first = rpassword::prompt_password(format!(
        "New passphrase (at least {MIN_PASSPHRASE_CHARS} characters): "
    ))?;
    let again = rpassword::prompt_password("The same again: ")?;
    if first != again {
        return Err(CliError::Message(
            "the two passphrases differ; nothing changed".into(),
        ));
    }
    Ok(first)
}

pub fn run(cli: &Cli, command: &Command) -> Result<(), CliError> {
    let path = &cli.key_file;
    let current = passphrase(cli, Keyring::is_protected(path)? == Some(true))?;
    let ring = Keyring::load_with(path, current.as_deref())?
        .ok_or_else(|| CryptoError::NoKey(path.display().to_string()))?;
    match command {
        Command::Protect { new_passphrase_fd } => {
            let new = new_passphrase(*new_passphrase_fd)?;
            ring.write_file(path, Some(&new))?;
            println!(
                "{} is protected by the passphrase now (key {}). Keep the passphrase apart from the key file and the database.",
                path.display(),
                ring.id()
            );
        }
        Command::Unprotect => {
            ring.write_file(path, None)?;
            println!("{} holds the key without a passphrase now.", path.display());
        }
    }
    Ok(())
}
