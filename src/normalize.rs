//! Text normalisation applied to every document before sentence splitting and matching:
//! Unicode NFKC plus line-ending, space and invisible-character clean-up.
//!
//! NFKC folds full-width Latin letters, digits and punctuation to ASCII (`ＡＢＣ１２３` →
//! `ABC123`, `，` → `,`, `（` → `(`) and compatibility ideographs to their unified forms, so
//! that dictionary aliases written in either form match. CJK punctuation without a
//! compatibility mapping (`。`, `、`, `“”`) is left alone.

use std::sync::OnceLock;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Normalises `text`: NFKC, `\r\n` and lone `\r` become `\n`, zero-width characters
/// (U+200B..U+200D, U+FEFF) and control characters other than `\n` and `\t` are dropped,
/// and no-break and ideographic spaces (U+00A0, U+3000) become `' '`.
///
/// The text is copied in runs: characters that NFKC leaves alone and that no neighbour
/// can combine with (NFKC quick check "yes" and combining class 0, looked up in a table)
/// are copied as bytes, full-width ASCII and the two spaces are mapped directly, and only
/// the short stretches around other characters go through full NFKC. The result is exactly
/// that of NFKC followed by the clean-up (a property test checks it against the two-pass
/// definition). When a dropped character stood between a letter and its combining mark
/// (`i`, NUL, U+030C), a second pass composes them (`ǐ`), so the result is NFKC and
/// normalising twice changes nothing.
///
/// ```
/// use dealgraph::normalize::normalize;
/// assert_eq!(normalize("腾讯（ＴＸ）投资\r\n京东"), "腾讯(TX)投资\n京东");
/// ```
pub fn normalize(text: &str) -> String {
    let (once, dropped) = normalize_once(text);
    if dropped {
        normalize_once(&once).0
    } else {
        once
    }
}

/// Does the text hold a character the clean-up drops (C0/C1 controls other than `\n`, `\t`,
/// `\r`; U+200B..U+200D; U+FEFF)? Only then can dropping join a letter to a combining mark
/// or a Hangul jamo that NFKC would compose, which a second pass does. ([`normalize_once`]
/// finds this out as it goes; this is the definition the tests check it against.)
#[cfg(test)]
fn has_droppable(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\n' | b'\t' | b'\r' => false,
        0..=0x1f | 0x7f => true,
        0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        0xE2 => {
            bytes.get(i + 1) == Some(&0x80)
                && bytes.get(i + 2).is_some_and(|n| (0x8b..=0x8d).contains(n))
        }
        0xEF => bytes.get(i + 1) == Some(&0xBB) && bytes.get(i + 2) == Some(&0xBF),
        _ => false,
    })
}

/// One pass: NFKC followed by the clean-up, copying stable runs as bytes; also whether the
/// text held a character the clean-up drops (every such character is stable or ASCII, so it
/// is seen by one of the two branches that drop it).
fn normalize_once(text: &str) -> (String, bool) {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut dropped = false;
    // Bytes before `copy_from` are in `out`; the ones after it are pending, copied as is.
    let mut copy_from = 0;
    // The last character handled on its own before `copy_from` (text offset, length of
    // `out` before it, whether it came right after a `\r`): where full NFKC restarts if
    // the next character can combine with it.
    let mut boundary: Option<(usize, usize, bool)> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t' {
                i += 1;
                continue;
            }
            out.push_str(&text[copy_from..i]);
            boundary = Some((i, out.len(), false));
            dropped |= b != b'\r';
            if b == b'\r' {
                out.push('\n');
                if bytes.get(i + 1) == Some(&b'\n') {
                    // The `\n` of `\r\n` is dropped.
                    boundary = Some((i + 1, out.len(), true));
                    i += 1;
                }
            }
            i += 1;
            copy_from = i;
            continue;
        }
        let c = text[i..].chars().next().expect("i is a char boundary");
        let n = c.len_utf8();
        if is_stable(c) {
            if is_dropped(c) {
                dropped = true;
                out.push_str(&text[copy_from..i]);
                boundary = Some((i, out.len(), false));
                copy_from = i + n;
            }
            i += n;
            continue;
        }
        if let Some(mapped) = direct_map(c) {
            if text[i + n..].chars().next().is_none_or(is_stable) {
                out.push_str(&text[copy_from..i]);
                boundary = Some((i, out.len(), false));
                out.push(mapped);
                i += n;
                copy_from = i;
                continue;
            }
        }
        // Full NFKC from the last stable character before `c` to the next one after it.
        let (start, after_cr) = if i > copy_from {
            let prev = text[..i].chars().next_back().map_or(0, char::len_utf8);
            out.push_str(&text[copy_from..i - prev]);
            (i - prev, false)
        } else if let Some((at, len, after_cr)) = boundary {
            out.truncate(len);
            (at, after_cr)
        } else {
            (i, false)
        };
        let mut end = i + n;
        while let Some(d) = text[end..].chars().next() {
            if d.is_ascii() || is_stable(d) {
                break;
            }
            end += d.len_utf8();
        }
        clean_into(&mut out, text[start..end].chars().nfkc(), after_cr);
        boundary = None;
        i = end;
        copy_from = end;
    }
    out.push_str(&text[copy_from..]);
    (out, dropped)
}

/// Non-ASCII characters whose NFKC form is a single ASCII character (full-width ASCII) or
/// that the clean-up maps to a space; valid on their own when the next character is stable.
fn direct_map(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{00A0}' | '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// A character NFKC leaves alone and that never combines with its neighbours: quick check
/// "yes" and canonical combining class 0, so that NFKC can stop before it and restart at
/// it. The Basic Multilingual Plane is looked up in a bit table built on first use.
fn is_stable(c: char) -> bool {
    let cp = c as usize;
    if cp < 0x10000 {
        let table = STABLE.get_or_init(|| {
            let mut bits = vec![0u64; 0x10000 / 64].into_boxed_slice();
            for cp in 0..0x10000u32 {
                if char::from_u32(cp).is_some_and(is_stable_slow) {
                    bits[cp as usize / 64] |= 1 << (cp % 64);
                }
            }
            bits
        });
        table[cp / 64] >> (cp % 64) & 1 == 1
    } else {
        is_stable_slow(c)
    }
}

static STABLE: OnceLock<Box<[u64]>> = OnceLock::new();

fn is_stable_slow(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Spaces mapped to `' '` (NFKC maps them too; this covers the no-NFKC path).
fn is_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{3000}')
}

/// Zero-width characters and control characters other than `\n`, `\t` (and `\r`, which is
/// mapped rather than dropped).
fn is_dropped(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}')
        || (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
}

/// Appends `chars` to `out`, applying the clean-up rules; `after_cr` says whether the
/// character before `chars` was a `\r`.
fn clean_into(out: &mut String, chars: impl Iterator<Item = char>, mut after_cr: bool) {
    for c in chars {
        if c == '\n' && after_cr {
            after_cr = false;
            continue;
        }
        after_cr = c == '\r';
        match c {
            '\r' => out.push('\n'),
            c if is_space(c) => out.push(' '),
            c if is_dropped(c) => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_the_table() {
        let cases = [
            ("full-width letters and digits", "ＡＢＣ１２３", "ABC123"),
            ("full-width comma", "，", ","),
            ("full-width parentheses and colon", "（注：）", "(注:)"),
            ("ideographic full stop stays", "。", "。"),
            ("enumeration comma stays", "、", "、"),
            ("curly quotes stay", "“相互保”", "“相互保”"),
            ("compatibility ideograph", "\u{F900}", "\u{8C48}"),
            ("kangxi radical", "\u{2F00}", "一"),
            ("CRLF", "a\r\nb", "a\nb"),
            ("lone CR", "a\rb", "a\nb"),
            ("CR CR LF", "a\r\r\nb", "a\n\nb"),
            ("zero-width and BOM", "\u{FEFF}腾\u{200B}讯\u{200D}", "腾讯"),
            ("control characters", "a\u{0}b\u{7}c\td\n", "abc\td\n"),
            ("no-break space", "a\u{A0}b", "a b"),
            ("ideographic space", "\u{3000}\u{3000}腾讯", "  腾讯"),
            (
                "ASCII untouched",
                "Tencent leads $350M",
                "Tencent leads $350M",
            ),
            (
                "NFKC text untouched",
                "腾讯领投3.5亿美元。",
                "腾讯领投3.5亿美元。",
            ),
            ("empty", "", ""),
            ("dropped before composing", "i\u{0}\u{30C}", "\u{1D0}"),
            ("zero width before a mark", "e\u{200B}\u{301}", "\u{E9}"),
        ];
        for (name, input, want) in cases {
            assert_eq!(normalize(input), want, "{name}");
        }
    }

    /// The definition: NFKC, then the clean-up; once more when something was dropped.
    fn reference(text: &str) -> String {
        let two_pass = |t: &str| {
            let mut out = String::new();
            clean_into(&mut out, t.chars().nfkc(), false);
            out
        };
        let once = two_pass(text);
        if super::has_droppable(text.as_bytes()) {
            two_pass(&once)
        } else {
            once
        }
    }

    #[test]
    fn stable_characters() {
        for c in ['a', '\n', '腾', '。', '“', '\u{200B}'] {
            assert!(is_stable(c), "{c:?}");
        }
        for c in [
            '\u{0301}', '\u{FF0C}', '\u{3000}', '\u{F900}', '\u{1161}', '…',
        ] {
            assert!(!is_stable(c), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn matches_the_two_pass_definition(
            picks in proptest::collection::vec(0usize..48, 0..40)
        ) {
            const CHARS: [char; 48] = [
                'a', 'e', 'Z', '1', ' ', '\n', '\r', '\t', '\u{0}', '\u{7f}', '\u{85}',
                '腾', '讯', '。', '，', '（', 'Ａ', 'ｅ', '１', '\u{3000}', '\u{A0}', '\u{200B}',
                '\u{200D}', '\u{FEFF}', '\u{0301}', '\u{0327}', '\u{0308}', '\u{05B0}',
                '\u{1100}', '\u{1161}', '\u{11A8}', '\u{AC00}', '\u{F900}', '\u{2F00}', '…',
                '\u{FB01}', '\u{2126}', '\u{212B}', 'é', '\u{1E9B}', '\u{0344}', '\u{1D400}',
                '\u{2F800}', '\u{1F600}', '\u{FF70}', '\u{FF9E}', 'ｶ', '\u{3099}',
            ];
            let text: String = picks.iter().map(|&i| CHARS[i]).collect();
            proptest::prop_assert_eq!(normalize(&text), reference(&text));
            proptest::prop_assert_eq!(normalize_once(&text).1, has_droppable(text.as_bytes()));
        }
    }

    #[test]
    fn is_idempotent() {
        for text in ["ＡＢＣ，\u{3000}腾讯\r\n\u{F900}", "标</ti\u{0}\u{30C}ipt>"] {
            let once = normalize(text);
            assert_eq!(normalize(&once), once);
        }
    }
}
