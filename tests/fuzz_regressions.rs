//! The fuzz harnesses in the test suite: every input a fuzzer ever failed on, kept in
//! `tests/fixtures/fuzz/<target>/`, runs through the same harness as `cargo fuzz`; and a
//! short deterministic run of pseudo-random inputs keeps the harnesses themselves working.

use crate::harness::TARGETS;
use crate::util::root;

#[test]
fn saved_fuzz_inputs_still_pass() {
    let fixtures = root().join("tests/fixtures/fuzz");
    // Every folder is a target's (a renamed target must take its inputs along).
    let mut folders: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap_or_else(|e| panic!("{}: {e}", fixtures.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !TARGETS.iter().any(|(t, _)| t == name))
        .collect();
    folders.sort();
    assert_eq!(folders, Vec::<String>::new(), "folders of no fuzz target");
    let mut ran = 0;
    for (target, run) in TARGETS {
        // A target no fuzzer has failed on yet has no folder.
        let dir = fixtures.join(target);
        let mut files: Vec<_> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => panic!("{}: {e}", dir.display()),
        };
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{} fails again", file.display());
            ran += 1;
        }
    }
    // Five inputs were saved when this line was written; fewer means some went missing.
    assert!(ran >= 5, "only {ran} saved fuzz inputs found");
}

#[test]
fn harnesses_survive_pseudo_random_input() {
    // xorshift64: the same inputs on every run.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for (target, run) in TARGETS {
        for i in 0..64 {
            let len = (next() % 400) as usize;
            let data: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target} input {i} fails: {data:?}");
        }
    }
}

#[test]
fn every_export_file_has_a_parse_back_check() {
    use dealgraph::export::{render, ExportOptions, Format};
    let graph = dealgraph::graph::KnowledgeGraph::new();
    for &format in Format::ALL {
        if matches!(format, Format::Svg | Format::Png) {
            continue;
        }
        for file in render(&graph, format, &ExportOptions::default()).unwrap() {
            assert!(
                crate::harness::check_file(&graph, None, &file.path, &file.bytes),
                "{}: add a parse-back check to tests/harness.rs (check_file)",
                file.path
            );
        }
    }
}
