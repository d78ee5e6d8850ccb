//! Every question on a small hand-built graph shaped like the seeds: 小红书's two rounds,
//! 腾讯's portfolio, a denied and a speculative claim, 阿里巴巴 controlling 饿了么, and a
//! co-mention shortcut. The same graph is `tests/fixtures/query_graph.json` for the CLI tests
//! (`UPDATE_FIXTURES=1 cargo test` rewrites it).

use super::*;
use crate::dictionary::{Dictionary, EntityKind};
use crate::graph::DocumentFacts;
use crate::relation::{Amount, Relation, Role};

const ENTITIES: &str = r#"{"name": "腾讯", "type": "company", "aliases": ["腾讯", "Tencent", "腾讯控股"]}
{"name": "阿里巴巴", "type": "company", "aliases": ["阿里巴巴", "阿里", "Alibaba"]}
{"name": "小红书", "type": "company", "aliases": ["小红书", "Xiaohongshu", "RED"]}
{"name": "美团", "type": "company", "aliases": ["美团", "Meituan"]}
{"name": "饿了么", "type": "company", "aliases": ["饿了么", "Ele.me"], "parent": "阿里巴巴"}
{"name": "京东", "type": "company", "aliases": ["京东", "JD.com"]}
{"name": "拼多多", "type": "company", "aliases": ["拼多多"]}
{"name": "奇虎360", "type": "company", "aliases": ["奇虎360", "360"]}
{"name": "红杉资本中国", "type": "fund", "aliases": ["红杉资本中国", "红杉", "Sequoia China"]}
{"name": "微信", "type": "product", "aliases": ["微信", "WeChat"], "parent": "腾讯"}
"#;

/// A statement: (source, relation, target, status, role, amount, round, stake, date).
type Row<'a> = (
    &'a str,
    RelationKind,
    &'a str,
    Status,
    Option<Role>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

fn amount(text: &str) -> Amount {
    let (value, currency) = match text {
        "3亿美元" => (Some(3.0e8), Some("USD")),
        "1亿美元" => (Some(1.0e8), Some("USD")),
        "1.45亿美元" => (Some(1.45e8), Some("USD")),
        _ => (None, None),
    };
    Amount {
        text: text.to_string(),
        value,
        currency: currency.map(str::to_string),
    }
}

/// One document: its sentences, each with the statements it makes, and co-mention pairs.
fn doc(
    id: &str,
    sentences: &[(&str, &[Row])],
    comentions: &[(&str, &str, &str)],
    date: &str,
) -> DocumentFacts {
    let mut offset = 0;
    let mut relations = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (sentence, rows) in sentences {
        let span = offset..offset + sentence.len();
        offset = span.end;
        for &(s, rel, t, status, role, amt, round, stake, d) in *rows {
            names.extend([s.to_string(), t.to_string()]);
            relations.push(Relation {
                doc: id.to_string(),
                sentence: sentence.to_string(),
                span: span.clone(),
                source: s.to_string(),
                source_kind: crate::dictionary::EntityKind::Company,
                relation: rel,
                target: t.to_string(),
                target_kind: crate::dictionary::EntityKind::Company,
                status,
                attrs: crate::model::Attributes {
                    role,
                    amount: amt.map(amount),
                    round: round.map(str::to_string),
                    stake: stake.map(str::to_string),
                    date: PartialDate::parse(d.unwrap_or(date)),
                },
                source_surface: s.to_string(),
                target_surface: t.to_string(),
                rule: "test".to_string(),
            });
        }
    }
    let mut comention_facts = Vec::new();
    for &(a, b, sentence) in comentions {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        names.extend([a.to_string(), b.to_string()]);
        comention_facts.push((
            (a.to_string(), b.to_string()),
            vec![crate::graph::Evidence {
                doc: id.to_string(),
                sentence: sentence.to_string(),
                span: [offset, offset + sentence.len()],
                rule: "co_mention".to_string(),
                source_surface: a.to_string(),
                target_surface: b.to_string(),
                attrs: crate::model::Attributes {
                    role: None,
                    amount: None,
                    round: None,
                    stake: None,
                    date: PartialDate::parse(date),
                },
            }],
        ));
    }
    comention_facts.sort_by(|x, y| x.0.cmp(&y.0));
    names.sort();
    let mut mentions: Vec<(String, u64)> = Vec::new();
    for n in names {
        match mentions.last_mut() {
            Some((m, c)) if *m == n => *c += 1,
            _ => mentions.push((n, 1)),
        }
    }
    DocumentFacts {
        doc: id.to_string(),
        hash: String::new(),
        mentions,
        comentions: comention_facts,
        relations,
        open: vec![],
    }
}

/// The sample graph.
pub(crate) fn sample() -> KnowledgeGraph {
    use RelationKind::*;
    use Status::*;
    let mut b = Dictionary::builder();
    b.add_jsonl(std::path::Path::new("<test>"), ENTITIES.as_bytes())
        .unwrap();
    let dict = b.build();
    let mut g = KnowledgeGraph::new();
    let lead = Some(Role::Lead);
    let follow = Some(Role::Follow);
    g.add_document(
        &dict,
        doc(
            "a.txt",
            &[
                (
                    "阿里巴巴领投小红书3亿美元新一轮融资，腾讯跟投。",
                    &[
                        (
                            "阿里巴巴",
                            Invest,
                            "小红书",
                            Asserted,
                            lead,
                            Some("3亿美元"),
                            Some("新一轮"),
                            None,
                            None,
                        ),
                        (
                            "腾讯",
                            Invest,
                            "小红书",
                            Asserted,
                            follow,
                            Some("3亿美元"),
                            Some("新一轮"),
                            None,
                            None,
                        ),
                    ],
                ),
                (
                    "2016年腾讯领投小红书1亿美元，红杉跟投。",
                    &[
                        (
                            "腾讯",
                            Invest,
                            "小红书",
                            Asserted,
                            lead,
                            Some("1亿美元"),
                            Some("上一轮"),
                            None,
                            Some("2016"),
                        ),
                        (
                            "红杉资本中国",
                            Invest,
                            "小红书",
                            Asserted,
                            follow,
                            None,
                            Some("上一轮"),
                            None,
                            Some("2016"),
                        ),
                    ],
                ),
                (
                    "阿里巴巴投资小红书。",
                    &[(
                        "阿里巴巴",
                        Invest,
                        "小红书",
                        Asserted,
                        None,
                        None,
                        None,
                        None,
                        None,
                    )],
                ),
            ],
            &[],
            "2018-05-31",
        ),
    );
    g.add_document(
        &dict,
        doc(
            "b.txt",
            &[
                (
                    "腾讯和阿里巴巴都投资了美团。",
                    &[
                        (
                            "腾讯", Invest, "美团", Asserted, None, None, None, None, None,
                        ),
                        (
                            "阿里巴巴",
                            Invest,
                            "美团",
                            Asserted,
                            None,
                            None,
                            None,
                            None,
                            None,
                        ),
                    ],
                ),
                (
                    "阿里巴巴控股饿了么，饿了么与美团竞争。",
                    &[
                        (
                            "阿里巴巴",
                            Controls,
                            "饿了么",
                            Asserted,
                            None,
                            None,
                            None,
                            None,
                            None,
                        ),
                        (
                            "美团",
                            Compete,
                            "饿了么",
                            Asserted,
                            None,
                            None,
                            None,
                            None,
                            None,
                        ),
                    ],
                ),
            ],
            &[("腾讯", "饿了么", "腾讯曾考虑饿了么。")],
            "2018-06-05",
        ),
    );
    g.add_document(
        &dict,
        doc(
            "c.txt",
            &[
                (
                    "腾讯否认投资京东，阿里巴巴否认入股奇虎360。",
                    &[
                        ("腾讯", Invest, "京东", Denied, None, None, None, None, None),
                        (
                            "阿里巴巴",
                            Invest,
                            "奇虎360",
                            Denied,
                            None,
                            None,
                            None,
                            None,
                            None,
                        ),
                    ],
                ),
                (
                    "传腾讯将投资拼多多。",
                    &[(
                        "腾讯",
                        Invest,
                        "拼多多",
                        Speculative,
                        None,
                        None,
                        None,
                        None,
                        None,
                    )],
                ),
            ],
            &[],
            "2014-01-13",
        ),
    );
    g.add_document(
        &dict,
        doc(
            "d.txt",
            &[
                (
                    "腾讯投资了拼多多、京东，红杉也投资了拼多多。",
                    &[
                        (
                            "腾讯",
                            Invest,
                            "拼多多",
                            Asserted,
                            None,
                            None,
                            None,
                            None,
                            None,
                        ),
                        (
                            "腾讯",
                            Invest,
                            "京东",
                            Asserted,
                            None,
                            None,
                            None,
                            Some("15%"),
                            None,
                        ),
                        (
                            "红杉资本中国",
                            Invest,
                            "拼多多",
                            Asserted,
                            None,
                            None,
                            None,
                            None,
                            None,
                        ),
                    ],
                ),
                (
                    "腾讯旗下的微信。",
                    &[("腾讯", Owns, "微信", Asserted, None, None, None, None, None)],
                ),
            ],
            &[],
            "2021-11-06",
        ),
    );
    g
}

fn names(deals: &Deals) -> Vec<String> {
    deals
        .deals
        .iter()
        .map(|d| {
            let who = match deals.side {
                Side::Investee => &d.investor,
                Side::Investor => &d.investee,
            };
            format!(
                "{who} {} {} {} {}",
                d.relation,
                d.attrs.role.map_or("-".into(), |r| r.to_string()),
                d.attrs.amount.as_ref().map_or("-", |a| a.text.as_str()),
                d.attrs.date.map_or("-".into(), |d| d.to_string()),
            )
        })
        .collect()
}

#[test]
fn fixture_is_the_sample_graph() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/query_graph.json");
    let bytes = sample().to_json();
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &bytes).unwrap();
    }
    assert!(
        std::fs::read(&path).unwrap() == bytes,
        "{} is stale: run UPDATE_FIXTURES=1 cargo test",
        path.display()
    );
    // and it reads back to the same bytes
    let back = KnowledgeGraph::read_json(&path).unwrap();
    assert!(back.to_json() == bytes);
}

#[test]
fn names_resolve_through_aliases() {
    let g = sample();
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("腾讯", Ok("腾讯")),
        ("Tencent", Ok("腾讯")),
        ("tencent", Ok("腾讯")),
        ("ＴＥＮＣＥＮＴ", Ok("腾讯")),
        ("阿里", Ok("阿里巴巴")),
        (" 阿里 ", Ok("阿里巴巴")),
        ("sequoia  china", Ok("红杉资本中国")),
        ("红杉", Ok("红杉资本中国")),
        ("小红", Err("nearest known names: 小红书")),
        ("Tencnt", Err("nearest known names: 腾讯")),
        ("字节跳动", Err("unknown entity \"字节跳动\"")),
    ];
    for (input, want) in cases {
        match (g.resolve_name(input), want) {
            (Ok(got), Ok(want)) => assert_eq!(got, *want, "{input}"),
            (Err(e), Err(want)) => {
                let msg = e.to_string();
                assert!(msg.contains(want), "{input}: {msg}");
            }
            (got, want) => panic!("{input}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn dates_compare_on_shared_precision() {
    let d = |s| PartialDate::parse(s).unwrap();
    let cases = [
        (Some("2018"), None, "2018-05-31", true),
        (None, Some("2018"), "2018-05-31", true),
        (Some("2018-06"), None, "2018-05-31", false),
        (Some("2018-05"), Some("2018-05"), "2018-05-31", true),
        (None, Some("2017"), "2018", false),
        (Some("2018-05-31"), None, "2018", true),
        (Some("2019"), None, "2018-12-31", false),
    ];
    for (since, until, date, want) in cases {
        let f = Filter {
            since: since.map(d),
            until: until.map(d),
            ..Filter::default()
        };
        assert_eq!(
            f.keeps_date(Some(d(date))),
            want,
            "{since:?}..{until:?} {date}"
        );
    }
    let dated = Filter {
        since: Some(d("2000")),
        ..Filter::default()
    };
    assert!(
        !dated.keeps_date(None),
        "undated statements fail a date filter"
    );
    assert!(Filter::default().keeps_date(None));
}

#[test]
fn investors_one_row_per_statement_newest_first() {
    let g = sample();
    let f = Filter::default();
    let d = g.investors("小红书", &f).unwrap();
    assert_eq!(
        names(&d),
        [
            "腾讯 invest follow 3亿美元 2018-05-31",
            "阿里巴巴 invest lead 3亿美元 2018-05-31",
            "红杉资本中国 invest follow - 2016",
            "腾讯 invest lead 1亿美元 2016",
        ]
    );
    // the bare "阿里巴巴投资小红书" is folded into the lead row as more evidence
    let ali = &d.deals[1];
    assert_eq!(ali.evidence.len(), 2);
    assert_eq!(ali.attrs.round.as_deref(), Some("新一轮"));
    assert_eq!(ali.evidence[0].doc, "a.txt");
    assert!(ali.evidence[1].sentence.starts_with("阿里巴巴投资小红书"));
    assert_eq!(d.counterparts(), ["腾讯", "阿里巴巴", "红杉资本中国"]);
}

#[test]
fn every_question_respects_the_filter() {
    let g = sample();
    let d = |s| PartialDate::parse(s);
    type Case<'a> = (&'a str, Filter, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (
            "since 2018",
            Filter {
                since: d("2018"),
                ..Filter::default()
            },
            vec![
                "腾讯 invest follow 3亿美元 2018-05-31",
                "阿里巴巴 invest lead 3亿美元 2018-05-31",
            ],
        ),
        (
            "until 2016",
            Filter {
                until: d("2016"),
                ..Filter::default()
            },
            vec![
                "红杉资本中国 invest follow - 2016",
                "腾讯 invest lead 1亿美元 2016",
            ],
        ),
        (
            "min weight 2 (红杉资本中国 → 小红书 is stated once)",
            Filter {
                min_weight: 2,
                ..Filter::default()
            },
            vec![
                "腾讯 invest follow 3亿美元 2018-05-31",
                "阿里巴巴 invest lead 3亿美元 2018-05-31",
                "腾讯 invest lead 1亿美元 2016",
            ],
        ),
        (
            "denied only",
            Filter {
                statuses: vec![Status::Denied],
                ..Filter::default()
            },
            vec![],
        ),
        (
            "acquire only",
            Filter {
                relations: Some(vec![RelationKind::Acquire]),
                ..Filter::default()
            },
            vec![],
        ),
    ];
    for (what, filter, want) in cases {
        assert_eq!(
            names(&g.investors("小红书", &filter).unwrap()),
            want,
            "{what}"
        );
    }
}

#[test]
fn denied_and_speculative_claims_need_their_status() {
    let g = sample();
    let asserted = g.portfolio("腾讯", &Filter::default()).unwrap();
    assert_eq!(
        names(&asserted),
        [
            "京东 invest - - 2021-11-06",
            "拼多多 invest - - 2021-11-06",
            "美团 invest - - 2018-06-05",
            "小红书 invest follow 3亿美元 2018-05-31",
            "小红书 invest lead 1亿美元 2016",
        ]
    );
    assert!(asserted.deals.iter().all(|x| x.status == Status::Asserted));
    assert_eq!(asserted.deals[0].attrs.stake.as_deref(), Some("15%"));
    let all = g
        .portfolio("腾讯", &Filter::default().all_statuses())
        .unwrap();
    let denied: Vec<_> = all
        .deals
        .iter()
        .filter(|x| x.status != Status::Asserted)
        .map(|x| (x.investee.as_str(), x.status))
        .collect();
    assert_eq!(
        denied,
        [("京东", Status::Denied), ("拼多多", Status::Speculative)]
    );
    assert!(g
        .investors("奇虎360", &Filter::default())
        .unwrap()
        .deals
        .is_empty());
    let denied_only = Filter {
        statuses: vec![Status::Denied],
        ..Filter::default()
    };
    assert_eq!(
        names(&g.investors("奇虎360", &denied_only).unwrap()),
        ["阿里巴巴 invest - - 2014-01-13"]
    );
    // no path, neighbour or ranking sees a denied edge either
    let p = g
        .path("阿里巴巴", "奇虎360", true, 10, &Filter::default())
        .unwrap();
    assert_eq!(p.length, None);
    let n = g.neighbors("奇虎360", 2, &Filter::default()).unwrap();
    assert_eq!(n.nodes.len(), 1);
}

#[test]
fn portfolio_can_ask_for_owned_units_but_not_undirected_relations() {
    let g = sample();
    let owns = Filter {
        relations: Some(vec![RelationKind::Owns]),
        ..Filter::default()
    };
    assert_eq!(
        names(&g.portfolio("Tencent", &owns).unwrap()),
        ["微信 owns - - 2021-11-06"]
    );
    let partner = Filter {
        relations: Some(vec![RelationKind::Compete]),
        ..Filter::default()
    };
    let err = g.portfolio("美团", &partner).unwrap_err().to_string();
    assert!(err.contains("no direction"), "{err}");
}

fn chains(p: &Paths) -> Vec<String> {
    p.chains.iter().map(|c| view::chain_line(&c.hops)).collect()
}

#[test]
fn path_finds_every_shortest_chain() {
    let g = sample();
    let f = Filter::default();
    type Case<'a> = (
        &'a str,
        &'a str,
        bool,
        Option<Vec<RelationKind>>,
        Vec<&'a str>,
    );
    let cases: Vec<Case> = vec![
        (
            "腾讯",
            "饿了么",
            false,
            None,
            vec![
                "腾讯 -invest→ 小红书 ←invest- 阿里巴巴 -controls→ 饿了么",
                "腾讯 -invest→ 美团 ←invest- 阿里巴巴 -controls→ 饿了么",
            ],
        ),
        (
            "腾讯",
            "饿了么",
            true,
            None,
            vec!["腾讯 -co_mention- 饿了么"],
        ),
        (
            "腾讯",
            "饿了么",
            false,
            Some(vec![RelationKind::Invest, RelationKind::Compete]),
            vec!["腾讯 -invest→ 美团 -compete- 饿了么"],
        ),
        (
            "饿了么",
            "红杉",
            false,
            None,
            vec!["饿了么 ←controls- 阿里巴巴 -invest→ 小红书 ←invest- 红杉资本中国"],
        ),
        ("腾讯", "微信", false, None, vec![]),
    ];
    for (x, y, via, relations, want) in cases {
        let filter = Filter {
            relations,
            ..f.clone()
        };
        let p = g.path(x, y, via, 10, &filter).unwrap();
        assert_eq!(chains(&p), want, "{x} … {y} via_comention={via}");
        assert_eq!(p.total as usize, want.len());
        assert_eq!(p.length, want.first().map(|_| p.chains[0].hops.len()));
    }
    let p = g.path("腾讯", "饿了么", false, 1, &f).unwrap();
    assert_eq!((p.total, p.chains.len()), (2, 1));
    let hop = &p.chains[0].hops[0];
    assert_eq!((hop.from.as_str(), hop.to.as_str()), ("腾讯", "小红书"));
    assert_eq!(hop.links.len(), 1);
    assert_eq!(hop.links[0].evidence.len(), 2, "both of 腾讯's statements");
    assert!(g.path("腾讯", "Tencent", false, 1, &f).is_err());
}

#[test]
fn neighbors_is_the_induced_ego_network() {
    let g = sample();
    let f = Filter::default();
    let n = g.neighbors("饿了么", 1, &f).unwrap();
    let nodes: Vec<(&str, usize)> = n
        .nodes
        .iter()
        .map(|x| (x.name.as_str(), x.distance))
        .collect();
    assert_eq!(nodes, [("饿了么", 0), ("美团", 1), ("阿里巴巴", 1)]);
    let links: Vec<String> = n
        .links
        .iter()
        .map(|l| format!("{} {} {}", l.source, l.relation, l.target))
        .collect();
    assert_eq!(
        links,
        [
            "美团 compete 饿了么",
            "阿里巴巴 invest 美团",
            "阿里巴巴 controls 饿了么",
        ]
    );
    let two = g.neighbors("饿了么", 2, &f).unwrap();
    assert_eq!(two.nodes.len(), 5, "{:?}", two.nodes);
    let zero = g.neighbors("饿了么", 0, &f).unwrap();
    assert_eq!((zero.nodes.len(), zero.links.len()), (1, 0));

    let sub = n.subgraph(&g);
    assert_eq!(sub.petgraph().node_count(), 3);
    assert_eq!(sub.petgraph().edge_count(), 3);
    let back = KnowledgeGraph::from_wire(serde_json::from_slice(&sub.to_json()).unwrap()).unwrap();
    assert!(back.to_json() == sub.to_json());
    let dot = crate::export::to_dot(&sub, &crate::export::ExportOptions::default()).unwrap();
    assert!(dot.contains("\"阿里巴巴\" -> \"饿了么\""), "{dot}");
}

#[test]
fn co_investors_share_companies() {
    let g = sample();
    let c = g.co_investors("腾讯", &Filter::default()).unwrap();
    assert_eq!(c.portfolio, ["京东", "小红书", "拼多多", "美团"]);
    let rows: Vec<(&str, Vec<&str>)> = c
        .co_investors
        .iter()
        .map(|x| {
            (
                x.name.as_str(),
                x.shared.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("红杉资本中国", vec!["小红书", "拼多多"]),
            ("阿里巴巴", vec!["小红书", "美团"]),
        ]
    );
    assert_eq!(c.co_investors[0].kind, EntityKind::Fund);
    let since_2020 = Filter {
        since: PartialDate::parse("2020"),
        ..Filter::default()
    };
    let c = g.co_investors("腾讯", &since_2020).unwrap();
    assert_eq!(c.co_investors.len(), 1);
    assert_eq!(c.co_investors[0].shared, ["拼多多"]);
}

#[test]
fn rankings() {
    let g = sample();
    let f = Filter::default();
    let top = |by, kind, n| -> Vec<String> {
        g.top(by, kind, n, &f)
            .unwrap()
            .entries
            .iter()
            .map(|r| format!("{} {}", r.name, r.score))
            .collect()
    };
    assert_eq!(
        top(TopBy::Investments, None, 3),
        ["腾讯 4", "阿里巴巴 3", "红杉资本中国 2"]
    );
    assert_eq!(top(TopBy::Investees, None, 2), ["小红书 3", "拼多多 2"]);
    assert_eq!(
        top(TopBy::Investments, Some(EntityKind::Fund), 5),
        ["红杉资本中国 2"]
    );
    assert_eq!(top(TopBy::Degree, None, 1), ["腾讯 4"]);
    let pr = g.top(TopBy::Pagerank, None, 20, &f).unwrap();
    assert_eq!(pr.entries[0].name, "小红书", "{pr:?}");
    let sum: f64 = pr
        .entries
        .iter()
        .map(|r| match r.score {
            Score::Rank(x) => x,
            Score::Count(_) => panic!("pagerank scores are ranks"),
        })
        .sum();
    assert!((sum - 1.0).abs() < 1e-9, "{sum}");
    assert!(g
        .top(
            TopBy::Investments,
            None,
            5,
            &Filter {
                relations: Some(vec![RelationKind::Partner]),
                ..f.clone()
            }
        )
        .is_err());
}

#[test]
fn answers_serialise_with_the_question_tag() {
    let g = sample();
    let a = g
        .ask(&Question::Investors("RED".into()), &Filter::default())
        .unwrap();
    let v = serde_json::to_value(&a).unwrap();
    assert_eq!(v["question"], "investors");
    assert_eq!(v["entity"], "小红书");
    assert_eq!(v["side"], "investee");
    assert_eq!(v["deals"][1]["amount"]["value"], 300000000);
    assert_eq!(v["deals"][1]["evidence"][0]["doc"], "a.txt");
    let t = a.table();
    assert_eq!(t.rows.len(), 4);
    assert_eq!(t.columns[0].name, "investor");
}
