//! `habeas audit verify`: walk the hash chain, then check every person, case, event and
//! source against its last audit entry; exit non-zero naming the first bad entry or row.

use super::{CliError, Context};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Check that no audit entry was altered, removed or reordered, and that the
    /// registry's rows are what the log says was written.
    #[command(
        after_help = "Examples:\n  habeas audit verify\n  habeas audit verify --expect-head 3f2a...   # a head kept outside the database"
    )]
    Verify {
        /// A head hash recorded earlier outside the database; the chain must still
        /// contain it, so a rewrite of the whole log is detected too.
        #[arg(long)]
        expect_head: Option<String>,
    },
}

pub async fn run(ctx: &Context, command: Command) -> Result<(), CliError> {
    let Command::Verify { expect_head } = command;
    match ctx.store.verify_audit().await? {
        Ok((entries, head)) => {
            if let Some(expected) = expect_head
                && !ctx.store.audit_contains_hash(&expected).await?
            {
                return Err(CliError::Message(format!(
                    "the audit chain is consistent but does not contain the head {expected} recorded earlier: the log was rewritten"
                )));
            }
            println!("audit log ok: {entries} entries, head {head}");
            Ok(())
        }
        Err(bad) => Err(CliError::Message(bad.to_string())),
    }
}
