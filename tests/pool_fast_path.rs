//! Differential tests of the attributor's fast paths against plain references.
//!
//! * Tag search: [`Attributor::find_tag`] (strided bigram filter for scriptSigs up to 112 bytes,
//!   the Aho–Corasick automaton beyond) against a brute-force ASCII-case-insensitive substring
//!   search of every tag at every offset, on arbitrary bytes with tags embedded at random
//!   offsets in random ASCII case: the built-in registry, and random registries over a small
//!   alphabet (shared bigrams and prefixes, tags of 1 to 24 bytes so every probe stride, the
//!   automaton-only case and the long-tag tail compare are exercised, UTF-8 tags).
//! * Address search: [`Attributor::attribute`] (payout prefilter over the first 64 outputs
//!   before the tag search) against [`Attributor::attribute_parts`] (one pass over the
//!   outputs), with empty, `OP_RETURN`, long and known scripts anywhere among up to 80 outputs.
use std::str::FromStr;

use bitcoin::{Address, Amount, ScriptBuf};
use minerscope::chain::{Coinbase, CoinbaseOutput};
use minerscope::pool::{Attributor, Registry, RegistryFormat};
use proptest::prelude::*;

/// The reference: the longest tag occurring anywhere in `sig` (ASCII case-insensitive), the
/// earliest among equally long ones (a registry holds no two tags equal up to case; the lowest
/// tag index would break a tie); as (tag index, offset).
fn brute_force(reg: &Registry, sig: &[u8]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize, usize)> = None;
    for (id, tag) in reg.tags().iter().enumerate() {
        let t = tag.bytes();
        for (offset, window) in sig.windows(t.len()).enumerate() {
            if !window.eq_ignore_ascii_case(t) {
                continue;
            }
            let better = best.is_none_or(|(len, off, i)| {
                t.len() > len || (t.len() == len && (offset, id) < (off, i))
            });
            if better {
                best = Some((t.len(), offset, id));
            }
        }
    }
    best.map(|(_, offset, id)| (id, offset))
}

/// What the attributor finds, in the reference's terms; its pool must be the tag's.
fn fast(reg: &Registry, at: &Attributor, sig: &[u8]) -> Option<(usize, usize)> {
    at.find_tag(sig).map(|hit| {
        let id = hit.tag().index();
        assert_eq!(Some(hit.pool()), reg.tags().get(id).map(|t| t.pool()));
        (id, hit.offset() as usize)
    })
}

/// `bytes` with every ASCII letter upper-cased where `upper` (cycled) says so.
fn recase(bytes: &[u8], upper: &[bool]) -> Vec<u8> {
    bytes
        .iter()
        .zip(upper.iter().cycle())
        .map(|(&b, &u)| if u { b.to_ascii_uppercase() } else { b.to_ascii_lowercase() })
        .collect()
}

/// `filler` with the chosen tags (in the chosen case) spliced in at the chosen offsets.
fn embed(
    filler: &[u8],
    tags: &[&[u8]],
    picks: &[(prop::sample::Index, prop::sample::Index)],
    upper: &[bool],
) -> Vec<u8> {
    let mut sig = filler.to_vec();
    // A random registry may hold no tag at all (whitespace-only tags are skipped).
    if tags.is_empty() {
        return sig;
    }
    for (tag, at) in picks {
        let t = tags[tag.index(tags.len())];
        let at = at.index(sig.len() + 1);
        sig.splice(at..at, recase(t, upper));
    }
    sig
}

/// A random registry over a small alphabet, so tags share bigrams and prefixes (tags equal up
/// to ASCII case to an earlier one are merged into it by the registry), some UTF-8.
fn random_registry(tags: &[String]) -> Registry {
    let mut reg = Registry::new();
    let src = reg.add_source("random", RegistryFormat::Custom);
    for (i, t) in tags.iter().enumerate() {
        let pool = reg.insert_pool(&format!("P{}", i % 5), None, src);
        reg.insert_tag(pool, t, src);
    }
    reg
}

/// Tag text over an alphabet with case pairs, `/`, a space and two multi-byte characters.
fn tag_text(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!["a", "B", "b", "/", " ", "é", "🐟", "c"]),
        min..=max,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Built-in registry: random bytes around up to three real tags in random case, scriptSigs
    /// of 0 to ~170 bytes (both the fast path and the automaton beyond 112 bytes).
    #[test]
    fn builtin_tags_anywhere_in_any_case_match_brute_force(
        filler in prop::collection::vec(any::<u8>(), 0..110),
        picks in prop::collection::vec(any::<(prop::sample::Index, prop::sample::Index)>(), 0..=3),
        upper in prop::collection::vec(any::<bool>(), 1..8),
    ) {
        let reg = Registry::builtin();
        let at = Attributor::new(&reg).unwrap();
        let tags: Vec<&[u8]> = reg.tags().iter().map(|t| t.bytes()).collect();
        let sig = embed(&filler, &tags, &picks, &upper);
        prop_assert_eq!(fast(&reg, &at, &sig), brute_force(&reg, &sig), "{:?}", sig);
        if !picks.is_empty() {
            prop_assert!(at.find_tag(&sig).is_some());
        }
    }

    /// Random registries (shortest tag 1 to 4 bytes, so probe strides 1 to 3 and the
    /// automaton-only case; longest up to 24 bytes) over the same alphabet as the scriptSig.
    #[test]
    fn random_registries_match_brute_force(
        short in tag_text(1, 4),
        tags in prop::collection::vec(tag_text(2, 24), 1..12),
        filler in prop::collection::vec(prop::sample::select(b"aAbB/ c\xc3\xa9\xf0\x9f\x90\x9f\x00".to_vec()), 0..120),
        picks in prop::collection::vec(any::<(prop::sample::Index, prop::sample::Index)>(), 0..=4),
        upper in prop::collection::vec(any::<bool>(), 1..8),
    ) {
        let mut all = tags.clone();
        all.push(short);
        let reg = random_registry(&all);
        let at = Attributor::new(&reg).unwrap();
        let tags: Vec<&[u8]> = reg.tags().iter().map(|t| t.bytes()).collect();
        let sig = embed(&filler, &tags, &picks, &upper);
        prop_assert_eq!(fast(&reg, &at, &sig), brute_force(&reg, &sig), "{:?}", sig);
    }
}

#[test]
fn every_builtin_tag_at_every_offset_and_case_matches_brute_force() {
    let reg = Registry::builtin();
    let at = Attributor::new(&reg).unwrap();
    // Bytes that start no tag and cut none short: the tag placed is what must be found.
    let filler: Vec<u8> = (0..130).map(|k| 0x80 | (k * 37 % 64) as u8).collect();
    for tag in reg.tags() {
        let t = tag.bytes();
        for upper in [&[false][..], &[true], &[true, false], &[false, true, true]] {
            for offset in 0..=(120 - t.len()) {
                for tail in [0, 1, 7] {
                    let mut sig = filler[..offset].to_vec();
                    sig.extend(recase(t, upper));
                    sig.extend_from_slice(&filler[..tail]);
                    let found = fast(&reg, &at, &sig);
                    assert_eq!(found, brute_force(&reg, &sig), "{:?} {sig:?}", tag.text());
                    assert_eq!(found.map(|(_, o)| o), Some(offset), "{:?}", tag.text());
                }
            }
        }
    }
}

fn script(addr: &str) -> ScriptBuf {
    Address::from_str(addr).unwrap().assume_checked().script_pubkey()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `attribute` (prefilter over the first 64 outputs first, then the tag search, then the
    /// rest) gives exactly what `attribute_parts` (one pass in output order) gives.
    #[test]
    fn attribute_equals_attribute_parts(
        kinds in prop::collection::vec(0u8..7, 0..80),
        tagged in any::<bool>(),
    ) {
        let reg = Registry::builtin();
        let at = Attributor::new(&reg).unwrap();
        let payouts: Vec<ScriptBuf> = reg.addresses().iter().map(|a| a.script_pubkey().clone()).collect();
        let unknown = script("37jKPSmbEGwgfacCr2nayn1wTaqMAbA94Z");
        let outputs: Vec<CoinbaseOutput> = kinds
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let spk = match k {
                    0 => ScriptBuf::new(),
                    1 => ScriptBuf::from_bytes(vec![0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed]),
                    2 => ScriptBuf::from_bytes(vec![0x51; 130 + i]),
                    3 => unknown.clone(),
                    4 => ScriptBuf::from_bytes(vec![0x6a; 22]),
                    _ => payouts[(i * 7 + usize::from(k)) % payouts.len()].clone(),
                };
                CoinbaseOutput::new(Amount::from_sat(i as u64), spk)
            })
            .collect();
        let sig: &[u8] = if tagged { b"\x03\x01\x02\x03/ViaBTC/xyz" } else { b"\x03\x01\x02\x03" };
        let cb = Coinbase::new(sig.to_vec(), outputs);
        let parts = at.attribute_parts(
            cb.script_sig(),
            cb.outputs().iter().map(|o| (o.value(), o.script_pubkey().as_bytes())),
        );
        prop_assert_eq!(at.attribute(&cb), parts);
    }
}

#[test]
fn a_payout_beyond_the_first_64_outputs_is_found_with_its_index() {
    let reg = Registry::builtin();
    let at = Attributor::new(&reg).unwrap();
    let unknown = script("37jKPSmbEGwgfacCr2nayn1wTaqMAbA94Z");
    let payout = reg.addresses()[0].script_pubkey().clone();
    let mut outputs: Vec<CoinbaseOutput> =
        (0..70).map(|_| CoinbaseOutput::new(Amount::ZERO, unknown.clone())).collect();
    outputs.push(CoinbaseOutput::new(Amount::ONE_BTC, payout));
    let a = at.attribute(&Coinbase::new(b"\x03\x01\x02\x03".to_vec(), outputs));
    let minerscope::pool::Attribution::Pool { address: Some(hit), .. } = a else { panic!("{a:?}") };
    assert_eq!(
        (hit.output(), hit.value(), hit.pool()),
        (70, Amount::ONE_BTC, reg.addresses()[0].pool())
    );
}
