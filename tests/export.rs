//! The `export` command and the graph-database formats: exact output for a tiny graph,
//! byte-identical output across runs, nothing written when one format fails.

use crate::util::{build, dealgraph};
use dealgraph::dictionary::{Dictionary, EntityKind};
use dealgraph::graph::{DocumentFacts, KnowledgeGraph};
use dealgraph::relation::{Amount, Relation, RelationKind, Role, Status};
use std::path::Path;

/// 腾讯 led a 3.5亿美元 B round in 小红书 (one sentence), as extraction reports it.
fn tiny_graph() -> KnowledgeGraph {
    let sentence = "小红书完成3.5亿美元B轮融资，腾讯领投。";
    let mut g = KnowledgeGraph::new();
    g.add_document(
        &Dictionary::builder().build(),
        DocumentFacts {
            doc: "a.txt".into(),
            hash: String::new(),
            mentions: vec![("小红书".into(), 1), ("腾讯".into(), 1)],
            comentions: vec![],
            relations: vec![Relation {
                doc: "a.txt".into(),
                sentence: sentence.into(),
                span: 0..sentence.len(),
                source: "腾讯".into(),
                source_kind: EntityKind::Company,
                relation: RelationKind::Invest,
                target: "小红书".into(),
                target_kind: EntityKind::Company,
                status: Status::Asserted,
                attrs: dealgraph::model::Attributes {
                    role: Some(Role::Lead),
                    amount: Some(Amount {
                        text: "3.5亿美元".into(),
                        value: Some(3.5e8),
                        currency: Some("USD".into()),
                    }),
                    round: Some("B轮".into()),
                    stake: None,
                    date: dealgraph::PartialDate::month(2018, 6),
                },
                source_surface: "腾讯".into(),
                target_surface: "小红书".into(),
                rule: "invest_lead".into(),
            }],
            open: vec![],
        },
    );
    g
}

fn export(graph_json: &Path, formats: &str, out: &Path) -> std::process::Output {
    dealgraph()
        .args(["export", "--quiet", "--graph"])
        .arg(graph_json)
        .args(["--format", formats, "--out"])
        .arg(out)
        .output()
        .unwrap()
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

const EVIDENCE: &str = r#"[{"doc":"a.txt","sentence":"小红书完成3.5亿美元B轮融资，腾讯领投。","span":[0,55],"rule":"invest_lead","source_surface":"腾讯","target_surface":"小红书","role":"lead","amount":{"text":"3.5亿美元","value":350000000,"currency":"USD"},"round":"B轮","stake":null,"date":"2018-06"}]"#;

/// The party's evidence in the deal records: doc, sentence, span and date.
const PARTY_EVIDENCE: &str = r#"[{"doc":"a.txt","sentence":"小红书完成3.5亿美元B轮融资，腾讯领投。","span":[0,55],"date":"2018-06"}]"#;

#[test]
fn a_tiny_graph_exports_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("graph.json");
    std::fs::write(&input, tiny_graph().to_json()).unwrap();
    let out = dir.path().join("out");
    let o = export(&input, "neo4j,cypher,kuzu,jsonl,graphml", &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv_evidence = EVIDENCE.replace('"', "\"\"");

    assert_eq!(
        read(&out, "neo4j/nodes.csv"),
        "name:ID,:LABEL,type,aliases,parent,mentions:long,documents:long\n\
         小红书,Entity;Company,company,\"[\"\"小红书\"\"]\",,1,1\n\
         腾讯,Entity;Company,company,\"[\"\"腾讯\"\"]\",,1,1\n"
    );
    assert_eq!(
        read(&out, "neo4j/relationships.csv"),
        format!(
            ":START_ID,:END_ID,:TYPE,status,weight:long,documents:long,role,amount,\
             amount_value:double,amount_currency,round,stake,date,evidence\n\
             腾讯,小红书,INVEST,asserted,1,1,lead,3.5亿美元,350000000,USD,B轮,,2018-06,\"{csv_evidence}\"\n"
        )
    );
    assert_eq!(
        read(&out, "kuzu/rels_invest.csv"),
        format!(
            "from,to,status,weight,documents,role,amount,amount_value,amount_currency,round,\
             stake,date,evidence\n\
             腾讯,小红书,asserted,1,1,lead,3.5亿美元,350000000,USD,B轮,,2018-06,\"{csv_evidence}\"\n"
        )
    );
    assert_eq!(
        read(&out, "kuzu/rels_acquire.csv").lines().count(),
        1,
        "a header only"
    );
    let cypher = read(&out, "cypher/graph.cypher");
    let statements: Vec<&str> = cypher.lines().filter(|l| !l.starts_with("//")).collect();
    let cypher_evidence = EVIDENCE.replace('\\', "\\\\").replace('\'', "\\'");
    assert_eq!(
        statements,
        [
            "MERGE (n:Entity {name: '小红书'}) SET n.type = 'company', n.aliases = '[\"小红书\"]', \
             n.parent = NULL, n.mentions = 1, n.documents = 1;"
                .to_string(),
            "MERGE (n:Entity {name: '腾讯'}) SET n.type = 'company', n.aliases = '[\"腾讯\"]', \
             n.parent = NULL, n.mentions = 1, n.documents = 1;"
                .to_string(),
            format!(
                "MATCH (a:Entity {{name: '腾讯'}}) MATCH (b:Entity {{name: '小红书'}}) \
                 MERGE (a)-[r:INVEST {{status: 'asserted'}}]->(b) SET r.weight = 1, \
                 r.documents = 1, r.role = 'lead', r.amount = '3.5亿美元', \
                 r.amount_value = 350000000.0, r.amount_currency = 'USD', r.round = 'B轮', \
                 r.stake = NULL, r.date = '2018-06', r.evidence = '{cypher_evidence}';"
            ),
            "MERGE (d:Deal {id: 'deal-5e6173db90a6c3d5'}) SET d.relation = 'invest', \
             d.status = 'asserted', d.round = 'B轮', d.amount = '3.5亿美元', \
             d.amount_value = 350000000.0, d.amount_currency = 'USD', d.stake = NULL, \
             d.date = '2018-06', d.documents = '[\"a.txt\"]';"
                .to_string(),
            format!(
                "MATCH (a:Entity {{name: '腾讯'}}) MATCH (d:Deal {{id: 'deal-5e6173db90a6c3d5'}}) \
                 MERGE (a)-[p:PARTY {{n: 0}}]->(d) SET p.role = 'lead', p.amount = '3.5亿美元', \
                 p.amount_value = 350000000.0, p.amount_currency = 'USD', p.stake = NULL, \
                 p.date = '2018-06', p.evidence = '{PARTY_EVIDENCE}';"
            ),
            "MATCH (d:Deal {id: 'deal-5e6173db90a6c3d5'}) MATCH (b:Entity {name: '小红书'}) \
             MERGE (d)-[:TARGET]->(b);"
                .to_string(),
        ]
    );
    // The deal: 腾讯 led the B round of 小红书 (2018-06).
    let party_csv = PARTY_EVIDENCE.replace('"', "\"\"");
    assert_eq!(
        read(&out, "neo4j/deals.csv"),
        "id:ID(Deal),:LABEL,relation,status,round,amount,amount_value:double,amount_currency,\
         stake,date,documents\n\
         deal-5e6173db90a6c3d5,Deal,invest,asserted,B轮,3.5亿美元,350000000,USD,,2018-06,\
         \"[\"\"a.txt\"\"]\"\n"
    );
    assert_eq!(
        read(&out, "neo4j/parties.csv"),
        format!(
            ":START_ID,:END_ID(Deal),:TYPE,n:long,role,amount,amount_value:double,\
             amount_currency,stake,date,evidence\n\
             腾讯,deal-5e6173db90a6c3d5,PARTY,0,lead,3.5亿美元,350000000,USD,,2018-06,\
             \"{party_csv}\"\n"
        )
    );
    assert_eq!(
        read(&out, "neo4j/targets.csv"),
        ":START_ID(Deal),:END_ID,:TYPE\ndeal-5e6173db90a6c3d5,小红书,TARGET\n"
    );
    assert_eq!(
        read(&out, "kuzu/deals.csv"),
        "id,relation,status,round,amount,amount_value,amount_currency,stake,date,documents\n\
         deal-5e6173db90a6c3d5,invest,asserted,B轮,3.5亿美元,350000000,USD,,2018-06,\
         \"[\"\"a.txt\"\"]\"\n"
    );
    assert_eq!(
        read(&out, "kuzu/parties.csv"),
        format!(
            "from,to,n,role,amount,amount_value,amount_currency,stake,date,evidence\n\
             腾讯,deal-5e6173db90a6c3d5,0,lead,3.5亿美元,350000000,USD,,2018-06,\"{party_csv}\"\n"
        )
    );
    assert_eq!(
        read(&out, "kuzu/targets.csv"),
        "from,to\ndeal-5e6173db90a6c3d5,小红书\n"
    );
    assert_eq!(
        read(&out, "cypher/schema.kuzu.cypher"),
        read(&out, "kuzu/schema.cypher")
    );
    let jsonl = read(&out, "graph.jsonl");
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["kind"], "node");
    assert_eq!(lines[2]["kind"], "edge");
    assert_eq!(lines[2]["key"], "invest:asserted");
    assert_eq!(lines[2]["amount"]["value"], 350000000);
    let graphml = read(&out, "graph.graphml");
    assert!(graphml.contains(r#"<edge id="invest:asserted" source="腾讯" target="小红书">"#));
    assert!(graphml.contains(r#"<data key="e_amount_value">350000000</data>"#));
    assert!(
        !graphml.contains("e_stake\">"),
        "missing values are left out"
    );
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    let formats = "json,dot,relations,deals,graphml,neo4j,cypher,kuzu,jsonl";
    let (a, out) = build(&["seeds"], &["-j", "1", "--format", formats]);
    assert!(out.status.success());
    let (b, out) = build(&["seeds"], &["--format", formats]);
    assert!(out.status.success());
    let mut files = 0;
    for entry in walkdir::WalkDir::new(a.path()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(a.path()).unwrap();
            let x = std::fs::read(entry.path()).unwrap();
            let y = std::fs::read(b.path().join(rel)).unwrap();
            assert!(x == y, "{} differs between runs", rel.display());
            files += 1;
        }
    }
    // json, dot, relations, deals; jsonl; neo4j; cypher; kuzu; graphml; the ledger
    assert_eq!(files, 4 + 1 + 5 + 3 + 14 + 1 + 1);
}

#[test]
fn export_reads_what_build_wrote_and_reproduces_it() {
    let (dir, out) = build(&["seeds"], &["--format", "json,graphml,kuzu"]);
    assert!(out.status.success());
    let again = dir.path().join("again");
    let o = export(&dir.path().join("graph.json"), "json,graphml,kuzu", &again);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "graph.json",
        "graph.graphml",
        "kuzu/nodes.csv",
        "kuzu/rels_co_mention.csv",
    ] {
        assert!(
            read(dir.path(), f) == read(&again, f),
            "{f} differs after export"
        );
    }
}

#[test]
fn nothing_is_written_when_a_format_fails() {
    // Two names that XML can only write as the same "a\u{FFFD}": GraphML refuses them.
    let mut wire = tiny_graph().to_wire();
    for (n, name) in wire.nodes.iter_mut().zip(["a\u{1}", "a\u{2}"]) {
        n.name = name.to_string();
    }
    wire.edges.clear();
    let g = KnowledgeGraph::from_wire(wire).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("graph.json");
    std::fs::write(&input, g.to_json()).unwrap();
    let out = dir.path().join("out");
    let o = export(&input, "json,neo4j,graphml", &out);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("U+FFFD"));
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn export_refuses_to_overwrite_its_input_and_names_a_bad_graph() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("graph.json");
    let bytes = tiny_graph().to_json();
    std::fs::write(&input, &bytes).unwrap();
    let o = export(&input, "json", dir.path());
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(std::fs::read(&input).unwrap(), bytes);

    std::fs::write(&input, "{\"nodes\": 1}").unwrap();
    let o = export(&input, "graphml", &dir.path().join("out"));
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("graph.json"));
}

#[test]
fn the_docs_give_the_exact_neo4j_import_command() {
    let docs = std::fs::read_to_string(crate::util::root().join("docs/databases.md")).unwrap();
    assert!(
        docs.contains(dealgraph::export::NEO4J_IMPORT_COMMAND),
        "docs/databases.md must give `{}`",
        dealgraph::export::NEO4J_IMPORT_COMMAND
    );
}
