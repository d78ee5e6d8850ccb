//! Spark (docs/shards.md): `examples/spark/dealgraph_spark.py` builds one shard per partition
//! on PySpark's local mode and merges them with `dealgraph merge`; every output file and the
//! ledger must be byte-identical to one `dealgraph build` of the same articles.
//!
//! Runs only with `DEALGRAPH_CI=1` (as `.ci/run` sets; otherwise it says on stderr that it
//! skips): it needs Java 17 and PySpark (pinned in `examples/spark/requirements.txt`), which
//! it installs into the git-ignored `.venv-spark` when missing.

use crate::util::root;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The virtual environment's Python.
fn python() -> PathBuf {
    root().join(".venv-spark/bin/python")
}

/// Whether PySpark imports in `.venv-spark`.
fn has_pyspark() -> bool {
    Command::new(python())
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// PySpark in `.venv-spark`, installed with pip when CI asks; `Err` says why it cannot run.
fn ready() -> Result<(), String> {
    if Command::new("java").arg("-version").output().is_err() {
        return Err("Java (17 or later) is missing".into());
    }
    if has_pyspark() {
        return Ok(());
    }
    if std::env::var_os("DEALGRAPH_CI").is_none_or(|v| v != "1") {
        return Err(
            "PySpark is not in .venv-spark; `DEALGRAPH_CI=1 cargo test --test \
                    integration spark` installs it"
                .into(),
        );
    }
    let venv = root().join(".venv-spark");
    let ok = |c: &mut Command| c.status().is_ok_and(|s| s.success());
    if !python().exists() && !ok(Command::new("python3").arg("-m").arg("venv").arg(&venv)) {
        return Err("python3 -m venv .venv-spark failed".into());
    }
    // No pip cache: the PySpark wheel is ~300 MB and would be kept twice on disk.
    let requirements = root().join("examples/spark/requirements.txt");
    let o = Command::new(python())
        .args(["-m", "pip", "install", "-q", "--no-cache-dir", "-r"])
        .arg(&requirements)
        .output()
        .map_err(|e| format!("cannot run pip: {e}"))?;
    if !o.status.success() {
        return Err(format!(
            "pip install -r examples/spark/requirements.txt failed: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        ));
    }
    Ok(())
}

/// Every file of a folder, by path relative to it.
fn files(base: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(base) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(base).unwrap();
            out.insert(
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    out
}

/// Runs with `DEALGRAPH_CI=1` only (Spark's start alone takes seconds).
#[test]
fn spark_shards_merge_into_the_one_build() {
    if std::env::var_os("DEALGRAPH_CI").is_none_or(|v| v != "1") {
        eprintln!(
            "spark_shards_merge_into_the_one_build: skipped; `DEALGRAPH_CI=1 cargo test --test \
             integration spark` runs it (installing PySpark into .venv-spark)"
        );
        return;
    }
    if let Err(why) = ready() {
        panic!("the Spark test cannot run: {why}");
    }
    let tmp = tempfile::tempdir().unwrap();
    // The dev articles and the seeds, as one JSONL file.
    let mut input = std::fs::read_to_string(root().join("tests/dev/articles.jsonl")).unwrap();
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    for s in seeds {
        let line = serde_json::json!({
            "id": s.file_name().unwrap().to_string_lossy(),
            "text": std::fs::read_to_string(&s).unwrap(),
        });
        input.push_str(&format!("{line}\n"));
    }
    let articles = tmp.path().join("articles.jsonl");
    std::fs::write(&articles, input).unwrap();
    let formats = "json,dot,relations,deals,html,graphml,neo4j,cypher,kuzu,jsonl";
    let binary = env!("CARGO_BIN_EXE_dealgraph");
    let one = tmp.path().join("one");
    let o = Command::new(binary)
        .args(["build", "-q", "-f", formats, "-o"])
        .arg(&one)
        .arg(&articles)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let spark = tmp.path().join("spark");
    let o = Command::new(python())
        .arg(root().join("examples/spark/dealgraph_spark.py"))
        .args([
            "--dealgraph",
            binary,
            "--master",
            "local[2]",
            "--partitions",
            "3",
        ])
        .args(["--format", formats, "--input"])
        .arg(&articles)
        .arg("--out")
        .arg(&spark)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert_eq!(
        stderr.lines().last(),
        Some(format!("30 documents in 3 shards merged into {}", spark.display()).as_str()),
        "{stderr}"
    );
    let (want, got) = (files(&one), files(&spark));
    assert_eq!(want.len(), 30);
    let differing: Vec<&String> = want
        .keys()
        .filter(|k| want.get(*k) != got.get(*k))
        .collect();
    assert_eq!(differing, Vec::<&String>::new());
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>()
    );
}
