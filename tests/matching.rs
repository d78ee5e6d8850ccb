//! Dictionary matching on the seed gold: every surface form the annotators saw must be found.

use dealgraph::dictionary::{alias_key, Dictionary};
use dealgraph::matcher::Matcher;
use dealgraph::normalize::normalize;
use std::collections::HashSet;

#[test]
fn recall_of_gold_surface_forms_is_at_least_98_percent() {
    let dict = Dictionary::bundled().unwrap();
    let matcher = Matcher::new(&dict).unwrap();
    let gold_aliases: HashSet<String> =
        crate::util::read_jsonl(&crate::util::root().join("tests/gold/entities.jsonl"))
            .iter()
            .flat_map(|e| {
                let mut v = vec![e["name"].as_str().unwrap().to_string()];
                v.extend(
                    e["aliases"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|a| a.as_str().unwrap().to_string()),
                );
                v
            })
            .map(|a| alias_key(&a))
            .collect();
    let (mut considered, mut found) = (0usize, 0usize);
    let mut missed = Vec::new();
    for r in crate::util::read_jsonl(&crate::util::root().join("tests/gold/relations.jsonl")) {
        let sentence = normalize(r["sentence"].as_str().unwrap());
        let mentions = matcher.find(&sentence);
        for (side, surface) in [("source", "source_surface"), ("target", "target_surface")] {
            let surface = r[surface].as_str().unwrap();
            // Pronouns and round references are coreference, not dictionary matches.
            if !gold_aliases.contains(&alias_key(surface)) {
                continue;
            }
            considered += 1;
            let want = dict.resolve(r[side].as_str().unwrap());
            let hit = mentions.iter().any(|m| {
                Some(m.entity) == want && alias_key(&sentence[m.span.clone()]) == alias_key(surface)
            });
            if hit {
                found += 1;
            } else {
                missed.push(format!("{surface} ({}) in {sentence}", r[side]));
            }
        }
    }
    let recall = found as f64 / considered as f64;
    eprintln!("gold surface-form recall: {found}/{considered} = {recall:.4}; missed: {missed:#?}");
    assert!(
        recall >= 0.98,
        "recall {recall:.4}; missed:\n{}",
        missed.join("\n")
    );
}

#[test]
fn gold_entities_are_all_in_the_bundled_dictionary() {
    let dict = Dictionary::bundled().unwrap();
    for e in crate::util::read_jsonl(&crate::util::root().join("tests/gold/entities.jsonl")) {
        let name = e["name"].as_str().unwrap();
        let id = dict
            .by_name(name)
            .unwrap_or_else(|| panic!("{name} missing"));
        for a in e["aliases"].as_array().unwrap() {
            assert_eq!(
                dict.resolve(a.as_str().unwrap()),
                Some(id),
                "alias {a} of {name}"
            );
        }
    }
}
