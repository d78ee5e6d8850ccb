//! `top --by investments|investees|degree|pagerank`: rankings of entities over the filtered
//! edges (default: the deal relations).

use super::{Filter, DEAL_RELATIONS};
use crate::dictionary::EntityKind;
use crate::error::Result;
use crate::graph::KnowledgeGraph;
use crate::relation::RelationKind;
use petgraph::algo::page_rank;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// PageRank damping factor (the usual 0.85).
const DAMPING: f64 = 0.85;
/// PageRank iterations. petgraph's `page_rank` costs O(iterations · V² · degree), so it runs
/// on the entities that have a filtered edge only, not on the whole graph.
const ITERATIONS: usize = 50;

/// What a ranking measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TopBy {
    /// Investors by the number of distinct entities they put money into (out-edges).
    Investments,
    /// Investees by the number of distinct investors they have (in-edges).
    Investees,
    /// Entities by the number of distinct neighbours, either direction.
    Degree,
    /// petgraph's PageRank over the filtered edges (investor → investee; undirected
    /// relations count both ways).
    Pagerank,
}

impl TopBy {
    /// The name on the command line and in outputs.
    pub const fn as_str(self) -> &'static str {
        match self {
            TopBy::Investments => "investments",
            TopBy::Investees => "investees",
            TopBy::Degree => "degree",
            TopBy::Pagerank => "pagerank",
        }
    }
}

/// A ranking score: a count, or a PageRank value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Score {
    /// Distinct entities counted.
    Count(u64),
    /// PageRank (the ranks of the ranked entities sum to 1).
    Rank(f64),
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Score::Count(n) => write!(f, "{n}"),
            Score::Rank(r) => write!(f, "{r:.4}"),
        }
    }
}

/// One ranked entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    /// 1-based position.
    pub rank: usize,
    /// Canonical name.
    pub name: String,
    /// Entity type.
    pub kind: EntityKind,
    /// The score.
    pub score: Score,
}

/// The answer to `top`: highest score first, then by name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    /// The measure.
    pub by: TopBy,
    /// The relations counted.
    pub relations: Vec<RelationKind>,
    /// Only entities of this kind, if asked.
    pub kind: Option<EntityKind>,
    /// The first `n` entities with a non-zero score.
    pub entries: Vec<Ranked>,
}

impl KnowledgeGraph {
    /// The `n` entities (of `kind`, if given) with the highest `by` score over the filtered
    /// edges; entities with no such edge are not ranked.
    pub fn top(
        &self,
        by: TopBy,
        kind: Option<EntityKind>,
        n: usize,
        filter: &Filter,
    ) -> Result<Ranking> {
        let relations = match by {
            TopBy::Investments => {
                filter.directed_relations("top --by investments", DEAL_RELATIONS)?
            }
            TopBy::Investees => filter.directed_relations("top --by investees", DEAL_RELATIONS)?,
            TopBy::Degree | TopBy::Pagerank => filter.relations_or(DEAL_RELATIONS),
        };
        let g = self.petgraph();
        let edges: Vec<_> = g
            .edge_references()
            .filter(|e| filter.keeps_edge(e.weight(), relations))
            .collect();
        let mut scores: Vec<(NodeIndex, Score)> = match by {
            TopBy::Investments | TopBy::Investees | TopBy::Degree => {
                let mut sets: HashMap<NodeIndex, BTreeSet<NodeIndex>> = HashMap::new();
                for e in &edges {
                    let (s, t) = (e.source(), e.target());
                    if s == t {
                        continue;
                    }
                    if by != TopBy::Investees {
                        sets.entry(s).or_default().insert(t);
                    }
                    if by != TopBy::Investments {
                        sets.entry(t).or_default().insert(s);
                    }
                }
                sets.into_iter()
                    .map(|(i, set)| (i, Score::Count(set.len() as u64)))
                    .collect()
            }
            TopBy::Pagerank => {
                // A compact graph of the entities with a filtered edge, one edge per pair.
                let mut compact: DiGraph<NodeIndex, ()> = DiGraph::new();
                let mut index: HashMap<NodeIndex, NodeIndex> = HashMap::new();
                let mut node = |compact: &mut DiGraph<NodeIndex, ()>, i: NodeIndex| {
                    *index.entry(i).or_insert_with(|| compact.add_node(i))
                };
                let mut pairs: BTreeSet<(NodeIndex, NodeIndex)> = BTreeSet::new();
                for e in &edges {
                    let (s, t) = (
                        node(&mut compact, e.source()),
                        node(&mut compact, e.target()),
                    );
                    if s == t {
                        continue;
                    }
                    pairs.insert((s, t));
                    if e.weight().relation.is_undirected() {
                        pairs.insert((t, s));
                    }
                }
                for (s, t) in pairs {
                    compact.add_edge(s, t, ());
                }
                page_rank(&compact, DAMPING, ITERATIONS)
                    .into_iter()
                    .enumerate()
                    .map(|(k, r)| (compact[NodeIndex::new(k)], Score::Rank(r)))
                    .collect()
            }
        };
        let value = |s: &Score| match *s {
            Score::Count(c) => c as f64,
            Score::Rank(r) => r,
        };
        scores.retain(|(i, _)| kind.is_none_or(|k| g[*i].kind == k));
        scores.sort_by(|(a, sa), (b, sb)| {
            value(sb)
                .total_cmp(&value(sa))
                .then_with(|| g[*a].name.cmp(&g[*b].name))
        });
        Ok(Ranking {
            by,
            relations: relations.to_vec(),
            kind,
            entries: scores
                .into_iter()
                .take(n)
                .enumerate()
                .map(|(k, (i, score))| Ranked {
                    rank: k + 1,
                    name: g[i].name.clone(),
                    kind: g[i].kind,
                    score,
                })
                .collect(),
        })
    }
}
