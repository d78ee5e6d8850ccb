//! dealgraph: Chinese business news in, investment knowledge graph out.
#![deny(missing_docs)]

pub mod date;
pub mod error;

pub use date::PartialDate;
pub use error::{Error, Result};
