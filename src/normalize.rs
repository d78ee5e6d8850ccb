//! Text normalisation applied to every document before sentence splitting and matching:
//! Unicode NFKC plus line-ending, space and invisible-character clean-up.
//!
//! NFKC folds full-width Latin letters, digits and punctuation to ASCII (`ＡＢＣ１２３` →
//! `ABC123`, `，` → `,`, `（` → `(`) and compatibility ideographs to their unified forms, so
//! that dictionary aliases written in either form match. CJK punctuation without a
//! compatibility mapping (`。`, `、`, `“”`) is left alone.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Normalises `text`: NFKC, `\r\n` and lone `\r` become `\n`, zero-width characters
/// (U+200B..U+200D, U+FEFF) and control characters other than `\n` and `\t` are dropped,
/// and no-break and ideographic spaces (U+00A0, U+3000) become `' '`.
///
/// The clean-up comes before NFKC, so that the result is NFKC even when a dropped character
/// stood between a letter and its combining mark (`i`, NUL, U+030C → `ǐ`), and normalising
/// twice changes nothing.
///
/// Text that is already clean (ASCII or NFKC by the quick check, with nothing to drop or
/// map) is copied in one allocation without being re-encoded.
///
/// ```
/// use dealgraph::normalize::normalize;
/// assert_eq!(normalize("腾讯（ＴＸ）投资\r\n京东"), "腾讯(TX)投资\n京东");
/// ```
pub fn normalize(text: &str) -> String {
    let cleaned = if text.chars().any(needs_cleanup) {
        let mut out = String::with_capacity(text.len());
        clean_into(&mut out, text.chars());
        out
    } else {
        text.to_owned()
    };
    if cleaned.is_ascii() || is_nfkc_quick(cleaned.chars()) == IsNormalized::Yes {
        return cleaned;
    }
    cleaned.chars().nfkc().collect()
}

/// Whether `c` is dropped or mapped by the clean-up pass.
fn needs_cleanup(c: char) -> bool {
    is_space(c) || is_dropped(c) || c == '\r'
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

/// Appends `chars` to `out`, applying the clean-up rules.
fn clean_into(out: &mut String, chars: impl Iterator<Item = char>) {
    let mut after_cr = false;
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

    #[test]
    fn is_idempotent() {
        for text in ["ＡＢＣ，\u{3000}腾讯\r\n\u{F900}", "标</ti\u{0}\u{30C}ipt>"] {
            let once = normalize(text);
            assert_eq!(normalize(&once), once);
        }
    }
}
