//! The knowledge graph: a petgraph graph of entities (nodes) and grouped relations (edges),
//! built incrementally from per-document results, with the node-link JSON wire form that
//! `graph.json` uses and that networkx's `node_link_graph` reads.
//!
//! The graph is a function of the *set* of documents added, not of their order: evidence is
//! kept in the canonical order of [`evidence_order`] (document id, span, rule, …), a
//! co-mention edge keeps the [`GraphOptions::max_comention_evidence`] canonically smallest
//! sentences, an edge's attributes are folded from its evidence in that order, and the kind of
//! a name outside the dictionary is the kind most documents give it. So a graph built from
//! shards, or updated with new documents, is the graph one run over all of them builds
//! (see [`crate::ledger`]).

use crate::dictionary::{Dictionary, EntityKind};
use crate::error::{Error, Result};
use crate::model::Attributes;
use crate::relation::{OpenEntity, Relation, RelationKind, RelationLine, Status};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// An entity in the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Canonical name (the node id in every export).
    #[serde(rename = "id")]
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Every surface form of the dictionary.
    pub aliases: Vec<String>,
    /// Parent entity (for subsidiaries and products), from the dictionary.
    pub parent: Option<String>,
    /// Number of mentions in the corpus.
    pub mentions: u64,
    /// Number of documents that mention it.
    pub documents: u64,
}

/// One sentence that supports an edge, with the attributes it states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Document id.
    pub doc: String,
    /// The sentence (normalised text).
    pub sentence: String,
    /// `[start, end)` byte range of the sentence in the document's normalised text.
    pub span: [usize; 2],
    /// The rule that fired (`co_mention` for co-mentions).
    pub rule: String,
    /// The edge's source as written (for an undirected edge, which runs in name order, the
    /// surface of whichever party that is).
    pub source_surface: String,
    /// The edge's target as written.
    pub target_surface: String,
    /// Role, amount, round, stake and date stated in this sentence.
    #[serde(flatten)]
    pub attrs: Attributes,
}

impl Evidence {
    /// A co-mention sentence beyond the stored sample: it counts in the edge's weight and is
    /// never stored (the facts of a document and its ledger line carry these placeholders).
    pub(crate) fn counted_only() -> Evidence {
        Evidence {
            doc: String::new(),
            sentence: String::new(),
            span: [0, 0],
            rule: String::new(),
            source_surface: String::new(),
            target_surface: String::new(),
            attrs: Attributes::default(),
        }
    }
}

/// All statements of one (source, relation, target, status).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// The relation.
    pub relation: RelationKind,
    /// The status shared by all its evidence.
    pub status: Status,
    /// Number of sentences stating it.
    pub weight: u64,
    /// Number of documents stating it.
    pub documents: u64,
    /// The role, amount, round and stake of the canonically first statement that states each,
    /// and the latest date: [`Attributes::add_statement`] over the evidence in
    /// [`evidence_order`].
    #[serde(flatten)]
    pub attrs: Attributes,
    /// The supporting sentences in [`evidence_order`] (for co-mentions, the
    /// [`GraphOptions::max_comention_evidence`] first in that order).
    pub evidence: Vec<Evidence>,
}

/// The per-document result that extraction hands to the graph (computed in parallel; the
/// graph does not depend on the order documents are added in).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentFacts {
    /// Document id.
    pub doc: String,
    /// Content hash of the document ([`crate::ledger::content_hash`]): a document with the
    /// same id and hash is the same document.
    pub hash: String,
    /// Mentions per entity name: (name, count), sorted by name.
    pub mentions: Vec<(String, u64)>,
    /// Co-mentions: (a, b) with a < b, sorted; each with one [`Evidence`] per sentence naming
    /// both, in sentence order. Evidence with an empty `doc` is counted, never stored (see
    /// [`crate::pipeline::Pipeline::facts_capped`]).
    pub comentions: Vec<((String, String), Vec<Evidence>)>,
    /// Extracted relations in sentence order.
    pub relations: Vec<Relation>,
    /// The names outside the dictionary that the relations connect, with their kinds and
    /// mention counts (this document's overlay on the dictionary).
    pub open: Vec<OpenEntity>,
}

/// The investment knowledge graph.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: DiGraph<Node, Edge>,
    nodes: HashMap<String, NodeIndex>,
    edges: HashMap<(NodeIndex, NodeIndex, RelationKind, Status), EdgeIndex>,
    /// Number of documents merged.
    documents: u64,
    /// Cap on stored co-mention evidence per edge.
    max_comention_evidence: usize,
    /// For each name outside the dictionary: how many documents gave it each kind (its kind
    /// is the most frequent, ties to the first in [`EntityKind`] order).
    open_kinds: HashMap<NodeIndex, BTreeMap<EntityKind, u64>>,
}

/// The canonical order of the evidence of an edge: document id, span, rule, surfaces,
/// sentence, then the attributes. Two pieces of evidence equal in this order are equal.
pub fn evidence_order(a: &Evidence, b: &Evidence) -> Ordering {
    (
        &a.doc,
        a.span,
        &a.rule,
        &a.source_surface,
        &a.target_surface,
    )
        .cmp(&(
            &b.doc,
            b.span,
            &b.rule,
            &b.source_surface,
            &b.target_surface,
        ))
        .then_with(|| a.sentence.cmp(&b.sentence))
        .then_with(|| attributes_order(&a.attrs, &b.attrs))
}

/// A total order on attributes (amounts by text, currency, then value).
fn attributes_order(a: &Attributes, b: &Attributes) -> Ordering {
    let amount = |x: &Attributes| {
        x.amount
            .as_ref()
            .map(|m| (m.text.clone(), m.currency.clone()))
    };
    (a.role, &a.round, &a.stake, a.date)
        .cmp(&(b.role, &b.round, &b.stake, b.date))
        .then_with(|| amount(a).cmp(&amount(b)))
        .then_with(|| {
            let value = |x: &Attributes| x.amount.as_ref().and_then(|m| m.value);
            match (value(a), value(b)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (x, y) => x.is_some().cmp(&y.is_some()),
            }
        })
}

/// The attributes of an edge: [`Attributes::add_statement`] over its evidence in order.
fn fold_attributes(evidence: &[Evidence]) -> Attributes {
    let mut attrs = Attributes::default();
    for ev in evidence {
        attrs.add_statement(&ev.attrs);
    }
    attrs
}

/// The former name of [`GraphOptions`], kept while callers move to the new name.
pub type GraphBuilder = GraphOptions;

/// Settings for building a graph.
#[derive(Debug, Clone)]
pub struct GraphOptions {
    /// How many example sentences a co-mention edge keeps (its weight still counts all).
    pub max_comention_evidence: usize,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            max_comention_evidence: 3,
        }
    }
}

impl GraphOptions {
    /// An empty graph with these settings.
    pub fn build(&self) -> KnowledgeGraph {
        KnowledgeGraph {
            max_comention_evidence: self.max_comention_evidence,
            ..KnowledgeGraph::default()
        }
    }
}

impl KnowledgeGraph {
    /// An empty graph with default settings.
    pub fn new() -> Self {
        GraphOptions::default().build()
    }

    /// The underlying petgraph graph (for algorithms).
    pub fn petgraph(&self) -> &DiGraph<Node, Edge> {
        &self.graph
    }

    /// Number of documents merged into the graph.
    pub fn document_count(&self) -> u64 {
        self.documents
    }

    /// The node index of a canonical name.
    pub fn node_index(&self, name: &str) -> Option<NodeIndex> {
        self.nodes.get(name).copied()
    }

    /// The node of a canonical name.
    pub fn node(&self, name: &str) -> Option<&Node> {
        self.node_index(name).map(|i| &self.graph[i])
    }

    /// Nodes sorted by name (the export order).
    pub fn nodes(&self) -> Vec<&Node> {
        let mut v: Vec<&Node> = self.graph.node_weights().collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    }

    /// Edges as (source, target, edge), sorted by source, target, relation, status (the export order).
    pub fn edges(&self) -> Vec<(&Node, &Node, &Edge)> {
        let mut v: Vec<(&Node, &Node, &Edge)> = self
            .graph
            .edge_references()
            .map(|e| (&self.graph[e.source()], &self.graph[e.target()], e.weight()))
            .collect();
        v.sort_by(|a, b| {
            (&a.0.name, &a.1.name, a.2.relation, a.2.status).cmp(&(
                &b.0.name,
                &b.1.name,
                b.2.relation,
                b.2.status,
            ))
        });
        v
    }

    /// Every statement of a relation (each piece of evidence of every edge but co-mentions)
    /// with its edge's endpoints, in the order of `relations.jsonl`: document, span, source,
    /// target, relation, status, then [`evidence_order`].
    pub fn statements(&self) -> Vec<(&Node, &Node, &Edge, &Evidence)> {
        let mut v: Vec<(&Node, &Node, &Edge, &Evidence)> = self
            .edges()
            .into_iter()
            .filter(|(_, _, e)| e.relation != RelationKind::CoMention)
            .flat_map(|(s, t, e)| e.evidence.iter().map(move |ev| (s, t, e, ev)))
            .collect();
        v.sort_by(|a, b| {
            (
                &a.3.doc,
                a.3.span,
                &a.0.name,
                &a.1.name,
                a.2.relation,
                a.2.status,
            )
                .cmp(&(
                    &b.3.doc,
                    b.3.span,
                    &b.0.name,
                    &b.1.name,
                    b.2.relation,
                    b.2.status,
                ))
                .then_with(|| evidence_order(a.3, b.3))
        });
        v
    }

    /// The lines of `relations.jsonl`: [`KnowledgeGraph::statements`] in the gold format.
    pub fn relation_lines(&self) -> Vec<RelationLine> {
        self.statements()
            .into_iter()
            .map(|(s, t, e, ev)| relation_line(s, t, e, ev))
            .collect()
    }

    /// The node of `name`, created if new: with the dictionary's entity when it knows the
    /// name, otherwise as an entity of `kind` whose one alias is its name.
    fn ensure_node(&mut self, dict: &Dictionary, name: &str, kind: EntityKind) -> NodeIndex {
        if let Some(&i) = self.nodes.get(name) {
            return i;
        }
        let (kind, aliases, parent) = match dict.by_name(name).map(|id| dict.entity(id)) {
            Some(e) => (
                e.kind,
                e.aliases().map(str::to_string).collect(),
                e.parent.map(str::to_string),
            ),
            None => (kind, vec![name.to_string()], None),
        };
        let open = dict.by_name(name).is_none();
        let i = self.graph.add_node(Node {
            name: name.to_string(),
            kind,
            aliases,
            parent,
            mentions: 0,
            documents: 0,
        });
        self.nodes.insert(name.to_string(), i);
        if open {
            self.open_kinds.insert(i, BTreeMap::new());
        }
        i
    }

    /// One more document gives the open name at `i` the kind `kind`; the node takes the kind
    /// most documents give it (ties: the first in [`EntityKind`] order).
    fn vote_kind(&mut self, i: NodeIndex, kind: EntityKind) {
        let Some(votes) = self.open_kinds.get_mut(&i) else {
            return;
        };
        *votes.entry(kind).or_default() += 1;
        let best = votes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(k, _)| *k);
        if let Some(best) = best {
            self.graph[i].kind = best;
        }
    }

    /// Inserts `ev` into `evidence` at its place in [`evidence_order`], keeping at most `cap`;
    /// returns whether it was kept.
    fn insert_evidence(evidence: &mut Vec<Evidence>, ev: Evidence, cap: usize) -> bool {
        let at = evidence.partition_point(|x| evidence_order(x, &ev) != Ordering::Greater);
        if at >= cap {
            return false;
        }
        evidence.insert(at, ev);
        evidence.truncate(cap);
        true
    }

    /// The edge of (a, b, relation, status), created empty if new; undirected relations are
    /// stored with the endpoints in name order so that A–B and B–A are one edge.
    fn edge_index(
        &mut self,
        a: NodeIndex,
        b: NodeIndex,
        relation: RelationKind,
        status: Status,
    ) -> EdgeIndex {
        let (a, b) = if relation.is_undirected() && self.graph[a].name > self.graph[b].name {
            (b, a)
        } else {
            (a, b)
        };
        let graph = &mut self.graph;
        *self
            .edges
            .entry((a, b, relation, status))
            .or_insert_with(|| {
                graph.add_edge(
                    a,
                    b,
                    Edge {
                        relation,
                        status,
                        weight: 0,
                        documents: 0,
                        attrs: Attributes::default(),
                        evidence: Vec::new(),
                    },
                )
            })
    }

    /// Merges one document's facts. The result does not depend on the order documents are
    /// added in; adding the same document twice counts it twice (callers keep a document set:
    /// see [`crate::ledger`]).
    pub fn add_document(&mut self, dict: &Dictionary, facts: DocumentFacts) {
        self.documents += 1;
        for (name, count) in &facts.mentions {
            let i = self.ensure_node(dict, name, EntityKind::Company);
            let n = &mut self.graph[i];
            n.mentions += count;
            n.documents += 1;
        }
        let mut kinds: Vec<(&str, EntityKind)> = Vec::new();
        for o in &facts.open {
            let i = self.ensure_node(dict, &o.name, o.kind);
            let n = &mut self.graph[i];
            n.mentions += o.mentions;
            n.documents += 1;
            kinds.push((&o.name, o.kind));
        }
        // A relation's open party that the document's overlay does not list votes with the
        // kind the relation gives it, once per document.
        for r in &facts.relations {
            for (name, kind) in [(&r.source, r.source_kind), (&r.target, r.target_kind)] {
                if !kinds.iter().any(|(n, _)| *n == name.as_str()) {
                    kinds.push((name, kind));
                }
            }
        }
        for (name, kind) in kinds {
            let i = self.ensure_node(dict, name, kind);
            self.vote_kind(i, kind);
        }
        let cap = self.max_comention_evidence;
        for ((a, b), evidence) in facts.comentions {
            let (ia, ib) = (
                self.ensure_node(dict, &a, EntityKind::Company),
                self.ensure_node(dict, &b, EntityKind::Company),
            );
            let idx = self.edge_index(ia, ib, RelationKind::CoMention, Status::Asserted);
            let e = &mut self.graph[idx];
            e.weight += evidence.len() as u64;
            e.documents += 1;
            for ev in evidence.into_iter().filter(|ev| !ev.doc.is_empty()) {
                if !Self::insert_evidence(&mut e.evidence, ev, cap) {
                    // Later sentences of the same document sort after this one.
                    break;
                }
            }
        }
        let mut seen_in_doc: Vec<EdgeIndex> = Vec::new();
        for r in facts.relations {
            let (ia, ib) = (
                self.ensure_node(dict, &r.source, r.source_kind),
                self.ensure_node(dict, &r.target, r.target_kind),
            );
            let idx = self.edge_index(ia, ib, r.relation, r.status);
            let e = &mut self.graph[idx];
            e.weight += 1;
            // An undirected edge runs in name order; its evidence's surfaces follow it.
            let (source_surface, target_surface) =
                if r.relation.is_undirected() && r.source > r.target {
                    (r.target_surface, r.source_surface)
                } else {
                    (r.source_surface, r.target_surface)
                };
            let ev = Evidence {
                doc: r.doc,
                sentence: r.sentence,
                span: [r.span.start, r.span.end],
                rule: r.rule,
                source_surface,
                target_surface,
                attrs: r.attrs,
            };
            let last = e
                .evidence
                .last()
                .is_none_or(|x| evidence_order(x, &ev) != Ordering::Greater);
            if last {
                e.attrs.add_statement(&ev.attrs);
                e.evidence.push(ev);
            } else {
                Self::insert_evidence(&mut e.evidence, ev, usize::MAX);
                e.attrs = fold_attributes(&e.evidence);
            }
            if !seen_in_doc.contains(&idx) {
                seen_in_doc.push(idx);
                self.graph[idx].documents += 1;
            }
        }
    }

    /// The node-link wire form (what `graph.json` holds).
    pub fn to_wire(&self) -> GraphWire {
        GraphWire {
            directed: true,
            multigraph: true,
            graph: GraphMeta {
                generator: format!("dealgraph {}", env!("CARGO_PKG_VERSION")),
                documents: self.documents,
            },
            nodes: self.nodes().into_iter().cloned().collect(),
            edges: self
                .edges()
                .into_iter()
                .map(|(s, t, e)| EdgeWire {
                    source: s.name.clone(),
                    target: t.name.clone(),
                    key: format!("{}:{}", e.relation, e.status),
                    edge: e.clone(),
                })
                .collect(),
        }
    }

    /// Rebuilds a graph from its wire form.
    pub fn from_wire(wire: GraphWire) -> std::result::Result<Self, String> {
        let mut g = KnowledgeGraph {
            documents: wire.graph.documents,
            ..KnowledgeGraph::new()
        };
        for n in wire.nodes {
            if g.nodes.contains_key(&n.name) {
                return Err(format!("node {:?} appears twice", n.name));
            }
            let name = n.name.clone();
            let i = g.graph.add_node(n);
            g.nodes.insert(name, i);
        }
        for e in wire.edges {
            let (Some(&a), Some(&b)) = (g.nodes.get(&e.source), g.nodes.get(&e.target)) else {
                return Err(format!(
                    "edge {} -> {} names an unknown node",
                    e.source, e.target
                ));
            };
            let key = (a, b, e.edge.relation, e.edge.status);
            if g.edges.contains_key(&key) {
                return Err(format!(
                    "edge {} -{}-> {} appears twice",
                    e.source, e.edge.relation, e.target
                ));
            }
            let idx = g.graph.add_edge(a, b, e.edge);
            g.edges.insert(key, idx);
        }
        Ok(g)
    }

    /// Serialises to `graph.json` bytes (pretty, deterministic, trailing newline): the
    /// bytes of [`KnowledgeGraph::to_wire`] ([`KnowledgeGraph::write_json`] into memory).
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_json(&mut out).expect("writing to memory");
        out
    }

    /// Writes `graph.json` to `out`, from borrowed nodes and edges so that a large graph is
    /// not copied first.
    pub fn write_json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let wire = GraphWireRef {
            directed: true,
            multigraph: true,
            graph: GraphMeta {
                generator: format!("dealgraph {}", env!("CARGO_PKG_VERSION")),
                documents: self.documents,
            },
            nodes: self.nodes(),
            edges: self
                .edges()
                .into_iter()
                .map(|(s, t, e)| EdgeWireRef {
                    source: &s.name,
                    target: &t.name,
                    key: format!("{}:{}", e.relation, e.status),
                    edge: e,
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &wire)?;
        out.write_all(b"\n")
    }

    /// Reads a `graph.json` file written by [`KnowledgeGraph::to_json`].
    pub fn read_json(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let wire: GraphWire = serde_json::from_slice(&bytes).map_err(|e| Error::Graph {
            path: path.to_path_buf(),
            message: format!("not a dealgraph graph.json: {e}"),
        })?;
        KnowledgeGraph::from_wire(wire).map_err(|message| Error::Graph {
            path: path.to_path_buf(),
            message,
        })
    }
}

/// One statement of an edge as a `relations.jsonl` line.
pub fn relation_line(source: &Node, target: &Node, edge: &Edge, ev: &Evidence) -> RelationLine {
    RelationLine {
        doc: ev.doc.clone(),
        sentence: ev.sentence.clone(),
        source: source.name.clone(),
        relation: edge.relation,
        target: target.name.clone(),
        status: edge.status,
        attrs: Attributes {
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
    }
}

/// Graph-level attributes of `graph.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphMeta {
    /// The program that wrote it.
    pub generator: String,
    /// Number of documents read.
    pub documents: u64,
}

/// One edge of `graph.json`: endpoints, a multigraph key, and the edge's attributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeWire {
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// `relation:status`, unique per (source, target).
    pub key: String,
    /// The attributes.
    #[serde(flatten)]
    pub edge: Edge,
}

/// [`GraphWire`] borrowing the graph (same field order, same bytes).
#[derive(Serialize)]
struct GraphWireRef<'a> {
    directed: bool,
    multigraph: bool,
    graph: GraphMeta,
    nodes: Vec<&'a Node>,
    edges: Vec<EdgeWireRef<'a>>,
}

/// [`EdgeWire`] borrowing the graph.
#[derive(Serialize)]
struct EdgeWireRef<'a> {
    source: &'a str,
    target: &'a str,
    key: String,
    #[serde(flatten)]
    edge: &'a Edge,
}

/// `graph.json`: networkx node-link data (`nx.node_link_graph(data, edges="edges")`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphWire {
    /// Always true.
    pub directed: bool,
    /// Always true: two entities can share several relations.
    pub multigraph: bool,
    /// Graph attributes.
    pub graph: GraphMeta,
    /// Nodes sorted by id.
    pub nodes: Vec<Node>,
    /// Edges sorted by source, target, relation, status.
    pub edges: Vec<EdgeWire>,
}
