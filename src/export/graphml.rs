//! `graph.graphml`: GraphML with every attribute declared as a typed `<key>` (`string`, `long`,
//! `double`), for Gephi, yEd, Cytoscape, networkx (`read_graphml`) and igraph.
//!
//! Node ids are the entity names and edge ids the `relation:status` keys of `graph.json`, so
//! networkx reads back the same nodes and multigraph keys. Attributes follow the flattening
//! rules of the tabular formats (lists and evidence as JSON strings, see `table.rs`).
//!
//! XML 1.0 cannot carry NUL, the C0 control characters other than tab, line feed and carriage
//! return, or U+FFFE/U+FFFF, not even as character references. Each of those is replaced by
//! U+FFFD (`�`); everything else, including line breaks, tabs and leading or trailing spaces,
//! round-trips exactly (line breaks, tabs and `\r` are written as character references). If the
//! replacement makes two node names equal, rendering fails rather than merging two entities.

use super::table::{self, ColumnType, TypedColumn, EDGE_COLUMNS, NODE_COLUMNS};
use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;
use std::collections::HashMap;
use std::fmt::Write;

/// Whether XML 1.0 can carry `c` at all.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The text XML will carry for `s`: characters XML cannot carry become U+FFFD.
pub(crate) fn xml_sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(xml_char) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(
            s.chars()
                .map(|c| if xml_char(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
}

/// Escapes `s` for XML text content or a double-quoted attribute value: `&`, `<`, `>`, `"`
/// as entities, tab, line feed and carriage return as character references (so attribute
/// value normalisation and line-end handling keep them), characters XML cannot carry as U+FFFD.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

fn graphml_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Str => "string",
        ColumnType::Long => "long",
        ColumnType::Double => "double",
    }
}

fn key(out: &mut String, id: &str, domain: &str, name: &str, ty: &str) {
    let _ = writeln!(
        out,
        r#"  <key id="{id}" for="{domain}" attr.name="{name}" attr.type="{ty}"/>"#
    );
}

fn data(out: &mut String, id: &str, value: &str) {
    let _ = writeln!(
        out,
        r#"      <data key="{id}">{}</data>"#,
        xml_escape(value)
    );
}

fn columns(out: &mut String, prefix: &str, domain: &str, cols: &[TypedColumn]) {
    for c in cols {
        key(
            out,
            &format!("{prefix}_{}", c.name),
            domain,
            c.name,
            graphml_type(c.ty),
        );
    }
}

/// The GraphML document.
pub(crate) fn to_graphml(graph: &KnowledgeGraph) -> Result<Vec<u8>> {
    let nodes = graph.nodes();
    let mut ids: HashMap<std::borrow::Cow<'_, str>, &str> = HashMap::new();
    for n in &nodes {
        if let Some(other) = ids.insert(xml_sanitize(&n.name), &n.name) {
            return Err(Error::Config(format!(
                "GraphML cannot carry the names {other:?} and {:?}: both become {:?} once the \
                 characters XML cannot hold are replaced by U+FFFD",
                n.name,
                xml_sanitize(&n.name)
            )));
        }
    }
    let mut out = String::new();
    out.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        "\n",
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" "#,
        r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#,
        r#"xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns "#,
        r#"http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#,
        "\n"
    ));
    key(&mut out, "g_generator", "graph", "generator", "string");
    key(&mut out, "g_documents", "graph", "documents", "long");
    columns(&mut out, "n", "node", NODE_COLUMNS);
    key(&mut out, "e_relation", "edge", "relation", "string");
    columns(&mut out, "e", "edge", EDGE_COLUMNS);
    out.push_str("  <graph id=\"dealgraph\" edgedefault=\"directed\">\n");
    let _ = writeln!(
        out,
        "    <data key=\"g_generator\">dealgraph {}</data>",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        out,
        "    <data key=\"g_documents\">{}</data>",
        graph.document_count()
    );
    for n in nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", xml_escape(&n.name));
        for (c, v) in NODE_COLUMNS.iter().zip(table::node_values(n)) {
            if let Some(text) = v.text() {
                data(&mut out, &format!("n_{}", c.name), &text);
            }
        }
        out.push_str("    </node>\n");
    }
    for (s, t, e) in graph.edges() {
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            xml_escape(&table::edge_key(e)),
            xml_escape(&s.name),
            xml_escape(&t.name)
        );
        data(&mut out, "e_relation", e.relation.as_str());
        for (c, v) in EDGE_COLUMNS.iter().zip(table::edge_values(e)) {
            if let Some(text) = v.text() {
                data(&mut out, &format!("e_{}", c.name), &text);
            }
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_markup_out_and_whitespace_in() {
        let cases = [
            ("腾讯", "腾讯"),
            (
                "<script>alert(\"x\")</script>",
                "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;",
            ),
            ("a&amp;b", "a&amp;amp;b"),
            ("]]>", "]]&gt;"),
            ("two\r\nlines\tand tab", "two&#13;&#10;lines&#9;and tab"),
            ("nul\0bell\u{7}", "nul\u{FFFD}bell\u{FFFD}"),
            ("\u{FFFE}\u{FFFF}🦀", "\u{FFFD}\u{FFFD}🦀"),
            (" padded ", " padded "),
        ];
        for (input, want) in cases {
            assert_eq!(xml_escape(input), want, "{input:?}");
        }
    }

    /// Undoes [`xml_escape`] as an XML parser would, refusing raw markup characters.
    fn unescape(s: &str) -> String {
        assert!(
            !s.contains(['<', '>', '"', '\n', '\r', '\t']),
            "raw markup in {s:?}"
        );
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            let end = rest[i..].find(';').expect("entity ends") + i;
            out.push(match &rest[i + 1..end] {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "#9" => '\t',
                "#10" => '\n',
                "#13" => '\r',
                other => panic!("unknown entity {other}"),
            });
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    proptest::proptest! {
        #[test]
        fn any_string_round_trips_up_to_sanitising(s in "\\PC*|[\\x00-\\x20&<>\"'\\u{FFFE}\\u{FFFF}a]*") {
            let escaped = xml_escape(&s);
            proptest::prop_assert!(escaped.chars().all(xml_char));
            proptest::prop_assert_eq!(unescape(&escaped), xml_sanitize(&s).into_owned());
        }
    }

    #[test]
    fn names_that_collide_after_sanitising_are_an_error() {
        let wire = crate::graph::GraphWire {
            directed: true,
            multigraph: true,
            graph: crate::graph::GraphMeta {
                generator: "t".into(),
                documents: 0,
            },
            nodes: ["a\u{1}", "a\u{2}"]
                .iter()
                .map(|n| crate::graph::Node {
                    name: n.to_string(),
                    kind: crate::dictionary::EntityKind::Company,
                    aliases: vec![],
                    parent: None,
                    mentions: 0,
                    documents: 0,
                })
                .collect(),
            edges: vec![],
        };
        let g = KnowledgeGraph::from_wire(wire).unwrap();
        let err = to_graphml(&g).unwrap_err().to_string();
        assert!(err.contains("U+FFFD"), "{err}");
    }
}
