//! Fuzz target `extract`: see `harness::extract` in tests/harness.rs.
#![no_main]

#[path = "../../tests/harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::extract(data));
