//! Loader for the legacy `{coinbase_tags, payout_addresses[, slugs]}` format (mempool, btccom,
//! 0xB10C and bitcoin-data `pools.json`).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::format::{ParsedPool, as_object, opt_str, unescape_regex_literal};
use super::registry::pool_key;
use super::{PoolError, RegistryFormat};

const F: RegistryFormat = RegistryFormat::Legacy;

/// Groups entries by pool, in first-seen order.
#[derive(Default)]
pub(crate) struct Grouper {
    pools: Vec<ParsedPool>,
    index: HashMap<String, usize>,
}

impl Grouper {
    pub(crate) fn pool(&mut self, name: &str, link: Option<String>) -> Option<&mut ParsedPool> {
        let key = pool_key(name);
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                self.pools.push(ParsedPool { name: name.to_owned(), ..ParsedPool::default() });
                self.index.insert(key, self.pools.len() - 1);
                self.pools.len() - 1
            }
        };
        let p = self.pools.get_mut(i)?;
        if p.link.is_none() {
            p.link = link;
        }
        Some(p)
    }

    pub(crate) fn finish(self) -> Vec<ParsedPool> {
        self.pools
    }
}

/// Reads `{key: {name, link|source}}` entries, calling `add` for each.
pub(crate) fn entries(
    format: RegistryFormat,
    map: &Map<String, Value>,
    path: &str,
    grouper: &mut Grouper,
    is_tag: bool,
) -> Result<(), PoolError> {
    for (key, v) in map {
        let p = format!("{path}[{key:?}]");
        let obj = as_object(format, v, &p)?;
        let name = opt_str(format, obj, "name", &p)?.unwrap_or_default();
        let link = opt_str(format, obj, "link", &p)?;
        if let Some(pool) = grouper.pool(&name, link) {
            if is_tag {
                // consensus-decentralization matches identifiers as plain substrings, so they
                // are read as written; the other keyed lists may hold mempool regexes.
                let tag = if format == RegistryFormat::CdIdentifiers {
                    key.clone()
                } else {
                    unescape_regex_literal(key)
                };
                pool.tags.push(tag);
            } else {
                pool.addresses.push(key.clone());
            }
        }
    }
    Ok(())
}

pub(crate) fn read(value: &Value) -> Result<Vec<ParsedPool>, PoolError> {
    let top = as_object(F, value, "$")?;
    let mut g = Grouper::default();
    if let Some(tags) = top.get("coinbase_tags") {
        entries(F, as_object(F, tags, "$.coinbase_tags")?, "$.coinbase_tags", &mut g, true)?;
    }
    if let Some(addrs) = top.get("payout_addresses") {
        let map = as_object(F, addrs, "$.payout_addresses")?;
        entries(F, map, "$.payout_addresses", &mut g, false)?;
    }
    let mut pools = g.finish();
    if let Some(slugs) = top.get("slugs") {
        let slugs = as_object(F, slugs, "$.slugs")?;
        let by_key: HashMap<String, &str> = slugs
            .iter()
            .map(|(k, v)| match v.as_str() {
                Some(slug) => Ok((pool_key(k), slug)),
                None => Err(PoolError::schema(F.name(), format!("$.slugs[{k:?}]"), "a string")),
            })
            .collect::<Result<_, _>>()?;
        for p in &mut pools {
            if let Some(s) = by_key.get(&pool_key(&p.name)) {
                p.slug = Some((*s).to_owned());
            }
        }
    }
    Ok(pools)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "a panicking index fails the test, as intended")]
mod tests {
    use crate::pool::{Registry, RegistryFormat};

    #[test]
    fn groups_tags_addresses_and_slugs_by_pool() {
        let json = r#"{
          "coinbase_tags": {"/F2Pool/": {"name": "F2Pool", "link": "https://f2pool.com"},
                            "七彩神仙鱼": {"name": "F2Pool", "link": ""}},
          "payout_addresses": {"1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY": {"name": "F2Pool", "link": ""}},
          "slugs": {"F2Pool": "f2pool"}
        }"#;
        let mut reg = Registry::new();
        reg.load(RegistryFormat::Legacy, json, "t").unwrap();
        assert_eq!(reg.pools().len(), 1);
        assert_eq!(reg.pools()[0].slug(), Some("f2pool"));
        assert_eq!(reg.tags().len(), 2);
        assert_eq!(reg.addresses().len(), 1);
    }
}
