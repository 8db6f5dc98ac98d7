//! `pool::Ownership::from_legal_links_json` on arbitrary text: never panics, and every
//! membership it reads covers the dates between its bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minerscope::pool::Ownership;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(ownership) = Ownership::from_legal_links_json(text) {
        for m in ownership.memberships() {
            if let (Some(from), Some(to)) = (m.from(), m.to()) {
                if from <= to {
                    assert!(m.covers(from));
                    assert!(ownership.owner_at(m.pool(), from).is_some());
                }
            }
        }
    }
});
