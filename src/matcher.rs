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
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, PoisonError, RwLock, RwLockReadGuard};

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
    /// Entity of each automaton pattern (pattern `i` is the dictionary's alias key `i`).
    pattern_entity: Vec<EntityId>,
    segmenter: Arc<LazySegmenter>,
}

/// jieba and the dictionary names it is taught, built on first use (or by a background thread).
type LazySegmenter = LazyLock<Teacher, Box<dyn FnOnce() -> Teacher + Send>>;

/// A word jieba can never find in a text: two noncharacters, outside jieba's class of
/// characters that form words, so no text block ever contains it. Its frequency holds the
/// frequency of the names jieba has not been taught yet (see [`Teacher`]).
const SPARE_WORD: &str = "\u{FFFF}\u{FFFF}";

/// jieba's boundary check with the dictionary's CJK names, taught on demand.
///
/// Why on demand: teaching jieba all 267k names of a large dictionary up front copied them
/// into its trie (48 MiB and a third of a second). A name can change the segmentation of a
/// text window only if it occurs in that window, so before a window is cut, the names it
/// contains are looked up in the dictionary's own sorted keys (no copy) and the ones jieba
/// does not know yet are added. jieba's segmentation also depends on the sum of all word
/// frequencies; [`SPARE_WORD`] starts with the frequency of every name still to be taught
/// and gives it up name by name, so that sum is from the start what it was when every name
/// was added. The cut of any window is therefore exactly the cut with every name known,
/// whatever the order in which threads teach names.
struct Teacher {
    /// The dictionary: the names are read from its arena.
    dict: Dictionary,
    /// Indices into the dictionary's sorted alias keys of the names jieba is to know
    /// (all-CJK keys of two characters or more), in key order, so that the names starting
    /// with a given prefix are one range.
    names: Vec<u32>,
    /// The range of `names` starting with each pair of first characters: the first step
    /// of the window lookup is one hash probe instead of two binary searches, and most
    /// character pairs of a text start no name at all, so most probes end there.
    first: FxHashMap<u64, (u32, u32)>,
    /// One bit per entry of `names`, set once jieba knows the name (it had it, or was
    /// taught it): a window whose names are all known takes no write lock.
    known: Vec<AtomicU64>,
    /// jieba with the names taught so far; written only to teach.
    jieba: RwLock<Taught>,
}

/// jieba and the frequency [`SPARE_WORD`] still holds.
struct Taught {
    jieba: Jieba,
    spare: usize,
}

impl Teacher {
    /// jieba's default dictionary, and the names of `dict` it does not know marked to be taught.
    fn new(dict: Dictionary) -> Self {
        let mut jieba = Jieba::new();
        let keys = &dict.loaded().keys;
        let text = &dict.loaded().text;
        let names: Vec<u32> = keys
            .iter()
            .enumerate()
            .filter(|(_, (k, _))| {
                let k = k.get(text);
                k.chars().all(is_cjk) && k.chars().count() >= 2
            })
            .map(|(i, _)| i as u32)
            .collect();
        let known: Vec<AtomicU64> = (0..names.len().div_ceil(64))
            .map(|_| AtomicU64::new(0))
            .collect();
        let mut first: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
        let mut untaught = 0;
        for (j, &i) in names.iter().enumerate() {
            let key = keys[i as usize].0.get(text);
            if jieba.has_word(key) {
                known[j / 64].fetch_or(1 << (j % 64), Ordering::Relaxed);
            } else {
                untaught += 1;
            }
            let mut chars = key.chars();
            let pair = match (chars.next(), chars.next()) {
                (Some(a), Some(b)) => char_pair(a, b),
                _ => unreachable!("names have two characters or more"),
            };
            first.entry(pair).or_insert((j as u32, j as u32)).1 = j as u32 + 1;
        }
        let spare = untaught * ALIAS_FREQUENCY;
        if spare > 0 {
            jieba.add_word(SPARE_WORD, Some(spare), None);
        }
        Teacher {
            dict,
            names,
            first,
            known,
            jieba: RwLock::new(Taught { jieba, spare }),
        }
    }

    /// The name at index `j` of `names`.
    fn name(&self, j: usize) -> &str {
        let l = self.dict.loaded();
        l.keys[self.names[j] as usize].0.get(&l.text)
    }

    fn is_known(&self, j: usize) -> bool {
        self.known[j / 64].load(Ordering::Relaxed) & (1 << (j % 64)) != 0
    }

    /// Teaches jieba every name that occurs in `window` and that it does not know yet.
    fn teach(&self, window: &str) {
        let mut missing: Vec<usize> = Vec::new();
        let mut chars = window.char_indices().peekable();
        while let Some((i, a)) = chars.next() {
            let Some(&(j, b)) = chars.peek() else {
                break;
            };
            let Some(&(lo, hi)) = self.first.get(&char_pair(a, b)) else {
                continue;
            };
            let (mut lo, mut hi) = (lo as usize, hi as usize);
            // Names sorted: the two-character name, if any, comes first in the range.
            let two = j + b.len_utf8();
            if self.name(lo) == &window[i..two] && !self.is_known(lo) {
                missing.push(lo);
            }
            for (k, c) in window[two..].char_indices() {
                if !is_cjk(c) {
                    break;
                }
                let prefix = &window[i..two + k + c.len_utf8()];
                lo += self.names[lo..hi].partition_point(|&k| self.key(k) < prefix);
                hi = lo + self.names[lo..hi].partition_point(|&k| self.key(k).starts_with(prefix));
                if lo == hi {
                    break;
                }
                if self.name(lo) == prefix && !self.is_known(lo) {
                    missing.push(lo);
                }
            }
        }
        if missing.is_empty() {
            return;
        }
        let mut taught = self.jieba.write().unwrap_or_else(PoisonError::into_inner);
        for j in missing {
            if self.is_known(j) {
                continue; // taught by another thread meanwhile
            }
            let Taught { jieba, spare } = &mut *taught;
            jieba.add_word(self.name(j), Some(ALIAS_FREQUENCY), None);
            *spare -= ALIAS_FREQUENCY;
            jieba.add_word(SPARE_WORD, Some(*spare), None);
            self.known[j / 64].fetch_or(1 << (j % 64), Ordering::Relaxed);
        }
    }

    /// The alias key of dictionary key index `k`.
    fn key(&self, k: u32) -> &str {
        let l = self.dict.loaded();
        l.keys[k as usize].0.get(&l.text)
    }

    /// jieba's segmentation of `window` (no HMM), with every dictionary name it contains known.
    fn cut<'a>(&self, window: &'a str) -> Vec<jieba_rs::Token<'a>> {
        self.teach(window);
        let taught = self.jieba.read().unwrap_or_else(PoisonError::into_inner);
        taught.jieba.cut(window, false)
    }
}

/// Two characters as one hash key.
fn char_pair(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// Read access to the matcher's jieba (see [`Matcher::segmenter`]).
pub struct SegmenterGuard<'a>(RwLockReadGuard<'a, Taught>);

impl std::ops::Deref for SegmenterGuard<'_> {
    type Target = Jieba;

    fn deref(&self) -> &Jieba {
        &self.0.jieba
    }
}

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
    /// prepares jieba to learn the CJK aliases.
    pub fn new(dict: &Dictionary) -> Result<Self> {
        Matcher::with_engine(dict, Engine::Auto)
    }

    /// Like [`Matcher::new`] with a chosen automaton (for benchmarks and comparisons).
    ///
    /// jieba's default dictionary is loaded on a background thread while the automaton is
    /// built and documents start flowing; [`Matcher::find`] waits for it when it first needs it.
    pub fn with_engine(dict: &Dictionary, engine: Engine) -> Result<Self> {
        // Pattern `i` is the dictionary's alias key `i` (the order does not change the
        // matches: the keys are distinct, so a leftmost-longest match is unique).
        let keys: Vec<&str> = dict.alias_keys().map(|(key, _)| key).collect();
        let automaton = build_automaton(&keys, engine)?;
        Ok(Matcher::assemble(dict, automaton))
    }

    /// The matcher of `dict` with the automaton read back from [`Matcher::automaton_blob`]
    /// (the dictionary cache), if it is one.
    pub(crate) fn with_automaton_blob(dict: &Dictionary, blob: &[u8]) -> Result<Self> {
        let bad = |e: daachorse::errors::DaachorseError| {
            Error::Config(format!("cached automaton is not valid: {e}"))
        };
        let (da, rest) = CharwiseDoubleArrayAhoCorasick::<u32>::deserialize(blob).map_err(bad)?;
        if !rest.is_empty() || da.num_states() == 0 {
            return Err(Error::Config(
                "cached automaton is not valid: trailing bytes".into(),
            ));
        }
        Ok(Matcher::assemble(dict, Automaton::Daachorse(da)))
    }

    /// The automaton in the form [`Matcher::with_automaton_blob`] reads, when it is a
    /// daachorse charwise one (the engine of large dictionaries, the one worth caching).
    pub(crate) fn automaton_blob(&self) -> Option<Vec<u8>> {
        match &self.automaton {
            Automaton::Daachorse(da) => Some(da.serialize()),
            _ => None,
        }
    }

    /// True when every `step`-th alias key of `dict` (and the last), searched alone, is
    /// found whole as its own pattern: a cheap check that a cached automaton belongs to
    /// the dictionary it was read with.
    pub(crate) fn finds_its_keys(&self, dict: &Dictionary, step: usize) -> bool {
        let n = self.pattern_entity.len();
        if n != dict.alias_keys().len() {
            return false;
        }
        let keys: Vec<(usize, &str)> = dict
            .alias_keys()
            .enumerate()
            .filter(|&(i, _)| i % step.max(1) == 0 || i + 1 == n)
            .map(|(i, (k, _))| (i, k))
            .collect();
        keys.into_iter().all(|(i, key)| {
            let found = match &self.automaton {
                Automaton::Aho(ac) => ac
                    .find(key)
                    .map(|m| (m.start(), m.end(), m.pattern().as_usize())),
                Automaton::Daachorse(da) => da
                    .leftmost_find_iter(key)
                    .next()
                    .map(|m| (m.start(), m.end(), m.value() as usize)),
                Automaton::DaachorseBytewise(da) => da
                    .leftmost_find_iter(key)
                    .next()
                    .map(|m| (m.start(), m.end(), m.value() as usize)),
            };
            found == Some((0, key.len(), i))
        })
    }

    fn assemble(dict: &Dictionary, automaton: Automaton) -> Self {
        let pattern_entity: Vec<EntityId> = dict.alias_keys().map(|(_, id)| id).collect();
        let dict = dict.clone();
        let segmenter: Arc<LazySegmenter> =
            Arc::new(LazyLock::new(Box::new(move || Teacher::new(dict))));
        // Loading jieba's dictionary takes a while: it runs on its own thread, during the
        // automaton build and the first documents' parsing, and the first boundary check
        // that needs it waits for it.
        let background = Arc::clone(&segmenter);
        std::thread::spawn(move || {
            LazyLock::force(&background);
        });
        Matcher {
            automaton,
            pattern_entity,
            segmenter,
        }
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

    /// The shared jieba segmenter, as it is now: jieba's default dictionary plus the
    /// dictionary's CJK aliases it has been taught so far (it learns each one the first time
    /// a boundary check meets it). Waits for jieba to be loaded. Do not hold the guard
    /// while calling [`Matcher::find`] on the same thread: teaching needs write access.
    pub fn segmenter(&self) -> SegmenterGuard<'_> {
        SegmenterGuard(
            self.segmenter
                .jieba
                .read()
                .unwrap_or_else(PoisonError::into_inner),
        )
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
            self.segmenter.cut(window)
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
            // No prefilter in front of the DFA: the bytes it would look for are UTF-8 lead
            // bytes that start most characters of Chinese text, so it stops at nearly every
            // one and only adds its own cost (the bare DFA scans the corpus 5-15 % faster).
            .prefilter(kind != AhoCorasickKind::DFA)
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
