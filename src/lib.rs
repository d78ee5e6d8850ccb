//! dealgraph: Chinese business news in, investment knowledge graph out.
#![deny(missing_docs)]

pub mod date;
pub mod document;
pub mod error;
pub mod normalize;

pub use date::PartialDate;
pub use document::{load_text, DateMark, Document, Inputs};
pub use error::{Error, Result};
