//! The `dealgraph` binary: parse arguments, call the library, map the outcome to an exit code
//! (and an interruption to 130 or 143, with this run's temporary files removed).

use dealgraph::cli::{error_code, error_message, parse_args, run};

fn main() {
    let cli = parse_args();
    // Without the handler a signal still stops the run; only the cleanup of temporary files is lost.
    let _ = dealgraph::interrupt::remove_temporaries_on_signal();
    let code = match run(cli) {
        Ok(outcome) => outcome.code(),
        Err(e) => {
            let code = error_code(&e);
            if code != 0 {
                // A closed stderr (`2>&-`) must not turn an error into a panic.
                use std::io::Write;
                let _ = writeln!(std::io::stderr(), "error: {}", error_message(&e));
            }
            code
        }
    };
    std::process::exit(code);
}
