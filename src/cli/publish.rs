//! `habeas person|case|event|source publish ID`: the explicit, audited act that puts
//! a record on the public list (see `store::publish`).

use super::{CliError, Context};
use crate::store::Publish;

/// Publishes and prints what changed, what was public already and what stayed.
pub async fn run(ctx: &Context, what: Publish) -> Result<(), CliError> {
    let done = ctx.store.publish(&ctx.stamp, what).await?;
    if done.changed.is_empty() {
        println!("nothing to publish: already public");
    } else {
        println!("published {}", done.changed.join(", "));
    }
    for left in &done.left {
        println!("  left as it was: {left}");
    }
    Ok(())
}
