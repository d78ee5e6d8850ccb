//! A money amount as a relation states it: the text as written, and its value and currency
//! when they can be read.

use serde::{Deserialize, Serialize};

/// A money amount: the text as written plus, when it can be read, its value and currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// As written, spaces removed (`3.5亿美元`, `约20亿元`).
    pub text: String,
    /// The value in units of the currency (`3.5亿美元` → 350000000); whole values are
    /// written as JSON integers.
    #[serde(serialize_with = "whole_as_integer")]
    pub value: Option<f64>,
    /// ISO 4217 code (`USD`, `CNY`, `HKD`, `EUR`, …).
    pub currency: Option<String>,
}

fn whole_as_integer<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => s.serialize_i64(*x as i64),
        Some(x) => s.serialize_f64(*x),
        None => s.serialize_none(),
    }
}
