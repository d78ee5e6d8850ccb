//! Optional development check on FinRE (THUNLP; MIT): converts a FinRE split
//! (`head<TAB>tail<TAB>relation<TAB>sentence`, digits masked as `<N>`) into guidelines-format
//! gold relations plus an entity file built from the head/tail names, runs extraction on every
//! sentence and prints the evaluation. It reads `../shared/external/finre/` by default, which a
//! user's clone does not have; pass another path as the first argument.
//!
//! Label mapping: 持股 → holds_stake, 增持 → invest (role increase), 入股 / 注资 / 买资 → invest,
//! 收购 → acquire, 拟收购 → acquire (planned), 合作 → partner, 竞争 → compete, 拥有 → owns;
//! the reversed labels (被…) and every other label are out of scope. FinRE annotates one pair
//! per line, so only predictions between pairs it labels (with any label) are scored.
//!
//! `cargo run --release --example finre -- [FILE] [--out DIR] [--show]`

use dealgraph::dictionary::Dictionary;
use dealgraph::document::Document;
use dealgraph::extract::{extract, Lexicon};
use dealgraph::matcher::Matcher;
use dealgraph::relation::{RelationKind, RelationLine, Role, Status};
use std::collections::{BTreeMap, BTreeSet};

fn map(label: &str) -> Option<(RelationKind, Option<Role>, Status)> {
    Some(match label {
        "持股" => (RelationKind::HoldsStake, None, Status::Asserted),
        "增持" => (RelationKind::Invest, Some(Role::Increase), Status::Asserted),
        "入股" | "注资" | "买资" => (RelationKind::Invest, None, Status::Asserted),
        "收购" => (RelationKind::Acquire, None, Status::Asserted),
        "拟收购" => (RelationKind::Acquire, None, Status::Planned),
        "合作" => (RelationKind::Partner, None, Status::Asserted),
        "竞争" => (RelationKind::Compete, None, Status::Asserted),
        "拥有" => (RelationKind::Owns, None, Status::Asserted),
        _ => return None,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = (0..args.len())
        .find(|&i| !args[i].starts_with("--") && (i == 0 || args[i - 1] != "--out"))
        .map_or_else(
            || "../shared/external/finre/valid.txt".to_string(),
            |i| args[i].clone(),
        );
    let out_dir = args
        .iter()
        .position(|a| a == "--out")
        .map(|i| args[i + 1].clone());
    let text = std::fs::read_to_string(&file)?;
    // sentence → labelled pairs
    let mut sentences: BTreeMap<String, Vec<(String, String, String)>> = BTreeMap::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        // Names the dictionary cannot hold (one character) leave the pair out of scope.
        if f.len() != 4 || f[0].chars().count() < 2 || f[1].chars().count() < 2 {
            continue;
        }
        names.insert(f[0].to_string());
        names.insert(f[1].to_string());
        sentences.entry(f[3].to_string()).or_default().push((
            f[0].into(),
            f[1].into(),
            f[2].into(),
        ));
    }
    let entities: String = names
        .iter()
        .map(|n| {
            serde_json::json!({"name": n, "type": "company", "aliases": [n]}).to_string() + "\n"
        })
        .collect();
    let mut b = Dictionary::builder();
    b.add_jsonl(std::path::Path::new("finre-entities"), entities.as_bytes())?;
    let dict = b.build();
    let matcher = Matcher::new(&dict)?;
    let lexicon = Lexicon::bundled()?;
    let (mut gold, mut pred) = (Vec::new(), Vec::new());
    for (i, (sentence, pairs)) in sentences.iter().enumerate() {
        let id = format!("finre-{i:05}");
        let labelled: BTreeSet<(String, String)> = pairs
            .iter()
            .flat_map(|(h, t, _)| [(h.clone(), t.clone()), (t.clone(), h.clone())])
            .collect();
        for (h, t, label) in pairs {
            if let Some((relation, role, status)) = map(label) {
                gold.push(RelationLine {
                    doc: id.clone(),
                    sentence: sentence.clone(),
                    source: h.clone(),
                    relation,
                    target: t.clone(),
                    status,
                    attrs: dealgraph::model::Attributes {
                        role,
                        amount: None,
                        round: None,
                        stake: None,
                        date: None,
                    },
                    source_surface: h.clone(),
                    target_surface: t.clone(),
                    rule: None,
                    span: None,
                });
            }
        }
        let doc = Document {
            id: id.clone(),
            title: None,
            text: dealgraph::normalize::normalize(sentence),
            date: None,
            date_marks: Vec::new(),
        };
        let mentions = matcher.find(&doc.text);
        let sents = dealgraph::sentence::split(&doc.text);
        for r in extract(&doc, &sents, &mentions, &dict, &lexicon).relations {
            if labelled.contains(&(r.source.clone(), r.target.clone())) {
                pred.push(RelationLine::from(&r));
            }
        }
    }
    if let Some(dir) = out_dir {
        std::fs::create_dir_all(&dir)?;
        let lines: String = gold
            .iter()
            .map(|l| serde_json::to_string(l).unwrap() + "\n")
            .collect();
        std::fs::write(format!("{dir}/relations.jsonl"), lines)?;
        std::fs::write(format!("{dir}/entities.jsonl"), &entities)?;
    }
    let report = dealgraph::eval::evaluate(&gold, &pred, &dict);
    println!(
        "FinRE {file}: {} sentences, {} gold relations in scope",
        sentences.len(),
        gold.len()
    );
    print!("{report}");
    if args.iter().any(|a| a == "--show") {
        print!("{}", report.errors());
    }
    Ok(())
}
