//! Attribution throughput: minerscope's single-automaton + hash-lookup attributor against a naive
//! mempool.space-style baseline (every pool's tags as case-insensitive regexes over the
//! lossy-ASCII scriptSig, then output 0's address compared with each pool's list).
//!
//! The corpus: 1,000,000 synthetic coinbases from a seeded RNG, built from the built-in
//! registry's real tags and payout addresses: a BIP34 height push, 4–12 random extranonce bytes,
//! a real tag for ~90 % of blocks (the rest untagged), random padding; outputs are the pool's
//! payout (or a random P2WPKH), sometimes behind a 546-sat dust output, plus an OP_RETURN
//! witness commitment.
use std::hint::black_box;
use std::str::FromStr;

use bitcoin::hashes::Hash;
use bitcoin::{Address, Amount, ScriptBuf};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use minerscope::chain::{Coinbase, CoinbaseOutput};
use minerscope::pool::{Attributor, BUILTIN_POOLS, Registry, RegistryFormat};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const N: usize = 1_000_000;
/// The naive baseline is ~100× slower; it runs on a prefix of the same corpus.
const N_NAIVE: usize = 20_000;

fn random_bytes(rng: &mut StdRng, n: usize) -> Vec<u8> {
    (0..n).map(|_| rng.random::<u8>()).collect()
}

fn corpus() -> Vec<Coinbase> {
    let mut rng = StdRng::seed_from_u64(0x00c0_ffee);
    let payouts: Vec<Vec<ScriptBuf>> = BUILTIN_POOLS
        .iter()
        .map(|p| {
            p.addresses
                .iter()
                .map(|a| Address::from_str(a).unwrap().assume_checked().script_pubkey())
                .collect()
        })
        .collect();
    let dust = Address::from_str("37jKPSmbEGwgfacCr2nayn1wTaqMAbA94Z")
        .unwrap()
        .assume_checked()
        .script_pubkey();
    let mut commitment = vec![0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed];
    commitment.extend(std::iter::repeat_n(0x5a, 32));
    (0..N)
        .map(|i| {
            let pool = rng.random_range(0..BUILTIN_POOLS.len());
            let p = &BUILTIN_POOLS[pool];
            let height = 840_000 + i as u32;
            let mut sig = vec![0x03];
            sig.extend_from_slice(&height.to_le_bytes()[..3]);
            let extranonce = rng.random_range(4..=12);
            sig.extend(random_bytes(&mut rng, extranonce));
            if rng.random::<f64>() < 0.9 && !p.tags.is_empty() {
                let tag = p.tags[rng.random_range(0..p.tags.len())];
                sig.extend_from_slice(tag.as_bytes());
            }
            let pad = rng.random_range(8..40);
            sig.extend(random_bytes(&mut rng, pad));
            let mut outputs = Vec::with_capacity(3);
            if rng.random::<f64>() < 0.15 {
                outputs.push(CoinbaseOutput::new(Amount::from_sat(546), dust.clone()));
            }
            let payout = if !payouts[pool].is_empty() && rng.random::<f64>() < 0.6 {
                payouts[pool][rng.random_range(0..payouts[pool].len())].clone()
            } else {
                let mut s = vec![0x00, 0x14];
                s.extend(random_bytes(&mut rng, 20));
                ScriptBuf::from_bytes(s)
            };
            outputs.push(CoinbaseOutput::new(Amount::from_sat(312_500_000), payout));
            outputs
                .push(CoinbaseOutput::new(Amount::ZERO, ScriptBuf::from_bytes(commitment.clone())));
            Coinbase::new(sig, outputs)
        })
        .collect()
}

/// mempool.space's method, as documented in PROVENANCE.md §1a.
struct Naive {
    pools: Vec<(Vec<regex::Regex>, Vec<String>)>,
}

impl Naive {
    fn new(reg: &Registry) -> Self {
        let mut pools: Vec<(Vec<regex::Regex>, Vec<String>)> =
            reg.pools().iter().map(|_| (Vec::new(), Vec::new())).collect();
        for t in reg.tags() {
            let re = regex::RegexBuilder::new(t.text())
                .case_insensitive(true)
                .build()
                .or_else(|_| {
                    regex::RegexBuilder::new(&regex::escape(t.text()))
                        .case_insensitive(true)
                        .build()
                })
                .unwrap();
            pools[t.pool().index()].0.push(re);
        }
        for a in reg.addresses() {
            pools[a.pool().index()].1.push(a.address().to_owned());
        }
        Naive { pools }
    }

    /// mempool's `matchBlockMiner`: the scriptSig decoded byte by byte to a string, output 0's
    /// address as a string; then pool by pool, the address, then each tag regex.
    fn attribute(&self, cb: &Coinbase) -> Option<usize> {
        let ascii: String = cb.script_sig().iter().map(|&b| b as char).collect();
        let out0 = cb
            .outputs()
            .first()
            .and_then(|o| Address::from_script(o.script_pubkey(), bitcoin::Network::Bitcoin).ok())
            .map(|a| a.to_string());
        self.pools.iter().position(|(tags, addrs)| {
            out0.as_ref().is_some_and(|a| addrs.contains(a))
                || tags.iter().any(|re| re.is_match(&ascii))
        })
    }
}

/// The built-in registry grown to the size of mempool's `pools-v2.json` (168 pools) with 130
/// synthetic pools (random alphanumeric tags, random P2PKH payouts) that the corpus never uses:
/// the naive method's cost grows with the list, minerscope's does not.
fn mempool_sized_registry() -> Registry {
    let mut rng = StdRng::seed_from_u64(168);
    let mut reg = Registry::builtin();
    let src = reg.add_source("synthetic", RegistryFormat::Custom);
    const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    while reg.pools().len() < 168 {
        let id = reg.insert_pool(&format!("Synthetic {}", reg.pools().len()), None, src);
        for _ in 0..rng.random_range(1..=2) {
            let len = rng.random_range(6..=14);
            let tag: String =
                (0..len).map(|_| ALNUM[rng.random_range(0..ALNUM.len())] as char).collect();
            reg.insert_tag(id, &format!("/{tag}/"), src);
        }
        for _ in 0..rng.random_range(1..=3) {
            let hash = bitcoin::PubkeyHash::from_byte_array(rng.random());
            let addr = Address::p2pkh(hash, bitcoin::Network::Bitcoin);
            reg.insert_address(id, &addr.to_string(), src);
        }
    }
    reg
}

fn attribution(c: &mut Criterion) {
    let corpus = corpus();
    let reg = Registry::builtin();
    let attributor = Attributor::new(&reg).unwrap();
    let naive = Naive::new(&reg);
    let big = mempool_sized_registry();
    let attributor_big = Attributor::new(&big).unwrap();
    let naive_big = Naive::new(&big);
    let mut group = c.benchmark_group("attribution");
    group.sample_size(10);
    group.throughput(Throughput::Elements(N as u64));
    group.bench_function("minerscope_1M", |b| {
        b.iter(|| {
            let mut identified = 0u64;
            for cb in &corpus {
                identified += attributor.attribute(black_box(cb)).pool().is_some() as u64;
            }
            identified
        })
    });
    group.throughput(Throughput::Elements(N_NAIVE as u64));
    group.bench_function("minerscope_20k", |b| {
        b.iter(|| {
            let mut identified = 0u64;
            for cb in &corpus[..N_NAIVE] {
                identified += attributor.attribute(black_box(cb)).pool().is_some() as u64;
            }
            identified
        })
    });
    // The two halves of minerscope's attribution, for profiling: the tag search over the raw
    // scriptSig and the payout-script lookup over every output.
    group.bench_function("minerscope_find_tag_20k", |b| {
        b.iter(|| {
            let mut found = 0u64;
            for cb in &corpus[..N_NAIVE] {
                found += attributor.find_tag(black_box(cb.script_sig())).is_some() as u64;
            }
            found
        })
    });
    group.bench_function("minerscope_find_address_20k", |b| {
        b.iter(|| {
            let mut found = 0u64;
            for cb in &corpus[..N_NAIVE] {
                let outputs = black_box(cb).outputs().iter();
                let outputs = outputs.map(|o| (o.value(), o.script_pubkey().as_bytes()));
                found += attributor.find_address(outputs).is_some() as u64;
            }
            found
        })
    });
    group.bench_function("naive_regex_output0_20k", |b| {
        b.iter(|| {
            let mut identified = 0u64;
            for cb in &corpus[..N_NAIVE] {
                identified += naive.attribute(black_box(cb)).is_some() as u64;
            }
            identified
        })
    });
    group.bench_function("minerscope_20k_168pools", |b| {
        b.iter(|| {
            let mut identified = 0u64;
            for cb in &corpus[..N_NAIVE] {
                identified += attributor_big.attribute(black_box(cb)).pool().is_some() as u64;
            }
            identified
        })
    });
    group.bench_function("naive_regex_output0_20k_168pools", |b| {
        b.iter(|| {
            let mut identified = 0u64;
            for cb in &corpus[..N_NAIVE] {
                identified += naive_big.attribute(black_box(cb)).is_some() as u64;
            }
            identified
        })
    });
    group.finish();
}

criterion_group!(benches, attribution);
criterion_main!(benches);
