//! Reading inputs: files by extension, folders walked in sorted order, `-` for JSONL on
//! standard input; [`Inputs`] yields documents, [`RawInputs`] yields the raw items that are
//! parsed in parallel ([`IntoDocument`]).

use super::*;

/// How many leading bytes are checked for NUL to recognise a binary file.
pub(super) const BINARY_PROBE: usize = 8 * 1024;

/// Reads one text, Markdown or HTML file (format by extension, unknown extensions as text)
/// into a [`Document`] whose id is the file name.
///
/// Fails on I/O errors, binary files (a NUL byte in the first 8 KiB), UTF-16, invalid UTF-8
/// (the message gives the byte offset), empty documents, and JSONL files, which hold many
/// documents (read them with [`Inputs`] or [`load_text`]).
pub fn read_file(path: &Path) -> Result<Document> {
    let format = InputFormat::from_path(path).unwrap_or(InputFormat::Text);
    if format == InputFormat::Jsonl {
        return Err(Error::document(
            path,
            None,
            "a JSONL file holds many documents; read it with Inputs",
        ));
    }
    let bytes = crate::stats::time(crate::stats::Stage::Read, 0, || fs::read(path))
        .map_err(|e| Error::io(path, e))?;
    crate::stats::add_bytes(crate::stats::Stage::Read, bytes.len() as u64);
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
    pub(super) kind: RawKind,
}

#[derive(Debug)]
pub(super) enum RawKind {
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
    fn open(&mut self, path: PathBuf, format: InputFormat, size: u64) -> Option<RawInput> {
        if format != InputFormat::Jsonl {
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
                        let Some(format) = InputFormat::from_path(entry.path()) else {
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
                    let format = InputFormat::from_path(&path).unwrap_or(InputFormat::Text);
                    if let Some(item) = self.open(path, format, meta.len()) {
                        return Some(item);
                    }
                }
            }
        }
    }
}

/// A folder-walking error as a library error naming the path.
pub(super) fn walk_error(e: walkdir::Error) -> Error {
    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
    match e.io_error() {
        Some(io) => Error::io(path, io::Error::new(io.kind(), io.to_string())),
        None => Error::document(path, None, e.to_string()),
    }
}

/// Why bytes are not UTF-8 text, judging by their start: UTF-16, or binary.
pub(super) fn sniff(bytes: &[u8]) -> Option<String> {
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
pub(super) fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
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
pub(super) fn file_name(path: &Path) -> String {
    match path.file_name() {
        Some(name) => name.to_string_lossy().into_owned(),
        None => path.display().to_string(),
    }
}
