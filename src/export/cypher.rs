//! `cypher/`: an idempotent Cypher script, `graph.cypher`, that runs unchanged in Neo4j 5 and
//! in Kùzu, plus the schema each database needs first: `schema.neo4j.cypher` (a uniqueness
//! constraint on `Entity.name`) and `schema.kuzu.cypher` (Kùzu's node and relationship tables,
//! the same as `kuzu/schema.cypher`).
//!
//! Every node is a `MERGE (n:Entity {name: …}) SET …` and every edge a
//! `MATCH (a) MATCH (b) MERGE (a)-[r:TYPE {status: …}]->(b) SET …`; then every deal record a
//! `MERGE (d:Deal {id: …}) SET …`, its parties `MERGE (a)-[p:PARTY {n: …}]->(d) SET …` and its
//! target `MERGE (d)-[:TARGET]->(b)`; so running the script again changes nothing. Every
//! property is set, missing ones to `NULL`.
//!
//! Strings are single-quoted with `\` and `'` backslash-escaped ([`cypher_string`]); no other
//! character is escaped, because Kùzu reads `\n` as `n` while both databases accept raw line
//! breaks inside a string literal (Neo4j 5's lexer: `'\'' (~['\\] | '\\' .)* '\''`). A name
//! therefore cannot end its string early, whatever quotes, backslashes, semicolons, comment
//! markers or Cypher keywords it holds, but a statement whose strings contain line breaks spans
//! several lines (read the script as bytes: text-mode newline translation would turn a `\r\n`
//! inside a name into `\n`).

use super::table::{
    self, Value, DEAL_COLUMNS, DEAL_LABEL, EDGE_COLUMNS, NODE_COLUMNS, PARTY_COLUMNS, PARTY_TYPE,
    TARGET_TYPE,
};
use super::OutputFile;
use crate::graph::KnowledgeGraph;
use std::fmt::Write;

/// A Cypher string literal for `s`: single quotes, `\` → `\\`, `'` → `\'`, everything else
/// as it is (readable by Neo4j and Kùzu alike).
pub fn cypher_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The Cypher literal of a value.
fn literal(v: &Value) -> String {
    match v {
        Value::Str(s) => cypher_string(s),
        Value::Long(n) => n.to_string(),
        // Debug keeps a decimal point or exponent, so the literal is a float in both dialects.
        Value::Double(x) => format!("{x:?}"),
        Value::Null => "NULL".to_string(),
    }
}

/// `var.col = value, …` for the columns.
fn assignments(var: &str, cols: &[table::TypedColumn], values: &[Value]) -> String {
    cols.iter()
        .zip(values)
        .map(|(c, v)| format!("{var}.{} = {}", c.name, literal(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Neo4j schema: a uniqueness constraint, which also indexes the `MERGE` key.
const NEO4J_SCHEMA: &str = "// dealgraph: Neo4j 5 schema, run before graph.cypher.\n\
CREATE CONSTRAINT entity_name IF NOT EXISTS FOR (n:Entity) REQUIRE n.name IS UNIQUE;\n\
CREATE CONSTRAINT deal_id IF NOT EXISTS FOR (d:Deal) REQUIRE d.id IS UNIQUE;\n";

/// The script.
pub(crate) fn to_cypher_script(graph: &KnowledgeGraph) -> String {
    let mut out = format!(
        "// dealgraph {}: idempotent Cypher for Neo4j 5 and Kùzu.\n\
         // Run schema.neo4j.cypher (Neo4j) or schema.kuzu.cypher (Kùzu) first.\n",
        env!("CARGO_PKG_VERSION")
    );
    for n in graph.nodes() {
        let _ = writeln!(
            out,
            "MERGE (n:Entity {{name: {}}}) SET {};",
            cypher_string(&n.name),
            assignments("n", NODE_COLUMNS, &table::node_values(n))
        );
    }
    for (s, t, e) in graph.edges() {
        let values = table::edge_values(e);
        // `status` is part of the MERGE key (one edge per relation and status); the rest is set.
        let _ = writeln!(
            out,
            "MATCH (a:Entity {{name: {}}}) MATCH (b:Entity {{name: {}}}) \
             MERGE (a)-[r:{} {{status: {}}}]->(b) SET {};",
            cypher_string(&s.name),
            cypher_string(&t.name),
            table::rel_type(e.relation),
            cypher_string(e.status.as_str()),
            assignments("r", &EDGE_COLUMNS[1..], &values[1..])
        );
    }
    // The deal records: each deal node, its parties (keyed by their place `n` in the deal)
    // and its target.
    for d in graph.deal_records() {
        let id = cypher_string(&d.id);
        let _ = writeln!(
            out,
            "MERGE (d:{DEAL_LABEL} {{id: {id}}}) SET {};",
            assignments("d", DEAL_COLUMNS, &table::deal_values(&d))
        );
        for (n, p) in d.parties.iter().enumerate() {
            let values = table::party_values(n, p);
            let _ = writeln!(
                out,
                "MATCH (a:Entity {{name: {}}}) MATCH (d:{DEAL_LABEL} {{id: {id}}}) \
                 MERGE (a)-[p:{PARTY_TYPE} {{n: {n}}}]->(d) SET {};",
                cypher_string(&p.name),
                assignments("p", &PARTY_COLUMNS[1..], &values[1..])
            );
        }
        let _ = writeln!(
            out,
            "MATCH (d:{DEAL_LABEL} {{id: {id}}}) MATCH (b:Entity {{name: {}}}) \
             MERGE (d)-[:{TARGET_TYPE}]->(b);",
            cypher_string(&d.target)
        );
    }
    out
}

/// The files of the `cypher/` folder.
pub(crate) fn to_cypher(graph: &KnowledgeGraph) -> Vec<OutputFile> {
    vec![
        OutputFile::new("cypher/graph.cypher", to_cypher_script(graph).into_bytes()),
        OutputFile::new(
            "cypher/schema.neo4j.cypher",
            NEO4J_SCHEMA.as_bytes().to_vec(),
        ),
        OutputFile::new(
            "cypher/schema.kuzu.cypher",
            super::kuzu::schema().into_bytes(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_end_early() {
        let cases = [
            ("腾讯", "'腾讯'"),
            ("it's", r"'it\'s'"),
            (r"back\slash\", r"'back\\slash\\'"),
            (
                r"\'; MATCH (n) DETACH DELETE n; //",
                r"'\\\'; MATCH (n) DETACH DELETE n; //'",
            ),
            ("two\nlines", "'two\nlines'"),
            ("\"double\"", "'\"double\"'"),
        ];
        for (input, want) in cases {
            assert_eq!(cypher_string(input), want, "{input:?}");
        }
    }

    /// Reads a single-quoted literal as Neo4j's lexer does (`'` ends it, `\\` takes the next
    /// character); returns the value and the number of bytes consumed.
    fn lex(literal: &str) -> (String, usize) {
        let mut chars = literal.char_indices();
        assert_eq!(chars.next(), Some((0, '\'')));
        let mut value = String::new();
        while let Some((i, c)) = chars.next() {
            match c {
                '\'' => return (value, i + 1),
                '\\' => value.push(chars.next().expect("escape at the end").1),
                c => value.push(c),
            }
        }
        panic!("unterminated literal {literal:?}");
    }

    proptest::proptest! {
        #[test]
        fn any_string_stays_inside_its_literal(s in "(?s).*|[\\\\'\"\\n;a]*") {
            let literal = cypher_string(&s);
            let (value, consumed) = lex(&literal);
            proptest::prop_assert_eq!(value, s);
            proptest::prop_assert_eq!(consumed, literal.len());
        }
    }

    #[test]
    fn status_is_the_first_edge_column() {
        assert_eq!(EDGE_COLUMNS[0].name, "status");
    }
}
