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
                p.attrs.role,
                p.attrs.amount,
                p.attrs.round,
                p.attrs.stake,
                p.attrs.date.map(|d| d.to_string()),
                p.rule.as_deref().unwrap_or("")
            );
        }
    }
    if let Some(i) = args.iter().position(|a| a == "--sentence") {
        debug(&args[i + 1]);
        return;
    }
    print!("{report}");
    if args.iter().any(|a| a == "--show") {
        print!("{}", report.errors());
    }
}

/// Prints the slots, cues and candidates of one sentence.
fn debug(text: &str) {
    let dict = dealgraph::dictionary::Dictionary::bundled().unwrap();
    let matcher = dealgraph::matcher::Matcher::new(&dict).unwrap();
    let lexicon = dealgraph::extract::Lexicon::bundled().unwrap();
    let text = dealgraph::normalize::normalize(text);
    let mut mentions = matcher.find(&text);
    let taken: Vec<_> = mentions.iter().map(|m| m.span.clone()).collect();
    let mut open = Vec::new();
    for o in dealgraph::extract::open::find(&text, &taken, &lexicon) {
        let entity = dealgraph::dictionary::EntityId((dict.len() + open.len()) as u32);
        open.push(dealgraph::dictionary::Entity {
            aliases: vec![o.name.clone()],
            name: o.name,
            kind: o.kind,
            parent: None,
        });
        mentions.push(dealgraph::matcher::Mention {
            span: o.span,
            entity,
        });
    }
    mentions.sort_by_key(|m| m.span.start);
    let entities = dealgraph::extract::Entities::new(&dict, &open);
    let mut d = dealgraph::extract::Discourse::default();
    let a = dealgraph::extract::analyse(&text, 0, &mentions, entities, &lexicon, &d);
    for s in &a.slots {
        println!(
            "slot {:?} {} clause {}",
            &text[s.span.clone()],
            entities.entity(s.entity).name,
            s.clause
        );
    }
    for h in &a.hits {
        println!(
            "cue {:?} {:?} clause {}",
            &text[h.span.clone()],
            h.class,
            h.clause
        );
    }
    for c in dealgraph::extract::rules::apply(&a, &mut d, &lexicon) {
        println!("{c:?}");
    }
}
