//! Every output format behind one entry point: [`Format`] names a format, [`render`] turns the
//! graph into its files and [`write()`] writes them into a folder all or nothing (every file to a
//! temporary file in its folder first, then all renamed; nothing changes if any of that fails).
//! [`Staging`] does the same for a caller that adds files of its own (the ledger): each file is
//! streamed into its temporary file (`graph.json` and `relations.jsonl` without a copy in memory).
//!
//! One module per format: `relations` (relations.jsonl), `dot` (DOT, SVG, PNG), `graphml`,
//! `neo4j`, `cypher`, `kuzu` and `graph_jsonl` (graph.jsonl); `table` holds the flat view the tabular formats share, so
//! that every format carries the same content (see docs/databases.md).

mod cypher;
mod dot;
mod drawing;
mod graph_jsonl;
mod graphml;
mod html;
mod kuzu;
mod neo4j;
mod relations;
mod table;

pub use cypher::cypher_string;
pub use dot::{cjk_font_warning, dot_escape, to_dot, DOT_ENGINE_LIMIT};
pub use drawing::{select, Drawing, RankBy, Selection, AUTO_TOP, AUTO_TOP_ABOVE};
pub use html::{script_json, to_html, HTML_AUTO_TOP};
pub use neo4j::IMPORT_COMMAND as NEO4J_IMPORT_COMMAND;

use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;
use crate::interrupt::Temporary;
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
    /// `graph.graphml`: GraphML with typed attributes (Gephi, yEd, networkx, igraph).
    #[value(name = "graphml")]
    GraphMl,
    /// `neo4j/`: `nodes.csv` and `relationships.csv` for `neo4j-admin database import`.
    Neo4j,
    /// `cypher/`: an idempotent `MERGE` script for Neo4j and Kùzu, with each one's schema.
    Cypher,
    /// `kuzu/`: Kùzu schema, CSVs and `COPY FROM` statements.
    Kuzu,
    /// `graph.jsonl`: one node or edge per line.
    Jsonl,
    /// `graph.html`: an interactive view (search, filters, evidence) that opens offline.
    Html,
    /// `deals.jsonl`: one deal record (parties, roles, amount, round, date, evidence) per line.
    Deals,
}

impl Format {
    /// The file a format writes into the output folder, or for the multi-file formats
    /// (`neo4j`, `cypher`, `kuzu`) the folder that holds its files.
    pub const fn file_name(self) -> &'static str {
        match self {
            Format::Json => "graph.json",
            Format::Dot => "graph.dot",
            Format::Relations => "relations.jsonl",
            Format::Svg => "graph.svg",
            Format::Png => "graph.png",
            Format::GraphMl => "graph.graphml",
            Format::Neo4j => "neo4j",
            Format::Cypher => "cypher",
            Format::Kuzu => "kuzu",
            Format::Jsonl => "graph.jsonl",
            Format::Html => "graph.html",
            Format::Deals => "deals.jsonl",
        }
    }

    /// Whether the format writes several files into a folder of its own.
    pub const fn is_folder(self) -> bool {
        matches!(self, Format::Neo4j | Format::Cypher | Format::Kuzu)
    }

    /// The format's name on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
            Format::Relations => "relations",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::GraphMl => "graphml",
            Format::Neo4j => "neo4j",
            Format::Cypher => "cypher",
            Format::Kuzu => "kuzu",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Deals => "deals",
        }
    }

    /// Every format, in declaration order.
    pub const ALL: &'static [Format] = &[
        Format::Json,
        Format::Dot,
        Format::Relations,
        Format::Svg,
        Format::Png,
        Format::GraphMl,
        Format::Neo4j,
        Format::Cypher,
        Format::Kuzu,
        Format::Jsonl,
        Format::Html,
        Format::Deals,
    ];
}

/// One file of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated (`graph.json`, `kuzu/nodes.csv`).
    pub path: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file at `path` (relative to the output folder) holding `bytes`.
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: path.into(),
            bytes,
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
    /// What the pictures (DOT, SVG, PNG, HTML) show; the other formats hold the whole graph.
    pub drawing: Drawing,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            min_weight: 1,
            all_statuses: false,
            drawing: Drawing::default(),
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
    commit(vec![stage(path, bytes)?])
}

/// The name prefix of this process's temporary files: `.dealgraph-<pid>-`, so that a later
/// run can tell the leftovers of a killed run from the files of a run still going.
fn temp_prefix() -> String {
    format!(".dealgraph-{}-", std::process::id())
}

/// Temporary files older than this whose writer cannot be identified are stale.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes, from `dir`, the `.dealgraph-*.tmp` and `.dealgraph-*.bak` files that a killed or
/// interrupted run left behind: those whose process is gone (Linux, by `/proc/<pid>`), or,
/// where that cannot be told, that are over an hour old. Best effort: errors are ignored.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let proc = Path::new("/proc/self").exists();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some(rest) = name.strip_prefix(".dealgraph-") else {
            continue;
        };
        if !(rest.ends_with(".tmp") || rest.ends_with(".bak")) {
            continue;
        }
        let pid = rest
            .split_once('-')
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        let stale = match pid {
            Some(pid) if pid == std::process::id() => false,
            Some(pid) if proc => !Path::new(&format!("/proc/{pid}")).exists(),
            _ => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_AFTER),
        };
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A rendered output written to a temporary file next to its target, not yet renamed.
struct Staged {
    /// The temporary file (deleted when dropped).
    tmp: Temporary,
    /// Where it goes.
    target: PathBuf,
}

/// The folder a file is written into (`.` for a bare file name), created if missing.
fn parent_dir(path: &Path) -> Result<&Path> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    Ok(dir)
}

/// Writes `bytes` into a synced temporary file in `path`'s folder, with the mode the output
/// will have. Fails, touching nothing, when `path` is a folder.
fn stage(path: &Path, bytes: &[u8]) -> Result<Staged> {
    stage_with(path, |w| w.write_all(bytes))
}

/// [`stage`] with the contents written by `fill` (through a buffer).
fn stage_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Staged> {
    if path.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "is a folder; the output file cannot replace it",
            ),
        ));
    }
    let dir = parent_dir(path)?;
    remove_stale_temporaries(dir);
    let (tmp, file) = temporary_in(dir, ".tmp", |p| {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(p)
    })
    .map_err(|e| Error::io(dir, e))?;
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, file);
    fill(&mut buffered).map_err(|e| Error::io(path, e))?;
    let file = buffered
        .into_inner()
        .map_err(|e| Error::io(path, e.into_error()))?;
    file.sync_all().map_err(|e| Error::io(path, e))?;
    drop(file);
    #[cfg(unix)]
    {
        // tempfile creates 0600; outputs are ordinary files (0644, or the old file's mode).
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode))
            .map_err(|e| Error::io(path, e))?;
    }
    Ok(Staged {
        tmp,
        target: path.to_path_buf(),
    })
}

/// Creates, with `create`, a file of this process with a fresh `.dealgraph-<pid>-*` name and
/// `suffix` in `dir`, registered for removal on interruption (see [`crate::interrupt`]).
fn temporary_in<R>(
    dir: &Path,
    suffix: &str,
    mut create: impl FnMut(&Path) -> std::io::Result<R>,
) -> std::io::Result<(Temporary, R)> {
    let named = tempfile::Builder::new()
        .prefix(&temp_prefix())
        .suffix(suffix)
        .make_in(dir, |p| Temporary::create(p, &mut create))?;
    let ((tmp, made), path) = named.into_parts();
    // From here the `Temporary` alone deletes the file.
    path.keep().map_err(|e| e.error)?;
    Ok((tmp, made))
}

/// A second name for the file at `path` (a hard link, or a copy where links are not
/// supported), in the same folder; `None` when there is no file. Deleted when dropped.
fn backup(path: &Path) -> Result<Option<Temporary>> {
    if !path.is_file() {
        return Ok(None);
    }
    let dir = parent_dir(path)?;
    let (link, ()) = temporary_in(dir, ".bak", |p| {
        std::fs::hard_link(path, p).or_else(|_| std::fs::copy(path, p).map(drop))
    })
    .map_err(|e| Error::io(path, e))?;
    Ok(Some(link))
}

/// Renames every staged file onto its target, in order. If a rename fails, the targets
/// already replaced get their previous contents back (or are removed if they had none), so
/// the outputs are either all new or all as before. An interruption (SIGINT, SIGTERM) waits
/// until this is over.
fn commit(staged: Vec<Staged>) -> Result<()> {
    let _uninterrupted = crate::interrupt::commit_guard();
    let mut done: Vec<(PathBuf, Option<Temporary>)> = Vec::new();
    let mut result = Ok(());
    for s in staged {
        let old = match backup(&s.target) {
            Ok(old) => old,
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        if let Err((_, e)) = s.tmp.persist(&s.target) {
            result = Err(Error::io(&s.target, e));
            break;
        }
        done.push((s.target, old));
    }
    if result.is_err() {
        for (target, old) in done.into_iter().rev() {
            // Best effort: the error that stopped the commit is the one reported.
            let _ = match old {
                Some(old) => old.persist(&target).map_err(|(_, e)| e),
                None => std::fs::remove_file(&target),
            };
        }
    }
    // The backups of a successful commit are dropped here, which deletes them.
    result
}

/// The files of one format (for the rendered formats: the rendered image, which needs Graphviz).
pub fn render(
    graph: &KnowledgeGraph,
    format: Format,
    options: &ExportOptions,
) -> Result<Vec<OutputFile>> {
    let single = |bytes: Vec<u8>| Ok(vec![OutputFile::new(format.file_name(), bytes)]);
    match format {
        Format::Json => single(graph.to_json()),
        Format::Dot => single(to_dot(graph, options)?.into_bytes()),
        Format::Relations => single(relations::relations_jsonl(graph)),
        Format::Svg | Format::Png => single(dot::render_image(&to_dot(graph, options)?, format)?),
        Format::GraphMl => single(graphml::to_graphml(graph)?),
        Format::Neo4j => Ok(neo4j::to_neo4j(graph)),
        Format::Cypher => Ok(cypher::to_cypher(graph)),
        Format::Kuzu => Ok(kuzu::to_kuzu(graph)),
        Format::Jsonl => single(graph_jsonl::to_jsonl(graph)),
        Format::Html => single(to_html(graph, options)?.into_bytes()),
        Format::Deals => single(crate::deals::deals_jsonl(&graph.deal_records())),
    }
}

/// The first output of `formats` in `dir` that would overwrite one of `inputs` (files or
/// folders; `-` is standard input and never clashes), if any, compared by canonical path:
/// the output is an input, an input lies inside an output folder (`neo4j/`, …), or the
/// output already exists inside an input folder and is a file that folder's walk reads
/// (`relations.jsonl` and `graph.jsonl` in a folder of articles).
pub fn output_overwriting_input(
    inputs: &[PathBuf],
    dir: &Path,
    formats: &[Format],
) -> Option<PathBuf> {
    let names: Vec<&str> = formats.iter().map(|f| f.file_name()).collect();
    file_overwriting_input(inputs, dir, &names)
}

/// [`output_overwriting_input`] for the files (or folders) `names` of `dir`.
pub fn file_overwriting_input(inputs: &[PathBuf], dir: &Path, names: &[&str]) -> Option<PathBuf> {
    let inputs: Vec<PathBuf> = inputs
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    names.iter().find_map(|name| {
        let target = dir.join(name);
        let canonical = target.canonicalize().ok()?;
        inputs
            .iter()
            .any(|i| {
                *i == canonical
                    || i.starts_with(&canonical)
                    || (i.is_dir()
                        && canonical.starts_with(i)
                        && crate::input::InputFormat::from_path(&canonical).is_some())
            })
            .then_some(target)
    })
}

/// Writes every format in `formats` into `dir`; returns the files written.
///
/// All or nothing: every format is written to temporary files in `dir`
/// (`.dealgraph-*.tmp`), then renamed onto the outputs. A render or write failure
/// leaves every previous output untouched and no temporary file behind; a failed rename puts
/// back the outputs already replaced. SIGINT or SIGTERM (with the handler of
/// [`crate::interrupt`] installed) removes the temporary files and waits for renames under
/// way; only a crash or `kill -9` during the final renames can leave some outputs new and
/// others old (each one whole).
pub fn write(
    graph: &KnowledgeGraph,
    formats: &[Format],
    options: &ExportOptions,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let mut staging = Staging::new(dir);
    for &f in formats {
        staging.format(graph, f, options)?;
    }
    staging.commit()
}

/// Outputs of one run being written into a folder, all or nothing: each file goes to a
/// temporary file beside its target as it is added, and [`Staging::commit`] renames them all
/// (see [`write()`]). Dropped without a commit, it removes its temporary files and the
/// folders it made for them.
pub struct Staging {
    dir: PathBuf,
    staged: Vec<Staged>,
    written: Vec<PathBuf>,
    /// Folders that did not exist before, outermost first.
    made: Vec<PathBuf>,
    committed: bool,
}

impl Staging {
    /// Nothing staged yet for `dir`.
    pub fn new(dir: &Path) -> Self {
        Staging {
            dir: dir.to_path_buf(),
            staged: Vec::new(),
            written: Vec::new(),
            made: Vec::new(),
            committed: false,
        }
    }

    /// Stages the file at `path` (relative to the folder) with the contents `fill` writes.
    pub fn file(
        &mut self,
        path: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let path = self.dir.join(path);
        let mut missing: Vec<PathBuf> = path
            .ancestors()
            .skip(1)
            .filter(|a| !a.as_os_str().is_empty())
            .take_while(|a| !a.exists())
            .map(Path::to_path_buf)
            .collect();
        missing.reverse();
        self.made.extend(missing);
        self.staged.push(stage_with(&path, fill)?);
        self.written.push(path);
        Ok(())
    }

    /// Stages the files of `format`: `graph.json` and `relations.jsonl` streamed from the
    /// graph, the others rendered ([`render`]) first.
    pub fn format(
        &mut self,
        graph: &KnowledgeGraph,
        format: Format,
        options: &ExportOptions,
    ) -> Result<()> {
        match format {
            Format::Json => self.file(format.file_name(), |w| graph.write_json(w)),
            Format::Relations => {
                self.file(format.file_name(), |w| relations::write_relations(graph, w))
            }
            _ => {
                for file in render(graph, format, options)? {
                    self.file(&file.path, |w| w.write_all(&file.bytes))?;
                }
                Ok(())
            }
        }
    }

    /// Renames every staged file onto its target; returns the paths written.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        self.committed = true;
        commit(std::mem::take(&mut self.staged))?;
        Ok(std::mem::take(&mut self.written))
    }
}

impl Drop for Staging {
    /// Without a commit: the temporary files go, then the folders made for them (when empty).
    fn drop(&mut self) {
        self.staged.clear();
        if !self.committed {
            for dir in self.made.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failed_rename_puts_back_the_outputs_already_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let [a, b, c] = ["a", "b", "c"].map(|n| dir.path().join(n));
        fs::write(&a, "old a").unwrap();
        let staged = vec![
            stage(&a, b"new a").unwrap(),
            stage(&b, b"new b").unwrap(),
            stage(&c, b"new c").unwrap(),
        ];
        // Appears after staging, so only the last rename fails.
        fs::create_dir(&c).unwrap();
        let err = commit(staged).unwrap_err();
        assert!(
            err.to_string().starts_with(&c.display().to_string()),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(
            names(dir.path()),
            ["a", "c"],
            "b removed, no temporary files"
        );
    }

    #[test]
    fn a_successful_commit_replaces_everything_and_leaves_no_backups() {
        let dir = tempfile::tempdir().unwrap();
        let [a, b] = ["a", "b"].map(|n| dir.path().join(n));
        fs::write(&a, "old a").unwrap();
        commit(vec![
            stage(&a, b"new a").unwrap(),
            stage(&b, b"new b").unwrap(),
        ])
        .unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(fs::read_to_string(&b).unwrap(), "new b");
        assert_eq!(names(dir.path()), ["a", "b"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&b).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644);
        }
    }

    /// The folder the child of [`an_interruption_removes_the_temporary_files`] writes into.
    #[cfg(unix)]
    const CHILD_DIR: &str = "DEALGRAPH_TEST_INTERRUPTED_CHILD";

    /// Interrupted between staging and renaming, a process removes its temporary file and its
    /// backup of the output, leaves the output as it was, and exits with 128 + the signal.
    /// The test runs itself again as a child that stages a file, says so, and waits.
    #[cfg(unix)]
    #[test]
    fn an_interruption_removes_the_temporary_files() {
        use std::io::BufRead;
        use std::process::{Command, Stdio};
        if let Some(dir) = std::env::var_os(CHILD_DIR) {
            crate::interrupt::remove_temporaries_on_signal().unwrap();
            let target = Path::new(&dir).join("graph.json");
            let _staged = stage(&target, b"new").unwrap();
            let _backup = backup(&target).unwrap();
            println!("staged");
            std::thread::sleep(std::time::Duration::from_secs(60));
            panic!("not interrupted");
        }
        for (signal, code) in [("TERM", 143), ("INT", 130)] {
            let dir = tempfile::tempdir().unwrap();
            fs::write(dir.path().join("graph.json"), "old").unwrap();
            let mut child = Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "export::tests::an_interruption_removes_the_temporary_files",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD_DIR, dir.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
            // After libtest's `test … ... ` on the same line.
            let ready = stdout
                .lines()
                .map_while(|l| l.ok())
                .any(|l| l.ends_with(" staged"));
            assert!(ready, "the child did not stage");
            let mut staged = names(dir.path());
            staged.retain(|n| n != "graph.json");
            let prefix = format!(".dealgraph-{}-", child.id());
            assert_eq!(staged.len(), 2, "{staged:?}");
            assert!(staged.iter().all(|n| n.starts_with(&prefix)), "{staged:?}");
            let sent = Command::new("sh")
                .args(["-c", &format!("kill -{signal} {}", child.id())])
                .status()
                .unwrap();
            assert!(sent.success());
            assert_eq!(child.wait().unwrap().code(), Some(code), "SIG{signal}");
            assert_eq!(names(dir.path()), ["graph.json"], "SIG{signal}");
            assert_eq!(
                fs::read_to_string(dir.path().join("graph.json")).unwrap(),
                "old"
            );
        }
    }

    #[test]
    fn staging_onto_a_folder_fails_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("graph.dot");
        fs::create_dir(&target).unwrap();
        let err = write_atomic(&target, b"x").unwrap_err();
        assert!(err
            .to_string()
            .ends_with("is a folder; the output file cannot replace it"));
        assert_eq!(names(dir.path()), ["graph.dot"]);
    }
}
