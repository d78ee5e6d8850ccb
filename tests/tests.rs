//! Integration tests: the real binary on the real seeds, and the library on the seed gold.

mod util;

mod accuracy;

mod cli;
mod constructions;
mod export;
mod fuzz_regressions;
mod harness;
mod hostile;
mod interop;
mod matching;
mod names;
mod query;
mod query_seeds;
mod roundtrip;
mod seeds;
