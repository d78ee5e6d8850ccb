//! Text normalisation (NFKC) applied to every document before matching (placeholder, replaced by the document branch).
use unicode_normalization::UnicodeNormalization;
/// NFKC-normalises `text`.
pub fn normalize(text: &str) -> String {
    text.nfkc().collect()
}
