//! Shared helpers for integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The shared real-data folder: `$MINERSCOPE_DATA`, else `../shared/data` beside the crate.
///
/// Returns `None` (after printing one line) when the folder is absent, unless
/// `MINERSCOPE_REQUIRE_DATA=1`, in which case a missing folder fails the test.
pub fn data_dir(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("MINERSCOPE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if dir.join("PROVENANCE.md").is_file() {
        return Some(dir);
    }
    if std::env::var("MINERSCOPE_REQUIRE_DATA").as_deref() == Ok("1") {
        panic!("{test}: data folder {} not found and MINERSCOPE_REQUIRE_DATA=1", dir.display());
    }
    println!("skipping {test}: data folder {} not found (set MINERSCOPE_DATA)", dir.display());
    None
}

/// Reads a file below the data folder as text, panicking with the path on failure.
pub fn read_text(dir: &std::path::Path, rel: &str) -> String {
    let p = dir.join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
}

/// Reads a file below the data folder as bytes, panicking with the path on failure.
pub fn read_bytes(dir: &std::path::Path, rel: &str) -> Vec<u8> {
    let p = dir.join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
}

/// Early-returns from a test when the data folder is absent (see [`data_dir`]).
#[macro_export]
macro_rules! require_data {
    ($name:expr) => {
        match common::data_dir($name) {
            Some(d) => d,
            None => return,
        }
    };
}

/// Unix timestamps from 1 600 000 000 s on, each `steps[i]` seconds after the one before
/// (steps may be negative or zero, as mainnet's are): the property tests' disordered series.
pub fn times_from_steps(steps: Vec<i64>) -> Vec<i64> {
    steps
        .into_iter()
        .scan(1_600_000_000i64, |t, s| {
            *t += s;
            Some(*t)
        })
        .collect()
}
