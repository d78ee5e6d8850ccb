//! `graph.jsonl`: the graph as a stream, one JSON object per line: first every node, then
//! every edge, each exactly as in `graph.json` plus `"kind": "node"` or `"kind": "edge"`.
//!
//! A node line holds `id`, `type`, `aliases`, `parent`, `mentions`, `documents`; an edge line
//! holds `source`, `target`, `key`, `relation`, `status`, `weight`, `documents`, `role`,
//! `amount` (`{text, value, currency}`), `round`, `stake`, `date` and `evidence`.

use crate::graph::KnowledgeGraph;
use serde::Serialize;

/// A line: the item with its kind.
#[derive(Serialize)]
struct Line<'a, T: Serialize> {
    kind: &'static str,
    #[serde(flatten)]
    item: &'a T,
}

fn push_line(out: &mut Vec<u8>, line: &impl Serialize) {
    serde_json::to_writer(&mut *out, line).expect("graph serialises");
    out.push(b'\n');
}

/// The JSONL bytes.
pub(crate) fn to_jsonl(graph: &KnowledgeGraph) -> Vec<u8> {
    let wire = graph.to_wire();
    let mut out = Vec::new();
    for n in &wire.nodes {
        push_line(
            &mut out,
            &Line {
                kind: "node",
                item: n,
            },
        );
    }
    for e in &wire.edges {
        push_line(
            &mut out,
            &Line {
                kind: "edge",
                item: e,
            },
        );
    }
    out
}
