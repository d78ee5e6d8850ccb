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

/// Issue 14: the 267k company names (../shared, when present) read back from the dictionary
/// cache give the same dictionary and the same matches as a fresh build, on the seeds, the
/// dev set and a slice of the corpus.
#[test]
fn large_dictionary_from_the_cache_matches_a_fresh_build() {
    use dealgraph::dict_cache::{load, CacheOptions, CacheOutcome};
    use dealgraph::matcher::Engine;
    let root = crate::util::root();
    let shared = root.join("../shared");
    let names_xz = shared.join("external/company_names/company_short_names.txt.xz");
    let corpus_xz = shared.join("corpus/techcrunch_zh.jsonl.xz");
    if !names_xz.is_file() || !corpus_xz.is_file() {
        eprintln!("skipping: ../shared company names or corpus absent");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let names = tmp.path().join("company_short_names.txt");
    let slice = tmp.path().join("corpus.jsonl");
    let script = format!(
        "xz -dc '{}' > '{}' && xz -dc '{}' | head -n 200 > '{}'",
        names_xz.display(),
        names.display(),
        corpus_xz.display(),
        slice.display()
    );
    let ok = std::process::Command::new("sh")
        .args(["-c", &script])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipping: xz is not installed");
        return;
    }
    let files = [names.clone()];
    let options = CacheOptions {
        fallback_dir: Some(tmp.path().join("fallback")),
        ..CacheOptions::default()
    };
    let beside = tmp.path().join("company_short_names.txt.dealgraph-cache");
    let written = load(&files, Engine::Auto, &options).unwrap();
    assert_eq!(
        written.cache,
        CacheOutcome::Written {
            path: beside.clone(),
            stale: None
        }
    );
    // Written: built fresh from the names (then cached); read: from the cache.
    let read = load(&files, Engine::Auto, &options).unwrap();
    assert_eq!(read.cache, CacheOutcome::Read(beside));
    let fresh_dict = &written.dictionary;
    assert_eq!(read.dictionary.len(), fresh_dict.len());
    assert!(read.dictionary.entities().eq(fresh_dict.entities()));
    assert_eq!(read.dictionary.warnings(), fresh_dict.warnings());
    assert_eq!(fresh_dict.warnings().len(), 213);
    let mut texts: Vec<String> = std::fs::read_dir(root.join("seeds"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for file in [root.join("tests/dev/articles.jsonl"), slice] {
        for a in crate::util::read_jsonl(&file) {
            texts.push(normalize(a["text"].as_str().unwrap()));
        }
    }
    let mut mentions = 0;
    for text in &texts {
        let want = written.matcher.find(text);
        assert_eq!(read.matcher.find(text), want);
        mentions += want.len();
    }
    assert!(mentions > 1000, "{mentions} mentions");
}
