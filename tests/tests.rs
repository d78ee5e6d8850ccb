//! Integration tests: the real binary on the real seeds, and the library on the seed gold.

mod util;

mod accuracy;

mod cli;
mod construction_table;
mod constructions;
mod export;
mod fuzz_regressions;
mod harness;
mod hostile;
mod interop;
mod matching;
mod query;
mod query_seeds;
mod reliability;
mod roundtrip;
mod seeds;
