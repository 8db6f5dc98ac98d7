//! Evaluation of the detectors against the limits of SCIENCE.md §6, on seeded simulations:
//! false-alarm rates, detection delays, interval coverage. Prints a table
//! (`cargo test --test detect_eval -- --nocapture`). Not timed.

use minerscope::chain::WorkTime;
use minerscope::detect::{
    Baseline, Cusum, CusumBank, Detector, DetectorKind, Direction, FalseAlarmTarget, Glr,
    ScanConfig, Scanner, Shift, WindowGrid, WindowedGlr, WindowedGlrConfig, calibration,
};
use minerscope::units::{Efficiency, Hashrate};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::{Exp1, Normal};

/// Measured ARL0 must be within ±20 % of the configured one (the brief's tolerance). With
/// `FAR_RUNS` replications the Monte-Carlo relative s.e. of a mean run length is
/// ≈ 1/√600 = 4.1 %, so ±20 % is ≈ 5 s.e. plus the calibration tables' own ≈ 2–3 % error.
const FAR_TOLERANCE: f64 = 0.20;
const FAR_RUNS: u64 = 600;
/// Delay budget: the unknown-size detector within 1.3 × the known-size CUSUM limit.
const DELAY_FACTOR_LIMIT: f64 = 1.3;
/// Replications per delay estimate; relative s.e. ≈ 0.7/√400 ≈ 3.5 % (delays have c.v. ≈ 0.7).
const DELAY_RUNS: u64 = 400;
/// SCIENCE.md §6.2: zero-start CUSUM delays at ARL0 = 52 560 (the statistical limit).
const LIMITS: [(f64, f64); 3] = [(0.05, 2473.0), (0.10, 813.0), (0.20, 228.0)];
/// Coverage must be within this of the nominal 95 % (s.e. with 300 runs ≈ 1.3 %; the
/// tolerance also allows the approximation in the onset set's cut-off).
const COVERAGE_TOLERANCE: f64 = 0.05;
const COVERAGE_RUNS: u64 = 300;

fn rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

/// Mean blocks to the first alarm on an in-control stream.
fn arl0<D: Detector>(d: &mut D, runs: u64, seed: u64) -> f64 {
    let mut r = rng(seed);
    let mut total = 0u64;
    for _ in 0..runs {
        d.reset();
        let mut k = 0u64;
        loop {
            k += 1;
            let v: f64 = r.sample(Exp1);
            if d.update(v).is_some() || k > 1_000_000 {
                break;
            }
        }
        total += k;
    }
    total as f64 / runs as f64
}

/// Mean zero-start delay for a change to ratio `rho` at block 1 (post-change `v ~ Exp(ρ)`),
/// counting the alarm block (SCIENCE.md §6.2's convention).
fn delay<D: Detector>(d: &mut D, rho: f64, runs: u64, seed: u64) -> (f64, f64) {
    let mut r = rng(seed);
    let mut xs = Vec::with_capacity(runs as usize);
    for _ in 0..runs {
        d.reset();
        let mut k = 0u64;
        loop {
            k += 1;
            let v: f64 = r.sample::<f64, _>(Exp1) / rho;
            if d.update(v).is_some() || k > 1_000_000 {
                break;
            }
        }
        xs.push(k as f64);
    }
    let m = xs.iter().sum::<f64>() / xs.len() as f64;
    let var = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() as f64 - 1.0);
    (m, (var / xs.len() as f64).sqrt())
}

fn check_arl0(name: &str, measured: f64, target: f64) {
    let rel = measured / target - 1.0;
    println!("| {name} | {target:.0} | {measured:.0} | {:+.1} % |", rel * 100.0);
    assert!(rel.abs() <= FAR_TOLERANCE, "{name}: ARL0 {measured:.0} vs target {target:.0}");
}

#[test]
fn false_alarm_rates_match_targets() {
    println!("| detector | target ARL0 | measured ARL0 (s.e. ≈ 4 %) | error |");
    println!("|---|---|---|---|");
    let t1000 = FalseAlarmTarget::blocks(1000.0).unwrap();
    let t2016 = FalseAlarmTarget::blocks(2016.0).unwrap();
    let mut cusum = Cusum::new(Shift::drop(0.10).unwrap(), t2016).unwrap();
    check_arl0("CUSUM 10 % drop (exact h)", arl0(&mut cusum, FAR_RUNS, 1), 2016.0);
    let mut bank = CusumBank::drops(t1000).unwrap();
    check_arl0("CUSUM bank, drops", arl0(&mut bank, FAR_RUNS, 2), 1000.0);
    let mut bank = CusumBank::rises(t2016).unwrap();
    check_arl0("CUSUM bank, rises", arl0(&mut bank, FAR_RUNS, 3), 2016.0);
    let mut glr = Glr::new(Direction::Drop, t1000).unwrap();
    check_arl0("GLR (size-weighted), drops", arl0(&mut glr, FAR_RUNS, 6), 1000.0);
    let mut glr = Glr::new(Direction::Rise, t2016).unwrap();
    check_arl0("GLR (size-weighted), rises", arl0(&mut glr, FAR_RUNS, 7), 2016.0);
    let mut glr = WindowedGlr::new(Direction::Drop, t1000).unwrap();
    check_arl0("windowed GLR (geometric grid), drops", arl0(&mut glr, FAR_RUNS, 4), 1000.0);
    let mut glr = WindowedGlr::new(Direction::Rise, t2016).unwrap();
    check_arl0("windowed GLR (geometric grid), rises", arl0(&mut glr, FAR_RUNS, 5), 2016.0);
}

/// The banks' shipped calibration at one false alarm per year, checked by simulation
/// (300 runs: s.e. ≈ 5.8 %; ±20 %).
#[test]
fn one_year_bank_calibration_holds() {
    let t = FalseAlarmTarget::blocks(52_560.0).unwrap();
    let mut bank = CusumBank::drops(t).unwrap();
    check_arl0("CUSUM bank, drops", arl0(&mut bank, 300, 41), 52_560.0);
    let mut bank = CusumBank::rises(t).unwrap();
    check_arl0("CUSUM bank, rises", arl0(&mut bank, 300, 42), 52_560.0);
    let mut glr = Glr::new(Direction::Drop, t).unwrap();
    check_arl0("GLR (size-weighted), drops", arl0(&mut glr, 300, 43), 52_560.0);
    let mut glr = Glr::new(Direction::Rise, t).unwrap();
    check_arl0("GLR (size-weighted), rises", arl0(&mut glr, 300, 44), 52_560.0);
}

#[test]
fn delays_at_one_false_alarm_per_year_are_within_budget() {
    let t = FalseAlarmTarget::blocks(52_560.0).unwrap();
    let mut glr = Glr::new(Direction::Drop, t).unwrap();
    let mut bank = CusumBank::drops(t).unwrap();
    let mut windowed = WindowedGlr::new(Direction::Drop, t).unwrap();
    println!(
        "| drop | CUSUM limit (known δ) | GLR delay ± s.e. | GLR/limit | bank delay ± s.e. | bank/limit | windowed GLR | windowed/limit |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (i, &(d, limit)) in LIMITS.iter().enumerate() {
        // The limit typed from SCIENCE.md agrees with the exact Brook–Evans computation.
        let s = Shift::drop(d).unwrap();
        let exact = calibration::cusum_arl(s, calibration::cusum_threshold(s, t).unwrap(), 1.0 - d)
            .unwrap();
        assert!((exact / limit - 1.0).abs() < 0.01, "{exact} vs {limit}");
        let (mg, sg) = delay(&mut glr, 1.0 - d, DELAY_RUNS, 30 + i as u64);
        let (mb, sb) = delay(&mut bank, 1.0 - d, DELAY_RUNS, 10 + i as u64);
        let (mw, sw) = delay(&mut windowed, 1.0 - d, DELAY_RUNS / 2, 20 + i as u64);
        println!(
            "| {:.0} % | {limit:.0} | {mg:.0} ± {sg:.0} | {:.2} | {mb:.0} ± {sb:.0} | {:.2} | {mw:.0} ± {sw:.0} | {:.2} |",
            d * 100.0,
            mg / limit,
            mb / limit,
            mw / limit
        );
        assert!(mg <= DELAY_FACTOR_LIMIT * limit, "GLR delay {mg} for {d} vs limit {limit}");
        assert!(mb <= DELAY_FACTOR_LIMIT * limit, "bank delay {mb} for {d} vs limit {limit}");
        // The flat-threshold GLR is the comparison that motivates the size-weighted boundary:
        // it must be measurably slower for the smallest drop.
        if d == 0.05 {
            assert!(mw > 1.4 * limit, "windowed GLR delay {mw} for 5 %");
        }
    }
}

/// The size-weighted GLR stays within the budget between and beyond its grid's sizes, against
/// the exact limit for each size (a CUSUM designed for it, zero start, Brook–Evans).
#[test]
fn glr_delay_is_uniform_in_the_drop_size() {
    let t = FalseAlarmTarget::blocks(52_560.0).unwrap();
    let mut glr = Glr::new(Direction::Drop, t).unwrap();
    for (i, &d) in [0.03, 0.06, 0.085, 0.12, 0.17, 0.25, 0.35].iter().enumerate() {
        let s = Shift::drop(d).unwrap();
        let limit = calibration::cusum_arl(s, calibration::cusum_threshold(s, t).unwrap(), 1.0 - d)
            .unwrap();
        let (m, se) = delay(&mut glr, 1.0 - d, DELAY_RUNS, 50 + i as u64);
        println!(
            "drop {:.1} %: limit {limit:.0}, GLR {m:.0} ± {se:.0} ({:.2} ×)",
            d * 100.0,
            m / limit
        );
        assert!(m <= DELAY_FACTOR_LIMIT * limit, "GLR delay {m} for {d} vs limit {limit}");
    }
}

/// The geometric window grid against the exact scan, same threshold, W = 2016: the grid can
/// only see less (a subset of windows), so its delay is longer; the cost must be small.
#[test]
fn geometric_grid_delay_cost_is_small() {
    /// Allowed relative delay increase of the geometric grid (ratio 1.15) over the exact scan
    /// at the *same* threshold. This overstates the cost: at equal ARL0 the grid, which sees
    /// fewer windows, gets a lower threshold. Measured: +5.6 % (20 % drop), see the report.
    const GRID_DELAY_COST: f64 = 0.08;
    let exact = WindowedGlrConfig {
        direction: Direction::Drop,
        window: 2016,
        min_window: 10,
        grid: WindowGrid::Exact,
    };
    let geo = WindowedGlrConfig { grid: WindowGrid::Geometric { ratio: 1.15 }, ..exact };
    for &(d, runs) in &[(0.20, 150u64), (0.10, 60)] {
        let mut a = WindowedGlr::with_threshold(exact, 6.0).unwrap();
        let mut b = WindowedGlr::with_threshold(geo, 6.0).unwrap();
        // Common random numbers: the same seed for both.
        let (ma, _) = delay(&mut a, 1.0 - d, runs, 99);
        let (mb, _) = delay(&mut b, 1.0 - d, runs, 99);
        println!(
            "drop {d}: exact scan {ma:.1}, geometric grid {mb:.1} blocks ({:+.2} %)",
            (mb / ma - 1.0) * 100.0
        );
        assert!(mb >= ma - 1e-9 && mb <= ma * (1.0 + GRID_DELAY_COST), "{ma} vs {mb}");
    }
}

/// Simulated chain: `n` blocks at hashrate 5e20 H/s, dropping by ratio `rho` from block
/// `change` on, difficulty re-set every 2016 blocks to a random ±10 %, timestamps with
/// N(0, noise_sd) errors (rounded to seconds).
fn simulate(seed: u64, n: usize, change: usize, rho: f64, noise_sd: f64) -> WorkTime {
    let mut r = rng(seed);
    let h0 = 5e20;
    let mut w = 600.0 * h0;
    let noise = Normal::new(0.0, noise_sd.max(1e-9)).unwrap();
    let mut t = 1.7e9;
    let mut times = Vec::with_capacity(n);
    let mut work = Vec::with_capacity(n);
    for i in 0..n {
        if i % 2016 == 0 && i > 0 {
            w = 600.0 * h0 * r.random_range(0.9..1.1);
        }
        let h = if i >= change { h0 * rho } else { h0 };
        if i > 0 {
            t += r.sample::<f64, _>(Exp1) * w / h;
        }
        let e: f64 = if noise_sd > 0.0 { r.sample(noise) } else { 0.0 };
        times.push((t + e).round() as i64);
        work.push(w);
    }
    WorkTime::from_parts(0, &times, &work).unwrap()
}

#[test]
fn false_alarms_with_estimated_baseline_noise_and_retargets() {
    // Banks at ARL0 = 1000 per direction, baseline from 2016 reference blocks, σ = 30 s
    // timestamp noise, difficulty changes every 2016 blocks: measured alarms per monitored
    // block on in-control chains, with and without the estimated-baseline correction.
    let target = 1000.0;
    for kind in [
        DetectorKind::CusumBank,
        DetectorKind::CusumBankEstimatedBaseline,
        DetectorKind::Glr,
        DetectorKind::GlrEstimatedBaseline,
    ] {
        let mut config = ScanConfig::new(FalseAlarmTarget::blocks(target).unwrap());
        config.detector = kind;
        let scanner = Scanner::new(&config).unwrap();
        let (mut alarms, mut monitored) = (0u64, 0u64);
        for seed in 0..12u64 {
            let wt = simulate(seed, 40_000, usize::MAX, 1.0, 30.0);
            let ev = scanner.scan(&wt).unwrap();
            alarms += ev.len() as u64;
            // Each alarm consumes a reference window that is not monitored.
            monitored += 40_000 - 2016 * (1 + ev.len() as u64);
        }
        let measured = monitored as f64 / alarms.max(1) as f64;
        println!(
            "scan {kind:?}, both directions, estimated r0, noise 30 s: one alarm per {measured:.0} blocks (known r0: 500; {alarms} alarms)"
        );
        // Drop and rise detectors each at ARL0 = 1000 give one alarm per 500 blocks with a
        // known r0. With an estimated r0 every baseline error speeds up one of the two
        // directions; the corrected detectors must meet the brief's ±20 % (s.e. ≈ 7 % with
        // ~190 alarms), the plain ones are quantified within 40 %.
        let corrected = matches!(
            kind,
            DetectorKind::CusumBankEstimatedBaseline | DetectorKind::GlrEstimatedBaseline
        );
        let tolerance = if corrected { FAR_TOLERANCE } else { 0.4 };
        assert!((measured / 500.0 - 1.0).abs() < tolerance, "{kind:?}: {measured}");
    }
}

#[test]
fn onset_and_size_intervals_cover() {
    coverage_for(DetectorKind::CusumBank);
}

#[test]
fn onset_and_size_intervals_cover_with_the_glr() {
    coverage_for(DetectorKind::Glr);
}

fn coverage_for(kind: DetectorKind) {
    // One false alarm per year per direction, as in real use.
    let mut config = ScanConfig::new(FalseAlarmTarget::blocks(52_560.0).unwrap());
    config.detector = kind;
    let eff = Efficiency::from_j_per_th(20.0).unwrap();
    config.event.efficiency = Some((eff, eff));
    let scanner = Scanner::new(&config).unwrap();
    let change = 4000usize;
    let (mut n, mut onset_cov, mut size_cov, mut power_cov) = (0u64, 0u64, 0u64, 0u64);
    for seed in 0..COVERAGE_RUNS {
        let rho = if seed % 2 == 0 { 0.85 } else { 0.75 };
        let wt = simulate(1000 + seed, 8000, change, rho, 30.0);
        let Ok(events) = scanner.scan(&wt) else { continue };
        // The first event after the change (false alarms before it are skipped).
        let Some(ev) = events.iter().find(|e| e.alarm_height() as usize >= change) else {
            continue;
        };
        // When the onset falls inside the reference window, "before" is measured on the blocks
        // before the located onset, so even a
        // false alarm that re-set the baseline on a window straddling the change is included.
        if ev.direction() != Direction::Drop {
            continue;
        }
        n += 1;
        let (lo, hi) = ev.onset().height_interval();
        onset_cov += u64::from(lo as usize <= change && change <= hi as usize);
        size_cov += u64::from(ev.size().interval().contains(&rho));
        // True power offline: 20 J/TH × 5e20 H/s × (1 − ρ).
        let truth = eff.power_for(Hashrate::from_hs(5e20 * (1.0 - rho)).unwrap()).unwrap();
        power_cov += u64::from(ev.power().unwrap().interval().contains(&truth));
    }
    let (oc, sc) = (onset_cov as f64 / n as f64, size_cov as f64 / n as f64);
    let pc = power_cov as f64 / n as f64;
    println!(
        "{kind:?}: coverage over {n} detected drops: onset {oc:.3}, size {sc:.3}, power {pc:.3} (nominal 0.95)"
    );
    // Bonferroni: the power interval is conservative.
    assert!(pc >= 0.95 - COVERAGE_TOLERANCE, "power coverage {pc}");
    assert!(n as f64 > 0.8 * COVERAGE_RUNS as f64, "{n} clean detections");
    assert!((sc - 0.95).abs() <= COVERAGE_TOLERANCE, "size coverage {sc}");
    assert!(oc >= 0.95 - COVERAGE_TOLERANCE, "onset coverage {oc}");
}

#[test]
fn estimated_baseline_threshold_is_higher() {
    let s = Shift::drop(0.10).unwrap();
    let t = FalseAlarmTarget::blocks(2016.0).unwrap();
    let h = calibration::cusum_threshold(s, t).unwrap();
    let h_est = calibration::cusum_threshold_estimated_baseline(s, t, 2016).unwrap();
    println!("10 % CUSUM at ARL0 2016: h = {h:.3} (known r0), {h_est:.3} (r0 from 2016 blocks)");
    assert!(h_est > h);
    let _ = Baseline::from_work_time(2016, 2015.0).unwrap();
}

/// The drop bank corrected for an estimated baseline meets its target when `r0` comes from a
/// fresh 2016-block reference window for every run (±20 %, s.e. ≈ 4 % with 600 runs); the
/// uncorrected bank's shortfall is printed beside it.
#[test]
fn estimated_baseline_bank_meets_target() {
    use rand_distr::Gamma;
    let target = FalseAlarmTarget::blocks(1000.0).unwrap();
    let m = 2016u64;
    let mut corrected = CusumBank::drops_estimated_baseline(target, m).unwrap();
    let mut plain = CusumBank::drops(target).unwrap();
    let reference = Gamma::new(m as f64, 1.0).unwrap();
    let measure = |bank: &mut CusumBank, seed: u64| {
        let mut r = rng(seed);
        let mut total = 0u64;
        for _ in 0..FAR_RUNS {
            // r̂0 = (m−1)/S with S ~ Gamma(m, 1) at true rate 1.
            let s: f64 = r.sample(reference);
            let r0 = (m as f64 - 1.0) / s;
            bank.reset();
            let mut k = 0u64;
            loop {
                k += 1;
                let v: f64 = r0 * r.sample::<f64, _>(Exp1);
                if bank.update(v).is_some() || k > 1_000_000 {
                    break;
                }
            }
            total += k;
        }
        total as f64 / FAR_RUNS as f64
    };
    let a_plain = measure(&mut plain, 31);
    let a_corr = measure(&mut corrected, 31);
    println!(
        "drop bank, r0 from 2016 blocks, target 1000: plain {a_plain:.0}, corrected {a_corr:.0}"
    );
    // The correction targets the false-alarm rate averaged over baselines, E[1/ARL0(θ)];
    // a detector restarted on a fresh baseline after each alarm has the renewal rate
    // 1/E[ARL0(θ)], which that makes conservative: the corrected ARL0 must not fall short.
    assert!(a_corr >= (1.0 - FAR_TOLERANCE) * 1000.0 && a_corr >= a_plain, "{a_corr}");
}
