//! Fuzz harnesses: each takes arbitrary bytes, runs one stage of dealgraph on them and panics
//! when an invariant breaks. The `fuzz/` crate runs them under libFuzzer (it includes this file
//! with `#[path]`); `tests/fuzz_regressions.rs` runs every saved input of
//! `tests/fixtures/fuzz/<target>/` through them, so a crash found once stays fixed.
//!
//! Only the main crate's dependencies are used here, so that the regression tests need nothing
//! the fuzz crate has.
#![allow(dead_code)]

use dealgraph::date::PartialDate;
use dealgraph::dictionary::{DictionaryBuilder, EntityKind};
use dealgraph::document::{parse_document, parse_jsonl_line, Document, InputFormat as DocFormat};
use dealgraph::export::{self, ExportOptions, Format};
use dealgraph::graph::{Edge, EdgeWire, Evidence, GraphMeta, GraphWire, KnowledgeGraph, Node};
use dealgraph::normalize::normalize;
use dealgraph::pipeline::{Pipeline, RunOptions};
use dealgraph::relation::{Amount, RelationKind, RelationLine, Role, Status};
use dealgraph::Inputs;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A harness: runs one stage on fuzz bytes, panics on a broken invariant.
pub type Harness = fn(&[u8]);

/// The harnesses by name: the fuzz target names and the fixture folder names.
pub const TARGETS: [(&str, Harness); 5] = [
    ("document", document),
    ("extract", extract),
    ("extract_dict", extract_dict),
    ("dictionary", dictionary),
    ("export", export),
];

// ---------------------------------------------------------------------------------------------
// Targets

/// Document parsing: the first byte picks the format (txt, md, html, jsonl, unknown
/// extension), the rest is the file. Parsed in memory (any text) and read from a file through
/// [`Inputs`] (the byte-level checks: binary, UTF-16, invalid UTF-8).
pub fn document(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let ext = ["txt", "md", "html", "jsonl", "dat"][usize::from(selector) % 5];
    let format = DocFormat::from_extension(ext).unwrap_or(DocFormat::Text);
    let text = String::from_utf8_lossy(body);
    if format == DocFormat::Jsonl {
        let path = Path::new("mem.jsonl");
        for (i, line) in text.split('\n').enumerate() {
            match parse_jsonl_line(path, i + 1, line) {
                Ok(Some(doc)) => check_document(&doc, true),
                Ok(None) => assert!(line.trim().is_empty(), "{line:?} skipped silently"),
                Err(e) => assert!(
                    e.to_string().starts_with(&format!("mem.jsonl:{}: ", i + 1)),
                    "{e}"
                ),
            }
        }
    } else {
        check_document(&parse_document("mem", &text, format), false);
    }
    let path = scratch_file(ext, body);
    let prefix = format!("{}", path.display());
    for item in Inputs::new(vec![path.clone()]) {
        match item {
            Ok(doc) => check_document(&doc, true),
            Err(e) => assert!(e.to_string().starts_with(&prefix), "{e}"),
        }
    }
    let _ = std::fs::remove_file(&path);
}

/// Matching and extraction on arbitrary text with the bundled dictionary and lexicon, then
/// the graph of that one document through every export.
pub fn extract(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let doc = parse_document("fuzz", &text, DocFormat::Text);
    let pipeline = bundled();
    check_analysis(pipeline, &doc);
    let out = pipeline
        .run(std::iter::once(Ok(doc)), &RunOptions::default(), |_, _| {})
        .expect("a run over one good document succeeds");
    // The run isolates documents: a panic would be a skipped document, not a crash.
    assert!(out.skipped.is_empty(), "{:?}", out.skipped);
    check_exports(&out.graph, Some(&out.relations()));
}

/// Constructions that the names of [`extract_dict`] are put into, each pair in turn
/// (`{a}`, `{b}`, `{c}`: three consecutive names): the shapes of issue 11's crashes.
const FRAMES: [&str; 10] = [
    "{a}投资了{b}。",
    "{b}获得{a}的投资。",
    "{a}从 {b} 获得了融资。",
    "{a}的其他交易包括投资{b}、{c} 和{a}。",
    "{a}收购了 {b} 的股份。",
    "{a},{b},{c},{a}。",
    "{b}是{a}的股东。",
    "由{a}领投,{b}跟投。",
    "{a}是公司的投资。",
    "其因投资《{a}》等“出圈”,{b}与{c}合作。",
];

/// Extraction with a user dictionary chosen by the input (issue 11: names holding clause
/// punctuation, such as `Facebook, Inc.`, broke constructions that fuzzing with the bundled
/// dictionary never reached). The first line holds up to 8 names separated by `|` (the only
/// dictionary); in the rest, the text, the bytes 0x01 to 0x08 stand for names 1 to 8; then
/// every name is put around cue words in [`FRAMES`]. The analysis keeps its invariants.
pub fn extract_dict(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (head, body) = text.split_once('\n').unwrap_or((&text, ""));
    let names: Vec<String> = head
        .split('|')
        .map(|n| n.trim().chars().take(30).collect::<String>())
        .filter(|n| !n.is_empty() && !n.starts_with('#') && !n.contains('\t'))
        .take(8)
        .collect();
    if names.is_empty() {
        return;
    }
    let mut builder = dealgraph::dictionary::Dictionary::builder();
    let list = names.join("\n");
    if builder
        .add_list(Path::new("fuzz-names.txt"), list.as_bytes())
        .is_err()
    {
        return;
    }
    static LEXICON: OnceLock<dealgraph::extract::Lexicon> = OnceLock::new();
    let lexicon = LEXICON.get_or_init(|| dealgraph::extract::Lexicon::bundled().unwrap());
    let pipeline = Pipeline::new(builder.build(), lexicon.clone()).expect("a matcher builds");
    let mut doc = String::new();
    for c in body.chars() {
        match c as u32 {
            k @ 1..=8 => doc.push_str(&names[(k as usize - 1) % names.len()]),
            _ => doc.push(c),
        }
    }
    doc.push('\n');
    let n = names.len();
    for i in 0..n {
        let (a, b, c) = (&names[i], &names[(i + 1) % n], &names[(i + 2) % n]);
        for f in FRAMES {
            doc.push_str(&f.replace("{a}", a).replace("{b}", b).replace("{c}", c));
        }
        doc.push('\n');
    }
    check_analysis(&pipeline, &parse_document("fuzz", &doc, DocFormat::Text));
}

/// Dictionary loading: the first byte picks JSONL or a plain list, the rest is the file.
/// Every error and warning names the file and a line; every entity loaded is usable.
pub fn dictionary(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let path = Path::new("fuzz.dict");
    let mut builder = DictionaryBuilder::new();
    let loaded = if selector & 1 == 0 {
        builder.add_jsonl(path, body).map(drop)
    } else {
        builder.add_list(path, body).map(drop)
    };
    if let Err(e) = loaded {
        let msg = e.to_string();
        let line = msg
            .strip_prefix("fuzz.dict:")
            .and_then(|rest| rest.split(':').next())
            .and_then(|n| n.parse::<usize>().ok());
        assert!(line.is_some_and(|n| n >= 1), "{msg}");
        return;
    }
    let dict = builder.build();
    for w in dict.warnings() {
        assert!(
            w.line >= 1 && w.to_string().starts_with("fuzz.dict:"),
            "{w}"
        );
    }
    let mut seen_alias = BTreeMap::new();
    for (i, e) in dict.entities().enumerate() {
        assert!(!e.name.trim().is_empty(), "{e:?}");
        assert_eq!(e.name, normalize(e.name), "name not normalised");
        assert_eq!(dict.by_name(e.name).map(|id| id.index()), Some(i));
        for a in e.aliases() {
            assert!(a.chars().any(char::is_alphanumeric), "{a:?}");
            let key = dealgraph::dictionary::alias_key(a);
            if let Some(other) = seen_alias.insert(key, i) {
                assert_eq!(other, i, "alias {a:?} claimed by two entities");
            }
        }
    }
}

/// Every export of an arbitrary graph (names with quotes, backslashes, newlines, markup,
/// commas, NUL, ...) parses back: JSON to the same graph, DOT with graphviz-rust's parser to
/// the same nodes and edges, JSONL line by line.
pub fn export(data: &[u8]) {
    let mut bytes = Bytes(data);
    let wire = arbitrary_graph(&mut bytes);
    let graph = KnowledgeGraph::from_wire(wire).expect("generated graphs are valid");
    check_exports(&graph, None);
    check_exports(&graph, Some(&graph.relation_lines()));
}

// ---------------------------------------------------------------------------------------------
// Invariants

/// A document's text is normalised, one trimmed non-empty line per block; its date marks
/// point at line starts in order.
pub fn check_document(doc: &Document, non_empty: bool) {
    let text = &doc.text;
    if non_empty {
        assert!(!text.is_empty(), "{}: empty document yielded", doc.id);
    }
    assert_eq!(*text, normalize(text), "{}: text not normalised", doc.id);
    if !text.is_empty() {
        for line in text.split('\n') {
            assert!(
                !line.is_empty() && line.trim() == line,
                "{}: line {line:?}",
                doc.id
            );
        }
    }
    if let Some(title) = &doc.title {
        assert!(
            !title.is_empty() && !title.contains('\n'),
            "title {title:?}"
        );
    }
    let mut last = None;
    for m in &doc.date_marks {
        assert!(m.offset < text.len() && text.is_char_boundary(m.offset));
        assert!(m.offset == 0 || text.as_bytes()[m.offset - 1] == b'\n');
        assert!(last.is_none_or(|l| l < m.offset), "date marks out of order");
        last = Some(m.offset);
        assert_eq!(doc.date_at(m.offset), Some(m.date));
    }
}

/// Sentences, mentions and relations stay inside the text, on character boundaries, in order.
pub fn check_analysis(pipeline: &Pipeline, doc: &Document) {
    let text = &doc.text;
    let a = pipeline.analyze(doc);
    let in_text = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    let mut end = 0;
    for s in &a.sentences {
        assert!(in_text(&s.span) && s.span.start >= end, "sentence {s:?}");
        end = s.span.end;
    }
    let mut end = 0;
    for m in &a.mentions {
        assert!(in_text(&m.span) && m.span.start >= end && m.span.start < m.span.end);
        assert!(m.entity.index() < pipeline.dictionary().len());
        end = m.span.end;
    }
    let dict = pipeline.dictionary();
    for r in &a.relations {
        assert!(in_text(&r.span), "relation span {:?}", r.span);
        assert_eq!(r.sentence, text[r.span.clone()], "relation sentence");
        // A dictionary entity, or an open-class name read from the sentence.
        for name in [&r.source, &r.target] {
            let open = !name.is_empty() && name.trim() == name.as_str() && !name.contains('\n');
            assert!(dict.by_name(name).is_some() || open, "endpoint {name:?}");
        }
        if let Some(v) = r.attrs.amount.as_ref().and_then(|a| a.value) {
            assert!(v.is_finite(), "amount {:?} has value {v}", r.attrs.amount);
        }
    }
}

/// Renders every format except the Graphviz images and parses each file back with a real
/// parser for its format (serde_json, graphviz-rust, csv, roxmltree, a Cypher lexer).
pub fn check_exports(graph: &KnowledgeGraph, relations: Option<&[RelationLine]>) {
    let options = ExportOptions {
        min_weight: 0,
        all_statuses: true,
        drawing: export::Drawing {
            comentions: true,
            top: Some(0),
            ..export::Drawing::default()
        },
    };
    for &format in Format::ALL {
        if matches!(format, Format::Svg | Format::Png) {
            continue;
        }
        let files = match export::render(graph, format, &options) {
            Ok(files) => files,
            // Documented: GraphML refuses names that XML would make equal.
            Err(e) if format == Format::GraphMl && xml_names_collide(graph) => {
                assert!(
                    e.to_string().contains("GraphML cannot carry the names"),
                    "{e}"
                );
                continue;
            }
            Err(e) => panic!("{}: {e}", format.as_str()),
        };
        for file in files {
            check_file(graph, relations, &file.path, &file.bytes);
        }
    }
}

/// The parse-back check of one export file; `false` when there is none for `path`.
pub fn check_file(
    graph: &KnowledgeGraph,
    relations: Option<&[RelationLine]>,
    path: &str,
    bytes: &[u8],
) -> bool {
    match path {
        "graph.json" => check_json(graph, bytes),
        "graph.dot" => check_dot(graph, bytes),
        "graph.html" => check_html(graph, bytes),
        "relations.jsonl" => check_relations(graph, relations, bytes),
        "deals.jsonl" => check_deals(graph, bytes),
        "kuzu/deals.csv" | "neo4j/deals.csv" | "kuzu/parties.csv" | "neo4j/parties.csv"
        | "kuzu/targets.csv" | "neo4j/targets.csv" => check_deal_csv(graph, path, bytes),
        "graph.jsonl" => check_graph_jsonl(graph, bytes),
        "graph.graphml" => check_graphml(graph, bytes),
        "neo4j/nodes.csv" | "kuzu/nodes.csv" => check_nodes_csv(graph, bytes),
        "neo4j/relationships.csv" => check_edges_csv(graph, None, bytes),
        "cypher/graph.cypher" => check_cypher(graph, bytes),
        // Fixed text that no name reaches.
        "cypher/schema.neo4j.cypher"
        | "cypher/schema.kuzu.cypher"
        | "kuzu/schema.cypher"
        | "kuzu/load.cypher" => {
            let text = std::str::from_utf8(bytes).expect("UTF-8");
            for n in graph.nodes().iter().filter(|n| n.name.len() > 3) {
                assert!(!text.contains(&n.name), "{path} holds {:?}", n.name);
            }
        }
        _ => match path
            .strip_prefix("kuzu/rels_")
            .and_then(|r| r.strip_suffix(".csv"))
        {
            Some(relation) => {
                let relation = RelationKind::parse(relation).expect("a relation file");
                check_edges_csv(graph, Some(relation), bytes)
            }
            None => return false,
        },
    }
    true
}

/// Whether two node names become equal once XML's forbidden characters are replaced.
fn xml_names_collide(graph: &KnowledgeGraph) -> bool {
    let names: BTreeSet<String> = graph.nodes().iter().map(|n| xml_text(&n.name)).collect();
    names.len() != graph.nodes().len()
}

/// What XML 1.0 can carry of `s`: NUL, other C0 controls but tab, LF, CR, and
/// U+FFFE/U+FFFF become U+FFFD (as graphml.rs documents).
fn xml_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t'
            | '\n'
            | '\r'
            | '\u{20}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FFFD}'
            | '\u{10000}'.. => c,
            _ => '\u{FFFD}',
        })
        .collect()
}

/// `graph.graphml` is well-formed XML with one `node` per node and one `edge` per edge, in
/// export order, whose ids, endpoints and attribute values are the exact (XML-sanitised) text.
fn check_graphml(graph: &KnowledgeGraph, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("GraphML is UTF-8");
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("GraphML: {e}"));
    let elements = |name: &str| -> Vec<roxmltree::Node<'_, '_>> {
        doc.descendants()
            .filter(|n| n.is_element() && n.tag_name().name() == name)
            .collect()
    };
    let nodes = graph.nodes();
    let xml_nodes = elements("node");
    assert_eq!(xml_nodes.len(), nodes.len(), "GraphML nodes");
    let data = |el: &roxmltree::Node<'_, '_>, key: &str| -> Option<String> {
        el.children()
            .find(|c| c.is_element() && c.attribute("key") == Some(key))
            .map(|c| c.text().unwrap_or("").to_string())
    };
    for (x, n) in xml_nodes.iter().zip(&nodes) {
        assert_eq!(
            x.attribute("id"),
            Some(xml_text(&n.name).as_str()),
            "GraphML node id"
        );
        // JSON escapes control characters, so only U+FFFE/U+FFFF are replaced in there.
        let aliases = data(x, "n_aliases").expect("aliases");
        let want = xml_text(&serde_json::to_string(&n.aliases).unwrap());
        assert_eq!(aliases, want, "GraphML aliases");
    }
    let edges = graph.edges();
    let xml_edges = elements("edge");
    assert_eq!(xml_edges.len(), edges.len(), "GraphML edges");
    for (x, (s, t, e)) in xml_edges.iter().zip(&edges) {
        assert_eq!(x.attribute("source"), Some(xml_text(&s.name).as_str()));
        assert_eq!(x.attribute("target"), Some(xml_text(&t.name).as_str()));
        assert_eq!(data(x, "e_relation").as_deref(), Some(e.relation.as_str()));
        let evidence = data(x, "e_evidence").expect("evidence");
        let want = xml_text(&serde_json::to_string(&e.evidence).unwrap());
        assert_eq!(evidence, want, "GraphML evidence");
    }
}

/// `graph.jsonl`: every node, then every edge, each line exactly its `graph.json` object.
fn check_graph_jsonl(graph: &KnowledgeGraph, bytes: &[u8]) {
    let wire = graph.to_wire();
    let text = std::str::from_utf8(bytes).expect("graph.jsonl is UTF-8");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(
        lines.len(),
        wire.nodes.len() + wire.edges.len(),
        "graph.jsonl lines"
    );
    let strip = |mut v: serde_json::Value, kind: &str| {
        let object = v.as_object_mut().expect("an object");
        assert_eq!(object.remove("kind"), Some(serde_json::json!(kind)));
        v
    };
    let (node_lines, edge_lines) = lines.split_at(wire.nodes.len());
    for (line, want) in node_lines.iter().zip(&wire.nodes) {
        let got: Node = serde_json::from_value(strip(line.clone(), "node")).expect("node line");
        assert_eq!(&got, want, "graph.jsonl node");
    }
    for (line, want) in edge_lines.iter().zip(&wire.edges) {
        let got: EdgeWire = serde_json::from_value(strip(line.clone(), "edge")).expect("edge");
        assert_eq!(&got, want, "graph.jsonl edge");
    }
}

/// Reads a CSV export: the header, then records as wide as it.
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .expect("CSV header")
        .iter()
        .map(str::to_string)
        .collect();
    let records = reader
        .records()
        .map(|r| {
            let r = r.expect("CSV record parses");
            assert_eq!(r.len(), header.len(), "CSV record width");
            r.iter().map(str::to_string).collect()
        })
        .collect();
    (header, records)
}

/// The index of the first column named one of `names`.
fn column(header: &[String], names: &[&str]) -> usize {
    header
        .iter()
        .position(|h| names.contains(&h.as_str()))
        .unwrap_or_else(|| panic!("no column {names:?} in {header:?}"))
}

/// Neo4j's or Kùzu's `nodes.csv`: one record per node, in order, with the exact name and
/// aliases.
fn check_nodes_csv(graph: &KnowledgeGraph, bytes: &[u8]) {
    let (header, records) = read_csv(bytes);
    let nodes = graph.nodes();
    assert_eq!(records.len(), nodes.len(), "CSV nodes");
    let (name, aliases) = (
        column(&header, &["name:ID", "name"]),
        column(&header, &["aliases"]),
    );
    for (r, n) in records.iter().zip(&nodes) {
        assert_eq!(r[name], n.name, "CSV node name");
        let got: Vec<String> = serde_json::from_str(&r[aliases]).expect("aliases JSON");
        assert_eq!(got, n.aliases, "CSV aliases");
    }
}

/// Neo4j's `relationships.csv` (every edge) or Kùzu's `rels_<relation>.csv`: one record per
/// edge, in order, with the exact endpoints and evidence.
fn check_edges_csv(graph: &KnowledgeGraph, relation: Option<RelationKind>, bytes: &[u8]) {
    let (header, records) = read_csv(bytes);
    let edges: Vec<_> = graph
        .edges()
        .into_iter()
        .filter(|(_, _, e)| relation.is_none_or(|r| e.relation == r))
        .collect();
    assert_eq!(records.len(), edges.len(), "CSV edges");
    let from = column(&header, &[":START_ID", "from"]);
    let to = column(&header, &[":END_ID", "to"]);
    let evidence = column(&header, &["evidence"]);
    for (r, (s, t, e)) in records.iter().zip(&edges) {
        assert_eq!((&r[from], &r[to]), (&s.name, &t.name), "CSV endpoints");
        let got: Vec<Evidence> = serde_json::from_str(&r[evidence]).expect("evidence JSON");
        assert_eq!(got, e.evidence, "CSV evidence");
    }
}

/// `cypher/graph.cypher`, read with Neo4j's lexical rules (`'…'` strings with `\` escapes,
/// `//` comments): one statement per node and per edge, each with the names in its strings
/// and the same shape as every other statement of its kind once literals are blanked out, so
/// no name added or changed a clause.
fn check_cypher(graph: &KnowledgeGraph, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("graph.cypher is UTF-8");
    // (statement shape with every string literal as `?`, the literals)
    let mut statements: Vec<(String, Vec<String>)> = Vec::new();
    let (mut shape, mut strings) = (String::new(), Vec::new());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let mut value = String::new();
                loop {
                    match chars.next().expect("unterminated string") {
                        '\'' => break,
                        '\\' => value.push(chars.next().expect("escape at the end")),
                        c => value.push(c),
                    }
                }
                shape.push('?');
                strings.push(value);
            }
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            ';' => {
                statements.push((shape.trim().to_string(), std::mem::take(&mut strings)));
                shape.clear();
            }
            c => shape.push(c),
        }
    }
    assert!(
        shape.trim().is_empty() && strings.is_empty(),
        "text after the last `;`"
    );
    let nodes = graph.nodes();
    let edges = graph.edges();
    let deals = graph.deal_records();
    let deal_statements: usize = deals.iter().map(|d| d.parties.len() + 2).sum();
    assert_eq!(
        statements.len(),
        nodes.len() + edges.len() + deal_statements,
        "Cypher statements"
    );
    let deal_part = statements.split_off(nodes.len() + edges.len());
    check_cypher_deals(&deals, &deal_part);
    // The property names set by every statement of a kind, which must all be the same.
    let mut node_props = BTreeSet::new();
    let mut edge_props = BTreeSet::new();
    for (i, (shape, strings)) in statements.iter().enumerate() {
        let (head, names) = match i.checked_sub(nodes.len()) {
            None => (
                "MERGE (n:Entity {name: ?}) SET ".to_string(),
                vec![nodes[i].name.as_str()],
            ),
            Some(k) => {
                let (s, t, e) = edges[k];
                let head = format!(
                    "MATCH (a:Entity {{name: ?}}) MATCH (b:Entity {{name: ?}}) \
                     MERGE (a)-[r:{} {{status: ?}}]->(b) SET ",
                    e.relation.as_str().to_ascii_uppercase()
                );
                (
                    head,
                    vec![s.name.as_str(), t.name.as_str(), e.status.as_str()],
                )
            }
        };
        let set = shape
            .strip_prefix(head.as_str())
            .unwrap_or_else(|| panic!("statement {i} has another shape: {shape}"));
        assert_eq!(&strings[..names.len()], names.as_slice(), "Cypher names");
        let var = if i < nodes.len() { "n." } else { "r." };
        let mut props = Vec::new();
        let mut blanks = 0;
        for assignment in set.split(", ") {
            let (lhs, rhs) = assignment
                .split_once(" = ")
                .unwrap_or_else(|| panic!("not an assignment: {assignment:?}"));
            let prop = lhs
                .strip_prefix(var)
                .expect("a property of the statement's variable");
            assert!(
                prop.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{lhs}"
            );
            match rhs {
                "?" => blanks += 1,
                "NULL" => {}
                number => assert!(number.parse::<f64>().is_ok(), "value {number:?}"),
            }
            props.push(prop.to_string());
        }
        assert_eq!(strings.len(), names.len() + blanks, "Cypher strings");
        if i < nodes.len() {
            &mut node_props
        } else {
            &mut edge_props
        }
        .insert(props);
    }
    assert!(
        node_props.len() <= 1 && edge_props.len() <= 1,
        "statements set different properties"
    );
}

/// The deal statements of `graph.cypher`: per deal a `MERGE` of the `Deal` node, one `PARTY`
/// link per party (keyed by its place) and the `TARGET` link, with the names and ids as
/// string literals and every property set.
fn check_cypher_deals(
    deals: &[dealgraph::deals::DealRecord],
    statements: &[(String, Vec<String>)],
) {
    let mut next = statements.iter();
    let assignments = |set: &str, var: &str, strings: usize| {
        let mut blanks = 0;
        let mut props = Vec::new();
        for assignment in set.split(", ") {
            let (lhs, rhs) = assignment.split_once(" = ").expect("an assignment");
            props.push(
                lhs.strip_prefix(var)
                    .expect("the statement's variable")
                    .to_string(),
            );
            match rhs {
                "?" => blanks += 1,
                "NULL" => {}
                number => assert!(number.parse::<f64>().is_ok(), "value {number:?}"),
            }
        }
        assert_eq!(blanks, strings, "Cypher strings");
        props
    };
    for d in deals {
        let (shape, strings) = next.next().expect("a deal statement");
        let set = shape
            .strip_prefix("MERGE (d:Deal {id: ?}) SET ")
            .unwrap_or_else(|| panic!("not a deal: {shape}"));
        assert_eq!(strings[0], d.id);
        let props = assignments(set, "d.", strings.len() - 1);
        assert_eq!(
            props,
            [
                "relation",
                "status",
                "round",
                "amount",
                "amount_value",
                "amount_currency",
                "stake",
                "date",
                "documents"
            ]
        );
        for (n, p) in d.parties.iter().enumerate() {
            let (shape, strings) = next.next().expect("a party statement");
            let head = format!(
                "MATCH (a:Entity {{name: ?}}) MATCH (d:Deal {{id: ?}}) MERGE (a)-[p:PARTY {{n: {n}}}]->(d) SET "
            );
            let set = shape
                .strip_prefix(head.as_str())
                .unwrap_or_else(|| panic!("not a party: {shape}"));
            assert_eq!(strings[..2], [p.name.clone(), d.id.clone()]);
            let props = assignments(set, "p.", strings.len() - 2);
            assert_eq!(
                props,
                [
                    "role",
                    "amount",
                    "amount_value",
                    "amount_currency",
                    "stake",
                    "date",
                    "evidence"
                ]
            );
        }
        let (shape, strings) = next.next().expect("a target statement");
        assert_eq!(
            shape,
            "MATCH (d:Deal {id: ?}) MATCH (b:Entity {name: ?}) MERGE (d)-[:TARGET]->(b)"
        );
        assert_eq!(strings, &[d.id.clone(), d.target.clone()]);
    }
    assert!(next.next().is_none());
}

/// (party, relation, target, status, doc, span): one sentence of a deal edge.
type DealSentence = (String, String, String, String, String, [usize; 2]);

/// `deals.jsonl`: one JSON object per line, the graph's deal records; every party is a
/// node with a deal edge of the deal's relation and status to the target, every sentence a
/// party gives is evidence of that edge, and every piece of evidence of a deal edge is given
/// by a party of a deal.
fn check_deals(graph: &KnowledgeGraph, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("deals.jsonl is UTF-8");
    let deals = graph.deal_records();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), deals.len(), "deals.jsonl lines");
    let mut ids = BTreeSet::new();
    let mut given: BTreeMap<DealSentence, usize> = BTreeMap::new();
    for (line, d) in lines.iter().zip(&deals) {
        assert_eq!(line, &serde_json::to_value(d).unwrap());
        assert!(ids.insert(d.id.clone()), "deal id {} twice", d.id);
        assert!(
            d.id.len() == 21
                && d.id.starts_with("deal-")
                && d.id[5..].bytes().all(|b| b.is_ascii_hexdigit()),
            "{}",
            d.id
        );
        assert!(!d.parties.is_empty());
        for p in &d.parties {
            for s in &p.evidence {
                let key = (
                    p.name.clone(),
                    d.relation.to_string(),
                    d.target.clone(),
                    d.status.to_string(),
                    s.doc.clone(),
                    s.span,
                );
                *given.entry(key).or_default() += 1;
            }
        }
    }
    let mut stated: BTreeSet<DealSentence> = BTreeSet::new();
    for (s, t, e) in graph.edges() {
        if !e.relation.is_deal() {
            continue;
        }
        for ev in &e.evidence {
            stated.insert((
                s.name.clone(),
                e.relation.to_string(),
                t.name.clone(),
                e.status.to_string(),
                ev.doc.clone(),
                ev.span,
            ));
        }
    }
    assert_eq!(
        given.keys().cloned().collect::<BTreeSet<_>>(),
        stated,
        "the deals' sentences are the deal edges' evidence"
    );
}

/// The deal CSVs of `kuzu/` and `neo4j/` parse back (RFC 4180) into the deal records: one row
/// per deal (`deals.csv`: id and properties), per party (`parties.csv`: party, deal id, place,
/// role, amount, stake, date) or per target link (`targets.csv`: deal id, target).
fn check_deal_csv(graph: &KnowledgeGraph, path: &str, bytes: &[u8]) {
    let deals = graph.deal_records();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(|h| h.split(':').next().unwrap_or_default().to_string())
        .collect();
    let rows: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|r| {
            let r = r.expect("RFC 4180");
            assert_eq!(r.len(), header.len(), "{path}: fields");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect();
    let text = |v: Option<String>| v.unwrap_or_default();
    let want: Vec<Vec<(&str, String)>> = if path.ends_with("deals.csv") {
        deals
            .iter()
            .map(|d| {
                vec![
                    ("id", d.id.clone()),
                    ("relation", d.relation.to_string()),
                    ("status", d.status.to_string()),
                    ("round", text(d.round.clone())),
                    ("amount", text(d.amount.as_ref().map(|a| a.text.clone()))),
                    ("stake", text(d.stake.clone())),
                    ("date", text(d.date.map(|x| x.to_string()))),
                    ("documents", serde_json::to_string(&d.documents).unwrap()),
                ]
            })
            .collect()
    } else if path.ends_with("parties.csv") {
        let (from, to) = if path.starts_with("kuzu/") {
            ("from", "to")
        } else {
            ("", "")
        };
        deals
            .iter()
            .flat_map(|d| {
                d.parties.iter().enumerate().map(move |(n, p)| {
                    vec![
                        (from, p.name.clone()),
                        (to, d.id.clone()),
                        ("n", n.to_string()),
                        ("role", text(p.role.map(|r| r.to_string()))),
                        ("amount", text(p.amount.as_ref().map(|a| a.text.clone()))),
                        ("stake", text(p.stake.clone())),
                        ("date", text(p.date.map(|x| x.to_string()))),
                        ("evidence", serde_json::to_string(&p.evidence).unwrap()),
                    ]
                })
            })
            .collect()
    } else {
        let (from, to) = if path.starts_with("kuzu/") {
            ("from", "to")
        } else {
            ("", "")
        };
        deals
            .iter()
            .map(|d| vec![(from, d.id.clone()), (to, d.target.clone())])
            .collect()
    };
    assert_eq!(rows.len(), want.len(), "{path}: rows");
    for (row, want) in rows.iter().zip(&want) {
        for (column, value) in want {
            if column.is_empty() {
                continue;
            }
            assert_eq!(&row[*column], value, "{path}: {column}");
        }
    }
    if path.starts_with("neo4j/") {
        // `:START_ID`, `:END_ID(Deal)` have no name before the colon: the first fields.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes);
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        for (r, want) in records[1..].iter().zip(&want) {
            let ids: Vec<&str> = want
                .iter()
                .filter(|(c, _)| c.is_empty() || *c == "id")
                .map(|(_, v)| v.as_str())
                .collect();
            assert_eq!(
                r.iter().take(ids.len()).collect::<Vec<_>>(),
                ids,
                "{path}: ids"
            );
        }
    }
}

/// `graph.json` reads back into the same graph, and writes the same bytes again.
fn check_json(graph: &KnowledgeGraph, bytes: &[u8]) {
    let wire: GraphWire = serde_json::from_slice(bytes).expect("graph.json parses");
    let back = KnowledgeGraph::from_wire(wire).expect("graph.json is a valid graph");
    let (got, want) = (back.to_wire(), graph.to_wire());
    assert_eq!(got.nodes.len(), want.nodes.len(), "graph.json nodes");
    for (g, w) in got.nodes.iter().zip(&want.nodes) {
        assert_eq!(g, w, "graph.json node");
    }
    assert_eq!(got.edges.len(), want.edges.len(), "graph.json edges");
    for (g, w) in got.edges.iter().zip(&want.edges) {
        assert_eq!(g, w, "graph.json edge");
    }
    assert_eq!(got, want, "graph.json round trip");
    assert!(back.to_json() == bytes, "graph.json is not byte-stable");
}

/// `graph.dot` parses, has exactly one node statement per drawn node and one edge statement
/// per edge, and every quoted string unescapes to the text it came from.
fn check_dot(graph: &KnowledgeGraph, bytes: &[u8]) {
    use graphviz_rust::dot_structures::{EdgeTy, Graph, Id, Stmt, Vertex};
    let text = std::str::from_utf8(bytes).expect("graph.dot is UTF-8");
    let parsed = graphviz_rust::parse(text).unwrap_or_else(|e| panic!("graph.dot: {e}"));
    let Graph::DiGraph { stmts, .. } = parsed else {
        panic!("graph.dot is not a digraph");
    };
    let edges = graph.edges();
    let drawn: BTreeSet<&str> = if edges.is_empty() {
        graph.nodes().iter().map(|n| n.name.as_str()).collect()
    } else {
        edges
            .iter()
            .flat_map(|(s, t, _)| [s.name.as_str(), t.name.as_str()])
            .collect()
    };
    // Node ids and attribute values are quoted; attribute keys are plain words.
    let id_text = |id: &Id| match id {
        Id::Escaped(s) => dot_unescape(s),
        other => panic!("unquoted id {other:?}"),
    };
    let key_text = |id: &Id| match id {
        Id::Plain(s) if s.bytes().all(|b| b.is_ascii_lowercase()) => s.clone(),
        other => panic!("attribute key {other:?}"),
    };
    let mut nodes = BTreeSet::new();
    let mut edge_count = 0;
    for stmt in &stmts {
        match stmt {
            Stmt::Node(n) => {
                let name = id_text(&n.id.0);
                assert!(drawn.contains(name.as_str()), "unknown node {name:?}");
                assert!(nodes.insert(name.clone()), "node {name:?} twice");
                for a in &n.attributes {
                    if key_text(&a.0) == "label" {
                        assert_eq!(id_text(&a.1), name, "label of {name:?}");
                    }
                }
            }
            Stmt::Edge(e) => {
                let EdgeTy::Pair(Vertex::N(s), Vertex::N(t)) = &e.ty else {
                    panic!("edge chain or subgraph in graph.dot");
                };
                for v in [&s.0, &t.0] {
                    let name = id_text(v);
                    assert!(drawn.contains(name.as_str()), "edge to unknown {name:?}");
                }
                for a in &e.attributes {
                    key_text(&a.0);
                    id_text(&a.1);
                }
                edge_count += 1;
            }
            Stmt::GAttribute(_) => {}
            other => panic!("unexpected statement {other:?}"),
        }
    }
    assert_eq!(nodes.len(), drawn.len(), "node statements");
    assert_eq!(edge_count, edges.len(), "edge statements");
}

/// `graph.html`: the only scripts are the page's three, the embedded JSON holds no `<`, `>`
/// or `&` (so no name can close its script) and parses back to every drawn node and edge.
fn check_html(graph: &KnowledgeGraph, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("graph.html is UTF-8");
    assert_eq!(
        text.matches("</script>").count(),
        3,
        "scripts of graph.html"
    );
    assert_eq!(text.matches("<script").count(), 3, "scripts of graph.html");
    let open = "<script type=\"application/json\" id=\"data\">";
    let start = text.find(open).expect("data script") + open.len();
    let end = start + text[start..].find("</script>").unwrap();
    let json = &text[start..end];
    assert!(
        !json.contains(['<', '>', '&']),
        "unescaped markup in the data"
    );
    let view: serde_json::Value = serde_json::from_str(json).expect("the data parses");
    let edges = graph.edges();
    let want: BTreeSet<&str> = if edges.is_empty() {
        graph.nodes().iter().map(|n| n.name.as_str()).collect()
    } else {
        edges
            .iter()
            .flat_map(|(s, t, _)| [s.name.as_str(), t.name.as_str()])
            .collect()
    };
    let got: BTreeSet<&str> = view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, want, "graph.html nodes");
    assert_eq!(view["edges"].as_array().unwrap().len(), edges.len());
}

/// The text of a DOT quoted string as dealgraph escapes it (`\\`, `\"`, `\n`, `\r`, and
/// `\u{..}` for other control characters).
fn dot_unescape(quoted: &str) -> String {
    let inner = quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or_else(|| panic!("not a quoted string: {quoted:?}"));
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            assert!(c != '"', "unescaped quote in {quoted:?}");
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let rest: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let hex = rest.strip_prefix('{').expect("\\u{..}");
                let code = u32::from_str_radix(hex, 16).expect("hex");
                out.push(char::from_u32(code).expect("a char"));
            }
            other => panic!("unknown escape \\{other:?} in {quoted:?}"),
        }
    }
    out
}

/// `relations.jsonl`: one JSON object per line; the given lines back unchanged, or one line
/// per piece of deal evidence of the graph.
fn check_relations(graph: &KnowledgeGraph, relations: Option<&[RelationLine]>, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("relations.jsonl is UTF-8");
    let lines: Vec<RelationLine> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(text.is_empty() || text.ends_with('\n'));
    match relations {
        Some(r) => assert_eq!(lines, r, "relations.jsonl round trip"),
        None => {
            let want: usize = graph
                .edges()
                .iter()
                .filter(|(_, _, e)| e.relation != RelationKind::CoMention)
                .map(|(_, _, e)| e.evidence.len())
                .sum();
            assert_eq!(lines.len(), want, "relations.jsonl lines");
            for l in &lines {
                assert!(graph.node(&l.source).is_some() && graph.node(&l.target).is_some());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// The bundled pipeline, built once.
fn bundled() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::bundled().expect("bundled data loads"))
}

/// Writes `bytes` to a fresh file with extension `ext` in this process's scratch folder.
fn scratch_file(ext: &str, bytes: &[u8]) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let dir = DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("dealgraph-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir
    });
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(format!("in{n}.{ext}"));
    std::fs::write(&path, bytes).expect("scratch file");
    path
}

/// Structured values read from fuzz bytes; reads past the end give zeros.
pub struct Bytes<'a>(pub &'a [u8]);

/// Pieces that strings are built from: everything that has broken out of a string in some
/// format, plus CJK names and Unicode oddities.
const PIECES: &[&str] = &[
    "\"",
    "\\",
    "\n",
    "\r",
    "\t",
    "\0",
    "'",
    "`",
    ",",
    ";",
    ":",
    "|",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "&",
    "<script>alert(1)</script>",
    "</",
    "]]>",
    "<![CDATA[",
    "&amp;",
    "//",
    "/*",
    "*/",
    "--",
    "->",
    "#",
    "$x",
    "${x}",
    "%s",
    "\\n",
    "\\\"",
    "\\u0000",
    "\u{7f}",
    "\u{1b}[31m",
    "\u{85}",
    "\u{2028}",
    "\u{FEFF}",
    "\u{200B}",
    "e\u{301}",
    "😀",
    "ＡＢＣ",
    "腾讯",
    "京东",
    "投资",
    "。",
    " ",
    "a",
    "A",
    "0",
    "-1",
    "1e400",
    "\"}) DETACH DELETE n //",
    "=cmd|' /C calc'!A0",
    "+1",
    "@SUM(1)",
];

impl Bytes<'_> {
    /// The next byte.
    pub fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    /// A number in `0..n` (`n` ≤ 256).
    pub fn below(&mut self, n: usize) -> usize {
        usize::from(self.u8()) % n.max(1)
    }

    /// A `u64` from 8 bytes.
    pub fn u64(&mut self) -> u64 {
        (0..8).fold(0, |acc, _| acc << 8 | u64::from(self.u8()))
    }

    /// One of `items`.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `Some(make(self))` or `None`.
    pub fn option<T>(&mut self, make: impl FnOnce(&mut Self) -> T) -> Option<T> {
        (self.u8() & 1 == 1).then(|| make(self))
    }

    /// A string of up to 7 pieces: hostile fragments or arbitrary characters.
    pub fn string(&mut self) -> String {
        let mut s = String::new();
        for _ in 0..self.below(8) {
            let b = self.u8();
            if usize::from(b) < 2 * PIECES.len() {
                s.push_str(PIECES[usize::from(b) % PIECES.len()]);
            } else {
                let code = u32::from(self.u8()) << 16 | u32::from(self.u8()) << 8 | u32::from(b);
                s.push(char::from_u32(code % 0x11_0000).unwrap_or('\u{FFFD}'));
            }
        }
        s
    }

    /// A date as the parsers make them (any year Display can write).
    pub fn date(&mut self) -> PartialDate {
        let year = i32::from(self.u8()) * 40 - 200;
        let month = 1 + self.below(12) as u32;
        match self.below(3) {
            0 => PartialDate::year(year),
            1 => PartialDate::month(year, month).expect("valid month"),
            _ => PartialDate::day(year, month, 1 + self.below(28) as u32).expect("valid day"),
        }
    }

    /// An amount with a finite value.
    pub fn amount(&mut self) -> Amount {
        Amount {
            text: self.string(),
            value: self
                .option(|b| f64::from_bits(b.u64()))
                .filter(|v| v.is_finite()),
            currency: self.option(Self::string),
        }
    }

    /// A piece of evidence.
    pub fn evidence(&mut self) -> Evidence {
        Evidence {
            doc: self.string(),
            sentence: self.string(),
            span: [self.below(256), self.below(256)],
            rule: self.string(),
            source_surface: self.string(),
            target_surface: self.string(),
            attrs: dealgraph::model::Attributes {
                role: self.option(|b| b.pick(Role::ALL)),
                amount: self.option(Self::amount),
                round: self.option(Self::string),
                stake: self.option(Self::string),
                date: self.option(Self::date),
            },
        }
    }
}

/// A valid graph wire form: distinct node names, at most one edge per (source, target,
/// relation, status).
pub fn arbitrary_graph(b: &mut Bytes) -> GraphWire {
    let mut names = BTreeSet::new();
    for _ in 0..b.below(8) {
        names.insert(b.string());
    }
    let names: Vec<String> = names.into_iter().collect();
    let nodes: Vec<Node> = names
        .iter()
        .map(|name| Node {
            name: name.clone(),
            kind: b.pick(&EntityKind::ALL),
            aliases: (0..b.below(3)).map(|_| b.string()).collect(),
            parent: b.option(Bytes::string),
            mentions: b.u64(),
            documents: b.u64(),
        })
        .collect();
    let mut edges = Vec::new();
    let mut keys = BTreeSet::new();
    if !names.is_empty() {
        for _ in 0..b.below(12) {
            let (s, t) = (b.below(names.len()), b.below(names.len()));
            let (relation, status) = (b.pick(RelationKind::ALL), b.pick(Status::ALL));
            if !keys.insert((s, t, relation, status)) {
                continue;
            }
            edges.push(EdgeWire {
                source: names[s].clone(),
                target: names[t].clone(),
                key: format!("{relation}:{status}"),
                edge: Edge {
                    relation,
                    status,
                    weight: u64::from(b.u8()),
                    documents: u64::from(b.u8()),
                    attrs: dealgraph::model::Attributes {
                        role: b.option(|b| b.pick(Role::ALL)),
                        amount: b.option(Bytes::amount),
                        round: b.option(Bytes::string),
                        stake: b.option(Bytes::string),
                        date: b.option(Bytes::date),
                    },
                    evidence: (0..b.below(3)).map(|_| b.evidence()).collect(),
                },
            });
        }
    }
    GraphWire {
        directed: true,
        multigraph: true,
        graph: GraphMeta {
            generator: b.string(),
            documents: b.u64(),
        },
        nodes,
        edges,
    }
}
