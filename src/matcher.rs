//! Finding dictionary entities in text: one leftmost-longest aho-corasick automaton over every
//! alias, Latin aliases case-insensitive and only at word edges, spaces between Latin and CJK
//! tolerated, and a jieba check so that a CJK alias never fires inside a longer known word.

use crate::dictionary::{Dictionary, EntityId};
use crate::error::{Error, Result};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use daachorse::{
    CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, DoubleArrayAhoCorasick,
    DoubleArrayAhoCorasickBuilder,
};
use jieba_rs::Jieba;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

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

/// Up to this many patterns [`Engine::Auto`] builds an aho-corasick DFA (fastest to scan,
/// but its memory and build time grow fast: 8 MB for the bundled 2,300 aliases); above it,
/// a daachorse charwise double array (three times the scanning speed of aho-corasick's
/// contiguous NFA with 270k CJK names, for about twice its build time).
pub const DFA_MAX_PATTERNS: usize = 5_000;

/// The automaton behind a [`Matcher`]. Every engine finds the same leftmost-longest matches;
/// they differ in build time, memory and scanning speed (see the `match` benchmarks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Engine {
    /// Chosen by dictionary size: an aho-corasick DFA up to [`DFA_MAX_PATTERNS`] patterns,
    /// else daachorse (charwise).
    #[default]
    Auto,
    /// aho-corasick DFA.
    AhoDfa,
    /// aho-corasick contiguous NFA.
    AhoContiguousNfa,
    /// daachorse charwise double-array Aho-Corasick.
    Daachorse,
    /// daachorse bytewise double-array Aho-Corasick.
    DaachorseBytewise,
}

/// The built automaton.
enum Automaton {
    Aho(AhoCorasick),
    Daachorse(CharwiseDoubleArrayAhoCorasick<u32>),
    DaachorseBytewise(DoubleArrayAhoCorasick<u32>),
}

/// An immutable matcher built once from a [`Dictionary`] and shared by all threads.
pub struct Matcher {
    automaton: Automaton,
    /// Entity of each automaton pattern.
    pattern_entity: Vec<EntityId>,
    segmenter: Arc<LazySegmenter>,
}

/// jieba with the dictionary's CJK aliases, built on first use (or by a background thread).
type LazySegmenter = LazyLock<Jieba, Box<dyn FnOnce() -> Jieba + Send>>;

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.pattern_entity.len())
            .field("kind", &self.kind_name())
            .finish()
    }
}

/// Is `c` a CJK ideograph (or another character jieba segments as part of Chinese words)?
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3007)
}

/// The haystack the automaton scans: insignificant spaces removed and ASCII lower-cased
/// (the alias keys are lower-case), mapped back to the original text.
struct Folded {
    text: String,
    /// `(folded offset, bytes removed before it)` at every folded offset after which more
    /// original bytes were removed, ascending.
    shifts: Vec<(u32, u32)>,
}

impl Folded {
    /// The original offset of the byte at folded offset `at`.
    fn original_at(&self, at: usize) -> usize {
        let i = self.shifts.partition_point(|&(f, _)| f as usize <= at);
        match i {
            0 => at,
            _ => at + self.shifts[i - 1].1 as usize,
        }
    }

    fn original(&self, folded: Range<usize>) -> Range<usize> {
        self.original_at(folded.start)..self.original_at(folded.end - 1) + 1
    }
}

/// Drops spaces that do not separate two Latin words, so `H 资本` matches `H资本` and
/// `Koudai 吴钩` matches `Koudai吴钩`; runs of spaces between Latin words become one.
/// ASCII letters are lower-cased. Works on bytes: a space run is kept (as one space) only
/// between two ASCII letters or digits, and a multi-byte character never is one.
fn fold(text: &str) -> Folded {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut shifts = Vec::new();
    let mut removed = 0u32;
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b' ' && bytes[i] != b'\t' {
            i += 1;
            continue;
        }
        out.push_str(&text[run..i]);
        let spaces = i;
        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
        run = i;
        let mut gone = (i - spaces) as u32;
        if out.as_bytes().last().is_some_and(u8::is_ascii_alphanumeric)
            && bytes.get(i).is_some_and(u8::is_ascii_alphanumeric)
        {
            out.push(' ');
            gone -= 1;
        }
        if gone > 0 {
            removed += gone;
            shifts.push((out.len() as u32, removed));
        }
    }
    out.push_str(&text[run..]);
    out.make_ascii_lowercase();
    Folded { text: out, shifts }
}

/// Latin word-edge check: two adjacent letters or two adjacent digits belong to one word.
fn same_word_class(a: char, b: char) -> bool {
    (a.is_ascii_alphabetic() && b.is_ascii_alphabetic())
        || (a.is_ascii_digit() && b.is_ascii_digit())
}

impl Matcher {
    /// Builds the automaton over every alias of `dict` (the engine chosen by size) and
    /// teaches jieba the CJK aliases.
    pub fn new(dict: &Dictionary) -> Result<Self> {
        Matcher::with_engine(dict, Engine::Auto)
    }

    /// Like [`Matcher::new`] with a chosen automaton (for benchmarks and comparisons).
    ///
    /// jieba's default dictionary is loaded on a background thread while the automaton is
    /// built and documents start flowing; [`Matcher::find`] waits for it when it first needs it.
    pub fn with_engine(dict: &Dictionary, engine: Engine) -> Result<Self> {
        // One pattern per alias key, in entity order (the order does not change the matches:
        // the keys are distinct, so a leftmost-longest match is unique).
        let mut patterns: Vec<(EntityId, &str)> =
            dict.alias_keys().map(|(key, id)| (id, key)).collect();
        patterns.sort_unstable();
        let keys: Vec<&str> = patterns.iter().map(|&(_, key)| key).collect();
        let pattern_entity: Vec<EntityId> = patterns.iter().map(|&(id, _)| id).collect();
        // CJK aliases jieba does not know join its lexicon with a moderate frequency, so that
        // segmentation is a fair contest: 和/美团 wins over 和美/团, but 中/美/团队 stays.
        let mut words = String::new();
        for key in keys
            .iter()
            .filter(|k| k.chars().all(is_cjk) && k.chars().count() >= 2)
        {
            words.push_str(key);
            words.push('\n');
        }
        let segmenter: Arc<LazySegmenter> = Arc::new(LazyLock::new(Box::new(move || {
            let mut segmenter = Jieba::new();
            for word in words.lines() {
                if !segmenter.has_word(word) {
                    segmenter.add_word(word, Some(ALIAS_FREQUENCY), None);
                }
            }
            segmenter
        })));
        // Loading jieba's dictionary takes a while: it runs on its own thread, during the
        // automaton build and the first documents' parsing, and the first boundary check
        // that needs it waits for it.
        let background = Arc::clone(&segmenter);
        std::thread::spawn(move || {
            LazyLock::force(&background);
        });
        Ok(Matcher {
            automaton: build_automaton(&keys, engine)?,
            pattern_entity,
            segmenter,
        })
    }

    /// Number of distinct alias patterns.
    pub fn pattern_count(&self) -> usize {
        self.pattern_entity.len()
    }

    /// The kind of automaton in use (`aho-corasick DFA`, …), for `--stats` and benchmarks.
    pub fn kind_name(&self) -> String {
        match &self.automaton {
            Automaton::Aho(ac) => format!("aho-corasick {:?}", ac.kind()),
            Automaton::Daachorse(_) => "daachorse charwise".to_string(),
            Automaton::DaachorseBytewise(_) => "daachorse bytewise".to_string(),
        }
    }

    /// Heap memory of the automaton in bytes (jieba not included).
    pub fn automaton_bytes(&self) -> usize {
        match &self.automaton {
            Automaton::Aho(ac) => ac.memory_usage(),
            Automaton::Daachorse(da) => da.heap_bytes(),
            Automaton::DaachorseBytewise(da) => da.heap_bytes(),
        }
    }

    /// The shared jieba segmenter (with the dictionary's CJK aliases added).
    pub fn segmenter(&self) -> &Jieba {
        &self.segmenter
    }

    /// Every accepted mention in `text`, left to right, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let folded = fold(text);
        let hay = folded.text.as_str();
        let mut out = Vec::new();
        // Scans from `pos`; on a rejected candidate, scans again from its next character
        // (a shorter or later alias may still fit).
        let mut pos = 0;
        'scan: while pos < hay.len() {
            let start = pos;
            let mut candidates: Box<dyn Iterator<Item = (usize, usize, usize)>> =
                match &self.automaton {
                    Automaton::Aho(ac) => Box::new(
                        ac.find_iter(&hay[start..])
                            .map(|m| (m.start(), m.end(), m.pattern().as_usize())),
                    ),
                    Automaton::Daachorse(da) => Box::new(
                        da.leftmost_find_iter(&hay[start..])
                            .map(|m| (m.start(), m.end(), m.value() as usize)),
                    ),
                    Automaton::DaachorseBytewise(da) => Box::new(
                        da.leftmost_find_iter(&hay[start..])
                            .map(|m| (m.start(), m.end(), m.value() as usize)),
                    ),
                };
            for (s, e, pattern) in &mut candidates {
                let (s, e) = (start + s, start + e);
                let span = folded.original(s..e);
                if self.accept(text, &span) {
                    out.push(Mention {
                        span,
                        entity: self.pattern_entity[pattern],
                    });
                } else {
                    pos = s + hay[s..].chars().next().map_or(1, char::len_utf8);
                    continue 'scan;
                }
            }
            break;
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
        let tokens = crate::stats::time_fine(crate::stats::Stage::Boundary, window.len(), || {
            self.segmenter.cut(window, false)
        });
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

/// Builds the automaton of `engine` over the (unique, non-empty) `keys`.
fn build_automaton(keys: &[&str], engine: Engine) -> Result<Automaton> {
    let aho = |kind: AhoCorasickKind| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(keys)
            .map(Automaton::Aho)
            .map_err(|e| Error::Config(format!("cannot build the matcher: {e}")))
    };
    match engine {
        Engine::Auto if keys.len() <= DFA_MAX_PATTERNS => aho(AhoCorasickKind::DFA),
        Engine::AhoDfa => aho(AhoCorasickKind::DFA),
        Engine::AhoContiguousNfa => aho(AhoCorasickKind::ContiguousNFA),
        Engine::Auto | Engine::Daachorse => CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(daachorse::MatchKind::LeftmostLongest)
            .build_with_values(keys.iter().enumerate().map(|(i, k)| (k, i as u32)))
            .map(Automaton::Daachorse)
            .map_err(|e| Error::Config(format!("cannot build the matcher: {e}"))),
        Engine::DaachorseBytewise => DoubleArrayAhoCorasickBuilder::new()
            .match_kind(daachorse::MatchKind::LeftmostLongest)
            .build_with_values(keys.iter().enumerate().map(|(i, k)| (k, i as u32)))
            .map(Automaton::DaachorseBytewise)
            .map_err(|e| Error::Config(format!("cannot build the matcher: {e}"))),
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
    fn every_engine_finds_the_same_mentions() {
        let mut b = DictionaryBuilder::new();
        b.add_jsonl(Path::new("t"), DICT.as_bytes()).unwrap();
        let d = b.build();
        let text = "据悉 H 资本、Koudai 吴钩和阿里都在。JD.com 和 jd 入股360，京东方发布财报，随恒大进入 Falcon  Edge";
        let want = Matcher::new(&d).unwrap().find(text);
        assert_eq!(want.len(), 8, "{want:?}");
        for engine in [
            Engine::AhoDfa,
            Engine::AhoContiguousNfa,
            Engine::Daachorse,
            Engine::DaachorseBytewise,
        ] {
            let m = Matcher::with_engine(&d, engine).unwrap();
            assert_eq!(m.find(text), want, "{engine:?}");
        }
    }

    #[test]
    fn fold_maps_back_to_the_text() {
        let text = "A  B 资本\t 和 Ｘ  C";
        let f = fold(text);
        assert_eq!(f.text, "a b资本和Ｘc");
        let at = |s: &str| f.text.find(s).unwrap();
        assert_eq!(f.original(at("b")..at("b") + 1), 3..4);
        assert_eq!(&text[f.original(at("资本")..at("资本") + 6)], "资本");
        assert_eq!(&text[f.original(at("a b")..at("a b") + 3)], "A  B");
        assert_eq!(&text[f.original(at("c")..at("c") + 1)], "C");
        assert_eq!(fold("abc").shifts, []);
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
