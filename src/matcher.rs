//! Finding dictionary entities in text: one leftmost-longest aho-corasick automaton over every
//! alias, Latin aliases case-insensitive and only at word edges, spaces between Latin and CJK
//! tolerated, and a jieba check so that a CJK alias never fires inside a longer known word.

use crate::dictionary::{alias_key, Dictionary, EntityId};
use crate::error::{Error, Result};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
use jieba_rs::Jieba;
use std::collections::HashMap;
use std::ops::Range;

/// One occurrence of a dictionary entity in a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mention {
    /// Byte range into the (normalised) text that was searched.
    pub span: Range<usize>,
    /// The entity.
    pub entity: EntityId,
}

/// How many characters either side of a candidate jieba segments to check its boundaries.
const WINDOW_CHARS: usize = 4;

/// The jieba frequency given to CJK aliases it does not know (a common but not dominant word).
const ALIAS_FREQUENCY: usize = 1000;

/// An immutable matcher built once from a [`Dictionary`] and shared by all threads.
pub struct Matcher {
    automaton: AhoCorasick,
    /// Entity of each automaton pattern.
    pattern_entity: Vec<EntityId>,
    segmenter: Jieba,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.pattern_entity.len())
            .field("kind", &self.automaton.kind())
            .finish()
    }
}

/// Is `c` a CJK ideograph (or another character jieba segments as part of Chinese words)?
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3007)
}

/// A haystack with insignificant spaces removed, mapped back to the original text.
struct Folded<'t> {
    text: std::borrow::Cow<'t, str>,
    /// Original byte offset of every folded byte (empty when nothing was removed).
    map: Vec<u32>,
}

impl Folded<'_> {
    fn original(&self, folded: Range<usize>) -> Range<usize> {
        if self.map.is_empty() {
            folded
        } else {
            self.map[folded.start] as usize..self.map[folded.end - 1] as usize + 1
        }
    }
}

/// Drops spaces that do not separate two Latin words, so `H 资本` matches `H资本` and
/// `Koudai 吴钩` matches `Koudai吴钩`; runs of spaces between Latin words become one.
fn fold(text: &str) -> Folded<'_> {
    if !text.contains([' ', '\t']) {
        return Folded {
            text: text.into(),
            map: Vec::new(),
        };
    }
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut prev: Option<char> = None;
    let mut space_at: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c == ' ' || c == '\t' {
            space_at.get_or_insert(i);
            continue;
        }
        if let Some(at) = space_at.take() {
            if prev.is_some_and(|p| p.is_ascii_alphanumeric()) && c.is_ascii_alphanumeric() {
                out.push(' ');
                map.push(at as u32);
            }
        }
        let start = out.len();
        out.push(c);
        map.extend((0..out.len() - start).map(|k| (i + k) as u32));
        prev = Some(c);
    }
    Folded {
        text: out.into(),
        map,
    }
}

/// Latin word-edge check: two adjacent letters or two adjacent digits belong to one word.
fn same_word_class(a: char, b: char) -> bool {
    (a.is_ascii_alphabetic() && b.is_ascii_alphabetic())
        || (a.is_ascii_digit() && b.is_ascii_digit())
}

impl Matcher {
    /// Builds the automaton over every alias of `dict` and teaches jieba the CJK aliases.
    pub fn new(dict: &Dictionary) -> Result<Self> {
        let mut keys: Vec<String> = Vec::new();
        let mut pattern_entity = Vec::new();
        let mut seen: HashMap<String, ()> = HashMap::new();
        for (alias, id) in dict.aliases() {
            let key = alias_key(alias);
            if key.is_empty() || seen.insert(key.clone(), ()).is_some() {
                continue;
            }
            keys.push(key);
            pattern_entity.push(id);
        }
        // A DFA is fastest for small dictionaries but grows too large for big ones.
        let kind = if keys.len() <= 5_000 {
            Some(AhoCorasickKind::DFA)
        } else {
            Some(AhoCorasickKind::ContiguousNFA)
        };
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(kind)
            .build(&keys)
            .map_err(|e| Error::Config(format!("cannot build the matcher: {e}")))?;
        // CJK aliases jieba does not know join its lexicon with a moderate frequency, so that
        // segmentation is a fair contest: 和/美团 wins over 和美/团, but 中/美/团队 stays.
        let mut segmenter = Jieba::new();
        for key in &keys {
            if key.chars().all(is_cjk) && key.chars().count() >= 2 && !segmenter.has_word(key) {
                segmenter.add_word(key, Some(ALIAS_FREQUENCY), None);
            }
        }
        Ok(Matcher {
            automaton,
            pattern_entity,
            segmenter,
        })
    }

    /// Number of distinct alias patterns.
    pub fn pattern_count(&self) -> usize {
        self.pattern_entity.len()
    }

    /// The shared jieba segmenter (with the dictionary's CJK aliases added).
    pub fn segmenter(&self) -> &Jieba {
        &self.segmenter
    }

    /// Every accepted mention in `text`, left to right, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let folded = fold(text);
        let hay = folded.text.as_ref();
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < hay.len() {
            let Some(m) = self.automaton.find(Input::new(hay).range(pos..)) else {
                break;
            };
            let span = folded.original(m.range());
            if self.accept(text, &span) {
                out.push(Mention {
                    span,
                    entity: self.pattern_entity[m.pattern().as_usize()],
                });
                pos = m.end();
            } else {
                // Retry from the next character: a shorter or later alias may still fit.
                pos = m.start() + hay[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    }

    /// Word-edge and segmentation checks for a candidate at `span` of `text`.
    fn accept(&self, text: &str, span: &Range<usize>) -> bool {
        let cand = &text[span.clone()];
        let (Some(first), Some(last)) = (cand.chars().next(), cand.chars().next_back()) else {
            return false;
        };
        let before = text[..span.start].chars().next_back();
        let after = text[span.end..].chars().next();
        if before.is_some_and(|b| same_word_class(b, first))
            || after.is_some_and(|a| same_word_class(last, a))
        {
            return false;
        }
        let check_start = is_cjk(first) && before.is_some_and(is_cjk);
        let check_end = is_cjk(last) && after.is_some_and(is_cjk);
        if !check_start && !check_end {
            return true;
        }
        // Segment a small window around the candidate.
        let ws = text[..span.start]
            .char_indices()
            .rev()
            .take(WINDOW_CHARS)
            .take_while(|&(_, c)| is_cjk(c))
            .last()
            .map_or(span.start, |(i, _)| i);
        let we = span.end
            + text[span.end..]
                .chars()
                .take(WINDOW_CHARS)
                .take_while(|&c| is_cjk(c))
                .map(char::len_utf8)
                .sum::<usize>();
        let window = &text[ws..we];
        let (s, e) = (span.start - ws, span.end - ws);
        let tokens = self.segmenter.cut(window, false);
        let mut start_crossed = false;
        let mut end_crossed = false;
        for t in &tokens {
            if t.byte_start <= s && t.byte_end >= e && t.byte_end - t.byte_start > e - s {
                return false; // inside a longer known word: 京东 in 京东方
            }
            start_crossed |= check_start && t.byte_start < s && t.byte_end > s;
            end_crossed |= check_end && t.byte_start < e && t.byte_end > e;
        }
        // Without HMM, jieba glues only dictionary words, so 随恒大 stays 随/恒大 (jieba issue 576)
        // and a crossing token is a real word that claims part of the candidate (中美/团队).
        !(start_crossed || end_crossed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::DictionaryBuilder;
    use std::path::Path;

    fn matcher(jsonl: &str) -> (Dictionary, Matcher) {
        let mut b = DictionaryBuilder::new();
        b.add_jsonl(Path::new("t"), jsonl.as_bytes()).unwrap();
        let d = b.build();
        let m = Matcher::new(&d).unwrap();
        (d, m)
    }

    fn names(d: &Dictionary, m: &Matcher, text: &str) -> Vec<String> {
        m.find(text)
            .into_iter()
            .map(|x| format!("{}={}", &text[x.span.clone()], d.entity(x.entity).name))
            .collect()
    }

    const DICT: &str = r#"{"name":"京东","aliases":["JD","JD.com"]}
{"name":"阿里巴巴","aliases":["阿里","Alibaba"]}
{"name":"小米","aliases":["Xiaomi"]}
{"name":"H资本","type":"fund","aliases":["H 资本"]}
{"name":"口袋购物","aliases":["Koudai 吴钩","Koudai"]}
{"name":"恒大","aliases":[]}
{"name":"腾讯","aliases":[]}
{"name":"美团","aliases":[]}
{"name":"字节跳动","aliases":["字节"]}
{"name":"360","aliases":[]}
{"name":"Falcon Edge","type":"fund","aliases":[]}"#;

    #[test]
    fn match_table() {
        let (d, m) = matcher(DICT);
        let cases: &[(&str, &[&str])] = &[
            ("京东方发布财报", &[]),
            ("阿里山的风景", &[]),
            ("早上喝小米粥", &[]),
            ("他在写JDK代码", &[]),
            ("腾讯入股京东", &["腾讯=腾讯", "京东=京东"]),
            ("JD.com上市了", &["JD.com=京东"]),
            ("jd.com上市了", &["jd.com=京东"]),
            ("阿里领投小红书", &["阿里=阿里巴巴"]),
            ("H 资本跟投", &["H 资本=H资本"]),
            ("H资本跟投", &["H资本=H资本"]),
            ("Koudai 吴钩是一家公司", &["Koudai 吴钩=口袋购物"]),
            ("Koudai吴钩", &["Koudai吴钩=口袋购物"]),
            ("投资者随恒大进入", &["恒大=恒大"]),
            ("中美团队合作", &[]),
            ("和美团合作", &["美团=美团"]),
            ("打字节奏", &[]),
            ("美团外卖", &["美团=美团"]),
            ("阿里入股360", &["阿里=阿里巴巴", "360=360"]),
            ("股价3600点", &[]),
            (
                "Falcon  Edge 和小米",
                &["Falcon  Edge=Falcon Edge", "小米=小米"],
            ),
            ("小米发布新手机", &["小米=小米"]),
            ("腾讯公司和阿里集团", &["腾讯=腾讯", "阿里=阿里巴巴"]),
            ("小米手机和京东商城", &["小米=小米", "京东=京东"]),
            ("随着美团的发展", &["美团=美团"]),
        ];
        for (text, want) in cases {
            assert_eq!(names(&d, &m, text), *want, "{text}");
        }
    }

    #[test]
    fn spans_point_into_the_text() {
        let (_, m) = matcher(DICT);
        let text = "据悉 H 资本、Koudai 吴钩和阿里都在。";
        for x in m.find(text) {
            assert!(text.get(x.span.clone()).is_some());
        }
        assert_eq!(m.find(text).len(), 3);
    }
}
