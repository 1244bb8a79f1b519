//! `habeas serve`: the public site and read API from one binary.

use std::net::SocketAddr;
use std::sync::Arc;

use super::{CliError, Clock, Context};
use crate::web::{AppState, serve};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to listen.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Mark cookies `Secure` and send Strict-Transport-Security (set this when a TLS
    /// proxy is in front).
    #[arg(long)]
    secure_cookies: bool,
    /// A reverse proxy (address or block, like 127.0.0.1 or 10.0.0.0/8) whose
    /// Forwarded / X-Forwarded-For headers name the client; repeat for several.
    /// Without it, every visitor behind a proxy is the proxy's address.
    #[arg(long = "trusted-proxy", value_name = "CIDR")]
    trusted_proxies: Vec<crate::web::client::Cidr>,
    /// On an empty database, load this many demo people first.
    #[arg(long, num_args = 0..=1, default_missing_value = "1000")]
    demo: Option<u64>,
}

/// Resolves on Ctrl-C or SIGTERM, so requests in flight can finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

pub async fn run(ctx: Context, args: Args) -> Result<(), CliError> {
    // Structured logs on standard error; request lines carry routes, never queries.
    let _ = tracing_subscriber::fmt()
        .json()
        .with_writer(std::io::stderr)
        .try_init();
    if let Some(people) = args.demo {
        let (seq, _) = ctx.store.head().await?;
        if seq == 0 {
            super::demo::load(&ctx, people, 1).await?;
        }
    }
    let store = Arc::new(ctx.store);
    let started = ctx.clock.secs;
    let clock: crate::web::Clock = Arc::new(move || Clock::system().map_or(started, |c| c.secs));
    let options = crate::web::WebOptions {
        secure_cookies: args.secure_cookies,
        trusted_proxies: args.trusted_proxies,
    };
    let state = AppState::new(Arc::clone(&store), clock, options).await?;
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| CliError::Message(format!("cannot listen on {}: {e}", args.addr)))?;
    let bound = listener.local_addr()?;
    eprintln!(
        "habeas: serving {} people at http://{bound}/",
        state.snapshot().list.len()
    );
    if let Some(path) = state.setup_link().await? {
        eprintln!(
            "habeas: no staff account exists yet; create the first admin (this link works once): http://{bound}{path}"
        );
    }
    serve(state, listener, shutdown_signal())
        .await
        .map_err(|e| CliError::Message(format!("serving on {bound} failed: {e}")))
}
