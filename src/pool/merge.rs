//! Merging registries, keeping the source of every entry and reporting disagreements.

use super::{Claim, Registry, SourceId};

impl Registry {
    /// Adds every source, pool, tag and address of `other` to this registry.
    ///
    /// Sources are appended (so every entry keeps where it came from); pools are matched by
    /// name ignoring case and punctuation (and `other`'s aliases are added); a tag or address that `other` assigns to a different
    /// pool than this registry keeps this registry's pool and is reported in
    /// [`disagreements`](Self::disagreements). Merge order is therefore priority order.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Claim, PoolError, Registry};
    ///
    /// let mempool = r#"[{"name": "WAYI.CN", "tags": ["/E2M & BTC.TOP/"], "addresses": []}]"#;
    /// let cd = r#"{"/E2M & BTC.TOP/": {"name": "BTC.TOP", "link": ""}}"#;
    /// let mut reg = Registry::from_json(mempool, "mempool")?;
    /// reg.merge(&Registry::from_json(cd, "consensus-decentralization")?);
    /// let d = &reg.disagreements()[0];
    /// let Claim::Tag(tag) = d.claim() else { unreachable!() };
    /// assert_eq!(reg.pool_name(reg.tags()[tag.index()].pool()), "WAYI.CN");
    /// assert_eq!(reg.pool_name(d.other_pool()), "BTC.TOP");
    /// # Ok::<_, PoolError>(())
    /// ```
    pub fn merge(&mut self, other: &Registry) {
        let sources: Vec<SourceId> =
            other.sources().iter().map(|s| self.add_source_with(s)).collect();
        let src = |id: SourceId| sources.get(id.index()).copied().unwrap_or(id);
        let mut pools = Vec::with_capacity(other.pools().len());
        for p in other.pools() {
            let mut id = None;
            for &s in p.sources() {
                id = Some(self.insert_pool(p.name(), p.link(), src(s)));
            }
            let id = id.unwrap_or_else(|| {
                let s = sources.first().copied().unwrap_or(SourceId(0));
                self.insert_pool(p.name(), p.link(), s)
            });
            if let Some(slug) = p.slug() {
                self.set_slug(id, slug);
            }
            pools.push(id);
        }
        let pool = |id: super::PoolId| pools.get(id.index()).copied().unwrap_or(id);
        let mut aliases: Vec<(String, super::PoolId)> =
            other.alias_keys().map(|(k, id)| (k.to_owned(), pool(id))).collect();
        aliases.sort();
        for (alias, id) in aliases {
            self.insert_alias(&alias, id);
        }
        for t in other.tags() {
            for &s in t.sources() {
                self.insert_tag(pool(t.pool()), t.text(), src(s));
            }
        }
        for a in other.addresses() {
            for &s in a.sources() {
                self.insert_script(pool(a.pool()), a.address(), a.script_pubkey().clone(), src(s));
            }
        }
        for s in other.skipped() {
            self.push_skipped(s.clone(), src(s.source()));
        }
        for d in other.disagreements() {
            let claim = match d.claim() {
                Claim::Tag(t) => {
                    other.tag(*t).and_then(|t| self.find_tag(t.text())).map(Claim::Tag)
                }
                Claim::Address(a) => other
                    .address(*a)
                    .and_then(|a| self.find_script(a.script_pubkey()))
                    .map(Claim::Address),
            };
            if let Some(claim) = claim {
                self.push_disagreement(claim, pool(d.other_pool()), src(d.other_source()));
            }
        }
    }

    /// Merges several registries in priority order (see [`merge`](Self::merge)).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Registry;
    ///
    /// let extra =
    ///     Registry::from_json(r#"{"/NewPool/": {"name": "New Pool", "link": ""}}"#, "extra")?;
    /// let builtin = Registry::builtin();
    /// let reg = Registry::merged([&builtin, &extra]);
    /// assert_eq!(reg.sources().len(), 2);
    /// assert_eq!(reg.pools().len(), builtin.pools().len() + 1);
    /// assert!(reg.find_tag("/NewPool/").is_some() && reg.find_tag("/ViaBTC/").is_some());
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn merged<'a>(registries: impl IntoIterator<Item = &'a Registry>) -> Registry {
        let mut out = Registry::new();
        for r in registries {
            out.merge(r);
        }
        out
    }
}
