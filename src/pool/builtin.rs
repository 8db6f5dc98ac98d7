//! The curated built-in registry: current and historical major pools with their real coinbase
//! tags and payout addresses, so attribution works with no file at all.

use super::{Registry, RegistryFormat};

/// One pool of the built-in table: typed facts copied from mempool's `pools-v2.json`
/// (mempool/mining-pools `6abbdc8b`, 2026-02-24, MIT).
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Registry, BUILTIN_POOLS};
///
/// let antpool = BUILTIN_POOLS.iter().find(|p| p.name == "AntPool").expect("built in");
/// assert_eq!(antpool.slug, "antpool");
/// assert!(antpool.tags.contains(&"Mined by AntPool"));
/// // Every built-in tag reaches the registry (spellings differing only in ASCII case merge).
/// let reg = Registry::builtin();
/// let id = reg.find_pool(antpool.name).expect("in the registry");
/// let pool_of = |tag: &str| reg.find_tag(tag).and_then(|t| reg.tag(t)).map(|e| e.pool());
/// assert!(antpool.tags.iter().all(|t| pool_of(t) == Some(id)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct BuiltinPool {
    /// Display name, as mempool.space shows it.
    pub name: &'static str,
    /// URL slug.
    pub slug: &'static str,
    /// Web link.
    pub link: &'static str,
    /// Literal coinbase tags (UTF-8; matched ASCII-case-insensitively).
    pub tags: &'static [&'static str],
    /// Mainnet payout addresses.
    pub addresses: &'static [&'static str],
}

/// The built-in pools: the ~15 largest current pools (Foundry USA, AntPool, F2Pool, ViaBTC,
/// MARA, Luxor, SpiderPool, Binance, Braiins, SECPOOL, Poolin, BTC.com, OCEAN, ...) and the
/// historical pools needed to attribute old blocks (BTC Guild, GHash.IO, BTCC, ...).
///
/// The simulator uses these literal tags and addresses for its default pool mix.
///
/// [`Registry::builtin`] also knows the older names in [`BUILTIN_ALIASES`].
///
/// # Examples
///
/// ```
/// use minerscope::pool::BUILTIN_POOLS;
/// use std::collections::HashSet;
///
/// // Names and slugs are unique, and every pool has at least one tag or address.
/// let names: HashSet<&str> = BUILTIN_POOLS.iter().map(|p| p.name).collect();
/// let slugs: HashSet<&str> = BUILTIN_POOLS.iter().map(|p| p.slug).collect();
/// assert_eq!((names.len(), slugs.len()), (BUILTIN_POOLS.len(), BUILTIN_POOLS.len()));
/// assert!(BUILTIN_POOLS.iter().all(|p| !p.tags.is_empty() || !p.addresses.is_empty()));
/// ```
pub const BUILTIN_POOLS: &[BuiltinPool] = &[
    BuiltinPool {
        name: "Foundry USA",
        slug: "foundryusa",
        link: "https://foundrydigital.com",
        tags: &["/2cDw/", "Foundry USA Pool"],
        addresses: &[
            "12KKDt4Mj7N5UAkQMN7LtPZMayenXHa8KL",
            "1FFxkVijzvUPUeHgkFjBk2Qw8j3wQY2cDw",
            "bc1qxhmdufsvnuaaaer4ynz88fspdsxq2h9e9cetdj",
            "bc1p8k4v4xuz55dv49svzjg43qjxq2whur7ync9tm0xgl5t4wjl9ca9snxgmlt",
        ],
    },
    BuiltinPool {
        name: "AntPool",
        slug: "antpool",
        link: "https://www.antpool.com",
        tags: &["/AntPool/", "Mined by AntPool"],
        addresses: &[
            "12dRugNcdxK39288NjcDV4GX7rMsKCGn6B",
            "15kiNKfDWsq7UsPg87UwxA8rVvWAjzRkYS",
            "16MdTdqmXusauybtXTmFEW4GNFPPgGxQYE",
            "16kUc5B48qnASbxeZTisCqTNx6G3DPXuKn",
            "17gVZssumiJqYMCHozHKXGyaAvyu6NCX6V",
            "1AJQ3jXhUF8WiisEcuVd8Xmfq4QJ7n1SdL",
            "1B7ZBX2C39b26M9chHLURGSFTJA6DDQkZv",
            "1BWW3pg5jb6rxebrNeo9TATarwJ1rthnoe",
            "1CBqo1w3hmm9SCmbu2Yg6Ls4uLfkUqZJsx",
            "1CZHhV67Qos4xXb8uYqvAGjK8Wq52woPi5",
            "1CyB8GJNEsNVXtPutB36nrDY3fMXBTzXSX",
            "1D4UZG4qo8bF1MuZHSEyBHRZaxT8inatXS",
            "1D9jw3QHNankXxtcGVihsDK7Z7THN6j7Pg",
            "1DDXyKUT6q3H9e5QXm2Gv6BNNWgztFG55g",
            "1DQaDTefKPjHz3beLuo8KHRZF9t2Sc6foP",
            "1Dek9ArRHb9tyWb9gaaX8SWmkfi5V7U5Y6",
            "1DyR7HPQWjM6Zrnk7SzHVY2GEpXRGNNH9o",
            "1FdJkPdpXtK3t5utZHJAop3saLZWfPfgak",
            "1FrHkVsW7csAYYaRbUUcrKSmv91hcQnsqQ",
            "1GEG1JR81jvUXs7TMAuo3SPBHZrpJijcjt",
            "1GRcX882sdBYCAWyG99iF2oz7j3nYzXhLM",
            "1GT2N4dCufvbnTKMbS61QrQPN4SexCAFiH",
            "1Gp7iCzDGMZiV55Kt8uKsux6VyoHe1aJaN",
            "1H3u6R813MHGYhmGW6v86EYYriawRtACYD",
            "1H6ckqNWikmVT3wpN3X1BQ6b156Xc9nT2L",
            "1JBVrhSSDrZrRmm4RnoWouqgGGqJMvWHi8",
            "1JwUDWVSbAY5NeCBJhxQk1E8AfETfZuPj4",
            "1K8PNogxBZ6ts532DZnzxdbjgzJLjLdXqz",
            "1KmgBTL7cFmFFYTD7HcdkMcZXRcTkh2WwS",
            "1LTGvTjDxiy5S9YcKEE9Lb7xSpZcPSqinw",
            "1MiQrT5sEKTUGNMbd9WS3yPPkSjWdpYA2r",
            "1NS4gbx1G2D5rc9PnvVsPys12nKxGiQg72",
            "1Nh7uHdvY6fNwtQtM1G5EZAFPLC33B59rB",
            "1Pzf7qT7bBGouvnjRvtRD8VhTyqjX1NrJT",
            "1Sjj2cPC3rTWcSTEYDeu2f3BavLosog4T",
            "1jLVpwtNMfXWaHY4eiLDmGuBxokYLgv1X",
            "3FaYVQF6wCMUB9NCeRe4tUp1zZx8qqM7H1",
        ],
    },
    BuiltinPool {
        name: "F2Pool",
        slug: "f2pool",
        link: "https://www.f2pool.com",
        tags: &["七彩神仙鱼", "F2Pool", "🐟"],
        addresses: &[
            "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY",
            "bc1qf274x7penhcd8hsv3jcmwa5xxzjl2a6pa9pxwm",
        ],
    },
    BuiltinPool {
        name: "ViaBTC",
        slug: "viabtc",
        link: "https://viabtc.com",
        tags: &["/ViaBTC/", "viabtc.com deploy"],
        addresses: &[],
    },
    BuiltinPool {
        name: "MARA Pool",
        slug: "marapool",
        link: "https://marapool.com",
        tags: &["MARA Pool", "MARA Made in USA"],
        addresses: &["15MdAHnkxt9TMC2Rj595hsg8Hnv693pPBB", "1A32KFEX7JNPmU1PVjrtiXRrTQcesT3Nf1"],
    },
    BuiltinPool {
        name: "Luxor",
        slug: "luxor",
        link: "https://mining.luxor.tech",
        tags: &["/LUXOR/", "Luxor Tech"],
        addresses: &[
            "1MkCDCzHpBsYQivp8MxjY5AkTGG1f2baoe",
            "39bitUyBcUu3y3hRTtYprKbTp712t4ZWqK",
            "32BfKjhByDSxx3BM5vUkQ3NQq9csZR6nt6",
        ],
    },
    BuiltinPool {
        name: "SpiderPool",
        slug: "spiderpool",
        link: "https://www.spiderpool.com",
        tags: &["SpiderPool"],
        addresses: &[
            "125m2H43pwKpSZjLhMQHneuTwTJN5qRyYu",
            "38u1srayb1oybVB43UWKBJsrwJbdHGtPx2",
            "1BM1sAcrfV6d4zPKytzziu4McLQDsFC2Qc",
        ],
    },
    BuiltinPool {
        name: "Binance Pool",
        slug: "binancepool",
        link: "https://pool.binance.com",
        tags: &["/Binance/", "binance"],
        addresses: &[
            "122pN8zvqTxJaA8fRY1PDBu4QYodqE5m2X",
            "16moWjUJVRnDQKqhoCdcszfJg9wzBdoTHw",
            "1DSh7vX6ed2cgTeKPwufV5i4hSi4pp373h",
            "1JvXhnHCi6XqcanvrZJ5s2Qiv4tsmm2UMy",
            "3L8Ck6bm3sve1vJGKo6Ht2k167YKSKi8TZ",
            "bc1qx9t2l3pyny2spqpqlye8svce70nppwtaxwdrp4",
            "3G7jcEELKh38L6kaSV8K35pTqsh5bgZW2D",
        ],
    },
    BuiltinPool {
        name: "Braiins Pool",
        slug: "braiinspool",
        link: "https://braiins.com/pool",
        tags: &["/slush/"],
        addresses: &["1AqTMY7kmHZxBuLUR5wJjPFUvqGs23sesr", "1CK6KHY6MHgYvmRQ4PAafKYDrg1ejbH1cE"],
    },
    BuiltinPool {
        name: "SECPOOL",
        slug: "secpool",
        link: "https://www.secpool.com",
        tags: &["SecPool"],
        addresses: &["3Awm3FNpmwrbvAFVThRUFqgpbVuqWisni9"],
    },
    BuiltinPool {
        name: "Poolin",
        slug: "poolin",
        link: "https://www.poolin.com",
        tags: &["/poolin.com", "/poolin/"],
        addresses: &[
            "14sA8jqYQgMRQV9zUtGFvpeMEw7YDn77SK",
            "17tUZLvy3X2557JGhceXRiij2TNYuhRr4r",
            "1E8CZo2S3CqWg1VZSJNFCTbtT8hZPuQ2kB",
            "1GNgwA8JfG7Kc8akJ8opdNWJUihqUztfPe",
            "36n452uGq1x4mK7bfyZR8wgE47AnBb2pzi",
            "3JQSigWTCHyBLRD979JWgEtWP5YiiFwcQB",
            "3KJrsjfg1dD6CrsTeHdHVH3KqMpvL2XWQn",
        ],
    },
    BuiltinPool {
        name: "BTC.com",
        slug: "btccom",
        link: "https://pool.btc.com",
        tags: &["/BTC.COM/", "/BTC.com/", "btccom"],
        addresses: &[
            "1Bf9sZvBHPFGVPX71WX2njhd1NXKv5y7v5",
            "34qkc2iac6RsyxZVfyE2S5U5WcRsbg2dpK",
            "3EhLZarJUNSfV6TWMZY1Nh5mi3FMsdHa5U",
            "3NA8hsjfdgVkmmVS9moHmkZsVCoLxUkvvv",
            "bc1qjl8uwezzlech723lpnyuza0h2cdkvxvh54v3dn",
        ],
    },
    BuiltinPool {
        name: "OCEAN",
        slug: "ocean",
        link: "https://ocean.xyz/",
        tags: &["OCEAN.XYZ"],
        addresses: &["37dvwZZoT3D7RXpTCpN2yKzMmNs2i2Fd1n"],
    },
    BuiltinPool {
        name: "SBI Crypto",
        slug: "sbicrypto",
        link: "https://sbicrypto.com",
        tags: &["/SBICrypto.com Pool/", "SBI Crypto", "SBICrypto"],
        addresses: &[],
    },
    BuiltinPool {
        name: "ULTIMUSPOOL",
        slug: "ultimuspool",
        link: "https://www.ultimuspool.com",
        tags: &["/ultimus/"],
        addresses: &["1EMVSMe1VJUuqv7D7SFzctnVXk4KdjXATi", "3C9sAKXrBVpJVe3b738yik4LPHpPmceBgd"],
    },
    BuiltinPool {
        name: "WhitePool",
        slug: "whitepool",
        link: "https://whitebit.com/mining-pool",
        tags: &["WhitePool"],
        addresses: &["14VkxDwSAUWrzYTxV49HnYhKLWTJ3pCoUS"],
    },
    BuiltinPool {
        name: "Mining Squared",
        slug: "miningsquared",
        link: "https://pool.bsquared.network/",
        tags: &["MiningSquared", "BSquared Network", "/bsquared/"],
        addresses: &["3GdjWJdkJhtkxRZ3Ns1LstaoHNMBW8XsvU", "3AvXzTUat4p6Qf6ZLnRNvB3mDLjp3fNmjJ"],
    },
    BuiltinPool {
        name: "Titan",
        slug: "titan",
        link: "https://titan.io",
        tags: &["Titan.io"],
        addresses: &["14hLEtxozmmih6Gg5xrGZLfx51bEMj21NW"],
    },
    BuiltinPool {
        name: "EMCDPool",
        slug: "emcdpool",
        link: "https://pool.emcd.io",
        tags: &["/EMCD/", "/one_more_mcd/", "get___emcd", "emcd"],
        addresses: &["1BDbsWi3Mrcjp1wdop3PWFNCNZtu4R7Hjy"],
    },
    BuiltinPool {
        name: "Carbon Negative",
        slug: "carbonnegative",
        link: "https://github.com/bitcoin-data/mining-pools/issues/48",
        tags: &[],
        addresses: &["33SAB6pzbhEGPbfY6NVgRDV7jVfspZ3A3Z", "3KZDwmJHB6QJ13QPXHaW7SS3yTESFPZoxb"],
    },
    BuiltinPool {
        name: "KuCoinPool",
        slug: "kucoinpool",
        link: "https://www.kucoin.com/mining-pool",
        tags: &["KuCoinPool"],
        addresses: &["1ArTPjj6pV3aNRhLPjJVPYoxB98VLBzUmb"],
    },
    BuiltinPool {
        name: "Huobi.pool",
        slug: "huobipool",
        link: "https://www.hpt.com",
        tags: &["/HuoBi/", "/Huobi/"],
        addresses: &[
            "18Zcyxqna6h7Z7bRjhKvGpr8HSfieQWXqj",
            "1EepjXgvWUoRyNvuLSAxjiqZ1QqKGDANLW",
            "1MvYASoHjqynMaMnP7SBmenyEWiLsTqoU6",
            "3HuobiNg2wHjdPU2mQczL9on8WF7hZmaGd",
        ],
    },
    BuiltinPool {
        name: "1THash",
        slug: "1thash",
        link: "https://www.1thash.top",
        tags: &["/1THash&58COIN/", "/1THash/"],
        addresses: &["147SwRQdpCfj5p8PnfsXV2SsVVpVcz3aPq", "15vgygQ7ZsWdvZpctmTZK4673QBHsos6Sh"],
    },
    BuiltinPool {
        name: "OKExPool",
        slug: "okexpool",
        link: "https://www.okex.com",
        tags: &["/www.okex.com/"],
        addresses: &[],
    },
    BuiltinPool {
        name: "BTC.TOP",
        slug: "btctop",
        link: "https://btc.top",
        tags: &["/BTC.TOP/"],
        addresses: &["1Hz96kJKF2HLPGY15JWLB5m9qGNxvt8tHJ"],
    },
    BuiltinPool {
        name: "WAYI.CN",
        slug: "wayicn",
        link: "https://www.easy2mine.com",
        tags: &["/E2M & BTC.TOP/"],
        addresses: &[],
    },
    BuiltinPool {
        name: "GHash.IO",
        slug: "ghashio",
        link: "https://ghash.io",
        tags: &["ghash.io"],
        addresses: &["1CjPR7Z5ZSyWk6WtXvSFgkptmpoi4UM9BC"],
    },
    BuiltinPool {
        name: "BitFury",
        slug: "bitfury",
        link: "https://bitfury.com",
        tags: &["/BitFury/", "/Bitfury/"],
        addresses: &["14yfxkcpHnju97pecpM7fjuTkVdtbkcfE6", "1AcAj9p6zJn4xLXdvmdiuPCtY7YkBPTAJo"],
    },
    BuiltinPool {
        name: "BTCC",
        slug: "btcc",
        link: "https://pool.btcc.com",
        tags: &["/BTCC/", "BTCChina Pool", "BTCChina.com", "btcchina.com"],
        addresses: &["152f1muMCNa7goXYhYAQC61hxEgGacmncB"],
    },
    BuiltinPool {
        name: "NiceHash",
        slug: "nicehash",
        link: "https://www.nicehash.com",
        tags: &["/NiceHashSolo", "/NiceHash/", "/NiceHashMining/"],
        addresses: &[],
    },
    BuiltinPool {
        name: "Bitcoin.com",
        slug: "bitcoincom",
        link: "https://www.bitcoin.com",
        tags: &["pool.bitcoin.com"],
        addresses: &[],
    },
    BuiltinPool {
        name: "Solo CK",
        slug: "solock",
        link: "https://solo.ckpool.org",
        tags: &["/solo.ckpool.org/"],
        addresses: &[],
    },
    BuiltinPool {
        name: "Innopolis Tech",
        slug: "innopolistech",
        link: "https://innopolis.tech/",
        tags: &["Innopolis", "Innopolis.tech"],
        addresses: &["bc1q75t4wewkmf3l9qg097zvtlh05v5pdz6699kv8k"],
    },
    BuiltinPool {
        name: "Lubian.com",
        slug: "lubiancom",
        link: "https://www.lubian.com",
        tags: &["/Buffett/", "/lubian.com/"],
        addresses: &["34Jpa4Eu3ApoPVUKNTN2WeuXVVq1jzxgPi"],
    },
    BuiltinPool {
        name: "BTC Guild",
        slug: "btcguild",
        link: "https://www.btcguild.com",
        tags: &["BTC Guild"],
        addresses: &[],
    },
    BuiltinPool {
        name: "Eligius",
        slug: "eligius",
        link: "https://eligius.st",
        tags: &["Eligius"],
        addresses: &[],
    },
    BuiltinPool {
        name: "BitMinter",
        slug: "bitminter",
        link: "https://bitminter.com",
        tags: &["BitMinter"],
        addresses: &["19PkHafEN18mquJ9ChwZt5YEFoCdPP5vYB"],
    },
    BuiltinPool {
        name: "50BTC",
        slug: "50btc",
        link: "https://www.50btc.com",
        tags: &["50BTC"],
        addresses: &[],
    },
];

/// Other names of built-in pools used by older lists and labels: `(alias, built-in name)`.
///
/// # Examples
///
/// ```
/// use minerscope::pool::{BUILTIN_ALIASES, Registry};
///
/// let reg = Registry::builtin();
/// for (alias, name) in BUILTIN_ALIASES {
///     assert_eq!(reg.find_pool(alias), reg.find_pool(name), "{alias}");
///     assert!(reg.find_pool(name).is_some());
/// }
/// ```
pub const BUILTIN_ALIASES: &[(&str, &str)] = &[
    ("SlushPool", "Braiins Pool"),
    ("Slush", "Braiins Pool"),
    ("Titan.io", "Titan"),
    ("BTCC Pool", "BTCC"),
    ("MARA", "MARA Pool"),
    ("Huobi", "Huobi.pool"),
    ("EMCD", "EMCDPool"),
];

impl Registry {
    /// The curated built-in registry ([`BUILTIN_POOLS`]) as a single source labelled
    /// `"built-in"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Registry;
    ///
    /// let reg = Registry::builtin();
    /// let f2 = reg.find_pool("f2pool").expect("F2Pool is built in");
    /// assert_eq!(reg.pool(f2).and_then(|p| p.slug()), Some("f2pool"));
    /// assert!(reg.skipped().is_empty());
    /// ```
    pub fn builtin() -> Registry {
        let mut reg = Registry::new();
        let src = reg.add_source("built-in", RegistryFormat::Builtin);
        for p in BUILTIN_POOLS {
            let id = reg.insert_pool(p.name, Some(p.link), src);
            reg.set_slug(id, p.slug);
            for t in p.tags {
                reg.insert_tag(id, t, src);
            }
            for a in p.addresses {
                reg.insert_address(id, a, src);
            }
        }
        for (alias, name) in BUILTIN_ALIASES {
            if let Some(id) = reg.find_pool(name) {
                reg.insert_alias(alias, id);
            }
        }
        reg
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "a panicking index fails the test, as intended")]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_fact_loads() {
        let reg = Registry::builtin();
        assert!(reg.skipped().is_empty(), "{:?}", reg.skipped());
        assert!(reg.disagreements().is_empty(), "{:?}", reg.disagreements());
        assert_eq!(reg.pools().len(), BUILTIN_POOLS.len());
        // Tags are deduplicated ASCII-case-insensitively.
        let tags: std::collections::HashSet<String> =
            BUILTIN_POOLS.iter().flat_map(|p| p.tags).map(|t| t.to_ascii_lowercase()).collect();
        let addrs: usize = BUILTIN_POOLS.iter().map(|p| p.addresses.len()).sum();
        assert_eq!(reg.tags().len(), tags.len());
        assert_eq!(reg.addresses().len(), addrs);
        for (alias, name) in BUILTIN_ALIASES {
            assert_eq!(reg.find_pool(alias), reg.find_pool(name), "{alias}");
            assert!(reg.find_pool(name).is_some(), "{name}");
        }
    }
}
