//! The seed articles through the CLI: the edges a user checks first.

use crate::util::{build, read_json, read_jsonl};
use serde_json::Value;

fn relations() -> Vec<Value> {
    let (dir, out) = build(&["seeds"], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    read_jsonl(&dir.path().join("relations.jsonl"))
}

fn find<'a>(
    rels: &'a [Value],
    doc: Option<&str>,
    source: &str,
    relation: &str,
    target: &str,
) -> Vec<&'a Value> {
    rels.iter()
        .filter(|r| {
            r["source"] == source
                && r["relation"] == relation
                && r["target"] == target
                && doc.is_none_or(|d| r["doc"].as_str().unwrap().starts_with(d))
        })
        .collect()
}

#[test]
fn the_headline_deals_are_asserted_with_their_attributes() {
    let rels = relations();
    let asserted = |s, t| -> Vec<&Value> {
        find(&rels, None, s, "invest", t)
            .into_iter()
            .filter(|r| r["status"] == "asserted")
            .collect()
    };
    let koudai = asserted("腾讯", "口袋购物");
    assert!(
        koudai
            .iter()
            .any(|r| r["role"] == "lead" && r["amount"] == "1.45亿美元"),
        "{koudai:#?}"
    );
    let red = asserted("阿里巴巴", "小红书");
    assert!(
        red.iter()
            .any(|r| r["role"] == "lead" && r["amount"] == "3亿美元" && r["date"] == "2018-05-31"),
        "{red:#?}"
    );
    let red_tencent = asserted("腾讯", "小红书");
    assert!(
        red_tencent
            .iter()
            .any(|r| r["role"] == "lead" && r["date"] == "2016"),
        "{red_tencent:#?}"
    );
    let post = asserted("阿里巴巴", "新加坡邮政");
    assert!(post.iter().any(|r| r["stake"] == "10.2%"), "{post:#?}");
}

#[test]
fn denied_deals_stay_denied() {
    let rels = relations();
    for (s, t) in [("阿里巴巴", "奇虎360"), ("腾讯", "京东")] {
        let in_002 = find(&rels, Some("002"), s, "invest", t);
        assert!(!in_002.is_empty(), "{s}->{t} missing in 002");
        assert!(
            in_002.iter().all(|r| r["status"] == "denied"),
            "{in_002:#?}"
        );
    }
}

#[test]
fn graph_json_groups_edges_with_evidence() {
    let (dir, out) = build(&["seeds"], &[]);
    assert!(out.status.success());
    let g = read_json(&dir.path().join("graph.json"));
    assert_eq!(g["directed"], true);
    assert_eq!(g["multigraph"], true);
    let nodes = g["nodes"].as_array().unwrap();
    let tencent = nodes.iter().find(|n| n["id"] == "腾讯").expect("腾讯 node");
    assert_eq!(tencent["type"], "company");
    assert!(tencent["mentions"].as_u64().unwrap() > 10);
    assert_eq!(tencent["documents"], 5);
    let edges = g["edges"].as_array().unwrap();
    let e = edges
        .iter()
        .find(|e| {
            e["source"] == "腾讯"
                && e["target"] == "口袋购物"
                && e["relation"] == "invest"
                && e["status"] == "asserted"
        })
        .expect("腾讯 invest 口袋购物");
    assert_eq!(e["key"], "invest:asserted");
    assert!(e["weight"].as_u64().unwrap() >= 2);
    assert_eq!(
        e["weight"].as_u64().unwrap() as usize,
        e["evidence"].as_array().unwrap().len()
    );
    assert!(e["evidence"].as_array().unwrap().iter().all(|ev| ev["doc"]
        .as_str()
        .unwrap()
        .starts_with("000")
        && ev["rule"].is_string()
        && ev["span"].is_array()));
    let money: Vec<&Value> = edges
        .iter()
        .filter_map(|e| e["amount"].as_object().map(|_| &e["amount"]))
        .collect();
    assert!(
        money
            .iter()
            .any(|a| a["text"] == "3.5亿美元" && a["value"] == 350000000 && a["currency"] == "USD"),
        "{money:#?}"
    );
    // co-mention edges carry sentence and document counts
    let co = edges
        .iter()
        .find(|e| e["relation"] == "co_mention")
        .expect("co-mention edges");
    assert!(co["weight"].as_u64().unwrap() >= 1 && co["documents"].as_u64().unwrap() >= 1);
}

#[test]
fn spans_point_into_the_normalised_text() {
    let (dir, out) = build(&["seeds"], &[]);
    assert!(out.status.success());
    // `dealgraph text` once per document, not once per relation.
    let mut texts = std::collections::BTreeMap::new();
    for r in read_jsonl(&dir.path().join("relations.jsonl")).iter() {
        let doc = r["doc"].as_str().unwrap();
        let text = texts.entry(doc.to_string()).or_insert_with(|| {
            let out = crate::util::dealgraph()
                .args(["text", &format!("seeds/{doc}")])
                .output()
                .unwrap();
            String::from_utf8(out.stdout).unwrap()
        });
        let span = r["span"].as_array().unwrap();
        let (s, e) = (
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], r["sentence"].as_str().unwrap());
    }
}
