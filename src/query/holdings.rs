//! `holdings X [--as-of D]` and `investors Y --as-of D`: who holds what as of a date, from the
//! dated deal records ([`KnowledgeGraph::deal_records`]), later statements applied in date
//! order.
//!
//! Each party of a deal record is one statement (holder, relation, target, status, role,
//! stake, date). The statements of one (holder, target) pair dated on or before the as-of date
//! are applied in date order (same date: speculative and planned, then asserted, then denied):
//!
//! - asserted: the pair is held (the strongest relation stated while held wins: acquire, then
//!   controls, holds_stake, invest); a stake stated replaces the previous one (增持 to 18%);
//! - planned or speculative: the pair is planned or rumoured, unless already held;
//! - denied: the pair is no longer held, planned or rumoured, unless the denial is of another
//!   relation than the one held (a denied acquisition leaves an investment standing);
//! - hypothetical statements are not reports of a fact and are not applied.
//!
//! A date stands for the end of its period: a statement dated `2014` is known by 2014-12-31,
//! so it is applied after one of 2014-01-13 and counts as of `2014` or `2015-03`, not as of
//! `2014-06` (unlike `--until`, which compares at the coarser precision). Statements without a
//! date (a document without a date line and a sentence without one) cannot be placed in time:
//! they are left out and counted ([`Holdings::undated`]).

use super::{Filter, Side, Source, DEAL_RELATIONS};
use crate::date::PartialDate;
use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;
use crate::relation::{RelationKind, Role, Status};
use serde::Serialize;
use std::collections::BTreeMap;

/// One statement applied to a holding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HoldingEvent {
    /// The date of the statement.
    pub date: PartialDate,
    /// The deal record it belongs to.
    pub deal: String,
    /// Its relation.
    pub relation: RelationKind,
    /// Its status.
    pub status: Status,
    /// Its role (增持 is `increase`).
    pub role: Option<Role>,
    /// The stake it states.
    pub stake: Option<String>,
    /// The sentences stating it.
    pub evidence: Vec<Source>,
}

/// What one holder holds of one target as of the date asked about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holding {
    /// The holder (investor, buyer, controller).
    pub holder: String,
    /// What it holds.
    pub target: String,
    /// The strongest relation asserted while held (else the relation of the last statement).
    pub relation: RelationKind,
    /// The state: `asserted` (held), `planned`, `speculative` (rumoured) or `denied` (a
    /// denial came last).
    pub status: Status,
    /// The last stake stated while held.
    pub stake: Option<String>,
    /// The date it became held (for a holding that is held).
    pub since: Option<PartialDate>,
    /// The date of the last statement applied.
    pub last: PartialDate,
    /// Every statement applied, in date order.
    pub history: Vec<HoldingEvent>,
}

/// The answer to `holdings X` ([`Side::Investor`]) or `investors Y --as-of D`
/// ([`Side::Investee`]): one [`Holding`] per counterpart and state kept by the filter's
/// statuses, by counterpart name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holdings {
    /// The entity asked about (canonical name).
    pub entity: String,
    /// Its side: the holder (`holdings`) or the target (`investors`).
    pub side: Side,
    /// The date asked about (`None`: every dated statement).
    pub as_of: Option<PartialDate>,
    /// The holdings.
    pub holdings: Vec<Holding>,
    /// Statements dated after `as_of`, not applied.
    pub later: usize,
    /// Statements without a date, not applied.
    pub undated: usize,
}

/// What a pair is, as its statements are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Held,
    Planned,
    Rumoured,
    Denied,
}

impl State {
    fn status(self) -> Status {
        match self {
            State::Held => Status::Asserted,
            State::Planned => Status::Planned,
            State::Rumoured => Status::Speculative,
            State::Denied => Status::Denied,
        }
    }
}

/// The last day a partial date can mean, as (year, month, day) for ordering: `2014` is
/// (2014, 12, 31), `2014-02` is (2014, 2, 31).
fn period_end(d: PartialDate) -> (i32, u8, u8) {
    (d.year, d.month.unwrap_or(12), d.day.unwrap_or(31))
}

/// The order of statements on the same date: hedged ones first, then facts, then denials.
fn status_rank(s: Status) -> u8 {
    match s {
        Status::Speculative | Status::Hypothetical => 0,
        Status::Planned => 1,
        Status::Asserted => 2,
        _ => 3,
    }
}

/// acquire > controls > holds_stake > invest.
fn strength(r: RelationKind) -> u8 {
    match r {
        RelationKind::Acquire => 4,
        RelationKind::Controls => 3,
        RelationKind::HoldsStake => 2,
        _ => 1,
    }
}

/// Applies the events of one pair, in order.
fn apply(holder: &str, target: &str, events: Vec<HoldingEvent>) -> Option<Holding> {
    let mut state: Option<State> = None;
    let mut relation = events.first()?.relation;
    let (mut stake, mut since) = (None, None);
    for e in &events {
        let held = state == Some(State::Held);
        match e.status {
            Status::Asserted => {
                if held {
                    if strength(e.relation) > strength(relation) {
                        relation = e.relation;
                    }
                } else {
                    relation = e.relation;
                    since = Some(e.date);
                    stake = None;
                }
                stake = e.stake.clone().or(stake);
                state = Some(State::Held);
            }
            Status::Planned | Status::Speculative if !held => {
                relation = e.relation;
                state = Some(if e.status == Status::Planned {
                    State::Planned
                } else {
                    State::Rumoured
                });
            }
            Status::Denied if !held || e.relation == relation => {
                relation = e.relation;
                state = Some(State::Denied);
                stake = None;
                since = None;
            }
            _ => {}
        }
    }
    Some(Holding {
        holder: holder.to_string(),
        target: target.to_string(),
        relation,
        status: state?.status(),
        stake,
        since,
        last: events.last()?.date,
        history: events,
    })
}

impl KnowledgeGraph {
    /// What `entity` holds ([`Side::Investor`]) or who holds `entity` ([`Side::Investee`]) as
    /// of `as_of` (every dated statement when `None`), from the deal records of the filter's
    /// relations (default: invest, acquire, holds_stake, controls); the holdings whose state
    /// is one of the filter's statuses. `--since`, `--until` and `--min-weight` do not apply.
    pub fn holdings(
        &self,
        entity: &str,
        side: Side,
        as_of: Option<PartialDate>,
        filter: &Filter,
    ) -> Result<Holdings> {
        let question = match side {
            Side::Investor => "holdings",
            Side::Investee => "investors --as-of",
        };
        if filter.since.is_some() || filter.until.is_some() || filter.min_weight != 1 {
            return Err(Error::Query(format!(
                "`{question}` applies the deal records in date order: --since, --until and \
                 --min-weight do not combine with it"
            )));
        }
        let relations = filter.directed_relations(question, DEAL_RELATIONS)?;
        let x = self.resolve(entity)?;
        let name = self.petgraph()[x].name.clone();
        let mut pairs: BTreeMap<(String, String), Vec<HoldingEvent>> = BTreeMap::new();
        let (mut later, mut undated) = (0, 0);
        for deal in self.deal_records() {
            if !relations.contains(&deal.relation) || deal.status == Status::Hypothetical {
                continue;
            }
            for p in deal.parties {
                let ours = match side {
                    Side::Investor => p.name == name,
                    Side::Investee => deal.target == name,
                };
                if !ours {
                    continue;
                }
                let Some(date) = p.date else {
                    undated += 1;
                    continue;
                };
                if as_of.is_some_and(|d| period_end(date) > period_end(d)) {
                    later += 1;
                    continue;
                }
                pairs
                    .entry((p.name, deal.target.clone()))
                    .or_default()
                    .push(HoldingEvent {
                        date,
                        deal: deal.id.clone(),
                        relation: deal.relation,
                        status: deal.status,
                        role: p.role,
                        stake: p.stake,
                        evidence: p.evidence,
                    });
            }
        }
        let mut holdings = Vec::new();
        for ((holder, target), mut events) in pairs {
            events.sort_by(|a, b| {
                (period_end(a.date), status_rank(a.status), a.date, &a.deal).cmp(&(
                    period_end(b.date),
                    status_rank(b.status),
                    b.date,
                    &b.deal,
                ))
            });
            if let Some(h) = apply(&holder, &target, events) {
                if filter.statuses.contains(&h.status) {
                    holdings.push(h);
                }
            }
        }
        Ok(Holdings {
            entity: name,
            side,
            as_of,
            holdings,
            later,
            undated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(
        date: &str,
        relation: RelationKind,
        status: Status,
        stake: Option<&str>,
    ) -> HoldingEvent {
        HoldingEvent {
            date: PartialDate::parse(date).unwrap(),
            deal: format!("deal-{date}"),
            relation,
            status,
            role: None,
            stake: stake.map(str::to_string),
            evidence: Vec::new(),
        }
    }

    /// (relation, status, stake, since) after applying `events`.
    fn state(events: Vec<HoldingEvent>) -> (RelationKind, Status, Option<String>, Option<String>) {
        let h = apply("甲", "乙", events).unwrap();
        (
            h.relation,
            h.status,
            h.stake,
            h.since.map(|d| d.to_string()),
        )
    }

    use RelationKind::{Acquire, HoldsStake, Invest};
    use Status::{Asserted, Denied, Planned, Speculative};

    #[test]
    fn planned_then_completed_is_held_from_the_completion() {
        let events = vec![
            event("2018-01", Acquire, Planned, None),
            event("2018-06", Acquire, Asserted, Some("100%")),
        ];
        assert_eq!(state(events[..1].to_vec()), (Acquire, Planned, None, None));
        assert_eq!(
            state(events),
            (
                Acquire,
                Asserted,
                Some("100%".into()),
                Some("2018-06".into())
            )
        );
    }

    #[test]
    fn stakes_change_and_the_strongest_relation_stays() {
        let events = vec![
            event("2014", HoldsStake, Asserted, Some("15%")),
            event("2016", Invest, Asserted, None),
            event("2019", Invest, Asserted, Some("18%")),
        ];
        assert_eq!(
            state(events),
            (
                HoldsStake,
                Asserted,
                Some("18%".into()),
                Some("2014".into())
            )
        );
    }

    #[test]
    fn a_denial_removes_what_it_denies_only() {
        let rumour_denied = vec![
            event("2019-03", Acquire, Speculative, None),
            event("2019-06", Acquire, Denied, None),
        ];
        assert_eq!(state(rumour_denied), (Acquire, Denied, None, None));
        let other_relation = vec![
            event("2018", Invest, Asserted, Some("5%")),
            event("2019", Acquire, Speculative, None),
            event("2019-06", Acquire, Denied, None),
        ];
        assert_eq!(
            state(other_relation),
            (Invest, Asserted, Some("5%".into()), Some("2018".into()))
        );
        let held_then_denied = vec![
            event("2018", Invest, Asserted, Some("5%")),
            event("2019", Invest, Denied, None),
            event("2020", Invest, Asserted, None),
        ];
        assert_eq!(
            state(held_then_denied),
            (Invest, Asserted, None, Some("2020".into()))
        );
    }
}
