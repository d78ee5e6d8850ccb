//! dealgraph: Chinese business news in, investment knowledge graph out.
#![deny(missing_docs)]

pub mod date;
pub mod dictionary;
pub mod document;
pub mod error;
pub mod eval;
pub mod extract;
pub mod matcher;
pub mod normalize;
pub mod relation;
pub mod sentence;

pub use date::PartialDate;
pub use error::{Error, Result};
