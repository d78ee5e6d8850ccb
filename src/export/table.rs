//! The flat, typed view of nodes and edges that the tabular formats share (GraphML, Neo4j and
//! Kùzu CSV, Cypher), so that each carries the same content as `graph.json`.
//!
//! Flattening rules, the same in every such format:
//! - the node name is the key (GraphML node id, Neo4j `:ID`, Kùzu primary key, Cypher `MERGE`);
//! - `aliases` (a list) and `evidence` (the list of supporting sentences, each object exactly as
//!   in `graph.json`: doc, sentence, span, rule, surfaces, role, amount, round, stake, date)
//!   are JSON-encoded strings;
//! - the amount object becomes three columns: `amount` (the text), `amount_value` (a double)
//!   and `amount_currency`;
//! - the relation is the edge type (upper case, e.g. `INVEST`, `CO_MENTION`) where the format
//!   has types, and a `relation` attribute where it does not (GraphML);
//! - a missing value (JSON `null`) is left out (GraphML), an empty field (CSV) or `NULL` (Cypher).

use crate::deals::{DealRecord, Party};
use crate::graph::{Edge, Node};
use crate::relation::RelationKind;

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColumnType {
    /// Text.
    Str,
    /// A non-negative integer (counts).
    Long,
    /// A floating-point number (money).
    Double,
}

/// A named, typed column.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TypedColumn {
    /// The attribute or property name.
    pub name: &'static str,
    /// Its type.
    pub ty: ColumnType,
}

const fn col(name: &'static str, ty: ColumnType) -> TypedColumn {
    TypedColumn { name, ty }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Text.
    Str(String),
    /// A count.
    Long(u64),
    /// A finite number.
    Double(f64),
    /// No value.
    Null,
}

impl Value {
    fn opt_str(s: Option<impl Into<String>>) -> Value {
        s.map_or(Value::Null, |s| Value::Str(s.into()))
    }

    /// The text form used in CSV and GraphML; `None` for [`Value::Null`].
    pub fn text(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.clone()),
            Value::Long(n) => Some(n.to_string()),
            Value::Double(x) => Some(x.to_string()),
            Value::Null => None,
        }
    }
}

/// Node properties after the name, in output order.
pub(crate) const NODE_COLUMNS: &[TypedColumn] = &[
    col("type", ColumnType::Str),
    col("aliases", ColumnType::Str),
    col("parent", ColumnType::Str),
    col("mentions", ColumnType::Long),
    col("documents", ColumnType::Long),
];

/// Edge properties after source, target and relation, in output order.
pub(crate) const EDGE_COLUMNS: &[TypedColumn] = &[
    col("status", ColumnType::Str),
    col("weight", ColumnType::Long),
    col("documents", ColumnType::Long),
    col("role", ColumnType::Str),
    col("amount", ColumnType::Str),
    col("amount_value", ColumnType::Double),
    col("amount_currency", ColumnType::Str),
    col("round", ColumnType::Str),
    col("stake", ColumnType::Str),
    col("date", ColumnType::Str),
    col("evidence", ColumnType::Str),
];

/// The values of [`NODE_COLUMNS`] for a node.
pub(crate) fn node_values(n: &Node) -> Vec<Value> {
    vec![
        Value::Str(n.kind.as_str().to_string()),
        Value::Str(serde_json::to_string(&n.aliases).expect("strings serialise")),
        Value::opt_str(n.parent.clone()),
        Value::Long(n.mentions),
        Value::Long(n.documents),
    ]
}

/// The values of [`EDGE_COLUMNS`] for an edge.
pub(crate) fn edge_values(e: &Edge) -> Vec<Value> {
    let amount = e.attrs.amount.as_ref();
    vec![
        Value::Str(e.status.as_str().to_string()),
        Value::Long(e.weight),
        Value::Long(e.documents),
        Value::opt_str(e.attrs.role.map(|r| r.as_str())),
        Value::opt_str(amount.map(|a| a.text.clone())),
        amount
            .and_then(|a| a.value)
            .filter(|v| v.is_finite())
            .map_or(Value::Null, Value::Double),
        Value::opt_str(amount.and_then(|a| a.currency.clone())),
        Value::opt_str(e.attrs.round.clone()),
        Value::opt_str(e.attrs.stake.clone()),
        Value::opt_str(e.attrs.date.map(|d| d.to_string())),
        Value::Str(serde_json::to_string(&e.evidence).expect("evidence serialises")),
    ]
}

/// Properties of a `Deal` node after its `id`, in output order.
pub(crate) const DEAL_COLUMNS: &[TypedColumn] = &[
    col("relation", ColumnType::Str),
    col("status", ColumnType::Str),
    col("round", ColumnType::Str),
    col("amount", ColumnType::Str),
    col("amount_value", ColumnType::Double),
    col("amount_currency", ColumnType::Str),
    col("stake", ColumnType::Str),
    col("date", ColumnType::Str),
    col("documents", ColumnType::Str),
];

/// Properties of a `PARTY` link (party → deal), in output order: `n` (the party's place in
/// the deal, the link's `MERGE` key) and what the party's statement says.
pub(crate) const PARTY_COLUMNS: &[TypedColumn] = &[
    col("n", ColumnType::Long),
    col("role", ColumnType::Str),
    col("amount", ColumnType::Str),
    col("amount_value", ColumnType::Double),
    col("amount_currency", ColumnType::Str),
    col("stake", ColumnType::Str),
    col("date", ColumnType::Str),
    col("evidence", ColumnType::Str),
];

/// The node label of deal records, and the types of their links.
pub(crate) const DEAL_LABEL: &str = "Deal";
/// Party → deal.
pub(crate) const PARTY_TYPE: &str = "PARTY";
/// Deal → target.
pub(crate) const TARGET_TYPE: &str = "TARGET";

/// The three amount columns of an amount.
fn amount_values(amount: Option<&crate::relation::Amount>) -> [Value; 3] {
    [
        Value::opt_str(amount.map(|a| a.text.clone())),
        amount
            .and_then(|a| a.value)
            .filter(|v| v.is_finite())
            .map_or(Value::Null, Value::Double),
        Value::opt_str(amount.and_then(|a| a.currency.clone())),
    ]
}

/// The values of [`DEAL_COLUMNS`] for a deal.
pub(crate) fn deal_values(d: &DealRecord) -> Vec<Value> {
    let mut v = vec![
        Value::Str(d.relation.as_str().to_string()),
        Value::Str(d.status.as_str().to_string()),
        Value::opt_str(d.round.clone()),
    ];
    v.extend(amount_values(d.amount.as_ref()));
    v.extend([
        Value::opt_str(d.stake.clone()),
        Value::opt_str(d.date.map(|d| d.to_string())),
        Value::Str(serde_json::to_string(&d.documents).expect("strings serialise")),
    ]);
    v
}

/// The values of [`PARTY_COLUMNS`] for the `n`th party of a deal.
pub(crate) fn party_values(n: usize, p: &Party) -> Vec<Value> {
    let mut v = vec![
        Value::Long(n as u64),
        Value::opt_str(p.role.map(|r| r.as_str())),
    ];
    v.extend(amount_values(p.amount.as_ref()));
    v.extend([
        Value::opt_str(p.stake.clone()),
        Value::opt_str(p.date.map(|d| d.to_string())),
        Value::Str(serde_json::to_string(&p.evidence).expect("evidence serialises")),
    ]);
    v
}

/// The edge type of a relation in graph databases: its name in upper case (`INVEST`,
/// `HOLDS_STAKE`, `CO_MENTION`).
pub(crate) fn rel_type(relation: RelationKind) -> String {
    relation.as_str().to_ascii_uppercase()
}

/// The multigraph key of an edge, as in `graph.json`: `relation:status`.
pub(crate) fn edge_key(e: &Edge) -> String {
    format!("{}:{}", e.relation, e.status)
}

/// CSV bytes (RFC 4180: fields with a comma, quote or line break are quoted and quotes doubled;
/// `\n` line ends; [`Value::Null`] is an empty field).
pub(crate) fn csv_bytes(header: &[String], rows: impl IntoIterator<Item = Vec<Value>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for row in rows {
        w.write_record(row.iter().map(|v| v.text().unwrap_or_default()))
            .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_values_line_up() {
        let n = Node {
            name: "甲".into(),
            kind: crate::dictionary::EntityKind::Fund,
            aliases: vec!["甲".into(), "a\"b".into()],
            parent: None,
            mentions: 2,
            documents: 1,
        };
        let v = node_values(&n);
        assert_eq!(v.len(), NODE_COLUMNS.len());
        assert_eq!(v[1], Value::Str(r#"["甲","a\"b"]"#.into()));
        assert_eq!(v[2], Value::Null);
        for (c, v) in NODE_COLUMNS.iter().zip(&v) {
            match (c.ty, v) {
                (_, Value::Null)
                | (ColumnType::Str, Value::Str(_))
                | (ColumnType::Long, Value::Long(_))
                | (ColumnType::Double, Value::Double(_)) => {}
                _ => panic!("{} has a {v:?}", c.name),
            }
        }
        let e = Edge {
            relation: RelationKind::Invest,
            status: crate::relation::Status::Planned,
            weight: 2,
            documents: 1,
            attrs: crate::model::Attributes {
                role: Some(crate::relation::Role::Lead),
                amount: Some(crate::relation::Amount {
                    text: "3.5亿美元".into(),
                    value: Some(3.5e8),
                    currency: Some("USD".into()),
                }),
                round: Some("B轮".into()),
                stake: None,
                date: crate::date::PartialDate::month(2021, 5),
            },
            evidence: vec![],
        };
        let v = edge_values(&e);
        assert_eq!(v.len(), EDGE_COLUMNS.len());
        let by_name = |name: &str| &v[EDGE_COLUMNS.iter().position(|c| c.name == name).unwrap()];
        assert_eq!(by_name("status"), &Value::Str("planned".into()));
        assert_eq!(by_name("amount_value"), &Value::Double(3.5e8));
        assert_eq!(by_name("amount_value").text().unwrap(), "350000000");
        assert_eq!(by_name("stake"), &Value::Null);
        assert_eq!(by_name("date"), &Value::Str("2021-05".into()));
        assert_eq!(by_name("evidence"), &Value::Str("[]".into()));
        assert_eq!(edge_key(&e), "invest:planned");
        assert_eq!(rel_type(RelationKind::HoldsStake), "HOLDS_STAKE");
        assert_eq!(rel_type(RelationKind::CoMention), "CO_MENTION");
    }
}
