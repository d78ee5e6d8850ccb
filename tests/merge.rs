//! `merge` and `update`: the graph is a function of the set of documents, so the outputs of
//! shards merged, or of a build updated with new documents, are byte for byte those of one
//! build of all the documents (every output file and the ledger). Property tests over random
//! shardings and orders of the seeds and the dev set (and of a 2,000-article slice of the
//! shared corpus when ../shared is there), then the same through the binary.

use crate::util::{dealgraph, root};
use dealgraph::document::{Document, Inputs};
use dealgraph::export::{render, ExportOptions, Format};
use dealgraph::graph::{DocumentFacts, GraphOptions, KnowledgeGraph};
use dealgraph::ledger::{self, LedgerBuilder, LedgerHeader, MergeInput};
use dealgraph::pipeline::Pipeline;
use proptest::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The bundled pipeline, built once.
fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::bundled().unwrap())
}

/// The documents of `paths` that can be read (a build skips the others), analysed (the facts
/// a build folds), in input order.
fn facts_of(paths: Vec<PathBuf>) -> Vec<DocumentFacts> {
    let docs: Vec<Document> = Inputs::new(paths).filter_map(|d| d.ok()).collect();
    let cap = GraphOptions::default().max_comention_evidence;
    // On every core, as a build does (the 2,000-article slice is the long pole of this file).
    use rayon::prelude::*;
    docs.par_iter()
        .map(|d| pipeline().facts_capped(d, cap))
        .collect()
}

/// The seeds and the dev set, analysed once.
fn small_set() -> &'static [DocumentFacts] {
    static F: OnceLock<Vec<DocumentFacts>> = OnceLock::new();
    F.get_or_init(|| {
        facts_of(vec![
            root().join("seeds"),
            root().join("tests/dev/articles.jsonl"),
        ])
    })
}

/// The header every test ledger carries (bundled data).
fn header() -> LedgerHeader {
    LedgerHeader::new(
        ledger::config_of_files(&[], &[]).unwrap(),
        &GraphOptions::default(),
    )
}

/// The output files of `graph` by path: every format but the Graphviz images, or with
/// `every` false only `graph.json` and `relations.jsonl` (the property cases: every other
/// format is rendered from the graph `graph.json` holds whole, and the tests of the corpus
/// slice and of the commands compare every format).
fn outputs(graph: &KnowledgeGraph, every: bool) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for &f in Format::ALL {
        if matches!(f, Format::Svg | Format::Png) {
            continue;
        }
        if !every && !matches!(f, Format::Json | Format::Relations) {
            continue;
        }
        for file in render(graph, f, &ExportOptions::default()).unwrap() {
            files.insert(file.path, file.bytes);
        }
    }
    files
}

/// The ledger a build of `facts` (in this order) writes, and its graph, as a build makes them
/// (each (id, hash) once).
fn build_graph(facts: &[&DocumentFacts]) -> (KnowledgeGraph, Vec<u8>) {
    let dict = pipeline().dictionary();
    let mut graph = GraphOptions::default().build();
    let mut ledger = LedgerBuilder::new().unwrap();
    let mut seen = HashSet::new();
    for f in facts {
        if seen.insert((f.doc.clone(), f.hash.clone())) {
            ledger.push(f).unwrap();
            graph.add_document(dict, (*f).clone());
        }
    }
    let mut bytes = Vec::new();
    ledger.write_to(&header(), &mut bytes).unwrap();
    (graph, bytes)
}

/// The files a build of `facts` writes (the outputs, see [`outputs`], and the ledger).
fn build(facts: &[&DocumentFacts], every: bool) -> BTreeMap<String, Vec<u8>> {
    let (graph, ledger) = build_graph(facts);
    let mut files = outputs(&graph, every);
    files.insert(ledger::LEDGER_FILE.to_string(), ledger);
    files
}

/// The ledger a build of `facts` writes.
fn build_ledger(facts: &[&DocumentFacts]) -> Vec<u8> {
    build_graph(facts).1
}

/// Merges the ledgers `ledgers` (written into `dir`) as `dealgraph merge` does.
fn merge(dir: &Path, ledgers: &[Vec<u8>], every: bool) -> BTreeMap<String, Vec<u8>> {
    let inputs: Vec<MergeInput> = ledgers
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            let path = dir.join(format!("shard{i}.jsonl"));
            std::fs::write(&path, bytes).unwrap();
            MergeInput { path, skip: None }
        })
        .collect();
    let mut bytes = Vec::new();
    let (_, graph) = ledger::merge(&inputs, pipeline().dictionary(), &mut bytes).unwrap();
    let mut files = outputs(&graph, every);
    files.insert(ledger::LEDGER_FILE.to_string(), bytes);
    files
}

/// The names of the files that differ between `a` and `b` (empty when equal).
fn differing(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let names: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter(|n| a.get(*n) != b.get(*n))
        .cloned()
        .collect()
}

/// `facts` in the order `order` (a permutation), split into `shards` by `shard_of`.
fn shard<'a>(
    facts: &'a [DocumentFacts],
    order: &[usize],
    shard_of: &[usize],
    shards: usize,
) -> Vec<Vec<&'a DocumentFacts>> {
    let mut out = vec![Vec::new(); shards];
    for &i in order {
        out[shard_of[i] % shards].push(&facts[i]);
    }
    out
}

/// Checks that merging the shards of `facts` writes `want`, what one build of all of them
/// writes (with `every` formats); documents of `repeat` are in every shard as well.
fn check_merge(
    facts: &[DocumentFacts],
    want: &BTreeMap<String, Vec<u8>>,
    order: &[usize],
    shard_of: &[usize],
    shards: usize,
    repeat: &[usize],
    every: bool,
) {
    let mut parts = shard(facts, order, shard_of, shards);
    for part in &mut parts {
        part.extend(repeat.iter().map(|&i| &facts[i]));
    }
    let ledgers: Vec<Vec<u8>> = parts.iter().map(|p| build_ledger(p)).collect();
    let dir = tempfile::tempdir().unwrap();
    let got = merge(dir.path(), &ledgers, every);
    assert_eq!(differing(want, &got), Vec::<String>::new());
    // Associative: the merge of a merge.
    if ledgers.len() >= 3 {
        let first = merge(dir.path(), &ledgers[..2], false);
        let mut rest = vec![first[ledger::LEDGER_FILE].clone()];
        rest.extend(ledgers[2..].iter().cloned());
        let again = merge(dir.path(), &rest, every);
        assert_eq!(differing(want, &again), Vec::<String>::new());
    }
}

/// A permutation of `0..n` and a shard number per document.
fn sharding(n: usize) -> impl Strategy<Value = (Vec<usize>, Vec<usize>, usize)> {
    (
        Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
        proptest::collection::vec(0..8usize, n),
        1..5usize,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Any order and any sharding of the seeds and the dev set merge into the one build.
    #[test]
    fn merge_of_shards_is_the_build_of_all(
        (order, shard_of, shards) in sharding(small_set().len()),
        repeat in proptest::collection::vec(0..1000usize, 0..3),
    ) {
        static WANT: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
        let facts = small_set();
        let want = WANT.get_or_init(|| build(&facts.iter().collect::<Vec<_>>(), false));
        let repeat: Vec<usize> = repeat.into_iter().map(|i| i % facts.len()).collect();
        check_merge(facts, want, &order, &shard_of, shards, &repeat, false);
    }

    /// A build of some documents updated with others (some already in it, some changed)
    /// writes what a build of the documents it then holds writes.
    #[test]
    fn update_is_the_build_of_all(
        (order, side, _) in sharding(small_set().len()),
        changed in proptest::collection::vec(0..1000usize, 0..3),
    ) {
        let facts = small_set();
        let dict = pipeline().dictionary();
        // side 0: only in the build; 1: only in the update; 2: in both.
        let old: Vec<&DocumentFacts> =
            order.iter().filter(|&&i| side[i] % 3 != 1).map(|&i| &facts[i]).collect();
        let mut new: Vec<DocumentFacts> =
            order.iter().filter(|&&i| side[i] % 3 != 0).map(|&i| facts[i].clone()).collect();
        // A changed document: an old id with the facts of another document.
        for c in changed {
            let (Some(from), Some(to)) = (facts.get(c % facts.len()), old.get(c % old.len().max(1)))
            else {
                continue;
            };
            if from.doc == to.doc {
                continue;
            }
            let mut changed = from.clone();
            changed.doc = to.doc.clone();
            changed.hash = format!("{}-changed", from.hash);
            for r in &mut changed.relations {
                r.doc = to.doc.clone();
            }
            for (_, evidence) in &mut changed.comentions {
                for ev in evidence.iter_mut().filter(|ev| !ev.doc.is_empty()) {
                    ev.doc = to.doc.clone();
                }
            }
            new.retain(|n| n.doc != to.doc);
            new.push(changed);
        }
        let replaced: HashSet<&str> = new.iter().map(|n| n.doc.as_str()).collect();
        let mut all: Vec<&DocumentFacts> =
            old.iter().copied().filter(|o| !replaced.contains(o.doc.as_str())).collect();
        all.extend(new.iter());
        let want = build(&all, false);

        let dir = tempfile::tempdir().unwrap();
        let old_ledger = dir.path().join("documents.jsonl");
        std::fs::write(&old_ledger, build_ledger(&old)).unwrap();
        let mut update = LedgerBuilder::new().unwrap();
        for n in &new {
            update.push(n).unwrap();
        }
        let mut bytes = Vec::new();
        let (_, graph) = ledger::update(&old_ledger, &mut update, &header(), dict, &mut bytes).unwrap();
        let mut got = outputs(&graph, false);
        got.insert(ledger::LEDGER_FILE.to_string(), bytes);
        prop_assert_eq!(differing(&want, &got), Vec::<String>::new());
    }
}

/// Shards of 2,000 articles of the shared corpus merge into the one build (skipped without
/// ../shared).
#[test]
fn merge_of_corpus_shards_is_the_build_of_all() {
    let xz = root().join("../shared/corpus/techcrunch_zh.jsonl.xz");
    if !xz.exists() {
        eprintln!("skipped: {} is not here", xz.display());
        return;
    }
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("xz -dc '{}' | head -n 2000", xz.display()))
        .output()
        .expect("xz runs");
    let dir = tempfile::tempdir().unwrap();
    let slice = dir.path().join("slice.jsonl");
    std::fs::write(&slice, &out.stdout).unwrap();
    let facts = facts_of(vec![slice]);
    assert!(facts.len() > 1900, "{} documents", facts.len());
    let n = facts.len();
    let want = build(&facts.iter().collect::<Vec<_>>(), true);
    for (seed, shards) in [(7usize, 2usize), (11, 3), (13, 5)] {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| (i.wrapping_mul(2_654_435_761) ^ seed) % 1_000_003);
        let shard_of: Vec<usize> = (0..n).map(|i| (i * 31 + seed) % 97).collect();
        check_merge(&facts, &want, &order, &shard_of, shards, &[seed], true);
    }
}

/// Every file of a folder, by path relative to it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(dir, dir)
}

fn walk(base: &Path, dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(base, &p));
        } else {
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            out.insert(rel, std::fs::read(&p).unwrap());
        }
    }
    out
}

/// Runs the binary with `args`; returns (exit code, stderr).
fn run(args: &[&str]) -> (i32, String) {
    let out = dealgraph().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Through the binary: `merge` of two shard builds and `update` of a build with the rest
/// write the files of one build of the seeds, every format and the ledger.
#[test]
fn merge_and_update_commands_write_the_build_of_all() {
    let tmp = tempfile::tempdir().unwrap();
    let d = |n: &str| tmp.path().join(n).to_string_lossy().into_owned();
    let seeds: Vec<String> = {
        let mut v: Vec<String> = std::fs::read_dir(root().join("seeds"))
            .unwrap()
            .map(|e| e.unwrap().path().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let formats = "json,dot,relations,deals,graphml,neo4j,cypher,kuzu,jsonl,html";
    let build = |out: &str, inputs: &[String]| {
        let mut args = vec!["build", "-q", "-f", formats, "-o", out];
        args.extend(inputs.iter().map(|s| s.as_str()));
        assert_eq!(run(&args).0, 0);
    };
    build(&d("full"), &seeds);
    build(&d("a"), &seeds[..2]);
    build(&d("b"), &seeds[2..]);
    let full = files(&tmp.path().join("full"));
    assert_eq!(full.len(), 30, "{:?}", full.keys().collect::<Vec<_>>());

    let (code, err) = run(&["merge", "-q", "-f", formats, &d("m"), &d("b"), &d("a")]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(files(&tmp.path().join("m")), full);

    let a = d("a");
    let mut args = vec!["update", "-q", "-f", formats, &a];
    args.extend(seeds[1..].iter().map(|s| s.as_str()));
    let (code, err) = run(&args);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(files(&tmp.path().join("a")), full);

    // Updating again with documents it holds changes nothing.
    let mut args = vec!["update", "-q", "-f", formats, &a];
    args.extend(seeds[..3].iter().map(|s| s.as_str()));
    assert_eq!(run(&args).0, 0);
    assert_eq!(files(&tmp.path().join("a")), full);
}

/// A document id in two shards with different content is an error naming both lines; a
/// ledger built with another dictionary does not merge or update.
#[test]
fn merge_refuses_one_id_with_two_contents_and_other_dictionaries() {
    let tmp = tempfile::tempdir().unwrap();
    let p = |n: &str| tmp.path().join(n);
    let d = |n: &str| p(n).to_string_lossy().into_owned();
    std::fs::create_dir(p("x")).unwrap();
    std::fs::create_dir(p("y")).unwrap();
    std::fs::write(p("x/news.txt"), "腾讯投资了小红书。").unwrap();
    std::fs::write(p("y/news.txt"), "阿里巴巴投资了小红书。").unwrap();
    assert_eq!(run(&["build", "-q", "-o", &d("bx"), &d("x")]).0, 0);
    assert_eq!(run(&["build", "-q", "-o", &d("by"), &d("y")]).0, 0);
    let (code, err) = run(&["merge", "-q", &d("m"), &d("bx"), &d("by")]);
    assert_eq!(code, 3);
    assert_eq!(
        err,
        format!(
            "error: {}/by/documents.jsonl: line 2: document \"news.txt\" differs from the one \
             of the same id at {}/bx/documents.jsonl:2 (different content hash): shards to \
             merge must not share a document id with different content\n",
            tmp.path().display(),
            tmp.path().display()
        )
    );
    // Nothing written (the folder may have been made for the temporary files).
    if p("m").exists() {
        assert_eq!(files(&p("m")), BTreeMap::new());
    }

    std::fs::write(p("names.txt"), "小红书\n").unwrap();
    let (code, err) = run(&["merge", "-q", "--dict", &d("names.txt"), &d("m"), &d("bx")]);
    assert_eq!(code, 3);
    assert_eq!(
        err,
        format!(
            "error: {}/bx/documents.jsonl: built with other dictionary or lexicon files (or \
             another dealgraph version) than the --dict and --lexicon given: merge with those \
             of the builds\n",
            tmp.path().display()
        )
    );
    let before = files(&p("bx"));
    let (code, err) = run(&["update", "-q", "--dict", &d("names.txt"), &d("bx"), &d("y")]);
    assert_eq!(code, 3);
    assert_eq!(
        err,
        format!(
            "error: {}/bx/documents.jsonl: built with another configuration (dictionary or \
             lexicon files, program version or co-mention sample): update with the --dict and \
             --lexicon files of the build, or rebuild\n",
            tmp.path().display()
        )
    );
    assert_eq!(files(&p("bx")), before);
}

/// A build with `--no-ledger` removes the ledger of an earlier build in its folder (it would
/// update another graph); `update` says which outputs it leaves as they were.
#[test]
fn stale_ledgers_go_and_update_names_the_outputs_it_leaves() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = out.to_string_lossy().into_owned();
    let seed = root().join("seeds/000_af84d4a67f423532.txt");
    let seed = seed.to_string_lossy().into_owned();
    assert_eq!(
        run(&["build", "-q", "-f", "json,graphml", "-o", &o, &seed]).0,
        0
    );
    let (code, err) = run(&["update", "-f", "json", &o, &seed]);
    assert_eq!(code, 0);
    assert_eq!(
        err,
        format!(
            "warning: {o}/graph.graphml is left as it was (not in --format): it no longer \
             matches the graph\n1 documents read (0 repeated in the inputs): 0 new, 1 already \
             in the graph (counted once), 0 replaced (same id, new content)\n1 documents: \
             {}\nwrote {o}/documents.jsonl\nwrote {o}/graph.json\n",
            summary(&out)
        )
    );
    let (code, err) = run(&["build", "--no-ledger", "-f", "json", "-o", &o, &seed]);
    assert_eq!(code, 0);
    // The summary line between them holds the time.
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        [lines[0], lines[2]],
        [
            format!("removed {o}/documents.jsonl (an earlier build's ledger; --no-ledger)"),
            format!("wrote {o}/graph.json")
        ]
    );
    assert_eq!(lines.len(), 3, "{err}");
    assert_eq!(
        files(&out).into_keys().collect::<Vec<_>>(),
        ["graph.graphml", "graph.json"]
    );
}

/// `E entities, F edges, R relations` of the graph.json in `dir`.
fn summary(dir: &Path) -> String {
    let g = crate::util::read_json(&dir.join("graph.json"));
    let relations = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["relation"] != "co_mention")
        .map(|e| e["evidence"].as_array().unwrap().len())
        .sum::<usize>();
    format!(
        "{} entities, {} edges, {relations} relations",
        g["nodes"].as_array().unwrap().len(),
        g["edges"].as_array().unwrap().len()
    )
}

/// A document read twice (same id and content: here the same file given twice) counts once:
/// the outputs are those of reading it once.
#[test]
fn a_document_read_twice_counts_once() {
    let seed = root().join("seeds/000_af84d4a67f423532.txt");
    let seed = seed.to_string_lossy().into_owned();
    let (once, out) = crate::util::build(&[&seed], &["--json-summary"]);
    assert!(out.status.success());
    let (twice, out) = crate::util::build(&[&seed, &seed], &["--json-summary"]);
    assert!(out.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (&summary["documents"], &summary["duplicates"]),
        (&serde_json::json!(1), &serde_json::json!(1))
    );
    assert_eq!(files(once.path()), files(twice.path()));
}

/// `update` says what it did with each document: new, already there (the same content), or
/// replaced (its id with new content); the result is the build of the documents it holds.
#[test]
fn update_counts_new_unchanged_and_replaced_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let p = |n: &str| tmp.path().join(n).to_string_lossy().into_owned();
    let write = |dir: &str, name: &str, text: &str| {
        std::fs::create_dir_all(p(dir)).unwrap();
        std::fs::write(tmp.path().join(dir).join(name), text).unwrap();
    };
    write("old", "a.txt", "腾讯投资了京东。");
    write("old", "b.txt", "阿里巴巴收购了饿了么。");
    write("new", "a.txt", "腾讯投资了京东。");
    write("new", "b.txt", "阿里巴巴收购了优酷。");
    write("new", "c.txt", "美团投资了摩拜。");
    let (a, b, c) = (p("new/a.txt"), p("new/b.txt"), p("new/c.txt"));
    assert_eq!(
        run(&[
            "build",
            "-q",
            "-o",
            &p("g"),
            &p("old/a.txt"),
            &p("old/b.txt")
        ])
        .0,
        0
    );
    let (code, err) = run(&["update", &p("g"), &a, &b, &c, &c]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.lines().find(|l| l.contains("documents read")),
        Some(
            "4 documents read (1 repeated in the inputs): 1 new, 1 already in the graph \
             (counted once), 1 replaced (same id, new content)"
        )
    );
    assert_eq!(run(&["build", "-q", "-o", &p("all"), &a, &b, &c]).0, 0);
    assert_eq!(files(&tmp.path().join("g")), files(&tmp.path().join("all")));
}
