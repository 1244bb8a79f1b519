//! `habeas user add|list|disable|reset-password|token|revoke-token`: staff accounts
//! and API tokens. Passwords come from standard input, or are generated and printed
//! once; no default password ever exists.

use std::io::{IsTerminal, Read};

use super::{CliError, Context};
use crate::accounts::{generate_password, hash_password, new_token};
use crate::domain::{Login, Password, Role};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an account. The password is read from standard input; with none, one is
    /// generated and printed once.
    #[command(
        after_help = "Examples:\n  habeas user add --login leyla --role editor < password.txt\n  habeas user add --login admin --role admin      # prints a generated password once"
    )]
    Add {
        #[arg(long)]
        login: String,
        /// admin, editor, reviewer, campaigner or viewer.
        #[arg(long)]
        role: String,
    },
    /// List accounts.
    #[command(after_help = "Example:\n  habeas user list")]
    List,
    /// Disable an account: it cannot log in, and its API tokens stop working.
    #[command(after_help = "Example:\n  habeas user disable leyla")]
    Disable { login: String },
    /// Set a new password (from standard input, or generated and printed once).
    #[command(after_help = "Example:\n  habeas user reset-password leyla")]
    ResetPassword { login: String },
    /// Remove an account's second factor (a lost phone and no recovery codes left).
    /// Its sessions end; if its role must use a second factor, it enrols again at the
    /// next login.
    #[command(after_help = "Example:\n  habeas user reset-two-factor leyla")]
    ResetTwoFactor { login: String },
    /// Issue an API token for an account, printed once; only its digest is stored.
    #[command(after_help = "Example:\n  habeas user token leyla --role viewer")]
    Token {
        login: String,
        /// The token's role: the account's own by default; admins may grant any,
        /// others only their own or viewer.
        #[arg(long)]
        role: Option<String>,
    },
    /// Revoke an API token by the id `user token` printed.
    #[command(after_help = "Example:\n  habeas user revoke-token 3")]
    RevokeToken { id: i64 },
}

/// A password from standard input, or a generated one (to be shown).
fn password_from_stdin() -> Result<(Password, bool), CliError> {
    let stdin = std::io::stdin();
    let mut typed = String::new();
    if !stdin.is_terminal() {
        stdin.lock().read_to_string(&mut typed)?;
    }
    let typed = typed.trim_end_matches(['\n', '\r']);
    if typed.is_empty() {
        let generated = generate_password().map_err(|e| CliError::Message(e.to_string()))?;
        Ok((generated, true))
    } else {
        Ok((Password::parse(typed)?, false))
    }
}

fn hash(p: &Password) -> Result<String, CliError> {
    hash_password(p).map_err(|e| CliError::Message(e.to_string()))
}

pub async fn run(ctx: &Context, command: Command) -> Result<(), CliError> {
    let store = &ctx.store;
    match command {
        Command::Add { login, role } => {
            let login = Login::parse(&login)?;
            let role: Role = role.parse()?;
            let (password, generated) = password_from_stdin()?;
            let id = store
                .add_user(&ctx.stamp, &login, role, &hash(&password)?)
                .await?;
            println!("added {login} ({role}), id {id}");
            if generated {
                println!("password (shown once): {}", password.expose());
            }
        }
        Command::List => {
            println!("{:<24}  {:<10}  {:<8}  created", "login", "role", "state");
            for a in store.users().await? {
                let state = if a.disabled { "disabled" } else { "active" };
                println!(
                    "{:<24}  {:<10}  {:<8}  {}",
                    a.login, a.role, state, a.created_at
                );
            }
        }
        Command::Disable { login } => {
            let login = Login::parse(&login)?;
            store.disable_user(&ctx.stamp, &login).await?;
            println!("disabled {login}");
        }
        Command::ResetPassword { login } => {
            let login = Login::parse(&login)?;
            let (password, generated) = password_from_stdin()?;
            store
                .set_password(&ctx.stamp, &login, &hash(&password)?)
                .await?;
            println!("password of {login} changed");
            if generated {
                println!("password (shown once): {}", password.expose());
            }
        }
        Command::ResetTwoFactor { login } => {
            let login = Login::parse(&login)?;
            let creds = store
                .credentials(&login)
                .await?
                .ok_or_else(|| CliError::Message(format!("there is no account '{login}'")))?;
            if store.remove_totp(&ctx.stamp, creds.account.id).await? {
                println!("second factor of {login} removed; its sessions ended");
            } else {
                println!("{login} had no second factor");
            }
        }
        Command::Token { login, role } => {
            let login = Login::parse(&login)?;
            let role: Option<Role> = role.as_deref().map(str::parse).transpose()?;
            let (token, digest) = new_token().map_err(|e| CliError::Message(e.to_string()))?;
            let (id, role) = store.add_token(&ctx.stamp, &login, role, &digest).await?;
            println!("token {id} for {login} ({role}), shown once:");
            println!("{token}");
        }
        Command::RevokeToken { id } => {
            store.revoke_token(&ctx.stamp, id).await?;
            println!("revoked token {id}");
        }
    }
    Ok(())
}
