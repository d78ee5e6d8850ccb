//! Integration tests: the real binary on the real seeds, and the library on the seed gold.

mod util;

mod cli;
mod fuzz_regressions;
mod harness;
mod hostile;
mod matching;
mod roundtrip;
mod seeds;
