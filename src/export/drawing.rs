//! What a picture shows: the drawing filters ([`Drawing`]) that pick the entities and edges of
//! `graph.dot`, `graph.svg`/`.png` and `graph.html` out of the whole graph, and the account of
//! what they left out ([`Selection::left_out`]), which the pictures print in their caption.
//!
//! The filters change the pictures only: `graph.json`, `relations.jsonl` and the database
//! formats always hold the whole graph.

use super::ExportOptions;
use crate::date::PartialDate;
use crate::dictionary::EntityKind;
use crate::error::{Error, Result};
use crate::graph::{Edge, KnowledgeGraph, Node};
use crate::query::{Filter, TopBy};
use crate::relation::RelationKind;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Beyond this many entities a drawing with no `--top` keeps the [`AUTO_TOP`] first (a
/// Graphviz picture of thousands of entities is neither quick nor legible).
pub const AUTO_TOP_ABOVE: usize = 300;
/// How many entities a drawing keeps when it is cut down automatically.
pub const AUTO_TOP: usize = 150;

/// How `--top` ranks entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
#[non_exhaustive]
pub enum RankBy {
    /// Distinct counterparts over the drawn edges.
    #[default]
    Deals,
    /// PageRank over the drawn relations.
    Pagerank,
}

impl RankBy {
    /// The name on the command line and in captions.
    pub const fn as_str(self) -> &'static str {
        match self {
            RankBy::Deals => "deals",
            RankBy::Pagerank => "pagerank",
        }
    }
}

/// The drawing filters: which entities and edges a picture shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawing {
    /// Also draw co-mention edges (named in the same sentence); off by default.
    pub comentions: bool,
    /// Draw only these relations (default: every relation but co-mention, plus co-mention
    /// with [`Drawing::comentions`]).
    pub relations: Option<Vec<RelationKind>>,
    /// Draw only entities of these kinds (empty: every kind).
    pub kinds: Vec<EntityKind>,
    /// Draw only edges with a statement dated on or after this date.
    pub since: Option<PartialDate>,
    /// Draw only edges with a statement dated on or before this date.
    pub until: Option<PartialDate>,
    /// Leave out entities with fewer distinct counterparts than this in the drawing.
    pub min_degree: usize,
    /// Leave out connected groups of fewer entities than this.
    pub min_component: usize,
    /// Keep the N highest-ranked entities (`None`: every entity, or [`AUTO_TOP`] of them
    /// when there are more than [`AUTO_TOP_ABOVE`]; `Some(0)`: every entity, however many).
    pub top: Option<usize>,
    /// How `top` ranks.
    pub top_by: RankBy,
    /// Draw the ego network of this entity (name or alias) only.
    pub around: Option<String>,
    /// Hops from `around`.
    pub depth: usize,
}

/// The entities and edges a picture shows, and what it left out.
#[derive(Debug, Clone)]
pub struct Selection<'g> {
    /// The drawn entities, by name.
    pub nodes: Vec<&'g Node>,
    /// The drawn edges, by source, target, relation, status.
    pub edges: Vec<(&'g Node, &'g Node, &'g Edge)>,
    /// Entities in the whole graph.
    pub total_nodes: usize,
    /// Edges in the whole graph.
    pub total_edges: usize,
    /// Why edges and entities were left out: (count, reason), in the order the filters ran;
    /// counts are of edges unless the reason says entities.
    pub left_out: Vec<(usize, String)>,
}

impl Selection<'_> {
    /// One line saying what the picture shows and what it left out.
    pub fn caption(&self) -> String {
        let mut s = format!(
            "{} of {} entities, {} of {} edges drawn",
            self.nodes.len(),
            self.total_nodes,
            self.edges.len(),
            self.total_edges
        );
        if !self.left_out.is_empty() {
            s.push_str("; left out: ");
            let parts: Vec<String> = self
                .left_out
                .iter()
                .map(|(n, why)| format!("{n} {why}"))
                .collect();
            s.push_str(&parts.join(", "));
        }
        s
    }

    /// Whether anything of the graph is not drawn.
    pub fn is_partial(&self) -> bool {
        self.nodes.len() < self.total_nodes || self.edges.len() < self.total_edges
    }
}

type EdgeRef<'g> = (&'g Node, &'g Node, &'g Edge);

/// Distinct counterparts of every entity over `edges`.
fn degrees<'g>(edges: &[EdgeRef<'g>]) -> BTreeMap<&'g str, BTreeSet<&'g str>> {
    let mut d: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (s, t, _) in edges {
        if s.name != t.name {
            d.entry(&s.name).or_default().insert(&t.name);
            d.entry(&t.name).or_default().insert(&s.name);
        }
    }
    d
}

/// Keeps the edges whose two ends are in `keep`; returns how many were dropped.
fn retain_between(edges: &mut Vec<EdgeRef<'_>>, keep: &BTreeSet<&str>) -> usize {
    let before = edges.len();
    edges.retain(|(s, t, _)| keep.contains(s.name.as_str()) && keep.contains(t.name.as_str()));
    before - edges.len()
}

/// The entities that have an edge in `edges`.
fn endpoints<'g>(edges: &[EdgeRef<'g>]) -> BTreeSet<&'g str> {
    edges
        .iter()
        .flat_map(|(s, t, _)| [s.name.as_str(), t.name.as_str()])
        .collect()
}

impl Drawing {
    /// The relations drawn.
    pub fn drawn_relations(&self) -> Vec<RelationKind> {
        match &self.relations {
            Some(r) => r.clone(),
            None => RelationKind::ALL
                .iter()
                .copied()
                .filter(|&r| self.comentions || r != RelationKind::CoMention)
                .collect(),
        }
    }

    /// Are both ends of an edge of the drawn kinds?
    fn keeps_kinds(&self, s: &Node, t: &Node) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&s.kind) && self.kinds.contains(&t.kind)
    }

    /// Does an edge have a statement in the date range?
    fn keeps_date(&self, e: &Edge) -> bool {
        let filter = Filter {
            since: self.since,
            until: self.until,
            ..Filter::default()
        };
        (self.since.is_none() && self.until.is_none())
            || e.evidence.iter().any(|ev| filter.keeps_date(ev.attrs.date))
    }
}

/// The entities and edges drawn for `options`, and what was left out.
///
/// Order of the filters: status and co-mention weight, relation, kind, date, ego network,
/// `min_degree`, `min_component`, then `top`. An unknown `around` name is an error.
pub fn select<'g>(graph: &'g KnowledgeGraph, options: &ExportOptions) -> Result<Selection<'g>> {
    let d = &options.drawing;
    let all = graph.edges();
    let total_edges = all.len();
    let total_nodes = graph.petgraph().node_count();
    let mut left_out: Vec<(usize, String)> = Vec::new();
    let mut note = |n: usize, why: String| {
        if n > 0 {
            left_out.push((n, why));
        }
    };
    let relations = d.drawn_relations();
    let (mut comention, mut status, mut relation, mut kind, mut date) = (0, 0, 0, 0, 0);
    let mut edges: Vec<EdgeRef<'g>> = Vec::new();
    for (s, t, e) in all {
        if !relations.contains(&e.relation) {
            if e.relation == RelationKind::CoMention && d.relations.is_none() {
                comention += 1;
            } else {
                relation += 1;
            }
        } else if !options.draws(e) {
            if e.relation == RelationKind::CoMention {
                comention += 1;
            } else {
                status += 1;
            }
        } else if !d.keeps_kinds(s, t) {
            kind += 1;
        } else if !d.keeps_date(e) {
            date += 1;
        } else {
            edges.push((s, t, e));
        }
    }
    note(
        comention,
        "co-mention edges (--comentions draws them)".into(),
    );
    note(
        status,
        "denied, speculative, planned or hypothetical edges (--all-statuses)".into(),
    );
    note(relation, "edges of other relations (--relation)".into());
    note(kind, "edges to entities of other kinds (--kind)".into());
    note(date, "edges dated outside --since/--until".into());

    if let Some(name) = &d.around {
        let center = graph.resolve_name(name)?;
        let mut adjacency: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (s, t, _) in &edges {
            adjacency.entry(&s.name).or_default().push(&t.name);
            adjacency.entry(&t.name).or_default().push(&s.name);
        }
        let mut seen: BTreeSet<&str> = BTreeSet::from([center]);
        let mut queue = VecDeque::from([(center, 0usize)]);
        while let Some((n, k)) = queue.pop_front() {
            if k == d.depth {
                continue;
            }
            for &m in adjacency.get(n).map_or(&[][..], |v| v.as_slice()) {
                if seen.insert(m) {
                    queue.push_back((m, k + 1));
                }
            }
        }
        let dropped = retain_between(&mut edges, &seen);
        note(
            dropped,
            format!(
                "edges farther than {} hops from {center} (--around)",
                d.depth
            ),
        );
        if edges.is_empty() {
            // The centre alone is still drawn.
            let node = graph.node(center).expect("resolved");
            return Ok(Selection {
                nodes: vec![node],
                edges,
                total_nodes,
                total_edges,
                left_out,
            });
        }
    }

    if d.min_degree > 1 {
        let deg = degrees(&edges);
        let keep: BTreeSet<&str> = deg
            .iter()
            .filter(|(_, set)| set.len() >= d.min_degree)
            .map(|(n, _)| *n)
            .collect();
        let before = endpoints(&edges).len();
        retain_between(&mut edges, &keep);
        note(
            before - endpoints(&edges).len(),
            format!(
                "entities with fewer than {} counterparts (--min-degree)",
                d.min_degree
            ),
        );
    }

    if d.min_component > 1 {
        let components = components(&edges);
        let keep: BTreeSet<&str> = components
            .iter()
            .filter(|c| c.len() >= d.min_component)
            .flatten()
            .copied()
            .collect();
        let before = endpoints(&edges).len();
        retain_between(&mut edges, &keep);
        note(
            before - endpoints(&edges).len(),
            format!(
                "entities in groups of fewer than {} (--min-component)",
                d.min_component
            ),
        );
    }

    let present = endpoints(&edges);
    let top = match d.top {
        Some(0) => None,
        Some(n) => Some(n),
        None if present.len() > AUTO_TOP_ABOVE => Some(AUTO_TOP),
        None => None,
    };
    if let Some(n) = top.filter(|&n| n < present.len()) {
        let ranked = rank(graph, &edges, d.top_by, &relations, options.all_statuses)?;
        let keep: BTreeSet<&str> = ranked.into_iter().take(n).collect();
        retain_between(&mut edges, &keep);
        let auto = if d.top.is_none() {
            " (more than 300 to draw; --top N or --top 0 to change)"
        } else {
            ""
        };
        note(
            present.len() - endpoints(&edges).len(),
            format!(
                "entities outside the top {n} by {}{auto}",
                d.top_by.as_str()
            ),
        );
    }

    let nodes: Vec<&Node> = if edges.is_empty() && total_edges == 0 {
        // A graph with no edge at all still shows its entities.
        graph
            .nodes()
            .into_iter()
            .filter(|n| d.kinds.is_empty() || d.kinds.contains(&n.kind))
            .collect()
    } else {
        let used = endpoints(&edges);
        graph
            .nodes()
            .into_iter()
            .filter(|n| used.contains(n.name.as_str()))
            .collect()
    };
    Ok(Selection {
        nodes,
        edges,
        total_nodes,
        total_edges,
        left_out,
    })
}

/// The connected groups of entities of `edges` (directions ignored), each sorted by name.
fn components<'g>(edges: &[EdgeRef<'g>]) -> Vec<Vec<&'g str>> {
    let deg = degrees(edges);
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    for &start in deg.keys() {
        if !seen.insert(start) {
            continue;
        }
        let mut group = vec![start];
        let mut stack = vec![start];
        while let Some(n) = stack.pop() {
            for &m in &deg[n] {
                if seen.insert(m) {
                    group.push(m);
                    stack.push(m);
                }
            }
        }
        group.sort_unstable();
        out.push(group);
    }
    out
}

/// The entities of `edges`, best first (ties by name).
fn rank<'g>(
    graph: &'g KnowledgeGraph,
    edges: &[EdgeRef<'g>],
    by: RankBy,
    relations: &[RelationKind],
    all_statuses: bool,
) -> Result<Vec<&'g str>> {
    let present = endpoints(edges);
    let mut scored: Vec<(&str, f64)> = match by {
        RankBy::Deals => degrees(edges)
            .into_iter()
            .map(|(n, set)| (n, set.len() as f64))
            .collect(),
        RankBy::Pagerank => {
            let mut filter = Filter {
                relations: Some(relations.to_vec()),
                ..Filter::default()
            };
            if all_statuses {
                filter = filter.all_statuses();
            }
            let ranking = graph
                .top(TopBy::Pagerank, None, usize::MAX, &filter)
                .map_err(|e| Error::Query(format!("--top-by pagerank: {e}")))?;
            ranking
                .entries
                .iter()
                .filter_map(|r| {
                    let name = present.get(r.name.as_str())?;
                    let score = match r.score {
                        crate::query::Score::Rank(x) => x,
                        crate::query::Score::Count(c) => c as f64,
                    };
                    Some((*name, score))
                })
                .collect()
        }
    };
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    Ok(scored.into_iter().map(|(n, _)| n).collect())
}
