//! Property tests: no input panics the loaders or the attributor; every block gets exactly one
//! outcome and counts add up. Plus mempool's regex-vs-literal tag semantics.
use bitcoin::Amount;
use minerscope::pool::{
    Attribution, AttributionCounts, Attributor, ConflictPolicy, Ownership, Registry,
    RegistryFormat, Shares, SimultaneousMethod,
};
use minerscope::stats::ConfidenceLevel;
use proptest::prelude::*;

const SAMPLE_V2: &str = r#"[
  {"id": 1, "name": "F2Pool", "addresses": ["1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY"],
   "tags": ["七彩神仙鱼", "F2Pool", "🐟"], "link": "https://www.f2pool.com"},
  {"id": 2, "name": "7pool", "addresses": [], "tags": ["/$Mined by 7pool.com/"], "link": ""},
  {"id": 3, "name": "8baochi", "addresses": ["1Hk9gD8xMo2XBUhE73y5zXEM8xqgffTB5f"],
   "tags": ["/八宝池 8baochi.com/"], "link": ""}
]"#;

const SAMPLE_LEGACY: &str = r#"{"coinbase_tags": {"/BTC.COM/": {"name": "BTC.com", "link": ""}},
  "payout_addresses": {"1Bf9sZvBHPFGVPX71WX2njhd1NXKv5y7v5": {"name": "BTC.com", "link": ""}},
  "slugs": {"BTC.com": "btccom"}}"#;

#[test]
fn mempool_7pool_tag_is_dead_as_regex_and_alive_as_literal() {
    let coinbase = b"\x03\x11\x22\x33/$Mined by 7pool.com/\x00\x01";
    let lossy: String = coinbase.iter().map(|&b| b as char).collect();
    // mempool: new RegExp(tag, 'i'). `$` mid-pattern asserts end of input: never matches here.
    let re =
        regex::RegexBuilder::new("/$Mined by 7pool.com/").case_insensitive(true).build().unwrap();
    assert!(!re.is_match(&lossy));
    // As a literal it matches.
    let reg = Registry::from_json(SAMPLE_V2, "sample").unwrap();
    let a = Attributor::new(&reg).unwrap().attribute_parts(coinbase, []);
    assert_eq!(a.pool(), reg.find_pool("7pool"));
}

#[test]
fn utf8_tags_match_raw_bytes_which_lossy_ascii_cannot() {
    let reg = Registry::from_json(SAMPLE_V2, "sample").unwrap();
    let at = Attributor::new(&reg).unwrap();
    for (sig, pool) in [
        ("\x03abc🐟xyz", "F2Pool"),
        ("\x03abc七彩神仙鱼", "F2Pool"),
        ("\x03/八宝池 8BAOCHI.COM/", "8baochi"),
        ("\x03f2pool", "F2Pool"),
    ] {
        assert_eq!(at.attribute_parts(sig.as_bytes(), []).pool(), reg.find_pool(pool), "{sig}");
        // mempool's byte-by-byte decoding turns 🐟 into 4 Latin-1 characters.
        let lossy: String = sig.as_bytes().iter().map(|&b| b as char).collect();
        if !sig.is_ascii() && sig.contains(['🐟', '七']) {
            assert!(!lossy.contains('🐟') && !lossy.contains('七'));
        }
    }
}

fn registries() -> Vec<Registry> {
    let mut merged = Registry::builtin();
    merged.merge(&Registry::from_json(SAMPLE_V2, "v2").unwrap());
    merged.merge(&Registry::from_json(SAMPLE_LEGACY, "legacy").unwrap());
    vec![Registry::builtin(), merged]
}

fn real_scripts() -> Vec<Vec<u8>> {
    Registry::builtin().addresses().iter().map(|a| a.script_pubkey().to_bytes()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn attribution_never_panics_and_yields_one_outcome(
        sig in proptest::collection::vec(any::<u8>(), 0..120),
        tag_pick in any::<prop::sample::Index>(),
        insert_tag in any::<bool>(),
        outs in proptest::collection::vec((any::<u64>(), proptest::collection::vec(any::<u8>(), 0..40), any::<Option<prop::sample::Index>>()), 0..6),
        policy in prop_oneof![Just(ConflictPolicy::Report), Just(ConflictPolicy::TagFirst), Just(ConflictPolicy::AddressFirst)],
    ) {
        let scripts = real_scripts();
        for reg in registries() {
            let at = Attributor::new(&reg).unwrap().with_policy(policy);
            let mut sig = sig.clone();
            if insert_tag {
                let t = &reg.tags()[tag_pick.index(reg.tags().len())];
                sig.extend_from_slice(t.bytes());
            }
            let outputs: Vec<(Amount, Vec<u8>)> = outs
                .iter()
                .map(|(v, s, real)| {
                    let script = real.map_or_else(|| s.clone(), |i| scripts[i.index(scripts.len())].clone());
                    (Amount::from_sat(*v), script)
                })
                .collect();
            let a = at.attribute_parts(&sig, outputs.iter().map(|(v, s)| (*v, s.as_slice())));
            if insert_tag {
                prop_assert!(!matches!(a, Attribution::Unknown));
            }
            if let Attribution::Conflict { .. } = a {
                prop_assert_eq!(policy, ConflictPolicy::Report);
            }
            let counts: AttributionCounts = [a, a, Attribution::Unknown].iter().collect();
            prop_assert_eq!(counts.total(), 3);
            let _ = a.describe(&reg);
        }
    }

    #[test]
    fn loaders_never_panic_on_arbitrary_text(text in "\\PC{0,200}") {
        for f in [RegistryFormat::PoolList, RegistryFormat::Legacy, RegistryFormat::CdIdentifiers, RegistryFormat::CdAddresses] {
            let _ = Registry::new().load(f, &text, "x");
        }
        let _ = Registry::from_json(&text, "x");
        let _ = Ownership::from_legal_links_json(&text);
    }

    #[test]
    fn loaders_never_panic_on_mutated_json(
        which in 0usize..3,
        // Truncate one time in three: a cut almost never leaves valid JSON, and the loaders
        // must also be exercised past parsing.
        cut in prop::option::weighted(0.3, any::<prop::sample::Index>()),
        pos in any::<prop::sample::Index>(),
        byte in prop_oneof![Just(b'"'), Just(b'{'), Just(b']'), Just(b','), Just(b':'), Just(b'1'), Just(b'n'), any::<u8>()],
        delete in any::<bool>(),
    ) {
        let src = [SAMPLE_V2, SAMPLE_LEGACY, r#"{"Bitmain": [{"name": "AntPool", "from": "2020-12", "to": ""}]}"#][which];
        let mut bytes = src.as_bytes().to_vec();
        let p = pos.index(bytes.len());
        if delete { bytes.remove(p); } else { bytes.insert(p, byte); }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len() + 1).max(bytes.len() / 2));
        }
        let text = String::from_utf8_lossy(&bytes);
        for f in [RegistryFormat::PoolList, RegistryFormat::Legacy, RegistryFormat::CdIdentifiers, RegistryFormat::CdAddresses] {
            let _ = Registry::new().load(f, &text, "x");
        }
        if let Ok(reg) = Registry::from_json(&text, "x") {
            // A registry this small is far below the automaton's size limits.
            prop_assert!(Attributor::new(&reg).is_ok());
        }
        let _ = Ownership::from_legal_links_json(&text);
    }

    #[test]
    fn shares_never_panic_and_contain_point(counts in proptest::collection::vec(0u64..300, 1..12)) {
        for m in [SimultaneousMethod::Goodman, SimultaneousMethod::SisonGlaz] {
            if let Ok(s) = Shares::from_counts(&counts, ConfidenceLevel::P95, m) {
                for sh in s.shares() {
                    prop_assert!(sh.interval().low() <= sh.share() && sh.share() <= sh.interval().high());
                    prop_assert!(sh.interval().low() >= 0.0 && sh.interval().high() <= 1.0);
                }
            }
        }
    }
}

#[test]
fn malformed_json_reports_line_and_column() {
    let err = Registry::new().load(
        RegistryFormat::Legacy,
        "{\n  \"coinbase_tags\": {\n    \"x\": {,}\n",
        "x",
    );
    match err {
        Err(minerscope::pool::PoolError::Json { line, column, .. }) => {
            assert_eq!((line, column), (3, 11))
        }
        other => panic!("{other:?}"),
    }
}
