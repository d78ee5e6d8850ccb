//! Integration tests: the real binary on the real seeds, and the library on the seed gold.

mod util;

mod cli;
mod matching;
mod query;
// Acceptance tests of `dealgraph query` on the seeds: they fail until relation extraction lands.
mod query_seeds;
mod seeds;
