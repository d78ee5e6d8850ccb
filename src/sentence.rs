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
/// Scans bytes: only `\n`, `!`, `?` and the lead bytes of `。！？` (0xE3, 0xEF) can start a
/// terminator, so ideographs and Latin text are skipped a byte at a time without decoding.
pub fn split(text: &str) -> Vec<Sentence> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !matches!(bytes[i], b'\n' | b'!' | b'?' | 0xE3 | 0xEF) {
            i += 1;
            continue;
        }
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
