//! The library's error type: every error names the file and, where it has one, the line.

use std::path::PathBuf;

/// Where in the input an error happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file (`-` for standard input).
    pub path: PathBuf,
    /// 1-based line, for line-oriented inputs (JSONL, dictionaries).
    pub line: Option<usize>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in dealgraph.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A document could not be read as text (invalid UTF-8, binary, empty, bad JSONL line).
    #[error("{location}: {message}")]
    Document {
        /// File and line.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// A dictionary or lexicon line is broken.
    #[error("{location}: {message}")]
    Dictionary {
        /// File and line.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// A graph file (graph.json) could not be read back.
    #[error("{path}: {message}")]
    Graph {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A query names something the graph does not have, or is malformed.
    #[error("{0}")]
    Query(String),
    /// Invalid settings (unknown format, bad option value).
    #[error("{0}")]
    Config(String),
    /// An external tool (Graphviz) is missing or failed.
    #[error("{0}")]
    Tool(String),
    /// Processing one document failed unexpectedly (a panic, caught so that the run goes
    /// on without that document): a bug, to report with the document.
    #[error(
        "{doc}: failed during {stage}: {message} (a bug: please report it with this document)"
    )]
    Failed {
        /// The document id, or `input N` (1-based, in input order) before it is parsed.
        doc: String,
        /// The stage that failed: `parsing` or `analysis`.
        stage: &'static str,
        /// The panic message, and where it was raised when known.
        message: String,
    },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A document error at `path` (and `line`).
    pub fn document(
        path: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Error::Document {
            location: Location {
                path: path.into(),
                line,
            },
            message: message.into(),
        }
    }

    /// A dictionary error at `path:line`.
    pub fn dictionary(
        path: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Error::Dictionary {
            location: Location {
                path: path.into(),
                line,
            },
            message: message.into(),
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
