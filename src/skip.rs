//! Why an input was skipped, and the one-line summary printed at the end of a run
//! (`2 inputs skipped: 1 invalid UTF-8, 1 binary`).
//!
//! A run skips a bad input (a file or a JSONL line) with a warning and goes on, unless it
//! is `--strict`; the reasons are counted by [`SkipReason`] so that a user reading the
//! summary knows what to fix without scrolling through the warnings.
//!
//! ```
//! use dealgraph::pipeline::Skipped;
//! use dealgraph::skip::summary;
//! use dealgraph::Error;
//! let skipped = [
//!     Skipped { error: Error::document("a.txt", None, "invalid UTF-8 at byte 3 (line 1)") },
//!     Skipped { error: Error::document("b.txt", None, "binary file (NUL byte at byte 1)") },
//!     Skipped { error: Error::document("c.jsonl", Some(2), "missing \"text\"") },
//!     Skipped { error: Error::document("c.jsonl", Some(5), "missing \"text\"") },
//! ];
//! assert_eq!(
//!     summary(&skipped).unwrap(),
//!     "4 inputs skipped: 1 invalid UTF-8, 1 binary, 2 not a document record"
//! );
//! ```

use crate::error::Error;
use crate::pipeline::Skipped;
use std::collections::BTreeMap;
use std::fmt;

/// Why an input was skipped, for the summary. The order is the summary's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum SkipReason {
    /// A named path does not exist.
    NotFound,
    /// A file or folder could not be opened for lack of permission.
    PermissionDenied,
    /// Any other I/O error while reading.
    Unreadable,
    /// The bytes are not valid UTF-8 (the message gives the byte offset).
    InvalidUtf8,
    /// UTF-16 text (a byte-order mark), which is not read.
    Utf16,
    /// A NUL byte in the first 8 KiB: an image, archive or other binary file.
    Binary,
    /// No text (an empty file, only markup, a JSONL `text` that is blank).
    Empty,
    /// A JSONL line that is not JSON.
    InvalidJson,
    /// A JSONL line that is JSON but not a document (not an object, no string `text`).
    NotARecord,
    /// Processing the document failed (a caught panic: a bug).
    Failed,
    /// Anything else.
    Other,
}

impl SkipReason {
    /// Classifies the error a skipped input was reported with.
    ///
    /// The document errors are recognised by the start of their message, which
    /// `document.rs` writes; the unit tests below pin every message it can produce.
    pub fn of(error: &Error) -> SkipReason {
        match error {
            Error::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::NotFound => SkipReason::NotFound,
                std::io::ErrorKind::PermissionDenied => SkipReason::PermissionDenied,
                _ => SkipReason::Unreadable,
            },
            Error::Document { message, .. } => {
                const BY_PREFIX: [(&str, SkipReason); 8] = [
                    ("invalid UTF-8", SkipReason::InvalidUtf8),
                    ("UTF-16", SkipReason::Utf16),
                    ("binary file", SkipReason::Binary),
                    ("empty document", SkipReason::Empty),
                    ("invalid JSON", SkipReason::InvalidJson),
                    ("expected a JSON object", SkipReason::NotARecord),
                    ("missing \"text\"", SkipReason::NotARecord),
                    ("\"text\" must be", SkipReason::NotARecord),
                ];
                BY_PREFIX
                    .iter()
                    .find(|(prefix, _)| message.starts_with(prefix))
                    .map_or(SkipReason::Other, |&(_, r)| r)
            }
            Error::Failed { .. } => SkipReason::Failed,
            _ => SkipReason::Other,
        }
    }

    /// Is this an error of the input (exit code 1), rather than an empty document, which is
    /// counted and reported but lets the run succeed?
    pub const fn is_error(self) -> bool {
        !matches!(self, SkipReason::Empty)
    }

    /// The reason as the summary writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            SkipReason::NotFound => "not found",
            SkipReason::PermissionDenied => "permission denied",
            SkipReason::Unreadable => "unreadable",
            SkipReason::InvalidUtf8 => "invalid UTF-8",
            SkipReason::Utf16 => "UTF-16",
            SkipReason::Binary => "binary",
            SkipReason::Empty => "empty",
            SkipReason::InvalidJson => "invalid JSON",
            SkipReason::NotARecord => "not a document record",
            SkipReason::Failed => "failed",
            SkipReason::Other => "other",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Skipped {
    /// Why this input was skipped.
    pub fn reason(&self) -> SkipReason {
        SkipReason::of(&self.error)
    }
}

/// `N input(s) skipped: n1 reason1, n2 reason2`, reasons in [`SkipReason`] order; `None`
/// when nothing was skipped.
pub fn summary(skipped: &[Skipped]) -> Option<String> {
    if skipped.is_empty() {
        return None;
    }
    let mut counts: BTreeMap<SkipReason, usize> = BTreeMap::new();
    for s in skipped {
        *counts.entry(s.reason()).or_default() += 1;
    }
    let parts: Vec<String> = counts.iter().map(|(r, n)| format!("{n} {r}")).collect();
    let noun = if skipped.len() == 1 {
        "input"
    } else {
        "inputs"
    };
    Some(format!(
        "{} {noun} skipped: {}",
        skipped.len(),
        parts.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Inputs;
    use std::path::Path;

    /// Every error the document reader yields is classified (none is `Other`), and each
    /// class is the expected one.
    #[test]
    fn every_document_error_has_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let files: [(&str, &[u8], &[SkipReason]); 9] = [
            ("utf8.txt", b"ab\xff", &[SkipReason::InvalidUtf8]),
            ("utf16.txt", b"\xff\xfea\0", &[SkipReason::Utf16]),
            ("bin.txt", b"a\0b", &[SkipReason::Binary]),
            ("empty.txt", b"", &[SkipReason::Empty]),
            ("markup.html", b"<p> </p>", &[SkipReason::Empty]),
            ("empty.jsonl", b"\n", &[SkipReason::Empty]),
            ("bin.jsonl", b"\0", &[SkipReason::Binary]),
            (
                "lines.jsonl",
                b"{x\n[1]\n{}\n{\"text\":1}\n{\"text\":\" \"}\n{\"text\":\"\xff\"}\n",
                &[
                    SkipReason::InvalidJson,
                    SkipReason::NotARecord,
                    SkipReason::NotARecord,
                    SkipReason::NotARecord,
                    SkipReason::Empty,
                    SkipReason::InvalidUtf8,
                ],
            ),
            ("missing.txt", b"", &[SkipReason::NotFound]),
        ];
        for (name, bytes, want) in files {
            let path = d.join(name);
            if name != "missing.txt" {
                std::fs::write(&path, bytes).unwrap();
            }
            let got: Vec<SkipReason> = Inputs::new(vec![path])
                .map(|r| SkipReason::of(&r.expect_err(name)))
                .collect();
            assert_eq!(got, want, "{name}");
        }
        assert_eq!(
            SkipReason::of(&Error::Config("x".into())),
            SkipReason::Other
        );
        let denied = Error::io(
            Path::new("x"),
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert_eq!(SkipReason::of(&denied), SkipReason::PermissionDenied);
    }

    #[test]
    fn summary_counts_by_reason() {
        assert_eq!(summary(&[]), None);
        let one = [Skipped {
            error: Error::document("a", None, "empty document"),
        }];
        assert_eq!(summary(&one).unwrap(), "1 input skipped: 1 empty");
    }
}
