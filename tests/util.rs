//! Shared helpers: run the binary, read its outputs.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The dealgraph binary, run from the project root.
pub fn dealgraph() -> Command {
    let mut c = Command::cargo_bin("dealgraph").expect("binary builds");
    c.current_dir(root());
    c
}

/// Runs `build` on `inputs` into a fresh temporary folder and returns it.
pub fn build(inputs: &[&str], extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let out = dealgraph()
        .arg("build")
        .args(inputs)
        .arg("--out")
        .arg(dir.path())
        .arg("--quiet")
        .args(extra)
        .output()
        .unwrap();
    (dir, out)
}

/// Reads a JSONL file into values.
pub fn read_jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Reads a JSON file.
pub fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}
