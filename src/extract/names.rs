//! Name hygiene and document-level names, before relation extraction sees the mentions:
//!
//! - a dictionary alias that is "name + deal verb" (`腾讯投资`, `英特尔投资`) used as a verb
//!   (`腾讯投资了京东`) is cut before the verb, so the verb stays a cue;
//! - a name in a news-source position (`@界面新闻【…】`, `36氪获悉`, `据凤凰网报道`, `【虎嗅早报】`)
//!   is the source of the text, not a party, and is dropped;
//! - a registered full name (`上海东方报业有限公司`) becomes one entity with its short form,
//!   declared in a parenthesis after it (`（以下简称“东方报业”）`, `（东方报业）`) or derived by
//!   stripping a leading place and the business words and legal form (`北京字节跳动科技有限公司`
//!   → `字节跳动`); every later use of the short form in the document is a mention of it.
//!
//! The words come from the lexicon's name sections (`source_before`, `source_after`,
//! `verb_tail`, `place`, `legal_stem`, `legal_form`, `alias_marker`).

use super::cues::{Cue, CueClass, Lexicon};
use super::open::{kind_of, STEM_STOP};
use crate::dictionary::{Dictionary, EntityId, EntityKind};
use crate::matcher::{is_cjk, Mention};
use std::ops::Range;

/// The name words of a lexicon, looked up once per document.
pub(crate) struct NameWords<'a> {
    lexicon: &'a Lexicon,
    /// The `source_before` words split at `...` (the name goes between the parts), split
    /// once here rather than at every name.
    source_before: Vec<(&'a str, Option<&'a str>)>,
    source_after: &'a [String],
    /// Bytes that can end the text before a news-source name (the last byte of a non-empty
    /// `source_before` part; every byte when one is empty) and bytes that can start the text
    /// after it: most names fail these two lookups and skip the word-by-word comparisons.
    source_before_last: [bool; 256],
    source_after_first: [bool; 256],
    verb_tail: &'a [String],
    place: &'a [String],
    legal_stem: &'a [String],
    legal_form: &'a [String],
    alias_marker: &'a [String],
}

impl<'a> NameWords<'a> {
    /// The name sections of `lexicon`.
    pub(crate) fn new(lexicon: &'a Lexicon) -> Self {
        let source_before: Vec<(&str, Option<&str>)> = lexicon
            .name_words(CueClass::SourceBefore)
            .iter()
            .map(|w| match w.split_once("...") {
                Some((pre, post)) => (pre, Some(post)),
                None => (w.as_str(), None),
            })
            .collect();
        let source_after = lexicon.name_words(CueClass::SourceAfter);
        let edge_bytes = |edges: &mut dyn Iterator<Item = Option<u8>>| {
            let mut table = [false; 256];
            for edge in edges {
                match edge {
                    Some(b) => table[b as usize] = true,
                    None => table = [true; 256],
                }
                if table.iter().all(|&t| t) {
                    break;
                }
            }
            table
        };
        NameWords {
            lexicon,
            source_before_last: edge_bytes(
                &mut source_before
                    .iter()
                    .map(|(pre, _)| pre.as_bytes().last().copied()),
            ),
            source_after_first: edge_bytes(
                &mut source_after.iter().map(|w| w.as_bytes().first().copied()),
            ),
            source_before,
            source_after,
            verb_tail: lexicon.name_words(CueClass::VerbTail),
            place: lexicon.name_words(CueClass::Place),
            legal_stem: lexicon.name_words(CueClass::LegalStem),
            legal_form: lexicon.name_words(CueClass::LegalForm),
            alias_marker: lexicon.name_words(CueClass::AliasMarker),
        }
    }
}

/// Cuts "name + verb" aliases used as verbs: a mention whose surface ends in a deal verb of the
/// lexicon (`腾讯投资`), followed by a `verb_tail` word (`了`; not by a name: `英特尔投资思科的
/// 战略投资` lists two investors), becomes a mention of its stem (`腾讯`, resolved in the dictionary, else the same entity),
/// and the verb is left to the sentence. `mentions` are sorted spans of `text`.
pub(crate) fn split_verb_aliases(
    text: &str,
    mentions: &mut [Mention],
    dict: &Dictionary,
    words: &NameWords,
) {
    for mention in mentions.iter_mut() {
        let span = mention.span.clone();
        let surface = &text[span.clone()];
        // The cheap test first: most names are not followed by a verb tail, and scanning
        // every name for cues was a full lexicon scan per mention.
        let after = &text[span.end..];
        if !words.verb_tail.iter().any(|w| after.starts_with(w)) {
            continue;
        }
        let Some(verb) =
            words.lexicon.find(surface).into_iter().find(|c| {
                c.span.end == surface.len() && c.span.start > 0 && c.class.is_deal_verb()
            })
        else {
            continue;
        };
        let stem = &surface[..verb.span.start];
        let stem = stem.trim_end();
        if stem.chars().count() < 2 {
            continue;
        }
        let entity = dict.resolve(stem).unwrap_or(mention.entity);
        *mention = Mention {
            span: span.start..span.start + stem.len(),
            entity,
        };
    }
}

/// True if the name at `span` of `text` stands where a news source does: right after a
/// `source_before` word (`来源:`; a word `@...【` needs the name between its parts) or right before a `source_after` word (`获悉`, `报道`),
/// spaces allowed between.
pub(crate) fn is_source(text: &str, span: &Range<usize>, words: &NameWords) -> bool {
    let before = text[..span.start].trim_end_matches(' ');
    let after = text[span.end..].trim_start_matches(' ');
    // An empty `before` or `after` is matched only by an empty word, which sets every byte.
    let maybe_before = words.source_before_last
        [before.as_bytes().last().map_or(0, |&b| b) as usize]
        && (!before.is_empty() || words.source_before_last.iter().all(|&t| t));
    let maybe_after = words.source_after_first[after.as_bytes().first().map_or(0, |&b| b) as usize]
        && (!after.is_empty() || words.source_after_first.iter().all(|&t| t));
    if !maybe_before && !maybe_after {
        return false;
    }
    words.source_before.iter().any(|&(pre, post)| match post {
        Some(post) => before.ends_with(pre) && after.starts_with(post),
        None => before.ends_with(pre),
    }) || words.source_after.iter().any(|w| after.starts_with(w))
}

/// Characters that end the stem of a registered full name going leftwards: grammar words that
/// do not occur in company names (unlike 为 of 华为 or 和 of 和府).
const FULL_STOP: &str = "的由与及是在从向对被获了将把等以、";

/// A registered full name of a document and the short form it goes by.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Registered {
    /// Byte range of the full name in the document.
    pub span: Range<usize>,
    /// The full name (`上海东方报业有限公司`).
    pub full: String,
    /// The short form: declared in a parenthesis after the full name, else derived.
    pub short: String,
    /// Byte range of a declared short form inside its parenthesis, if any.
    pub declared: Option<Range<usize>>,
}

/// The registered full names of `text` (`上海东方报业有限公司`) with their short forms, left to
/// right: a run of up to 20 CJK characters (stopping at grammar words, punctuation, another
/// company and the deal and status words among `cues`, the cue words of `text`; from the first
/// place word if one occurs in it) before a `legal_form` word.
pub(crate) fn registered_names(
    text: &str,
    cues: impl IntoIterator<Item = Cue>,
    words: &NameWords,
) -> Vec<Registered> {
    let mut out: Vec<Registered> = Vec::new();
    let mut pos = 0;
    // Where any legal form starts, from one scan of the text: the next full name ends at the
    // first form at or after `pos` (linear in the text, whatever the number of full names).
    let starts = words.lexicon.legal_form_starts(text);
    if starts.is_empty() {
        return out;
    }
    // A full name holds no cue word but business words (中国中药公司拟挂牌转让国药药材股份有限公司
    // starts at 国药; 新和成控股有限公司 keeps 控股).
    let cues: Vec<Range<usize>> = cues
        .into_iter()
        .filter(|c| !words.legal_stem.iter().any(|w| *w == text[c.span.clone()]))
        .filter(|c| {
            c.class.marks_deal()
                || matches!(
                    c.class,
                    CueClass::Denied
                        | CueClass::Speculative
                        | CueClass::Planned
                        | CueClass::Hypothetical
                )
        })
        .map(|c| c.span)
        .collect();
    while pos < text.len() {
        let Some(&at) = starts.get(starts.partition_point(|&s| s < pos)) else {
            break;
        };
        let form = words
            .legal_form
            .iter()
            .find(|f| text[at..].starts_with(f.as_str()))
            .expect("a form starts here");
        let end = at + form.len();
        pos = end;
        // The stem: CJK characters (and Latin letters or digits) before the legal form.
        let mut start = at;
        for (n, (i, c)) in text[..at].char_indices().rev().enumerate() {
            let ok = (is_cjk(c) && !FULL_STOP.contains(c)) || c.is_ascii_alphanumeric();
            let in_cue = cues.iter().any(|k| k.start <= i && i < k.end);
            if n == 20 || !ok || in_cue || text[..i + c.len_utf8()].ends_with("公司") {
                break;
            }
            start = i;
        }
        // From the first place word inside the stem, when there is one (运营主体上海… → 上海…),
        // unless only a business word follows it: then the place is part of the name
        // (麒麟中国投资有限公司 keeps 麒麟).
        if let Some(p) = (start..at)
            .filter(|i| text.is_char_boundary(*i))
            .find(|i| words.place.iter().any(|w| text[*i..at].starts_with(w)))
        {
            let place = words
                .place
                .iter()
                .find(|w| text[p..at].starts_with(w.as_str()))
                .expect("a place starts here");
            let rest = &text[p + place.len()..at];
            if !rest.is_empty() && !words.legal_stem.iter().any(|w| w == rest) {
                start = p;
            }
        }
        if text[start..at].chars().count() < 2 {
            continue;
        }
        let full = text[start..end].to_string();
        let (short, declared) = match declared_short(text, end, words) {
            Some(r) => (text[r.clone()].to_string(), Some(r)),
            None => (derive_short(&text[start..at], words), None),
        };
        out.push(Registered {
            span: start..end,
            full,
            short,
            declared,
        });
    }
    out
}

/// The short form declared right after a full name ending at `end`: `（以下简称“X”）`,
/// `（下称X）` or a bare `（X）` of 2 to 10 characters.
fn declared_short(text: &str, end: usize, words: &NameWords) -> Option<Range<usize>> {
    let rest = &text[end..];
    let open = ['(', '（'].into_iter().find(|c| rest.starts_with(*c))?;
    let mut from = end + open.len_utf8();
    let close = text[from..].find([')', '）'])? + from;
    if let Some(m) = words
        .alias_marker
        .iter()
        .find(|m| text[from..close].starts_with(m.as_str()))
    {
        from += m.len();
    }
    let inner = text[from..close]
        .trim_start_matches([':', '：', ' '])
        .trim_start_matches(['“', '"', '「', '\''])
        .trim_end_matches(['”', '"', '」', '\'']);
    let start = from + text[from..close].find(inner)?;
    let n = inner.chars().count();
    let name_like = inner
        .chars()
        .all(|c| is_cjk(c) || c.is_ascii_alphanumeric() || c == ' ')
        && !inner.chars().any(|c| STEM_STOP.contains(c));
    let generic = words
        .lexicon
        .org_suffixes()
        .iter()
        .chain(words.lexicon.not_name_lower())
        .any(|w| w == inner)
        || inner.chars().all(|c| c.is_ascii_digit() || c == ' ');
    ((2..=10).contains(&n) && name_like && !generic).then_some(start..start + inner.len())
}

/// The short form of a full name's stem (before its legal form): without a leading place
/// word and one trailing business word (`北京字节跳动科技` → `字节跳动`, `汇天网络科技` →
/// `汇天网络`); the stem
/// itself when less than two characters would remain.
fn derive_short(stem: &str, words: &NameWords) -> String {
    let mut s = stem;
    if let Some(p) = words.place.iter().find(|p| s.starts_with(p.as_str())) {
        // 中国投资: the place stays when only a business word would be left.
        let rest = &s[p.len()..];
        if rest.chars().count() >= 2 && !words.legal_stem.iter().any(|w| w == rest) {
            s = rest;
        }
    }
    if let Some(w) = words
        .legal_stem
        .iter()
        .find(|w| s.ends_with(w.as_str()) && s[..s.len() - w.len()].chars().count() >= 2)
    {
        s = &s[..s.len() - w.len()];
    }
    s.to_string()
}

/// Adds the registered full names of `text` to `mentions` (sorted spans of `text`): the full
/// name replaces the mentions inside it, and each later use of its short form outside other
/// mentions is a mention of the same entity — an entity of the dictionary when the short form
/// or the full name is known, else an open entity named by the short form.
pub(crate) fn add_registered(
    text: &str,
    found: &[Registered],
    mentions: &mut Vec<Mention>,
    dict: &Dictionary,
    new_entity: &mut dyn FnMut(&str, EntityKind) -> EntityId,
) {
    // `list` is sorted by start and its spans do not overlap.
    let hits = |list: &[Range<usize>], span: &Range<usize>| {
        let i = list.partition_point(|r| r.end <= span.start);
        list.get(i).is_some_and(|r| r.start < span.end)
    };
    let fulls: Vec<Range<usize>> = found.iter().map(|f| f.span.clone()).collect();
    let taken: Vec<Range<usize>> = mentions.iter().map(|m| m.span.clone()).collect();
    let mut add: Vec<Mention> = Vec::new();
    // Each short form once: the entity and where its uses may start (after its first full name).
    let mut shorts: Vec<(&str, EntityId, usize)> = Vec::new();
    let mut declared: Vec<(Range<usize>, EntityId)> = Vec::new();
    for r in found {
        let entity: EntityId = dict
            .resolve(&r.full)
            .or_else(|| dict.resolve(&r.short))
            .unwrap_or_else(|| {
                let kind = match kind_of(&r.full) {
                    EntityKind::Fund => EntityKind::Fund,
                    _ => EntityKind::Company,
                };
                new_entity(&r.short, kind)
            });
        add.push(Mention {
            span: r.span.clone(),
            entity,
        });
        if let Some(d) = &r.declared {
            declared.push((d.clone(), entity));
        }
        if !shorts.iter().any(|(s, _, _)| *s == r.short) {
            shorts.push((r.short.as_str(), entity, r.span.end));
        }
    }
    // Every use of a short form in one pass over the text.
    let patterns: Vec<&str> = shorts.iter().map(|(s, _, _)| *s).collect();
    let automaton = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&patterns)
        .expect("short forms build an automaton");
    for m in automaton.find_iter(text) {
        let (_, entity, from) = shorts[m.pattern().as_usize()];
        let span = m.start()..m.end();
        let is_declared = declared.iter().any(|(d, _)| *d == span);
        let free = !hits(&taken, &span) && !hits(&fulls, &span);
        if span.start >= from && (free || is_declared) {
            add.push(Mention { span, entity });
        }
    }
    add.sort_by_key(|m| m.span.start);
    let mut kept: Vec<Mention> = Vec::with_capacity(add.len());
    for m in add {
        if kept.last().is_none_or(|k| k.span.end <= m.span.start) {
            kept.push(m);
        }
    }
    let added: Vec<Range<usize>> = kept.iter().map(|m| m.span.clone()).collect();
    mentions.retain(|m| !hits(&added, &m.span));
    mentions.extend(kept);
    mentions.sort_by_key(|m| m.span.start);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(lex: &Lexicon) -> NameWords<'_> {
        NameWords::new(lex)
    }

    #[test]
    fn registered_names_and_short_forms() {
        let lex = Lexicon::bundled().unwrap();
        let w = words(&lex);
        let table = [
            (
                "北京字节跳动科技有限公司宣布",
                "北京字节跳动科技有限公司",
                "字节跳动",
            ),
            (
                "对澎湃新闻运营主体——上海东方报业有限公司（东方报业）增资",
                "上海东方报业有限公司",
                "东方报业",
            ),
            (
                "深圳市腾讯计算机系统有限公司（以下简称“腾讯计算机”）持有",
                "深圳市腾讯计算机系统有限公司",
                "腾讯计算机",
            ),
            (
                "与汇天网络科技有限公司签约",
                "汇天网络科技有限公司",
                "汇天网络",
            ),
            (
                "与华为数字能源技术有限公司签约",
                "华为数字能源技术有限公司",
                "华为数字能源",
            ),
            (
                "由杭州阿里巴巴网络技术股份有限公司持股",
                "杭州阿里巴巴网络技术股份有限公司",
                "阿里巴巴",
            ),
        ];
        for (text, full, short) in table {
            let got: Vec<(String, String)> = registered_names(text, w.lexicon.find(text), &w)
                .into_iter()
                .map(|r| (r.full, r.short))
                .collect();
            assert_eq!(got, vec![(full.to_string(), short.to_string())], "{text}");
        }
        assert!(registered_names("有限公司", Vec::new(), &w).is_empty());
    }

    #[test]
    fn source_positions() {
        let lex = Lexicon::bundled().unwrap();
        let w = words(&lex);
        let table = [
            ("@界面新闻【京东收购X】", "界面新闻", true),
            ("@顺丰控股公告【X】", "顺丰控股", false),
            ("36氪获悉，X完成融资", "36氪", true),
            ("据凤凰网报道，X", "凤凰网", true),
            ("【虎嗅早报】X", "虎嗅", true),
            ("来源：36氪", "36氪", true),
            ("腾讯投资了京东", "腾讯", false),
        ];
        for (text, name, want) in table {
            let text = crate::normalize::normalize(text);
            let s = text.find(name).unwrap();
            assert_eq!(is_source(&text, &(s..s + name.len()), &w), want, "{text}");
        }
    }
}
