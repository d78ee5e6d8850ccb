//! Per-stage benchmarks of the pipeline, each reporting bytes per second of the text it
//! works on (`Throughput::Bytes`): parse, normalise, split, match (every engine), segment,
//! extract, facts, graph insert and export; plus building the dictionary and the matcher.
//!
//! Input: a sample (the first `DEALGRAPH_BENCH_MB`, default 4, megabytes) of the JSONL corpus
//! named by `DEALGRAPH_BENCH_CORPUS`, else `bench-data/corpus.jsonl` (see `scripts/bench.sh`,
//! which unpacks it from `../shared`), else the five seed articles. The large-dictionary
//! benchmarks run when `DEALGRAPH_BENCH_DICT` or `bench-data/company_short_names.txt` exists.
//!
//! ```text
//! cargo bench --bench pipeline                 # everything
//! cargo bench --bench pipeline -- match        # one group
//! ```

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use dealgraph::dict_cache::{load, CacheOptions, CacheOutcome};
use dealgraph::dictionary::Dictionary;
use dealgraph::document::{Document, Inputs};
use dealgraph::export::{to_dot, ExportOptions};
use dealgraph::extract::{extract, Lexicon};
use dealgraph::graph::{DocumentFacts, KnowledgeGraph};
use dealgraph::matcher::{Engine, Matcher};
use dealgraph::normalize::normalize;
use dealgraph::pipeline::Pipeline;
use dealgraph::sentence::split;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The benchmark input: raw JSONL lines (or seed files), the texts inside them before
/// normalisation, and the parsed documents.
struct Sample {
    /// Where it came from.
    source: String,
    /// JSONL lines, or whole files for the seeds.
    raw: Vec<String>,
    /// The `text` of each raw line, not normalised.
    texts: Vec<String>,
    docs: Vec<Document>,
}

impl Sample {
    fn load() -> Sample {
        let limit = std::env::var("DEALGRAPH_BENCH_MB")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(4)
            << 20;
        let corpus = std::env::var_os("DEALGRAPH_BENCH_CORPUS")
            .map(PathBuf::from)
            .or_else(|| Some(PathBuf::from("bench-data/corpus.jsonl")).filter(|p| p.exists()));
        match corpus {
            Some(path) => {
                let all = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let mut raw = Vec::new();
                let mut size = 0;
                for line in all.lines().filter(|l| !l.trim().is_empty()) {
                    if size >= limit {
                        break;
                    }
                    size += line.len() + 1;
                    raw.push(line.to_string());
                }
                let texts = raw
                    .iter()
                    .filter_map(|l| {
                        let v: serde_json::Value = serde_json::from_str(l).ok()?;
                        Some(v["text"].as_str()?.to_string())
                    })
                    .collect();
                let docs = raw
                    .iter()
                    .enumerate()
                    .filter_map(|(i, l)| {
                        dealgraph::document::parse_jsonl_line(&path, i + 1, l)
                            .ok()
                            .flatten()
                    })
                    .collect();
                Sample {
                    source: format!("{} (first {} MB)", path.display(), limit >> 20),
                    raw,
                    texts,
                    docs,
                }
            }
            None => {
                let mut files: Vec<PathBuf> = std::fs::read_dir("seeds")
                    .expect("run from the project root")
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                    .collect();
                files.sort();
                let raw: Vec<String> = files
                    .iter()
                    .map(|p| std::fs::read_to_string(p).unwrap())
                    .collect();
                let docs = Inputs::new(files).map(Result::unwrap).collect();
                Sample {
                    source: "seeds/*.txt".into(),
                    texts: raw.clone(),
                    raw,
                    docs,
                }
            }
        }
    }

    fn raw_bytes(&self) -> u64 {
        self.raw.iter().map(|l| l.len() as u64).sum()
    }

    fn text_bytes(&self) -> u64 {
        self.docs.iter().map(|d| d.text.len() as u64).sum()
    }
}

/// The large user dictionary, if present.
fn large_dictionary() -> Option<PathBuf> {
    std::env::var_os("DEALGRAPH_BENCH_DICT")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("bench-data/company_short_names.txt")))
        .filter(|p| p.exists())
}

fn stages(c: &mut Criterion) {
    let sample = Sample::load();
    eprintln!(
        "input: {}: {} documents, {:.1} MB raw, {:.1} MB of text",
        sample.source,
        sample.docs.len(),
        sample.raw_bytes() as f64 / 1e6,
        sample.text_bytes() as f64 / 1e6
    );
    let dict = Dictionary::bundled().unwrap();
    let pipeline = Pipeline::new(dict.clone(), Lexicon::bundled().unwrap()).unwrap();
    let text_bytes = Throughput::Bytes(sample.text_bytes());

    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(sample.raw_bytes()));
    g.bench_function("jsonl+markup+normalise", |b| {
        b.iter(|| {
            for (i, line) in sample.raw.iter().enumerate() {
                black_box(dealgraph::document::parse_jsonl_line(Path::new("b"), i, line).ok());
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("normalise");
    g.throughput(Throughput::Bytes(
        sample.texts.iter().map(|t| t.len() as u64).sum(),
    ));
    g.bench_function("raw text", |b| {
        b.iter(|| {
            for t in &sample.texts {
                black_box(normalize(t));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("split");
    g.throughput(text_bytes.clone());
    g.bench_function("sentences", |b| {
        b.iter(|| {
            for d in &sample.docs {
                black_box(split(&d.text));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("match");
    g.throughput(text_bytes.clone());
    let mut dicts = vec![("bundled", dict.clone())];
    if let Some(path) = large_dictionary() {
        dicts.push(("267k", Dictionary::with_files(&[path]).unwrap()));
    }
    for (name, d) in &dicts {
        for (engine, label) in [
            (Engine::AhoDfa, "aho-dfa"),
            (Engine::AhoContiguousNfa, "aho-nfa"),
            (Engine::Daachorse, "daachorse"),
            (Engine::DaachorseBytewise, "daachorse-bytes"),
        ] {
            if engine == Engine::AhoDfa && d.len() > 10_000 {
                continue; // gigabytes of DFA
            }
            let matcher = Matcher::with_engine(d, engine).unwrap();
            matcher.segmenter(); // wait for jieba outside the measurement
            g.bench_function(format!("{name}/{label}"), |b| {
                b.iter(|| {
                    for doc in &sample.docs {
                        black_box(matcher.find(&doc.text));
                    }
                })
            });
        }
    }
    g.finish();

    let mut g = c.benchmark_group("segment");
    g.throughput(text_bytes.clone());
    g.sample_size(10);
    let jieba = pipeline.matcher().segmenter();
    g.bench_function("jieba cut of all text (what the matcher avoids)", |b| {
        b.iter(|| {
            for d in &sample.docs {
                black_box(jieba.cut(&d.text, false));
            }
        })
    });
    g.finish();
    // The guard must go before the matcher runs again: teaching jieba a name needs write access.
    drop(jieba);

    let analysed: Vec<_> = sample
        .docs
        .iter()
        .map(|d| (d, split(&d.text), pipeline.matcher().find(&d.text)))
        .collect();
    let lexicon = Lexicon::bundled().unwrap();
    let mut g = c.benchmark_group("extract");
    g.throughput(text_bytes.clone());
    g.bench_function("relations", |b| {
        b.iter(|| {
            for (d, sentences, mentions) in &analysed {
                if !mentions.is_empty() {
                    black_box(extract(d, sentences, mentions, &dict, &lexicon));
                }
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("facts");
    g.throughput(text_bytes.clone());
    g.bench_function("split+match+extract+co-mentions", |b| {
        b.iter(|| {
            for d in &sample.docs {
                black_box(pipeline.facts(d));
            }
        })
    });
    g.finish();

    let facts: Vec<DocumentFacts> = sample.docs.iter().map(|d| pipeline.facts(d)).collect();
    let mut g = c.benchmark_group("graph");
    g.throughput(text_bytes.clone());
    g.bench_function("insert", |b| {
        b.iter_batched(
            || facts.clone(),
            |facts| {
                let mut graph = KnowledgeGraph::new();
                for f in facts {
                    graph.add_document(&dict, f);
                }
                graph
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();

    let mut graph = KnowledgeGraph::new();
    for f in facts {
        graph.add_document(&dict, f);
    }
    let mut g = c.benchmark_group("export");
    g.throughput(text_bytes);
    g.bench_function("graph.json", |b| b.iter(|| black_box(graph.to_json())));
    g.bench_function("graph.dot", |b| {
        b.iter(|| black_box(to_dot(&graph, &ExportOptions::default())))
    });
    g.finish();
}

fn dictionary_build(c: &mut Criterion) {
    let Some(path) = large_dictionary() else {
        eprintln!("no large dictionary (bench-data/company_short_names.txt): skipped");
        return;
    };
    let names = std::fs::read_to_string(&path).unwrap().lines().count() as u64;
    let mut g = c.benchmark_group("dictionary");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Elements(names));
    g.bench_function("load 267k names", |b| {
        b.iter(|| Dictionary::with_files(std::slice::from_ref(&path)).unwrap())
    });
    let dict = Dictionary::with_files(std::slice::from_ref(&path)).unwrap();
    for (engine, label) in [
        (Engine::AhoContiguousNfa, "aho-nfa"),
        (Engine::Daachorse, "daachorse"),
        (Engine::DaachorseBytewise, "daachorse-bytes"),
    ] {
        g.bench_function(format!("matcher 267k names/{label}"), |b| {
            b.iter(|| {
                let m = Matcher::with_engine(&dict, engine).unwrap();
                m.segmenter(); // jieba with the names, built in the background
                m
            })
        });
    }
    // Issue 14: the same dictionary and automaton read back from the cache (written once,
    // in a temporary folder, before the measurement).
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("company_short_names.txt");
    std::fs::copy(&path, &copy).unwrap();
    let files = [copy];
    let options = CacheOptions {
        fallback_dir: Some(tmp.path().join("fallback")),
        ..CacheOptions::default()
    };
    load(&files, Engine::Auto, &options).unwrap();
    g.bench_function("dictionary and matcher 267k names from the cache", |b| {
        b.iter(|| {
            let p = load(&files, Engine::Auto, &options).unwrap();
            assert!(matches!(p.cache, CacheOutcome::Read(_)));
            p.matcher.segmenter(); // jieba's own dictionary, loaded in the background
            p
        })
    });
    g.finish();
}

criterion_group!(benches, stages, dictionary_build);
criterion_main!(benches);
