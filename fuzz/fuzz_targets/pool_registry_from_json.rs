//! `pool::Registry::from_json` and `pool::RegistryFormat::detect` on arbitrary text: never
//! panic, agree on the format, and a loaded registry is internally consistent (every tag and
//! address points at a pool it holds, names resolve) and builds an attributor.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minerscope::pool::{Attributor, Registry, RegistryFormat};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let detected = RegistryFormat::detect(text);
    let Ok(reg) = Registry::from_json(text, "fuzz") else { return };
    let format = detected.expect("a loadable registry has a detectable format");
    assert_eq!(reg.sources().len(), 1);
    assert_eq!(reg.sources()[0].format(), format);
    for tag in reg.tags() {
        assert!(reg.pool(tag.pool()).is_some());
        assert_eq!(
            reg.find_tag(tag.text()).map(|id| reg.tag(id).map(|t| t.pool())),
            Some(Some(tag.pool()))
        );
    }
    for address in reg.addresses() {
        assert!(reg.pool(address.pool()).is_some());
    }
    for pool in reg.pools() {
        assert!(reg.find_pool(pool.name()).is_some());
    }
    Attributor::new(&reg).expect("a loaded registry builds an attributor");
});
