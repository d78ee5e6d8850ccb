//! Deal records: each stated deal (a round, an acquisition, a stake) as one record with its
//! parties and their roles, derived from the graph's deal edges as a pure function of the
//! graph (no state of its own), so that whatever builds, merges or updates a graph carries its
//! deals along. `deals.jsonl` and the `Deal` nodes of the database exports are written from
//! [`KnowledgeGraph::deal_records`].
//!
//! How statements become deals (docs/outputs.md says the same for users):
//!
//! 1. The statements of a deal edge (invest, acquire, holds_stake, controls) in one document
//!    are those `dealgraph query investors` would list for that document: sentences with equal
//!    attributes are one statement, and a statement that only leaves out attributes of a more
//!    specific one is folded into it.
//! 2. A statement that names its round and has a date belongs to the deal
//!    (relation, target, status, round, year): the same round of the same company in the same
//!    year is one deal, across documents too.
//! 3. Any other statement belongs to the deal (relation, target, status, round, date, document):
//!    the investors that one article names with the same round and date (or with neither) form
//!    one deal; statements of other articles never join it.
//! 4. Within a deal, a party's statement that says nothing its more specific statement does
//!    not (the same, or its date at a coarser precision: `2018` next to `2018-05-31`) is
//!    folded into it.
//!
//! The id is `deal-` and the FNV-1a 64-bit hash of that key, so it depends neither on the
//! input order nor on the other deals, and stays the same when more articles are added.

use crate::date::PartialDate;
use crate::graph::{Evidence, KnowledgeGraph};
use crate::query::Source;
use crate::relation::{Amount, RelationKind, Role, Status};
use serde::Serialize;
use std::collections::BTreeMap;

/// One party of a deal: an investor, buyer or holder, with what its statement says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    /// Canonical name.
    pub name: String,
    /// lead, follow or increase, when stated.
    pub role: Option<Role>,
    /// The amount this party's statement gives (its share, or the round's total).
    pub amount: Option<Amount>,
    /// The stake this party's statement gives.
    pub stake: Option<String>,
    /// The date this party's statement gives.
    pub date: Option<PartialDate>,
    /// The sentences stating it.
    pub evidence: Vec<Source>,
}

/// One deal: who put money into (or bought, holds, controls) which target, how, when, as
/// which statements say.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DealRecord {
    /// `deal-` and 16 hex digits: the hash of the deal's key (see the module documentation).
    pub id: String,
    /// invest, acquire, holds_stake or controls.
    pub relation: RelationKind,
    /// The investee, the company bought, held or controlled.
    pub target: String,
    /// How the text states it.
    pub status: Status,
    /// The round, when stated.
    pub round: Option<String>,
    /// The largest amount a party states (a share is never larger than the total).
    pub amount: Option<Amount>,
    /// The stake, when the parties that state one all state the same.
    pub stake: Option<String>,
    /// The most precise date the parties give (the earliest of those).
    pub date: Option<PartialDate>,
    /// The documents stating it, sorted.
    pub documents: Vec<String>,
    /// The parties, by name, then role, amount, stake and date.
    pub parties: Vec<Party>,
}

/// What makes two statements one deal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum DealKey {
    /// A named round with a date: one deal per round and year, across documents.
    Round {
        relation: RelationKind,
        target: String,
        status: Status,
        round: String,
        year: i32,
    },
    /// Anything else: one deal per round and date within one document.
    Document {
        relation: RelationKind,
        target: String,
        status: Status,
        round: Option<String>,
        date: Option<PartialDate>,
        doc: String,
    },
}

impl DealKey {
    /// The key as a JSON array, the text that is hashed into the id.
    fn text(&self) -> String {
        let v = match self {
            DealKey::Round {
                relation,
                target,
                status,
                round,
                year,
            } => serde_json::json!(["round", relation, target, status, round, year]),
            DealKey::Document {
                relation,
                target,
                status,
                round,
                date,
                doc,
            } => serde_json::json!(["document", relation, target, status, round, date, doc]),
        };
        v.to_string()
    }

    /// `deal-` and the FNV-1a 64-bit hash of [`DealKey::text`], in hex.
    fn id(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in self.text().bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("deal-{h:016x}")
    }
}

/// How many parts a date has (year 1, month 2, day 3).
fn precision(d: &PartialDate) -> u8 {
    1 + u8::from(d.month.is_some()) + u8::from(d.day.is_some())
}

/// Orders amounts so that the largest is last: a value beats none, then by value, then by
/// text (reversed, so that of two equal values the text sorting first wins).
fn amount_order(a: &Amount, b: &Amount) -> std::cmp::Ordering {
    let v = |m: &Amount| m.value.filter(|x| x.is_finite());
    match (v(a), v(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Greater,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then_with(|| b.text.cmp(&a.text))
}

fn amount_text(a: &Option<Amount>) -> Option<&str> {
    a.as_ref().map(|m| m.text.as_str())
}

/// How many of role, amount, stake and date parts a party states.
fn party_specificity(p: &Party) -> usize {
    usize::from(p.role.is_some())
        + usize::from(p.amount.is_some())
        + usize::from(p.stake.is_some())
        + p.date.as_ref().map_or(0, |d| usize::from(precision(d)))
}

/// Folds the statements of one party of a deal that say nothing the party's more specific
/// statements do not: role, amount and stake absent or equal, the date absent or the same at
/// the coarser precision (`2018` within `2018-05-31`). Only a deal merged across documents
/// has such statements (within a document, [`crate::query::statements`] folded them).
fn fold_parties(mut parties: Vec<Party>) -> Vec<Party> {
    parties.sort_by(|a, b| {
        party_specificity(b)
            .cmp(&party_specificity(a))
            .then_with(|| a.date.cmp(&b.date))
            .then_with(|| amount_text(&a.amount).cmp(&amount_text(&b.amount)))
            .then_with(|| (a.role, &a.stake).cmp(&(b.role, &b.stake)))
    });
    let mut kept: Vec<Party> = Vec::new();
    for p in parties {
        fn fits<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
            a.is_none() || a == b
        }
        let into = kept.iter_mut().find(|k| {
            k.name == p.name
                && fits(&p.role, &k.role)
                && fits(&p.amount, &k.amount)
                && fits(&p.stake, &k.stake)
                && match (p.date, k.date) {
                    (None, _) => true,
                    (Some(a), Some(b)) => {
                        precision(&a) <= precision(&b) && crate::query::compare_dates(a, b).is_eq()
                    }
                    (Some(_), None) => false,
                }
        });
        match into {
            Some(k) => {
                for src in p.evidence {
                    if !k
                        .evidence
                        .iter()
                        .any(|s| s.doc == src.doc && s.span == src.span)
                    {
                        k.evidence.push(src);
                    }
                }
                k.evidence
                    .sort_by(|a, b| (&a.doc, a.span).cmp(&(&b.doc, b.span)));
            }
            None => kept.push(p),
        }
    }
    kept
}

impl KnowledgeGraph {
    /// Every deal the graph's deal edges state (all statuses), sorted by target, date
    /// (undated first), relation, status, round and id. A pure function of the graph: the
    /// same graph gives the same records whatever order its evidence was added in.
    pub fn deal_records(&self) -> Vec<DealRecord> {
        let mut groups: BTreeMap<DealKey, Vec<Party>> = BTreeMap::new();
        for (source, target, edge) in self.edges() {
            if !edge.relation.is_deal() {
                continue;
            }
            // Each document's statements on their own (a canonical order, so that nothing
            // depends on the order documents were added in): different articles make
            // different deals unless round and year agree.
            let mut by_doc: BTreeMap<&str, Vec<&Evidence>> = BTreeMap::new();
            for ev in &edge.evidence {
                by_doc.entry(&ev.doc).or_default().push(ev);
            }
            for (doc, mut evidence) in by_doc {
                // By span; the same sentence stated twice with other attributes by the whole
                // evidence, so that the order is total.
                evidence.sort_by(|a, b| {
                    a.span.cmp(&b.span).then_with(|| {
                        let json = |e: &Evidence| serde_json::to_string(e).unwrap_or_default();
                        json(a).cmp(&json(b))
                    })
                });
                for (attrs, mut sources) in crate::query::statements(evidence) {
                    sources.sort_by_key(|s| s.span);
                    let key = match (&attrs.round, attrs.date) {
                        (Some(round), Some(date)) => DealKey::Round {
                            relation: edge.relation,
                            target: target.name.clone(),
                            status: edge.status,
                            round: round.clone(),
                            year: date.year,
                        },
                        _ => DealKey::Document {
                            relation: edge.relation,
                            target: target.name.clone(),
                            status: edge.status,
                            round: attrs.round.clone(),
                            date: attrs.date,
                            doc: doc.to_string(),
                        },
                    };
                    groups.entry(key).or_default().push(Party {
                        name: source.name.clone(),
                        role: attrs.role,
                        amount: attrs.amount,
                        stake: attrs.stake,
                        date: attrs.date,
                        evidence: sources,
                    });
                }
            }
        }
        let mut deals: Vec<DealRecord> = groups
            .into_iter()
            .map(|(key, parties)| {
                let mut parties = fold_parties(parties);
                parties.sort_by(|a, b| {
                    (&a.name, a.role, amount_text(&a.amount), &a.stake, a.date).cmp(&(
                        &b.name,
                        b.role,
                        amount_text(&b.amount),
                        &b.stake,
                        b.date,
                    ))
                });
                let (relation, target, status, round) = match &key {
                    DealKey::Round {
                        relation,
                        target,
                        status,
                        round,
                        ..
                    } => (*relation, target.clone(), *status, Some(round.clone())),
                    DealKey::Document {
                        relation,
                        target,
                        status,
                        round,
                        ..
                    } => (*relation, target.clone(), *status, round.clone()),
                };
                let amount = parties
                    .iter()
                    .filter_map(|p| p.amount.as_ref())
                    .max_by(|a, b| amount_order(a, b))
                    .cloned();
                let mut stakes: Vec<&String> =
                    parties.iter().filter_map(|p| p.stake.as_ref()).collect();
                stakes.sort();
                stakes.dedup();
                let stake = match stakes.as_slice() {
                    [only] => Some((*only).clone()),
                    _ => None,
                };
                let date = parties
                    .iter()
                    .filter_map(|p| p.date)
                    .min_by_key(|d| (std::cmp::Reverse(precision(d)), *d));
                let mut documents: Vec<String> = parties
                    .iter()
                    .flat_map(|p| p.evidence.iter().map(|s| s.doc.clone()))
                    .collect();
                documents.sort();
                documents.dedup();
                DealRecord {
                    id: key.id(),
                    relation,
                    target,
                    status,
                    round,
                    amount,
                    stake,
                    date,
                    documents,
                    parties,
                }
            })
            .collect();
        deals.sort_by(|a, b| {
            (&a.target, a.date, a.relation, a.status, &a.round, &a.id)
                .cmp(&(&b.target, b.date, b.relation, b.status, &b.round, &b.id))
        });
        deals
    }
}

/// `deals.jsonl`: one [`DealRecord`] per line, in [`KnowledgeGraph::deal_records`] order.
pub fn deals_jsonl(deals: &[DealRecord]) -> Vec<u8> {
    let mut out = Vec::new();
    for d in deals {
        serde_json::to_writer(&mut out, d).expect("deal records serialise");
        out.push(b'\n');
    }
    out
}
