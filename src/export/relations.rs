//! `relations.jsonl`: one relation per line in the gold format plus `rule` and `span`.

use crate::graph::KnowledgeGraph;
use crate::relation::{RelationKind, RelationLine};

/// The lines as given (extraction order), or, for a graph read back from `graph.json`, one line
/// per piece of evidence of every non-co-mention edge, sorted by document and position.
pub(crate) fn relations_jsonl(
    graph: &KnowledgeGraph,
    relations: Option<&[RelationLine]>,
) -> Vec<u8> {
    let owned;
    let lines = match relations {
        Some(r) => r,
        None => {
            let mut v: Vec<RelationLine> = graph
                .edges()
                .into_iter()
                .filter(|(_, _, e)| e.relation != RelationKind::CoMention)
                .flat_map(|(s, t, e)| {
                    e.evidence.iter().map(move |ev| RelationLine {
                        doc: ev.doc.clone(),
                        sentence: ev.sentence.clone(),
                        source: s.name.clone(),
                        relation: e.relation,
                        target: t.name.clone(),
                        status: e.status,
                        attrs: crate::model::Attributes {
                            role: ev.attrs.role,
                            amount: ev.attrs.amount.as_ref().map(|a| a.text.clone()),
                            round: ev.attrs.round.clone(),
                            stake: ev.attrs.stake.clone(),
                            date: ev.attrs.date,
                        },
                        source_surface: ev.source_surface.clone(),
                        target_surface: ev.target_surface.clone(),
                        rule: Some(ev.rule.clone()),
                        span: Some(ev.span),
                    })
                })
                .collect();
            v.sort_by(|a, b| {
                (&a.doc, a.span, &a.source, &a.target).cmp(&(&b.doc, b.span, &b.source, &b.target))
            });
            owned = v;
            &owned
        }
    };
    let mut out = Vec::new();
    for l in lines {
        serde_json::to_writer(&mut out, l).expect("relation serialises");
        out.push(b'\n');
    }
    out
}
