//! The `chirpdex` command: parse arguments, run the subcommand, turn the outcome into an exit code.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than glibc's allocator: an ingest builds each document on its own thread and
/// tantivy's indexing threads free it, which glibc serialises on its arenas' locks (69,000 futex
/// calls in a 200,000-tweet ingest, against 6,000).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option for how long freed memory stays with the process before it goes back to
/// the system (`mi_option_purge_delay`, 1,000 ms by default).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back after 100 ms unless `MIMALLOC_PURGE_DELAY` says otherwise. With
/// mimalloc's second, a short run keeps 25-35 MB it no longer uses (a 19 MiB document is read
/// in 83-96 MiB instead of 60-75); with no delay, an ingest spends more time in the kernel than
/// with glibc. 100 ms keeps about half of what a second gains.
fn configure_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: called first thing in `main`, before any other thread exists.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 100) }
    }
}

fn main() -> ExitCode {
    configure_allocator();
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code.into(),
        Err(e) if cmd::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chirpdex: error: {e:#}");
            cmd::Exit::Error.into()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_mimalloc_names_so() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // Option 15 holds mimalloc's documented default purge delay until we set it.
        // SAFETY: reading an option.
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) },
            1000
        );
        super::configure_allocator();
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) },
            100
        );
    }
}
