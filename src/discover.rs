//! `dealgraph discover`: dictionary curation. Owns the ranking of the open-class names (names
//! the dictionary does not hold) that a run found as a party of a deal relation (invest,
//! acquire, holds_stake, controls), their grouping into suggested canonical names and aliases,
//! and the entities JSONL they are written as, ready to edit and to load back with `--dict`.
//!
//! Grouping: two names belong together when their [`alias_key`]s are equal after dropping
//! trailing organisation words (the `[org_word]` lexicon section: `X`, `X Ventures`, `X公司`,
//! `x` are one group); the form with the most deals (then documents, then name) is the
//! suggested name, the others its aliases. Everything here is a pure function of the run's
//! graph, which is a function of the set of documents, so the result is the same at any
//! thread count and in any input order.

use crate::dictionary::{alias_key, Dictionary, EntityKind};
use crate::extract::{CueClass, Lexicon};
use crate::pipeline::RunOutput;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What [`discover`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiscoverOptions {
    /// Groups supported by fewer deal relations than this are left out.
    pub min_deals: u64,
}

impl Default for DiscoverOptions {
    /// Every group (`min_deals` 1).
    fn default() -> Self {
        DiscoverOptions { min_deals: 1 }
    }
}

/// One suggested dictionary entity: a group of open-class names, as one line of the
/// discovered JSONL (`name`, `type`, `aliases` as the dictionary reads them; `deals`,
/// `documents`, `example` for the curator, ignored by the dictionary loader).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discovered {
    /// The suggested canonical name: the group's most frequent form.
    pub name: String,
    /// The type extraction gave the canonical form.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// The other forms of the group, by frequency then name.
    pub aliases: Vec<String>,
    /// Deal relations with a form of the group as a party.
    pub deals: u64,
    /// Documents with such a relation.
    pub documents: u64,
    /// The sentence of the group's first deal relation, in `relations.jsonl` order (document
    /// id, span, …).
    pub example: String,
}

/// Counts of one name form.
#[derive(Default)]
struct Form {
    deals: u64,
    docs: BTreeSet<String>,
    /// Index of its first relation in the run's relations.
    first: usize,
}

/// The key two forms of one group share: the [`alias_key`] without trailing organisation
/// words (`org_words` are alias keys, longest first), as long as two characters remain.
fn group_key(name: &str, org_words: &[String]) -> String {
    let mut key = alias_key(name);
    'strip: loop {
        for w in org_words {
            if let Some(rest) = key.strip_suffix(w.as_str()) {
                let rest = rest.trim_end_matches([' ', '-', '·', '.', ',']);
                // Latin words drop only as whole words (Zeta Capital, not Zetacapital).
                let latin = w.starts_with(|c: char| c.is_ascii_alphanumeric());
                let cut_inside_word = latin
                    && rest.len() + w.len() == key.len()
                    && rest.ends_with(|c: char| c.is_ascii_alphanumeric());
                if rest.chars().count() >= 2 && !cut_inside_word {
                    key = rest.to_string();
                    continue 'strip;
                }
            }
        }
        return key;
    }
}

/// The open-class deal parties of `run` (a run of `dict` and `lexicon`), grouped and ranked by
/// deals, then documents (both descending), then name.
///
/// Names that `dict` resolves (by name or alias) or that the dictionary loader would reject
/// are left out, so the result loads back beside `dict` without warnings. Every status
/// counts (a denied or planned deal still names its parties).
pub fn discover(
    dict: &Dictionary,
    lexicon: &Lexicon,
    run: &RunOutput,
    options: &DiscoverOptions,
) -> Vec<Discovered> {
    let open =
        |name: &str| dict.resolve(name).is_none() && crate::dictionary::usable_alias(name).is_ok();
    let relations = run.relations();
    let mut forms: BTreeMap<&str, Form> = BTreeMap::new();
    for (i, r) in relations.iter().enumerate() {
        if !r.relation.is_deal() {
            continue;
        }
        let parties: BTreeSet<&str> = [r.source.as_str(), r.target.as_str()]
            .into_iter()
            .filter(|n| open(n))
            .collect();
        for name in parties {
            let f = forms.entry(name).or_insert_with(|| Form {
                first: i,
                ..Form::default()
            });
            f.deals += 1;
            f.docs.insert(r.doc.clone());
        }
    }
    let mut org_words: Vec<String> = lexicon
        .words(CueClass::OrgWord)
        .map(alias_key)
        .filter(|w| !w.is_empty())
        .collect();
    org_words.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for &name in forms.keys() {
        groups
            .entry(group_key(name, &org_words))
            .or_default()
            .push(name);
    }
    // Group deals and documents count each relation and document once, even when two forms
    // of a group are parties of the same relation.
    let group_of: BTreeMap<&str, &str> = groups
        .iter()
        .flat_map(|(k, names)| names.iter().map(move |n| (*n, k.as_str())))
        .collect();
    let mut totals: BTreeMap<&str, (u64, BTreeSet<&str>)> = BTreeMap::new();
    for r in relations.iter().filter(|r| r.relation.is_deal()) {
        let keys: BTreeSet<&str> = [r.source.as_str(), r.target.as_str()]
            .into_iter()
            .filter_map(|n| group_of.get(n).copied())
            .collect();
        for k in keys {
            let t = totals.entry(k).or_default();
            t.0 += 1;
            t.1.insert(r.doc.as_str());
        }
    }
    let mut out: Vec<Discovered> = groups
        .iter()
        .filter_map(|(key, names)| {
            let (deals, docs) = &totals[key.as_str()];
            if *deals < options.min_deals {
                return None;
            }
            let mut names = names.clone();
            names.sort_by(|a, b| {
                let (fa, fb) = (&forms[a], &forms[b]);
                fb.deals
                    .cmp(&fa.deals)
                    .then_with(|| fb.docs.len().cmp(&fa.docs.len()))
                    .then_with(|| a.cmp(b))
            });
            let first = names.iter().map(|n| forms[n].first).min()?;
            let name = names[0].to_string();
            let kind = run
                .graph
                .node(&name)
                .map_or(EntityKind::Company, |n| n.kind);
            Some(Discovered {
                aliases: names[1..].iter().map(|n| n.to_string()).collect(),
                name,
                kind,
                deals: *deals,
                documents: docs.len() as u64,
                example: relations[first].sentence.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.deals
            .cmp(&a.deals)
            .then_with(|| b.documents.cmp(&a.documents))
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

/// The entities JSONL of `found`: one object per line, in the order given.
pub fn to_jsonl(found: &[Discovered]) -> Vec<u8> {
    let mut out = Vec::new();
    for d in found {
        serde_json::to_writer(&mut out, d).expect("a Discovered always serialises");
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_keys_drop_trailing_organisation_words() {
        let words: Vec<String> = ["ventures", "capital", "公司", "集团", "科技"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let keys: Vec<String> = [
            "Zeta Ventures",
            "zeta",
            "Zetacapital",
            "星河科技公司",
            "星河",
            "AB Capital",
            "科技",
        ]
        .iter()
        .map(|n| group_key(n, &words))
        .collect();
        assert_eq!(
            keys,
            ["zeta", "zeta", "zetacapital", "星河", "星河", "ab", "科技"]
        );
    }
}
