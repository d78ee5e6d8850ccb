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

/// STUB input stream.
pub struct Inputs {
    paths: Vec<std::path::PathBuf>,
}
impl Inputs {
    /// New.
    pub fn new(mut paths: Vec<std::path::PathBuf>) -> Self {
        let mut all = Vec::new();
        for p in paths.drain(..) {
            if p.is_dir() {
                let mut v: Vec<_> = std::fs::read_dir(&p)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .collect();
                v.sort();
                all.extend(v);
            } else {
                all.push(p);
            }
        }
        all.reverse();
        Inputs { paths: all }
    }
}
impl Iterator for Inputs {
    type Item = crate::Result<Document>;
    fn next(&mut self) -> Option<Self::Item> {
        let p = self.paths.pop()?;
        Some(load_text(&p))
    }
}
/// STUB.
pub fn load_text(p: &std::path::Path) -> crate::Result<Document> {
    let t = std::fs::read_to_string(p).map_err(|e| crate::Error::io(p, e))?;
    Ok(Document {
        id: p.file_name().unwrap().to_string_lossy().into(),
        title: None,
        text: crate::normalize::normalize(&t),
        date: None,
        date_marks: vec![],
    })
}
