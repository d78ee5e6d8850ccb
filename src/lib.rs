//! dealgraph: Chinese business news in, investment knowledge graph out.
#![deny(missing_docs)]

pub mod cli;
pub mod date;
pub mod dictionary;
pub mod document;
pub mod error;
pub mod export;
pub mod extract;
pub mod graph;
pub mod matcher;
pub mod normalize;
pub mod pipeline;
pub mod query;
pub mod relation;
pub mod sentence;
pub mod table;

pub use date::PartialDate;
pub use document::{load_text, DateMark, Document, Inputs};
pub use error::{Error, Result};
