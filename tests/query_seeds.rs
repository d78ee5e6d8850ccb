//! The questions of issue 4 on the real seeds (built once into a temporary graph.json): the
//! acceptance tests of `dealgraph query`, which also check that extraction keeps producing the
//! deals people ask about first.

use crate::util::{build, dealgraph};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The seeds' graph.json, built once for this test binary.
fn graph() -> &'static PathBuf {
    static GRAPH: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &GRAPH
        .get_or_init(|| {
            let (dir, out) = build(&["seeds"], &["--format", "json"]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let path = dir.path().join("graph.json");
            (dir, path)
        })
        .1
}

fn ask(args: &[&str]) -> Value {
    let out = dealgraph()
        .arg("query")
        .arg("--graph")
        .arg(graph())
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn deals(v: &Value) -> &Vec<Value> {
    v["deals"].as_array().unwrap()
}

fn date(d: &Value) -> &str {
    d["date"].as_str().unwrap_or("")
}

#[test]
fn investors_of_xiaohongshu() {
    let v = ask(&["investors", "小红书"]);
    let rows = deals(&v);
    let ali = rows.iter().any(|d| {
        d["investor"] == "阿里巴巴"
            && d["role"] == "lead"
            && d["amount"]["text"] == "3亿美元"
            && date(d).starts_with("2018")
    });
    assert!(ali, "阿里巴巴 lead 3亿美元 2018 missing: {rows:#?}");
    let tencent = |role: &str, year: &str| {
        rows.iter()
            .any(|d| d["investor"] == "腾讯" && d["role"] == role && date(d).starts_with(year))
    };
    assert!(tencent("lead", "2016"), "腾讯 lead 2016 missing: {rows:#?}");
    assert!(
        tencent("follow", "2018"),
        "腾讯 follow 2018 missing: {rows:#?}"
    );
    // newest first, every row with its evidence
    let dates: Vec<&str> = rows.iter().map(date).filter(|d| !d.is_empty()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert!(rows.iter().all(|d| {
        let ev = &d["evidence"][0];
        ev["doc"].is_string()
            && ev["sentence"]
                .as_str()
                .is_some_and(|s| s.contains("小红书"))
    }));
    // aliases resolve to the same answer
    assert_eq!(ask(&["investors", "Xiaohongshu"]), v);
}

#[test]
fn portfolio_of_tencent() {
    let v = ask(&["portfolio", "腾讯"]);
    let investees: Vec<&str> = deals(&v)
        .iter()
        .map(|d| d["investee"].as_str().unwrap())
        .collect();
    for company in ["口袋购物", "京东", "小红书", "拼多多", "美团"] {
        assert!(
            investees.contains(&company),
            "{company} missing: {investees:?}"
        );
    }
    assert_eq!(ask(&["portfolio", "Tencent"]), v);
}

#[test]
fn path_from_tencent_to_eleme() {
    let v = ask(&["path", "腾讯", "饿了么"]);
    assert!(v["length"].as_u64().is_some(), "no chain: {v:#}");
    let chain = &v["chains"][0];
    assert_eq!(chain["nodes"][0], "腾讯");
    assert_eq!(chain["nodes"].as_array().unwrap().last().unwrap(), "饿了么");
    for hop in chain["hops"].as_array().unwrap() {
        let links = hop["links"].as_array().unwrap();
        assert!(!links.is_empty());
        assert!(links.iter().all(|l| l["status"] == "asserted"
            && l["relation"] != "co_mention"
            && !l["evidence"].as_array().unwrap().is_empty()));
    }
}

#[test]
fn denied_claims_appear_only_when_asked_for() {
    // 002 denies 阿里巴巴 → 奇虎360 and 腾讯 → 京东.
    let asserted = ask(&["investors", "奇虎360"]);
    assert!(
        deals(&asserted).iter().all(|d| d["investor"] != "阿里巴巴"),
        "{asserted:#}"
    );
    for status in ["denied", "all"] {
        let v = ask(&["investors", "奇虎360", "--status", status]);
        assert!(
            deals(&v)
                .iter()
                .any(|d| d["investor"] == "阿里巴巴" && d["status"] == "denied"),
            "--status {status}: {v:#}"
        );
    }
    let portfolio = ask(&["portfolio", "腾讯"]);
    assert!(deals(&portfolio).iter().all(|d| d["status"] == "asserted"));
    let all = ask(&["portfolio", "腾讯", "--status", "all"]);
    assert!(deals(&all).iter().any(|d| d["investee"] == "京东"
        && d["status"] == "denied"
        && d["evidence"][0]["doc"].as_str().unwrap().starts_with("002")));
    // paths and neighbours do not walk denied edges either
    let n = ask(&["neighbors", "奇虎360"]);
    assert!(n["links"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["status"] == "asserted"));
}
