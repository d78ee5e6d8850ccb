//! Questions to the graph: who invested in X, what X holds (also as of a date), how X and Y
//! are linked, X's ego network, X's co-investors, and rankings. Each question is a method on [`KnowledgeGraph`]
//! that returns a typed answer with its evidence; the CLI only formats answers
//! ([`Answer::table`], serde JSON).
//!
//! Every question takes a [`Filter`] (relations, statuses, dates, minimum weight). Names are
//! resolved through node names and aliases ([`KnowledgeGraph::resolve`]), so a `graph.json`
//! read back without the dictionary answers `阿里` and `Tencent` too.
//!
//! ```
//! use dealgraph::query::Filter;
//! # fn demo(graph: &dealgraph::graph::KnowledgeGraph) -> dealgraph::Result<()> {
//! for deal in graph.investors("小红书", &Filter::default())?.deals {
//!     println!("{} {:?} {:?}", deal.investor, deal.attrs.role, deal.attrs.date);
//! }
//! # Ok(()) }
//! ```

mod deals;
mod holdings;
mod neighbors;
mod path;
mod resolve;
mod top;
mod view;

pub(crate) use deals::statements;
pub use deals::{CoInvestor, CoInvestors, Deal, Deals, Side};
pub use holdings::{Holding, HoldingEvent, Holdings};
pub use neighbors::{Neighbor, Neighborhood};
pub use path::{Chain, Hop, Paths};
pub use top::{Ranked, Ranking, Score, TopBy};

use crate::date::PartialDate;
use crate::error::{Error, Result};
use crate::graph::{Edge, Evidence, KnowledgeGraph};
use crate::model::Attributes;
use crate::relation::{RelationKind, Status};
use serde::Serialize;
use std::cmp::Ordering;

/// Which edges and statements a question looks at. The default keeps asserted statements of
/// the question's own relations ([`Question::default_relations`]), any date, any weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Relations to follow; `None` means the question's default.
    pub relations: Option<Vec<RelationKind>>,
    /// Statuses to keep (`Status::ALL` for every status).
    pub statuses: Vec<Status>,
    /// Keep statements dated on or after this date. Dates compare at the coarser of the two
    /// precisions, so `2018` includes `2018-05-31`; undated statements are dropped.
    pub since: Option<PartialDate>,
    /// Keep statements dated on or before this date (same comparison as `since`).
    pub until: Option<PartialDate>,
    /// Leave out edges stated in fewer sentences than this (the edge's `weight`).
    pub min_weight: u64,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            relations: None,
            statuses: vec![Status::Asserted],
            since: None,
            until: None,
            min_weight: 1,
        }
    }
}

/// Compares two partial dates on the precision they share (`2018` equals `2018-05-31`).
pub fn compare_dates(a: PartialDate, b: PartialDate) -> Ordering {
    a.year.cmp(&b.year).then_with(|| match (a.month, b.month) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| match (a.day, b.day) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => Ordering::Equal,
        }),
        _ => Ordering::Equal,
    })
}

impl Filter {
    /// Every status: what `--status all` means.
    pub fn all_statuses(mut self) -> Self {
        self.statuses = Status::ALL.to_vec();
        self
    }

    /// The relations in effect for a question whose default is `default`.
    pub(crate) fn relations_or<'a>(&'a self, default: &'a [RelationKind]) -> &'a [RelationKind] {
        self.relations.as_deref().unwrap_or(default)
    }

    /// Does a statement of this date pass `since`/`until`?
    pub fn keeps_date(&self, date: Option<PartialDate>) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let Some(d) = date else { return false };
        self.since
            .is_none_or(|s| compare_dates(d, s) != Ordering::Less)
            && self
                .until
                .is_none_or(|u| compare_dates(d, u) != Ordering::Greater)
    }

    /// Does this edge pass the filter for a question over `relations`: relation, status,
    /// weight, and at least one statement in the date range?
    pub(crate) fn keeps_edge(&self, e: &Edge, relations: &[RelationKind]) -> bool {
        relations.contains(&e.relation)
            && self.statuses.contains(&e.status)
            && e.weight >= self.min_weight
            && (self.since.is_none() && self.until.is_none()
                || e.evidence.iter().any(|ev| self.keeps_date(ev.attrs.date)))
    }

    /// Rejects undirected relations for questions that have a direction (investors, portfolio).
    pub(crate) fn directed_relations<'a>(
        &'a self,
        question: &str,
        default: &'a [RelationKind],
    ) -> Result<&'a [RelationKind]> {
        let relations = self.relations_or(default);
        if let Some(r) = relations.iter().find(|r| r.is_undirected()) {
            return Err(Error::Query(format!(
                "`{question}` follows directed relations (invest, acquire, holds_stake, \
                 controls, owns); {r} has no direction: ask `neighbors` or `path` instead"
            )));
        }
        Ok(relations)
    }
}

/// The deal relations: money or control moves.
pub const DEAL_RELATIONS: &[RelationKind] = &[
    RelationKind::Invest,
    RelationKind::Acquire,
    RelationKind::HoldsStake,
    RelationKind::Controls,
];

/// Every relation but co-mention: the default of `neighbors`.
pub const STATED_RELATIONS: &[RelationKind] = &[
    RelationKind::Invest,
    RelationKind::Acquire,
    RelationKind::HoldsStake,
    RelationKind::Controls,
    RelationKind::Owns,
    RelationKind::Partner,
    RelationKind::Compete,
];

/// One sentence supporting an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Document id.
    pub doc: String,
    /// The sentence.
    pub sentence: String,
    /// `[start, end)` byte range of the sentence in the document's normalised text.
    pub span: [usize; 2],
    /// The date this sentence gives the statement.
    pub date: Option<PartialDate>,
}

impl From<&Evidence> for Source {
    fn from(ev: &Evidence) -> Self {
        Source {
            doc: ev.doc.clone(),
            sentence: ev.sentence.clone(),
            span: ev.span,
            date: ev.attrs.date,
        }
    }
}

/// One edge as an answer shows it: endpoints, attributes, and the evidence that passed the
/// date filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// Source name.
    pub source: String,
    /// Target name.
    pub target: String,
    /// The relation (partner, compete and co-mention have no direction).
    pub relation: RelationKind,
    /// The status.
    pub status: Status,
    /// Sentences stating it (all of them, not only those in the date range).
    pub weight: u64,
    /// The edge's first role, amount, round and stake stated; the latest date of the evidence
    /// in the date range (for co-mentions: of the sentences kept), see [`Attributes::dated_by`].
    #[serde(flatten)]
    pub attrs: Attributes,
    /// The supporting sentences in the date range.
    pub evidence: Vec<Source>,
}

impl Link {
    pub(crate) fn new(source: &str, target: &str, e: &Edge, filter: &Filter) -> Self {
        let kept: Vec<&Evidence> = e
            .evidence
            .iter()
            .filter(|ev| filter.keeps_date(ev.attrs.date))
            .collect();
        Link {
            source: source.to_string(),
            target: target.to_string(),
            relation: e.relation,
            status: e.status,
            weight: e.weight,
            attrs: e.attrs.dated_by(kept.iter().map(|ev| ev.attrs.date)),
            evidence: kept.into_iter().map(Source::from).collect(),
        }
    }
}

/// A question, as the CLI asks it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Question {
    /// Every investor of an entity.
    Investors(String),
    /// Everything an entity invested in, acquired, controls or holds a stake in.
    Portfolio(String),
    /// The shortest chains between two entities.
    Path {
        /// Start.
        from: String,
        /// End.
        to: String,
        /// Also walk co-mention edges.
        via_comention: bool,
        /// Keep at most this many chains.
        max_paths: usize,
    },
    /// The ego network of an entity.
    Neighbors {
        /// The centre.
        entity: String,
        /// Hops from the centre.
        depth: usize,
    },
    /// Who invested in the same companies as an entity.
    CoInvestors(String),
    /// What an entity holds ([`Side::Investor`]) or who holds it ([`Side::Investee`]) as of a
    /// date, from the deal records in date order.
    Holdings {
        /// The entity.
        entity: String,
        /// Its side.
        side: Side,
        /// The date (`None`: every dated statement).
        as_of: Option<PartialDate>,
    },
    /// A ranking of entities.
    Top {
        /// The measure.
        by: TopBy,
        /// Only entities of this kind.
        kind: Option<crate::dictionary::EntityKind>,
        /// How many.
        n: usize,
    },
}

impl Question {
    /// The entity names the question mentions.
    pub fn names(&self) -> Vec<&str> {
        match self {
            Question::Investors(x) | Question::Portfolio(x) | Question::CoInvestors(x) => {
                vec![x]
            }
            Question::Holdings { entity, .. } => vec![entity],
            Question::Path { from, to, .. } => vec![from, to],
            Question::Neighbors { entity, .. } => vec![entity],
            Question::Top { .. } => Vec::new(),
        }
    }

    /// The relations a question follows when the filter names none.
    pub fn default_relations(&self) -> &'static [RelationKind] {
        match self {
            Question::Neighbors { .. } => STATED_RELATIONS,
            _ => DEAL_RELATIONS,
        }
    }
}

/// The answer to a [`Question`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "question", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Answer {
    /// Answer to `investors`.
    Investors(Deals),
    /// Answer to `portfolio`.
    Portfolio(Deals),
    /// Answer to `path`.
    Path(Paths),
    /// Answer to `neighbors`.
    Neighbors(Neighborhood),
    /// Answer to `co-investors`.
    CoInvestors(CoInvestors),
    /// Answer to `top`.
    Top(Ranking),
    /// Answer to `holdings` and `investors --as-of`.
    Holdings(Holdings),
}

impl KnowledgeGraph {
    /// Answers a question.
    pub fn ask(&self, question: &Question, filter: &Filter) -> Result<Answer> {
        Ok(match question {
            Question::Investors(x) => Answer::Investors(self.investors(x, filter)?),
            Question::Portfolio(x) => Answer::Portfolio(self.portfolio(x, filter)?),
            Question::Path {
                from,
                to,
                via_comention,
                max_paths,
            } => Answer::Path(self.path(from, to, *via_comention, *max_paths, filter)?),
            Question::Neighbors { entity, depth } => {
                Answer::Neighbors(self.neighbors(entity, *depth, filter)?)
            }
            Question::CoInvestors(x) => Answer::CoInvestors(self.co_investors(x, filter)?),
            Question::Top { by, kind, n } => Answer::Top(self.top(*by, *kind, *n, filter)?),
            Question::Holdings {
                entity,
                side,
                as_of,
            } => Answer::Holdings(self.holdings(entity, *side, *as_of, filter)?),
        })
    }
}

#[cfg(test)]
mod tests;
