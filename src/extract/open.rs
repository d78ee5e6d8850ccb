//! Open-class names: inside a sentence that states a deal, a name-like span that the
//! dictionary does not know becomes an entity of its own, so that the deal constructions can
//! use it. Two shapes count: a Latin name of capitalised words (`Lead Edge Capital`, `IVP`),
//! and a short CJK stem before an organisation suffix of the `[org_suffix]` lexicon section
//! (`星火资本`, `梵拉风险投资公司`). Words of the `[not_name]` section (`TechCrunch`, `CEO`,
//! `私募股权`) are never names.

use super::cues::{Cue, CueClass, Lexicon};
use crate::dictionary::EntityKind;
use crate::matcher::is_cjk;
use std::ops::Range;

/// Characters that end a CJK stem going leftwards (grammar words and punctuation).
pub(crate) const STEM_STOP: &str =
    "的由和与及是在从向对被获了其将把为等以、，,。;；:：(（)）“”\"'《》[]【】包括还也都并或之";

/// A name-like span of one sentence: byte range (in `text`), the name and its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenName {
    /// Byte range in the text that was scanned.
    pub span: Range<usize>,
    /// The name as written (spaces between Latin words kept).
    pub name: String,
    /// `fund` for investor-like endings (Capital, Ventures, 资本, 基金), else `company`.
    pub kind: EntityKind,
}

/// The open-class names of `text` (one sentence) that overlap none of `taken` (byte ranges of
/// dictionary mentions), if the sentence has a deal cue; otherwise none.
pub fn find(text: &str, taken: &[Range<usize>], lexicon: &Lexicon) -> Vec<OpenName> {
    find_with_cues(text, &lexicon.find(text), taken, lexicon)
}

/// [`find`] with the cues of `text` already found (`lexicon.find(text)`).
pub(crate) fn find_with_cues(
    text: &str,
    cues: &[Cue],
    taken: &[Range<usize>],
    lexicon: &Lexicon,
) -> Vec<OpenName> {
    if !cues.iter().any(|c| c.class.marks_deal()) && !raises_from(text) {
        return Vec::new();
    }
    let mentions = taken;
    // A name never overlaps a cue word (该公司, 报道) or a dictionary mention.
    let taken: Vec<Range<usize>> = taken
        .iter()
        .cloned()
        .chain(
            cues.iter()
                .filter(|c| !c.class.marks_deal())
                .map(|c| c.span.clone()),
        )
        .collect();
    let taken = taken.as_slice();
    let not_name = lexicon.not_name_lower();
    let is_not_name = |w: &str| {
        let w = w.to_lowercase();
        not_name.contains(&w)
    };
    // A CJK stem ending in a generic word (跨境物流, 成长型, 食品初创) describes, not names.
    let generic_stem = |w: &str| {
        not_name
            .iter()
            .any(|n| n.chars().next().is_some_and(is_cjk) && w.ends_with(n.as_str()))
    };
    let free = |r: &Range<usize>| !taken.iter().any(|t| r.start < t.end && t.start < r.end);
    let mut out = Vec::new();
    let suffixes = lexicon.org_suffixes();
    for (span, _) in latin_names(text, &is_not_name) {
        // A Latin name before a CJK organisation ending (GGV 资本, AME 云风险投资公司).
        let after = &text[span.end..];
        let gap = after.len() - after.trim_start_matches(' ').len();
        let rest = &after[gap..];
        let extended = (0..=3).find_map(|n| {
            let stem: usize = rest.chars().take(n).map(char::len_utf8).sum();
            let ok = rest[..stem]
                .chars()
                .all(|c| is_cjk(c) && !STEM_STOP.contains(c));
            let suf = suffixes
                .iter()
                .find(|s| rest[stem..].starts_with(s.as_str()))?;
            (ok && rest[..stem].chars().count() == n).then(|| span.end + gap + stem + suf.len())
        });
        let span = match extended {
            Some(end) if free(&(span.start..end)) => span.start..end,
            _ => span,
        };
        let name = text[span.clone()].to_string();
        if free(&span) {
            let kind = kind_of(&name);
            out.push(OpenName { span, name, kind });
        }
    }
    let descriptors = lexicon.name_words(CueClass::NameDescriptor);
    for (span, kind) in quoted_names(text, descriptors) {
        let name = &text[span.clone()];
        if free(&span) && !is_not_name(name) && !generic_stem(name) {
            out.push(OpenName {
                span,
                name: name.to_string(),
                kind,
            });
        }
    }
    let intro = lexicon.name_words(CueClass::ListIntro);
    for span in slot_names(text, cues, intro) {
        let name = &text[span.clone()];
        if free(&span) && !is_not_name(name) && !generic_stem(name) {
            out.push(OpenName {
                span,
                name: name.to_string(),
                kind: kind_of(name),
            });
        }
    }
    let cue_spans: Vec<Range<usize>> = cues.iter().map(|c| c.span.clone()).collect();
    for span in dotted_names(text, &cue_spans) {
        if free(&span) {
            let name = text[span.clone()].to_string();
            out.push(OpenName {
                span,
                name,
                kind: EntityKind::Person,
            });
        }
    }
    let determiners = lexicon.name_words(CueClass::Determiner);
    let adverbs = lexicon.name_words(CueClass::SubjectAdverb);
    let not_in_name = lexicon.name_words(CueClass::NotInName);
    let mut pos = 0;
    // Only positions whose character starts some suffix are compared with the suffixes.
    let firsts: Vec<char> = suffixes.iter().filter_map(|s| s.chars().next()).collect();
    while pos < text.len() {
        let rest = &text[pos..];
        let first = rest.chars().next().expect("pos is a char boundary");
        let suf = if firsts.contains(&first) {
            suffixes.iter().find(|s| rest.starts_with(s.as_str()))
        } else {
            None
        };
        let Some(suf) = suf else {
            pos += first.len_utf8();
            continue;
        };
        let end = pos + suf.len();
        // The stem: up to four CJK characters before the suffix, stopping at grammar words,
        // another suffix, a dictionary mention or a cue word (转让给星河资本 → 星河资本).
        let mut start = pos;
        let mut n = 0;
        for (i, c) in text[..pos].char_indices().rev() {
            let in_cue = cues.iter().any(|k| k.span.start <= i && i < k.span.end);
            if n == 4 || !is_cjk(c) || STEM_STOP.contains(c) || !free(&(i..pos)) || in_cue {
                break;
            }
            if suffixes
                .iter()
                .any(|s| text[..i + c.len_utf8()].ends_with(s.as_str()))
            {
                break;
            }
            start = i;
            n += 1;
        }
        let stem = &text[start..pos];
        let name = &text[start..end];
        // A descriptor before a quoted name (健康险科技企业“镁信健康”) is not a name.
        let descriptor = {
            let after = &text[end..];
            let skip: usize = after
                .chars()
                .take(4)
                .take_while(|c| is_cjk(*c))
                .map(char::len_utf8)
                .sum();
            (0..=skip)
                .filter(|i| after.is_char_boundary(*i))
                .any(|i| after[i..].starts_with(OPEN_QUOTES))
        };
        // 该公司, 目前公司: a determiner or a frame word is no part of a name.
        let determined = determiners.iter().any(|d| stem.starts_with(d.as_str()))
            || not_in_name.iter().any(|w| stem.contains(w.as_str()))
            || adverbs
                .iter()
                .any(|w| w.chars().count() > 1 && stem.starts_with(w.as_str()));
        if n >= 2
            && !descriptor
            && !determined
            && free(&(start..end))
            && !generic_stem(stem)
            && !is_not_name(name)
        {
            out.push(OpenName {
                span: start..end,
                name: name.to_string(),
                kind: kind_of(name),
            });
        }
        pos = end;
    }
    out.sort_by_key(|o| o.span.start);
    out.dedup_by(|b, a| b.span.start < a.span.end);
    let known: Vec<Range<usize>> = mentions
        .iter()
        .cloned()
        .chain(out.iter().map(|o| o.span.clone()))
        .collect();
    // The company whose shares a verb takes (收购企业服务领域的老牌企业海鼎51%的股权).
    // (Both finders leave out what overlaps `known`; overlaps between their own names go with
    // the dedup below.)
    for span in share_objects(text, cues, &known, lexicon) {
        let name = &text[span.clone()];
        if !is_not_name(name) && !generic_stem(name) {
            out.push(OpenName {
                span,
                name: name.to_string(),
                kind: EntityKind::Company,
            });
        }
    }
    // Cue words inside list items are judged by `list_completion` (协同 in 协同创新基金).
    // An item ending in a cue word (君度投资) is judged by its stem (君度).
    for (span, stem) in list_completion(text, cues, &known, lexicon) {
        let name = &text[span.clone()];
        let stem = &text[span.start..stem];
        if !is_not_name(name) && !is_not_name(stem) && !generic_stem(stem) {
            out.push(OpenName {
                span,
                name: name.to_string(),
                kind: kind_of(name),
            });
        }
    }
    out.sort_by_key(|o| o.span.start);
    out.dedup_by(|b, a| b.span.start < a.span.end);
    out
}

/// Characters that end the first or last item of a list (punctuation and the grammar words
/// around a list).
const LIST_STOP: &str =
    "的由和与及是在从向对被获了将把为等以包括或过、，,。;；:：!！?？(（)）“”\"'《》[]【】 \t\n";

/// Characters that a middle item of a list (between two `、`) never holds.
const ITEM_BREAK: &str = "，,。;；:：!！?？(（)）“”\"'《》[]【】\t\n";

/// Words that join the last item to a list (A、B 和 C).
const LIST_LAST: [&str; 4] = ["以及", "和", "及", "与"];

/// Most characters of a name found before its shares (收购 X 51% 的股权).
const SHARE_OBJECT_CHARS: usize = 8;

/// Most characters from the verb to the shares, modifiers of the name included.
const SHARE_RUN_CHARS: usize = 20;

/// Names in the object of a verb of buying, holding or selling shares, right before the shares
/// themselves: `收购 X 51% 的股权`, `持有 X 3.3% 的股份`, `转让 X 股权`. After the verb (and
/// 了, 其, 所持有的), the run of name characters up to a stake or a word of shares is cut after
/// its last descriptor noun (老牌企业海鼎 → 海鼎); 2 to 8 characters, no determiner, no word that
/// is never in a name, no cue word.
fn share_objects(
    text: &str,
    cues: &[Cue],
    known: &[Range<usize>],
    lexicon: &Lexicon,
) -> Vec<Range<usize>> {
    let descriptors = lexicon.name_words(CueClass::NameDescriptor);
    let determiners = lexicon.name_words(CueClass::Determiner);
    let not_in_name = lexicon.name_words(CueClass::NotInName);
    let mut out = Vec::new();
    for c in cues.iter().filter(|c| {
        matches!(
            c.class,
            CueClass::Acquire
                | CueClass::Increase
                | CueClass::Holds
                | CueClass::HoldsIfStake
                | CueClass::Dispose
        )
    }) {
        let mut at = c.span.end;
        for w in ["了", "其", "所持有的", "持有的", "所持"] {
            if text[at..].starts_with(w) {
                at += w.len();
            }
        }
        // The run of name characters, then the shares.
        let run_end = text[at..]
            .char_indices()
            .enumerate()
            .find(|&(n, (_, ch))| {
                n == SHARE_RUN_CHARS
                    || !(is_cjk(ch) || ch.is_ascii_alphabetic())
                    || (STEM_STOP.contains(ch) && ch != '的')
            })
            .map_or(text.len(), |(_, (i, _))| at + i);
        let rest = text[run_end..].trim_start();
        // A stake, followed by the word of shares unless the verb is 持有 (持有 X 5%).
        let stake = rest.starts_with(|ch: char| ch.is_ascii_digit())
            && rest.find('%').is_some_and(|p| {
                let after = rest[p + 1..].trim_start().trim_start_matches('的');
                rest[..p].chars().all(|ch| ch.is_ascii_digit() || ch == '.')
                    && (c.class == CueClass::Holds || after.starts_with('股'))
            });
        let shares = ["的股权", "的股份", "股权", "股份"]
            .iter()
            .any(|w| rest.starts_with(w));
        if !(stake || shares) {
            continue;
        }
        // After the last 的 or descriptor noun of the run (领域的老牌企业海鼎 → 海鼎).
        let run = &text[at..run_end];
        let start = descriptors
            .iter()
            .filter_map(|d| run.rfind(d.as_str()).map(|i| at + i + d.len()))
            .chain(run.rfind('的').map(|i| at + i + '的'.len_utf8()))
            .max()
            .unwrap_or(at);
        // Without a quantity before the stake (明珠建筑全部 3% 股权 → 明珠建筑).
        let mut end = run_end;
        while let Some(w) = not_in_name
            .iter()
            .find(|w| text[start..end].ends_with(w.as_str()))
        {
            end -= w.len();
        }
        let span = start..end;
        let name = &text[span.clone()];
        let chars = name.chars().count();
        // 所持股份比例 16.7%: the shares themselves, not a holder.
        let ok = (2..=SHARE_OBJECT_CHARS).contains(&chars)
            && !["股份", "股权", "股票", "比例", "权益"]
                .iter()
                .any(|w| name.contains(w))
            && !determiners.iter().any(|d| name.starts_with(d.as_str()))
            && !not_in_name.iter().any(|w| name.contains(w.as_str()))
            && !cues
                .iter()
                .any(|k| k.span.start < span.end && span.start < k.span.end)
            && !known
                .iter()
                .any(|k| k.start < span.end && span.start < k.end);
        if ok {
            out.push(span);
        }
    }
    out
}

/// Where an item stands in a `、`-list: its bounds are found differently.
#[derive(Clone, Copy, PartialEq)]
enum ListPlace {
    First,
    Middle,
    Last,
}

/// The unknown items of `、`-lists that name something known: in `A、B、C 等`, when one item is
/// exactly a `known` span (a dictionary mention or an open name), the other items are names too
/// (腾讯、中关村科学城和中关村协同创新基金的投资). A middle item is the whole text between two `、`
/// (头头是道); the first runs back to a grammar word, the last on to one (and after 和/及/与
/// to the next). A cue word at the outer edge of the first or last item is left out (投资 A、B;
/// A、IDG 又投了); a cue word inside an item makes it no name unless the item ends with an
/// organisation suffix (美国风险投资伙伴 is not cut to 美国风险; 君度投资 between two `、`
/// stays whole). An item is 2 to 10 characters (16 with an organisation suffix) and does not
/// start with a digit, a counted noun (500 家创业公司), a determiner or a cue word, nor hold a
/// word that is never in a name.
fn list_completion(
    text: &str,
    cues: &[Cue],
    known: &[Range<usize>],
    lexicon: &Lexicon,
) -> Vec<(Range<usize>, usize)> {
    if !text.contains('、') {
        return Vec::new();
    }
    let stop = |c: char| LIST_STOP.contains(c);
    let adverbs = lexicon.name_words(CueClass::SubjectAdverb);
    let determiners = lexicon.name_words(CueClass::Determiner);
    let not_in_name = lexicon.name_words(CueClass::NotInName);
    let suffixes = lexicon.org_suffixes();
    // The raw first item, ending at `end`: back to a stop character.
    let before = |end: usize| {
        let start = text[..end]
            .char_indices()
            .rev()
            .find(|(_, c)| stop(*c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        start..end
    };
    // The raw last item, starting at `start`: on to a stop character.
    let after = |start: usize| {
        let end = text[start..]
            .char_indices()
            .find(|(_, c)| stop(*c))
            .map_or(text.len(), |(i, _)| start + i);
        start..end
    };
    // A middle item: the whole text up to the next separator, when it is short and unbroken.
    let middle = |from: usize, to: usize| {
        let item = &text[from..to];
        (item.chars().count() <= 12
            && !item.contains(|c: char| ITEM_BREAK.contains(c))
            && !item.contains('等'))
        .then_some(from..to)
    };
    // The name an item holds, if any.
    let shape = |r: Range<usize>, place: ListPlace| -> Option<(Range<usize>, usize)> {
        let mut r = r;
        let mut stem = r.end;
        let org = suffixes
            .iter()
            .any(|s| text[r.clone()].ends_with(s.as_str()));
        let inside: Vec<&Cue> = cues
            .iter()
            .filter(|c| c.span.start < r.end && r.start < c.span.end)
            .collect();
        for c in inside {
            if c.span.start <= r.start {
                // A cue word opening the item: the list follows a verb (投资 A、B).
                if place != ListPlace::First || c.span.end >= r.end {
                    return None;
                }
                r.start = c.span.end;
            } else if c.span.end >= r.end && place == ListPlace::Last && c.class.marks_deal() {
                // A deal verb closing the last item (A、B 跟投).
                r.end = c.span.start;
            } else if place == ListPlace::Middle && c.span.end == r.end {
                // Between two `、` a cue word may end a name (君度投资).
                stem = c.span.start;
            } else if !org {
                return None;
            }
        }
        if place == ListPlace::Last {
            while let Some(a) = adverbs
                .iter()
                .find(|a| text[r.clone()].ends_with(a.as_str()))
            {
                r.end -= a.len();
            }
        }
        let item = &text[r.clone()];
        let chars = item.chars().count();
        let counted = text[..r.start].trim_end().ends_with(|c: char| {
            c.is_ascii_digit() || "一二两三四五六七八九十百千万几多数".contains(c)
        });
        let ok = (2..=if org { 16 } else { 10 }).contains(&chars)
            && !counted
            && !item.starts_with(|c: char| c.is_ascii_digit() || c.is_whitespace())
            && !item.ends_with(char::is_whitespace)
            && !determiners.iter().any(|d| item.starts_with(d.as_str()))
            && !not_in_name.iter().any(|w| item.contains(w.as_str()));
        ok.then_some((r.clone(), stem.min(r.end)))
    };
    let seps: Vec<usize> = text.match_indices('、').map(|(i, _)| i).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < seps.len() {
        // One list: the first item, the middle items between separators, the last item.
        let mut items = vec![shape(before(seps[i]), ListPlace::First)];
        let mut j = i;
        let last_end;
        loop {
            let from = seps[j] + '、'.len_utf8();
            match seps.get(j + 1).and_then(|&to| middle(from, to)) {
                Some(r) => {
                    items.push(shape(r, ListPlace::Middle));
                    j += 1;
                }
                None => {
                    let r = after(from);
                    last_end = r.end;
                    items.push(shape(r, ListPlace::Last));
                    break;
                }
            }
        }
        // A last item after 和/及/与 (A、B 和 C).
        if let Some(w) = LIST_LAST.iter().find(|w| text[last_end..].starts_with(*w)) {
            items.push(shape(after(last_end + w.len()), ListPlace::Last));
        }
        i = j + 1;
        let items: Vec<(Range<usize>, usize)> = items.into_iter().flatten().collect();
        if !items.iter().any(|(r, _)| known.contains(r)) {
            continue;
        }
        for (r, stem) in items {
            if !known.iter().any(|k| k.start < r.end && r.start < k.end) {
                out.push((r, stem));
            }
        }
    }
    out
}

/// Characters after which an investor slot before a lead or follow cue may start.
const SLOT_START: &str = ",，、;；:：】[【(（ ";

/// A CJK name of an investor slot: 2 to 8 CJK characters, none a grammar word.
fn slot_item(item: &str) -> bool {
    (2..=8).contains(&item.chars().count())
        && item.chars().all(|c| is_cjk(c) && !STEM_STOP.contains(c))
}

/// Names in the investor slots of deal frames, whatever their shape: the `、`-list right before
/// a lead or follow cue (`阳光保险、清松资本跟投`) and the `、`-list after an investor-list cue
/// and its `intro` word (`本轮投资方包括博裕资本、礼来亚洲基金、中金公司等`). Items are 2 to 8 CJK
/// characters; the list ends at any other punctuation or grammar word.
fn slot_names(text: &str, cues: &[Cue], intro: &[String]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for c in cues {
        match c.class {
            CueClass::Lead | CueClass::Follow => {
                let mut end = c.span.start;
                let mut items = Vec::new();
                let mut by = false;
                loop {
                    let start = text[..end]
                        .char_indices()
                        .rev()
                        .take(9)
                        .take_while(|(_, ch)| is_cjk(*ch) && !STEM_STOP.contains(*ch))
                        .last()
                        .map_or(end, |(i, _)| i);
                    // The item starts a list, a clause or the by-phrase (由X领投, ，X跟投):
                    // after a modifier (新老股东全部跟投, 间接共同参与) it describes, not names.
                    let opens = text[..start]
                        .chars()
                        .next_back()
                        .is_none_or(|ch| SLOT_START.contains(ch))
                        || cues
                            .iter()
                            .any(|b| b.class == CueClass::By && b.span.end == start);
                    if !opens || !slot_item(&text[start..end]) {
                        break;
                    }
                    by |= cues
                        .iter()
                        .any(|b| b.class == CueClass::By && b.span.end == start);
                    items.push(start..end);
                    match text[..start].strip_suffix('、') {
                        Some(rest) => end = rest.len(),
                        None => break,
                    }
                }
                // 参与 is any taking part (开市后可参与交易): one item before it names only
                // after 由.
                let generic = text[c.span.clone()].starts_with("参与");
                if !generic || by || items.len() > 1 {
                    out.extend(items);
                }
            }
            CueClass::InvestedBy | CueClass::OtherInvestors | CueClass::InvestorList => {
                let rest = &text[c.span.end..];
                // An `investor_list` cue holds its intro word (投资方包括); the others need one.
                let skip = match intro.iter().find(|w| rest.starts_with(w.as_str())) {
                    Some(w) => w.len(),
                    None if c.class == CueClass::InvestorList => 0,
                    None => continue,
                };
                let mut start = c.span.end + skip;
                loop {
                    let end = start
                        + text[start..]
                            .char_indices()
                            .take(9)
                            .find(|(_, ch)| !is_cjk(*ch) || STEM_STOP.contains(*ch))
                            .map_or_else(
                                || text[start..].chars().take(9).map(char::len_utf8).sum(),
                                |(i, _)| i,
                            );
                    if !slot_item(&text[start..end]) {
                        break;
                    }
                    out.push(start..end);
                    match text[end..].strip_prefix('、') {
                        Some(_) => start = end + '、'.len_utf8(),
                        None => break,
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Opening quotes of a quoted name.
const OPEN_QUOTES: [char; 5] = ['“', '"', '「', '『', '《'];

/// Characters after which a quoted name starts a clause.
const CLAUSE_START: &str = ",，。;；:：!！?？】【[(（)）'";

/// Characters a quoted name never holds (a quoted phrase or clause is not a name).
const QUOTE_STOP: &str = "的了是在，,。;；:：!！?？、()（）“”\"《》";

/// Quoted names (“镁信健康”, "MYOMY", 「X」, 《X》): 2 to 12 characters of CJK, Latin letters,
/// digits and name punctuation (space, `·`, `-`, `.`, `&`) between a pair of quotes, not all
/// digits, right after one of `descriptors` (企业“X”) or at the start of a clause; `《X》` is a
/// product, the others are typed by their ending.
fn quoted_names(text: &str, descriptors: &[String]) -> Vec<(Range<usize>, EntityKind)> {
    const PAIRS: [(char, char); 5] = [
        ('“', '”'),
        ('"', '"'),
        ('「', '」'),
        ('『', '』'),
        ('《', '》'),
    ];
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(off) = text[pos..].find(OPEN_QUOTES) {
        let open_at = pos + off;
        let open = text[open_at..].chars().next().expect("a quote");
        let from = open_at + open.len_utf8();
        let close = PAIRS.iter().find(|(o, _)| *o == open).expect("a pair").1;
        // A name is at most 12 characters: the closing quote is looked for that far only.
        let window: usize = text[from..].chars().take(13).map(char::len_utf8).sum();
        let Some(len) = text[from..from + window].find(close) else {
            pos = from;
            continue;
        };
        let inner = &text[from..from + len];
        pos = from + len + close.len_utf8();
        let n = inner.chars().count();
        let name_like = inner.chars().all(|c| {
            (is_cjk(c) && !QUOTE_STOP.contains(c))
                || c.is_ascii_alphanumeric()
                || matches!(c, ' ' | '·' | '-' | '.' | '&')
        });
        let before = text[..open_at].trim_end_matches(' ');
        let placed = descriptors.iter().any(|d| before.ends_with(d))
            || before
                .chars()
                .next_back()
                .is_none_or(|c| CLAUSE_START.contains(c));
        if (2..=12).contains(&n)
            && placed
            && name_like
            && inner.trim() == inner
            && !inner.chars().all(|c| c.is_ascii_digit() || c == '.')
        {
            let kind = if open == '《' {
                EntityKind::Product
            } else {
                kind_of(inner)
            };
            out.push((from..from + len, kind));
        }
    }
    out
}

/// Y 从 X 获得/拿到 N 美元: a deal sentence without a deal cue word.
fn raises_from(text: &str) -> bool {
    let Some(i) = text.find('从') else {
        return false;
    };
    let rest = &text[i..];
    ["获得", "拿到", "得到", "获"]
        .iter()
        .any(|v| rest.contains(v))
        && ["美元", "万", "亿", "€", "£"]
            .iter()
            .any(|m| rest.contains(m))
}

/// Characters that never belong to a transliterated name: grammar words, punctuation and the
/// endings of titles and roles (投资者, 创始人, 首席执行官, 亿万富翁) before it.
const NAME_STOP: &str = "的由和与及是在从向对被获了其将把为等以、，,。;；:：(（)）“”\"'《》[]【】包括还也都并或之者人长官席事裁监伙始商家翁员师总董投资本创兼前任现";

/// Transliterated person names: CJK parts joined by `·` (爱德华多·萨维林, 查马斯·帕里哈皮蒂亚):
/// up to four characters before the first dot, two to six after each dot, stopping at grammar
/// words, role endings and cue words.
fn dotted_names(text: &str, cues: &[Range<usize>]) -> Vec<Range<usize>> {
    let ok = |c: char| is_cjk(c) && !NAME_STOP.contains(c);
    let in_cue = |i: usize| cues.iter().any(|r| r.contains(&i));
    let mut out: Vec<Range<usize>> = Vec::new();
    for (dot, _) in text.match_indices('·') {
        if out.last().is_some_and(|r| r.end > dot) {
            continue;
        }
        let mut start = dot;
        for (n, (i, c)) in text[..dot].char_indices().rev().enumerate() {
            if n == 4 || !ok(c) || in_cue(i) {
                break;
            }
            start = i;
        }
        if text[start..dot].chars().count() < 2 {
            continue;
        }
        // The parts after each dot.
        let mut end = dot;
        let mut pos = dot;
        loop {
            let from = pos + '·'.len_utf8();
            let mut e = from;
            for (i, c) in text[from..].char_indices() {
                let at = from + i;
                if i / 3 == 6 || !ok(c) || in_cue(at) {
                    break;
                }
                e = at + c.len_utf8();
            }
            if text[from..e].chars().count() < 2 {
                break;
            }
            end = e;
            if text[e..].starts_with('·') {
                pos = e;
            } else {
                break;
            }
        }
        if end > dot {
            out.push(start..end);
        }
    }
    out
}

pub(crate) fn kind_of(name: &str) -> EntityKind {
    const FUND: [&str; 12] = [
        "资本",
        "基金",
        "创投",
        "投资",
        "风投",
        "投资公司",
        "Capital",
        "Ventures",
        "Partners",
        "Fund",
        "Investments",
        "Venture",
    ];
    let lower = name.to_lowercase();
    if FUND
        .iter()
        .any(|f| lower.ends_with(&f.to_lowercase()) || name.ends_with("投资公司"))
    {
        EntityKind::Fund
    } else {
        EntityKind::Company
    }
}

/// Latin names: runs of words separated by single spaces whose first word starts with a
/// capital letter; later words must start with a capital or a digit (`Room 77`) or be `&`.
fn latin_names(text: &str, not_name: &dyn Fn(&str) -> bool) -> Vec<(Range<usize>, String)> {
    let word_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '&' | '\'' | '-');
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_ascii_alphanumeric() {
            let s = i;
            while i < b.len() && word_char(b[i] as char) {
                i += 1;
            }
            let mut e = i;
            while e > s && matches!(b[e - 1], b'.' | b'-' | b'\'') {
                e -= 1;
            }
            words.push(s..e);
        } else {
            i += c.len_utf8();
        }
    }
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let w = &text[words[k].clone()];
        let first = w.chars().next().unwrap_or(' ');
        // A name may start with digits when letters follow in the word (10T, 0xLabs) or a
        // capitalised word follows (18 Ventures); it is kept below only if it ends as an
        // organisation name or has letters of its own.
        let digit_start = first.is_ascii_digit()
            && (w.chars().any(|c| c.is_ascii_uppercase())
                || words.get(k + 1).is_some_and(|n| {
                    text[words[k].end..n.start].len() <= 1
                        && text[n.clone()].starts_with(|c: char| c.is_ascii_uppercase())
                }));
        if !(first.is_ascii_uppercase() || digit_start) || not_name(w) {
            k += 1;
            continue;
        }
        let mut last = k;
        while last + 1 < words.len() {
            let gap = &text[words[last].end..words[last + 1].start];
            let next = &text[words[last + 1].clone()];
            let c = next.chars().next().unwrap_or(' ');
            let joins = gap == " " || gap.is_empty();
            if joins
                && (c.is_ascii_uppercase() || c.is_ascii_digit() || next == "&")
                && !not_name(next)
            {
                last += 1;
            } else {
                break;
            }
        }
        // Corporate endings (Inc, Ltd) are not part of the name.
        while last > k
            && ["inc", "ltd", "llc", "corp", "co"]
                .contains(&text[words[last].clone()].to_lowercase().as_str())
        {
            last -= 1;
        }
        let span = words[k].start..words[last].end;
        let name = &text[span.clone()];
        // A capital and digits alone (T2, Q3) is a marker, not a name.
        let marker = name.len() <= 3 && name[1..].chars().all(|c| c.is_ascii_digit());
        // A digit-first name needs an organisation ending (18 Ventures) or three letters of
        // its own word (0xLabs, 0Chain): 5G, 3D or 2021 Google are not names.
        let digit_ok = !digit_start
            || kind_of(name) == EntityKind::Fund
            || (last > k && text[words[last].clone()].eq_ignore_ascii_case("holdings"))
            || (last == k && w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 3);
        if !digit_ok {
            k += 1;
            continue;
        }
        if name.len() >= 2 && !marker && !name.chars().all(|c| c.is_ascii_digit() || c == '.') {
            out.push((span, name.to_string()));
        }
        k = last + 1;
    }
    out
}

/// Characters before a clause-initial subject: punctuation, quotes, brackets and spaces.
const SUBJECT_START: &str = ",，。;；:：!！?？】【[]()（）“”\"'「」『』 \t\n\r\u{3000}";

/// Most characters a subject may run over before its descriptor is cut (南京软件谷独角兽X).
const SUBJECT_RUN: usize = 16;

/// Names at the start of a clause of `text` (a whole document) before a predicate that
/// makes them an organisation: a [`CueClass::SubjectOf`] word (X 成立于 2016 年, X 是一家…),
/// or a [`CueClass::RaiseVerb`] with a [`CueClass::RaiseObject`] later in its clause
/// (X 宣布完成 A 轮融资). Adverbs and dates may stand between (X 此前获得, X 仅在 2019 年获得);
/// a descriptor noun before the name is cut (独角兽X, 初创公司X), which also lets the subject
/// follow a `的` (专注…的初创公司X). The name is 2 to 8 characters, overlaps none of `taken`
/// (dictionary mentions, sorted by start), holds no cue word and is no
/// [`CueClass::NotName`] word.
pub(crate) fn subjects(text: &str, taken: &[Range<usize>], lexicon: &Lexicon) -> Vec<OpenName> {
    let hits = lexicon.predicates(text);
    if hits.is_empty() {
        return Vec::new();
    }
    let adverbs = lexicon.name_words(CueClass::SubjectAdverb);
    let objects = lexicon.name_words(CueClass::RaiseObject);
    let descriptors = lexicon.name_words(CueClass::NameDescriptor);
    let determiners = lexicon.name_words(CueClass::Determiner);
    let not_in_name = lexicon.name_words(CueClass::NotInName);
    let not_name = lexicon.not_name_lower();
    let overlaps = |r: &Range<usize>| {
        let i = taken.partition_point(|t| t.start < r.end);
        taken[..i].iter().rev().take(8).any(|t| t.end > r.start)
    };
    let mut out: Vec<OpenName> = Vec::new();
    for (hit, class) in hits {
        if class == CueClass::RaiseVerb {
            let clause = &text[hit.end..];
            let end = clause.find(['，', ',', '。', '；', ';', '！', '？', '\n']);
            let clause = &clause[..end.unwrap_or(clause.len())];
            if !objects.iter().any(|o| clause.contains(o.as_str())) {
                continue;
            }
        }
        // Back over adverbs and dates to where the subject ends.
        let mut end = hit.start;
        loop {
            let before = &text[..end];
            let trimmed = before.trim_end_matches([' ', '\u{3000}']);
            if let Some(a) = adverbs.iter().find(|a| trimmed.ends_with(a.as_str())) {
                end = trimmed.len() - a.len();
            } else if let Some(d) = date_before(trimmed) {
                end = d;
            } else {
                end = trimmed.len();
                break;
            }
        }
        // The run of name characters before it, up to a clause start or a `的`.
        let mut start = end;
        let mut stop = None;
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        for (n, (i, c)) in text[..end].char_indices().rev().enumerate() {
            // A space only between two Latin words (Hampton Creek Foods).
            let name_char = (is_cjk(c) && !STEM_STOP.contains(c))
                || c.is_ascii_alphanumeric()
                || matches!(c, '·' | '-' | '.' | '&')
                || (c == ' '
                    && latin(text[i + 1..].chars().next())
                    && latin(text[..i].chars().next_back()));
            if !name_char || n == SUBJECT_RUN {
                // A space after a word that is not punctuation: the name goes on (77 号房).
                let word_before = text[..i]
                    .trim_end_matches(' ')
                    .chars()
                    .next_back()
                    .is_some_and(|b| !SUBJECT_START.contains(b));
                stop = Some(if c == ' ' && word_before { '的' } else { c });
                break;
            }
            start = i;
        }
        // A descriptor noun inside the run: the name follows the last one.
        let run = &text[start..end];
        let cut = descriptors
            .iter()
            .filter_map(|d| run.rfind(d.as_str()).map(|i| i + d.len()))
            .max();
        // A letter the run cannot hold (é in Société): the name was cut, not found.
        if stop.is_some_and(|c| c.is_alphabetic() && !is_cjk(c)) {
            continue;
        }
        let clause_start = stop.is_none_or(|c| SUBJECT_START.contains(c));
        let start = match cut {
            Some(c) => start + c,
            None if clause_start => start,
            None => continue,
        };
        // Frame words a clause starts with (此外，而X) are not part of the name.
        let mut start = start;
        while let Some(a) = adverbs
            .iter()
            .find(|a| a.chars().count() > 1 && text[start..end].starts_with(a.as_str()))
        {
            start += a.len();
        }
        let span = start..end;
        let name = &text[span.clone()];
        let chars = name.chars().count();
        if !(2..=8).contains(&chars)
            || name.chars().next().is_some_and(|c| c.is_ascii_digit())
            || determiners.iter().any(|d| name.starts_with(d.as_str()))
            || not_in_name.iter().any(|w| name.contains(w.as_str()))
            || overlaps(&span)
            || !lexicon.find(name).is_empty()
            || not_name.contains(&name.to_lowercase())
            || descriptors.iter().any(|d| name.ends_with(d.as_str()))
            || not_name
                .iter()
                .any(|w| w.chars().next().is_some_and(is_cjk) && name.ends_with(w.as_str()))
        {
            continue;
        }
        if out.last().is_some_and(|o| o.span.end > span.start) {
            continue;
        }
        out.push(OpenName {
            span,
            name: name.to_string(),
            kind: kind_of(name),
        });
    }
    out
}

/// Where a date right before `end` of `text` starts (`在2019年`, `于2021年6月`, `3月`), with
/// its 在/于; `None` when none ends there.
fn date_before(text: &str) -> Option<usize> {
    let mut i = text.len();
    let mut any = false;
    loop {
        let head = &text[..i];
        let Some(unit) = head.chars().next_back().filter(|c| "年月日号".contains(*c)) else {
            break;
        };
        let digits = head[..head.len() - unit.len_utf8()]
            .trim_end_matches(|c: char| c.is_ascii_digit() || "〇一二三四五六七八九十".contains(c));
        let had = head.len() - unit.len_utf8() - digits.len();
        if had == 0 {
            break;
        }
        i = digits.len();
        any = true;
    }
    if !any {
        return None;
    }
    let head = &text[..i];
    Some(
        ["在", "于"]
            .iter()
            .find(|p| head.ends_with(*p))
            .map_or(i, |p| i - p.len()),
    )
}
