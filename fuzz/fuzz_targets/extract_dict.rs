//! Fuzz target `extract_dict`: see `harness::extract_dict` in tests/harness.rs.
#![no_main]

#[path = "../../tests/harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::extract_dict(data));
