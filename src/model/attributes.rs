//! The attributes a statement of a relation can carry (role, amount, round, stake, date) and
//! the four ways they are merged: [`Attributes::fill_from`] (the candidates of one sentence),
//! [`Attributes::add_statement`] (the statements of one graph edge),
//! [`Attributes::dated_by`] (an edge shown for a date range) and [`Attributes::is_within`]
//! with [`Attributes::specificity`] (less specific statements folded into more specific ones).

use super::amount::Amount;
use super::date::PartialDate;
use super::relation::Role;
use serde::{Deserialize, Serialize};

/// Role, amount, round, stake and date of one statement (or of an edge: see the merge
/// methods). Serialised flat: every output writes the five fields where the struct stands.
///
/// The amount is an [`Amount`] (text, value, currency) everywhere but in the gold format
/// ([`RelationLine`](super::relation::RelationLine)), which writes it as text: `Attributes<String>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attributes<A = Amount> {
    /// lead / follow / increase.
    pub role: Option<Role>,
    /// Money.
    pub amount: Option<A>,
    /// Funding round (天使轮, A轮, Pre-A, 战略融资, 新一轮, …).
    pub round: Option<String>,
    /// Percentage stake as written (`10.2%`).
    pub stake: Option<String>,
    /// Date of the fact.
    pub date: Option<PartialDate>,
}

impl<A> Default for Attributes<A> {
    /// No attribute stated.
    fn default() -> Self {
        Attributes {
            role: None,
            amount: None,
            round: None,
            stake: None,
            date: None,
        }
    }
}

impl<A: Clone + PartialEq> Attributes<A> {
    /// Candidates of one sentence merged: each attribute missing here is taken from `other`
    /// (the first stated wins, date included).
    pub fn fill_from(&mut self, other: Attributes<A>) {
        self.role = self.role.or(other.role);
        self.amount = self.amount.take().or(other.amount);
        self.round = self.round.take().or(other.round);
        self.stake = self.stake.take().or(other.stake);
        self.date = self.date.or(other.date);
    }

    /// One more statement of a graph edge: role, amount, round and stake stay the first
    /// stated; the date becomes the latest stated.
    pub fn add_statement(&mut self, statement: &Attributes<A>) {
        self.role = self.role.or(statement.role);
        if self.amount.is_none() {
            self.amount = statement.amount.clone();
        }
        if self.round.is_none() {
            self.round = statement.round.clone();
        }
        if self.stake.is_none() {
            self.stake = statement.stake.clone();
        }
        self.date = self.date.max(statement.date);
    }

    /// An edge's attributes shown for the statements dated `dates` (those kept by a date
    /// filter): the date is the latest of them, or the edge's own when none is dated.
    pub fn dated_by(&self, dates: impl IntoIterator<Item = Option<PartialDate>>) -> Attributes<A> {
        Attributes {
            date: dates.into_iter().flatten().max().or(self.date),
            ..self.clone()
        }
    }

    /// How many attributes are stated.
    pub fn specificity(&self) -> usize {
        usize::from(self.role.is_some())
            + usize::from(self.amount.is_some())
            + usize::from(self.round.is_some())
            + usize::from(self.stake.is_some())
            + usize::from(self.date.is_some())
    }

    /// Does `self` say nothing `other` does not (every attribute absent or equal)? Then a
    /// statement with `self` can be folded into one with `other`.
    pub fn is_within(&self, other: &Attributes<A>) -> bool {
        fn fits<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
            a.is_none() || a == b
        }
        fits(&self.role, &other.role)
            && fits(&self.amount, &other.amount)
            && fits(&self.round, &other.round)
            && fits(&self.stake, &other.stake)
            && fits(&self.date, &other.date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(text: &str, value: f64) -> Amount {
        Amount {
            text: text.into(),
            value: Some(value),
            currency: Some("USD".into()),
        }
    }

    fn lead_3yi() -> Attributes {
        Attributes {
            role: Some(Role::Lead),
            amount: Some(usd("3亿美元", 3e8)),
            round: None,
            stake: None,
            date: Some(PartialDate::year(2017)),
        }
    }

    fn follow_b_2018() -> Attributes {
        Attributes {
            role: Some(Role::Follow),
            amount: Some(usd("1亿美元", 1e8)),
            round: Some("B轮".into()),
            stake: Some("5%".into()),
            date: Some(PartialDate::year(2018)),
        }
    }

    #[test]
    fn fill_from_keeps_the_first_stated_of_each() {
        let mut a = lead_3yi();
        a.fill_from(follow_b_2018());
        assert_eq!(
            a,
            Attributes {
                round: Some("B轮".into()),
                stake: Some("5%".into()),
                ..lead_3yi()
            }
        );
    }

    #[test]
    fn add_statement_keeps_the_first_stated_and_the_latest_date() {
        let mut edge = lead_3yi();
        edge.add_statement(&follow_b_2018());
        assert_eq!(
            edge,
            Attributes {
                round: Some("B轮".into()),
                stake: Some("5%".into()),
                date: Some(PartialDate::year(2018)),
                ..lead_3yi()
            }
        );
        let mut later_first = follow_b_2018();
        later_first.add_statement(&lead_3yi());
        assert_eq!(later_first, follow_b_2018());
    }

    #[test]
    fn dated_by_takes_the_latest_kept_date_or_the_edges() {
        let edge = follow_b_2018();
        let kept = [
            None,
            Some(PartialDate::year(2015)),
            PartialDate::month(2016, 3),
        ];
        assert_eq!(
            edge.dated_by(kept),
            Attributes {
                date: PartialDate::month(2016, 3),
                ..follow_b_2018()
            }
        );
        assert_eq!(edge.dated_by([None]), follow_b_2018());
        assert_eq!(edge.dated_by([]), follow_b_2018());
    }

    #[test]
    fn is_within_and_specificity_fold_less_specific_statements() {
        let lead = Attributes {
            role: Some(Role::Lead),
            ..Attributes::default()
        };
        assert_eq!(Attributes::<Amount>::default().specificity(), 0);
        assert_eq!(lead.specificity(), 1);
        assert_eq!(follow_b_2018().specificity(), 5);
        assert!(Attributes::default().is_within(&lead_3yi()));
        assert!(lead.is_within(&lead_3yi()));
        assert!(!lead.is_within(&follow_b_2018()));
        assert!(!lead_3yi().is_within(&lead));
    }

    #[test]
    fn serialises_flat_where_it_stands() {
        #[derive(Serialize, Deserialize, Debug, PartialEq)]
        struct Edge {
            weight: u64,
            #[serde(flatten)]
            attrs: Attributes,
            evidence: Vec<u8>,
        }
        let e = Edge {
            weight: 2,
            attrs: lead_3yi(),
            evidence: vec![],
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"weight":2,"role":"lead","amount":{"text":"3亿美元","value":300000000,"currency":"USD"},"round":null,"stake":null,"date":"2017","evidence":[]}"#
        );
        assert_eq!(serde_json::from_str::<Edge>(&json).unwrap(), e);
    }
}
