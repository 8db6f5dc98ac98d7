//! Pool mix: finders match the shares, per-pool paths move shares over time, and every block's
//! coinbase carries its finder's real tag, payout script, BIP34 height and reward.
use bitcoin::Amount;
use minerscope::chain::consensus::block_subsidy;
use minerscope::sim::{FeeModel, HashratePath, PoolMix, Scenario, SimulatedChain};
use minerscope::units::Hashrate;
use statrs::distribution::{ChiSquared, ContinuousCDF};

/// False-positive rate of the goodness-of-fit tests.
const ALPHA: f64 = 0.001;

fn run(mix: PoolMix, n: usize, seed: u64) -> SimulatedChain {
    Scenario::builder().pools(mix).seed(seed).build().unwrap().run(n).unwrap()
}

/// Pearson χ² of observed counts against expected probabilities.
fn chi_square(counts: &[u64], probs: &[f64]) -> f64 {
    let n: u64 = counts.iter().sum();
    counts
        .iter()
        .zip(probs)
        .map(|(&o, &p)| {
            let e = p * n as f64;
            (o as f64 - e).powi(2) / e
        })
        .sum()
}

fn counts(chain: &SimulatedChain, range: std::ops::Range<usize>) -> Vec<u64> {
    let k = chain.pools().len();
    let mut c = vec![0u64; k + 1];
    for t in &chain.truth()[range] {
        c[t.pool().unwrap_or(k)] += 1;
    }
    c
}

#[test]
fn finder_frequencies_match_shares() {
    let mix = PoolMix::mainnet_2024();
    let mut probs = mix.shares().unwrap().to_vec();
    probs.push(mix.unknown_share().unwrap());
    let n = 20_000;
    let chain = run(mix, n, 31);
    let c = counts(&chain, 0..n);
    let stat = chi_square(&c, &probs);
    let crit = ChiSquared::new((probs.len() - 1) as f64).unwrap().inverse_cdf(1.0 - ALPHA);
    assert!(stat < crit, "χ² = {stat} ≥ {crit}; counts {c:?}");
    // Power: the same counts are rejected against uniform shares.
    let uniform = vec![1.0 / probs.len() as f64; probs.len()];
    assert!(chi_square(&c, &uniform) > crit);
}

#[test]
fn one_pool_powering_down_loses_share() {
    // Foundry (29 % of 600 EH/s = 174 EH/s) drops to 58 EH/s after 7 days; the rest stays.
    let eh = |x: f64| Hashrate::from_ehs(x).unwrap();
    let network = HashratePath::constant(eh(600.0));
    let day = 86_400.0;
    let foundry = HashratePath::steps(eh(174.0), &[(7.0 * day, eh(58.0))]).unwrap();
    let mix = PoolMix::mainnet_2024().into_paths(&network).with_pool_path(0, foundry).unwrap();
    let n = 4000;
    let chain = run(mix, n, 32);
    let t0 = f64::from(chain.start().time());
    let split = chain.truth().iter().position(|t| t.find_time() - t0 >= 7.0 * day).unwrap();
    // Truth hashrate follows the sum of paths.
    assert!((chain.truth()[0].hashrate().to_ehs() - 600.0).abs() < 1e-6);
    assert!((chain.truth()[split].hashrate().to_ehs() - 484.0).abs() < 1e-6);
    let crit = ChiSquared::new(1.0).unwrap().inverse_cdf(1.0 - ALPHA);
    for (range, p) in [(0..split, 0.29), (split..n, 58.0 / 484.0)] {
        let c = counts(&chain, range);
        let foundry = c[0];
        let others: u64 = c[1..].iter().sum();
        let stat = chi_square(&[foundry, others], &[p, 1.0 - p]);
        assert!(stat < crit, "share {p}: χ² = {stat}");
    }
}

#[test]
fn coinbases_carry_tag_payout_height_and_reward() {
    let fees = Amount::from_sat(12_345_678);
    let chain = Scenario::builder()
        .fees(FeeModel::constant(fees).unwrap())
        .seed(33)
        .build()
        .unwrap()
        .run(3000)
        .unwrap();
    let tags: Vec<&[u8]> = chain.pools().iter().map(|p| p.tag()).collect();
    let mut seen_dust = false;
    for (i, (rec, truth)) in chain.records().iter().zip(chain.truth()).enumerate() {
        let cb = rec.coinbase().unwrap();
        let sig = cb.script_sig();
        assert!(sig.len() <= 100);
        // BIP34: a 3-byte push of the height at this range.
        assert_eq!(sig[0], 3);
        assert_eq!(&sig[1..4], &rec.height().to_le_bytes()[..3]);
        let has = |tag: &[u8]| sig.windows(tag.len()).any(|w| w == tag);
        match truth.pool() {
            Some(p) => {
                let pool = &chain.pools()[p];
                assert!(has(pool.tag()), "block {i} lacks its tag");
                assert_eq!(cb.outputs()[0].script_pubkey(), pool.payout_script());
                assert_eq!(chain.pool_name(i), Some(pool.name()));
                seen_dust |= pool.has_dust_output();
            }
            None => assert!(!tags.iter().any(|t| has(t)), "untagged block {i} has a tag"),
        }
        assert_eq!(rec.coinbase_value(), Some(block_subsidy(rec.height()) + fees));
        assert_eq!(rec.fees(), Some(fees));
        let last = cb.outputs().last().unwrap();
        assert!(last.script_pubkey().as_bytes().starts_with(&[0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed]));
    }
    assert!(seen_dust);
}

#[test]
fn random_fees_have_the_right_mean() {
    // Exponential fees: the sample mean of n draws has relative s.e. 1/sqrt(n) = 1.8 % at
    // n = 3000; allow 5 s.e.
    let mean = Amount::from_sat(20_000_000);
    let n = 3000;
    let chain = Scenario::builder()
        .fees(FeeModel::exponential(mean).unwrap())
        .seed(34)
        .build()
        .unwrap()
        .run(n)
        .unwrap();
    let total: u64 = chain.records().iter().map(|r| r.fees().unwrap().to_sat()).sum();
    let m = total as f64 / n as f64 / mean.to_sat() as f64;
    assert!((m - 1.0).abs() < 5.0 / (n as f64).sqrt(), "relative mean {m}");
}

#[test]
fn closure_pool_paths_mix_with_piecewise_ones() {
    // One pool on a closure (numeric), the rest piecewise: the network is their sum and the
    // finder frequencies follow the (constant-in-expectation) shares: 1/3 vs 2/3.
    let eh = |x: f64| Hashrate::from_ehs(x).unwrap();
    let a =
        minerscope::sim::PoolProfile::new("A", b"/A/".to_vec(), bitcoin::ScriptBuf::new()).unwrap();
    let day = 86_400.0;
    let w = std::f64::consts::TAU / day;
    let wavy = HashratePath::from_fn(move |t| 200e18 * (1.0 + 0.2 * (w * t).sin()));
    assert!(!wavy.is_exact());
    let mix =
        PoolMix::from_paths(vec![(a, wavy)], Some(HashratePath::constant(eh(400.0)))).unwrap();
    let n = 3000;
    let chain = run(mix, n, 35);
    for t in chain.truth() {
        let s = t.elapsed_secs();
        let want = 600e18 + 200e18 * 0.2 * (w * s).sin();
        assert!((t.hashrate().to_hs() / want - 1.0).abs() < 1e-12);
    }
    let c = counts(&chain, 0..n);
    // Over whole days the sine averages out; the time-weighted share of A is 1/3 to within
    // the partial last day (≤ 0.2·200/600/(2π·days) ≈ 0.5 %), far below the test's s.e.
    let crit = ChiSquared::new(1.0).unwrap().inverse_cdf(1.0 - ALPHA);
    let stat = chi_square(&[c[0], c[1]], &[1.0 / 3.0, 2.0 / 3.0]);
    assert!(stat < crit, "χ² = {stat}, counts {c:?}");
}
