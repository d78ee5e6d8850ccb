//! Sentence splitting as the guidelines define it: a sentence ends at 。！？!? or a line break.
//! Sentences are byte ranges into the text; nothing is copied.

use std::ops::Range;

/// One sentence of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// 0-based position among the document's sentences.
    pub index: usize,
    /// Byte range into the text, terminator included, surrounding spaces excluded.
    pub span: Range<usize>,
}

/// Does `c` end a sentence?
pub fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '\n')
}

/// Splits `text` into non-empty sentences; closing quotes and brackets right after a
/// terminator stay with the sentence they close.
///
/// Only `\n`, `!`, `?` and the lead bytes of `。！？` (0xE3, 0xEF) can start a terminator:
/// they are found with SIMD byte searches (`memchr`), so the ideographs and Latin text in
/// between are never decoded.
pub fn split(text: &str) -> Vec<Sentence> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 64 + 1);
    let mut start = 0;
    let mut i = 0;
    // The next candidate of each of the two searches (`None`: none left).
    let mut ascii = memchr::memchr3(b'\n', b'!', b'?', bytes);
    let mut lead = memchr::memchr2(0xE3, 0xEF, bytes);
    loop {
        if ascii.is_some_and(|a| a < i) {
            ascii = memchr::memchr3(b'\n', b'!', b'?', &bytes[i..]).map(|a| a + i);
        }
        if lead.is_some_and(|l| l < i) {
            lead = memchr::memchr2(0xE3, 0xEF, &bytes[i..]).map(|l| l + i);
        }
        i = match (ascii, lead) {
            (Some(a), Some(l)) => a.min(l),
            (Some(a), None) => a,
            (None, Some(l)) => l,
            (None, None) => break,
        };
        let c = text[i..].chars().next().expect("i is a char boundary");
        i += c.len_utf8();
        if !is_terminator(c) {
            continue;
        }
        if c != '\n' {
            // Keep runs of terminators and closing quotes together: 。」 ！” ?!
            while let Some(d) = text[i..].chars().next() {
                if matches!(
                    d,
                    '”' | '’'
                        | '」'
                        | '』'
                        | ')'
                        | '）'
                        | '"'
                        | '\''
                        | '》'
                        | '!'
                        | '?'
                        | '。'
                        | '！'
                        | '？'
                ) {
                    i += d.len_utf8();
                } else {
                    break;
                }
            }
        }
        push(text, start..i, &mut out);
        start = i;
    }
    push(text, start..text.len(), &mut out);
    out
}

fn push(text: &str, span: Range<usize>, out: &mut Vec<Sentence>) {
    let s = &text[span.clone()];
    let trimmed_start = span.start + (s.len() - s.trim_start().len());
    let trimmed_end = span.start + s.trim_end().len();
    if trimmed_start < trimmed_end {
        out.push(Sentence {
            index: out.len(),
            span: trimmed_start..trimmed_end,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, a character at a time.
    fn reference(text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !is_terminator(c) {
                continue;
            }
            let mut end = i + c.len_utf8();
            if c != '\n' {
                while let Some(&(j, d)) = chars.peek() {
                    if "”’」』)）\"'》!?。！？".contains(d) {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
            }
            push(text, start..end, &mut out);
            start = end;
        }
        push(text, start..text.len(), &mut out);
        out
    }

    proptest::proptest! {
        #[test]
        fn matches_the_character_definition(picks in proptest::collection::vec(0usize..20, 0..60)) {
            const CHARS: [char; 20] = [
                '腾', 'a', ' ', '\n', '。', '！', '？', '!', '?', '”', '」', ')', '）', '、',
                '「', '\u{E3}', '\u{FF0C}', '\u{3002}', '\u{EF}', '\u{1F600}',
            ];
            let text: String = picks.iter().map(|&i| CHARS[i]).collect();
            proptest::prop_assert_eq!(split(&text), reference(&text));
        }
    }

    #[test]
    fn splits_like_the_guidelines() {
        let text = "腾讯领投。阿里跟投！真的吗？“是的。”他说\n\n  第二行 \nEnd?!";
        let got: Vec<&str> = split(text).iter().map(|s| &text[s.span.clone()]).collect();
        assert_eq!(
            got,
            [
                "腾讯领投。",
                "阿里跟投！",
                "真的吗？",
                "“是的。”",
                "他说",
                "第二行",
                "End?!"
            ]
        );
        for (i, s) in split(text).iter().enumerate() {
            assert_eq!(s.index, i);
        }
        assert!(split("").is_empty());
        assert!(split("\n \n").is_empty());
    }
}
