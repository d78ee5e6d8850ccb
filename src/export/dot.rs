//! `graph.dot`: the graph as Graphviz DOT, written as `graphviz-rust`'s printer writes its
//! syntax tree (the tests build the tree and compare).
//! Node shape and colour follow the entity type, edge colour and style the relation; every
//! name is escaped so that quotes, backslashes, newlines and `<`/`>` stay inside their string.

use super::{ExportOptions, Format};
use crate::dictionary::EntityKind;
use crate::error::{Error, Result};
use crate::graph::{Edge, KnowledgeGraph, Node};
use crate::relation::{RelationKind, Status};

/// Escapes `s` for a DOT double-quoted string and returns it quoted: `\` → `\\`, `"` → `\"`,
/// line feed → `\n` and carriage return → `\r` (line breaks in labels), tab kept, other
/// control characters (NUL, ESC, …) → `\u{hex}`.
///
/// The escaping is one-to-one, so two different names never become the same DOT node.
pub fn dot_escape(s: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push('\t'),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn node_style(kind: EntityKind) -> (&'static str, &'static str) {
    match kind {
        EntityKind::Company => ("box", "#cfe2f3"),
        EntityKind::Fund => ("hexagon", "#ffe599"),
        EntityKind::Person => ("ellipse", "#f4cccc"),
        EntityKind::Product => ("note", "#d9ead3"),
        #[allow(unreachable_patterns)]
        _ => ("box", "#eeeeee"),
    }
}

fn edge_style(relation: RelationKind) -> (&'static str, &'static str) {
    match relation {
        RelationKind::Invest => ("#1f4e9c", "solid"),
        RelationKind::Acquire => ("#b00020", "bold"),
        RelationKind::HoldsStake => ("#6a3d9a", "solid"),
        RelationKind::Controls => ("#8b0000", "bold"),
        RelationKind::Owns => ("#555555", "solid"),
        RelationKind::Partner => ("#2e7d32", "solid"),
        RelationKind::Compete => ("#e65100", "dotted"),
        RelationKind::CoMention => ("#c8c8c8", "solid"),
        #[allow(unreachable_patterns)]
        _ => ("#000000", "solid"),
    }
}

/// The edge label: relation, role, amount, round, stake, and the status when not asserted.
fn edge_label(e: &Edge) -> String {
    if e.relation == RelationKind::CoMention {
        return String::new();
    }
    let mut parts: Vec<String> = vec![e.relation.to_string()];
    if let Some(r) = e.role {
        parts.push(r.to_string());
    }
    if let Some(a) = &e.amount {
        parts.push(a.text.clone());
    }
    if let Some(r) = &e.round {
        parts.push(r.clone());
    }
    if let Some(s) = &e.stake {
        parts.push(s.clone());
    }
    if e.status != Status::Asserted {
        parts.push(format!("({})", e.status));
    }
    parts.join(" ")
}

/// The nodes and edges to draw: edges that [`ExportOptions::draws`], and the nodes that
/// have one of them (every node when no edge is drawn).
fn drawn<'g>(
    graph: &'g KnowledgeGraph,
    options: &ExportOptions,
) -> (Vec<&'g Node>, Vec<(&'g Node, &'g Node, &'g Edge)>) {
    let edges: Vec<_> = graph
        .edges()
        .into_iter()
        .filter(|(_, _, e)| options.draws(e))
        .collect();
    let mut used: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for (s, t, _) in &edges {
        used.insert(&s.name);
        used.insert(&t.name);
    }
    let nodes = graph
        .nodes()
        .into_iter()
        .filter(|n| used.is_empty() || used.contains(n.name.as_str()))
        .collect();
    (nodes, edges)
}

/// The attributes of a node, as (key, value) pairs in output order.
fn node_attributes(n: &Node) -> [(&'static str, String); 4] {
    let (shape, fill) = node_style(n.kind);
    [
        ("label", n.name.clone()),
        ("shape", shape.to_string()),
        ("fillcolor", fill.to_string()),
        (
            "tooltip",
            format!(
                "{} · {} mentions in {} documents",
                n.kind, n.mentions, n.documents
            ),
        ),
    ]
}

/// The attributes of an edge, as (key, value) pairs in output order.
fn edge_attributes(e: &Edge) -> Vec<(&'static str, String)> {
    let (color, style) = edge_style(e.relation);
    let style = if e.status == Status::Asserted {
        style
    } else {
        "dashed"
    };
    let mut attributes = vec![
        ("relation", e.relation.as_str().to_string()),
        ("status", e.status.as_str().to_string()),
        ("weight", e.weight.to_string()),
        ("color", color.to_string()),
        ("style", style.to_string()),
    ];
    let label = edge_label(e);
    if !label.is_empty() {
        attributes.push(("label", label));
        attributes.push(("fontcolor", color.to_string()));
    }
    if e.relation.is_undirected() {
        attributes.push(("dir", "none".to_string()));
    }
    if e.relation == RelationKind::CoMention {
        attributes.push((
            "penwidth",
            format!("{:.1}", 0.5 + (e.weight as f64).ln_1p() * 0.5),
        ));
        attributes.push(("constraint", "false".to_string()));
    } else {
        attributes.push(("penwidth", format!("{:.1}", 1.2 + (e.weight as f64).ln())));
    }
    attributes
}

/// The graph-wide attribute statements: (`graph`/`node`/`edge`, attributes).
const DEFAULTS: [(&str, &[(&str, &str)]); 3] = [
    (
        "graph",
        &[
            ("rankdir", "LR"),
            ("overlap", "false"),
            ("fontname", "Noto Sans CJK SC, sans-serif"),
        ],
    ),
    (
        "node",
        &[
            ("style", "filled"),
            ("fontname", "Noto Sans CJK SC, sans-serif"),
        ],
    ),
    (
        "edge",
        &[
            ("fontname", "Noto Sans CJK SC, sans-serif"),
            ("fontsize", "10"),
        ],
    ),
];

/// Appends `[key="value" …]` to `out`, every value escaped with [`dot_escape`].
fn push_attributes<'a>(out: &mut String, attributes: impl IntoIterator<Item = (&'a str, &'a str)>) {
    out.push('[');
    for (i, (key, value)) in attributes.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(&dot_escape(value));
    }
    out.push(']');
}

/// Above this many drawn edges the DOT is written straight into a string instead of through
/// `graphviz-rust`'s syntax tree, which takes several times the memory and time of the text
/// (graphs that large are for tools, not for Graphviz layouts).
const AST_EDGE_LIMIT: usize = 50_000;

/// The DOT text of the graph (deterministic: nodes by name, edges by source, target, relation).
///
/// Built as a `graphviz-rust` syntax tree and printed by it; beyond [`AST_EDGE_LIMIT`] edges,
/// written directly, byte for byte what the printer makes of the same statements (a test
/// holds the two together).
pub fn to_dot(graph: &KnowledgeGraph, options: &ExportOptions) -> String {
    if graph.petgraph().edge_count() <= AST_EDGE_LIMIT {
        to_dot_through_ast(graph, options)
    } else {
        to_dot_direct(graph, options)
    }
}

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt,
    Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

/// The DOT of the graph built as a `graphviz-rust` syntax tree and printed by it.
fn to_dot_through_ast(graph: &KnowledgeGraph, options: &ExportOptions) -> String {
    let attrs = |pairs: &[(&str, &str)]| -> Vec<Attribute> {
        pairs
            .iter()
            .map(|(k, v)| Attribute(Id::Plain(k.to_string()), Id::Escaped(dot_escape(v))))
            .collect()
    };
    let owned = |pairs: &[(&'static str, String)]| -> Vec<Attribute> {
        let v: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        attrs(&v)
    };
    let (nodes, edges) = drawn(graph, options);
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(attrs(DEFAULTS[0].1))),
        Stmt::GAttribute(GraphAttributes::Node(attrs(DEFAULTS[1].1))),
        Stmt::GAttribute(GraphAttributes::Edge(attrs(DEFAULTS[2].1))),
    ];
    for n in nodes {
        stmts.push(Stmt::Node(DotNode::new(
            NodeId(Id::Escaped(dot_escape(&n.name)), None),
            owned(&node_attributes(n)),
        )));
    }
    for (s, t, e) in edges {
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(Id::Escaped(dot_escape(&s.name)), None)),
                Vertex::N(NodeId(Id::Escaped(dot_escape(&t.name)), None)),
            ),
            attributes: owned(&edge_attributes(e)),
        }));
    }
    let g = Graph::DiGraph {
        id: Id::Plain("dealgraph".to_string()),
        strict: false,
        stmts,
    };
    let mut out = g.print(&mut PrinterContext::default());
    out.push('\n');
    out
}

/// The DOT text written straight into a string (what [`to_dot_through_ast`] prints).
fn to_dot_direct(graph: &KnowledgeGraph, options: &ExportOptions) -> String {
    let (nodes, edges) = drawn(graph, options);
    let mut out = String::with_capacity(256 + nodes.len() * 160 + edges.len() * 200);
    out.push_str("digraph dealgraph {");
    for (kind, attributes) in DEFAULTS {
        out.push_str("\n  ");
        out.push_str(kind);
        push_attributes(&mut out, attributes.iter().copied());
    }
    for n in nodes {
        out.push_str("\n  ");
        out.push_str(&dot_escape(&n.name));
        let attributes = node_attributes(n);
        push_attributes(&mut out, attributes.iter().map(|(k, v)| (*k, v.as_str())));
    }
    for (s, t, e) in edges {
        out.push_str("\n  ");
        out.push_str(&dot_escape(&s.name));
        out.push_str(" -> ");
        out.push_str(&dot_escape(&t.name));
        out.push(' ');
        let attributes = edge_attributes(e);
        push_attributes(&mut out, attributes.iter().map(|(k, v)| (*k, v.as_str())));
    }
    out.push_str("\n}\n");
    out
}

/// Renders DOT text with Graphviz `dot` into SVG or PNG bytes.
pub(crate) fn render_image(dot: &str, format: Format) -> Result<Vec<u8>> {
    let flag = match format {
        Format::Png => "-Tpng",
        _ => "-Tsvg",
    };
    let mut child = match std::process::Command::new("dot")
        .arg(flag)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Tool(format!(
                "rendering {} needs Graphviz's `dot`, which is not installed: \
                 install it with `sudo apt-get install graphviz` (Debian/Ubuntu), \
                 `brew install graphviz` (macOS) or from https://graphviz.org/download/; \
                 nothing was written (render graph.dot later with `dot -Tsvg`)",
                format.as_str()
            )))
        }
        Err(e) => return Err(Error::Tool(format!("cannot run Graphviz `dot`: {e}"))),
    };
    use std::io::Write;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let dot_bytes = dot.as_bytes().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&dot_bytes));
    let output = child
        .wait_with_output()
        .map_err(|e| Error::Tool(format!("Graphviz `dot` failed: {e}")))?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(Error::Tool(format!(
            "Graphviz `dot {flag}` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn direct_dot_is_what_the_ast_printer_writes() {
        use crate::graph::DocumentFacts;
        let dict = crate::dictionary::Dictionary::bundled().unwrap();
        let mut g = KnowledgeGraph::new();
        let hostile = [
            "a\"b",
            "x\\",
            "line\nbreak",
            "<b>",
            "}; digraph x {",
            "腾讯",
            "京东",
        ];
        for (i, a) in hostile.iter().enumerate() {
            for b in &hostile[i + 1..] {
                g.add_document(
                    &dict,
                    DocumentFacts {
                        doc: format!("d{i}"),
                        mentions: vec![(a.to_string(), 1), (b.to_string(), 2)],
                        comentions: vec![((a.to_string(), b.to_string()), vec![])],
                        relations: vec![],
                    },
                );
            }
        }
        for options in [
            ExportOptions::default(),
            ExportOptions {
                min_weight: 2,
                all_statuses: true,
            },
        ] {
            assert_eq!(
                to_dot_direct(&g, &options),
                to_dot_through_ast(&g, &options)
            );
        }
        let empty = KnowledgeGraph::new();
        assert_eq!(
            to_dot_direct(&empty, &ExportOptions::default()),
            to_dot_through_ast(&empty, &ExportOptions::default())
        );
    }

    #[test]
    fn escaping_keeps_every_name_inside_its_string() {
        let cases = [
            ("腾讯", "\"腾讯\""),
            ("a\"b", "\"a\\\"b\""),
            ("back\\slash\\", "\"back\\\\slash\\\\\""),
            ("two\nlines", "\"two\\nlines\""),
            ("<script>alert(1)</script>", "\"<script>alert(1)</script>\""),
            ("nul\0byte", "\"nul\\u{0}byte\""),
            ("tab\tcr\r\u{1b}[31m", "\"tab\tcr\\r\\u{1b}[31m\""),
            ("nul\\u{0}", "\"nul\\\\u{0}\""),
        ];
        for (input, want) in cases {
            assert_eq!(dot_escape(input), want, "{input:?}");
        }
    }

    #[test]
    fn hostile_names_parse_back() {
        for name in [
            "a\"b",
            "x\\",
            "line\nbreak",
            "<b>",
            "}; digraph x {",
            "a,b;c",
        ] {
            let dot = format!(
                "digraph g {{ {} -> {} [label={}] }}",
                dot_escape(name),
                dot_escape("y"),
                dot_escape(name)
            );
            graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("{name:?}: {e}"));
        }
    }
}
