//! Scoring predicted relations against gold (`dealgraph eval`).
//!
//! The metric: a relation counts once per (doc, source, relation, target), with `partner` and
//! `compete` unordered; names on both sides are mapped to the gold canonical name through the
//! gold entities' aliases (canonical name first, then the surface form). Precision, recall and
//! F1 count status `asserted` only. A predicted asserted triple that the gold holds only as
//! denied, speculative, planned or hypothetical is a *status error*.
//!
//! Attribute accuracy (role, amount, round, stake) is measured on matched asserted `invest`
//! triples, one comparison per gold line that has a predicted line of the same triple in the
//! same sentence (sentences compared by their CJK characters, so markup does not matter).
//! Amounts compare by value when both parse, else by text without spaces.

use crate::dictionary::Dictionary;
use crate::extract::amount::parse_amount;
use crate::relation::{RelationKind, RelationLine, Status};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One scored triple.
type Key = (String, String, RelationKind, String);

/// Precision, recall and F1 of one relation (or a group).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// `invest`, …, `DEALS` or `ALL`.
    pub relation: String,
    /// Gold asserted triples.
    pub gold: usize,
    /// Predicted asserted triples.
    pub predicted: usize,
    /// Triples in both.
    pub true_positives: usize,
    /// TP / predicted (1 when nothing was predicted).
    pub precision: f64,
    /// TP / gold (1 when the gold is empty).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Score {
    fn new(relation: &str, gold: usize, predicted: usize, tp: usize) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let (p, r) = (ratio(tp, predicted), ratio(tp, gold));
        Score {
            relation: relation.to_string(),
            gold,
            predicted,
            true_positives: tp,
            precision: p,
            recall: r,
            f1: if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            },
        }
    }
}

/// Correct / compared for one attribute.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Accuracy {
    /// Comparisons that agreed.
    pub correct: usize,
    /// Comparisons made.
    pub total: usize,
}

impl Accuracy {
    /// correct / total (1 when nothing was compared).
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }

    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.correct += usize::from(ok);
    }
}

/// Attribute accuracy on matched invest triples.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AttributeAccuracy {
    /// lead / follow / increase.
    pub role: Accuracy,
    /// Money.
    pub amount: Accuracy,
    /// Round name.
    pub round: Accuracy,
    /// Stake.
    pub stake: Accuracy,
}

/// One triple listed by `--show`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// Document.
    pub doc: String,
    /// Canonical source (gold names).
    pub source: String,
    /// Relation.
    pub relation: RelationKind,
    /// Canonical target (gold names).
    pub target: String,
    /// Status of the line shown.
    pub status: Status,
    /// The line's sentence.
    pub sentence: String,
    /// The rule that produced it (predictions only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// An attribute of a matched invest line that differs from the gold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    /// Document.
    pub doc: String,
    /// Canonical source.
    pub source: String,
    /// Canonical target.
    pub target: String,
    /// `role`, `amount`, `round` or `stake`.
    pub attribute: &'static str,
    /// Gold value.
    pub gold: Option<String>,
    /// Predicted value.
    pub predicted: Option<String>,
    /// The gold sentence.
    pub sentence: String,
}

/// Everything `dealgraph eval` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// One row per relation type present in gold or predictions, then `DEALS` and `ALL`.
    pub scores: Vec<Score>,
    /// Predicted asserted triples the gold holds only with another status.
    pub status_errors: usize,
    /// Attribute accuracy on matched invest triples.
    pub attributes: AttributeAccuracy,
    /// Predicted asserted triples not asserted in the gold (status errors included).
    pub false_positives: Vec<Example>,
    /// Gold asserted triples not predicted as asserted.
    pub false_negatives: Vec<Example>,
    /// Attribute disagreements on matched invest lines.
    pub mismatches: Vec<Mismatch>,
}

impl EvalReport {
    /// The score row of `relation` (`invest`, …, `DEALS`, `ALL`).
    pub fn score(&self, relation: &str) -> Option<&Score> {
        self.scores.iter().find(|s| s.relation == relation)
    }

    /// The false positives and negatives with their sentences, for `--show`.
    pub fn errors(&self) -> String {
        let mut out = String::new();
        for (title, list) in [
            ("false positives", &self.false_positives),
            ("false negatives", &self.false_negatives),
        ] {
            out.push_str(&format!("## {title} ({})\n", list.len()));
            for e in list {
                let rule = e
                    .rule
                    .as_deref()
                    .map(|r| format!(" [{r}]"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{} {} -{}-> {} ({}){rule}\n    {}\n",
                    e.doc, e.source, e.relation, e.target, e.status, e.sentence
                ));
            }
        }
        out.push_str(&format!(
            "## attribute mismatches ({})\n",
            self.mismatches.len()
        ));
        for m in &self.mismatches {
            out.push_str(&format!(
                "{} {} -invest-> {} {}: gold {:?}, predicted {:?}\n    {}\n",
                m.doc, m.source, m.target, m.attribute, m.gold, m.predicted, m.sentence
            ));
        }
        out
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<12} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6}",
            "relation", "gold", "pred", "tp", "P", "R", "F1"
        )?;
        for s in &self.scores {
            writeln!(
                f,
                "{:<12} {:>5} {:>5} {:>5} {:>6.3} {:>6.3} {:>6.3}",
                s.relation, s.gold, s.predicted, s.true_positives, s.precision, s.recall, s.f1
            )?;
        }
        writeln!(f, "status errors: {}", self.status_errors)?;
        let a = &self.attributes;
        write!(f, "invest attributes:")?;
        for (name, acc) in [
            ("role", a.role),
            ("amount", a.amount),
            ("round", a.round),
            ("stake", a.stake),
        ] {
            write!(
                f,
                " {name} {:.3} ({}/{})",
                acc.ratio(),
                acc.correct,
                acc.total
            )?;
        }
        writeln!(f)
    }
}

/// The file-name part of a document id, so `seeds/000.txt` and `000.txt` agree.
fn doc_name(doc: &str) -> String {
    doc.rsplit(['/', '\\']).next().unwrap_or(doc).to_string()
}

/// The gold canonical name of a line's entity: its name, else its surface form, else as is.
fn canonical(names: &Dictionary, name: &str, surface: &str) -> String {
    names
        .resolve(name)
        .or_else(|| names.resolve(surface))
        .map_or_else(|| name.to_string(), |id| names.entity(id).name.to_string())
}

fn key(names: &Dictionary, l: &RelationLine) -> Key {
    let s = canonical(names, &l.source, &l.source_surface);
    let t = canonical(names, &l.target, &l.target_surface);
    let (s, t) = if l.relation.is_undirected() && t < s {
        (t, s)
    } else {
        (s, t)
    };
    (doc_name(&l.doc), s, l.relation, t)
}

fn fingerprint(s: &str) -> String {
    s.chars().filter(|&c| crate::matcher::is_cjk(c)).collect()
}

fn same_amount(g: Option<&str>, p: Option<&str>) -> bool {
    match (g, p) {
        (None, None) => true,
        (Some(g), Some(p)) => match (
            parse_amount(g).and_then(|a| a.value),
            parse_amount(p).and_then(|a| a.value),
        ) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-6 * x.abs().max(1.0),
            _ => g.replace(' ', "") == p.replace(' ', ""),
        },
        _ => false,
    }
}

fn example(k: &Key, l: &RelationLine) -> Example {
    Example {
        doc: k.0.clone(),
        source: k.1.clone(),
        relation: k.2,
        target: k.3.clone(),
        status: l.status,
        sentence: l.sentence.clone(),
        rule: l.rule.clone(),
    }
}

fn group<'a>(
    names: &Dictionary,
    lines: &'a [RelationLine],
) -> BTreeMap<Key, Vec<&'a RelationLine>> {
    let mut m: BTreeMap<Key, Vec<&RelationLine>> = BTreeMap::new();
    for l in lines
        .iter()
        .filter(|l| l.relation != RelationKind::CoMention)
    {
        m.entry(key(names, l)).or_default().push(l);
    }
    m
}

/// Scores `pred` against `gold`; `names` is the gold entity file as a dictionary.
pub fn evaluate(gold: &[RelationLine], pred: &[RelationLine], names: &Dictionary) -> EvalReport {
    let (g, p) = (group(names, gold), group(names, pred));
    let asserted = |m: &BTreeMap<Key, Vec<&RelationLine>>| -> BTreeSet<Key> {
        m.iter()
            .filter(|(_, v)| v.iter().any(|l| l.status == Status::Asserted))
            .map(|(k, _)| k.clone())
            .collect()
    };
    let (ga, pa) = (asserted(&g), asserted(&p));
    let mut kinds: Vec<RelationKind> = ga.iter().chain(&pa).map(|k| k.2).collect();
    kinds.sort();
    kinds.dedup();
    let count = |filter: &dyn Fn(RelationKind) -> bool, name: &str| {
        let gs = ga.iter().filter(|k| filter(k.2)).count();
        let ps = pa.iter().filter(|k| filter(k.2)).count();
        let tp = ga.iter().filter(|k| filter(k.2) && pa.contains(*k)).count();
        Score::new(name, gs, ps, tp)
    };
    let mut scores: Vec<Score> = kinds
        .iter()
        .map(|&r| count(&|k| k == r, r.as_str()))
        .collect();
    scores.push(count(&|k: RelationKind| k.is_deal(), "DEALS"));
    scores.push(count(&|_| true, "ALL"));

    let status_errors = pa
        .iter()
        .filter(|k| !ga.contains(*k) && g.contains_key(*k))
        .count();
    let mut attributes = AttributeAccuracy::default();
    let mut mismatches = Vec::new();
    for k in ga
        .iter()
        .filter(|k| k.2 == RelationKind::Invest && pa.contains(*k))
    {
        let preds: Vec<&RelationLine> = p[k]
            .iter()
            .copied()
            .filter(|l| l.status == Status::Asserted)
            .collect();
        for gl in g[k].iter().filter(|l| l.status == Status::Asserted) {
            let fp = fingerprint(&gl.sentence);
            let Some(pl) = preds
                .iter()
                .find(|l| fingerprint(&l.sentence) == fp)
                .or_else(|| {
                    preds.iter().find(|l| {
                        let f = fingerprint(&l.sentence);
                        !f.is_empty() && (fp.contains(&f) || f.contains(&fp))
                    })
                })
            else {
                continue;
            };
            let norm = |s: &Option<String>| s.as_ref().map(|x| x.replace(' ', ""));
            let role = |l: &RelationLine| l.attrs.role.map(|r| r.to_string());
            let checks = [
                (
                    "role",
                    &mut attributes.role,
                    gl.attrs.role == pl.attrs.role,
                    role(gl),
                    role(pl),
                ),
                (
                    "amount",
                    &mut attributes.amount,
                    same_amount(gl.attrs.amount.as_deref(), pl.attrs.amount.as_deref()),
                    gl.attrs.amount.clone(),
                    pl.attrs.amount.clone(),
                ),
                (
                    "round",
                    &mut attributes.round,
                    norm(&gl.attrs.round) == norm(&pl.attrs.round),
                    gl.attrs.round.clone(),
                    pl.attrs.round.clone(),
                ),
                (
                    "stake",
                    &mut attributes.stake,
                    norm(&gl.attrs.stake) == norm(&pl.attrs.stake),
                    gl.attrs.stake.clone(),
                    pl.attrs.stake.clone(),
                ),
            ];
            for (attribute, acc, ok, gold, predicted) in checks {
                acc.add(ok);
                if !ok {
                    mismatches.push(Mismatch {
                        doc: k.0.clone(),
                        source: k.1.clone(),
                        target: k.3.clone(),
                        attribute,
                        gold,
                        predicted,
                        sentence: gl.sentence.clone(),
                    });
                }
            }
        }
    }
    let first_asserted = |v: &Vec<&RelationLine>| -> RelationLine {
        (*v.iter()
            .find(|l| l.status == Status::Asserted)
            .unwrap_or(&v[0]))
        .clone()
    };
    let false_positives = pa
        .iter()
        .filter(|k| !ga.contains(*k))
        .map(|k| example(k, &first_asserted(&p[k])))
        .collect();
    let false_negatives = ga
        .iter()
        .filter(|k| !pa.contains(*k))
        .map(|k| example(k, &first_asserted(&g[k])))
        .collect();
    EvalReport {
        scores,
        status_errors,
        attributes,
        false_positives,
        false_negatives,
        mismatches,
    }
}

/// Reads a relations JSONL file (gold or predictions); errors name the file and line.
pub fn read_relations(path: &std::path::Path) -> crate::Result<Vec<RelationLine>> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, e))?;
    parse_relations(path, &text)
}

/// Parses relations JSONL `text` (`path` names it in errors).
pub fn parse_relations(path: &std::path::Path, text: &str) -> crate::Result<Vec<RelationLine>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .map_err(|e| crate::Error::document(path, Some(i + 1), e.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn line(
        doc: &str,
        s: &str,
        r: &str,
        t: &str,
        status: &str,
        amount: Option<&str>,
    ) -> RelationLine {
        serde_json::from_value(serde_json::json!({
            "doc": doc, "sentence": "句子", "source": s, "relation": r, "target": t, "status": status,
            "role": null, "amount": amount, "round": null, "stake": null, "date": null,
            "source_surface": s, "target_surface": t
        }))
        .unwrap()
    }

    #[test]
    fn metric() {
        let mut b = Dictionary::builder();
        b.add_jsonl(
            Path::new("g"),
            r#"{"name":"阿里巴巴","aliases":["阿里"]}
{"name":"腾讯","aliases":[]}
{"name":"京东","aliases":["JD.com"]}"#
                .as_bytes(),
        )
        .unwrap();
        let names = b.build();
        let gold = vec![
            line(
                "a.txt",
                "腾讯",
                "invest",
                "京东",
                "asserted",
                Some("3亿美元"),
            ),
            line("a.txt", "腾讯", "invest", "京东", "asserted", None),
            line("a.txt", "阿里巴巴", "compete", "腾讯", "asserted", None),
            line("a.txt", "阿里巴巴", "invest", "京东", "denied", None),
        ];
        let pred = vec![
            line(
                "dir/a.txt",
                "腾讯",
                "invest",
                "JD.com",
                "asserted",
                Some("3 亿美元"),
            ),
            line("a.txt", "腾讯", "compete", "阿里", "asserted", None),
            line("a.txt", "阿里", "invest", "京东", "asserted", None),
        ];
        let r = evaluate(&gold, &pred, &names);
        let all = r.score("ALL").unwrap();
        assert_eq!((all.gold, all.predicted, all.true_positives), (2, 3, 2));
        assert_eq!(r.status_errors, 1);
        assert_eq!(r.score("DEALS").unwrap().true_positives, 1);
        assert_eq!(
            r.attributes.amount,
            Accuracy {
                correct: 1,
                total: 2
            }
        );
        assert!(r.to_string().contains("status errors: 1"));
        assert!(r.errors().contains("阿里巴巴 -invest-> 京东"));
    }
}
