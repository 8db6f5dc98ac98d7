//! `pool::Registry::load` of each file format into the built-in registry: the first byte picks
//! the format, the rest is the JSON. Never panics; an error leaves the registry unchanged, and
//! a successful load adds exactly one source and never removes a pool.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use minerscope::pool::{Attributor, Registry, RegistryFormat};

const FORMATS: [RegistryFormat; 4] = [
    RegistryFormat::PoolList,
    RegistryFormat::Legacy,
    RegistryFormat::CdIdentifiers,
    RegistryFormat::CdAddresses,
];

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let format = FORMATS[usize::from(*selector) % FORMATS.len()];
    // Built once: constructing the built-in registry dominates a run otherwise.
    static BUILTIN: OnceLock<Registry> = OnceLock::new();
    let before = BUILTIN.get_or_init(Registry::builtin);
    let mut reg = before.clone();
    match reg.load(format, text, "fuzz") {
        Ok(source) => {
            assert_eq!(reg.sources().len(), before.sources().len() + 1);
            assert_eq!(reg.sources().last().map(|s| s.format()), Some(format));
            assert_eq!(reg.sources().get(source.index()).map(|s| s.label()), Some("fuzz"));
            assert!(reg.pools().len() >= before.pools().len());
            Attributor::new(&reg).expect("a loaded registry builds an attributor");
        }
        Err(_) => assert_eq!(&reg, before, "a failed load changed the registry"),
    }
});
