//! `neo4j/nodes.csv` and `neo4j/relationships.csv`: CSV files in the header format of
//! `neo4j-admin database import full` (Neo4j 5.x and 2025.x).
//!
//! Nodes: `name:ID`, `:LABEL` (`Entity` plus the entity type, e.g. `Entity;Company`), then the
//! node properties. Relationships: `:START_ID`, `:END_ID`, `:TYPE` (the relation in upper case,
//! e.g. `INVEST`), then the edge properties; counts are `:long`, the amount value `:double`.
//! Fields are quoted as RFC 4180 says (quotes doubled, which is Neo4j's default quoting;
//! backslashes are plain characters), and line breaks inside names and sentences need
//! `--multiline-fields=true`. A missing value is an empty field, which Neo4j skips.
//!
//! The deal records: `deals.csv` (`id:ID(Deal)`, label `Deal`, the deal properties; deal ids
//! live in their own id space), `parties.csv` (`:START_ID` an entity, `:END_ID(Deal)`, type
//! `PARTY`, the party's statement) and `targets.csv` (`:START_ID(Deal)`, `:END_ID` an entity,
//! type `TARGET`).

use super::table::{
    self, ColumnType, TypedColumn, Value, DEAL_COLUMNS, DEAL_LABEL, EDGE_COLUMNS, NODE_COLUMNS,
    PARTY_COLUMNS, PARTY_TYPE, TARGET_TYPE,
};
use super::OutputFile;
use crate::dictionary::EntityKind;
use crate::graph::KnowledgeGraph;

/// The import command for files in `$NEO4J_HOME/import/neo4j/`, as docs/databases.md gives it.
pub const IMPORT_COMMAND: &str = "bin/neo4j-admin database import full \
--nodes=import/neo4j/nodes.csv --nodes=import/neo4j/deals.csv \
--relationships=import/neo4j/relationships.csv --relationships=import/neo4j/parties.csv \
--relationships=import/neo4j/targets.csv \
--multiline-fields=true --overwrite-destination=true neo4j";

fn header(c: &TypedColumn) -> String {
    match c.ty {
        ColumnType::Str => c.name.to_string(),
        ColumnType::Long => format!("{}:long", c.name),
        ColumnType::Double => format!("{}:double", c.name),
    }
}

/// The Neo4j label of an entity type (`Company`, `Fund`, `Person`, `Product`).
fn label(kind: EntityKind) -> String {
    let s = kind.as_str();
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The two CSV files.
pub(crate) fn to_neo4j(graph: &KnowledgeGraph) -> Vec<OutputFile> {
    let node_header: Vec<String> = ["name:ID".to_string(), ":LABEL".to_string()]
        .into_iter()
        .chain(NODE_COLUMNS.iter().map(header))
        .collect();
    let nodes = graph.nodes().into_iter().map(|n| {
        let mut row = vec![
            Value::Str(n.name.clone()),
            Value::Str(format!("Entity;{}", label(n.kind))),
        ];
        row.extend(table::node_values(n));
        row
    });
    let rel_header: Vec<String> = [":START_ID", ":END_ID", ":TYPE"]
        .into_iter()
        .map(str::to_string)
        .chain(EDGE_COLUMNS.iter().map(header))
        .collect();
    let rels = graph.edges().into_iter().map(|(s, t, e)| {
        let mut row = vec![
            Value::Str(s.name.clone()),
            Value::Str(t.name.clone()),
            Value::Str(table::rel_type(e.relation)),
        ];
        row.extend(table::edge_values(e));
        row
    });
    let deals = graph.deal_records();
    let deal_header: Vec<String> = [format!("id:ID({DEAL_LABEL})"), ":LABEL".to_string()]
        .into_iter()
        .chain(DEAL_COLUMNS.iter().map(header))
        .collect();
    let deal_rows = deals.iter().map(|d| {
        let mut row = vec![Value::Str(d.id.clone()), Value::Str(DEAL_LABEL.to_string())];
        row.extend(table::deal_values(d));
        row
    });
    let party_header: Vec<String> = [
        ":START_ID".to_string(),
        format!(":END_ID({DEAL_LABEL})"),
        ":TYPE".to_string(),
    ]
    .into_iter()
    .chain(PARTY_COLUMNS.iter().map(header))
    .collect();
    let party_rows = deals.iter().flat_map(|d| {
        d.parties.iter().enumerate().map(|(n, p)| {
            let mut row = vec![
                Value::Str(p.name.clone()),
                Value::Str(d.id.clone()),
                Value::Str(PARTY_TYPE.to_string()),
            ];
            row.extend(table::party_values(n, p));
            row
        })
    });
    let target_header = [
        format!(":START_ID({DEAL_LABEL})"),
        ":END_ID".to_string(),
        ":TYPE".to_string(),
    ];
    let target_rows = deals.iter().map(|d| {
        vec![
            Value::Str(d.id.clone()),
            Value::Str(d.target.clone()),
            Value::Str(TARGET_TYPE.to_string()),
        ]
    });
    vec![
        OutputFile::new("neo4j/nodes.csv", table::csv_bytes(&node_header, nodes)),
        OutputFile::new(
            "neo4j/relationships.csv",
            table::csv_bytes(&rel_header, rels),
        ),
        OutputFile::new("neo4j/deals.csv", table::csv_bytes(&deal_header, deal_rows)),
        OutputFile::new(
            "neo4j/parties.csv",
            table::csv_bytes(&party_header, party_rows),
        ),
        OutputFile::new(
            "neo4j/targets.csv",
            table::csv_bytes(&target_header, target_rows),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_capitalised_types() {
        assert_eq!(label(EntityKind::Company), "Company");
        assert_eq!(label(EntityKind::Fund), "Fund");
    }
}
