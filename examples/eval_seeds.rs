//! Development aid: runs extraction on `seeds/` (crude document loading) and prints the
//! evaluation against `tests/gold/`; `--show` lists every false positive and negative,
//! `--dump` prints the predicted relations.

#[path = "../tests/support/crude_doc.rs"]
mod crude_doc;

fn main() {
    let pred = crude_doc::seed_relations();
    let (gold, names) = crude_doc::seed_gold();
    let report = dealgraph::eval::evaluate(&gold, &pred, &names);
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--dump") {
        for p in &pred {
            println!(
                "{} {} -{}-> {} {} {:?} {:?} {:?} {:?} {:?} [{}]",
                p.doc,
                p.source,
                p.relation,
                p.target,
                p.status,
                p.role,
                p.amount,
                p.round,
                p.stake,
                p.date.map(|d| d.to_string()),
                p.rule.as_deref().unwrap_or("")
            );
        }
    }
    print!("{report}");
    if args.iter().any(|a| a == "--show") {
        print!("{}", report.errors());
    }
}
