//! The building-block floor of a build: what reading a JSONL corpus and finding the
//! dictionary's names and the lexicon's cue words costs with no pipeline around it.
//!
//! One thread does only this, for every line: read it, decode the JSON object (its `text`),
//! NFKC-normalise the text (dealgraph's `normalize`), scan it once with the dictionary's automaton (the engine the
//! matcher picks: aho-corasick DFA for a small dictionary, daachorse above 5,000 patterns)
//! and once with an aho-corasick DFA over every cue word of the lexicon. No Markdown, no
//! word boundaries, no sentences, no extraction, no graph, no output files. `scripts/bench.sh`
//! runs it beside `dealgraph build` to say how far the whole pipeline is above this floor.
//!
//! Run with `cargo run --release --example floor -- CORPUS.jsonl [--dict FILE]...`; it prints
//! the documents, bytes and matches it saw (so that none of the work can be optimised away)
//! and its setup and scan times on stderr.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder};
use dealgraph::dictionary::Dictionary;
use dealgraph::extract::{CueClass, Lexicon};
use dealgraph::normalize::normalize;
use std::io::BufRead;
use std::path::PathBuf;
use std::time::Instant;

/// The matcher's limit for the aho-corasick DFA (`matcher::Engine::Auto`).
const DFA_MAX_PATTERNS: usize = 5_000;

/// The dictionary automaton, as the matcher would build it.
enum Names {
    Aho(AhoCorasick),
    Daachorse(CharwiseDoubleArrayAhoCorasick<u32>),
}

impl Names {
    fn count(&self, text: &str) -> usize {
        match self {
            Names::Aho(ac) => ac.find_iter(text).count(),
            Names::Daachorse(da) => da.leftmost_find_iter(text).count(),
        }
    }
}

/// The one field of a JSONL line the floor reads (borrowed when it has no escapes).
#[derive(serde::Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    text: std::borrow::Cow<'a, str>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let mut corpus = None;
    let mut dicts = Vec::new();
    while let Some(a) = args.next() {
        if a == "--dict" {
            dicts.push(PathBuf::from(args.next().ok_or("--dict needs a file")?));
        } else {
            corpus = Some(PathBuf::from(a));
        }
    }
    let corpus = corpus.ok_or("usage: floor CORPUS.jsonl [--dict FILE]...")?;

    let setup = Instant::now();
    let dict = Dictionary::with_files(&dicts)?;
    let keys: Vec<&str> = dict.alias_keys().map(|(k, _)| k).collect();
    let names = if keys.len() <= DFA_MAX_PATTERNS {
        Names::Aho(
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&keys)?,
        )
    } else {
        Names::Daachorse(
            CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(daachorse::MatchKind::LeftmostLongest)
                .build_with_values(keys.iter().enumerate().map(|(i, k)| (k, i as u32)))
                .map_err(|e| e.to_string())?,
        )
    };
    let lexicon = Lexicon::bundled()?;
    let cue_words: Vec<&str> = CueClass::ALL
        .iter()
        .filter(|c| !c.is_name_word())
        .flat_map(|&c| lexicon.words(c))
        .collect();
    let cues = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&cue_words)?;
    let setup = setup.elapsed();

    let scan = Instant::now();
    let mut reader = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(&corpus)?);
    let mut line = String::new();
    let (mut docs, mut bytes, mut name_hits, mut cue_hits) = (0u64, 0u64, 0usize, 0usize);
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            break;
        }
        bytes += line.len() as u64;
        let Ok(parsed) = serde_json::from_str::<Line>(&line) else {
            continue;
        };
        // NFKC with dealgraph's normaliser: a quick check skips text that is already NFKC,
        // as a naive `chars().nfkc()` would not (it takes twice as long on this corpus).
        let text = normalize(&parsed.text);
        name_hits += names.count(&text);
        cue_hits += cues.find_iter(&text).count();
        docs += 1;
    }
    let scan = scan.elapsed();
    println!(
        "{docs} documents, {bytes} bytes, {name_hits} names ({} patterns), {cue_hits} cues ({} words)",
        keys.len(),
        cue_words.len()
    );
    eprintln!(
        "floor: setup {:.3} s, read+json+nfkc+scans {:.3} s ({:.1} MB/s)",
        setup.as_secs_f64(),
        scan.as_secs_f64(),
        bytes as f64 / 1e6 / scan.as_secs_f64().max(1e-9)
    );
    Ok(())
}
