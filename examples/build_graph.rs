//! Library use: build the graph of the bundled seed articles and print who invested in whom.
//!
//! Run with `cargo run --example build_graph [PATH...]` (default: `seeds`).

use dealgraph::pipeline::{Pipeline, RunOptions};
use dealgraph::relation::{RelationKind, Status};
use dealgraph::Inputs;
use std::path::PathBuf;

fn main() -> Result<(), dealgraph::Error> {
    let mut paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        paths.push(PathBuf::from("seeds"));
    }
    let pipeline = Pipeline::bundled()?;
    let out = pipeline.run(Inputs::new(paths), &RunOptions::default(), |_, _| {})?;
    for skipped in &out.skipped {
        eprintln!("skipped: {}", skipped.error);
    }
    println!(
        "{} documents, {} entities, {} edges",
        out.documents,
        out.graph.petgraph().node_count(),
        out.graph.petgraph().edge_count()
    );
    for (source, target, edge) in out.graph.edges() {
        if edge.relation == RelationKind::Invest && edge.status == Status::Asserted {
            let amount = edge.attrs.amount.as_ref().map_or("", |a| a.text.as_str());
            println!(
                "{} → {}  {} {}",
                source.name,
                target.name,
                edge.attrs.role.map_or("", |r| r.as_str()),
                amount
            );
        }
    }
    Ok(())
}
