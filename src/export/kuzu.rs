//! `kuzu/`: the graph for the Kùzu embedded graph database (tested with Kùzu 0.11):
//! `schema.cypher` (one `Entity` node table keyed by name, one relationship table per relation
//! type in upper case, and the deal records: a `Deal` node table keyed by id, `PARTY` links
//! from entities to deals and `TARGET` links from deals to entities), `nodes.csv`, one
//! `rels_<relation>.csv` per relation type (a header only when the graph has none),
//! `deals.csv`, `parties.csv`, `targets.csv`, and `load.cypher` with the `COPY FROM` statements.
//!
//! Run `schema.cypher` then `load.cypher` with the `kuzu/` folder as the working directory
//! (the `COPY` paths are relative). The CSVs are RFC 4180 (quotes doubled, backslashes plain),
//! so `COPY` is told `ESCAPE='"'`; quoted fields may span lines, which Kùzu reads only with
//! `PARALLEL=false`. Kùzu reads an empty field as `NULL`.

use super::table::{
    self, ColumnType, TypedColumn, Value, DEAL_COLUMNS, DEAL_LABEL, EDGE_COLUMNS, NODE_COLUMNS,
    PARTY_COLUMNS, PARTY_TYPE, TARGET_TYPE,
};
use super::OutputFile;
use crate::graph::KnowledgeGraph;
use crate::relation::RelationKind;

/// The `COPY FROM` options for dealgraph's CSVs.
const COPY_OPTIONS: &str = "(HEADER=true, ESCAPE='\"', PARALLEL=false)";

fn kuzu_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Str => "STRING",
        ColumnType::Long => "INT64",
        ColumnType::Double => "DOUBLE",
    }
}

/// The CSV file of a relation type, relative to the `kuzu/` folder.
fn rel_file(relation: RelationKind) -> String {
    format!("rels_{}.csv", relation.as_str())
}

/// The DDL: `CREATE NODE TABLE IF NOT EXISTS Entity(...)` and one `CREATE REL TABLE IF NOT
/// EXISTS` per relation type, so it can run more than once. Shared with the Cypher export.
pub(crate) fn schema() -> String {
    let mut out = format!(
        "// dealgraph {}: Kùzu schema. Lists and evidence are JSON strings.\n",
        env!("CARGO_PKG_VERSION")
    );
    let props: Vec<String> = NODE_COLUMNS
        .iter()
        .map(|c| format!("{} {}", c.name, kuzu_type(c.ty)))
        .collect();
    out.push_str(&format!(
        "CREATE NODE TABLE IF NOT EXISTS Entity(name STRING, {}, PRIMARY KEY (name));\n",
        props.join(", ")
    ));
    let props: Vec<String> = EDGE_COLUMNS
        .iter()
        .map(|c| format!("{} {}", c.name, kuzu_type(c.ty)))
        .collect();
    for &r in RelationKind::ALL {
        out.push_str(&format!(
            "CREATE REL TABLE IF NOT EXISTS {}(FROM Entity TO Entity, {});\n",
            table::rel_type(r),
            props.join(", ")
        ));
    }
    let props = |cols: &[TypedColumn]| -> String {
        cols.iter()
            .map(|c| format!("{} {}", c.name, kuzu_type(c.ty)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str(&format!(
        "CREATE NODE TABLE IF NOT EXISTS {DEAL_LABEL}(id STRING, {}, PRIMARY KEY (id));\n\
         CREATE REL TABLE IF NOT EXISTS {PARTY_TYPE}(FROM Entity TO {DEAL_LABEL}, {});\n\
         CREATE REL TABLE IF NOT EXISTS {TARGET_TYPE}(FROM {DEAL_LABEL} TO Entity);\n",
        props(DEAL_COLUMNS),
        props(PARTY_COLUMNS)
    ));
    out
}

/// The files of the `kuzu/` folder.
pub(crate) fn to_kuzu(graph: &KnowledgeGraph) -> Vec<OutputFile> {
    let mut files = vec![OutputFile::new("kuzu/schema.cypher", schema().into_bytes())];
    let node_header: Vec<String> = std::iter::once("name")
        .chain(NODE_COLUMNS.iter().map(|c| c.name))
        .map(str::to_string)
        .collect();
    let nodes = graph.nodes().into_iter().map(|n| {
        let mut row = vec![Value::Str(n.name.clone())];
        row.extend(table::node_values(n));
        row
    });
    files.push(OutputFile::new(
        "kuzu/nodes.csv",
        table::csv_bytes(&node_header, nodes),
    ));
    let rel_header: Vec<String> = ["from", "to"]
        .into_iter()
        .chain(EDGE_COLUMNS.iter().map(|c| c.name))
        .map(str::to_string)
        .collect();
    let edges = graph.edges();
    let mut load = format!(
        "// dealgraph {}: run after schema.cypher, from this folder (the paths are relative).\n\
         COPY Entity FROM 'nodes.csv' {COPY_OPTIONS};\n",
        env!("CARGO_PKG_VERSION")
    );
    for &r in RelationKind::ALL {
        let rows = edges
            .iter()
            .filter(|(_, _, e)| e.relation == r)
            .map(|(s, t, e)| {
                let mut row = vec![Value::Str(s.name.clone()), Value::Str(t.name.clone())];
                row.extend(table::edge_values(e));
                row
            });
        files.push(OutputFile::new(
            format!("kuzu/{}", rel_file(r)),
            table::csv_bytes(&rel_header, rows),
        ));
        load.push_str(&format!(
            "COPY {} FROM '{}' {COPY_OPTIONS};\n",
            table::rel_type(r),
            rel_file(r)
        ));
    }
    let deals = graph.deal_records();
    let header = |first: &[&str], cols: &[TypedColumn]| -> Vec<String> {
        first
            .iter()
            .copied()
            .chain(cols.iter().map(|c| c.name))
            .map(str::to_string)
            .collect()
    };
    let deal_rows = deals.iter().map(|d| {
        let mut row = vec![Value::Str(d.id.clone())];
        row.extend(table::deal_values(d));
        row
    });
    let party_rows = deals.iter().flat_map(|d| {
        d.parties.iter().enumerate().map(|(n, p)| {
            let mut row = vec![Value::Str(p.name.clone()), Value::Str(d.id.clone())];
            row.extend(table::party_values(n, p));
            row
        })
    });
    let target_rows = deals
        .iter()
        .map(|d| vec![Value::Str(d.id.clone()), Value::Str(d.target.clone())]);
    files.push(OutputFile::new(
        "kuzu/deals.csv",
        table::csv_bytes(&header(&["id"], DEAL_COLUMNS), deal_rows),
    ));
    files.push(OutputFile::new(
        "kuzu/parties.csv",
        table::csv_bytes(&header(&["from", "to"], PARTY_COLUMNS), party_rows),
    ));
    files.push(OutputFile::new(
        "kuzu/targets.csv",
        table::csv_bytes(&header(&["from", "to"], &[]), target_rows),
    ));
    for (t, file) in [
        (DEAL_LABEL, "deals.csv"),
        (PARTY_TYPE, "parties.csv"),
        (TARGET_TYPE, "targets.csv"),
    ] {
        load.push_str(&format!("COPY {t} FROM '{file}' {COPY_OPTIONS};\n"));
    }
    files.push(OutputFile::new("kuzu/load.cypher", load.into_bytes()));
    files
}
