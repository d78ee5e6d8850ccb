//! Answers as tables (text and CSV share the columns) and as the summary lines printed above
//! a text table. Rows that show one sentence show its document and date with it (the JSON
//! answer has every sentence).

use super::{
    Answer, CoInvestors, Deal, Deals, Holdings, Link, Neighborhood, Paths, Ranking, Side, Source,
};
use crate::model::Attributes;
use crate::table::{Column, Table};

/// Widest sentence shown in a text table (display cells).
const SENTENCE_WIDTH: usize = 48;

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

/// Date, document and sentence of the first source (empty cells when there is none).
fn first_source(sources: &[Source]) -> [String; 3] {
    match sources.first() {
        Some(s) => [opt(&s.date), s.doc.clone(), s.sentence.clone()],
        None => Default::default(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Answer {
    /// The rows of the answer: what the text table shows and what `--csv` writes.
    pub fn table(&self) -> Table {
        match self {
            Answer::Investors(d) | Answer::Portfolio(d) => deals_table(d),
            Answer::Path(p) => path_table(p),
            Answer::Neighbors(n) => links_table(&n.links),
            Answer::CoInvestors(c) => co_investors_table(c),
            Answer::Top(r) => top_table(r),
            Answer::Holdings(h) => holdings_table(h),
        }
    }

    /// The lines printed above the text table (what was asked, how much was found).
    pub fn summary(&self) -> Vec<String> {
        match self {
            Answer::Holdings(h) => holdings_summary(h),
            Answer::Investors(d) | Answer::Portfolio(d) => deals_summary(d),
            Answer::Path(p) => path_summary(p),
            Answer::Neighbors(n) => neighbors_summary(n),
            Answer::CoInvestors(c) => vec![format!(
                "co-investors of {}: {} across a portfolio of {}",
                c.entity,
                plural(c.co_investors.len(), "entity", "entities"),
                plural(c.portfolio.len(), "company", "companies")
            )],
            Answer::Top(r) => vec![format!(
                "top {} by {} over {}{}",
                r.entries.len(),
                r.by.as_str(),
                r.relations
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                r.kind.map(|k| format!(" ({k} only)")).unwrap_or_default()
            )],
        }
    }

    /// True when the answer found nothing.
    pub fn is_empty(&self) -> bool {
        match self {
            Answer::Investors(d) | Answer::Portfolio(d) => d.deals.is_empty(),
            Answer::Path(p) => p.chains.is_empty(),
            Answer::Neighbors(n) => n.links.is_empty(),
            Answer::CoInvestors(c) => c.co_investors.is_empty(),
            Answer::Top(r) => r.entries.is_empty(),
            Answer::Holdings(h) => h.holdings.is_empty(),
        }
    }
}

fn deals_table(d: &Deals) -> Table {
    let who = match d.side {
        Side::Investee => "investor",
        Side::Investor => "investee",
    };
    let mut t = Table::new(vec![
        Column::new(who),
        Column::new("relation"),
        Column::new("role"),
        Column::new("amount"),
        Column::new("round"),
        Column::new("stake"),
        Column::new("date"),
        Column::new("status"),
        Column::new("sources"),
        Column::new("doc"),
        Column::cut("sentence", SENTENCE_WIDTH),
    ]);
    for deal in &d.deals {
        let Deal {
            investor,
            investee,
            relation,
            status,
            attrs:
                Attributes {
                    role,
                    amount,
                    round,
                    stake,
                    date,
                },
            evidence,
        } = deal;
        let [_, doc, sentence] = first_source(evidence);
        t.push(vec![
            match d.side {
                Side::Investee => investor.clone(),
                Side::Investor => investee.clone(),
            },
            relation.to_string(),
            opt(role),
            amount.as_ref().map(|a| a.text.clone()).unwrap_or_default(),
            opt(round),
            opt(stake),
            opt(date),
            status.to_string(),
            evidence.len().to_string(),
            doc,
            sentence,
        ]);
    }
    t
}

fn holdings_table(h: &Holdings) -> Table {
    let who = match h.side {
        Side::Investee => "holder",
        Side::Investor => "holding",
    };
    let mut t = Table::new(vec![
        Column::new(who),
        Column::new("relation"),
        Column::new("stake"),
        Column::new("status"),
        Column::new("since"),
        Column::new("last"),
        Column::new("statements"),
        Column::new("doc"),
        Column::cut("sentence", SENTENCE_WIDTH),
    ]);
    for x in &h.holdings {
        let last = x
            .history
            .last()
            .map(|e| e.evidence.as_slice())
            .unwrap_or_default();
        let [_, doc, sentence] = first_source(last);
        t.push(vec![
            match h.side {
                Side::Investee => x.holder.clone(),
                Side::Investor => x.target.clone(),
            },
            x.relation.to_string(),
            opt(&x.stake),
            x.status.to_string(),
            opt(&x.since),
            x.last.to_string(),
            x.history.len().to_string(),
            doc,
            sentence,
        ]);
    }
    t
}

fn holdings_summary(h: &Holdings) -> Vec<String> {
    let what = match h.side {
        Side::Investee => format!("holders of {}", h.entity),
        Side::Investor => format!("holdings of {}", h.entity),
    };
    let when = match h.as_of {
        Some(d) => format!(" as of {d}"),
        None => String::new(),
    };
    let applied: usize = h.holdings.iter().map(|x| x.history.len()).sum();
    let mut left_out = Vec::new();
    if h.later > 0 {
        left_out.push(format!("{} dated later", h.later));
    }
    if h.undated > 0 {
        left_out.push(format!("{} undated", h.undated));
    }
    vec![format!(
        "{what}{when}: {} from {}{}",
        plural(h.holdings.len(), "holding", "holdings"),
        plural(applied, "dated statement", "dated statements"),
        if left_out.is_empty() {
            String::new()
        } else {
            format!(" ({} left out)", left_out.join(", "))
        }
    )]
}

fn deals_summary(d: &Deals) -> Vec<String> {
    let (question, who) = match d.side {
        Side::Investee => ("investors of", ("investor", "investors")),
        Side::Investor => ("portfolio of", ("investee", "investees")),
    };
    vec![format!(
        "{question} {}: {} in {}",
        d.entity,
        plural(d.counterparts().len(), who.0, who.1),
        plural(d.deals.len(), "statement", "statements")
    )]
}

/// `a -invest→ b`, `a ←invest- b` or `a -partner- b`, from the point of view of the hop.
fn arrow(from: &str, l: &Link) -> String {
    if l.relation.is_undirected() {
        format!("-{}-", l.relation)
    } else if l.source == from {
        format!("-{}→", l.relation)
    } else {
        format!("←{}-", l.relation)
    }
}

/// One chain on one line: `腾讯 -invest→ 美团 ←invest- 阿里巴巴 -controls→ 饿了么`.
pub(crate) fn chain_line(hops: &[super::Hop]) -> String {
    let mut s = String::new();
    for (k, h) in hops.iter().enumerate() {
        if k == 0 {
            s.push_str(&h.from);
        }
        let arrows: Vec<String> = h.links.iter().map(|l| arrow(&h.from, l)).collect();
        s.push(' ');
        s.push_str(&arrows.join("/"));
        s.push(' ');
        s.push_str(&h.to);
    }
    s
}

fn path_summary(p: &Paths) -> Vec<String> {
    let relations: Vec<&str> = p.relations.iter().map(|r| r.as_str()).collect();
    let Some(len) = p.length else {
        return vec![format!(
            "no chain of {} edges links {} and {}",
            relations.join(", "),
            p.from,
            p.to
        )];
    };
    let mut lines = vec![format!(
        "{} … {}: {} of {} over {}{}",
        p.from,
        p.to,
        plural(p.total as usize, "shortest chain", "shortest chains"),
        plural(len, "hop", "hops"),
        relations.join(", "),
        if (p.chains.len() as u64) < p.total {
            format!(" (first {} shown)", p.chains.len())
        } else {
            String::new()
        }
    )];
    for (k, c) in p.chains.iter().enumerate() {
        lines.push(format!("{}. {}", k + 1, chain_line(&c.hops)));
    }
    lines
}

fn path_table(p: &Paths) -> Table {
    let mut t = Table::new(vec![
        Column::new("chain"),
        Column::new("hop"),
        Column::new("source"),
        Column::new("relation"),
        Column::new("target"),
        Column::new("status"),
        Column::new("date"),
        Column::new("doc"),
        Column::cut("sentence", SENTENCE_WIDTH),
    ]);
    for (k, c) in p.chains.iter().enumerate() {
        for (h, hop) in c.hops.iter().enumerate() {
            for l in &hop.links {
                let [date, doc, sentence] = first_source(&l.evidence);
                t.push(vec![
                    (k + 1).to_string(),
                    (h + 1).to_string(),
                    l.source.clone(),
                    l.relation.to_string(),
                    l.target.clone(),
                    l.status.to_string(),
                    date,
                    doc,
                    sentence,
                ]);
            }
        }
    }
    t
}

fn neighbors_summary(n: &Neighborhood) -> Vec<String> {
    let mut lines = vec![format!(
        "neighbors of {} within {}: {}, {}",
        n.center,
        plural(n.depth, "hop", "hops"),
        plural(n.nodes.len().saturating_sub(1), "entity", "entities"),
        plural(n.links.len(), "edge", "edges")
    )];
    for d in 1..=n.depth {
        let names: Vec<&str> = n
            .nodes
            .iter()
            .filter(|x| x.distance == d)
            .map(|x| x.name.as_str())
            .collect();
        if !names.is_empty() {
            lines.push(format!(
                "{}: {}",
                plural(d, "hop", "hops"),
                names.join(", ")
            ));
        }
    }
    lines
}

fn links_table(links: &[Link]) -> Table {
    let mut t = Table::new(vec![
        Column::new("source"),
        Column::new("relation"),
        Column::new("target"),
        Column::new("status"),
        Column::new("weight"),
        Column::new("role"),
        Column::new("amount"),
        Column::new("date"),
        Column::new("doc"),
        Column::cut("sentence", SENTENCE_WIDTH),
    ]);
    for l in links {
        let [date, doc, sentence] = first_source(&l.evidence);
        t.push(vec![
            l.source.clone(),
            l.relation.to_string(),
            l.target.clone(),
            l.status.to_string(),
            l.weight.to_string(),
            opt(&l.attrs.role),
            l.attrs
                .amount
                .as_ref()
                .map(|a| a.text.clone())
                .unwrap_or_default(),
            date,
            doc,
            sentence,
        ]);
    }
    t
}

fn co_investors_table(c: &CoInvestors) -> Table {
    let mut t = Table::new(vec![
        Column::new("co-investor"),
        Column::new("kind"),
        Column::new("shared"),
        Column::cut("companies", 60),
    ]);
    for x in &c.co_investors {
        t.push(vec![
            x.name.clone(),
            x.kind.to_string(),
            x.shared.len().to_string(),
            x.shared.join(", "),
        ]);
    }
    t
}

fn top_table(r: &Ranking) -> Table {
    let mut t = Table::new(vec![
        Column::new("rank"),
        Column::new("name"),
        Column::new("kind"),
        Column::new(r.by.as_str()),
    ]);
    for e in &r.entries {
        t.push(vec![
            e.rank.to_string(),
            e.name.clone(),
            e.kind.to_string(),
            e.score.to_string(),
        ]);
    }
    t
}
