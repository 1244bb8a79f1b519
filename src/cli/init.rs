//! `habeas init`: create the database and the key file, and say where they are.

use std::path::Path;

use super::{CliError, Context};
use crate::store::Keys;

pub fn run(ctx: &Context, key_file: &Path) -> Result<(), CliError> {
    match ctx.store.keys() {
        Keys::Loaded(k) => {
            println!("database ready ({:?})", ctx.store.backend());
            println!("key file: {} (key {})", key_file.display(), k.id());
            println!(
                "Keep a copy of the key file apart from the database: without it, restricted data cannot be read."
            );
            Ok(())
        }
        Keys::Unavailable(e) => Err(CliError::Message(format!("the database is ready, but {e}"))),
    }
}
