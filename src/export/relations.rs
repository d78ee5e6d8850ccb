//! `relations.jsonl`: one relation per line in the gold format plus `rule` and `span`, every
//! statement of the graph's relation edges in [`KnowledgeGraph::statements`] order.

use crate::graph::{relation_line, KnowledgeGraph};
use std::io::Write;

/// Writes the lines to `out`.
pub(crate) fn write_relations(graph: &KnowledgeGraph, out: &mut dyn Write) -> std::io::Result<()> {
    for (s, t, e, ev) in graph.statements() {
        serde_json::to_writer(&mut *out, &relation_line(s, t, e, ev))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The bytes of `relations.jsonl`.
pub(crate) fn relations_jsonl(graph: &KnowledgeGraph) -> Vec<u8> {
    let mut out = Vec::new();
    write_relations(graph, &mut out).expect("writing to memory");
    out
}
