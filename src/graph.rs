//! The knowledge graph: a petgraph graph of entities (nodes) and grouped relations (edges),
//! built incrementally from per-document results, with the node-link JSON wire form that
//! `graph.json` uses and that networkx's `node_link_graph` reads.

use crate::dictionary::{Dictionary, EntityKind};
use crate::error::{Error, Result};
use crate::model::Attributes;
use crate::relation::{OpenEntity, Relation, RelationKind, Status};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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
    /// Source as written.
    pub source_surface: String,
    /// Target as written.
    pub target_surface: String,
    /// Role, amount, round, stake and date stated in this sentence.
    #[serde(flatten)]
    pub attrs: Attributes,
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
    /// The first role, amount, round and stake stated, and the latest date
    /// ([`Attributes::add_statement`]).
    #[serde(flatten)]
    pub attrs: Attributes,
    /// The supporting sentences (for co-mentions, at most [`GraphOptions::max_comention_evidence`]).
    pub evidence: Vec<Evidence>,
}

/// The per-document result that extraction hands to the graph (computed in parallel,
/// merged in input order).
#[derive(Debug, Clone, Default)]
pub struct DocumentFacts {
    /// Document id.
    pub doc: String,
    /// Mentions per entity name: (name, count), sorted by name.
    pub mentions: Vec<(String, u64)>,
    /// Co-mentions: (a, b) with a < b, sorted; each with the sentences naming both.
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
        let i = self.graph.add_node(Node {
            name: name.to_string(),
            kind,
            aliases,
            parent,
            mentions: 0,
            documents: 0,
        });
        self.nodes.insert(name.to_string(), i);
        i
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

    /// Merges one document's facts. Call in input order for deterministic evidence order.
    pub fn add_document(&mut self, dict: &Dictionary, facts: DocumentFacts) {
        self.documents += 1;
        let known = facts
            .mentions
            .iter()
            .map(|(name, count)| (name, EntityKind::Company, *count));
        let open = facts.open.iter().map(|o| (&o.name, o.kind, o.mentions));
        for (name, kind, count) in known.chain(open) {
            let i = self.ensure_node(dict, name, kind);
            let n = &mut self.graph[i];
            n.mentions += count;
            n.documents += 1;
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
            let room = cap.saturating_sub(e.evidence.len());
            e.evidence.extend(evidence.into_iter().take(room));
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
            e.attrs.add_statement(&r.attrs);
            e.evidence.push(Evidence {
                doc: r.doc,
                sentence: r.sentence,
                span: [r.span.start, r.span.end],
                rule: r.rule,
                source_surface: r.source_surface,
                target_surface: r.target_surface,
                attrs: r.attrs,
            });
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
    /// bytes of [`KnowledgeGraph::to_wire`], written from borrowed nodes and edges so that
    /// a large graph is not copied first.
    pub fn to_json(&self) -> Vec<u8> {
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
        let mut out = serde_json::to_vec_pretty(&wire).expect("graph serialises");
        out.push(b'\n');
        out
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
