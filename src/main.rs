//! The `dealgraph` binary: parse arguments, call the library, map the outcome to an exit code.

use clap::Parser;
use dealgraph::cli::{run, Cli, Outcome};

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(Outcome::Ok) => 0,
        Ok(Outcome::Skipped) => 1,
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                0
            } else {
                eprintln!("error: {e:#}");
                3
            }
        }
    };
    std::process::exit(code);
}
