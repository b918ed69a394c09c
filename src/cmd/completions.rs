//! `chirpdex completions SHELL` and `chirpdex man`: generated from the clap definitions, so they
//! never drift from the commands.

use std::io::Write;

use clap::CommandFactory;

use super::{Cli, Exit};

/// Print a shell completion script (e.g. `chirpdex completions bash > /etc/bash_completion.d/chirpdex`).
#[derive(clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    shell: clap_complete::Shell,
}

pub fn completions(args: CompletionsArgs) -> anyhow::Result<Exit> {
    // Into a buffer first: clap_complete panics when its writer fails (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "chirpdex", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(Exit::Success)
}

/// Print the manual page, in roff (e.g. `chirpdex man | man -l -`).
pub fn man() -> anyhow::Result<Exit> {
    clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout().lock())?;
    Ok(Exit::Success)
}
