//! The per-document ledger, `documents.jsonl`: what each document contributed to a graph
//! (its id, content hash and facts), so that a graph can be updated with new documents and
//! graphs built from disjoint shards can be merged, without the articles.
//!
//! Line 1 is a [`LedgerHeader`]: the format version, a fingerprint of the configuration that
//! made the facts (program version, dictionary and lexicon files) and the co-mention sample
//! size. Every other line is one document, sorted by (id, hash), in a compact form of its
//! [`DocumentFacts`]: each sentence the facts point into is written once, co-mentions keep
//! their count and the sentences the graph could keep (at most the sample size).
//!
//! Because the graph is a function of the set of documents ([`crate::graph`]), folding the
//! lines of a ledger into an empty graph gives the graph a build of those documents gives, and
//! a ledger is a function of that set too. [`merge`] streams a k-way merge of sorted ledgers
//! (memory: the graph and one line per input), so `merge(build(A), build(B))` writes the
//! bytes `build(A ∪ B)` writes.

use crate::dictionary::{Dictionary, EntityKind};
use crate::error::{Error, Result};
use crate::graph::{DocumentFacts, Evidence, GraphOptions, KnowledgeGraph};
use crate::input::Document;
use crate::model::Attributes;
use crate::relation::{OpenEntity, Relation, RelationKind, Status};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The ledger's file name in an output folder.
pub const LEDGER_FILE: &str = "documents.jsonl";

/// The ledger format version this program reads and writes.
pub const LEDGER_VERSION: u32 = 1;

/// The first line of a ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerHeader {
    /// Format version ([`LEDGER_VERSION`]).
    pub dealgraph_ledger: u32,
    /// Fingerprint of the configuration that extracted the facts ([`config_fingerprint`]):
    /// ledgers merge, and a ledger takes new documents, only under the same configuration.
    pub config: String,
    /// [`GraphOptions::max_comention_evidence`] of the build.
    pub comention_sample: usize,
}

impl LedgerHeader {
    /// The header of a ledger made under `config` with `options`.
    pub fn new(config: String, options: &GraphOptions) -> Self {
        LedgerHeader {
            dealgraph_ledger: LEDGER_VERSION,
            config,
            comention_sample: options.max_comention_evidence,
        }
    }

    /// The graph options the ledger was built with.
    pub fn graph_options(&self) -> GraphOptions {
        GraphOptions {
            max_comention_evidence: self.comention_sample,
        }
    }
}

/// The first 32 hex digits of the SHA-256 of `parts`, each length-prefixed.
fn digest<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A document's content hash: of everything its facts depend on besides the id (the
/// normalised text and the document's date). Two inputs with one id and one hash are the same
/// document.
pub fn content_hash(doc: &Document) -> String {
    let date = doc.date.map(|d| d.to_string()).unwrap_or_default();
    digest([doc.text.as_bytes(), date.as_bytes()])
}

/// A 128-bit key of a document's id and content hash (the first 16 bytes of their SHA-256): a
/// run remembers the documents it read by this key, not by their ids, so that its memory
/// grows by 16 bytes per document.
pub fn document_key(id: &str, hash: &str) -> u128 {
    let mut h = Sha256::new();
    h.update((id.len() as u64).to_le_bytes());
    h.update(id.as_bytes());
    h.update(hash.as_bytes());
    let d = h.finalize();
    u128::from_le_bytes(d[..16].try_into().expect("16 bytes"))
}

/// The fingerprint of a configuration: this program's version and the contents of the user
/// dictionary and lexicon files, in order (`parts`).
pub fn config_fingerprint(parts: &[Vec<u8>]) -> String {
    let version = concat!("dealgraph ", env!("CARGO_PKG_VERSION"));
    digest(std::iter::once(version.as_bytes()).chain(parts.iter().map(|p| p.as_slice())))
}

/// [`config_fingerprint`] of the files given with `--dict` and `--lexicon`.
pub fn config_of_files(dicts: &[PathBuf], lexicons: &[PathBuf]) -> Result<String> {
    let mut parts = Vec::new();
    for (tag, files) in [("dict", dicts), ("lexicon", lexicons)] {
        for f in files {
            parts.push(tag.as_bytes().to_vec());
            parts.push(std::fs::read(f).map_err(|e| Error::io(f, e))?);
        }
    }
    Ok(config_fingerprint(&parts))
}

/// A statement in the ledger: a piece of [`Evidence`] without its document and sentence text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Said {
    span: [usize; 2],
    rule: String,
    source_surface: String,
    target_surface: String,
    #[serde(flatten)]
    attrs: Attributes,
}

/// A relation in the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Stated {
    source: String,
    source_kind: EntityKind,
    relation: RelationKind,
    target: String,
    target_kind: EntityKind,
    status: Status,
    #[serde(flatten)]
    said: Said,
}

/// One ledger line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    id: String,
    hash: String,
    mentions: Vec<(String, u64)>,
    open: Vec<(String, EntityKind, u64)>,
    /// `[start, end, text]` of every sentence the facts point into, by span.
    sentences: Vec<(usize, usize, String)>,
    /// `[a, b, sentences naming both, the sample the graph can keep]`.
    comentions: Vec<(String, String, u64, Vec<Said>)>,
    relations: Vec<Stated>,
}

impl Entry {
    fn of(facts: &DocumentFacts) -> Entry {
        let mut sentences: BTreeMap<(usize, usize), &str> = BTreeMap::new();
        let said = |ev: &Evidence| Said {
            span: ev.span,
            rule: ev.rule.clone(),
            source_surface: ev.source_surface.clone(),
            target_surface: ev.target_surface.clone(),
            attrs: ev.attrs.clone(),
        };
        let mut comentions = Vec::with_capacity(facts.comentions.len());
        for ((a, b), evidence) in &facts.comentions {
            let sample: Vec<Said> = evidence
                .iter()
                .filter(|ev| !ev.doc.is_empty())
                .map(|ev| {
                    sentences.insert((ev.span[0], ev.span[1]), &ev.sentence);
                    said(ev)
                })
                .collect();
            comentions.push((a.clone(), b.clone(), evidence.len() as u64, sample));
        }
        let relations = facts
            .relations
            .iter()
            .map(|r| {
                sentences.insert((r.span.start, r.span.end), &r.sentence);
                Stated {
                    source: r.source.clone(),
                    source_kind: r.source_kind,
                    relation: r.relation,
                    target: r.target.clone(),
                    target_kind: r.target_kind,
                    status: r.status,
                    said: Said {
                        span: [r.span.start, r.span.end],
                        rule: r.rule.clone(),
                        source_surface: r.source_surface.clone(),
                        target_surface: r.target_surface.clone(),
                        attrs: r.attrs.clone(),
                    },
                }
            })
            .collect();
        Entry {
            id: facts.doc.clone(),
            hash: facts.hash.clone(),
            mentions: facts.mentions.clone(),
            open: facts
                .open
                .iter()
                .map(|o| (o.name.clone(), o.kind, o.mentions))
                .collect(),
            sentences: sentences
                .into_iter()
                .map(|((s, e), t)| (s, e, t.to_string()))
                .collect(),
            comentions,
            relations,
        }
    }

    fn into_facts(self) -> std::result::Result<DocumentFacts, String> {
        let sentences = self.sentences;
        let text = |span: [usize; 2]| -> std::result::Result<String, String> {
            sentences
                .binary_search_by(|(s, e, _)| (*s, *e).cmp(&(span[0], span[1])))
                .map(|i| sentences[i].2.clone())
                .map_err(|_| format!("span {span:?} is not among the document's sentences"))
        };
        let id = self.id;
        let mut comentions = Vec::with_capacity(self.comentions.len());
        for (a, b, count, sample) in self.comentions {
            if (sample.len() as u64) > count {
                return Err(format!("co-mention {a}–{b}: more sentences than its count"));
            }
            let mut evidence = Vec::with_capacity(count as usize);
            for s in sample {
                evidence.push(Evidence {
                    doc: id.clone(),
                    sentence: text(s.span)?,
                    span: s.span,
                    rule: s.rule,
                    source_surface: s.source_surface,
                    target_surface: s.target_surface,
                    attrs: s.attrs,
                });
            }
            evidence.resize_with(count as usize, Evidence::counted_only);
            comentions.push(((a, b), evidence));
        }
        let mut relations = Vec::with_capacity(self.relations.len());
        for r in self.relations {
            relations.push(Relation {
                doc: id.clone(),
                sentence: text(r.said.span)?,
                span: r.said.span[0]..r.said.span[1],
                source: r.source,
                source_kind: r.source_kind,
                relation: r.relation,
                target: r.target,
                target_kind: r.target_kind,
                status: r.status,
                attrs: r.said.attrs,
                source_surface: r.said.source_surface,
                target_surface: r.said.target_surface,
                rule: r.said.rule,
            });
        }
        Ok(DocumentFacts {
            doc: id,
            hash: self.hash,
            mentions: self.mentions,
            comentions,
            relations,
            open: self
                .open
                .into_iter()
                .map(|(name, kind, mentions)| OpenEntity {
                    name,
                    kind,
                    mentions,
                })
                .collect(),
        })
    }
}

/// The ledger line of one document's facts (JSON, no newline).
pub fn entry_line(facts: &DocumentFacts) -> Vec<u8> {
    serde_json::to_vec(&Entry::of(facts)).expect("ledger entry serialises")
}

/// The facts of a ledger line.
pub fn parse_entry(line: &str) -> std::result::Result<DocumentFacts, String> {
    let entry: Entry = serde_json::from_str(line).map_err(|e| e.to_string())?;
    entry.into_facts()
}

/// The ledger of a run, collected in input order and written sorted: each line goes to an
/// unnamed temporary file as it comes, and only its key and place stay in memory.
#[derive(Debug)]
pub struct LedgerBuilder {
    spill: std::io::BufWriter<File>,
    at: u64,
    index: Vec<(String, String, u64, usize)>,
}

impl LedgerBuilder {
    /// An empty ledger (its temporary file is in the system's temporary folder).
    pub fn new() -> Result<Self> {
        let file = tempfile::tempfile().map_err(|e| Error::io(std::env::temp_dir(), e))?;
        Ok(LedgerBuilder {
            spill: std::io::BufWriter::new(file),
            at: 0,
            index: Vec::new(),
        })
    }

    /// Adds one document.
    pub fn push(&mut self, facts: &DocumentFacts) -> Result<()> {
        let line = entry_line(facts);
        self.spill
            .write_all(&line)
            .map_err(|e| Error::io(std::env::temp_dir(), e))?;
        self.index
            .push((facts.doc.clone(), facts.hash.clone(), self.at, line.len()));
        self.at += line.len() as u64;
        Ok(())
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when no document was added.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The ids of the documents.
    pub fn ids(&self) -> HashSet<String> {
        self.index.iter().map(|(id, ..)| id.clone()).collect()
    }

    /// Writes the ledger: `header`, then the lines sorted by (id, hash).
    pub fn write_to(&mut self, header: &LedgerHeader, out: &mut dyn Write) -> std::io::Result<()> {
        self.spill.flush()?;
        self.index.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        serde_json::to_writer(&mut *out, header)?;
        out.write_all(b"\n")?;
        let mut file = self.spill.get_ref();
        let mut buf = Vec::new();
        for (_, _, at, len) in &self.index {
            buf.resize(*len, 0);
            file.seek(SeekFrom::Start(*at))?;
            file.read_exact(&mut buf)?;
            out.write_all(&buf)?;
            out.write_all(b"\n")?;
        }
        file.seek(SeekFrom::End(0))?;
        Ok(())
    }
}

/// One ledger being read line by line.
struct Reader {
    path: PathBuf,
    lines: std::io::Lines<BufReader<File>>,
    line: usize,
    /// Documents with these ids are left out (update: they are replaced).
    skip: Option<HashSet<String>>,
    /// The next line: (id, hash, line number, text).
    head: Option<(String, String, usize, String)>,
}

/// The id and hash of a ledger line.
#[derive(Deserialize)]
struct Key {
    id: String,
    hash: String,
}

impl Reader {
    fn error(&self, line: usize, message: impl std::fmt::Display) -> Error {
        Error::Graph {
            path: self.path.clone(),
            message: format!("line {line}: {message}"),
        }
    }

    fn open(path: &Path, skip: Option<HashSet<String>>) -> Result<(Reader, LedgerHeader)> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut r = Reader {
            path: path.to_path_buf(),
            lines: BufReader::new(file).lines(),
            line: 0,
            skip,
            head: None,
        };
        let first = r.lines.next().transpose().map_err(|e| Error::io(path, e))?;
        r.line = 1;
        let header: LedgerHeader = first
            .as_deref()
            .and_then(|l| serde_json::from_str(l).ok())
            .ok_or_else(|| {
                r.error(
                    1,
                    "not a dealgraph ledger (documents.jsonl written by build)",
                )
            })?;
        if header.dealgraph_ledger != LEDGER_VERSION {
            return Err(r.error(
                1,
                format!(
                    "ledger version {} (this program reads version {LEDGER_VERSION}): rebuild it",
                    header.dealgraph_ledger
                ),
            ));
        }
        r.advance()?;
        Ok((r, header))
    }

    /// Moves to the next line that is not skipped, checking the order.
    fn advance(&mut self) -> Result<()> {
        loop {
            let Some(line) = self.lines.next() else {
                self.head = None;
                return Ok(());
            };
            let line = line.map_err(|e| Error::io(&self.path, e))?;
            self.line += 1;
            let key: Key = serde_json::from_str(&line)
                .map_err(|e| self.error(self.line, format!("not a ledger line: {e}")))?;
            if let Some((id, hash, _, _)) = &self.head {
                if (id, hash) >= (&key.id, &key.hash) {
                    return Err(self.error(
                        self.line,
                        "lines out of order (a ledger is sorted by id and hash; was it edited?)",
                    ));
                }
            }
            let skipped = self.skip.as_ref().is_some_and(|s| s.contains(&key.id));
            self.head = Some((key.id, key.hash, self.line, line));
            if !skipped {
                return Ok(());
            }
        }
    }
}

/// What an update does to the documents of a ledger: documents new to it, documents it
/// already holds with the same content (read again, counted once) and documents whose id it
/// holds with other content (replaced).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateCounts {
    /// Ids the ledger does not hold.
    pub added: usize,
    /// Same id and content hash as a document of the ledger.
    pub unchanged: usize,
    /// An id of the ledger with another content hash.
    pub replaced: usize,
}

/// Compares the documents of `new` with the ledger at `old` (one streaming pass over it).
pub fn compare(old: &Path, new: &LedgerBuilder) -> Result<UpdateCounts> {
    let mut incoming: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, hash, ..) in &new.index {
        incoming.entry(id).or_default().push(hash);
    }
    let mut counts = UpdateCounts::default();
    let mut known: HashSet<String> = HashSet::new();
    let (mut r, _) = Reader::open(old, None)?;
    while let Some((id, hash, ..)) = &r.head {
        if let Some(hashes) = incoming.get(id.as_str()) {
            if known.insert(id.clone()) {
                if hashes.contains(&hash.as_str()) {
                    counts.unchanged += 1;
                } else {
                    counts.replaced += 1;
                }
            }
        }
        r.advance()?;
    }
    counts.added = incoming.len() - known.len();
    Ok(counts)
}

/// The header of the ledger at `path`.
pub fn read_header(path: &Path) -> Result<LedgerHeader> {
    Reader::open(path, None).map(|(_, h)| h)
}

/// One input of [`merge`].
#[derive(Debug, Clone)]
pub struct MergeInput {
    /// A `documents.jsonl`.
    pub path: PathBuf,
    /// Documents with these ids are left out of it (for an update, the replaced ones).
    pub skip: Option<HashSet<String>>,
}

/// Merges sorted ledgers: writes the union of their documents (each (id, hash) once) to
/// `out` as a ledger, and returns its header and the graph of those documents. The inputs
/// must share one header; an id with different hashes in two inputs is an error. Memory: the
/// graph and one line per input.
pub fn merge(
    inputs: &[MergeInput],
    dict: &Dictionary,
    out: &mut dyn Write,
) -> Result<(LedgerHeader, KnowledgeGraph)> {
    let mut readers = Vec::with_capacity(inputs.len());
    let mut header: Option<LedgerHeader> = None;
    for input in inputs {
        let (r, h) = Reader::open(&input.path, input.skip.clone())?;
        match &header {
            Some(first) if *first != h => {
                return Err(r.error(
                    1,
                    format!(
                        "built with another configuration than {} (dictionary, lexicon, \
                         program version or co-mention sample differ): ledgers merge only \
                         when built alike",
                        inputs[0].path.display()
                    ),
                ))
            }
            Some(_) => {}
            None => header = Some(h),
        }
        readers.push(r);
    }
    let header = header.ok_or_else(|| Error::Graph {
        path: PathBuf::from(LEDGER_FILE),
        message: "nothing to merge".into(),
    })?;
    let io = |e: std::io::Error| Error::io(Path::new(LEDGER_FILE), e);
    serde_json::to_writer(&mut *out, &header)
        .map_err(std::io::Error::from)
        .map_err(io)?;
    out.write_all(b"\n").map_err(io)?;
    let mut graph = header.graph_options().build();
    while let Some(min) = readers
        .iter()
        .filter_map(|r| r.head.as_ref().map(|(id, hash, ..)| (id, hash)))
        .min()
        .map(|(id, hash)| (id.clone(), hash.clone()))
    {
        let min_at = readers
            .iter()
            .find_map(|r| {
                r.head
                    .as_ref()
                    .filter(|(i, h, ..)| *i == min.0 && *h == min.1)
                    .map(|(.., n, _)| format!("{}:{n}", r.path.display()))
            })
            .unwrap_or_default();
        let mut done = false;
        for r in &mut readers {
            let Some((id, hash, n, text)) = &r.head else {
                continue;
            };
            if *id != min.0 {
                continue;
            }
            let n = *n;
            if *hash != min.1 {
                return Err(r.error(
                    n,
                    format!(
                        "document {:?} differs from the one of the same id at {min_at} \
                         (different content hash): shards to merge must not share a \
                         document id with different content",
                        min.0
                    ),
                ));
            }
            if !done {
                let facts = parse_entry(text).map_err(|m| r.error(n, m))?;
                if facts.doc != min.0 || facts.hash != min.1 {
                    return Err(r.error(n, "id or hash given twice"));
                }
                out.write_all(text.as_bytes()).map_err(io)?;
                out.write_all(b"\n").map_err(io)?;
                graph.add_document(dict, facts);
                done = true;
            }
            r.advance()?;
        }
    }
    Ok((header, graph))
}

/// Updates the build whose ledger is `old` with the documents of `new` (a run's ledger,
/// made under `header`): a document of `new` replaces every document of `old` with its id
/// (the same content hash: the same document, counted once). Writes the updated ledger to
/// `out` and returns the graph of all its documents, the graph a build of all of them gives.
pub fn update(
    old: &Path,
    new: &mut LedgerBuilder,
    header: &LedgerHeader,
    dict: &Dictionary,
    out: &mut dyn Write,
) -> Result<(LedgerHeader, KnowledgeGraph)> {
    if read_header(old)? != *header {
        return Err(Error::Graph {
            path: old.to_path_buf(),
            message: "built with another configuration (dictionary or lexicon files, program \
                      version or co-mention sample): update with the --dict and --lexicon \
                      files of the build, or rebuild"
                .into(),
        });
    }
    let tmp = tempfile::NamedTempFile::new().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file());
        new.write_to(header, &mut w)
            .and_then(|()| w.flush())
            .map_err(|e| Error::io(tmp.path(), e))?;
    }
    merge(
        &[
            MergeInput {
                path: old.to_path_buf(),
                skip: Some(new.ids()),
            },
            MergeInput {
                path: tmp.path().to_path_buf(),
                skip: None,
            },
        ],
        dict,
        out,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse_document, InputFormat};
    use crate::pipeline::Pipeline;

    #[test]
    fn an_entry_gives_back_the_facts_it_was_made_of() {
        let pipeline = Pipeline::bundled().unwrap();
        let doc = parse_document(
            "a.txt",
            "2016年，腾讯领投小红书1亿美元D轮融资，阿里巴巴跟投。腾讯和阿里巴巴、百度、京东都在谈。\
             腾讯和阿里巴巴、百度又说。腾讯和阿里巴巴再说。腾讯和阿里巴巴还说。",
            InputFormat::Text,
        );
        let facts = pipeline.facts_capped(&doc, 2);
        assert!(!facts.relations.is_empty());
        assert!(facts.comentions.iter().any(|(_, e)| e.len() > 2));
        let line = String::from_utf8(entry_line(&facts)).unwrap();
        assert_eq!(parse_entry(&line).unwrap(), facts);
    }
}

#[cfg(test)]
mod spill_tests {
    use super::*;

    #[test]
    fn a_builder_writes_every_document_sorted() {
        let mut b = LedgerBuilder::new().unwrap();
        let n = 1000usize;
        for k in 0..n {
            let i = (k * 7 + 3) % n;
            b.push(&DocumentFacts {
                doc: format!("doc{i:04}"),
                hash: format!("h{i}"),
                ..DocumentFacts::default()
            })
            .unwrap();
        }
        let mut out = Vec::new();
        b.write_to(
            &LedgerHeader::new("c".into(), &GraphOptions::default()),
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), n + 1);
    }
}

#[cfg(test)]
mod error_tests {
    use super::*;

    /// A ledger of documents `ids` (empty facts) with the header of `config`.
    fn ledger(config: &str, ids: &[&str]) -> String {
        let mut out = format!(
            "{}\n",
            serde_json::to_string(&LedgerHeader::new(config.into(), &GraphOptions::default()))
                .unwrap()
        );
        for id in ids {
            let facts = DocumentFacts {
                doc: id.to_string(),
                hash: "h".into(),
                ..DocumentFacts::default()
            };
            out.push_str(&String::from_utf8(entry_line(&facts)).unwrap());
            out.push('\n');
        }
        out
    }

    /// The error of merging the ledgers `texts`.
    fn merge_error(texts: &[String]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let inputs: Vec<MergeInput> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let path = dir.path().join(format!("l{i}.jsonl"));
                std::fs::write(&path, t).unwrap();
                MergeInput { path, skip: None }
            })
            .collect();
        let dict = Dictionary::bundled().unwrap();
        let err = merge(&inputs, &dict, &mut Vec::new()).unwrap_err();
        err.to_string()
            .replace(&dir.path().display().to_string(), "DIR")
    }

    #[test]
    fn bad_ledgers_are_errors_naming_file_and_line() {
        assert_eq!(
            merge_error(&[ledger("c", &["b", "a"])]),
            "DIR/l0.jsonl: line 3: lines out of order (a ledger is sorted by id and hash; \
             was it edited?)"
        );
        assert_eq!(
            merge_error(&[ledger("c", &["a"]), ledger("d", &["b"])]),
            "DIR/l1.jsonl: line 1: built with another configuration than DIR/l0.jsonl \
             (dictionary, lexicon, program version or co-mention sample differ): ledgers \
             merge only when built alike"
        );
        assert_eq!(
            merge_error(&[format!("{}{{\"id\":\"x\"}}\n", ledger("c", &[]))]),
            "DIR/l0.jsonl: line 2: not a ledger line: missing field `hash` at line 1 column 10"
        );
        assert_eq!(
            merge_error(&["{\"nodes\":[]}\n".to_string()]),
            "DIR/l0.jsonl: line 1: not a dealgraph ledger (documents.jsonl written by build)"
        );
    }
}
