//! `neighbors X --depth N`: the ego network of an entity (every entity within N hops, edge
//! direction ignored, and the filtered edges among them), and [`KnowledgeGraph::subgraph`] to
//! export it with the graph exporters.

use super::{Filter, Link, STATED_RELATIONS};
use crate::dictionary::EntityKind;
use crate::error::Result;
use crate::graph::{Edge, EdgeWire, GraphMeta, GraphWire, KnowledgeGraph};
use petgraph::algo::dijkstra;
use petgraph::visit::{EdgeFiltered, UndirectedAdaptor};
use serde::Serialize;
use std::collections::BTreeSet;

/// One entity of an ego network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Neighbor {
    /// Canonical name.
    pub name: String,
    /// Entity type.
    pub kind: EntityKind,
    /// Hops from the centre (0 for the centre itself).
    pub distance: usize,
}

/// The answer to `neighbors X --depth N`: like networkx's `ego_graph`, the subgraph induced
/// by the entities within `depth` hops of the centre.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighborhood {
    /// The centre (canonical name).
    pub center: String,
    /// The depth asked for.
    pub depth: usize,
    /// The entities, by distance then name; the centre first.
    pub nodes: Vec<Neighbor>,
    /// Every filtered edge between two of them, by source, target, relation, status.
    pub links: Vec<Link>,
}

impl KnowledgeGraph {
    /// The ego network of `entity`: entities within `depth` hops over the filter's relations
    /// (default: every relation but co-mention), directions ignored, found with petgraph's
    /// `dijkstra` (unit costs) over an undirected edge-filtered view.
    pub fn neighbors(&self, entity: &str, depth: usize, filter: &Filter) -> Result<Neighborhood> {
        let relations = filter.relations_or(STATED_RELATIONS);
        let x = self.resolve(entity)?;
        let g = self.petgraph();
        let filtered = EdgeFiltered::from_fn(g, |e| filter.keeps_edge(e.weight(), relations));
        let distances = dijkstra(UndirectedAdaptor(&filtered), x, None, |_| 1usize);
        let mut nodes: Vec<Neighbor> = distances
            .iter()
            .filter(|&(_, &d)| d <= depth)
            .map(|(&i, &d)| Neighbor {
                name: g[i].name.clone(),
                kind: g[i].kind,
                distance: d,
            })
            .collect();
        nodes.sort_by(|a, b| (a.distance, &a.name).cmp(&(b.distance, &b.name)));
        let inside: BTreeSet<&str> = nodes.iter().map(|n| n.name.as_str()).collect();
        let links = self
            .edges()
            .into_iter()
            .filter(|(s, t, e)| {
                inside.contains(s.name.as_str())
                    && inside.contains(t.name.as_str())
                    && filter.keeps_edge(e, relations)
            })
            .map(|(s, t, e)| Link::new(&s.name, &t.name, e, filter))
            .collect();
        Ok(Neighborhood {
            center: g[x].name.clone(),
            depth,
            nodes,
            links,
        })
    }

    /// The subgraph of the named nodes (unknown names are skipped) and of the edges between
    /// them that `keep(source, target, edge)` accepts, as a graph of its own: nodes and edges
    /// are copied whole, so every exporter works on it.
    pub fn subgraph<'a>(
        &self,
        names: impl IntoIterator<Item = &'a str>,
        keep: impl Fn(&str, &str, &Edge) -> bool,
    ) -> KnowledgeGraph {
        let names: BTreeSet<&str> = names.into_iter().collect();
        let wire = GraphWire {
            directed: true,
            multigraph: true,
            graph: GraphMeta {
                generator: format!("dealgraph {}", env!("CARGO_PKG_VERSION")),
                documents: self.document_count(),
            },
            nodes: self
                .nodes()
                .into_iter()
                .filter(|n| names.contains(n.name.as_str()))
                .cloned()
                .collect(),
            edges: self
                .edges()
                .into_iter()
                .filter(|(s, t, e)| {
                    names.contains(s.name.as_str())
                        && names.contains(t.name.as_str())
                        && keep(&s.name, &t.name, e)
                })
                .map(|(s, t, e)| EdgeWire {
                    source: s.name.clone(),
                    target: t.name.clone(),
                    key: format!("{}:{}", e.relation, e.status),
                    edge: e.clone(),
                })
                .collect(),
        };
        KnowledgeGraph::from_wire(wire).expect("a subgraph of a valid graph is valid")
    }
}

impl Neighborhood {
    /// The ego network as a graph of its own (for `to_dot` and `to_json`): its nodes and the
    /// edges of its links, copied from `graph`.
    pub fn subgraph(&self, graph: &KnowledgeGraph) -> KnowledgeGraph {
        graph.subgraph(self.nodes.iter().map(|n| n.name.as_str()), |s, t, e| {
            self.links.iter().any(|l| {
                l.source == s && l.target == t && l.relation == e.relation && l.status == e.status
            })
        })
    }
}
