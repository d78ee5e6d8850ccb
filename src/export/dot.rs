//! `graph.dot`: the graph as Graphviz DOT, written as `graphviz-rust`'s printer writes its
//! syntax tree (the tests build the tree and compare).
//! Node shape and colour follow the entity type, edge colour and style the relation; every
//! name is escaped so that quotes, backslashes, newlines and `<`/`>` stay inside their string.

use super::drawing::{select, Selection};
use super::{ExportOptions, Format};
use crate::dictionary::EntityKind;
use crate::error::{Error, Result};
use crate::graph::{Edge, KnowledgeGraph, Node};
use crate::relation::{RelationKind, Status};
use std::collections::BTreeSet;

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
    if let Some(r) = e.attrs.role {
        parts.push(r.to_string());
    }
    if let Some(a) = &e.attrs.amount {
        parts.push(a.text.clone());
    }
    if let Some(r) = &e.attrs.round {
        parts.push(r.clone());
    }
    if let Some(s) = &e.attrs.stake {
        parts.push(s.clone());
    }
    if e.status != Status::Asserted {
        parts.push(format!("({})", e.status));
    }
    parts.join(" ")
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

/// How many evidence sentences an edge's tooltip quotes.
const TOOLTIP_SENTENCES: usize = 3;

/// An edge's tooltip: source, relation and target, then its first sentences with their
/// documents (SVG viewers show it on hover).
fn edge_tooltip(s: &Node, t: &Node, e: &Edge) -> String {
    let mut out = format!("{} → {}: {}", s.name, t.name, e.relation);
    if e.status != Status::Asserted {
        out.push_str(&format!(" ({})", e.status));
    }
    out.push_str(&format!(", {} sentences", e.weight));
    for ev in e.evidence.iter().take(TOOLTIP_SENTENCES) {
        out.push_str(&format!("\n[{}] {}", ev.doc, ev.sentence));
    }
    if e.evidence.len() > TOOLTIP_SENTENCES {
        out.push_str(&format!(
            "\n… {} more",
            e.evidence.len() - TOOLTIP_SENTENCES
        ));
    }
    out
}

/// The attributes of an edge, as (key, value) pairs in output order; `labels: false` leaves
/// the text label out (large drawings).
fn edge_attributes(s: &Node, t: &Node, e: &Edge, labels: bool) -> Vec<(&'static str, String)> {
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
    let label = if labels { edge_label(e) } else { String::new() };
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
    attributes.push(("tooltip", edge_tooltip(s, t, e)));
    attributes
}

/// The node and edge attribute statements every drawing starts with.
const DEFAULTS: [(&str, &[(&str, &str)]); 2] = [
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

/// Up to this many entities a drawing is laid out by `dot` (left to right, with edge
/// labels); beyond, by `sfdp` with overlap removal and no edge labels, which lays out
/// thousands of entities in seconds where `dot` takes minutes.
pub const DOT_ENGINE_LIMIT: usize = 120;

/// The largest picture, in inches (`size`): Graphviz scales a larger drawing down to fit,
/// so that no renderer clips it (bitmaps stop at 32,767 pixels).
const MAX_SIZE: &str = "40,40";

/// Escapes text for a Graphviz HTML-like label.
fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<BR/>"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The legend and caption of a drawing, as a Graphviz HTML-like label (with its `<` `>`):
/// one row of entity kinds (fill colour and shape), one of relations (line colour and
/// style), and the caption saying what was drawn and what was left out.
fn legend(sel: &Selection) -> String {
    let kinds: BTreeSet<EntityKind> = sel.nodes.iter().map(|n| n.kind).collect();
    let relations: BTreeSet<RelationKind> = sel.edges.iter().map(|(_, _, e)| e.relation).collect();
    let mut out = String::from(
        "<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"3\" CELLPADDING=\"3\"><TR>",
    );
    for kind in &kinds {
        let (shape, fill) = node_style(*kind);
        out.push_str(&format!("<TD BGCOLOR=\"{fill}\">{kind} ({shape})</TD>"));
    }
    out.push_str("</TR><TR>");
    for r in &relations {
        let (color, style) = edge_style(*r);
        let line = match style {
            "dotted" => "· · · ·",
            "bold" => "━━━",
            _ => "───",
        };
        out.push_str(&format!(
            "<TD BORDER=\"0\"><FONT COLOR=\"{color}\">{line}</FONT> {r}</TD>"
        ));
    }
    if sel
        .edges
        .iter()
        .any(|(_, _, e)| e.status != Status::Asserted)
    {
        out.push_str("<TD BORDER=\"0\">- - - not asserted</TD>");
    }
    let columns = kinds.len().max(relations.len() + 1).max(1);
    out.push_str(&format!(
        "</TR><TR><TD BORDER=\"0\" COLSPAN=\"{columns}\" ALIGN=\"LEFT\">{}</TD></TR></TABLE>>",
        html_escape(&sel.caption())
    ));
    out
}

/// The graph attributes of a drawing, by its size: `dot` left to right for small ones (no
/// `newrank`: with `pack` it crashes Graphviz 2.43),
/// `sfdp` with overlap removal for large ones; components packed; never larger than
/// [`MAX_SIZE`]. The last one is the legend (an HTML-like label, unescaped).
fn graph_attributes(sel: &Selection) -> Vec<(&'static str, String)> {
    let mut a: Vec<(&'static str, String)> = if sel.nodes.len() <= DOT_ENGINE_LIMIT {
        vec![
            ("layout", "dot".into()),
            ("rankdir", "LR".into()),
            ("pack", "true".into()),
            ("packmode", "array_u".into()),
        ]
    } else {
        vec![
            ("layout", "sfdp".into()),
            ("overlap", "prism".into()),
            ("outputorder", "edgesfirst".into()),
            ("pack", "true".into()),
        ]
    };
    a.extend([
        ("size", MAX_SIZE.into()),
        ("fontname", "Noto Sans CJK SC, sans-serif".into()),
        ("labelloc", "t".into()),
        ("labeljust", "l".into()),
        ("label", legend(sel)),
    ]);
    a
}

/// Appends `[key="value" …]` to `out`, every value escaped with [`dot_escape`] (but an
/// HTML-like `label`, which is written as it is).
fn push_attributes<'a>(out: &mut String, attributes: impl IntoIterator<Item = (&'a str, &'a str)>) {
    out.push('[');
    for (i, (key, value)) in attributes.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(key);
        out.push('=');
        if is_html(key, value) {
            out.push_str(value);
        } else {
            out.push_str(&dot_escape(value));
        }
    }
    out.push(']');
}

/// Whether an attribute value is an HTML-like label (only the legend is).
fn is_html(key: &str, value: &str) -> bool {
    key == "label" && value.starts_with("<<TABLE")
}

/// Above this many drawn edges the DOT is written straight into a string instead of through
/// `graphviz-rust`'s syntax tree, which takes several times the memory and time of the text
/// (graphs that large are for tools, not for Graphviz layouts).
const AST_EDGE_LIMIT: usize = 50_000;

/// The DOT text of the drawing that `options` selects (see [`super::Drawing`]):
/// deterministic, nodes by name, edges by source, target, relation; with a legend and a
/// caption saying what was left out. Fails only on an unknown `--around` name.
///
/// Built as a `graphviz-rust` syntax tree and printed by it; beyond [`AST_EDGE_LIMIT`] edges,
/// written directly, byte for byte what the printer makes of the same statements (a test
/// holds the two together).
pub fn to_dot(graph: &KnowledgeGraph, options: &ExportOptions) -> Result<String> {
    let sel = select(graph, options)?;
    Ok(dot_of(&sel))
}

/// The DOT text of a selection.
pub(crate) fn dot_of(sel: &Selection) -> String {
    if sel.edges.len() <= AST_EDGE_LIMIT {
        to_dot_through_ast(sel)
    } else {
        to_dot_direct(sel)
    }
}

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt,
    Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

/// The DOT of the graph built as a `graphviz-rust` syntax tree and printed by it.
fn to_dot_through_ast(sel: &Selection) -> String {
    let attrs = |pairs: &[(&str, &str)]| -> Vec<Attribute> {
        pairs
            .iter()
            .map(|(k, v)| {
                let value = if is_html(k, v) {
                    Id::Html(v.to_string())
                } else {
                    Id::Escaped(dot_escape(v))
                };
                Attribute(Id::Plain(k.to_string()), value)
            })
            .collect()
    };
    let owned = |pairs: &[(&'static str, String)]| -> Vec<Attribute> {
        let v: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        attrs(&v)
    };
    let labels = sel.nodes.len() <= DOT_ENGINE_LIMIT;
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(owned(&graph_attributes(sel)))),
        Stmt::GAttribute(GraphAttributes::Node(attrs(DEFAULTS[0].1))),
        Stmt::GAttribute(GraphAttributes::Edge(attrs(DEFAULTS[1].1))),
    ];
    for n in &sel.nodes {
        stmts.push(Stmt::Node(DotNode::new(
            NodeId(Id::Escaped(dot_escape(&n.name)), None),
            owned(&node_attributes(n)),
        )));
    }
    for (s, t, e) in &sel.edges {
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(Id::Escaped(dot_escape(&s.name)), None)),
                Vertex::N(NodeId(Id::Escaped(dot_escape(&t.name)), None)),
            ),
            attributes: owned(&edge_attributes(s, t, e, labels)),
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
fn to_dot_direct(sel: &Selection) -> String {
    let labels = sel.nodes.len() <= DOT_ENGINE_LIMIT;
    let mut out = String::with_capacity(256 + sel.nodes.len() * 160 + sel.edges.len() * 200);
    out.push_str("digraph dealgraph {");
    out.push_str("\n  graph");
    let graph = graph_attributes(sel);
    push_attributes(&mut out, graph.iter().map(|(k, v)| (*k, v.as_str())));
    for (kind, attributes) in DEFAULTS {
        out.push_str("\n  ");
        out.push_str(kind);
        push_attributes(&mut out, attributes.iter().copied());
    }
    for n in &sel.nodes {
        out.push_str("\n  ");
        out.push_str(&dot_escape(&n.name));
        let attributes = node_attributes(n);
        push_attributes(&mut out, attributes.iter().map(|(k, v)| (*k, v.as_str())));
    }
    for (s, t, e) in &sel.edges {
        out.push_str("\n  ");
        out.push_str(&dot_escape(&s.name));
        out.push_str(" -> ");
        out.push_str(&dot_escape(&t.name));
        out.push(' ');
        let attributes = edge_attributes(s, t, e, labels);
        push_attributes(&mut out, attributes.iter().map(|(k, v)| (*k, v.as_str())));
    }
    out.push_str("\n}\n");
    out
}

/// The warning to give before rendering when Graphviz has no font with Chinese glyphs (it
/// would draw every Chinese name as a row of empty boxes), or `None` when fontconfig lists
/// one (`fc-list :lang=zh`). Graphviz finds its fonts through fontconfig, so `fc-list`
/// sees what it sees.
pub fn cjk_font_warning() -> Option<String> {
    const INSTALL: &str = "install one with `sudo apt-get install fonts-noto-cjk` \
                           (Debian/Ubuntu), `brew install --cask font-noto-sans-cjk` \
                           (macOS) or any Noto Sans CJK font";
    match std::process::Command::new("fc-list")
        .args([":lang=zh", "family"])
        .stderr(std::process::Stdio::null())
        .output()
    {
        Ok(out) if out.status.success() && !out.stdout.iter().all(u8::is_ascii_whitespace) => None,
        Ok(_) => Some(format!(
            "no font with Chinese glyphs (`fc-list :lang=zh` lists none): Graphviz will draw \
             Chinese names as empty boxes; {INSTALL}"
        )),
        Err(_) => Some(format!(
            "cannot check for a font with Chinese glyphs (`fc-list` did not run); without \
             one Graphviz draws Chinese names as empty boxes; {INSTALL}"
        )),
    }
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
                        hash: String::new(),
                        mentions: vec![(a.to_string(), 1), (b.to_string(), 2)],
                        comentions: vec![((a.to_string(), b.to_string()), vec![])],
                        relations: vec![],
                        open: vec![],
                    },
                );
            }
        }
        let comentions = super::super::Drawing {
            comentions: true,
            ..Default::default()
        };
        for options in [
            ExportOptions::default(),
            ExportOptions {
                min_weight: 2,
                all_statuses: true,
                drawing: comentions.clone(),
            },
            ExportOptions {
                drawing: super::super::Drawing {
                    top: Some(3),
                    ..comentions
                },
                ..ExportOptions::default()
            },
        ] {
            let sel = select(&g, &options).unwrap();
            assert_eq!(to_dot_direct(&sel), to_dot_through_ast(&sel));
        }
        let empty = KnowledgeGraph::new();
        let sel = select(&empty, &ExportOptions::default()).unwrap();
        assert_eq!(to_dot_direct(&sel), to_dot_through_ast(&sel));
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
