//! Every output format behind one entry point: [`Format`] names a format, [`write`] writes
//! it into a folder atomically (temporary file in the same folder, then rename).

mod dot;
mod json;

pub use dot::{dot_escape, to_dot};

use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;
use crate::relation::RelationLine;
use crate::relation::Status;
use std::io::Write;
use std::path::{Path, PathBuf};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
#[non_exhaustive]
pub enum Format {
    /// `graph.json`: node-link JSON (networkx `node_link_graph`).
    Json,
    /// `graph.dot`: Graphviz DOT.
    Dot,
    /// `relations.jsonl`: one extracted relation per line, in the gold format.
    Relations,
    /// `graph.svg`: DOT rendered by Graphviz `dot`.
    Svg,
    /// `graph.png`: DOT rendered by Graphviz `dot`.
    Png,
}

impl Format {
    /// The file a format writes into the output folder.
    pub const fn file_name(self) -> &'static str {
        match self {
            Format::Json => "graph.json",
            Format::Dot => "graph.dot",
            Format::Relations => "relations.jsonl",
            Format::Svg => "graph.svg",
            Format::Png => "graph.png",
        }
    }

    /// The format's name on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
            Format::Relations => "relations",
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

/// What goes into the exports.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Co-mention edges below this weight are left out (deal edges are always kept).
    pub min_weight: u64,
    /// Keep denied, speculative, planned and hypothetical edges in the DOT drawing.
    pub all_statuses: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            min_weight: 1,
            all_statuses: false,
        }
    }
}

impl ExportOptions {
    /// Should this edge be drawn?
    pub(crate) fn draws(&self, e: &crate::graph::Edge) -> bool {
        if e.relation == crate::relation::RelationKind::CoMention && e.weight < self.min_weight {
            return false;
        }
        self.all_statuses || e.status == Status::Asserted
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// failed or interrupted run never leaves a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".dealgraph-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    #[cfg(unix)]
    {
        // tempfile creates 0600; outputs are ordinary files (0644, or the old file's mode).
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode))
            .map_err(|e| Error::io(path, e))?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// The bytes of one format (for the rendered formats: the rendered image, which needs Graphviz).
pub fn render(
    graph: &KnowledgeGraph,
    relations: Option<&[RelationLine]>,
    format: Format,
    options: &ExportOptions,
) -> Result<Vec<u8>> {
    match format {
        Format::Json => Ok(graph.to_json()),
        Format::Dot => Ok(to_dot(graph, options).into_bytes()),
        Format::Relations => Ok(json::relations_jsonl(graph, relations)),
        Format::Svg | Format::Png => dot::render_image(&to_dot(graph, options), format),
    }
}

/// Writes every format in `formats` into `dir`; returns the files written. Nothing is
/// written when any format fails to render.
pub fn write(
    graph: &KnowledgeGraph,
    relations: Option<&[RelationLine]>,
    formats: &[Format],
    options: &ExportOptions,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let mut rendered = Vec::new();
    for &f in formats {
        rendered.push((
            dir.join(f.file_name()),
            render(graph, relations, f, options)?,
        ));
    }
    for (path, bytes) in &rendered {
        write_atomic(path, bytes)?;
    }
    Ok(rendered.into_iter().map(|(p, _)| p).collect())
}
