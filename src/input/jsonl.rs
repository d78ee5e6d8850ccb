//! JSONL input: one document per line (`{"id", "text", "title"?, "date"?}`), streamed line by
//! line with every bad line reported by file and line.

use super::*;

/// Parses line `line_no` (1-based) of the JSONL file `path`. A blank line gives `Ok(None)`.
///
/// The line must be a JSON object with a string `text`; `id` (string or number), `title`
/// and `date` are optional, other fields are ignored, and a `date` that is no date is
/// ignored. The text is read as [`InputFormat::Text`]. The error names `path` and `line_no`.
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
        let doc = build(&id, &fast.text, InputFormat::Text, title, date);
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
    let doc = build(&id, &text, InputFormat::Text, title, date);
    if doc.text.is_empty() {
        return Err(err("empty document".into()));
    }
    Ok(Some(doc))
}

/// The fields of a JSONL line that [`parse_jsonl_line`] reads, for its fast path: `text`
/// borrowed from the line when it has no escapes, other fields ignored.
#[derive(serde::Deserialize)]
pub(super) struct FastLine<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<serde_json::Value>,
    #[serde(default)]
    date: Option<serde_json::Value>,
}

/// A JSONL file or standard input, read one line at a time.
pub(super) struct JsonlStream {
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
    pub(super) fn new(path: PathBuf, reader: Box<dyn BufRead + Send>, is_file: bool) -> Self {
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
    pub(super) fn next_item(&mut self) -> Option<RawInput> {
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

/// A short name of a JSON value's type, for messages.
pub(super) fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
