//! `chain::decode_headers` on arbitrary bytes: never panics, accepts exactly the multiples of
//! 80 bytes, and returns one header per 80 bytes, each re-encoding to its slice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minerscope::chain::{decode_headers, HEADER_SIZE};

fuzz_target!(|data: &[u8]| {
    match decode_headers(data) {
        Ok(headers) => {
            assert_eq!(headers.len() * HEADER_SIZE, data.len());
            for (h, chunk) in headers.iter().zip(data.chunks_exact(HEADER_SIZE)) {
                assert_eq!(bitcoin::consensus::serialize(h), chunk);
            }
        }
        Err(_) => assert_ne!(data.len() % HEADER_SIZE, 0),
    }
});
