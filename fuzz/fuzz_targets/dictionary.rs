//! Fuzz target `dictionary`: see `harness::dictionary` in tests/harness.rs.
#![no_main]

#[path = "../../tests/harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::dictionary(data));
