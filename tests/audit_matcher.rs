//! Adversarial audit of attribution: whole outcomes (pool, conflict, unknown, with their
//! evidence) against a plain reference under every [`ConflictPolicy`]; tags with NUL bytes,
//! bytes at the edges of the ASCII letter range and non-ASCII bytes; registries with no tags
//! or no addresses; counts and descriptions; the built-in registry's typed facts.
mod common;

use std::str::FromStr;

use bitcoin::hashes::Hash;
use bitcoin::{Address, AddressType, Amount, BlockHash, CompactTarget, Network, ScriptBuf};
use minerscope::chain::{BlockRecord, Coinbase, CoinbaseOutput};
use minerscope::pool::{
    Attribution, AttributionCounts, Attributor, BUILTIN_POOLS, ConflictPolicy, PoolId, Registry,
    RegistryFormat,
};
use proptest::prelude::*;

const POLICIES: [ConflictPolicy; 3] =
    [ConflictPolicy::Report, ConflictPolicy::TagFirst, ConflictPolicy::AddressFirst];

/// Real mainnet addresses of four script types, none in the built-in registry's pools below.
const ADDRESSES: [&str; 6] = [
    "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY",
    "37jKPSmbEGwgfacCr2nayn1wTaqMAbA94Z",
    "bc1qxhmdufsvnuaaaer4ynz88fspdsxq2h9e9cetdj",
    "bc1p8k4v4xuz55dv49svzjg43qjxq2whur7ync9tm0xgl5t4wjl9ca9snxgmlt",
    "12dRugNcdxK39288NjcDV4GX7rMsKCGn6B",
    "3FaYVQF6wCMUB9NCeRe4tUp1zZx8qqM7H1",
];

fn script(addr: &str) -> ScriptBuf {
    Address::from_str(addr).unwrap().assume_checked().script_pubkey()
}

/// The reference tag: longest, then earliest (tag index breaks no tie: tags are distinct up to
/// ASCII case); as (pool, tag index, offset).
fn reference_tag(reg: &Registry, sig: &[u8]) -> Option<(PoolId, usize, usize)> {
    let mut best: Option<(usize, usize, usize)> = None;
    for (id, tag) in reg.tags().iter().enumerate() {
        let t = tag.bytes();
        for (offset, window) in sig.windows(t.len()).enumerate() {
            if window.eq_ignore_ascii_case(t)
                && best
                    .is_none_or(|(len, off, _)| t.len() > len || (t.len() == len && offset < off))
            {
                best = Some((t.len(), offset, id));
            }
        }
    }
    best.map(|(_, offset, id)| (reg.tags()[id].pool(), id, offset))
}

/// The reference address: the first output paying a registry script; as (pool, output, value).
fn reference_address(reg: &Registry, outputs: &[CoinbaseOutput]) -> Option<(PoolId, u32, Amount)> {
    outputs.iter().enumerate().find_map(|(i, o)| {
        reg.addresses()
            .iter()
            .find(|a| a.script_pubkey() == o.script_pubkey())
            .map(|a| (a.pool(), i as u32, o.value()))
    })
}

/// Checks one outcome against the references, under `policy`.
fn check(reg: &Registry, policy: ConflictPolicy, cb: &Coinbase, a: &Attribution) {
    let tag = reference_tag(reg, cb.script_sig());
    let addr = reference_address(reg, cb.outputs());
    let got_tag = |t: &minerscope::pool::TagHit| (t.pool(), t.tag().index(), t.offset() as usize);
    let got_addr = |h: &minerscope::pool::AddressHit| {
        let entry = reg.address(h.address()).expect("an id of this registry");
        assert_eq!(entry.pool(), h.pool());
        let o = &cb.outputs()[h.output() as usize];
        assert_eq!(entry.script_pubkey(), o.script_pubkey(), "evidence names the output paid");
        (h.pool(), h.output(), h.value())
    };
    match (tag, addr, a) {
        (None, None, Attribution::Unknown) => {}
        (Some(t), Some(d), Attribution::Conflict { tag: gt, address: ga }) => {
            assert_eq!(policy, ConflictPolicy::Report);
            assert_ne!(t.0, d.0, "a tag and an address of one pool are no conflict");
            assert_eq!((got_tag(gt), got_addr(ga)), (t, d));
        }
        (t, d, Attribution::Pool { pool, tag: gt, address: ga }) => {
            assert_eq!(gt.as_ref().map(got_tag), t);
            assert_eq!(ga.as_ref().map(got_addr), d);
            let expected = match (t, d) {
                (Some(t), Some(d)) if t.0 != d.0 => match policy {
                    ConflictPolicy::TagFirst => t.0,
                    ConflictPolicy::AddressFirst => d.0,
                    _ => panic!("a conflict under {policy:?} resolved to a pool: {a:?}"),
                },
                (Some(t), _) => t.0,
                (None, Some(d)) => d.0,
                (None, None) => panic!("a pool without evidence: {a:?}"),
            };
            assert_eq!(*pool, expected);
            assert_eq!(
                a.has_conflicting_evidence(),
                matches!((t, d), (Some(t), Some(d)) if t.0 != d.0)
            );
        }
        (t, d, a) => panic!("reference tag {t:?} address {d:?}, got {a:?}"),
    }
}

/// Tag text over characters at the edges of the ASCII letter range (`@ [ ` { ` and `A Z a z`),
/// NUL, and non-ASCII characters whose bytes differ by 0x20 (`É` = c3 89, `é` = c3 a9).
fn tag_text(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!["A", "a", "Z", "z", "@", "`", "[", "{", "\0", "É", "é", "鱼"]),
        min..=max,
    )
    .prop_map(|parts| parts.concat())
}

/// Bytes of the same alphabet, plus the lone bytes 0x89, 0xa9, 0xc3 and 0xff.
fn sig_byte() -> impl Strategy<Value = u8> {
    prop::sample::select(b"AaZz@`[{\0\xc3\x89\xa9\xe9\xb1\xbc\xff".to_vec())
}

fn random_registry(tags: &[(String, usize)], addresses: &[(usize, usize)]) -> Registry {
    let mut reg = Registry::new();
    let src = reg.add_source("random", RegistryFormat::Custom);
    let pools: Vec<PoolId> = (0..4).map(|i| reg.insert_pool(&format!("P{i}"), None, src)).collect();
    for (t, p) in tags {
        reg.insert_tag(pools[p % 4], t, src);
    }
    for &(a, p) in addresses {
        reg.insert_address(pools[p % 4], ADDRESSES[a % ADDRESSES.len()], src);
    }
    reg
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    /// Whole outcomes against the reference under every policy: random registries (tags of 1
    /// to ~18 bytes: every stride, the automaton-only case), scriptSigs of 0 to ~170 bytes with
    /// tags spliced in, up to 90 outputs with payouts anywhere (also beyond the first 64).
    #[test]
    fn outcomes_and_evidence_match_the_reference(
        tags in prop::collection::vec((tag_text(1, 6), 0usize..4), 0..8),
        addresses in prop::collection::vec((0usize..6, 0usize..4), 0..4),
        filler in prop::collection::vec(sig_byte(), 0..150),
        picks in prop::collection::vec(any::<(prop::sample::Index, prop::sample::Index, bool)>(), 0..=3),
        outs in prop::collection::vec((0usize..10, 0u64..1_000_000), 0..90),
    ) {
        let reg = random_registry(&tags, &addresses);
        let mut sig = filler;
        for (t, at, upper) in &picks {
            if reg.tags().is_empty() {
                break;
            }
            let t = reg.tags()[t.index(reg.tags().len())].bytes();
            let t = if *upper { t.to_ascii_uppercase() } else { t.to_ascii_lowercase() };
            let at = at.index(sig.len() + 1);
            sig.splice(at..at, t);
        }
        let outputs: Vec<CoinbaseOutput> = outs
            .iter()
            .map(|&(k, v)| {
                let spk = match k {
                    0..6 => script(ADDRESSES[k]),
                    6 => ScriptBuf::new(),
                    7 => ScriptBuf::from_bytes(vec![0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed]),
                    _ => ScriptBuf::from_bytes(vec![0x51; 20 + k]),
                };
                CoinbaseOutput::new(Amount::from_sat(v), spk)
            })
            .collect();
        let cb = Coinbase::new(sig, outputs);
        let mut counts = AttributionCounts::new(0);
        for policy in POLICIES {
            let at = Attributor::new(&reg).unwrap().with_policy(policy);
            let a = at.attribute(&cb);
            check(&reg, policy, &cb, &a);
            let parts = at.attribute_parts(
                cb.script_sig(),
                cb.outputs().iter().map(|o| (o.value(), o.script_pubkey().as_bytes())),
            );
            prop_assert_eq!(parts, a);
            counts.add(&a);
        }
        prop_assert_eq!(counts.total(), 3);
        prop_assert_eq!(counts.identified(), counts.per_pool().iter().sum::<u64>());
    }
}

fn two_pool_registry() -> (Registry, PoolId, PoolId, ScriptBuf, ScriptBuf) {
    let mut reg = Registry::new();
    let src = reg.add_source("t", RegistryFormat::Custom);
    let p = reg.insert_pool("P", None, src);
    let q = reg.insert_pool("Q", None, src);
    reg.insert_tag(p, "/P pool/", src);
    reg.insert_tag(q, "/Qq/", src);
    reg.insert_tag(q, "/Q pool/", src);
    reg.insert_address(p, ADDRESSES[0], src).unwrap();
    reg.insert_address(q, ADDRESSES[3], src).unwrap();
    (reg, p, q, script(ADDRESSES[0]), script(ADDRESSES[3]))
}

#[test]
fn a_tag_and_an_address_of_the_same_pool_are_one_pool_under_every_policy() {
    let (reg, p, _, sp, _) = two_pool_registry();
    let cb = Coinbase::new(
        b"\x03\x01\x02\x03/P pool/".to_vec(),
        vec![CoinbaseOutput::new(Amount::ONE_BTC, sp)],
    );
    for policy in POLICIES {
        let a = Attributor::new(&reg).unwrap().with_policy(policy).attribute(&cb);
        assert!(
            matches!(a, Attribution::Pool { pool, tag: Some(t), address: Some(d) }
                if pool == p && t.offset() == 4 && d.output() == 0 && d.value() == Amount::ONE_BTC),
            "{policy:?}: {a:?}"
        );
        assert!(!a.has_conflicting_evidence());
    }
}

#[test]
fn two_tags_of_different_pools_the_longest_wins_then_the_earliest() {
    let (reg, p, q, _, _) = two_pool_registry();
    let at = Attributor::new(&reg).unwrap();
    // "/Qq/" (4 bytes) first, "/P pool/" (8) later: the longer wins wherever it is.
    let hit = at.find_tag(b"/Qq/ xx /P pool/").unwrap();
    assert_eq!((hit.pool(), hit.offset()), (p, 8));
    // Two 8-byte tags of different pools: the earlier wins, in either order.
    let hit = at.find_tag(b"..../Q POOL//p pool/").unwrap();
    assert_eq!((hit.pool(), hit.offset()), (q, 4));
    let hit = at.find_tag(b"/P pool//Q pool/").unwrap();
    assert_eq!((hit.pool(), hit.offset()), (p, 0));
    // Same, past the fast path's 112 bytes (the automaton).
    let mut long = vec![0xee; 120];
    long.extend_from_slice(b"/Q pool/ /P pool/");
    let hit = at.find_tag(&long).unwrap();
    assert_eq!((hit.pool(), hit.offset()), (q, 120));
}

#[test]
fn ascii_case_folding_leaves_non_letters_and_non_ascii_bytes_alone() {
    // No extra tag: probe stride 3; a 2-byte NUL tag: stride 1; a 1-byte NUL tag: the
    // automaton alone.
    for extra in [None, Some("\0\0"), Some("\0")] {
        let mut reg = Registry::new();
        let src = reg.add_source("t", RegistryFormat::Custom);
        let p = reg.insert_pool("P", None, src);
        let q = reg.insert_pool("Q", None, src);
        reg.insert_tag(p, "É\0@[", src); // c3 89 00 40 5b
        reg.insert_tag(q, "é\0`{", src); // c3 a9 00 60 7b: each byte 0x20 above P's
        if let Some(t) = extra {
            reg.insert_tag(q, t, src);
        }
        let at = Attributor::new(&reg).unwrap();
        let found = |sig: &[u8]| at.find_tag(sig).map(|h| (h.pool(), h.offset()));
        assert_eq!(found("xxÉ\0@[".as_bytes()), Some((p, 2)), "{extra:?}");
        assert_eq!(found("xxé\0`{".as_bytes()), Some((q, 2)), "{extra:?}");
        // Mixed halves are neither 5-byte tag.
        let nul = extra.map(|_| (q, 4));
        assert_eq!(found("xxÉ\0`{".as_bytes()), nul.filter(|_| extra == Some("\0")));
        assert_eq!(found("xxé\0@[".as_bytes()), nul.filter(|_| extra == Some("\0")));
        // A NUL-bearing tag is not completed by what lies past the end of the scriptSig.
        assert_eq!(found(b"xx\0"), extra.filter(|t| t.len() == 1).map(|_| (q, 2)));
        assert_eq!(found(b"xx\0\0"), extra.map(|_| (q, 2)));
        assert_eq!(found("xxÉ\0@".as_bytes()), extra.filter(|t| t.len() == 1).map(|_| (q, 4)));
    }
}

#[test]
fn registries_without_tags_or_addresses_attribute_what_they_can() {
    let payout = script(ADDRESSES[1]);
    let outs = vec![CoinbaseOutput::new(Amount::from_sat(7), payout.clone())];
    // No tags at all.
    let mut reg = Registry::new();
    let src = reg.add_source("t", RegistryFormat::Custom);
    let p = reg.insert_pool("P", None, src);
    reg.insert_address(p, ADDRESSES[1], src).unwrap();
    let at = Attributor::new(&reg).unwrap();
    assert_eq!(at.find_tag(b"/anything/"), None);
    assert_eq!(at.find_tag(&[0u8; 200]), None);
    let a = at.attribute(&Coinbase::new(b"/P/".to_vec(), outs.clone()));
    assert!(matches!(a, Attribution::Pool { pool, tag: None, address: Some(_) } if pool == p));
    // No addresses at all.
    let mut reg = Registry::new();
    let src = reg.add_source("t", RegistryFormat::Custom);
    let p = reg.insert_pool("P", None, src);
    reg.insert_tag(p, "/P/", src);
    let at = Attributor::new(&reg).unwrap();
    let a = at.attribute(&Coinbase::new(b"/P/".to_vec(), outs.clone()));
    assert!(matches!(a, Attribution::Pool { pool, tag: Some(_), address: None } if pool == p));
    // Nothing at all.
    let at = Attributor::new(&Registry::new()).unwrap();
    assert_eq!(at.attribute(&Coinbase::new(b"/P/".to_vec(), outs)), Attribution::Unknown);
    assert_eq!(at.tally([]).total(), 0);
}

#[test]
fn a_block_without_coinbase_is_unknown_under_every_policy() {
    let reg = Registry::builtin();
    let bits = CompactTarget::from_consensus(0x1703ba5d);
    let header_only =
        BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits).unwrap();
    for policy in POLICIES {
        let at = Attributor::new(&reg).unwrap().with_policy(policy);
        assert_eq!(at.attribute_block(&header_only), Attribution::Unknown);
        let counts = at.tally([&header_only, &header_only]);
        assert_eq!((counts.unknown(), counts.total()), (2, 2));
    }
}

#[test]
fn counts_add_up_conflicts_once_and_pools_beyond_the_table() {
    let (reg, p, q, sp, sq) = two_pool_registry();
    let at = Attributor::new(&reg).unwrap();
    let conflict = at.attribute_parts(b"/P pool/", [(Amount::ONE_BTC, sq.as_bytes())]);
    assert!(matches!(conflict, Attribution::Conflict { .. }));
    let pool_p = at.attribute_parts(b"", [(Amount::ONE_BTC, sp.as_bytes())]);
    let pool_q = at.attribute_parts(b"/Qq/", []);
    let all = [conflict, pool_p, pool_q, pool_q, Attribution::Unknown];
    // A table too small for the pools grows; one with room stays as is.
    for mut counts in
        [AttributionCounts::new(0), AttributionCounts::new(1), AttributionCounts::new(9)]
    {
        let n = counts.per_pool().len();
        for a in &all {
            counts.add(a);
        }
        assert_eq!((counts.pool(p), counts.pool(q)), (1, 2));
        assert_eq!((counts.conflicts(), counts.unknown(), counts.identified()), (1, 1, 3));
        assert_eq!(counts.total(), 5);
        assert_eq!(counts.per_pool().iter().sum::<u64>(), 3);
        assert_eq!(counts.per_pool().len(), n.max(2));
        assert_eq!(counts.nonzero_pools(), vec![(q, 2), (p, 1)]);
    }
    let collected: AttributionCounts = all.iter().collect();
    assert_eq!((collected.total(), collected.conflicts()), (5, 1));
}

#[test]
fn describe_names_every_piece_of_evidence() {
    let (reg, _, _, _, sq) = two_pool_registry();
    let outs = [(Amount::from_sat(546), &[0x6a, 0x00][..]), (Amount::from_sat(99), sq.as_bytes())];
    let sig = b"\x03\x01\x02\x03/P pool/";
    let at = Attributor::new(&reg).unwrap();
    assert_eq!(
        at.attribute_parts(sig, outs).describe(&reg),
        format!(
            "CONFLICT: tag \"/P pool/\" at byte 4 says P, address {} at output 1 (99 sat) says Q",
            ADDRESSES[3]
        )
    );
    let tag_first = at.clone().with_policy(ConflictPolicy::TagFirst).attribute_parts(sig, outs);
    assert_eq!(
        tag_first.describe(&reg),
        format!(
            "P (tag \"/P pool/\" at byte 4 → P; address {} at output 1 (99 sat) → Q)",
            ADDRESSES[3]
        )
    );
    let addr_only = at.attribute_parts(b"", outs);
    assert_eq!(
        addr_only.describe(&reg),
        format!("Q (address {} at output 1 (99 sat) → Q)", ADDRESSES[3])
    );
    // Evidence of another registry is described without panicking.
    let other = Registry::new();
    assert!(at.attribute_parts(sig, outs).describe(&other).starts_with("CONFLICT: tag \"?\""));
}

#[test]
fn builtin_payout_scripts_are_mainnet_scripts_of_their_address_type() {
    let reg = Registry::builtin();
    for a in reg.addresses() {
        let text = a.address();
        let parsed = Address::from_str(text).unwrap().require_network(Network::Bitcoin).unwrap();
        assert_eq!(&parsed.script_pubkey(), a.script_pubkey(), "{text}");
        let expected = match text.as_bytes()[0] {
            b'1' => AddressType::P2pkh,
            b'3' => AddressType::P2sh,
            _ if text.starts_with("bc1q") && text.len() == 42 => AddressType::P2wpkh,
            _ if text.starts_with("bc1q") => AddressType::P2wsh,
            _ if text.starts_with("bc1p") => AddressType::P2tr,
            _ => panic!("unexpected address {text}"),
        };
        assert_eq!(parsed.address_type(), Some(expected), "{text}");
        let s = a.script_pubkey();
        let shape = match expected {
            AddressType::P2pkh => s.is_p2pkh(),
            AddressType::P2sh => s.is_p2sh(),
            AddressType::P2wpkh => s.is_p2wpkh(),
            AddressType::P2wsh => s.is_p2wsh(),
            _ => s.is_p2tr(),
        };
        assert!(shape, "{text}");
    }
}

#[test]
fn builtin_facts_are_those_of_the_mempool_list() {
    let dir = require_data!("builtin_facts_are_those_of_the_mempool_list");
    let json = common::read_text(&dir, "pools/mempool-mining-pools/pools-v2.json");
    let v2: serde_json::Value = serde_json::from_str(&json).unwrap();
    let list = v2.as_array().unwrap();
    let unescape = |t: &str| t.replace('\\', "");
    for p in BUILTIN_POOLS {
        let entry = list
            .iter()
            .find(|e| e["name"] == p.name)
            .unwrap_or_else(|| panic!("{} not in pools-v2.json", p.name));
        let strs = |k: &str| -> Vec<String> {
            entry[k].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
        };
        let (tags, addrs) = (strs("tags"), strs("addresses"));
        for t in p.tags {
            assert!(tags.iter().any(|u| unescape(u) == *t), "{}: tag {t:?}", p.name);
        }
        for a in p.addresses {
            assert!(addrs.iter().any(|u| u == a), "{}: address {a}", p.name);
        }
        assert_eq!(entry["link"], p.link, "{}", p.name);
    }
    // A sample typed by hand, each checked against the list above and the registry.
    let reg = Registry::builtin();
    for (tag, pool) in [
        ("Mined by AntPool", "AntPool"),
        ("七彩神仙鱼", "F2Pool"),
        ("/E2M & BTC.TOP/", "WAYI.CN"),
        ("Foundry USA Pool", "Foundry USA"),
    ] {
        let id = reg.find_tag(tag).and_then(|t| reg.tag(t)).map(|t| t.pool());
        assert_eq!(id, reg.find_pool(pool), "{tag}");
    }
}

#[test]
fn counts_equal_block_for_block_compare_equal_whatever_the_table_size() {
    // `tally` starts from a table of every registry pool, `collect` from an empty one: the
    // same blocks must give equal counts.
    let reg = Registry::builtin();
    let at = Attributor::new(&reg).unwrap();
    let bits = CompactTarget::from_consensus(0x1703ba5d);
    let blocks: Vec<BlockRecord> = [&b"/ViaBTC/"[..], b"no tag"]
        .iter()
        .enumerate()
        .map(|(h, sig)| {
            BlockRecord::new(h as u32 + 1, BlockHash::all_zeros(), 1_707_675_457, bits)
                .unwrap()
                .with_coinbase(Coinbase::new(sig.to_vec(), vec![]))
        })
        .collect();
    let outcomes: Vec<Attribution> = blocks.iter().map(|b| at.attribute_block(b)).collect();
    let collected: AttributionCounts = outcomes.iter().collect();
    assert_eq!(at.tally(&blocks), collected);
    assert_eq!(AttributionCounts::new(3), AttributionCounts::default());
    assert_ne!(at.tally(&blocks), AttributionCounts::new(reg.pools().len()));
}

#[cfg(feature = "serde")]
#[test]
fn deserialized_counts_whose_total_overflows_are_an_error_not_a_panic() {
    let json = format!(r#"{{"per_pool":[{},1],"conflicts":0,"unknown":0}}"#, u64::MAX);
    let err = serde_json::from_str::<AttributionCounts>(&json).unwrap_err();
    assert!(err.to_string().contains("u64::MAX"), "{err}");
    let json = format!(r#"{{"per_pool":[1],"conflicts":{},"unknown":0}}"#, u64::MAX);
    assert!(serde_json::from_str::<AttributionCounts>(&json).is_err());
    // Counts that fit round-trip.
    let json = format!(r#"{{"per_pool":[{},0],"conflicts":0,"unknown":1}}"#, u64::MAX - 1);
    let counts: AttributionCounts = serde_json::from_str(&json).unwrap();
    assert_eq!(counts.total(), u64::MAX);
    assert_eq!(serde_json::to_string(&counts).unwrap(), json);
}

#[test]
fn payouts_around_the_64_output_prefilter_report_their_own_index_and_value() {
    let (reg, p, q, sp, sq) = two_pool_registry();
    let filler = script(ADDRESSES[5]); // not in this registry
    for first in [0usize, 62, 63, 64, 65, 100, 127, 128, 200] {
        let mut outputs: Vec<CoinbaseOutput> = (0..first)
            .map(|i| CoinbaseOutput::new(Amount::from_sat(i as u64), filler.clone()))
            .collect();
        outputs.push(CoinbaseOutput::new(Amount::from_sat(5_000 + first as u64), sq.clone()));
        outputs.push(CoinbaseOutput::new(Amount::ONE_BTC, sp.clone())); // later: not the evidence
        let cb = Coinbase::new(b"\x03\x01\x02\x03/P pool/".to_vec(), outputs);
        for policy in POLICIES {
            let a = Attributor::new(&reg).unwrap().with_policy(policy).attribute(&cb);
            check(&reg, policy, &cb, &a);
            let hit = match a {
                Attribution::Conflict { address, .. } => address,
                Attribution::Pool { address: Some(address), .. } => address,
                _ => panic!("{a:?}"),
            };
            assert_eq!(
                (hit.pool(), hit.output(), hit.value()),
                (q, first as u32, Amount::from_sat(5_000 + first as u64)),
                "{policy:?} first payout at {first}"
            );
            assert_eq!(
                a.pool(),
                match policy {
                    ConflictPolicy::Report => None,
                    ConflictPolicy::TagFirst => Some(p),
                    _ => Some(q),
                }
            );
        }
    }
}
