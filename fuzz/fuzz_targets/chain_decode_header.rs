//! `chain::decode_header` on arbitrary bytes: never panics, accepts exactly the 80-byte inputs,
//! and re-encodes them byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minerscope::chain::{decode_header, HEADER_SIZE};

fuzz_target!(|data: &[u8]| {
    match decode_header(data) {
        Ok(header) => {
            assert_eq!(data.len(), HEADER_SIZE);
            assert_eq!(bitcoin::consensus::serialize(&header), data);
        }
        Err(_) => assert_ne!(data.len(), HEADER_SIZE),
    }
});
