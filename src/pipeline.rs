//! The pipeline: documents in, graph out. Documents stream from a reader thread through a
//! bounded channel, batches are processed on all cores (rayon), and per-document results are
//! merged into the graph, which does not depend on their order (nor the output on the thread
//! count). A document read twice (same id and content hash) counts once.
//!
//! Each document is parsed and analysed in isolation: a panic there (a bug) is caught and the
//! document is skipped with [`Error::Failed`], naming the document, the stage and the panic
//! message, so one bad document never costs the run. [`quiet_caught_panics`] keeps the
//! default panic message of such a caught panic off stderr (the skip warning says it).

use crate::dictionary::{Dictionary, EntityId};
use crate::document::{Document, IntoDocument};
use crate::error::{Error, Result};
use crate::extract::{extract, Lexicon};
use crate::graph::{DocumentFacts, Evidence, GraphOptions, KnowledgeGraph};
use crate::ledger::LedgerBuilder;
use crate::matcher::{Engine, Matcher, Mention};
use crate::model::Attributes;
use crate::relation::{OpenEntity, Relation, RelationLine};
use crate::sentence::{split, Sentence};
use crate::stats::{self, Stage};
use rayon::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    /// True while this thread runs one document's work inside `catch_unwind`.
    static ISOLATED: Cell<bool> = const { Cell::new(false) };
    /// Where the last caught panic of this thread was raised (set by the quiet hook).
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once per process) a panic hook that keeps the panics caught by the per-document
/// isolation of [`Pipeline::run`] off stderr and records where they were raised, for the
/// skip warning; every other panic goes to the hook that was installed before.
pub fn quiet_caught_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if ISOLATED.with(Cell::get) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                PANIC_AT.with(|p| *p.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `work` for one document; a panic becomes [`Error::Failed`] for `doc` at `stage`.
fn isolated<T>(
    doc: impl FnOnce() -> String,
    stage: &'static str,
    work: impl FnOnce() -> T,
) -> Result<T> {
    let was = ISOLATED.with(|i| i.replace(true));
    let result = catch_unwind(AssertUnwindSafe(work));
    ISOLATED.with(|i| i.set(was));
    result.map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        let message = match PANIC_AT.with(|p| p.borrow_mut().take()) {
            Some(at) => format!("{what} (at {at})"),
            None => what,
        };
        Error::Failed {
            doc: doc(),
            stage,
            message,
        }
    })
}

/// How documents are grouped for parallel analysis: a batch closes at `docs` documents or
/// `bytes` bytes of input, whichever comes first. The output never depends on it; tests make
/// it small so that a few documents cross batch boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batch {
    /// Documents per batch (at least 1).
    pub docs: usize,
    /// Input bytes per batch.
    pub bytes: u64,
}

impl Default for Batch {
    /// 1024 documents or 4 MiB.
    fn default() -> Self {
        Batch {
            docs: 1024,
            bytes: 4 << 20,
        }
    }
}

/// Batches read ahead of the one being analysed (bounds memory: about
/// `(QUEUED_BATCHES + 2)` batches of input are in flight).
const QUEUED_BATCHES: usize = 2;

/// Everything a run needs, built once and shared by all threads.
#[derive(Debug)]
pub struct Pipeline {
    dict: Dictionary,
    matcher: Matcher,
    lexicon: Lexicon,
    batch: Batch,
}

/// One document's analysis, before it is merged into a graph.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The sentences.
    pub sentences: Vec<Sentence>,
    /// The mentions, left to right.
    pub mentions: Vec<Mention>,
    /// The extracted relations.
    pub relations: Vec<Relation>,
    /// The open-class names the relations connect (outside the dictionary), sorted by name.
    pub open: Vec<OpenEntity>,
}

/// A document that could not be read, and why (the run goes on without it).
#[derive(Debug)]
pub struct Skipped {
    /// The error, naming the file and line.
    pub error: Error,
}

/// What a run produced.
#[derive(Debug)]
pub struct RunOutput {
    /// The graph (its deal edges hold every extracted relation: see [`RunOutput::relations`]).
    pub graph: KnowledgeGraph,
    /// The ledger of the documents, when [`RunOptions::ledger`] asked for it.
    pub ledger: Option<LedgerBuilder>,
    /// Documents read (each (id, content hash) once).
    pub documents: u64,
    /// Documents left out because the same document (id and content hash) came before.
    pub duplicates: u64,
    /// Bytes of normalised text processed.
    pub bytes: u64,
    /// Bytes of input read (JSONL lines, files), skipped inputs included.
    pub input_bytes: u64,
    /// Inputs skipped with an error.
    pub skipped: Vec<Skipped>,
}

impl RunOutput {
    /// Every extracted relation (the lines of `relations.jsonl`), in canonical order: see
    /// [`KnowledgeGraph::relation_lines`].
    pub fn relations(&self) -> Vec<RelationLine> {
        self.graph.relation_lines()
    }
}

/// Options of a run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Collect the ledger of the documents ([`crate::ledger`]) in [`RunOutput::ledger`].
    pub ledger: bool,
    /// Stop at the first bad input instead of skipping it.
    pub strict: bool,
    /// Graph settings.
    pub graph: GraphOptions,
    /// For tests of the per-document isolation: panic while analysing the document with
    /// this id, as a bug would (`None` in any real run).
    pub inject_panic: Option<String>,
}

impl Pipeline {
    /// Builds the matcher for `dict` and keeps the lexicon.
    pub fn new(dict: Dictionary, lexicon: Lexicon) -> Result<Self> {
        Pipeline::with_engine(dict, lexicon, Engine::Auto)
    }

    /// Like [`Pipeline::new`] with a chosen matcher automaton (for benchmarks).
    pub fn with_engine(dict: Dictionary, lexicon: Lexicon, engine: Engine) -> Result<Self> {
        let matcher = Matcher::with_engine(&dict, engine)?;
        Ok(Pipeline {
            dict,
            matcher,
            lexicon,
            batch: Batch::default(),
        })
    }

    /// A pipeline over a dictionary and the matcher built for it (by [`Matcher::new`] or
    /// read from the dictionary cache, [`crate::dict_cache`]).
    pub fn from_parts(dict: Dictionary, matcher: Matcher, lexicon: Lexicon) -> Self {
        Pipeline {
            dict,
            matcher,
            lexicon,
            batch: Batch::default(),
        }
    }

    /// The same pipeline grouping documents into batches of `batch` (see [`Batch`]).
    pub fn with_batch(self, batch: Batch) -> Self {
        Pipeline {
            batch: Batch {
                docs: batch.docs.max(1),
                ..batch
            },
            ..self
        }
    }

    /// The bundled dictionary and lexicon.
    pub fn bundled() -> Result<Self> {
        Pipeline::new(Dictionary::bundled()?, Lexicon::bundled()?)
    }

    /// The dictionary.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    /// The lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Sentences, mentions and relations of one document.
    pub fn analyze(&self, doc: &Document) -> Analysis {
        let mentions = stats::time(Stage::Match, doc.text.len(), || {
            crate::extract::tidy_mentions(
                doc,
                self.matcher.find(&doc.text),
                &self.dict,
                &self.lexicon,
            )
        });
        let timer = stats::start(Stage::Extract, doc.text.len());
        let sentences = split(&doc.text);
        // Even without a dictionary mention, open-class names can state a deal.
        let extraction = extract(doc, &sentences, &mentions, &self.dict, &self.lexicon);
        drop(timer);
        Analysis {
            sentences,
            mentions,
            relations: extraction.relations,
            open: extraction.open,
        }
    }

    /// The facts of one document that the graph needs.
    pub fn facts(&self, doc: &Document) -> DocumentFacts {
        self.facts_capped(doc, usize::MAX)
    }

    /// [`Pipeline::facts`] for a graph that keeps at most `cap` example sentences per
    /// co-mention edge ([`GraphOptions::max_comention_evidence`]): each pair of the
    /// document still has one [`Evidence`] per sentence (the graph counts them), but only
    /// the first `cap` carry text; the others are empty and never stored. With large
    /// dictionaries, sentences naming many entities make many pairs, and copying each
    /// sentence into every pair was most of the cost.
    pub fn facts_capped(&self, doc: &Document, cap: usize) -> DocumentFacts {
        let analysis = self.analyze(doc);
        let _graph = stats::start(Stage::Graph, doc.text.len());
        // Entity ids follow the sorted canonical names, so maps keyed by id iterate in name
        // order, as the graph expects.
        let mut counts: BTreeMap<EntityId, u64> = BTreeMap::new();
        for m in &analysis.mentions {
            *counts.entry(m.entity).or_default() += 1;
        }
        let mut comentions: BTreeMap<(EntityId, EntityId), Vec<Evidence>> = BTreeMap::new();
        let mut mi = 0;
        for s in &analysis.sentences {
            while mi < analysis.mentions.len() && analysis.mentions[mi].span.start < s.span.start {
                mi += 1;
            }
            let mut here: BTreeMap<EntityId, &str> = BTreeMap::new();
            let mut k = mi;
            while k < analysis.mentions.len() && analysis.mentions[k].span.end <= s.span.end {
                let m = &analysis.mentions[k];
                here.entry(m.entity).or_insert(&doc.text[m.span.clone()]);
                k += 1;
            }
            let names: Vec<(EntityId, &str)> = here.into_iter().collect();
            for (i, &(a, sa)) in names.iter().enumerate() {
                for &(b, sb) in &names[i + 1..] {
                    let evidence = comentions.entry((a, b)).or_default();
                    evidence.push(if evidence.len() < cap {
                        Evidence {
                            doc: doc.id.clone(),
                            sentence: doc.text[s.span.clone()].to_string(),
                            span: [s.span.start, s.span.end],
                            rule: "co_mention".to_string(),
                            source_surface: sa.to_string(),
                            target_surface: sb.to_string(),
                            attrs: Attributes {
                                date: doc.date_at(s.span.start),
                                ..Attributes::default()
                            },
                        }
                    } else {
                        Evidence::counted_only()
                    });
                }
            }
        }
        let name = |id: EntityId| self.dict.entity(id).name.to_string();
        DocumentFacts {
            doc: doc.id.clone(),
            hash: crate::ledger::content_hash(doc),
            mentions: counts.into_iter().map(|(id, c)| (name(id), c)).collect(),
            comentions: comentions
                .into_iter()
                .map(|((a, b), evidence)| ((name(a), name(b)), evidence))
                .collect(),
            relations: analysis.relations,
            open: analysis.open,
        }
    }

    /// Runs over a stream of inputs (errors are skipped and reported unless `strict`),
    /// calling `progress(documents, input_bytes)` after every batch.
    ///
    /// A reader thread pulls items from `inputs` into batches and hands them over through a
    /// bounded channel (so memory stays flat however long the stream); each batch is parsed
    /// and analysed on all rayon threads, and the results are merged into the graph, which
    /// does not depend on their order, so the output is the same for any number of threads
    /// (and any order of the inputs). A document read again (same id and content hash) is
    /// counted once, in [`RunOutput::duplicates`]. Pass
    /// [`Inputs::raw`](crate::document::Inputs::raw) items to parse documents in parallel
    /// too; already parsed `Result<Document>` items work as well.
    pub fn run<I>(
        &self,
        inputs: I,
        options: &RunOptions,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<RunOutput>
    where
        I: Iterator + Send,
        I::Item: IntoDocument,
    {
        let mut out = RunOutput {
            graph: options.graph.build(),
            ledger: if options.ledger {
                Some(LedgerBuilder::new()?)
            } else {
                None
            },
            documents: 0,
            duplicates: 0,
            bytes: 0,
            input_bytes: 0,
            skipped: Vec::new(),
        };
        std::thread::scope(|scope| -> Result<()> {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<I::Item>>(QUEUED_BATCHES);
            let limits = self.batch;
            scope.spawn(move || {
                let mut batch = Vec::new();
                let mut bytes = 0;
                let mut inputs = inputs;
                loop {
                    // Reading: the next line of a JSONL stream, the next file's name.
                    let timer = stats::start(Stage::Read, 0);
                    let Some(item) = inputs.next() else { break };
                    drop(timer);
                    stats::add_bytes(Stage::Read, item.input_bytes());
                    bytes += item.input_bytes();
                    batch.push(item);
                    if batch.len() >= limits.docs || bytes >= limits.bytes {
                        if tx.send(std::mem::take(&mut batch)).is_err() {
                            return;
                        }
                        bytes = 0;
                    }
                }
                if !batch.is_empty() {
                    let _ = tx.send(batch);
                }
            });
            let mut seen = 0usize;
            // 16 bytes per document read (not its id and hash: see `document_key`).
            let mut documents: HashSet<u128> = HashSet::new();
            for batch in rx {
                let first = seen;
                seen += batch.len();
                let results: Vec<(u64, Result<(usize, DocumentFacts)>)> = batch
                    .into_par_iter()
                    .enumerate()
                    .map(|(k, item)| {
                        let input = item.input_bytes();
                        let cap = options.graph.max_comention_evidence;
                        let name = || format!("input {}", first + k + 1);
                        let facts = isolated(name, "parsing", || {
                            stats::time(Stage::Parse, input as usize, || item.into_document())
                        })
                        .and_then(|doc| doc)
                        .and_then(|doc| {
                            isolated(
                                || doc.id.clone(),
                                "analysis",
                                || {
                                    if options.inject_panic.as_ref() == Some(&doc.id) {
                                        panic!("injected panic (RunOptions::inject_panic)");
                                    }
                                    (doc.text.len(), self.facts_capped(&doc, cap))
                                },
                            )
                        });
                        (input, facts)
                    })
                    .collect();
                for (input, result) in results {
                    out.input_bytes += input;
                    match result {
                        Ok((len, facts)) => {
                            let key = crate::ledger::document_key(&facts.doc, &facts.hash);
                            if !documents.insert(key) {
                                out.duplicates += 1;
                                continue;
                            }
                            let _graph = stats::start(Stage::Graph, 0);
                            out.documents += 1;
                            out.bytes += len as u64;
                            if let Some(ledger) = &mut out.ledger {
                                ledger.push(&facts)?;
                            }
                            out.graph.add_document(&self.dict, facts);
                        }
                        Err(error) if !options.strict => out.skipped.push(Skipped { error }),
                        Err(error) => return Err(error),
                    }
                }
                progress(out.documents, out.input_bytes);
            }
            Ok(())
        })?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::EntityKind;
    use crate::document::{parse_document, InputFormat};
    use crate::relation::OpenEntity;

    /// (name, kind, mentions, documents) of every node.
    fn nodes(g: &KnowledgeGraph) -> Vec<(String, EntityKind, u64, u64)> {
        g.nodes()
            .into_iter()
            .map(|n| (n.name.clone(), n.kind, n.mentions, n.documents))
            .collect()
    }

    #[test]
    fn open_names_keep_their_kind_and_mentions_through_to_the_graph() {
        let pipeline = Pipeline::bundled().unwrap();
        let doc = parse_document(
            "a.txt",
            "爱德华多·萨维林投资了小红书。爱德华多·萨维林领投。",
            InputFormat::Text,
        );
        let facts = pipeline.facts(&doc);
        assert_eq!(
            facts.open,
            [OpenEntity {
                name: "爱德华多·萨维林".into(),
                kind: EntityKind::Person,
                mentions: 2,
            }]
        );
        let r = &facts.relations[0];
        assert_eq!(
            (r.source.as_str(), r.source_kind, r.target_kind),
            ("爱德华多·萨维林", EntityKind::Person, EntityKind::Company)
        );
        let other = parse_document(
            "b.txt",
            "Lead Edge Capital 投资了小红书。",
            InputFormat::Text,
        );
        let out = pipeline
            .run(
                [Ok(doc), Ok(other)].into_iter(),
                &RunOptions::default(),
                |_, _| {},
            )
            .unwrap();
        assert_eq!(
            nodes(&out.graph),
            [
                ("Lead Edge Capital".into(), EntityKind::Fund, 1, 1),
                ("小红书".into(), EntityKind::Company, 2, 2),
                ("爱德华多·萨维林".into(), EntityKind::Person, 2, 1),
            ]
        );
    }
}
