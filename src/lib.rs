//! dealgraph: Chinese business news in, investment knowledge graph out.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! paths / stdin ─document→ Document { id, text (NFKC), date, date lines }
//!   ─sentence→ Sentence { span }            (ends at 。！？!? or a line break)
//!   ─matcher→ Mention { span, entity }      (aho-corasick over every alias + jieba boundary check)
//!   ─extract→ Relation { source, relation, target, status, attrs: Attributes { role, amount, round, stake, date }, rule }
//!   ─graph→ KnowledgeGraph (petgraph)       (edges grouped per source, relation, target, status)
//!   ─export→ graph.json, graph.dot, relations.jsonl, …
//! ```
//!
//! Beside the outputs, [`ledger`] keeps each document's facts (`documents.jsonl`), from which
//! a graph is updated with new documents or merged with the graph of another shard.
//!
//! [`pipeline::Pipeline`] ties the stages together and runs them on all cores; the
//! [`dictionary::Dictionary`] and [`extract::Lexicon`] are the data it runs on
//! (bundled from `data/`, extended with user files).
//!
//! ```
//! use dealgraph::document::{parse_document, InputFormat};
//! use dealgraph::pipeline::{Pipeline, RunOptions};
//!
//! let pipeline = Pipeline::bundled()?;
//! let doc = parse_document("news.txt", "阿里巴巴与腾讯是竞争对手。", InputFormat::Text);
//! let out = pipeline.run(std::iter::once(Ok(doc)), &RunOptions::default(), |_, _| {})?;
//! assert!(out.graph.node("腾讯").is_some());
//! assert!(out.graph.node("阿里巴巴").is_some());
//! # Ok::<(), dealgraph::Error>(())
//! ```
#![deny(missing_docs)]

pub mod cli;
pub mod deals;
pub mod dict_cache;
pub mod dictionary;
pub mod discover;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod graph;
pub mod input;
pub mod interrupt;
pub mod ledger;
pub mod matcher;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod query;
pub mod sentence;
pub mod skip;
pub mod stats;
pub mod table;

pub use date::PartialDate;
pub use document::{load_text, DateMark, Document, Inputs};
pub use error::{Error, Result};
pub use input as document;
pub use model::{date, relation};
