//! Interop: the exports loaded by the real consumers (issue 5). networkx reads `graph.json` and
//! `graph.graphml`, Kùzu loads `kuzu/` and runs `cypher/graph.cypher` (and its investors of
//! 小红书 are exactly those `dealgraph query investors 小红书` prints), the Neo4j CSVs and
//! `graph.jsonl` are parsed back, and Graphviz renders `graph.dot` without a warning; on the
//! seed graph, on a hand-built graph of hostile names, and on names with control characters.
//!
//! The consumers are networkx and Kùzu (versions pinned in `tests/interop/requirements.txt`)
//! in the git-ignored `.venv`, and Graphviz's `dot`. The tests run when they are present and
//! say they skip (on stderr) when they are not; nothing is installed behind a user's back.
//! With `DEALGRAPH_CI=1` (which `.ci/run` sets) they are installed when missing: the pinned
//! versions into `.venv` with pip, Graphviz with apt-get as root or through sudo; a consumer
//! that cannot be installed then fails the test with the reason. The comparisons themselves
//! live in `tests/interop/check.py`.

use crate::util::{dealgraph, read_json, root};
use dealgraph::date::PartialDate;
use dealgraph::dictionary::{Dictionary, EntityKind};
use dealgraph::graph::{DocumentFacts, Evidence, KnowledgeGraph};
use dealgraph::relation::{Amount, Relation, RelationKind, Role, Status};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Every format the consumers check, for `--format`.
const FORMATS: &str = "json,dot,graphml,neo4j,cypher,kuzu,jsonl,deals";

/// Set to `1` (as `.ci/run` does): install missing consumers instead of skipping.
const CI_VAR: &str = "DEALGRAPH_CI";

/// Whether CI asked for the consumers to be installed when missing.
fn ci() -> bool {
    std::env::var_os(CI_VAR).is_some_and(|v| v == "1")
}

/// Whether `test` can run: the consumers are present, or CI asked for them to be installed.
/// Otherwise says on stderr what is missing and how to run it.
fn consumers_for(test: &str) -> bool {
    if ci() {
        return true;
    }
    let mut missing = Vec::new();
    if Command::new("dot").arg("-V").output().is_err() {
        missing.push("Graphviz `dot`");
    }
    let python = venv_python();
    if !(python.exists() && has_pins(&python)) {
        missing.push("networkx and kuzu at the pinned versions in .venv");
    }
    if missing.is_empty() {
        return true;
    }
    eprintln!(
        "{test}: skipped, missing {}; `{CI_VAR}=1 cargo test --test integration interop` \
         installs them (pip into .venv, apt-get graphviz)",
        missing.join(" and ")
    );
    false
}

fn output_text(o: &Output) -> String {
    format!(
        "status {}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn run(cmd: &mut Command) -> Result<Output, String> {
    let o = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if o.status.success() {
        Ok(o)
    } else {
        Err(format!("{cmd:?} failed: {}", output_text(&o)))
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `apt-get install -y PACKAGE` as root or through `sudo -n`; `Err` says why it cannot.
fn apt_install(package: &str) -> Result<(), String> {
    if Command::new("apt-get").arg("--version").output().is_err() {
        return Err(format!(
            "{package} is missing and there is no apt-get to install it"
        ));
    }
    let sudo: &[&str] = if is_root() {
        &[]
    } else if Command::new("sudo")
        .args(["-n", "true"])
        .status()
        .is_ok_and(|s| s.success())
    {
        &["sudo", "-n"]
    } else {
        return Err(format!(
            "{package} is missing and cannot be installed (not root, no password-less sudo): \
             run `sudo apt-get install {package}`"
        ));
    };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = sudo.to_vec();
        all.push("apt-get");
        all.extend_from_slice(args);
        let mut c = Command::new(all[0]);
        c.args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt(&["update", "-qq"]))?;
    run(&mut apt(&["install", "-y", "-qq", package]))?;
    Ok(())
}

/// Graphviz `dot`, installed with apt-get if missing.
fn graphviz() {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    let ready = READY.get_or_init(|| {
        if Command::new("dot").arg("-V").output().is_ok() {
            return Ok(());
        }
        if !ci() {
            return Err(format!("`dot` is missing (set {CI_VAR}=1 to install it)"));
        }
        apt_install("graphviz")?;
        run(Command::new("dot").arg("-V")).map(|_| ())
    });
    if let Err(e) = ready {
        panic!("Graphviz is needed for the interop test: {e}");
    }
}

/// The pinned `name==version` lines of `tests/interop/requirements.txt`.
fn pins() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("tests/interop/requirements.txt")).unwrap();
    text.lines()
        .filter_map(|l| l.split_once("=="))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// Whether `python` has exactly the pinned packages.
fn has_pins(python: &Path) -> bool {
    let script = "import importlib.metadata as m, sys\n\
                  for a in sys.argv[1:]:\n    n, v = a.split('==')\n    \
                  assert m.version(n) == v, (n, m.version(n), v)\n";
    let mut c = Command::new(python);
    c.arg("-c").arg(script);
    for (n, v) in pins() {
        c.arg(format!("{n}=={v}"));
    }
    c.output().is_ok_and(|o| o.status.success())
}

/// The Python of the git-ignored `.venv`.
fn venv_python() -> PathBuf {
    let venv = root().join(".venv");
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

/// The Python of `.venv`, with networkx and Kùzu at the pinned versions (installed there
/// when missing, under `DEALGRAPH_CI=1` only).
fn python() -> PathBuf {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let python = PYTHON.get_or_init(|| {
        let venv = root().join(".venv");
        let python = venv_python();
        if python.exists() && has_pins(&python) {
            return Ok(python);
        }
        if !ci() {
            return Err(format!(
                "the pinned versions are not in .venv (set {CI_VAR}=1 to install them)"
            ));
        }
        if !python.exists() {
            let mut make = Command::new("python3");
            make.args(["-m", "venv"]).arg(&venv);
            if let Err(first) = run(&mut make) {
                // Debian and Ubuntu ship venv's pip separately.
                apt_install("python3-venv").map_err(|e| format!("{first}\n{e}"))?;
                let _ = std::fs::remove_dir_all(&venv);
                run(&mut make)?;
            }
        }
        run(Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-cache-dir",
                "-r",
            ])
            .arg(root().join("tests/interop/requirements.txt")))?;
        if has_pins(&python) {
            Ok(python)
        } else {
            Err("pip finished but the pinned versions are not importable".to_string())
        }
    });
    match python {
        Ok(p) => p.clone(),
        Err(e) => panic!(
            "networkx and kuzu are needed for the interop test and could not be installed \
             into .venv (Python 3.10+ with venv and pip, and access to PyPI): {e}"
        ),
    }
}

/// Runs `check.py ARGS` and returns its JSON report; fails the test with its explanation.
fn check(args: &[&str]) -> Value {
    let out = Command::new(python())
        .arg(root().join("tests/interop/check.py"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "check.py {args:?}: {}",
        output_text(&out)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("check.py {args:?}: {e}"))
}

/// Graphviz renders `graph.dot` to SVG with nothing on stderr.
fn assert_dot_renders_cleanly(dir: &Path) {
    graphviz();
    let out = Command::new("dot")
        .arg("-Tsvg")
        .arg(dir.join("graph.dot"))
        .output()
        .unwrap();
    assert!(out.status.success(), "dot -Tsvg: {}", output_text(&out));
    assert!(
        out.stderr.is_empty(),
        "dot -Tsvg warned: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("</svg>"));
}

/// `(entities, edges)` from dealgraph's summary line (`… N entities, M edges …`).
fn reported_counts(stderr: &[u8]) -> (u64, u64) {
    let text = String::from_utf8_lossy(stderr);
    let number_before = |word: &str| -> u64 {
        let at = text
            .find(word)
            .unwrap_or_else(|| panic!("no {word:?} in {text}"));
        let head = text[..at].trim_end();
        let start = head
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        head[start..].parse().unwrap()
    };
    (number_before(" entities"), number_before(" edges"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Investors of `target` in `graph.json`: sources of its `invest` edges, all statuses and
/// asserted only, sorted.
fn investors_in_graph_json(dir: &Path, target: &str) -> (Vec<String>, Vec<String>) {
    let g = read_json(&dir.join("graph.json"));
    let mut every = Vec::new();
    let mut asserted = Vec::new();
    for e in g["edges"].as_array().unwrap() {
        if e["target"] == target && e["relation"] == "invest" {
            every.push(e["source"].as_str().unwrap().to_string());
            if e["status"] == "asserted" {
                asserted.push(e["source"].as_str().unwrap().to_string());
            }
        }
    }
    for v in [&mut every, &mut asserted] {
        v.sort();
        v.dedup();
    }
    (every, asserted)
}

/// The investors of `target` that `dealgraph query investors` prints (`--relation invest`, as
/// Kùzu's `INVEST` table holds; asserted only unless `all_statuses`).
fn investors_from_query(graph_json: &Path, target: &str, all_statuses: bool) -> Vec<String> {
    let mut cmd = dealgraph();
    cmd.args(["query", "--graph"]).arg(graph_json).args([
        "investors",
        target,
        "--relation",
        "invest",
        "--csv",
    ]);
    if all_statuses {
        cmd.args(["--status", "all"]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "query investors: {}",
        output_text(&out)
    );
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let mut investors: Vec<String> = reader
        .records()
        .map(|r| {
            // query --csv neutralises a name a spreadsheet would run (`=cmd|…` → `'=cmd|…`).
            let cell = r.expect("query --csv is CSV")[0].to_string();
            match cell.strip_prefix('\'') {
                Some(name) if dealgraph::table::neutralize_formula(name) == cell => {
                    name.to_string()
                }
                _ => cell,
            }
        })
        .collect();
    investors.sort();
    investors.dedup();
    investors
}

/// `dealgraph query investors TARGET --json` as rows (investor, role, amount text, round,
/// date, status), sorted; every status or asserted only.
fn investor_rows_from_query(graph_json: &Path, target: &str, all_statuses: bool) -> Vec<Value> {
    let mut cmd = dealgraph();
    cmd.args(["query", "--graph"])
        .arg(graph_json)
        .args(["investors", target, "--json"]);
    if all_statuses {
        cmd.args(["--status", "all"]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "query investors: {}",
        output_text(&out)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut rows: Vec<Value> = answer["deals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            serde_json::json!([
                d["investor"],
                d["role"],
                d["amount"].get("text").cloned().unwrap_or(Value::Null),
                d["round"],
                d["date"],
                d["status"]
            ])
        })
        .collect();
    rows.sort_by_key(|r| r.to_string());
    rows
}

/// The deal rows a `check.py kuzu` report gives under `key`, sorted; every status or the
/// asserted ones.
fn deal_rows(report: &Value, key: &str, all_statuses: bool) -> Vec<Value> {
    let mut rows: Vec<Value> = report[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key} in {report}"))
        .iter()
        .filter(|r| all_statuses || r[5] == "asserted")
        .cloned()
        .collect();
    rows.sort_by_key(|r| r.to_string());
    rows
}

/// Runs every consumer on the exports in `dir` and checks them against dealgraph's counts,
/// `names` (byte for byte) and the investors of `target` that `dealgraph query` prints.
fn assert_consumers_agree(dir: &Path, counts: (u64, u64), names: &[String], target: &str) {
    let d = dir.to_str().unwrap();
    let nx = check(&["networkx", d]);
    for which in ["graph_json", "graphml"] {
        assert_eq!(nx[which]["nodes"], counts.0, "networkx {which} nodes");
        assert_eq!(nx[which]["edges"], counts.1, "networkx {which} edges");
    }
    assert_eq!(strings(&nx["names"]), names, "networkx graph.json names");
    assert_eq!(
        strings(&nx["graphml_names"]),
        names,
        "networkx GraphML names"
    );

    let kz = check(&["kuzu", d, target]);
    assert_eq!(strings(&kz["names"]), names, "Kùzu names");
    assert_eq!(kz["edges"], counts.1, "Kùzu edges");
    // Issue 5: exactly the investors `dealgraph query investors` prints, which are the sources
    // of the INVEST edges in graph.json too.
    let graph_json = dir.join("graph.json");
    let every = investors_from_query(&graph_json, target, true);
    let asserted = investors_from_query(&graph_json, target, false);
    assert_eq!(
        investors_in_graph_json(dir, target),
        (every.clone(), asserted.clone()),
        "graph.json and query investors disagree"
    );
    assert_eq!(
        strings(&kz["investors"]),
        every,
        "Kùzu investors of {target}"
    );
    assert_eq!(strings(&kz["investors_asserted"]), asserted);
    assert_eq!(
        strings(&kz["cypher_investors"]),
        every,
        "Cypher-loaded investors"
    );
    assert_eq!(strings(&kz["cypher_investors_asserted"]), asserted);
    // Issue 16: the deal records answer `query investors` row for row (investor, role,
    // amount, round, date, status), loaded with COPY FROM and with the Cypher script.
    for all in [true, false] {
        let want = investor_rows_from_query(&graph_json, target, all);
        assert!(!want.is_empty());
        for key in ["deal_rows", "cypher_deal_rows"] {
            assert_eq!(
                deal_rows(&kz, key, all),
                want,
                "Kùzu {key} of {target} (all statuses: {all})"
            );
        }
    }

    for which in ["neo4j-csv", "jsonl"] {
        let r = check(&[which, d]);
        assert_eq!(strings(&r["names"]), names, "{which} names");
        assert_eq!(r["edges"], counts.1, "{which} edges");
    }
    assert_dot_renders_cleanly(dir);
}

#[test]
fn seed_graph_loads_into_networkx_kuzu_and_graphviz() {
    if !consumers_for("seed_graph_loads_into_networkx_kuzu_and_graphviz") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dealgraph()
        .args(["build", "seeds", "--format", FORMATS, "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", output_text(&out));
    let counts = reported_counts(&out.stderr);
    let g = read_json(&dir.path().join("graph.json"));
    let mut names: Vec<String> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(names.len() as u64, counts.0);
    assert_consumers_agree(dir.path(), counts, &names, "小红书");
}

/// Names that have broken exporters: quotes, backslashes, line breaks, commas, markup,
/// Cypher/SQL/DOT/CSV injections, emoji, spaces at the ends, 1,000 characters.
fn hostile_names() -> Vec<String> {
    let mut v: Vec<String> = [
        "双引号\"名字\"",
        "O'Reilly's '单引号'",
        r"back\slash\",
        r"\'; MATCH (n) DETACH DELETE n; //",
        "'}) RETURN 1 //",
        "two\nlines",
        "crlf\r\nline",
        "tab\there",
        "comma, and; semicolon",
        "<script>alert(\"x\")</script>",
        "]]>&amp;&lt;",
        "emoji 🦀🚀 企业",
        "  leading and trailing  ",
        "digraph { a -> b }",
        "=cmd|' /C calc'!A0",
        "\\N",
        "NULL",
        "\"\"",
        "[\"json\", \"list\"]",
        "e\u{301} combining, \u{a0}nbsp, \u{2028}separator",
        "$param ${x} {{y}}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("长".repeat(1000));
    v.push("A".repeat(999) + "\"");
    v
}

fn amount(text: &str, value: Option<f64>, currency: Option<&str>) -> Amount {
    Amount {
        text: text.to_string(),
        value,
        currency: currency.map(str::to_string),
    }
}

/// One extracted relation with every attribute set from `i` (so that all columns are used).
fn relation(i: usize, source: &str, kind: RelationKind, target: &str, status: Status) -> Relation {
    let hostile = hostile_names();
    let h = |k: usize| hostile[(i + k) % hostile.len()].clone();
    Relation {
        doc: format!("doc{}\"{}.txt", i % 3, h(1)),
        sentence: format!("{source}与{target}：{}。", h(2)),
        span: i * 10..i * 10 + 9,
        source: source.to_string(),
        source_kind: EntityKind::Company,
        relation: kind,
        target: target.to_string(),
        target_kind: EntityKind::Company,
        status,
        attrs: dealgraph::model::Attributes {
            role: [
                None,
                Some(Role::Lead),
                Some(Role::Follow),
                Some(Role::Increase),
            ][i % 4],
            amount: match i % 3 {
                0 => None,
                1 => Some(amount(&h(3), Some(3.5e8), Some("USD"))),
                _ => Some(amount("约1.25亿元", Some(125_000_000.5), None)),
            },
            round: (i % 2 == 0).then(|| h(4)),
            stake: (i % 3 != 0).then(|| format!("{}%", i)),
            date: match i % 3 {
                0 => None,
                1 => Some(PartialDate::year(2021)),
                _ => PartialDate::day(2022, 2, 28),
            },
        },
        source_surface: h(5),
        target_surface: h(6),
        rule: format!("rule_{}", h(7)),
    }
}

/// A graph built through `add_document`, as extraction would: every relation kind and status
/// between hostile names, hostile investors of 小红书, co-mentions; then node types, aliases
/// and parents made hostile as well.
fn hostile_graph(names: &[String]) -> KnowledgeGraph {
    let dict = Dictionary::builder().build();
    let target = "小红书";
    let mut g = KnowledgeGraph::new();
    let mut relations = Vec::new();
    for (i, n) in names.iter().enumerate() {
        let status = if i % 5 == 4 {
            Status::Denied
        } else {
            Status::Asserted
        };
        relations.push(relation(i, n, RelationKind::Invest, target, status));
        let kind = RelationKind::ALL[i % RelationKind::ALL.len()];
        let status = Status::ALL[i % Status::ALL.len()];
        let other = &names[(i + 1) % names.len()];
        relations.push(relation(i + 7, n, kind, other, status));
    }
    let mut mentions: Vec<(String, u64)> = names
        .iter()
        .chain([&target.to_string()])
        .map(|n| (n.clone(), 1 + n.len() as u64 % 5))
        .collect();
    mentions.sort();
    let comentions = names
        .windows(2)
        .take(4)
        .map(|w| {
            let (a, b) = if w[0] < w[1] {
                (w[0].clone(), w[1].clone())
            } else {
                (w[1].clone(), w[0].clone())
            };
            let ev = Evidence {
                doc: "co.txt".into(),
                sentence: format!("{a}和{b}"),
                span: [0, 6],
                rule: "co_mention".into(),
                source_surface: a.clone(),
                target_surface: b.clone(),
                attrs: dealgraph::model::Attributes {
                    role: None,
                    amount: None,
                    round: None,
                    stake: None,
                    date: None,
                },
            };
            ((a, b), vec![ev])
        })
        .collect();
    g.add_document(
        &dict,
        DocumentFacts {
            doc: "hostile.txt".into(),
            hash: String::new(),
            mentions,
            comentions,
            relations,
            open: vec![],
        },
    );
    let mut wire = g.to_wire();
    for (i, n) in wire.nodes.iter_mut().enumerate() {
        n.kind = EntityKind::ALL[i % EntityKind::ALL.len()];
        n.aliases = vec![n.name.clone(), "a,b".into(), "x\"y\\z".into(), "\n".into()];
        n.parent = (i % 2 == 0).then(|| names[(i + 2) % names.len()].clone());
    }
    KnowledgeGraph::from_wire(wire).unwrap()
}

/// Writes `graph` as graph.json and exports it through the CLI; returns the folder and the
/// counts the CLI reported.
fn export_through_cli(graph: &KnowledgeGraph) -> (tempfile::TempDir, (u64, u64)) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input.json");
    std::fs::write(&input, graph.to_json()).unwrap();
    let out_dir = dir.path().join("out");
    let out = dealgraph()
        .arg("export")
        .arg("--graph")
        .arg(&input)
        .args(["--format", FORMATS, "--out"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", output_text(&out));
    let counts = reported_counts(&out.stderr);
    let g = graph.petgraph();
    assert_eq!(counts, (g.node_count() as u64, g.edge_count() as u64));
    (dir, counts)
}

#[test]
fn hostile_names_round_trip_through_every_consumer() {
    if !consumers_for("hostile_names_round_trip_through_every_consumer") {
        return;
    }
    let names = hostile_names();
    let graph = hostile_graph(&names);
    let (dir, counts) = export_through_cli(&graph);
    let mut expected: Vec<String> = graph.nodes().iter().map(|n| n.name.clone()).collect();
    expected.sort();
    for n in &names {
        assert!(expected.contains(n), "{n:?} is not a node");
    }
    let out = dir.path().join("out");
    let (every, asserted) = investors_in_graph_json(&out, "小红书");
    assert!(asserted.len() >= 15 && every.len() > asserted.len());
    assert!(asserted.contains(&r"back\slash\".to_string()));
    assert_consumers_agree(&out, counts, &expected, "小红书");
}

#[test]
fn control_characters_do_not_break_any_file() {
    if !consumers_for("control_characters_do_not_break_any_file") {
        return;
    }
    let names: Vec<String> = [
        "NUL\0字",
        "bell\u{7}响",
        "esc\u{1b}[31m红",
        "del\u{7f}删",
        "nonchar\u{FFFE}非",
        "lone\rCR",
        "form\u{c}feed",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let graph = hostile_graph(&names);
    let (dir, counts) = export_through_cli(&graph);
    let out = dir.path().join("out");
    let d = out.to_str().unwrap();
    let mut expected: Vec<String> = graph.nodes().iter().map(|n| n.name.clone()).collect();
    expected.sort();

    // XML cannot carry them: GraphML replaces each by U+FFFD and stays readable.
    let nx = check(&["networkx", d, "--lossy-xml"]);
    assert_eq!(nx["graphml"]["nodes"], counts.0);
    assert_eq!(nx["graphml"]["edges"], counts.1);
    let xml_ok = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    let mut sanitized: Vec<String> = expected
        .iter()
        .map(|n| {
            n.chars()
                .map(|c| if xml_ok(c) { c } else { '\u{FFFD}' })
                .collect()
        })
        .collect();
    sanitized.sort();
    assert_eq!(strings(&nx["graphml_names"]), sanitized);
    assert_eq!(strings(&nx["names"]), expected, "graph.json is exact");

    // Every other data format carries them exactly.
    let kz = check(&["kuzu", d, "小红书"]);
    assert_eq!(strings(&kz["names"]), expected);
    for which in ["neo4j-csv", "jsonl"] {
        assert_eq!(strings(&check(&[which, d])["names"]), expected, "{which}");
    }
    assert_dot_renders_cleanly(&out);
}
