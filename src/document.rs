//! The input side of the pipeline: files, folders and JSONL streams in, [`Document`]s out.
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
//! use dealgraph::document::{parse_document, Format};
//! let doc = parse_document("a.md", "---\ntitle: 标题\ndate: 2018-11-16\n---\n腾讯**投资**了[京东](https://jd.com)。", Format::Markdown);
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

/// How many leading bytes are checked for NUL to recognise a binary file.
const BINARY_PROBE: usize = 8 * 1024;

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
pub enum Format {
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

impl Format {
    /// The format of a file extension (without the dot, any case), if it is a known one.
    pub fn from_extension(ext: &str) -> Option<Format> {
        const TABLE: [(&str, Format); 7] = [
            ("txt", Format::Text),
            ("md", Format::Markdown),
            ("markdown", Format::Markdown),
            ("html", Format::Html),
            ("htm", Format::Html),
            ("jsonl", Format::Jsonl),
            ("ndjson", Format::Jsonl),
        ];
        TABLE
            .iter()
            .find(|(e, _)| e.eq_ignore_ascii_case(ext))
            .map(|&(_, f)| f)
    }

    /// The format of a file, by its extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        Format::from_extension(path.extension()?.to_str()?)
    }
}

/// Turns the contents of one document into a [`Document`] (never fails; markup that cannot
/// be parsed is read as text). `Format::Jsonl` is treated as `Format::Text`.
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
pub fn parse_document(id: &str, raw: &str, format: Format) -> Document {
    build(id, raw, format, None, None)
}

/// Parses line `line_no` (1-based) of the JSONL file `path`. A blank line gives `Ok(None)`.
///
/// The line must be a JSON object with a string `text`; `id` (string or number), `title`
/// and `date` are optional, other fields are ignored, and a `date` that is no date is
/// ignored. The text is read as [`Format::Text`]. The error names `path` and `line_no`.
pub fn parse_jsonl_line(path: &Path, line_no: usize, line: &str) -> Result<Option<Document>> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    let err = |msg: String| Error::document(path, Some(line_no), msg);
    let scalar = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    // Fast path: the usual well-formed line, decoded into borrowed fields without building a
    // map of the whole object. Anything unusual (wrong types, duplicate keys, bad JSON) takes
    // the general path below, which gives the same documents and the exact error messages.
    if let Ok(fast) = serde_json::from_str::<FastLine>(line) {
        let id =
            scalar(fast.id.as_ref()).unwrap_or_else(|| format!("{}:{line_no}", file_name(path)));
        let title = match fast.title {
            Some(serde_json::Value::String(s)) => Some(s),
            _ => None,
        };
        let date = scalar(fast.date.as_ref()).and_then(|d| PartialDate::parse(&d));
        let doc = build(&id, &fast.text, Format::Text, title, date);
        if doc.text.is_empty() {
            return Err(err("empty document".into()));
        }
        return Ok(Some(doc));
    }
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| err(format!("invalid JSON: {e}")))?;
    let serde_json::Value::Object(mut object) = value else {
        return Err(err(format!(
            "expected a JSON object, found {}",
            json_kind(&value)
        )));
    };
    let text = match object.remove("text") {
        Some(serde_json::Value::String(text)) => text,
        Some(other) => {
            return Err(err(format!(
                "\"text\" must be a string, found {}",
                json_kind(&other)
            )))
        }
        None => return Err(err("missing \"text\"".into())),
    };
    let id = scalar(object.get("id")).unwrap_or_else(|| format!("{}:{line_no}", file_name(path)));
    let title = match object.get("title") {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let date = scalar(object.get("date")).and_then(|d| PartialDate::parse(&d));
    let doc = build(&id, &text, Format::Text, title, date);
    if doc.text.is_empty() {
        return Err(err("empty document".into()));
    }
    Ok(Some(doc))
}

/// The fields of a JSONL line that [`parse_jsonl_line`] reads, for its fast path: `text`
/// borrowed from the line when it has no escapes, other fields ignored.
#[derive(serde::Deserialize)]
struct FastLine<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<serde_json::Value>,
    #[serde(default)]
    date: Option<serde_json::Value>,
}

/// Reads one text, Markdown or HTML file (format by extension, unknown extensions as text)
/// into a [`Document`] whose id is the file name.
///
/// Fails on I/O errors, binary files (a NUL byte in the first 8 KiB), UTF-16, invalid UTF-8
/// (the message gives the byte offset), empty documents, and JSONL files, which hold many
/// documents (read them with [`Inputs`] or [`load_text`]).
pub fn read_file(path: &Path) -> Result<Document> {
    let format = Format::from_path(path).unwrap_or(Format::Text);
    if format == Format::Jsonl {
        return Err(Error::document(
            path,
            None,
            "a JSONL file holds many documents; read it with Inputs",
        ));
    }
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    let raw = decode(path, &bytes)?;
    if raw.trim().is_empty() {
        return Err(Error::document(path, None, "empty document"));
    }
    let doc = parse_document(&file_name(path), raw, format);
    if doc.text.is_empty() {
        return Err(Error::document(
            path,
            None,
            "empty document (no text outside markup)",
        ));
    }
    Ok(doc)
}

/// Reads the one document of a file of any format (`-` is JSONL on standard input); for
/// JSONL this is the first document (or, if no line is one, the first error).
/// This is what `dealgraph text FILE` shows.
pub fn load_text(path: &Path) -> Result<Document> {
    if path != Path::new("-") {
        let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            return Err(Error::document(path, None, "is a folder, not a file"));
        }
    }
    let mut first_error = None;
    for item in Inputs::new(vec![path.to_path_buf()]) {
        match item {
            Ok(doc) => return Ok(doc),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| Error::document(path, None, "empty document")))
}

/// A streaming reader over input paths, yielding one [`Document`] at a time in input order.
///
/// - `-` is standard input, read as JSONL.
/// - A folder is walked recursively, entries sorted by file name; its files with a known
///   extension are read and other files are skipped silently.
/// - A named file is read by its extension; an unknown extension is read as text.
/// - JSONL is read line by line, other files one at a time.
///
/// A bad file or line is yielded as an `Err` naming the file (and the 1-based line for
/// JSONL), and reading goes on with the next line or file.
///
/// `Inputs` reads and parses on the calling thread. To parse on many threads, take the
/// [`RawInputs`] with [`Inputs::raw`]: they only read, and each [`RawInput`] is parsed
/// wherever [`RawInput::parse`] is called (this is what the pipeline does).
///
/// ```no_run
/// use dealgraph::document::Inputs;
/// for doc in Inputs::new(vec!["seeds".into(), "-".into()]) {
///     match doc {
///         Ok(doc) => println!("{}: {} bytes", doc.id, doc.text.len()),
///         Err(e) => eprintln!("skipped: {e}"),
///     }
/// }
/// ```
pub struct Inputs {
    raw: RawInputs,
}

impl Inputs {
    /// Reads `paths` in order (`-` for standard input).
    pub fn new(paths: Vec<PathBuf>) -> Self {
        Inputs {
            raw: RawInputs::new(paths),
        }
    }

    /// The same inputs, read but not parsed.
    pub fn raw(self) -> RawInputs {
        self.raw
    }
}

impl Iterator for Inputs {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        self.raw.next().map(RawInput::parse)
    }
}

/// One input as the reader found it, before any parsing: a JSONL line (valid UTF-8, not
/// blank), a file to read, or an error. Parsing it ([`RawInput::parse`]: JSON decoding,
/// markup to text, normalisation) is the costly part, and can run on any thread.
#[derive(Debug)]
pub struct RawInput {
    kind: RawKind,
}

#[derive(Debug)]
enum RawKind {
    /// Line `line_no` (1-based) of the JSONL file or stream `path`.
    Line {
        path: Arc<Path>,
        line_no: usize,
        line: String,
    },
    /// A text, Markdown or HTML file of `size` bytes, read when parsed.
    File { path: PathBuf, size: u64 },
    /// A file or line that could not be read.
    Failed(Error),
}

impl RawInput {
    /// Reads and parses the input into a document, or the error naming its file (and line).
    pub fn parse(self) -> Result<Document> {
        match self.kind {
            RawKind::Line {
                path,
                line_no,
                line,
            } => match parse_jsonl_line(&path, line_no, &line) {
                Ok(Some(doc)) => Ok(doc),
                // Blank lines are never yielded, but stay an error rather than a panic.
                Ok(None) => Err(Error::document(&*path, Some(line_no), "empty document")),
                Err(e) => Err(e),
            },
            RawKind::File { path, .. } => read_file(&path),
            RawKind::Failed(e) => Err(e),
        }
    }

    /// How many input bytes this item stands for: the JSONL line, or the file's size
    /// (0 for an error). For progress reports and batching.
    pub fn input_bytes(&self) -> u64 {
        match &self.kind {
            RawKind::Line { line, .. } => line.len() as u64 + 1,
            RawKind::File { size, .. } => *size,
            RawKind::Failed(_) => 0,
        }
    }
}

impl From<Error> for RawInput {
    fn from(e: Error) -> Self {
        RawInput {
            kind: RawKind::Failed(e),
        }
    }
}

/// Something that becomes a [`Document`], possibly on another thread: a [`RawInput`], or an
/// already parsed `Result<Document>` (so any iterator of documents can feed the pipeline).
pub trait IntoDocument: Send {
    /// The document, or why there is none.
    fn into_document(self) -> Result<Document>;
    /// How many input bytes the item stands for (for batching and progress; 0 if unknown).
    fn input_bytes(&self) -> u64;
}

impl IntoDocument for RawInput {
    fn into_document(self) -> Result<Document> {
        self.parse()
    }

    fn input_bytes(&self) -> u64 {
        RawInput::input_bytes(self)
    }
}

impl IntoDocument for Result<Document> {
    fn into_document(self) -> Result<Document> {
        self
    }

    fn input_bytes(&self) -> u64 {
        self.as_ref().map_or(0, |d| d.text.len() as u64)
    }
}

/// The reading half of [`Inputs`]: walks folders, opens files and splits JSONL into lines,
/// yielding one [`RawInput`] per document in input order. Only I/O and UTF-8 checks of
/// JSONL lines run here; everything else waits for [`RawInput::parse`].
pub struct RawInputs {
    paths: std::vec::IntoIter<PathBuf>,
    walker: Option<walkdir::IntoIter>,
    jsonl: Option<JsonlStream>,
}

impl RawInputs {
    /// Reads `paths` in order (`-` for standard input).
    pub fn new(paths: Vec<PathBuf>) -> Self {
        RawInputs {
            paths: paths.into_iter(),
            walker: None,
            jsonl: None,
        }
    }

    /// Starts reading `path`: JSONL is opened as a stream (the result is `None`, or the
    /// error), any other file becomes one item to read later.
    fn open(&mut self, path: PathBuf, format: Format, size: u64) -> Option<RawInput> {
        if format != Format::Jsonl {
            return Some(RawInput {
                kind: RawKind::File { path, size },
            });
        }
        match File::open(&path) {
            Ok(file) => {
                let reader = Box::new(BufReader::with_capacity(1 << 16, file));
                self.jsonl = Some(JsonlStream::new(path, reader, true));
                None
            }
            Err(e) => Some(Error::io(path, e).into()),
        }
    }
}

impl Iterator for RawInputs {
    type Item = RawInput;

    fn next(&mut self) -> Option<RawInput> {
        loop {
            if let Some(stream) = &mut self.jsonl {
                match stream.next_item() {
                    Some(item) => return Some(item),
                    None => self.jsonl = None,
                }
            }
            if let Some(walker) = &mut self.walker {
                match walker.next() {
                    None => self.walker = None,
                    Some(Err(e)) => return Some(walk_error(e).into()),
                    Some(Ok(entry)) => {
                        if !entry.file_type().is_file() {
                            continue;
                        }
                        let Some(format) = Format::from_path(entry.path()) else {
                            continue;
                        };
                        let size = entry.metadata().map_or(0, |m| m.len());
                        match self.open(entry.into_path(), format, size) {
                            Some(item) => return Some(item),
                            None => continue,
                        }
                    }
                }
                continue;
            }
            let path = self.paths.next()?;
            if path == Path::new("-") {
                let stdin = Box::new(BufReader::with_capacity(1 << 16, io::stdin()));
                self.jsonl = Some(JsonlStream::new(path, stdin, false));
                continue;
            }
            match fs::metadata(&path) {
                Err(e) => return Some(Error::io(path, e).into()),
                Ok(meta) if meta.is_dir() => {
                    let walker = walkdir::WalkDir::new(&path)
                        .min_depth(1)
                        .follow_links(true)
                        .sort_by_file_name();
                    self.walker = Some(walker.into_iter());
                }
                Ok(meta) => {
                    let format = Format::from_path(&path).unwrap_or(Format::Text);
                    if let Some(item) = self.open(path, format, meta.len()) {
                        return Some(item);
                    }
                }
            }
        }
    }
}

/// A folder-walking error as a library error naming the path.
fn walk_error(e: walkdir::Error) -> Error {
    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
    match e.io_error() {
        Some(io) => Error::io(path, io::Error::new(io.kind(), io.to_string())),
        None => Error::document(path, None, e.to_string()),
    }
}

/// A JSONL file or standard input, read one line at a time.
struct JsonlStream {
    /// For messages: the file, or `-`.
    path: Arc<Path>,
    reader: Box<dyn BufRead + Send>,
    /// The last line read (1-based).
    line_no: usize,
    /// Byte offset of the next line in the stream.
    offset: usize,
    /// A file (not stdin): no non-blank line at all is reported as empty.
    is_file: bool,
    any_content: bool,
    done: bool,
}

impl JsonlStream {
    fn new(path: PathBuf, reader: Box<dyn BufRead + Send>, is_file: bool) -> Self {
        JsonlStream {
            path: path.into(),
            reader,
            line_no: 0,
            offset: 0,
            is_file,
            any_content: false,
            done: false,
        }
    }

    /// The next line or error; `None` at the end of the stream.
    fn next_item(&mut self) -> Option<RawInput> {
        while !self.done {
            if self.line_no == 0 {
                if let Err(e) = self.check_start() {
                    self.done = true;
                    return Some(e.into());
                }
            }
            // A fresh buffer per line: it becomes the line's `String` without a copy.
            let mut buf = Vec::new();
            let n = match self.reader.read_until(b'\n', &mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.done = true;
                    return Some(Error::io(&*self.path, e).into());
                }
            };
            if n == 0 {
                self.done = true;
                if self.is_file && !self.any_content {
                    return Some(Error::document(&*self.path, None, "empty document").into());
                }
                return None;
            }
            self.line_no += 1;
            let start = self.offset;
            self.offset += n;
            if buf.ends_with(b"\n") {
                buf.pop();
            }
            if buf.ends_with(b"\r") {
                buf.pop();
            }
            if self.line_no == 1 && buf.starts_with("\u{FEFF}".as_bytes()) {
                buf.drain(..3);
            }
            let line = match String::from_utf8(buf) {
                Ok(line) => line,
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    return Some(
                        Error::document(
                            &*self.path,
                            Some(self.line_no),
                            format!(
                                "invalid UTF-8 at byte {at} of the line (byte {} of the file)",
                                start + at
                            ),
                        )
                        .into(),
                    );
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            self.any_content = true;
            return Some(RawInput {
                kind: RawKind::Line {
                    path: self.path.clone(),
                    line_no: self.line_no,
                    line,
                },
            });
        }
        None
    }

    /// Rejects binary and UTF-16 input by its first buffered bytes.
    fn check_start(&mut self) -> Result<()> {
        let head = loop {
            match self.reader.fill_buf() {
                Ok(head) => break head,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io(&*self.path, e)),
            }
        };
        match sniff(head) {
            Some(msg) => Err(Error::document(&*self.path, None, msg)),
            None => Ok(()),
        }
    }
}

/// Why bytes are not UTF-8 text, judging by their start: UTF-16, or binary.
fn sniff(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(
            "UTF-16 text (byte-order mark at byte 0) is not supported; convert it to UTF-8".into(),
        );
    }
    let probe = &bytes[..bytes.len().min(BINARY_PROBE)];
    let nul = probe.iter().position(|&b| b == 0)?;
    Some(format!("binary file (NUL byte at byte {nul})"))
}

/// The UTF-8 text of a whole file, or the error naming why it is not text.
fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
    if let Some(msg) = sniff(bytes) {
        return Err(Error::document(path, None, msg));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        Error::document(
            path,
            None,
            format!("invalid UTF-8 at byte {at} (line {line})"),
        )
    })
}

/// The file name of `path` without folders (`-` stays `-`).
fn file_name(path: &Path) -> String {
    match path.file_name() {
        Some(name) => name.to_string_lossy().into_owned(),
        None => path.display().to_string(),
    }
}

/// A short name of a JSON value's type, for messages.
fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The whole conversion: front matter, markup to text, normalisation, dates.
fn build(
    id: &str,
    raw: &str,
    format: Format,
    title: Option<String>,
    date: Option<PartialDate>,
) -> Document {
    let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
    let (front, body) = match split_front_matter(raw) {
        Some((yaml, body)) => (Some(front_matter(yaml)), body),
        None => (None, raw),
    };
    let format = match format {
        Format::Text | Format::Jsonl if front.is_some() || looks_like_markdown(body) => {
            Format::Markdown
        }
        Format::Jsonl => Format::Text,
        f => f,
    };
    let (text, found_title): (Cow<str>, Option<String>) = match format {
        Format::Markdown => {
            let (text, title) = markdown_to_text(body);
            (text.into(), title)
        }
        Format::Html => {
            let (text, title) = html_to_text(body, true);
            (text.into(), title)
        }
        Format::Text | Format::Jsonl => (body.into(), None),
    };
    let (front_title, front_date) = front.unwrap_or_default();
    let title = front_title
        .or(title)
        .or(found_title)
        .map(|t| one_line(&normalize(&t)))
        .filter(|t| !t.is_empty());
    let text = tidy_lines(&normalize(&text), title.as_deref());
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

/// The date lines of normalised text, with their byte offsets.
fn date_marks(text: &str) -> Vec<DateMark> {
    let mut marks = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        if let Some(date) = date_line(line) {
            marks.push(DateMark { offset, date });
        }
        offset += line.len() + 1;
    }
    marks
}

/// The date of a line that is only a full date: `2018-11-16`, `2018/11/16`, `2018.11.16`
/// or `2018年11月16日` (spaces around the parts allowed).
fn date_line(line: &str) -> Option<PartialDate> {
    let line = line.trim();
    if line.len() > 32 {
        return None;
    }
    if let Some(rest) = line.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        return ymd(y.trim(), m.trim(), d.trim());
    }
    let sep = line.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut parts = line.split(sep);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    ymd(y, m, d)
}

/// A full date from digit strings (`YYYY`, `M` or `MM`, `D` or `DD`), years 1900..=2100.
fn ymd(y: &str, m: &str, d: &str) -> Option<PartialDate> {
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)) {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    PartialDate::day(year, m.parse().ok()?, d.parse().ok()?)
}

/// The first `/YYYY/MM/DD/` date in a URL of `raw` (news sites put the publication date in
/// the article's URL; archived copies link to it).
fn url_date(raw: &str) -> Option<PartialDate> {
    const MAX_URL: usize = 2048;
    raw.match_indices("http").find_map(|(start, _)| {
        let rest = &raw[start..];
        let mut cut = rest.len().min(MAX_URL);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &rest[..cut];
        let end = window
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | ']'))
            .unwrap_or(window.len());
        path_date(&window[..end])
    })
}

/// The first `/YYYY/MM/DD/` in `url`.
fn path_date(url: &str) -> Option<PartialDate> {
    url.match_indices('/').find_map(|(i, _)| {
        let mut parts = url[i + 1..].splitn(4, '/');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        parts.next()?;
        ymd(y, m, d)
    })
}

/// Splits YAML front matter off `raw`: `(yaml, rest)`. The block starts with a `---` line
/// (after optional blank lines) and ends with a `---` or `...` line.
fn split_front_matter(raw: &str) -> Option<(&str, &str)> {
    let s = raw.trim_start();
    let first_end = s.find('\n')?;
    if s[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut pos = yaml_start;
    while pos < s.len() {
        let end = s[pos..].find('\n').map_or(s.len(), |i| pos + i);
        let line = s[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Some((&s[yaml_start..pos], &s[(end + 1).min(s.len())..]));
        }
        pos = end + 1;
    }
    None
}

/// The title and date of YAML front matter; broken YAML and non-dates give `None`.
fn front_matter(yaml: &str) -> (Option<String>, Option<PartialDate>) {
    let Ok(docs) = YamlLoader::load_from_str(yaml) else {
        return (None, None);
    };
    let Some(doc) = docs.first() else {
        return (None, None);
    };
    let scalar = |v: &Yaml| match v {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    };
    let title = scalar(&doc["title"]);
    let date = ["date", "time"]
        .iter()
        .find_map(|key| PartialDate::parse(&scalar(&doc[*key])?));
    (title, date)
}

/// Whether a text file is really Markdown: an ATX heading line, a Markdown link to a URL or
/// an image, or a line starting with an HTML tag.
fn looks_like_markdown(text: &str) -> bool {
    if text.contains("](http") || text.contains("](/") || text.contains("![") {
        return true;
    }
    text.lines().any(|line| {
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        let heading = (1..=6).contains(&hashes) && line.as_bytes().get(hashes) == Some(&b' ');
        let tag = line.strip_prefix('<').is_some_and(|rest| {
            let rest = rest.strip_prefix('/').unwrap_or(rest);
            rest.starts_with("!--") || rest.starts_with(|c: char| c.is_ascii_alphabetic())
        });
        heading || tag
    })
}

/// Markdown to text with one block per line; also the text of a leading `#` heading.
fn markdown_to_text(md: &str) -> (String, Option<String>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut writer = MarkdownWriter::default();
    for event in Parser::new_ext(md, options) {
        writer.event(event);
    }
    writer.end_block();
    (writer.out, writer.title)
}

/// State of the Markdown-to-text conversion.
#[derive(Default)]
struct MarkdownWriter {
    out: String,
    /// The current block as text …
    plain: String,
    /// … and as HTML source, used when the block contains raw HTML.
    html: String,
    has_html: bool,
    /// Depth inside images and autolinks, whose text is dropped.
    skip: usize,
    /// For each open link, the buffer lengths at its start (`None`: an autolink).
    links: Vec<Option<(usize, usize)>>,
    /// Where the text of a leading level-1 heading starts in `out`.
    title_start: Option<usize>,
    title: Option<String>,
}

impl MarkdownWriter {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(&t)
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if self.skip == 0 {
                    self.html.push_str(&h);
                    self.has_html = true;
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if self.skip == 0 {
                    self.plain.push('\n');
                    self.html.push_str("<br>");
                }
            }
            Event::Rule => self.end_block(),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Image { .. } => self.skip += 1,
            Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            } => {
                self.links.push(None);
                self.skip += 1;
            }
            Tag::Link { .. } => self.links.push(Some((self.plain.len(), self.html.len()))),
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::TableCell => {}
            Tag::Heading {
                level: HeadingLevel::H1,
                ..
            } => {
                self.end_block();
                if self.out.is_empty() && self.title.is_none() {
                    self.title_start = Some(0);
                }
            }
            _ => self.end_block(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Image => self.skip = self.skip.saturating_sub(1),
            TagEnd::Link => match self.links.pop() {
                Some(None) => self.skip = self.skip.saturating_sub(1),
                Some(Some((plain, html))) if is_url(&self.plain[plain..]) => {
                    self.plain.truncate(plain);
                    self.html.truncate(html);
                }
                Some(Some(_)) | None => {}
            },
            TagEnd::TableCell => self.text(" "),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
            TagEnd::Heading(_) => {
                self.end_block();
                if let Some(start) = self.title_start.take() {
                    let title = self.out[start..].trim();
                    if !title.is_empty() {
                        self.title = Some(title.to_owned());
                    }
                }
            }
            _ => self.end_block(),
        }
    }

    fn text(&mut self, text: &str) {
        if self.skip == 0 {
            self.plain.push_str(text);
            escape_html_into(&mut self.html, text);
        }
    }

    /// Writes out the current block and ends the line.
    fn end_block(&mut self) {
        if self.has_html {
            self.out.push_str(&html_to_text(&self.html, false).0);
        } else {
            self.out.push_str(&self.plain);
        }
        self.plain.clear();
        self.html.clear();
        self.has_html = false;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }
}

/// Whether link text is itself a URL (and so dropped like the URL).
fn is_url(text: &str) -> bool {
    let t = text.trim();
    ["http://", "https://", "www."].iter().any(|p| {
        t.as_bytes()
            .get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
    })
}

/// Appends `text` to HTML source, escaped.
fn escape_html_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Elements whose content is not article text.
const HTML_SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "iframe", "svg", "canvas",
    "object", "select",
];

/// Elements that start and end a line.
const HTML_BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// HTML (a whole `document` or a fragment) to text with one block per line; also the
/// `<title>`. The tree is walked iteratively, and nesting deeper than [`MAX_HTML_DEPTH`] is
/// flattened before parsing, so nesting depth does not matter.
fn html_to_text(source: &str, document: bool) -> (String, Option<String>) {
    let source = cap_html_depth(source);
    let parsed = if document {
        Html::parse_document(&source)
    } else {
        Html::parse_fragment(&source)
    };
    let mut out = String::with_capacity(source.len() / 2);
    let mut title: Option<String> = None;
    let mut title_text: Option<String> = None;
    let mut skip = 0usize;
    let mut pre = 0usize;
    let root = parsed.tree.root();
    let mut node = root;
    'walk: loop {
        // Open `node`.
        match node.value() {
            Node::Text(text) => {
                if let Some(t) = &mut title_text {
                    t.push_str(text);
                } else if skip == 0 {
                    push_html_text(&mut out, text, pre > 0);
                }
            }
            Node::Element(element) => {
                let name = element.name();
                if HTML_SKIP.contains(&name) {
                    skip += 1;
                    if name == "title" && title.is_none() {
                        title_text = Some(String::new());
                    }
                } else if skip == 0 {
                    if HTML_BLOCK.contains(&name) {
                        end_line(&mut out);
                    }
                    if name == "pre" {
                        pre += 1;
                    }
                }
            }
            _ => {}
        }
        if let Some(child) = node.first_child() {
            node = child;
            continue;
        }
        // Close `node` and its finished ancestors, then move to the next sibling.
        loop {
            if let Node::Element(element) = node.value() {
                let name = element.name();
                if HTML_SKIP.contains(&name) {
                    skip = skip.saturating_sub(1);
                    if name == "title" {
                        if let Some(t) = title_text.take() {
                            title = Some(t);
                        }
                    }
                } else if skip == 0 {
                    if HTML_BLOCK.contains(&name) {
                        end_line(&mut out);
                    } else if name == "td" || name == "th" {
                        out.push(' ');
                    }
                    if name == "pre" {
                        pre = pre.saturating_sub(1);
                    }
                }
            }
            if node.id() == root.id() {
                break 'walk;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => break 'walk,
            }
        }
    }
    (out, title.map(|t| one_line(&t)).filter(|t| !t.is_empty()))
}

/// The deepest element nesting handed to the HTML parser (browsers stop at 512 too).
///
/// html5ever's tree builder searches the stack of open elements for every tag, so its time
/// grows with the square of the nesting depth: a 2 MB file of nested `<div>`s would take
/// over a minute. Tags nested deeper than this are removed before parsing; their text is kept.
const MAX_HTML_DEPTH: usize = 512;

/// Elements without end tags.
const HTML_VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag may be left out (the next sibling closes them): they do not nest,
/// so they are not counted.
const HTML_UNNESTED: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "rb", "rt", "rp",
];

/// Elements whose content is raw text up to their end tag (no tags inside).
const HTML_RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// `source` with start and end tags nested deeper than [`MAX_HTML_DEPTH`] removed (their
/// text stays). A light scan: comments and raw-text elements are stepped over, void and
/// unnested elements are not counted, an end tag closes the innermost open element of its
/// name. Returns `source` itself, without copying, when nothing is that deep.
fn cap_html_depth(source: &str) -> Cow<'_, str> {
    let bytes = source.as_bytes();
    if bytes.iter().filter(|&&b| b == b'<').count() <= MAX_HTML_DEPTH {
        return Cow::Borrowed(source);
    }
    // Open elements (lower-case names), how many of each are open, and how many start tags
    // of each name were removed and still wait for their end tag.
    let mut stack: Vec<String> = Vec::new();
    let mut open: std::collections::HashMap<String, usize> = Default::default();
    let mut removed: std::collections::HashMap<String, usize> = Default::default();
    let mut out: Option<String> = None;
    let mut kept_from = 0;
    let mut i = 0;
    while let Some(lt) = bytes[i..].iter().position(|&b| b == b'<').map(|p| p + i) {
        if bytes[lt + 1..].starts_with(b"!--") {
            i = find(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = bytes.get(lt + 1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let name = source[name_start..name_start + name_len].to_ascii_lowercase();
        let end = tag_end(bytes, name_start + name_len);
        let mut remove = false;
        if closing {
            if let Some(n) = removed.get_mut(&name).filter(|n| **n > 0) {
                *n -= 1;
                remove = true;
            } else if open.get(&name).is_some_and(|&n| n > 0) {
                // Closes everything opened since; the scan is paid for by the pops.
                while let Some(top) = stack.pop() {
                    *open.entry(top.clone()).or_default() -= 1;
                    if top == name {
                        break;
                    }
                }
            }
        } else if name == "plaintext" {
            break;
        } else if HTML_RAW_TEXT.contains(&name.as_str()) {
            i = raw_text_end(bytes, end, &name);
            continue;
        } else if !(HTML_VOID.contains(&name.as_str())
            || HTML_UNNESTED.contains(&name.as_str())
            || bytes[..end].ends_with(b"/>"))
        {
            if stack.len() < MAX_HTML_DEPTH {
                *open.entry(name.clone()).or_default() += 1;
                stack.push(name);
            } else {
                *removed.entry(name).or_default() += 1;
                remove = true;
            }
        }
        if remove {
            let out = out.get_or_insert_with(|| String::with_capacity(source.len()));
            out.push_str(&source[kept_from..lt]);
            kept_from = end;
        }
        i = end;
    }
    match out {
        None => Cow::Borrowed(source),
        Some(mut out) => {
            out.push_str(&source[kept_from..]);
            Cow::Owned(out)
        }
    }
}

/// The first index at or after `from` where `needle` starts.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The index just past the `>` that ends a tag whose name ends at `from` (quoted attribute
/// values may hold `>`), or the end of the text.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (k, &b) in bytes[from..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') if bytes[from + k - 1] == b'=' => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return from + k + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// The index of the end tag `</name` of a raw-text element whose start tag ends at `from`,
/// or the end of the text.
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(p) = find(bytes, i, b"</") {
        let tail = &bytes[p + 2..];
        if tail.len() >= name.len() && tail[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return p;
        }
        i = p + 2;
    }
    bytes.len()
}

/// Ends the current output line, if any.
fn end_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Appends an HTML text node: whitespace runs collapse to one space, and a run with a line
/// break between two CJK characters disappears (source line wrapping inside Chinese text).
/// Inside `<pre>` the text is kept as it is.
fn push_html_text(out: &mut String, text: &str, pre: bool) {
    if pre {
        out.push_str(text);
        return;
    }
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{C}');
    let is_wide = |c: char| c >= '\u{2E80}';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_ws(c) {
            out.push(c);
            continue;
        }
        let mut line_break = matches!(c, '\n' | '\r');
        while let Some(&n) = chars.peek() {
            if !is_ws(n) {
                break;
            }
            line_break |= matches!(n, '\n' | '\r');
            chars.next();
        }
        let joined = line_break
            && out.chars().next_back().is_some_and(is_wide)
            && chars.peek().is_some_and(|&n| is_wide(n));
        if !joined && !out.is_empty() && !out.ends_with([' ', '\n']) {
            out.push(' ');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn seeds() -> Vec<Document> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        Inputs::new(vec![dir])
            .collect::<Result<Vec<_>>>()
            .expect("the seeds read without errors")
    }

    fn day(s: &str) -> Option<PartialDate> {
        Some(PartialDate::parse(s).expect("a test date"))
    }

    /// What a test expects of one yielded item: the id, or (file, line, message).
    type Outcome = Result<String, (String, Option<usize>, String)>;

    /// The [`Outcome`] of each item, to compare with a table.
    fn summarise(items: impl Iterator<Item = Result<Document>>) -> Vec<Outcome> {
        items
            .map(|item| match item {
                Ok(doc) => Ok(doc.id),
                Err(Error::Document { location, message }) => {
                    Err((file_name(&location.path), location.line, message))
                }
                Err(Error::Io { path, source }) => {
                    Err((file_name(&path), None, source.to_string()))
                }
                Err(e) => panic!("unexpected error {e}"),
            })
            .collect()
    }

    #[test]
    fn seeds_come_out_clean() {
        let docs = seeds();
        let ids: Vec<&str> = docs.iter().map(|d| &d.id[..3]).collect();
        assert_eq!(ids, ["000", "001", "002", "003", "004"]);
        for doc in &docs {
            for markup in ["<", ">", "](", "http", "&amp;", "&nbsp;", "**"] {
                assert!(
                    !doc.text.contains(markup),
                    "{}: {markup:?} left in the text",
                    doc.id
                );
            }
            for line in doc.text.split('\n') {
                assert!(
                    !line.is_empty() && line.trim() == line,
                    "{}: line {line:?}",
                    doc.id
                );
            }
            assert_eq!(doc.text, normalize(&doc.text), "{}: not normalised", doc.id);
        }
    }

    #[test]
    fn seeds_have_their_titles_and_dates() {
        let docs = seeds();
        let cases = [
            (
                0,
                Some("2014-10-23"),
                "腾讯领投 3.5 亿美元投资中国的口袋吴钩,",
            ),
            (1, Some("2018-11-16"), "博客首页|TW首页| 同事录|业界社区"),
            (
                2,
                Some("2014-01-13"),
                "当阿里加持B2C时,腾讯与慧聪合作微信B2B如何?",
            ),
            (3, None, "这次,字节和腾讯又盯上了同一块蛋糕"),
            (4, Some("2021-11-06"), "腾讯和阿里可以达成某种战略合作"),
        ];
        for (i, date, first_line) in cases {
            let doc = &docs[i];
            assert_eq!(doc.date, date.and_then(day), "{}", doc.id);
            let first = doc.text.lines().next().unwrap();
            assert!(first.starts_with(first_line), "{}: {first:?}", doc.id);
        }
        assert_eq!(docs[3].title.as_deref(), docs[3].text.lines().next());
        assert_eq!(docs[1].title, None);
        // Seed 000's "原文" autolink is dropped; seed 004's HTML keeps only text.
        assert!(docs[0].text.contains("\n原文:\n"));
        assert!(docs[4]
            .text
            .contains("本文来自微信公众号:互联网怪盗团(ID:TMTphantom),作者"));
    }

    #[test]
    fn seed_001_has_dated_sections() {
        let doc = &seeds()[1];
        let marks: Vec<String> = doc.date_marks.iter().map(|m| m.date.to_string()).collect();
        assert_eq!(marks, ["2018-11-16", "2018-06-20", "2018-06-05"]);
        for mark in &doc.date_marks {
            let line = doc.text[mark.offset..].lines().next().unwrap();
            assert_eq!(line, mark.date.to_string());
        }
        let second = doc.date_marks[1].offset;
        assert_eq!(doc.date_at(0), day("2018-11-16"));
        assert_eq!(doc.date_at(second - 1), day("2018-11-16"));
        assert_eq!(doc.date_at(second), day("2018-06-20"));
        assert_eq!(doc.date_at(doc.text.len()), day("2018-06-05"));
    }

    #[test]
    fn html_to_text_table() {
        let cases = [
            (
                "entities",
                "<p>A &amp; B &lt;C&gt; &#x4E2D;</p>",
                "A & B <C> 中",
            ),
            ("paragraphs", "<p>a</p><p>b</p>", "a\nb"),
            ("br", "a<br>b<br/>c", "a\nb\nc"),
            (
                "inline tags join",
                "<p>腾讯<strong>投资</strong>了<a href='https://jd.com'>京东</a></p>",
                "腾讯投资了京东",
            ),
            (
                "script and style",
                "<style>p{}</style><script>var a = 1;</script><p>正文</p>",
                "正文",
            ),
            (
                "noscript",
                "<noscript><img src=x></noscript><p>正文</p>",
                "正文",
            ),
            ("comments", "<p>甲<!-- 注释 -->乙</p>", "甲乙"),
            (
                "image alt dropped",
                "<p>图<img alt='说明' src='https://a/b.png'>文</p>",
                "图文",
            ),
            (
                "whitespace collapses",
                "<p>Tencent\n    leads   the\tround</p>",
                "Tencent leads the round",
            ),
            ("wrapped CJK joins", "<p>腾讯\n    投资</p>", "腾讯投资"),
            (
                "table rows",
                "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
                "a b\nc",
            ),
            ("lists", "<ul><li>甲</li><li>乙</li></ul>", "甲\n乙"),
            ("headings", "<h1>标题</h1>正文", "标题\n正文"),
            ("pre keeps lines", "<pre>a\n  b</pre>", "a\nb"),
            ("nbsp and full-width", "<p>ＡＢＣ&nbsp;，</p>", "ABC ,"),
            ("unclosed tags", "<div><p>甲<p>乙", "甲\n乙"),
            (
                "title",
                "<html><head><title>标 题</title></head><body><p>正文</p></body></html>",
                "标 题\n正文",
            ),
        ];
        for (name, html, want) in cases {
            let doc = parse_document("t.html", html, Format::Html);
            assert_eq!(doc.text, want, "{name}");
        }
        let doc = parse_document(
            "t.html",
            "<title>标题</title><h1>标题</h1><p>正文</p>",
            Format::Html,
        );
        assert_eq!(
            (doc.title.as_deref(), doc.text.as_str()),
            (Some("标题"), "标题\n正文")
        );
    }

    #[test]
    fn deep_html_nesting_does_not_overflow() {
        // Nesting beyond MAX_HTML_DEPTH is flattened before html5ever sees it (its tree
        // builder is quadratic in depth: 200,000 levels took over a minute).
        let nested = |open: &str, close: &str, depth: usize| {
            format!("{}深{}", open.repeat(depth), close.repeat(depth))
        };
        let cases = [
            (Format::Html, nested("<div>", "</div>", 200_000)),
            (Format::Html, nested("<span><b>", "</b></span>", 100_000)),
            (Format::Html, nested("<DIV class='a>b'>", "</div >", 50_000)),
            (Format::Html, "<b>".repeat(100_000) + "深"),
            (Format::Markdown, nested("<div>", "</div>", 50_000)),
            (Format::Text, nested("<p><i>", "</i></p>", 50_000)),
        ];
        for (format, source) in cases {
            assert_eq!(
                parse_document("deep", &source, format).text,
                "深",
                "{format:?}"
            );
        }
    }

    #[test]
    fn html_depth_cap_keeps_ordinary_pages() {
        let page = format!(
            "<html><body>{}<ul>{}</ul><script>if (a<b) {{ x = '<div>'; }}</script>{}</body></html>",
            "<p>段落".repeat(600),
            "<li>条目<br>".repeat(600),
            "<div><p>块</p></div>".repeat(600)
        );
        assert!(matches!(cap_html_depth(&page), Cow::Borrowed(_)));
        let text = parse_document("p", &page, Format::Html).text;
        assert_eq!(text.lines().count(), 1800);
        // Deep nesting keeps its text and the blocks above the cap.
        let deep = format!(
            "<p>前</p>{}深{}<p>后</p>",
            "<div>".repeat(1000),
            "</div>".repeat(1000)
        );
        let capped = cap_html_depth(&deep);
        assert_eq!(capped.matches("<div>").count(), MAX_HTML_DEPTH);
        assert_eq!(capped.matches("</div>").count(), MAX_HTML_DEPTH);
        assert_eq!(parse_document("d", &deep, Format::Html).text, "前\n深\n后");
    }

    #[test]
    fn markdown_to_text_table() {
        let cases = [
            (
                "heading, emphasis, link",
                "# 标题\n\n腾讯**投资**了[京东](https://jd.com)。",
                "标题\n腾讯投资了京东。",
            ),
            ("image dropped", "![配图 说明](img/a.png)\n\n正文", "正文"),
            (
                "image in a link dropped",
                "[![badge](b.svg)](https://x.org) 正文",
                "正文",
            ),
            (
                "autolink dropped",
                "原文:<https://example.com/2014/10/23/a>",
                "原文:",
            ),
            (
                "link text that is a URL dropped",
                "见[https://a.com/x](https://a.com/x)",
                "见",
            ),
            (
                "reference link",
                "[京东][jd]上市\n\n[jd]: https://jd.com",
                "京东上市",
            ),
            (
                "soft break ends the line",
                "第一句\n第二句",
                "第一句\n第二句",
            ),
            ("hard break", "第一句  \n第二句", "第一句\n第二句"),
            ("lists", "- 甲\n- 乙\n  - 丙\n\n1. 丁", "甲\n乙\n丙\n丁"),
            (
                "inline HTML",
                "腾讯<b>投资</b>京东 &amp; <i>阿里</i>",
                "腾讯投资京东 & 阿里",
            ),
            ("inline HTML line break", "甲<br>乙", "甲\n乙"),
            (
                "HTML block",
                "<div>\n<p>甲</p><p>乙 &amp; 丙</p>\n</div>",
                "甲\n乙 & 丙",
            ),
            (
                "HTML block with image",
                "<div><img src=\"http://a/b.jpg\">文字</div>",
                "文字",
            ),
            (
                "code",
                "用 `cargo` 构建\n\n```\nfn main() {}\n```",
                "用 cargo 构建\nfn main() {}",
            ),
            ("blockquote", "> 引用\n\n正文", "引用\n正文"),
            (
                "table",
                "| 投资方 | 金额 |\n|---|---|\n| 腾讯 | 1亿 |",
                "投资方 金额\n腾讯 1亿",
            ),
            ("rule", "甲\n\n---\n\n乙", "甲\n乙"),
            ("strikethrough", "~~旧~~新", "旧新"),
            ("escapes", "1\\*2", "1*2"),
            ("full-width", "ＡＢＣ，", "ABC,"),
        ];
        for (name, md, want) in cases {
            let doc = parse_document("t.md", md, Format::Markdown);
            assert_eq!(doc.text, want, "{name}");
        }
        let doc = parse_document("t.md", "# 标题\n正文", Format::Markdown);
        assert_eq!(doc.title.as_deref(), Some("标题"));
        let doc = parse_document("t.md", "正文\n\n# 小节", Format::Markdown);
        assert_eq!(doc.title, None);
    }

    #[test]
    fn text_files_that_look_like_markdown() {
        let cases = [
            (
                "plain stays plain",
                "1*2=2 和 _下划线_\n第二行",
                "1*2=2 和 _下划线_\n第二行",
            ),
            (
                "hashtag is no heading",
                "#话题#正文 [注]",
                "#话题#正文 [注]",
            ),
            ("ATX heading", "# 标题\n*正文*", "标题\n正文"),
            ("link to a URL", "见[京东](http://jd.com)", "见京东"),
            ("HTML line", "<p>甲</p>\n<p>乙</p>", "甲\n乙"),
            ("front matter", "---\ntitle: 题\n---\n*正文*", "题\n正文"),
            ("CRLF", "甲\r\n\r\n\r\n  乙  \r\n", "甲\n乙"),
        ];
        for (name, text, want) in cases {
            assert_eq!(
                parse_document("t.txt", text, Format::Text).text,
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn front_matter_table() {
        let cases = [
            (
                "title and date",
                "---\ntitle: 标题\ndate: 2018-11-16\n---\n正文",
                Some("标题"),
                Some("2018-11-16"),
                "标题\n正文",
            ),
            (
                "time",
                "---\ntime: 2014-01-13 11:09\n---\n正文",
                None,
                Some("2014-01-13"),
                "正文",
            ),
            (
                "RFC 2822",
                "---\ndate: Sat, 06 Nov 2021 08:35:00 GMT\n---\n正文",
                None,
                Some("2021-11-06"),
                "正文",
            ),
            (
                "year as a number",
                "---\ndate: 2014\n---\n正文",
                None,
                Some("2014"),
                "正文",
            ),
            (
                "invalid date ignored",
                "---\ndate: Invalid Date\ntime: 2014-01-13\n---\n正文",
                None,
                Some("2014-01-13"),
                "正文",
            ),
            (
                "broken YAML stripped",
                "---\ntitle: [unclosed\ndate: {\n---\n正文",
                None,
                None,
                "正文",
            ),
            (
                "not a mapping",
                "---\n- a\n- b\n---\n正文",
                None,
                None,
                "正文",
            ),
            (
                "leading blank lines and dots",
                "\n\n---\ntitle: 'T'\n...\n正文",
                Some("T"),
                None,
                "T\n正文",
            ),
            (
                "title already first",
                "---\ntitle: 标题\n---\n# 标题\n正文",
                Some("标题"),
                None,
                "标题\n正文",
            ),
        ];
        for (name, raw, title, date, text) in cases {
            for format in [Format::Text, Format::Markdown] {
                let doc = parse_document("t", raw, format);
                assert_eq!(doc.title.as_deref(), title, "{name} {format:?}");
                assert_eq!(doc.date, date.and_then(day), "{name} {format:?}");
                assert_eq!(doc.text, text, "{name} {format:?}");
            }
        }
        // Without a closing line there is no front matter: Markdown reads a rule.
        let unclosed = "---\ntitle: x\n正文";
        assert_eq!(
            parse_document("t", unclosed, Format::Markdown).text,
            "title: x\n正文"
        );
    }

    #[test]
    fn date_lines_and_url_dates() {
        let doc = parse_document(
            "t",
            "甲\n2018年11月16日\n乙\n 2018/6/5 \n丙\n2018-06-05 发布\n2018-02-30",
            Format::Text,
        );
        let marks: Vec<(usize, String)> = doc
            .date_marks
            .iter()
            .map(|m| (m.offset, m.date.to_string()))
            .collect();
        let second = doc.text.find("2018/6/5").unwrap();
        assert_eq!(
            marks,
            [(4, "2018-11-16".into()), (second, "2018-06-05".into())]
        );
        assert_eq!(doc.date, day("2018-11-16"));
        assert_eq!(doc.date_at(0), day("2018-11-16"));
        assert_eq!(doc.date_at(doc.text.len()), day("2018-06-05"));
        let undated = parse_document("t", "甲", Format::Text);
        assert_eq!((undated.date_at(0), undated.date_marks.len()), (None, 0));

        let cases = [
            (
                "URL date",
                "见 https://a.com/2014/10/23/x 正文\n2018-01-01",
                Some("2014-10-23"),
            ),
            (
                "first URL wins",
                "http://a/2014/1/2/ http://b/2015/01/02/",
                Some("2014-01-02"),
            ),
            (
                "no trailing slash",
                "https://a.com/2014/10/23",
                Some("2018-01-01"),
            ),
            (
                "not a day",
                "https://a.com/2014/13/40/x",
                Some("2018-01-01"),
            ),
            (
                "archive timestamp",
                "https://web.archive.org/web/20221014192744/http://a.com/",
                Some("2018-01-01"),
            ),
        ];
        for (name, raw, want) in cases {
            let raw = format!("{raw}\n2018-01-01");
            assert_eq!(
                parse_document("t", &raw, Format::Text).date,
                want.and_then(day),
                "{name}"
            );
        }
        let with_front = "---\ndate: 2020-01-01\n---\nhttps://a.com/2014/10/23/x";
        assert_eq!(
            parse_document("t", with_front, Format::Text).date,
            day("2020-01-01")
        );
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn jsonl_lines() {
        let dir = tempfile::tempdir().unwrap();
        let mut jsonl = Vec::new();
        for line in [
            r#"{"id":"a","text":"腾讯投资京东。","date":"2018-11-16","extra":[1,2]}"#.as_bytes(),
            r#"{"id":7,"title":"标题","text":"正文"}"#.as_bytes(),
            b"",
            b"[1,2]",
            br#"{"id":"x"}"#,
            b"{not json",
            b"{\"text\":\"\xff\xfe\"}",
            r#"{"text":"最后","date":"Invalid Date"}"#.as_bytes(),
            br#"{"text":5}"#,
            br#"{"id":"w","text":"  "}"#,
            b"   \r",
            b"{\"id\":\"crlf\",\"text\":\"x\"}\r",
        ] {
            jsonl.extend_from_slice(line);
            jsonl.push(b'\n');
        }
        let path = write(dir.path(), "in.jsonl", &jsonl);
        let got = summarise(Inputs::new(vec![path.clone()]));
        let f = "in.jsonl".to_string();
        let want: Vec<Outcome> = vec![
            Ok("a".into()),
            Ok("7".into()),
            Err((
                f.clone(),
                Some(4),
                "expected a JSON object, found an array".into(),
            )),
            Err((f.clone(), Some(5), "missing \"text\"".into())),
            Err((
                f.clone(),
                Some(6),
                "invalid JSON: key must be a string at line 1 column 2".into(),
            )),
            Err((
                f.clone(),
                Some(7),
                format!(
                    "invalid UTF-8 at byte 9 of the line (byte {} of the file)",
                    jsonl.iter().position(|&b| b == 0xff).unwrap()
                ),
            )),
            Ok("in.jsonl:8".into()),
            Err((
                f.clone(),
                Some(9),
                "\"text\" must be a string, found a number".into(),
            )),
            Err((f.clone(), Some(10), "empty document".into())),
            Ok("crlf".into()),
        ];
        assert_eq!(got, want);

        let docs: Vec<Document> = Inputs::new(vec![path]).filter_map(Result::ok).collect();
        assert_eq!(
            (docs[0].date, docs[0].text.as_str()),
            (day("2018-11-16"), "腾讯投资京东。")
        );
        assert_eq!(
            (docs[1].title.as_deref(), docs[1].text.as_str()),
            (Some("标题"), "标题\n正文")
        );
        assert_eq!(docs[2].date, None);

        assert!(parse_jsonl_line(Path::new("x"), 1, "").unwrap().is_none());
        assert!(parse_jsonl_line(Path::new("x"), 1, " \t")
            .unwrap()
            .is_none());
        let doc = parse_jsonl_line(Path::new("-"), 3, r#"{"text":"t"}"#)
            .unwrap()
            .unwrap();
        assert_eq!(doc.id, "-:3");
    }

    #[test]
    fn jsonl_file_edge_cases() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, &[u8], Vec<Outcome>); 4] = [
            (
                "empty.jsonl",
                b"",
                vec![Err(("empty.jsonl".into(), None, "empty document".into()))],
            ),
            (
                "blank.ndjson",
                b"\n\n",
                vec![Err(("blank.ndjson".into(), None, "empty document".into()))],
            ),
            (
                "bin.jsonl",
                b"{\"text\":\"a\"}\n\0\0\0",
                vec![Err((
                    "bin.jsonl".into(),
                    None,
                    "binary file (NUL byte at byte 13)".into(),
                ))],
            ),
            (
                "bom.jsonl",
                b"\xef\xbb\xbf{\"id\":\"b\",\"text\":\"a\"}",
                vec![Ok("b".into())],
            ),
        ];
        for (name, bytes, want) in cases {
            let path = write(dir.path(), name, bytes);
            assert_eq!(summarise(Inputs::new(vec![path])), want, "{name}");
        }
    }

    #[test]
    fn very_long_jsonl_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.jsonl");
        let mut file = io::BufWriter::new(File::create(&path).unwrap());
        let chunk = "Tencent invests in JD. ".repeat(1000);
        write!(file, r#"{{"id":"long","text":""#).unwrap();
        let chunks = 50 * 1024 * 1024 / chunk.len();
        for _ in 0..chunks {
            file.write_all(chunk.as_bytes()).unwrap();
        }
        writeln!(file, r#""}}"#).unwrap();
        writeln!(file, r#"{{"id":"next","text":"腾讯"}}"#).unwrap();
        drop(file);
        let docs: Vec<Document> = Inputs::new(vec![path]).map(Result::unwrap).collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text.len(), chunks * chunk.len() - 1);
        assert_eq!(docs[1].id, "next");
    }

    #[test]
    fn folders_are_walked_in_order_and_errors_do_not_stop_reading() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            d,
            "z.jsonl",
            b"{\"id\":\"z1\",\"text\":\"a\"}\n{\"id\":\"z2\",\"text\":\"b\"}\n",
        );
        write(d, "b.txt", "腾讯投资京东。".as_bytes());
        write(d, "a.md", b"# A\n\ntext");
        write(d, "sub/c.html", b"<p>c</p>");
        write(d, "sub/image.png", b"\x89PNG\r\n\x1a\n\0\0\0");
        write(d, "bin.txt", b"abc\0def");
        write(d, "empty.txt", b" \n\t\n");
        write(d, "only-image.md", b"![x](y.png)");
        write(d, "bad-utf8.txt", b"ab\ncd\xe8\xaf");
        write(d, "utf16.txt", b"\xff\xfea\0b\0");
        write(d, "notes.dat", b"ignored in a folder");
        let got = summarise(Inputs::new(vec![d.to_path_buf()]));
        let err = |f: &str, msg: &str| Err((f.to_string(), None, msg.to_string()));
        let want = vec![
            Ok("a.md".to_string()),
            Ok("b.txt".into()),
            err("bad-utf8.txt", "invalid UTF-8 at byte 5 (line 2)"),
            err("bin.txt", "binary file (NUL byte at byte 3)"),
            err("empty.txt", "empty document"),
            err("only-image.md", "empty document (no text outside markup)"),
            Ok("c.html".into()),
            err(
                "utf16.txt",
                "UTF-16 text (byte-order mark at byte 0) is not supported; convert it to UTF-8",
            ),
            Ok("z1".into()),
            Ok("z2".into()),
        ];
        assert_eq!(got, want);

        // Named paths: missing ones are errors, unknown extensions are text, order is kept.
        let missing = d.join("missing.txt");
        let got = summarise(Inputs::new(vec![
            missing,
            d.join("notes.dat"),
            d.join("sub"),
        ]));
        assert!(
            matches!(&got[0], Err((f, None, m)) if f == "missing.txt" && m.contains("No such file"))
        );
        assert_eq!(got[1..], [Ok("notes.dat".to_string()), Ok("c.html".into())]);
    }

    #[test]
    fn load_text_reads_any_format() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let jsonl = write(
            d,
            "x.jsonl",
            b"[]\n{\"id\":\"first\",\"text\":\"a\"}\n{\"id\":\"second\",\"text\":\"b\"}\n",
        );
        assert_eq!(load_text(&jsonl).unwrap().id, "first");
        let bad = write(d, "bad.jsonl", b"[]\n");
        assert!(load_text(&bad)
            .unwrap_err()
            .to_string()
            .contains("bad.jsonl:1: expected a JSON object"));
        let html = write(d, "p.htm", b"<p>&amp;</p>");
        assert_eq!(load_text(&html).unwrap().text, "&");
        assert!(load_text(d)
            .unwrap_err()
            .to_string()
            .contains("is a folder"));
        assert!(matches!(
            load_text(&d.join("none.md")),
            Err(Error::Io { .. })
        ));
        assert!(read_file(&jsonl).is_err());
        assert_eq!(read_file(&html).unwrap().id, "p.htm");
    }

    #[test]
    fn inputs_can_move_to_another_thread() {
        fn assert_send<T: Send>() {}
        assert_send::<Inputs>();
        assert_send::<Document>();
    }

    #[test]
    fn formats_by_extension() {
        let cases = [
            ("a.txt", Some(Format::Text)),
            ("a.md", Some(Format::Markdown)),
            ("A.MARKDOWN", Some(Format::Markdown)),
            ("a.html", Some(Format::Html)),
            ("dir/a.htm", Some(Format::Html)),
            ("a.jsonl", Some(Format::Jsonl)),
            ("a.ndjson", Some(Format::Jsonl)),
            ("a.png", None),
            ("README", None),
        ];
        for (path, want) in cases {
            assert_eq!(Format::from_path(Path::new(path)), want, "{path}");
        }
    }
}
