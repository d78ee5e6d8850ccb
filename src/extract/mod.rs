//! Relation extraction: deal sentences and their attributes (STUB, filled by the extraction work).

use crate::dictionary::Dictionary;
use crate::document::Document;
use crate::matcher::Mention;
use crate::relation::Relation;
use crate::sentence::Sentence;

/// Cue words and patterns (loaded from `data/`).
#[derive(Debug, Default, Clone)]
pub struct Lexicon {}

impl Lexicon {
    /// The bundled lexicon.
    pub fn bundled() -> crate::Result<Self> {
        Ok(Lexicon {})
    }

    /// Adds the cues of a user lexicon file.
    pub fn extend_from_file(&mut self, _path: &std::path::Path) -> crate::Result<()> {
        Ok(())
    }
}

/// Every relation stated in `doc`, in sentence order.
pub fn extract(
    _doc: &Document,
    _sentences: &[Sentence],
    _mentions: &[Mention],
    _dict: &Dictionary,
    _lexicon: &Lexicon,
) -> Vec<Relation> {
    Vec::new()
}
