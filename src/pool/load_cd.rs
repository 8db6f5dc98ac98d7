//! Loaders for the consensus-decentralization `identifiers_bitcoin.json` (`{tag: {name, link}}`)
//! and `addresses_bitcoin.json` (`{address: {name, source}}`) files.

use serde_json::Value;

use super::format::{ParsedPool, as_object};
use super::load_legacy::{Grouper, entries};
use super::{PoolError, RegistryFormat};

pub(crate) fn read_identifiers(value: &Value) -> Result<Vec<ParsedPool>, PoolError> {
    let f = RegistryFormat::CdIdentifiers;
    let mut g = Grouper::default();
    entries(f, as_object(f, value, "$")?, "$", &mut g, true)?;
    Ok(g.finish())
}

pub(crate) fn read_addresses(value: &Value) -> Result<Vec<ParsedPool>, PoolError> {
    let f = RegistryFormat::CdAddresses;
    let mut g = Grouper::default();
    entries(f, as_object(f, value, "$")?, "$", &mut g, false)?;
    Ok(g.finish())
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "a panicking index fails the test, as intended")]
mod tests {
    use crate::pool::{Registry, RegistryFormat};

    #[test]
    fn reads_both_files() {
        let ids =
            r#"{"/E2M & BTC.TOP/": {"name": "BTC.TOP", "link": "http://www.easy2mine.com/"}}"#;
        let addrs = r#"{"1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY": {"name": "F2Pool", "source": "x"}}"#;
        let mut reg = Registry::new();
        reg.load(RegistryFormat::CdIdentifiers, ids, "ids").unwrap();
        reg.load(RegistryFormat::CdAddresses, addrs, "addrs").unwrap();
        assert_eq!(reg.pools().len(), 2);
        assert_eq!(reg.tags().len(), 1);
        assert_eq!(reg.addresses().len(), 1);
    }
}
