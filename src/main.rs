use std::process::ExitCode;

use clap::Parser;

/// Loading and listing 100,000 people allocates millions of small rows on two threads
/// (ours and SQLite's); mimalloc measured faster than the system allocator there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = habeas::cli::Cli::parse();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(habeas::cli::run(cli)),
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            ExitCode::FAILURE
        }
    }
}
