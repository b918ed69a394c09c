//! The `chirpdex` command: parse arguments, run the subcommand, turn the outcome into an exit code.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
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
