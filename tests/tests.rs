//! Integration tests: the real binary on the real seeds, and the library on the seed gold.

mod util;

mod accuracy;

mod browser;
mod cli;
mod construction_table;
mod constructions;
mod deals;
mod discover;
mod export;
mod fuzz_regressions;
mod golden;
mod harness;
mod hostile;
mod interop;
mod matching;
mod merge;
mod names;
mod pictures;
mod query;
mod query_seeds;
mod reliability;
mod roundtrip;
mod seeds;
mod spark;
