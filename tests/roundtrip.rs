//! Property tests: any graph (any names, any attribute text, any finite amount, any date)
//! round-trips through `graph.json` unchanged, and `relations.jsonl` lines round-trip too.

use dealgraph::date::PartialDate;
use dealgraph::dictionary::EntityKind;
use dealgraph::graph::{Edge, EdgeWire, Evidence, GraphMeta, GraphWire, KnowledgeGraph, Node};
use dealgraph::relation::{Amount, RelationKind, RelationLine, Role, Status};
use proptest::prelude::*;
use proptest::sample::select;

/// Any string, or one made of the characters that break out of strings in some format.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\"\\\\\n\r\t\u{0}\u{1b}<>&,;:'`{}()\\[\\]#/*=|+@ a-c0-9腾讯京东\u{2028}\u{feff}]{0,12}",
    ]
}

fn date() -> impl Strategy<Value = PartialDate> {
    (-9999i32..=99_999, 1u32..=12, 1u32..=31, 0..3).prop_map(|(y, m, d, precision)| match precision
    {
        0 => PartialDate::year(y),
        1 => PartialDate::month(y, m).unwrap(),
        _ => PartialDate::day(y, m, d)
            .or_else(|| PartialDate::day(y, m, 28))
            .unwrap(),
    })
}

fn amount() -> impl Strategy<Value = Amount> {
    let value = prop_oneof![
        any::<f64>().prop_filter("finite", |v| v.is_finite()),
        (-1_000_000_000_000i64..1_000_000_000_000).prop_map(|v| v as f64),
    ];
    (
        text(),
        proptest::option::of(value),
        proptest::option::of(text()),
    )
        .prop_map(|(text, value, currency)| Amount {
            text,
            value,
            currency,
        })
}

fn role() -> impl Strategy<Value = Option<Role>> {
    proptest::option::of(select(Role::ALL))
}

fn evidence() -> impl Strategy<Value = Evidence> {
    (
        (text(), text(), any::<[usize; 2]>(), text(), text(), text()),
        (
            role(),
            proptest::option::of(amount()),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(date()),
        ),
    )
        .prop_map(
            |(
                (doc, sentence, span, rule, source_surface, target_surface),
                (role, amount, round, stake, date),
            )| Evidence {
                doc,
                sentence,
                span,
                rule,
                source_surface,
                target_surface,
                attrs: dealgraph::model::Attributes {
                    role,
                    amount,
                    round,
                    stake,
                    date,
                },
            },
        )
}

fn edge() -> impl Strategy<Value = Edge> {
    (
        (
            select(RelationKind::ALL),
            select(Status::ALL),
            any::<u64>(),
            any::<u64>(),
        ),
        (
            role(),
            proptest::option::of(amount()),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(date()),
            proptest::collection::vec(evidence(), 0..3),
        ),
    )
        .prop_map(
            |(
                (relation, status, weight, documents),
                (role, amount, round, stake, date, evidence),
            )| {
                Edge {
                    relation,
                    status,
                    weight,
                    documents,
                    attrs: dealgraph::model::Attributes {
                        role,
                        amount,
                        round,
                        stake,
                        date,
                    },
                    evidence,
                }
            },
        )
}

fn node(name: String) -> impl Strategy<Value = Node> {
    (
        select(EntityKind::ALL.to_vec()),
        proptest::collection::vec(text(), 0..3),
        proptest::option::of(text()),
        any::<u64>(),
        any::<u64>(),
    )
        .prop_map(move |(kind, aliases, parent, mentions, documents)| Node {
            name: name.clone(),
            kind,
            aliases,
            parent,
            mentions,
            documents,
        })
}

/// A valid wire graph, already in export order (nodes by name, edges by key).
fn graph() -> impl Strategy<Value = GraphWire> {
    proptest::collection::btree_set(text(), 0..6)
        .prop_flat_map(|names| {
            let names: Vec<String> = names.into_iter().collect();
            let n = names.len();
            let nodes: Vec<_> = names.iter().cloned().map(node).collect();
            let edges = if n == 0 {
                Just(Vec::new()).boxed()
            } else {
                proptest::collection::vec((0..n, 0..n, edge()), 0..8).boxed()
            };
            (Just(names), nodes, edges, any::<u64>())
        })
        .prop_map(|(names, nodes, raw_edges, documents)| {
            let mut edges: Vec<EdgeWire> = Vec::new();
            let mut keys = std::collections::BTreeSet::new();
            for (s, t, edge) in raw_edges {
                if keys.insert((s, t, edge.relation, edge.status)) {
                    edges.push(EdgeWire {
                        source: names[s].clone(),
                        target: names[t].clone(),
                        key: format!("{}:{}", edge.relation, edge.status),
                        edge,
                    });
                }
            }
            edges.sort_by(|a, b| {
                (&a.source, &a.target, a.edge.relation, a.edge.status).cmp(&(
                    &b.source,
                    &b.target,
                    b.edge.relation,
                    b.edge.status,
                ))
            });
            GraphWire {
                directed: true,
                multigraph: true,
                graph: GraphMeta {
                    generator: format!("dealgraph {}", env!("CARGO_PKG_VERSION")),
                    documents,
                },
                nodes,
                edges,
            }
        })
}

fn relation_line() -> impl Strategy<Value = RelationLine> {
    (
        (text(), text(), text(), select(RelationKind::ALL), text()),
        (select(Status::ALL), role(), proptest::option::of(text())),
        (
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(date()),
        ),
        (
            text(),
            text(),
            proptest::option::of(text()),
            proptest::option::of(any::<[usize; 2]>()),
        ),
    )
        .prop_map(
            |(
                (doc, sentence, source, relation, target),
                (status, role, amount),
                (round, stake, date),
                (source_surface, target_surface, rule, span),
            )| RelationLine {
                doc,
                sentence,
                source,
                relation,
                target,
                status,
                attrs: dealgraph::model::Attributes {
                    role,
                    amount,
                    round,
                    stake,
                    date,
                },
                source_surface,
                target_surface,
                rule,
                span,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_graph_round_trips_through_json(wire in graph()) {
        let graph = KnowledgeGraph::from_wire(wire.clone()).unwrap();
        prop_assert_eq!(&graph.to_wire(), &wire);
        let json = graph.to_json();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("graph.json");
        dealgraph::export::write_atomic(&path, &json).unwrap();
        let back = KnowledgeGraph::read_json(&path).unwrap();
        prop_assert_eq!(&back.to_wire(), &wire);
        prop_assert!(back.to_json() == json, "graph.json is not byte-stable");
    }

    /// Deal records are a function of the graph, not of the order its evidence was added in
    /// (what `update` and `merge` change), and pass the harness's deals.jsonl check.
    #[test]
    fn deal_records_do_not_depend_on_the_evidence_order(
        mut wire in graph(),
        seed in any::<u64>(),
    ) {
        // Two documents and two spans, so that sentences collide and statements fold.
        for e in &mut wire.edges {
            for ev in &mut e.edge.evidence {
                ev.doc = ["a.txt", "b.txt"][ev.doc.len() % 2].to_string();
                ev.span = [ev.span[0] % 2, ev.span[1] % 2];
                if ev.rule.len() % 3 == 0 {
                    ev.attrs = dealgraph::model::Attributes::default();
                }
            }
        }
        let graph = KnowledgeGraph::from_wire(wire.clone()).unwrap();
        let mut shuffled = wire;
        for (k, e) in shuffled.edges.iter_mut().enumerate() {
            let mix = |i: usize| (i as u64 ^ seed ^ k as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            let mut order: Vec<(u64, Evidence)> = e
                .edge
                .evidence
                .drain(..)
                .enumerate()
                .map(|(i, ev)| (mix(i), ev))
                .collect();
            order.sort_by_key(|(h, _)| *h);
            e.edge.evidence = order.into_iter().map(|(_, ev)| ev).collect();
        }
        let other = KnowledgeGraph::from_wire(shuffled).unwrap();
        let deals = graph.deal_records();
        prop_assert_eq!(&deals, &other.deal_records());
        let bytes = dealgraph::deals::deals_jsonl(&deals);
        prop_assert!(crate::harness::check_file(&graph, None, "deals.jsonl", &bytes));
    }

    #[test]
    fn any_relation_line_round_trips(line in relation_line()) {
        let json = serde_json::to_string(&line).unwrap();
        prop_assert!(!json.contains('\n'), "a relation spans two lines: {}", json);
        let back: RelationLine = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, line);
    }

    #[test]
    fn any_date_reads_back_as_written(date in date()) {
        let json = serde_json::to_string(&date).unwrap();
        prop_assert_eq!(serde_json::from_str::<PartialDate>(&json).unwrap(), date);
    }
}
