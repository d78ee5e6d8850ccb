//! Pronoun resolution (它, 其, 该公司, 这家公司): a pronoun refers to the subject of its own
//! sentence when one precedes it, else to the salient entity of the preceding context (the last
//! clause-initial subject). Relations through a pronoun carry the rule suffix `+coref`.

use super::{Analysis, Discourse, Entities, Slot};
use crate::dictionary::{EntityId, EntityKind};
use std::ops::Range;

/// Characters (adverbs, conjunctions) allowed before a subject at the start of its clause.
const MAX_LEAD_CHARS: usize = 4;

/// Characters that make a name before the verb an adjunct, not the subject (是与X, 在X).
const PREPOSITIONS: &[char] = &[
    '与', '和', '对', '在', '从', '被', '由', '给', '向', '跟', '同', '把', '将', '比',
];

/// Is the slot at `span` the subject of its clause: first in the clause, at most a few
/// characters (虽然, 至于, 相比之下) after the clause start, and not a possessor (X的)?
pub fn is_clause_subject(text: &str, clauses: &[Range<usize>], slots: &[Slot], i: usize) -> bool {
    let s = &slots[i];
    let clause = &clauses[s.clause];
    if slots[..i].iter().any(|p| p.clause == s.clause) {
        return false;
    }
    // A slot that starts before its clause (a name spanning a clause break) has no lead.
    let Some(lead_text) = text.get(clause.start..s.span.start) else {
        return false;
    };
    // 由于 X (because X) leaves X the subject; 由 X (by X) does not.
    let lead_words = lead_text.replace("由于", "");
    if lead_words.contains(PREPOSITIONS) || lead_text.trim_end().ends_with('了') {
        return false;
    }
    let lead = lead_text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '"' | '「' | '[' | '(' | '<'))
        .count();
    let after = text[s.span.end..].trim_start();
    // A news source (X 报道称, X 援引) reports; it is not what the text is about.
    let reports = REPORTING.iter().any(|v| {
        after
            .trim_start_matches([']', '[', ' ', ')', '》', '”', '"', '【'])
            .starts_with(v)
    });
    lead <= MAX_LEAD_CHARS && !after.starts_with('的') && !reports
}

/// Verbs of reporting after a news source.
const REPORTING: &[&str] = &[
    "报道",
    "显示",
    "报导",
    "援引",
    "写道",
    "报告称",
    "消息称",
    "获悉",
    "独家获悉",
    "了解到",
    "讯",
];

/// The entity a pronoun at byte `pos` of `text` refers to.
pub fn resolve(
    text: &str,
    clauses: &[Range<usize>],
    slots: &[Slot],
    pos: usize,
    dict: Entities<'_>,
    discourse: &Discourse,
) -> Option<EntityId> {
    let in_sentence = (0..slots.len())
        .filter(|&i| {
            slots[i].span.end <= pos && dict.entity(slots[i].entity).kind != EntityKind::Product
        })
        .find(|&i| is_clause_subject(text, clauses, slots, i))
        .map(|i| slots[i].entity);
    // 该公司/这家公司 with no subject before it: the nearest organisation written before it in
    // the sentence (这已经成为了 X 的一项专长——该公司持有…).
    // Not as a possessor (该公司的现有投资者): that is the company the text is about.
    let rest = &text[pos..];
    let demonstrative = (rest.starts_with('该') || rest.starts_with('这'))
        && !["该公司的", "这家公司的", "该公司 的"]
            .iter()
            .any(|p| rest.starts_with(p));
    let nearest = || {
        (0..slots.len())
            .rev()
            .filter(|&i| slots[i].span.end <= pos && !slots[i].pronoun)
            .find(|&i| {
                matches!(
                    dict.entity(slots[i].entity).kind,
                    EntityKind::Company | EntityKind::Fund
                )
            })
            .map(|i| slots[i].entity)
    };
    in_sentence
        .or_else(|| demonstrative.then(nearest).flatten())
        .or(discourse.salient)
}

/// After a sentence: its first clause-initial subject (not a product) becomes salient.
pub fn update_salience(a: &Analysis<'_>, discourse: &mut Discourse) {
    let subject = (0..a.slots.len())
        .filter(|&i| a.dict.entity(a.slots[i].entity).kind != EntityKind::Product)
        .find(|&i| is_clause_subject(a.text, &a.clauses, &a.slots, i));
    if let Some(i) = subject {
        discourse.salient = Some(a.slots[i].entity);
    }
}
