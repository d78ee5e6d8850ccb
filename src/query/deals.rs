//! `investors`, `portfolio` and `co-investors`: the deals on one side of an entity, one row
//! per distinct statement.

use super::{Filter, Source, DEAL_RELATIONS};
use crate::dictionary::EntityKind;
use crate::error::Result;
use crate::graph::{Evidence, KnowledgeGraph};
use crate::model::Attributes;
use crate::relation::{RelationKind, Status};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// Which side of the deals the entity of a [`Deals`] answer is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The entity received the money (`investors`).
    Investee,
    /// The entity put the money in (`portfolio`).
    Investor,
}

/// One deal statement: who, whom, how, when, and the sentences that say so.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deal {
    /// Source of the edge (the investor, buyer, holder or controller).
    pub investor: String,
    /// Target of the edge.
    pub investee: String,
    /// invest, acquire, holds_stake, controls (or owns, when asked for).
    pub relation: RelationKind,
    /// How the text states it.
    pub status: Status,
    /// Role, amount, round, stake and date of the statement.
    #[serde(flatten)]
    pub attrs: Attributes,
    /// Every sentence making this statement (or a less specific one, see [`Deals`]).
    pub evidence: Vec<Source>,
}

/// The answer to `investors X` ([`Side::Investee`]) or `portfolio X` ([`Side::Investor`]).
///
/// Each piece of evidence of a matching edge is a statement (investor, investee, relation,
/// status, role, amount, round, stake, date). Equal statements are one row. A statement that
/// only leaves out attributes of a more specific one of the same edge (`阿里巴巴投资小红书`
/// next to `阿里巴巴领投3亿美元`, same date) is folded into the first such row as more evidence.
/// Rows are newest first (undated last), then by counterpart name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deals {
    /// The entity asked about (canonical name).
    pub entity: String,
    /// Its side of the deals.
    pub side: Side,
    /// The statements.
    pub deals: Vec<Deal>,
}

impl Deals {
    /// The distinct counterparts (investors or investees), in row order.
    pub fn counterparts(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for d in &self.deals {
            let name = match self.side {
                Side::Investee => d.investor.as_str(),
                Side::Investor => d.investee.as_str(),
            };
            if !seen.contains(&name) {
                seen.push(name);
            }
        }
        seen
    }
}

/// One co-investor and the companies it shares with the entity asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoInvestor {
    /// Canonical name.
    pub name: String,
    /// Entity type.
    pub kind: EntityKind,
    /// The companies both invested in, by name.
    pub shared: Vec<String>,
}

/// The answer to `co-investors X`: most shared companies first, then by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoInvestors {
    /// The entity asked about.
    pub entity: String,
    /// Its portfolio under the filter, by name.
    pub portfolio: Vec<String>,
    /// The co-investors.
    pub co_investors: Vec<CoInvestor>,
}

/// Pushes `src` unless the same sentence is already there.
fn push_source(sources: &mut Vec<Source>, src: Source) {
    if !sources
        .iter()
        .any(|s| s.doc == src.doc && s.span == src.span)
    {
        sources.push(src);
    }
}

/// The distinct statements of `evidence` (the sentences of one edge), each with its
/// sentences: equal attributes are one statement, in evidence order; then a statement that
/// only leaves out attributes of a more specific one ([`Attributes::is_within`]) is folded
/// into the first such, most specific first. What `investors` and `portfolio` list as rows,
/// and what the deal records ([`crate::deals`]) are made of.
pub(crate) fn statements<'a>(
    evidence: impl IntoIterator<Item = &'a Evidence>,
) -> Vec<(Attributes, Vec<Source>)> {
    let mut statements: Vec<(Attributes, Vec<Source>)> = Vec::new();
    for ev in evidence {
        match statements.iter_mut().find(|(s, _)| *s == ev.attrs) {
            Some((_, sources)) => push_source(sources, ev.into()),
            None => statements.push((ev.attrs.clone(), vec![ev.into()])),
        }
    }
    let mut order: Vec<usize> = (0..statements.len()).collect();
    order.sort_by_key(|&i| Reverse(statements[i].0.specificity()));
    let mut kept: Vec<usize> = Vec::new();
    for i in order {
        match kept
            .iter()
            .copied()
            .find(|&k| statements[i].0.is_within(&statements[k].0))
        {
            Some(k) => {
                let moved = std::mem::take(&mut statements[i].1);
                for src in moved {
                    push_source(&mut statements[k].1, src);
                }
            }
            None => kept.push(i),
        }
    }
    statements
        .into_iter()
        .enumerate()
        .filter(|(k, _)| kept.contains(k))
        .map(|(_, s)| s)
        .collect()
}

impl KnowledgeGraph {
    /// Every investor of `entity`: one [`Deal`] per distinct statement of an incoming edge of
    /// the filter's relations (default: invest, acquire, holds_stake, controls).
    pub fn investors(&self, entity: &str, filter: &Filter) -> Result<Deals> {
        self.deals(entity, Side::Investee, filter)
    }

    /// Everything `entity` invested in, acquired, controls or holds a stake in: one [`Deal`]
    /// per distinct statement of an outgoing edge of the filter's relations.
    pub fn portfolio(&self, entity: &str, filter: &Filter) -> Result<Deals> {
        self.deals(entity, Side::Investor, filter)
    }

    fn deals(&self, entity: &str, side: Side, filter: &Filter) -> Result<Deals> {
        let question = match side {
            Side::Investee => "investors",
            Side::Investor => "portfolio",
        };
        let relations = filter.directed_relations(question, DEAL_RELATIONS)?;
        let x = self.resolve(entity)?;
        let g = self.petgraph();
        let direction = match side {
            Side::Investee => Direction::Incoming,
            Side::Investor => Direction::Outgoing,
        };
        let mut deals = Vec::new();
        for e in g.edges_directed(x, direction) {
            let edge = e.weight();
            if !filter.keeps_edge(edge, relations) {
                continue;
            }
            let (investor, investee) = (&g[e.source()].name, &g[e.target()].name);
            let statements = statements(
                edge.evidence
                    .iter()
                    .filter(|ev| filter.keeps_date(ev.attrs.date)),
            );
            for (st, evidence) in statements {
                deals.push(Deal {
                    investor: investor.clone(),
                    investee: investee.clone(),
                    relation: edge.relation,
                    status: edge.status,
                    attrs: st,
                    evidence,
                });
            }
        }
        deals.sort_by(|a, b| {
            let (ca, cb) = match side {
                Side::Investee => (&a.investor, &b.investor),
                Side::Investor => (&a.investee, &b.investee),
            };
            // Newest first; `None` sorts below any date, so reversing puts undated last.
            b.attrs
                .date
                .cmp(&a.attrs.date)
                .then_with(|| ca.cmp(cb))
                .then_with(|| a.relation.cmp(&b.relation))
                .then_with(|| a.status.cmp(&b.status))
                .then_with(|| a.attrs.role.cmp(&b.attrs.role))
                .then_with(|| {
                    let text = |d: &Deal| d.attrs.amount.as_ref().map(|m| m.text.clone());
                    text(a).cmp(&text(b))
                })
                .then_with(|| a.attrs.round.cmp(&b.attrs.round))
                .then_with(|| a.attrs.stake.cmp(&b.attrs.stake))
        });
        Ok(Deals {
            entity: g[x].name.clone(),
            side,
            deals,
        })
    }

    /// Who invested in the same companies as `entity`, and in which: the other sources of
    /// the filtered deal edges into every company of `entity`'s filtered portfolio.
    pub fn co_investors(&self, entity: &str, filter: &Filter) -> Result<CoInvestors> {
        let relations = filter.directed_relations("co-investors", DEAL_RELATIONS)?;
        let x = self.resolve(entity)?;
        let g = self.petgraph();
        let targets = |n: NodeIndex, dir: Direction| -> Vec<NodeIndex> {
            let mut v: Vec<NodeIndex> = g
                .edges_directed(n, dir)
                .filter(|e| filter.keeps_edge(e.weight(), relations))
                .map(|e| match dir {
                    Direction::Outgoing => e.target(),
                    Direction::Incoming => e.source(),
                })
                .filter(|&m| m != n)
                .collect();
            v.sort_by(|&a, &b| g[a].name.cmp(&g[b].name));
            v.dedup();
            v
        };
        let portfolio = targets(x, Direction::Outgoing);
        let mut shared: BTreeMap<&str, (EntityKind, Vec<String>)> = BTreeMap::new();
        for &c in &portfolio {
            for other in targets(c, Direction::Incoming) {
                if other == x {
                    continue;
                }
                shared
                    .entry(&g[other].name)
                    .or_insert_with(|| (g[other].kind, Vec::new()))
                    .1
                    .push(g[c].name.clone());
            }
        }
        let mut co_investors: Vec<CoInvestor> = shared
            .into_iter()
            .map(|(name, (kind, shared))| CoInvestor {
                name: name.to_string(),
                kind,
                shared,
            })
            .collect();
        co_investors.sort_by(|a, b| {
            b.shared
                .len()
                .cmp(&a.shared.len())
                .then_with(|| a.name.cmp(&b.name))
        });
        Ok(CoInvestors {
            entity: g[x].name.clone(),
            portfolio: portfolio.iter().map(|&c| g[c].name.clone()).collect(),
            co_investors,
        })
    }
}
