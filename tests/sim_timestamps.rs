//! Timestamp noise: backwards timestamps at the expected rate, never with exact times; the
//! median-time-past and two-hour rules always hold (SCIENCE.md §2).
use minerscope::chain::TimeAnomaly;
use minerscope::sim::{MAX_FUTURE_BLOCK_TIME_SECS, Scenario, SimulatedChain, TimestampNoise};
use statrs::distribution::{ContinuousCDF, Normal};

fn run(noise: TimestampNoise, n: usize, seed: u64) -> SimulatedChain {
    Scenario::builder().noise(noise).seed(seed).build().unwrap().run(n).unwrap()
}

fn strictly_backwards(chain: &SimulatedChain) -> usize {
    chain.records().windows(2).filter(|w| w[1].time() < w[0].time()).count()
}

fn assert_consensus_rules(chain: &SimulatedChain) {
    let mtp_violations = chain
        .series()
        .time_anomalies()
        .into_iter()
        .filter(|a| matches!(a, TimeAnomaly::MtpViolation { .. }))
        .count();
    assert_eq!(mtp_violations, 0);
    for (rec, truth) in chain.records().iter().zip(chain.truth()) {
        let limit = truth.find_time().floor() as i64 + MAX_FUTURE_BLOCK_TIME_SECS;
        assert!(i64::from(rec.time()) <= limit, "two-hour rule broken at {}", rec.height());
    }
}

#[test]
fn exact_times_never_go_backwards() {
    let chain = run(TimestampNoise::none(), 20_000, 21);
    assert_eq!(strictly_backwards(&chain), 0);
    for (rec, truth) in chain.records().iter().zip(chain.truth()) {
        assert_eq!(f64::from(rec.time()), truth.find_time().round());
    }
    assert_consensus_rules(&chain);
}

#[test]
fn backwards_rate_matches_normal_noise_theory() {
    // Header error e_i ~ N(0, σ²) i.i.d., true interval X ~ Exp(λ), λ = 1/600 (equilibrium
    // hashrate). The interval is negative when D = e_{i−1} − e_i ~ N(0, 2σ²) exceeds X:
    //   P = 1/2 − exp(λ²σ_d²/2)·Φ(−λσ_d),  σ_d = σ√2        (≈ 1.9 % for σ = 21 s).
    // Rounding to whole seconds and counting only strict decreases removes about
    // f(0)·0.5 s ≈ 0.04 %, where f(0) = λ·exp(λ²σ_d²/2)·Φ(−λσ_d) is the density of X − D at 0.
    // Counts of neighbouring intervals are weakly dependent; the binomial s.e. is
    // sqrt(P(1−P)/n) ≈ 0.1 % at n = 20 000 and we allow Z = 5 of them (plus the rounding term).
    const SIGMA: f64 = 21.0;
    const N: usize = 20_000;
    const Z: f64 = 5.0;
    let lambda = 1.0 / 600.0;
    let sd = SIGMA * 2f64.sqrt();
    let phi = Normal::new(0.0, 1.0).unwrap().cdf(-lambda * sd);
    let g = (lambda * lambda * sd * sd / 2.0).exp() * phi;
    let p = 0.5 - g;
    let rounding = lambda * g * 0.5;
    let chain = run(TimestampNoise::normal(SIGMA).unwrap(), N, 22);
    let rate = strictly_backwards(&chain) as f64 / (N - 1) as f64;
    let se = (p * (1.0 - p) / N as f64).sqrt();
    assert!((rate - (p - rounding)).abs() < Z * se + rounding, "rate {rate}, theory {p}");
    assert_consensus_rules(&chain);
}

#[test]
fn heavy_outliers_respect_mtp_and_two_hour_rules() {
    // 5 % of clocks off by U(−3 h, +3 h): the cap at +2 h and the MTP floor both bind.
    let noise =
        TimestampNoise::normal(30.0).unwrap().with_outliers(0.05, -10_800.0, 10_800.0).unwrap();
    let chain = run(noise, 20_000, 23);
    assert_consensus_rules(&chain);
    let capped = chain
        .records()
        .iter()
        .zip(chain.truth())
        .filter(|(r, t)| {
            i64::from(r.time()) == t.find_time().floor() as i64 + MAX_FUTURE_BLOCK_TIME_SECS
        })
        .count();
    assert!(capped > 100, "the two-hour cap should bind for ~1/6 of outliers, got {capped}");
    let backwards = strictly_backwards(&chain);
    assert!(backwards > 1000, "outliers make many backwards steps, got {backwards}");
}

#[test]
fn default_noise_is_mainnet_like() {
    // Default: σ = 21 s plus 0.1 % outliers: about 2 % backwards intervals (1–3 % on mainnet).
    let chain = run(TimestampNoise::mainnet(), 20_000, 24);
    let rate = strictly_backwards(&chain) as f64 / 19_999.0;
    assert!((0.012..0.03).contains(&rate), "backwards rate {rate}");
    assert_consensus_rules(&chain);
}
