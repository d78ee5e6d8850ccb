//! Golden outputs: `relations.jsonl`, `graph.json` and `graph.dot` of the seeds and of the
//! dev set (`tests/dev/articles.jsonl`), built with the bundled data as the accuracy tests do,
//! compared byte for byte with `tests/golden/<set>/`. A change to extraction, the graph or an
//! export shows up here as a diff to review.
//!
//! The files are rewritten only on request: `DEALGRAPH_BLESS=1 cargo test --test integration
//! golden` writes the current outputs (then `git diff tests/golden` shows what changed).

use crate::util::root;
use dealgraph::export::{render, write_atomic, ExportOptions, Format};
use dealgraph::pipeline::{Pipeline, RunOptions};

/// The environment variable that rewrites the golden files instead of comparing them.
const BLESS: &str = "DEALGRAPH_BLESS";

/// The formats kept as golden files.
const FORMATS: [Format; 3] = [Format::Relations, Format::Json, Format::Dot];

/// The first line where `want` and `got` differ, both sides shown.
fn first_difference(want: &str, got: &str) -> String {
    let (mut w, mut g) = (want.lines(), got.lines());
    for n in 1.. {
        match (w.next(), g.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (None, None) => break,
            (a, b) => {
                return format!(
                    "line {n}\n  golden:  {}\n  current: {}",
                    a.unwrap_or("(end of file)"),
                    b.unwrap_or("(end of file)")
                )
            }
        }
    }
    "only the final newline differs".to_string()
}

/// Builds `input` (relative to the project root) and compares (or, when blessing, writes)
/// each golden file of `tests/golden/<set>/`.
fn check(set: &str, input: &str) {
    let pipeline = Pipeline::bundled().unwrap();
    let inputs = dealgraph::document::Inputs::new(vec![root().join(input)]);
    let output = pipeline
        .run(inputs.raw(), &RunOptions::default(), |_, _| {})
        .unwrap();
    assert!(output.skipped.is_empty(), "{:?}", output.skipped);
    let dir = root().join("tests/golden").join(set);
    let bless = std::env::var_os(BLESS).is_some_and(|v| v == "1");
    let mut differences = Vec::new();
    for format in FORMATS {
        let files = render(&output.graph, format, &ExportOptions::default()).unwrap();
        for file in files {
            let path = dir.join(&file.path);
            if bless {
                write_atomic(&path, &file.bytes).unwrap();
                continue;
            }
            let got = String::from_utf8(file.bytes).unwrap();
            match std::fs::read_to_string(&path) {
                Ok(want) if want == got => {}
                Ok(want) => differences.push(format!(
                    "{}: differs at {}",
                    path.display(),
                    first_difference(&want, &got)
                )),
                Err(e) => differences.push(format!("{}: {e}", path.display())),
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{}\nIf the change is intended, rewrite the golden files with \
         `{BLESS}=1 cargo test --test integration golden` and review `git diff tests/golden`.",
        differences.join("\n")
    );
}

#[test]
fn golden_seeds() {
    check("seeds", "seeds");
}

#[test]
fn golden_dev_set() {
    check("dev", "tests/dev/articles.jsonl");
}

#[test]
fn first_difference_names_the_line_and_both_sides() {
    assert_eq!(
        first_difference("a\nb\nc\n", "a\nx\nc\n"),
        "line 2\n  golden:  b\n  current: x"
    );
    assert_eq!(
        first_difference("a\n", "a\nb\n"),
        "line 2\n  golden:  (end of file)\n  current: b"
    );
    assert_eq!(
        first_difference("a\n", "a"),
        "only the final newline differs"
    );
}
