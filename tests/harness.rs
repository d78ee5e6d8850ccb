//! Fuzz harnesses: each takes arbitrary bytes, runs one stage of dealgraph on them and panics
//! when an invariant breaks. The `fuzz/` crate runs them under libFuzzer (it includes this file
//! with `#[path]`); `tests/fuzz_regressions.rs` runs every saved input of
//! `tests/fixtures/fuzz/<target>/` through them, so a crash found once stays fixed.
//!
//! Only the main crate's dependencies are used here, so that the regression tests need nothing
//! the fuzz crate has.
#![allow(dead_code)]

use clap::ValueEnum;
use dealgraph::date::PartialDate;
use dealgraph::dictionary::{DictionaryBuilder, EntityKind};
use dealgraph::document::{parse_document, parse_jsonl_line, Document, Format as DocFormat};
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
pub const TARGETS: [(&str, Harness); 4] = [
    ("document", document),
    ("extract", extract),
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
    check_exports(&out.graph, Some(&out.relations));
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
    for (i, e) in dict.entities().iter().enumerate() {
        assert!(!e.name.trim().is_empty(), "{e:?}");
        assert_eq!(e.name, normalize(&e.name), "name not normalised");
        assert_eq!(dict.by_name(&e.name).map(|id| id.index()), Some(i));
        for a in &e.aliases {
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
    let lines: Vec<RelationLine> = (0..bytes.below(4))
        .map(|_| arbitrary_relation_line(&mut bytes, &graph))
        .collect();
    check_exports(&graph, Some(&lines));
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
        assert!(dict.by_name(&r.source).is_some(), "source {:?}", r.source);
        assert!(dict.by_name(&r.target).is_some(), "target {:?}", r.target);
        if let Some(v) = r.amount.as_ref().and_then(|a| a.value) {
            assert!(v.is_finite(), "amount {:?} has value {v}", r.amount);
        }
    }
}

/// Renders every format except the Graphviz images and parses each back.
pub fn check_exports(graph: &KnowledgeGraph, relations: Option<&[RelationLine]>) {
    let options = ExportOptions {
        min_weight: 0,
        all_statuses: true,
    };
    for &format in Format::value_variants() {
        if matches!(format.as_str(), "svg" | "png") {
            continue;
        }
        let bytes = export::render(graph, relations, format, &options)
            .unwrap_or_else(|e| panic!("{}: {e}", format.as_str()));
        let file = format.file_name();
        match Path::new(file).extension().and_then(|e| e.to_str()) {
            Some("json") => check_json(graph, &bytes),
            Some("dot") => check_dot(graph, &bytes),
            Some("jsonl") => check_relations(graph, relations, &bytes),
            Some("csv") => check_csv(&bytes),
            _ => assert!(std::str::from_utf8(&bytes).is_ok(), "{file} is not UTF-8"),
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

/// A CSV export parses with the csv crate, every record as wide as the header.
fn check_csv(bytes: &[u8]) {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let width = reader.headers().expect("CSV header").len();
    for record in reader.records() {
        let record = record.expect("CSV record parses");
        assert_eq!(record.len(), width, "CSV record width");
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
            role: self.option(|b| b.pick(Role::ALL)),
            amount: self.option(Self::amount),
            round: self.option(Self::string),
            stake: self.option(Self::string),
            date: self.option(Self::date),
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
                    role: b.option(|b| b.pick(Role::ALL)),
                    amount: b.option(Bytes::amount),
                    round: b.option(Bytes::string),
                    stake: b.option(Bytes::string),
                    date: b.option(Bytes::date),
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

/// A relation line between two nodes of `graph` (or arbitrary names when it has none).
fn arbitrary_relation_line(b: &mut Bytes, graph: &KnowledgeGraph) -> RelationLine {
    let nodes = graph.nodes();
    let name = |b: &mut Bytes| match nodes.len() {
        0 => b.string(),
        n => nodes[b.below(n)].name.clone(),
    };
    RelationLine {
        doc: b.string(),
        sentence: b.string(),
        source: name(b),
        relation: b.pick(RelationKind::ALL),
        target: name(b),
        status: b.pick(Status::ALL),
        role: b.option(|b| b.pick(Role::ALL)),
        amount: b.option(Bytes::string),
        round: b.option(Bytes::string),
        stake: b.option(Bytes::string),
        date: b.option(Bytes::date),
        source_surface: b.string(),
        target_surface: b.string(),
        rule: b.option(Bytes::string),
        span: b.option(|b| [b.below(256), b.below(256)]),
    }
}
