//! STUB (replaced by the `doc` branch): documents and their dates.
use crate::date::PartialDate;

/// A document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// File name or JSONL id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Normalised text.
    pub text: String,
    /// Document date.
    pub date: Option<PartialDate>,
    /// Date lines.
    pub date_marks: Vec<DateMark>,
}

/// A date line.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMark {
    /// Byte offset of the line.
    pub offset: usize,
    /// Its date.
    pub date: PartialDate,
}

impl Document {
    /// The date in force at `offset`.
    pub fn date_at(&self, offset: usize) -> Option<PartialDate> {
        self.date_marks
            .iter()
            .rev()
            .find(|m| m.offset <= offset)
            .map(|m| m.date)
            .or(self.date)
    }
}
