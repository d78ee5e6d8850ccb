//! The input side of the pipeline: files, folders and JSONL streams in, [`Document`]s out.
//! This file holds the document model ([`Document`], [`DateMark`], [`InputFormat`]) and the
//! normalisation every format ends in; `read` (files, folders, streams), `jsonl`, `markdown`,
//! `html` and `dates` hold the rest.
//!
//! This module owns reading (plain text, Markdown, HTML, JSONL; folders walked in sorted
//! order; `-` for JSONL on standard input), turning markup into plain text whose block
//! boundaries are line breaks (sentences end at line breaks), YAML front matter, and the
//! document's dates (its own date and the date lines inside it).
//!
//! Every document's `text` is normalised with [`normalize`]: NFKC, one block per line, no
//! blank lines, no leading or trailing spaces on a line.
//!
//! ```
//! use dealgraph::document::{parse_document, InputFormat};
//! let doc = parse_document("a.md", "---\ntitle: 标题\ndate: 2018-11-16\n---\n腾讯**投资**了[京东](https://jd.com)。", InputFormat::Markdown);
//! assert_eq!(doc.text, "标题\n腾讯投资了京东。");
//! assert_eq!(doc.date.unwrap().to_string(), "2018-11-16");
//! ```

use crate::date::PartialDate;
use crate::error::{Error, Result};
use crate::normalize::normalize;
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use scraper::{Html, Node};
use serde::Serialize;
use std::borrow::Cow;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use yaml_rust2::{Yaml, YamlLoader};

mod dates;
mod html;
mod jsonl;
mod markdown;
mod read;
#[cfg(test)]
mod tests;

use dates::*;
use html::*;
pub use jsonl::*;
use markdown::*;
pub use read::*;

/// One input article, as plain normalised text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The file name (without folders), the JSONL `id`, or `<file>:<line>` for a JSONL line
    /// without one.
    pub id: String,
    /// The title from front matter, JSONL, an HTML `<title>` or a leading Markdown `#` heading.
    pub title: Option<String>,
    /// Normalised plain text: the title line (unless the body already starts with it), then
    /// one line per block, joined by `\n`.
    pub text: String,
    /// The document's date: front matter `date`/`time`, else the JSONL `date`, else the
    /// first `/YYYY/MM/DD/` in a URL of the raw document, else the first date line.
    pub date: Option<PartialDate>,
    /// The lines of `text` that consist of a date only, in order.
    pub date_marks: Vec<DateMark>,
}

/// A line of a document's text that is only a date (`2018-11-16`, `2018/11/16`,
/// `2018年11月16日`); it dates the text that follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateMark {
    /// Byte offset into [`Document::text`] where the date line starts.
    pub offset: usize,
    /// The date on that line.
    pub date: PartialDate,
}

impl Document {
    /// The date in force at byte `offset` of the text: the last date mark at or before
    /// `offset`, else the document's date.
    pub fn date_at(&self, offset: usize) -> Option<PartialDate> {
        let i = self.date_marks.partition_point(|m| m.offset <= offset);
        match i {
            0 => self.date,
            _ => Some(self.date_marks[i - 1].date),
        }
    }
}

/// The input formats, recognised by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// `.txt`, and explicitly named files with another extension. A text file with YAML
    /// front matter or Markdown-looking lines is read as Markdown (see [`parse_document`]).
    Text,
    /// `.md`, `.markdown`.
    Markdown,
    /// `.html`, `.htm`.
    Html,
    /// `.jsonl`, `.ndjson`: one JSON object per line, `{"id","title","text","date"}`.
    Jsonl,
}

impl InputFormat {
    /// The format of a file extension (without the dot, any case), if it is a known one.
    pub fn from_extension(ext: &str) -> Option<InputFormat> {
        const TABLE: [(&str, InputFormat); 7] = [
            ("txt", InputFormat::Text),
            ("md", InputFormat::Markdown),
            ("markdown", InputFormat::Markdown),
            ("html", InputFormat::Html),
            ("htm", InputFormat::Html),
            ("jsonl", InputFormat::Jsonl),
            ("ndjson", InputFormat::Jsonl),
        ];
        TABLE
            .iter()
            .find(|(e, _)| e.eq_ignore_ascii_case(ext))
            .map(|&(_, f)| f)
    }

    /// The format of a file, by its extension.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        InputFormat::from_extension(path.extension()?.to_str()?)
    }
}

/// Turns the contents of one document into a [`Document`] (never fails; markup that cannot
/// be parsed is read as text). `InputFormat::Jsonl` is treated as `InputFormat::Text`.
///
/// - YAML front matter (`---` … `---` or `...`, after optional blank lines) is removed in
///   every format; its `title` and `date` (or `time`) are used when present and valid.
///   Broken YAML is ignored.
/// - **Text** that has front matter, an ATX heading line (`# `…`###### `), a Markdown link
///   to a URL (`](http`, `](/`, `![`) or a line starting with an HTML tag is read as
///   Markdown; otherwise it is kept as it is.
/// - **Markdown**: text of headings, paragraphs, list items, table rows (cells joined by a
///   space), link text (URLs dropped, as is link text that is itself a URL), code; images
///   and autolinks are dropped. Soft and hard breaks become line breaks. Raw HTML in a block
///   is converted by the HTML rule together with the text of that block.
/// - **HTML**: text nodes only (no `script`, `style`, `head`, …), entities decoded,
///   whitespace collapsed as a browser would; block elements and `<br>` end the line.
///   `<title>` gives the title.
pub fn parse_document(id: &str, raw: &str, format: InputFormat) -> Document {
    build(id, raw, format, None, None)
}

/// The whole conversion: front matter, markup to text, normalisation, dates.
fn build(
    id: &str,
    raw: &str,
    format: InputFormat,
    title: Option<String>,
    date: Option<PartialDate>,
) -> Document {
    let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
    let (front, body) = match split_front_matter(raw) {
        Some((yaml, body)) => (Some(front_matter(yaml)), body),
        None => (None, raw),
    };
    let format = match format {
        InputFormat::Text | InputFormat::Jsonl if front.is_some() || looks_like_markdown(body) => {
            InputFormat::Markdown
        }
        InputFormat::Jsonl => InputFormat::Text,
        f => f,
    };
    // Markdown without any Markdown syntax reads as the text it is (the parser would give
    // the same lines, slower).
    let format = match format {
        InputFormat::Markdown if markdown_is_plain(body) => InputFormat::Text,
        f => f,
    };
    let (text, found_title): (Cow<str>, Option<String>) = match format {
        InputFormat::Markdown => {
            let (text, title) = markdown_to_text(body);
            (text.into(), title)
        }
        InputFormat::Html => {
            let (text, title) = html_to_text(body, true);
            (text.into(), title)
        }
        InputFormat::Text | InputFormat::Jsonl => (body.into(), None),
    };
    let (front_title, front_date) = front.unwrap_or_default();
    let title = front_title
        .or(title)
        .or(found_title)
        .map(|t| one_line(&normalize(&t)))
        .filter(|t| !t.is_empty());
    let text = crate::stats::time(crate::stats::Stage::Normalise, text.len(), || {
        tidy_lines(&normalize(&text), title.as_deref())
    });
    let date_marks = date_marks(&text);
    let date = front_date
        .or(date)
        .or_else(|| url_date(raw))
        .or_else(|| date_marks.first().map(|m| m.date));
    Document {
        id: id.to_owned(),
        title,
        text,
        date,
        date_marks,
    }
}

/// Trims every line, drops blank lines, and puts `title` first unless the text starts with it.
fn tidy_lines(text: &str, title: Option<&str>) -> String {
    let mut out = String::with_capacity(text.len() + title.map_or(0, |t| t.len() + 1));
    let mut lines = text.split('\n').map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next();
    if let Some(title) = title {
        if first != Some(title) {
            out.push_str(title);
        }
    }
    for line in first.into_iter().chain(lines) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// Collapses whitespace runs (line breaks included) to one space and trims.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
