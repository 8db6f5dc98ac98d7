//! Loader for the array format: mempool `pools-v2.json` and bitcoin-data `pool-list.json`.

use serde_json::Value;

use super::format::{ParsedPool, as_object, opt_str, str_array, unescape_regex_literal};
use super::{PoolError, RegistryFormat};

const F: RegistryFormat = RegistryFormat::PoolList;

/// Reads `[{id, name, addresses, tags, link}, ...]`; tags are unescaped regex literals.
pub(crate) fn read(value: &Value) -> Result<Vec<ParsedPool>, PoolError> {
    let items = value.as_array().ok_or_else(|| PoolError::schema(F.name(), "$", "an array"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let path = format!("$[{i}]");
            let obj = as_object(F, item, &path)?;
            let name = opt_str(F, obj, "name", &path)?
                .ok_or_else(|| PoolError::schema(F.name(), format!("{path}.name"), "a string"))?;
            Ok(ParsedPool {
                name,
                link: opt_str(F, obj, "link", &path)?,
                tags: str_array(F, obj, "tags", &path)?
                    .iter()
                    .map(|t| unescape_regex_literal(t))
                    .collect(),
                addresses: str_array(F, obj, "addresses", &path)?,
                slug: None,
            })
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "a panicking index fails the test, as intended")]
mod tests {
    use crate::pool::{PoolError, Registry, RegistryFormat};

    #[test]
    fn reads_pools_and_reports_bad_entries() {
        let json = r#"[
          {"id": 1, "name": "A", "addresses": ["1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", "bogus"],
           "tags": ["\/A\/", ""], "link": "https://a"},
          {"id": 2, "name": "B", "addresses": [], "tags": ["/a/"], "link": null}
        ]"#;
        let mut reg = Registry::new();
        reg.load(RegistryFormat::PoolList, json, "t").unwrap();
        assert_eq!(reg.pools().len(), 2);
        assert_eq!(reg.tags().len(), 1);
        assert_eq!(reg.tags()[0].text(), "/A/");
        assert_eq!(reg.addresses().len(), 1);
        assert_eq!(reg.skipped().len(), 2);
        // "/a/" for B collides case-insensitively with "/A/" for A.
        assert_eq!(reg.disagreements().len(), 1);
    }

    #[test]
    fn wrong_shapes_are_schema_errors_with_paths() {
        let mut reg = Registry::new();
        let e = reg.load(RegistryFormat::PoolList, r#"[{"name": "A", "tags": "x"}]"#, "t");
        assert!(matches!(e, Err(PoolError::Schema { ref path, .. }) if path == "$[0].tags"));
        let e = reg.load(RegistryFormat::PoolList, r#"{"a": 1}"#, "t");
        assert!(matches!(e, Err(PoolError::Schema { .. })));
        let e = reg.load(RegistryFormat::PoolList, "[\n{\"name\": 1,}\n]", "t");
        assert!(matches!(e, Err(PoolError::Json { line: 2, .. })));
        assert!(reg.pools().is_empty() && reg.sources().is_empty());
    }
}
