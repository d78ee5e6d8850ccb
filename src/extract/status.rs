//! Clauses and clause-scoped status: a status cue (辟谣, 是否, 拟, 如果) governs only the clause
//! it stands in; clauses end at `,` `;` `:` (full-width forms are ASCII after NFKC), dashes and
//! the brackets of a headline (`【X 拟收购 Y】`).

use super::cues::CueClass;
use crate::relation::Status;
use std::ops::Range;

/// Does `c` end a clause?
pub fn is_clause_break(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '，' | '；' | '：' | '—' | '…')
}

/// Characters a bracketed headline (`【X 拟收购 Y】`) holds at least; shorter brackets hold a
/// name (网站【Endless.com】).
const HEADLINE_CHARS: usize = 10;

/// Is the text between `【` and `】` a headline: long, and Chinese?
fn is_headline(inside: &str) -> bool {
    inside.chars().count() > HEADLINE_CHARS
        && inside
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The clauses of `sentence` as byte ranges (separators excluded, never empty unless the
/// sentence is).
pub fn clauses(sentence: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    // Breaks inside a closed parenthesis (A(X 的创始人,也是 Y 的投资者)) do not end a clause.
    let mut close = None;
    for (i, c) in sentence.char_indices() {
        if close.is_some_and(|e| i < e) {
            continue;
        }
        if c == '(' || c == '（' {
            let from = i + c.len_utf8();
            close = sentence[from..]
                .find([')', '）'])
                .map(|k| from + k)
                .filter(|&e| !sentence[from..e].contains(['(', '（', '。']));
            continue;
        }
        // A bracketed headline is a clause of its own: break at both brackets.
        let headline = match c {
            '【' => sentence[i + c.len_utf8()..]
                .find('】')
                .is_some_and(|k| is_headline(&sentence[i + c.len_utf8()..][..k])),
            '】' => sentence[..i]
                .rfind('【')
                .is_some_and(|k| is_headline(&sentence[k + '【'.len_utf8()..i])),
            _ => false,
        };
        if is_clause_break(c) || headline {
            if i > start {
                out.push(start..i);
            }
            start = i + c.len_utf8();
        }
    }
    if start < sentence.len() || out.is_empty() {
        out.push(start..sentence.len());
    }
    out
}

/// The index of the clause holding byte `pos`.
pub fn clause_of(clauses: &[Range<usize>], pos: usize) -> usize {
    clauses
        .iter()
        .position(|c| pos < c.end)
        .unwrap_or(clauses.len().saturating_sub(1))
}

/// The status a clause's cues give: denied, hypothetical, speculative, planned, else asserted.
pub fn clause_status(classes: impl Iterator<Item = CueClass>) -> Status {
    let mut best = Status::Asserted;
    let rank = |s: Status| match s {
        Status::Denied => 4,
        Status::Hypothetical => 3,
        Status::Speculative => 2,
        Status::Planned => 1,
        _ => 0,
    };
    for class in classes {
        let s = match class {
            CueClass::Denied => Status::Denied,
            CueClass::Hypothetical => Status::Hypothetical,
            CueClass::Speculative => Status::Speculative,
            CueClass::Planned => Status::Planned,
            _ => continue,
        };
        if rank(s) > rank(best) {
            best = s;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_table() {
        let s = "阿里入股360,腾讯入股京东;都已被辟谣:是的";
        let got: Vec<&str> = clauses(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(got, ["阿里入股360", "腾讯入股京东", "都已被辟谣", "是的"]);
        assert_eq!(clause_of(&clauses(s), 0), 0);
        assert_eq!(clause_of(&clauses(s), s.len() - 1), 3);
    }
}
