//! `chain::json::btc_to_amount` on any JSON number: never panics, an accepted amount is in the
//! money range, and it is exact — printing it with 8 decimals and parsing again gives the same
//! satoshis.
#![no_main]

use bitcoin::Amount;
use libfuzzer_sys::fuzz_target;
use minerscope::chain::json::btc_to_amount;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(number) = serde_json::from_str::<serde_json::Number>(text) else { return };
    match btc_to_amount(&number, "fuzz") {
        Ok(amount) => {
            assert!(amount <= Amount::MAX_MONEY);
            let sat = amount.to_sat();
            let again: serde_json::Number =
                serde_json::from_str(&format!("{}.{:08}", sat / 100_000_000, sat % 100_000_000))
                    .expect("a decimal is a JSON number");
            assert_eq!(btc_to_amount(&again, "fuzz").ok(), Some(amount));
        }
        Err(e) => assert!(e.to_string().contains("fuzz")),
    }
});
