//! `path X Y`: every shortest chain of edges linking two entities, walked without regard to
//! edge direction, each hop with the edges and evidence that make it.
//!
//! The chains are found with petgraph's `dijkstra` run twice with unit costs over an
//! undirected, edge-filtered view of the graph (`UndirectedAdaptor(&EdgeFiltered)`): once
//! from X and once from Y. A node lies on a shortest chain exactly when its two distances add
//! up to the X–Y distance, so the chains are enumerated by walking from X only to neighbours
//! one step further from X and one step nearer to Y. Unlike `all_simple_paths` (which explores
//! every simple path up to the length bound, exponential on dense co-mention graphs), this
//! only ever visits nodes of shortest chains, and it also yields the number of shortest
//! chains without listing them all.

use super::{Filter, Link, DEAL_RELATIONS};
use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;
use crate::relation::RelationKind;
use petgraph::algo::dijkstra;
use petgraph::graph::NodeIndex;
use petgraph::visit::{EdgeFiltered, EdgeRef, IntoNeighbors, UndirectedAdaptor};
use serde::Serialize;
use std::collections::HashMap;

/// One step of a chain: two adjacent entities and every filtered edge between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hop {
    /// The entity the step leaves (nearer to the start).
    pub from: String,
    /// The entity the step reaches.
    pub to: String,
    /// The edges between them, either direction, by relation then status.
    pub links: Vec<Link>,
}

/// One shortest chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chain {
    /// The entities from start to end.
    pub nodes: Vec<String>,
    /// `nodes.len() - 1` hops.
    pub hops: Vec<Hop>,
}

/// The answer to `path X Y`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paths {
    /// Start (canonical name).
    pub from: String,
    /// End (canonical name).
    pub to: String,
    /// The relations walked.
    pub relations: Vec<RelationKind>,
    /// Hops of a shortest chain; `None` when no chain links them.
    pub length: Option<usize>,
    /// How many shortest chains there are (saturating), possibly more than `chains` lists.
    pub total: u64,
    /// The shortest chains in name order, at most the `max_paths` asked for.
    pub chains: Vec<Chain>,
}

impl KnowledgeGraph {
    /// The shortest chains linking `from` and `to` over the filter's relations (default: the
    /// deal relations), plus co-mention edges when `via_comention`; at most `max_paths` of them.
    pub fn path(
        &self,
        from: &str,
        to: &str,
        via_comention: bool,
        max_paths: usize,
        filter: &Filter,
    ) -> Result<Paths> {
        let (x, y) = (self.resolve(from)?, self.resolve(to)?);
        let g = self.petgraph();
        if x == y {
            return Err(Error::Query(format!(
                "`path` needs two different entities; {from:?} and {to:?} are both {}",
                g[x].name
            )));
        }
        let mut relations = filter.relations_or(DEAL_RELATIONS).to_vec();
        if via_comention && !relations.contains(&RelationKind::CoMention) {
            relations.push(RelationKind::CoMention);
        }
        let filtered = EdgeFiltered::from_fn(g, |e| filter.keeps_edge(e.weight(), &relations));
        let view = UndirectedAdaptor(&filtered);
        let from_x = dijkstra(view, x, None, |_| 1usize);
        let from_y = dijkstra(view, y, None, |_| 1usize);
        let mut answer = Paths {
            from: g[x].name.clone(),
            to: g[y].name.clone(),
            relations: relations.clone(),
            length: None,
            total: 0,
            chains: Vec::new(),
        };
        let Some(&d) = from_x.get(&y) else {
            return Ok(answer);
        };
        answer.length = Some(d);
        // The next nodes of `v` on a shortest chain, by name.
        let next = |v: NodeIndex| -> Vec<NodeIndex> {
            let k = from_x[&v];
            let mut ws: Vec<NodeIndex> = view
                .neighbors(v)
                .filter(|w| from_x.get(w) == Some(&(k + 1)) && from_y.get(w) == Some(&(d - k - 1)))
                .collect();
            ws.sort_by(|&a, &b| g[a].name.cmp(&g[b].name));
            ws.dedup();
            ws
        };
        answer.total = count_chains(x, y, &next, &mut HashMap::new());
        let mut stack = vec![x];
        enumerate(y, &next, &mut stack, max_paths, &mut |nodes| {
            answer.chains.push(self.chain(nodes, &relations, filter));
        });
        Ok(answer)
    }

    fn chain(&self, nodes: &[NodeIndex], relations: &[RelationKind], filter: &Filter) -> Chain {
        let g = self.petgraph();
        let hops = nodes
            .windows(2)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                let mut links: Vec<Link> = g
                    .edges_connecting(a, b)
                    .chain(g.edges_connecting(b, a))
                    .filter(|e| filter.keeps_edge(e.weight(), relations))
                    .map(|e| {
                        Link::new(&g[e.source()].name, &g[e.target()].name, e.weight(), filter)
                    })
                    .collect();
                links.sort_by(|p, q| {
                    (p.relation, p.status, &p.source).cmp(&(q.relation, q.status, &q.source))
                });
                Hop {
                    from: g[a].name.clone(),
                    to: g[b].name.clone(),
                    links,
                }
            })
            .collect();
        Chain {
            nodes: nodes.iter().map(|&i| g[i].name.clone()).collect(),
            hops,
        }
    }
}

/// Number of shortest chains from `v` to `y` (memoised, saturating).
fn count_chains(
    v: NodeIndex,
    y: NodeIndex,
    next: &impl Fn(NodeIndex) -> Vec<NodeIndex>,
    memo: &mut HashMap<NodeIndex, u64>,
) -> u64 {
    if v == y {
        return 1;
    }
    if let Some(&c) = memo.get(&v) {
        return c;
    }
    let c = next(v).into_iter().fold(0u64, |acc, w| {
        acc.saturating_add(count_chains(w, y, next, memo))
    });
    memo.insert(v, c);
    c
}

/// Calls `emit` with each shortest chain from the end of `stack` to `y`, in name order,
/// stopping after `limit` chains; returns how many were emitted.
fn enumerate(
    y: NodeIndex,
    next: &impl Fn(NodeIndex) -> Vec<NodeIndex>,
    stack: &mut Vec<NodeIndex>,
    limit: usize,
    emit: &mut impl FnMut(&[NodeIndex]),
) -> usize {
    let v = *stack.last().expect("chain has a start");
    if v == y {
        if limit > 0 {
            emit(stack);
            return 1;
        }
        return 0;
    }
    let mut emitted = 0;
    for w in next(v) {
        if emitted >= limit {
            break;
        }
        stack.push(w);
        emitted += enumerate(y, next, stack, limit - emitted, emit);
        stack.pop();
    }
    emitted
}
