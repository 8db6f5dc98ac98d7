//! Block arrivals: the simulated intervals are exactly the Poisson-process model of
//! SCIENCE.md §1.2, for constant, piecewise-linear and closure hashrate paths.
use minerscope::chain::BlockRecord;
use minerscope::chain::consensus::{block_work, target_from_bits, work_to_f64};
use minerscope::sim::{HashratePath, Scenario, SimulatedChain, TimestampNoise};
use minerscope::units::Hashrate;

/// Relative tolerance for the closed-form inversion (f64 rounding of ~1e23-hash integrals).
const EXACT_RTOL: f64 = 1e-9;
/// Relative tolerance for the numerically integrated closure path (Gauss–Legendre on 60 s
/// steps, Newton to 1e-13).
const CLOSURE_RTOL: f64 = 1e-9;
/// Kolmogorov–Smirnov false-positive rate.
const KS_ALPHA: f64 = 0.001;

fn work(rec: &BlockRecord) -> f64 {
    work_to_f64(block_work(target_from_bits(rec.bits()).unwrap()))
}

fn run(path: HashratePath, n: usize, seed: u64) -> SimulatedChain {
    Scenario::builder()
        .hashrate(path)
        .noise(TimestampNoise::none())
        .seed(seed)
        .build()
        .unwrap()
        .run(n)
        .unwrap()
}

/// Time resolution of the stored true times (a few ulp of ~1e6 s), seconds.
const TIME_ULPS: f64 = 2e-9;

/// Checks ∫ H over each true interval / W_i == effort_i, with `integral(a, b)` in seconds since
/// the start and `h_max` bounding the path (for the time-resolution term).
fn check_efforts(
    chain: &SimulatedChain,
    integral: impl Fn(f64, f64) -> f64,
    h_max: f64,
    rtol: f64,
) {
    let mut prev = 0.0;
    for (rec, truth) in chain.records().iter().zip(chain.truth()) {
        let now = truth.elapsed_secs();
        assert_eq!(truth.find_time(), f64::from(chain.start().time()) + now);
        let effort = integral(prev, now) / work(rec);
        let tol = rtol * truth.effort() + TIME_ULPS * h_max / work(rec);
        assert!(
            (effort - truth.effort()).abs() < tol,
            "height {}: integrated effort {effort} vs drawn {}",
            rec.height(),
            truth.effort()
        );
        prev = now;
    }
}

#[test]
fn constant_path_inverts_exactly() {
    let h = 600e18;
    let chain = run(HashratePath::constant(Hashrate::from_hs(h).unwrap()), 5000, 1);
    check_efforts(&chain, |a, b| h * (b - a), h, EXACT_RTOL);
    assert!(chain.truth().iter().all(|t| t.hashrate().to_hs() == h));
}

#[test]
fn piecewise_linear_path_inverts_exactly() {
    // 600 EH/s, ramp down to 300 over days 2–4, jump to 900 on day 6, constant after.
    let eh = |x: f64| Hashrate::from_ehs(x).unwrap();
    let d = 86_400.0;
    let knots = [
        (0.0, eh(600.0)),
        (2.0 * d, eh(600.0)),
        (4.0 * d, eh(300.0)),
        (6.0 * d, eh(300.0)),
        (6.0 * d, eh(900.0)),
    ];
    let path = HashratePath::piecewise_linear(&knots).unwrap();
    // Exact antiderivative of the same path.
    let big = |t: f64| -> f64 {
        let (r0, r1) = (600e18, 300e18);
        let slope = (r1 - r0) / (2.0 * d);
        if t <= 2.0 * d {
            r0 * t
        } else if t <= 4.0 * d {
            let x = t - 2.0 * d;
            r0 * 2.0 * d + r0 * x + 0.5 * slope * x * x
        } else if t <= 6.0 * d {
            r0 * 2.0 * d + 0.5 * (r0 + r1) * 2.0 * d + r1 * (t - 4.0 * d)
        } else {
            r0 * 2.0 * d + 0.5 * (r0 + r1) * 2.0 * d + r1 * 2.0 * d + 900e18 * (t - 6.0 * d)
        }
    };
    let chain = run(path, 3000, 2);
    assert!(chain.truth().last().unwrap().find_time() - f64::from(chain.start().time()) > 7.0 * d);
    check_efforts(&chain, |a, b| big(b) - big(a), 900e18, EXACT_RTOL);
}

#[test]
fn closure_path_integrates_accurately() {
    // H(t) = 600 EH/s · (1 + 0.3 sin(2πt/day)); ∫ = 600e18 (t + 0.3·day/(2π)·(1 − cos(2πt/day))).
    let day = 86_400.0;
    let w = std::f64::consts::TAU / day;
    let path = HashratePath::from_fn(move |t| 600e18 * (1.0 + 0.3 * (w * t).sin()));
    let big = move |t: f64| 600e18 * (t + 0.3 / w * (1.0 - (w * t).cos()));
    let chain = run(path, 1500, 3);
    check_efforts(&chain, |a, b| big(b) - big(a), 780e18, CLOSURE_RTOL);
}

/// Kolmogorov–Smirnov statistic of `xs` against Exp(1).
fn ks_exp1(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len() as f64;
    xs.iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = 1.0 - (-x).exp();
            (f - i as f64 / n).abs().max(((i + 1) as f64 / n - f).abs())
        })
        .fold(0.0, f64::max)
}

#[test]
fn observable_work_times_are_exponential_with_rate_h() {
    // u_i = Δt_i / W_i from the rounded header times; H·u_i ~ Exp(1) (SCIENCE.md §1.2), across
    // the retargets in the run. KS at α = 0.001: critical value sqrt(−ln(α/2)/2)/√n. Rounding
    // to whole seconds moves the empirical CDF by at most ~1/600 · 0.5, far below it.
    let h = 600e18;
    let n = 8000;
    let chain = run(HashratePath::constant(Hashrate::from_hs(h).unwrap()), n, 4);
    let wt = chain.work_time();
    let xs: Vec<f64> = wt.intervals().iter().map(|u| u * h).collect();
    let d = ks_exp1(xs.clone());
    let crit = (-(KS_ALPHA / 2.0).ln() / 2.0).sqrt() / (xs.len() as f64).sqrt();
    assert!(d < crit, "KS D = {d} ≥ {crit}");
    // And the test has power: a 10 % wrong rate is rejected.
    let d_wrong = ks_exp1(xs.iter().map(|x| x * 1.1).collect());
    assert!(d_wrong > crit, "KS cannot tell a 10 % rate error: {d_wrong}");
}

#[test]
fn long_run_mean_interval_is_600_6_seconds() {
    // SCIENCE.md §7.2: at constant hashrate the difficulty of each period is 1209600·H/(c·G)
    // with G ~ Gamma(2015, 1) independent of the past, so each period's mean interval has mean
    // 1209600/2014 = 600.596 s and s.d. ≈ 600.6/sqrt(2013) ≈ 13.4 s. With P periods (the first,
    // at the start difficulty, is dropped) the Monte-Carlo s.e. is 13.4/sqrt(P).
    const PERIODS: usize = 150;
    const EXPECTED: f64 = 1_209_600.0 / 2014.0;
    const PERIOD_SD: f64 = 13.4;
    const Z: f64 = 4.0;
    let chain =
        run(HashratePath::constant(Hashrate::from_ehs(600.0).unwrap()), (PERIODS + 1) * 2016, 5);
    let recs = chain.records();
    // Heights 832 608 (first retarget) to the last block: whole periods of true time.
    let first = recs.iter().position(|r| r.height() % 2016 == 0).unwrap();
    let truth = chain.truth();
    let span = truth.last().unwrap().elapsed_secs() - truth[first].elapsed_secs();
    let mean = span / (truth.len() - 1 - first) as f64;
    let tol = Z * PERIOD_SD / (PERIODS as f64).sqrt();
    assert!((mean - EXPECTED).abs() < tol, "mean interval {mean} s, expected {EXPECTED} ± {tol}");
}
