//! `graph.dot`: the graph as Graphviz DOT, built as a `graphviz-rust` AST and printed by it.
//! Node shape and colour follow the entity type, edge colour and style the relation; every
//! name is escaped so that quotes, backslashes, newlines and `<`/`>` stay inside their string.

use super::{ExportOptions, Format};
use crate::dictionary::EntityKind;
use crate::error::{Error, Result};
use crate::graph::{Edge, KnowledgeGraph};
use crate::relation::{RelationKind, Status};
use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt,
    Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

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

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_string()), Id::Escaped(dot_escape(value)))
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

/// The DOT text of the graph (deterministic: nodes by name, edges by source, target, relation).
pub fn to_dot(graph: &KnowledgeGraph, options: &ExportOptions) -> String {
    let edges: Vec<_> = graph
        .edges()
        .into_iter()
        .filter(|(_, _, e)| options.draws(e))
        .collect();
    // Draw only nodes that have a drawn edge, unless the graph has no edges at all.
    let mut used: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for (s, t, _) in &edges {
        used.insert(&s.name);
        used.insert(&t.name);
    }
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("rankdir", "LR"),
            attr("overlap", "false"),
            attr("fontname", "Noto Sans CJK SC, sans-serif"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", "filled"),
            attr("fontname", "Noto Sans CJK SC, sans-serif"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", "Noto Sans CJK SC, sans-serif"),
            attr("fontsize", "10"),
        ])),
    ];
    for n in graph.nodes() {
        if !used.is_empty() && !used.contains(n.name.as_str()) {
            continue;
        }
        let (shape, fill) = node_style(n.kind);
        stmts.push(Stmt::Node(DotNode::new(
            NodeId(Id::Escaped(dot_escape(&n.name)), None),
            vec![
                attr("label", &n.name),
                attr("shape", shape),
                attr("fillcolor", fill),
                attr(
                    "tooltip",
                    &format!(
                        "{} · {} mentions in {} documents",
                        n.kind, n.mentions, n.documents
                    ),
                ),
            ],
        )));
    }
    for (s, t, e) in edges {
        let (color, style) = edge_style(e.relation);
        let style = if e.status == Status::Asserted {
            style
        } else {
            "dashed"
        };
        let mut attributes = vec![
            attr("relation", e.relation.as_str()),
            attr("status", e.status.as_str()),
            attr("weight", &e.weight.to_string()),
            attr("color", color),
            attr("style", style),
        ];
        let label = edge_label(e);
        if !label.is_empty() {
            attributes.push(attr("label", &label));
            attributes.push(attr("fontcolor", color));
        }
        if e.relation.is_undirected() {
            attributes.push(attr("dir", "none"));
        }
        if e.relation == RelationKind::CoMention {
            attributes.push(attr(
                "penwidth",
                &format!("{:.1}", 0.5 + (e.weight as f64).ln_1p() * 0.5),
            ));
            attributes.push(attr("constraint", "false"));
        } else {
            attributes.push(attr(
                "penwidth",
                &format!("{:.1}", 1.2 + (e.weight as f64).ln()),
            ));
        }
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(Id::Escaped(dot_escape(&s.name)), None)),
                Vertex::N(NodeId(Id::Escaped(dot_escape(&t.name)), None)),
            ),
            attributes,
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
                 graph.dot was still written",
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
