//! `graph.html`: an interactive view of the drawing in one self-contained file that opens
//! offline: the vendored Cytoscape.js (vendor/cytoscape, MIT; one dependency-free file whose
//! canvas renderer draws thousands of elements without WebGL, so it also runs in headless
//! browsers), the page's own script, and the graph as JSON inside
//! `<script type="application/json">`, with `<`, `>` and `&` written as `\u003c`, `\u003e`,
//! `\u0026`, so that no name can close the script or open a tag. The page inserts every name
//! and sentence as text (`textContent`), never as HTML, and its Content-Security-Policy
//! forbids loading anything.
//!
//! The entities and edges are the drawing's (see [`super::Drawing`]), with every status (the
//! page filters by status, asserted only at first) and no automatic top-N cut.

use super::drawing::select;
use super::ExportOptions;
use crate::error::Result;
use crate::graph::{Evidence, KnowledgeGraph};
use serde::Serialize;
use std::collections::HashMap;

/// The page: CSS, layout and script, with `/*DATA*/` and `/*CYTOSCAPE*/` to fill.
const TEMPLATE: &str = include_str!("view.html");
/// Cytoscape.js 3.35.0, `dist/cytoscape.min.js` of the npm package, unchanged.
const CYTOSCAPE: &str = include_str!("../../vendor/cytoscape/cytoscape.min.js");

#[derive(Serialize)]
struct ViewNode<'g> {
    id: &'g str,
    kind: crate::dictionary::EntityKind,
    aliases: &'g [String],
    mentions: u64,
    documents: u64,
}

#[derive(Serialize)]
struct ViewEvidence<'g> {
    doc: &'g str,
    sentence: &'g str,
    rule: &'g str,
    role: Option<String>,
    amount: Option<&'g str>,
    round: Option<&'g str>,
    stake: Option<&'g str>,
    date: Option<String>,
}

#[derive(Serialize)]
struct ViewEdge<'g> {
    s: usize,
    t: usize,
    relation: &'static str,
    status: &'static str,
    weight: u64,
    documents: u64,
    role: Option<String>,
    amount: Option<&'g str>,
    round: Option<&'g str>,
    stake: Option<&'g str>,
    date: Option<String>,
    evidence: Vec<ViewEvidence<'g>>,
}

#[derive(Serialize)]
struct View<'g> {
    caption: String,
    nodes: Vec<ViewNode<'g>>,
    edges: Vec<ViewEdge<'g>>,
}

fn evidence(ev: &Evidence) -> ViewEvidence<'_> {
    ViewEvidence {
        doc: &ev.doc,
        sentence: &ev.sentence,
        rule: &ev.rule,
        role: ev.attrs.role.map(|r| r.to_string()),
        amount: ev.attrs.amount.as_ref().map(|a| a.text.as_str()),
        round: ev.attrs.round.as_deref(),
        stake: ev.attrs.stake.as_deref(),
        date: ev.attrs.date.map(|d| d.to_string()),
    }
}

/// JSON made safe inside `<script>`: `<`, `>`, `&`, U+2028 and U+2029 as `\u` escapes
/// (the same value for a JSON parser).
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Beyond this many entities a page with no `--top` keeps this many, the first by deals
/// (Cytoscape.js in a browser takes seconds per few thousand entities to build and lay out).
pub const HTML_AUTO_TOP: usize = 1000;

/// The `graph.html` page of the drawing that `options` selects (every status kept; with no
/// `--top`, the first [`HTML_AUTO_TOP`] entities by deals, the caption saying so).
pub fn to_html(graph: &KnowledgeGraph, options: &ExportOptions) -> Result<String> {
    let mut options = options.clone();
    options.all_statuses = true;
    let auto = options.drawing.top.is_none();
    if auto {
        options.drawing.top = Some(0);
    }
    let mut sel = select(graph, &options)?;
    if auto && sel.nodes.len() > HTML_AUTO_TOP {
        options.drawing.top = Some(HTML_AUTO_TOP);
        sel = select(graph, &options)?;
        if let Some(last) = sel.left_out.last_mut() {
            last.1.push_str(&format!(
                " (more than {HTML_AUTO_TOP} to show; --top N or --top 0 to change)"
            ));
        }
    }
    let index: HashMap<&str, usize> = sel
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    let view = View {
        caption: sel.caption(),
        nodes: sel
            .nodes
            .iter()
            .map(|n| ViewNode {
                id: &n.name,
                kind: n.kind,
                aliases: &n.aliases,
                mentions: n.mentions,
                documents: n.documents,
            })
            .collect(),
        edges: sel
            .edges
            .iter()
            .map(|(s, t, e)| ViewEdge {
                s: index[s.name.as_str()],
                t: index[t.name.as_str()],
                relation: e.relation.as_str(),
                status: e.status.as_str(),
                weight: e.weight,
                documents: e.documents,
                role: e.attrs.role.map(|r| r.to_string()),
                amount: e.attrs.amount.as_ref().map(|a| a.text.as_str()),
                round: e.attrs.round.as_deref(),
                stake: e.attrs.stake.as_deref(),
                date: e.attrs.date.map(|d| d.to_string()),
                evidence: e.evidence.iter().map(evidence).collect(),
            })
            .collect(),
    };
    let json = script_json(&serde_json::to_string(&view).expect("the view serialises"));
    let (head, rest) = TEMPLATE
        .split_once("/*DATA*/")
        .expect("template has /*DATA*/");
    let (middle, tail) = rest
        .split_once("/*CYTOSCAPE*/")
        .expect("template has /*CYTOSCAPE*/");
    let mut out = String::with_capacity(TEMPLATE.len() + CYTOSCAPE.len() + json.len());
    for part in [head, &json, middle, CYTOSCAPE, tail] {
        out.push_str(part);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_escapes_what_could_end_the_script() {
        let json = serde_json::to_string("</script><!-- & \u{2028}").unwrap();
        let safe = script_json(&json);
        assert_eq!(safe, "\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\"");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "</script><!-- & \u{2028}");
    }

    #[test]
    fn the_vendored_library_cannot_end_its_script() {
        assert!(!CYTOSCAPE.to_ascii_lowercase().contains("</script"));
        assert!(!CYTOSCAPE.contains("<!--"));
        assert_eq!(TEMPLATE.matches("/*DATA*/").count(), 1);
        assert_eq!(TEMPLATE.matches("/*CYTOSCAPE*/").count(), 1);
    }
}
