//! `dealgraph query` on the hand-built fixture graph (tests/fixtures/query_graph.json, the
//! sample graph of src/query/tests.rs), and the graph.json round trip on the seeds.

use crate::util::{build, dealgraph, read_json};
use dealgraph::graph::KnowledgeGraph;
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/query_graph.json";

/// Runs `query --graph FIXTURE args…` and returns (exit code, stdout, stderr).
fn query(args: &[&str]) -> (i32, String, String) {
    let out = dealgraph()
        .args(["query", "--graph", FIXTURE])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn query_json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    let (code, out, err) = query(&a);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn column(v: &Value, list: &str, field: &str) -> Vec<String> {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x[field].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn investors_as_json_table_and_csv() {
    let v = query_json(&["investors", "Xiaohongshu"]);
    assert_eq!(v["question"], "investors");
    assert_eq!(v["entity"], "小红书");
    assert_eq!(
        column(&v, "deals", "investor"),
        ["腾讯", "阿里巴巴", "红杉资本中国", "腾讯"]
    );
    assert_eq!(
        column(&v, "deals", "date"),
        ["2018-05-31", "2018-05-31", "2016", "2016"]
    );
    assert_eq!(v["deals"][1]["role"], "lead");
    assert_eq!(v["deals"][1]["amount"]["text"], "3亿美元");
    assert_eq!(v["deals"][1]["evidence"].as_array().unwrap().len(), 2);

    let (code, table, _) = query(&["investors", "小红书"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], "investors of 小红书: 3 investors in 4 statements");
    assert!(
        lines[2].starts_with("investor      relation  role"),
        "{table}"
    );
    // CJK names are padded by display width: the next column starts at the same cell
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let starts: Vec<usize> = lines[4..]
        .iter()
        .map(|l| width(&l[..l.find("invest").unwrap()]))
        .collect();
    assert!(starts.iter().all(|&s| s == 14), "{table}");

    let (code, csv, _) = query(&["investors", "小红书", "--csv"]);
    assert_eq!(code, 0);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "investor", "relation", "role", "amount", "round", "stake", "date", "status",
            "sources", "doc", "sentence"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[1][0], "阿里巴巴");
    assert_eq!(
        &rows[1][10],
        "阿里巴巴领投小红书3亿美元新一轮融资，腾讯跟投。"
    );
}

#[test]
fn filters_go_before_or_after_the_question() {
    for args in [
        &["--since", "2018", "investors", "小红书"][..],
        &["investors", "小红书", "--since", "2018"][..],
    ] {
        let v = query_json(args);
        assert_eq!(
            column(&v, "deals", "investor"),
            ["腾讯", "阿里巴巴"],
            "{args:?}"
        );
    }
    let v = query_json(&[
        "investors",
        "小红书",
        "--until",
        "2016",
        "--min-weight",
        "2",
    ]);
    assert_eq!(column(&v, "deals", "investor"), ["腾讯"]);
    let v = query_json(&["portfolio", "腾讯", "--relation", "owns"]);
    assert_eq!(column(&v, "deals", "investee"), ["微信"]);
}

#[test]
fn denied_claims_only_with_their_status() {
    let statuses = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["portfolio", "腾讯"];
        a.extend_from_slice(args);
        column(&query_json(&a), "deals", "status")
    };
    assert!(statuses(&[]).iter().all(|s| s == "asserted"));
    assert_eq!(statuses(&["--status", "denied"]), ["denied"]);
    let all = statuses(&["--status", "all"]);
    assert!(all.contains(&"denied".to_string()) && all.contains(&"speculative".to_string()));
    assert_eq!(
        statuses(&["--status", "denied,speculative"]),
        ["denied", "speculative"]
    );
    let v = query_json(&["investors", "奇虎360"]);
    assert_eq!(v["deals"].as_array().unwrap().len(), 0);
    let (code, _, err) = query(&["investors", "奇虎360", "--status", "rumoured"]);
    assert_eq!(code, 2, "a bad status is a usage error");
    assert!(err.contains("asserted") && err.contains("all"), "{err}");
}

#[test]
fn path_prints_each_chain_and_hop() {
    let (code, out, err) = query(&["path", "Tencent", "Ele.me"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1. 腾讯 -invest→ 小红书 ←invest- 阿里巴巴 -controls→ 饿了么"),
        "{out}"
    );
    assert!(out.contains("2. 腾讯 -invest→ 美团 ←invest- 阿里巴巴 -controls→ 饿了么"));
    let v = query_json(&["path", "腾讯", "饿了么", "--via-comention"]);
    assert_eq!(v["length"], 1);
    assert_eq!(
        v["chains"][0]["hops"][0]["links"][0]["relation"],
        "co_mention"
    );
    let v = query_json(&["path", "腾讯", "微信"]);
    assert_eq!(v["length"], Value::Null);
    let (code, out, _) = query(&["path", "腾讯", "微信"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "no chain of invest, acquire, holds_stake, controls edges links 腾讯 and 微信"
        ),
        "{out}"
    );
}

#[test]
fn unknown_names_suggest_the_nearest() {
    let (code, out, err) = query(&["investors", "小红"]);
    assert_eq!(code, 3);
    assert!(out.is_empty());
    assert!(
        err.contains("unknown entity \"小红\"; nearest known names: 小红书"),
        "{err}"
    );
}

#[test]
fn names_the_graph_lacks_but_the_dictionary_knows() {
    // 字节跳动 (alias ByteDance) is in the bundled dictionary, not in the fixture graph.
    let (code, _, err) = query(&["investors", "ByteDance"]);
    assert_eq!(code, 3);
    assert!(
        err.contains(
            "\"ByteDance\" is 字节跳动 in the dictionary, but the graph does not mention it"
        ),
        "{err}"
    );
    let (code, _, err) = query(&["investors", "完全不存在的公司"]);
    assert_eq!(code, 3);
    assert!(err.contains("no name in the graph is like it"), "{err}");
}

#[test]
fn neighbors_export_dot_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let dot = dir.path().join("ego.dot");
    let json = dir.path().join("ego.json");
    let html = dir.path().join("ego.html");
    for f in [&dot, &json, &html] {
        let (code, out, err) = query(&[
            "neighbors",
            "饿了么",
            "--depth",
            "1",
            "--export",
            f.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("neighbors of 饿了么 within 1 hop: 2 entities, 3 edges"));
    }
    let text = std::fs::read_to_string(&dot).unwrap();
    graphviz_rust::parse(&text).unwrap();
    assert!(text.contains("\"阿里巴巴\" -> \"饿了么\""), "{text}");
    let g = read_json(&json);
    let ids: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["美团", "阿里巴巴", "饿了么"]);
    assert_eq!(g["edges"].as_array().unwrap().len(), 3);
    // the HTML view embeds the same entities and edges
    let page = std::fs::read_to_string(&html).unwrap();
    let open = "<script type=\"application/json\" id=\"data\">";
    let data = &page[page.find(open).unwrap() + open.len()..];
    let view: Value = serde_json::from_str(&data[..data.find("</script>").unwrap()]).unwrap();
    let view_ids: Vec<&str> = view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(view_ids, ["美团", "阿里巴巴", "饿了么"]);
    assert_eq!(view["edges"].as_array().unwrap().len(), 3);
    // the export is a graph.json that query reads back
    let out = dealgraph()
        .args([
            "query",
            "--graph",
            json.to_str().unwrap(),
            "investors",
            "饿了么",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let bad = dir.path().join("ego.png");
    let (code, _, err) = query(&["neighbors", "饿了么", "--export", bad.to_str().unwrap()]);
    // A usage error (issue 11).
    assert_eq!(code, 2);
    assert!(err.contains(".dot, .gv, .json or .html"), "{err}");
    assert!(!bad.exists());
}

#[test]
fn co_investors_and_top() {
    let v = query_json(&["co-investors", "腾讯"]);
    assert_eq!(
        column(&v, "co_investors", "name"),
        ["红杉资本中国", "阿里巴巴"]
    );
    let v = query_json(&["top", "--by", "investments", "-n", "2"]);
    assert_eq!(column(&v, "entries", "name"), ["腾讯", "阿里巴巴"]);
    assert_eq!(v["entries"][0]["score"], 4);
    let v = query_json(&["top", "--by", "investees", "--kind", "company", "-n", "1"]);
    assert_eq!(column(&v, "entries", "name"), ["小红书"]);
    let v = query_json(&["top", "--by", "pagerank"]);
    assert!(v["entries"][0]["score"].is_f64());
}

#[test]
fn query_needs_a_graph() {
    let out = dealgraph()
        .args(["query", "investors", "腾讯"])
        .output()
        .unwrap();
    // A usage error (issue 11).
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--graph"), "{err}");
    let out = dealgraph()
        .args([
            "query",
            "--graph",
            "no/such/graph.json",
            "investors",
            "腾讯",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/graph.json"));
}

#[test]
fn query_builds_from_inputs() {
    // Co-mentions exist without relation extraction, so this works on any build.
    let out = dealgraph()
        .args([
            "query",
            "seeds",
            "top",
            "--by",
            "degree",
            "--relation",
            "co_mention",
            "-n",
            "2",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(column(&v, "entries", "name"), ["阿里巴巴", "腾讯"]);
}

#[test]
fn graph_json_round_trips_byte_identical() {
    // build → write → read → write
    let (dir, out) = build(&["seeds"], &[]);
    assert!(out.status.success());
    let path = dir.path().join("graph.json");
    let written = std::fs::read(&path).unwrap();
    let again = KnowledgeGraph::read_json(&path).unwrap().to_json();
    assert!(
        written == again,
        "graph.json changed on a read/write round trip"
    );
    let fixture = std::fs::read(FIXTURE).unwrap();
    let back = KnowledgeGraph::read_json(std::path::Path::new(FIXTURE))
        .unwrap()
        .to_json();
    assert!(fixture == back);
}

mod round_trip {
    //! Any graph reads back from its graph.json and writes the same bytes again.

    use dealgraph::dictionary::{Dictionary, EntityKind};
    use dealgraph::graph::{DocumentFacts, Evidence, GraphWire, KnowledgeGraph};
    use dealgraph::relation::{Amount, Relation, RelationKind, Role, Status};
    use dealgraph::PartialDate;
    use proptest::prelude::*;

    const NAMES: &[&str] = &[
        "腾讯",
        "阿里巴巴",
        "Falcon Edge",
        "a\"b",
        "back\\slash",
        "line\nbreak",
        "<b>&amp;",
        "H资本",
    ];

    fn date() -> impl Strategy<Value = Option<PartialDate>> {
        prop_oneof![
            Just(None),
            (1990i32..2030).prop_map(|y| Some(PartialDate::year(y))),
            (1990i32..2030, 1u32..=12).prop_map(|(y, m)| PartialDate::month(y, m)),
            (1990i32..2030, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| PartialDate::day(y, m, d)),
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        "[\\PC\\n\"\\\\]{0,16}"
    }

    fn relation(doc: String) -> impl Strategy<Value = Relation> {
        (
            (0..NAMES.len(), 0..NAMES.len()),
            (
                proptest::sample::select(RelationKind::ALL.to_vec()),
                proptest::sample::select(Status::ALL.to_vec()),
            ),
            proptest::option::of(proptest::sample::select(Role::ALL.to_vec())),
            proptest::option::of((text(), proptest::option::of(0u64..10_000_000_000))),
            (proptest::option::of(text()), proptest::option::of(text())),
            date(),
            (text(), 0usize..1000),
        )
            .prop_map(
                move |(
                    (s, t),
                    (relation, status),
                    role,
                    amount,
                    (round, stake),
                    date,
                    (sentence, start),
                )| {
                    Relation {
                        doc: doc.clone(),
                        span: start..start + sentence.len(),
                        sentence,
                        source: NAMES[s].to_string(),
                        source_kind: EntityKind::Company,
                        relation,
                        target: NAMES[t].to_string(),
                        target_kind: EntityKind::Company,
                        status,
                        attrs: dealgraph::model::Attributes {
                            role,
                            amount: amount.map(|(text, cents)| Amount {
                                text,
                                value: cents.map(|c| c as f64 / 100.0),
                                currency: Some("CNY".into()),
                            }),
                            round,
                            stake,
                            date,
                        },
                        source_surface: NAMES[s].to_string(),
                        target_surface: NAMES[t].to_string(),
                        rule: "prop".into(),
                    }
                },
            )
    }

    fn facts(k: usize) -> impl Strategy<Value = DocumentFacts> {
        let doc = format!("doc{k}.txt");
        (
            proptest::collection::vec(relation(doc.clone()), 0..6),
            proptest::collection::btree_map(
                (0..NAMES.len(), 0..NAMES.len()),
                (text(), date(), 1usize..4),
                0..4,
            ),
        )
            .prop_map(move |(relations, pairs)| {
                let comentions = pairs
                    .into_iter()
                    .filter(|((a, b), _)| NAMES[*a] < NAMES[*b])
                    .map(|((a, b), (sentence, date, n))| {
                        let ev = Evidence {
                            doc: doc.clone(),
                            span: [0, sentence.len()],
                            sentence,
                            rule: "co_mention".into(),
                            source_surface: NAMES[a].into(),
                            target_surface: NAMES[b].into(),
                            attrs: dealgraph::model::Attributes {
                                role: None,
                                amount: None,
                                round: None,
                                stake: None,
                                date,
                            },
                        };
                        ((NAMES[a].to_string(), NAMES[b].to_string()), vec![ev; n])
                    })
                    .collect();
                let mut mentions: Vec<(String, u64)> = relations
                    .iter()
                    .flat_map(|r| [r.source.clone(), r.target.clone()])
                    .map(|n| (n, 1))
                    .collect();
                mentions.sort();
                mentions.dedup();
                DocumentFacts {
                    doc: doc.clone(),
                    hash: String::new(),
                    mentions,
                    comentions,
                    relations,
                    open: vec![],
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_graph_round_trips(docs in (0usize..4).prop_flat_map(|n| {
            (0..n).map(facts).collect::<Vec<_>>()
        })) {
            let dict = Dictionary::builder().build();
            let mut g = KnowledgeGraph::new();
            for f in docs {
                g.add_document(&dict, f);
            }
            let bytes = g.to_json();
            let wire: GraphWire = serde_json::from_slice(&bytes).unwrap();
            let back = KnowledgeGraph::from_wire(wire).unwrap();
            prop_assert!(back.to_json() == bytes, "{}", String::from_utf8_lossy(&bytes));
        }
    }
}
