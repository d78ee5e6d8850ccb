//! Integration tests: the real binary on the real seeds, and the library on the seed gold.

mod util;

mod accuracy;

mod cli;
mod export;
mod interop;
mod matching;
mod query;
mod query_seeds;
mod seeds;
