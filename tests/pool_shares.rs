//! Shares with simultaneous intervals: SCIENCE.md §4.3 golden values, seeded coverage on a
//! known pool mix, and concentration intervals.
use minerscope::pool::{Concentration, ConcentrationOptions, Shares, SimultaneousMethod};
use minerscope::stats::ConfidenceLevel;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// SCIENCE.md §4.3 example counts, n = 1008.
const COUNTS: [u64; 10] = [300, 200, 130, 110, 90, 60, 45, 35, 20, 18];

/// The table is printed to 0.1 percentage point: agree within rounding.
const TABLE_TOL: f64 = 0.0005 + 1e-9;

fn pct(x: f64) -> f64 {
    (x * 1000.0).round() / 10.0
}

#[test]
fn reproduces_science_4_3_table() {
    let l = ConfidenceLevel::P95;
    let g = Shares::from_counts(&COUNTS, l, SimultaneousMethod::Goodman).unwrap();
    let sg = Shares::from_counts(&COUNTS, l, SimultaneousMethod::SisonGlaz).unwrap();
    for (s, t) in g.shares().iter().zip(sg.shares()) {
        println!(
            "k={:>3}  Goodman {:>4}–{:>4}  Sison–Glaz {:>4}–{:>4}",
            s.count(),
            pct(s.interval().low()),
            pct(s.interval().high()),
            pct(t.interval().low()),
            pct(t.interval().high())
        );
    }
    // (index, Goodman low, high, Sison–Glaz low, high) in %, from the SCIENCE.md §4.3 table
    // (statsmodels multinomial_proportions_confint).
    let table = [(0, 25.9, 33.9, 26.8, 32.8), (5, 4.2, 8.4, 3.0, 9.0), (9, 0.9, 3.4, 0.0, 4.9)];
    for (i, gl, gh, sl, sh) in table {
        let (a, b) = (g.shares()[i].interval(), sg.shares()[i].interval());
        assert!((a.low() - gl / 100.0).abs() <= TABLE_TOL, "Goodman low k={}", COUNTS[i]);
        assert!((a.high() - gh / 100.0).abs() <= TABLE_TOL, "Goodman high k={}", COUNTS[i]);
        assert!((b.low() - sl / 100.0).abs() <= TABLE_TOL, "SG low k={}: {}", COUNTS[i], b.low());
        assert!(
            (b.high() - sh / 100.0).abs() <= TABLE_TOL,
            "SG high k={}: {}",
            COUNTS[i],
            b.high()
        );
    }
}

/// The known pool mix of the coverage test (sums to 1).
const MIX: [f64; 10] = [0.30, 0.20, 0.13, 0.11, 0.09, 0.06, 0.045, 0.035, 0.02, 0.01];
const N_BLOCKS: usize = 1008;
const REPS: usize = 1000;
/// Coverage tolerance: 3 Monte-Carlo standard errors at 95 % over 1000 replications,
/// 3·√(0.95·0.05/1000) = 0.0207.
const COVERAGE_TOL: f64 = 0.021;

fn multinomial(rng: &mut StdRng, n: usize, p: &[f64], out: &mut [u64]) {
    out.iter_mut().for_each(|c| *c = 0);
    for _ in 0..n {
        let mut u: f64 = rng.random();
        let mut j = p.len() - 1;
        for (i, &pi) in p.iter().enumerate() {
            if u < pi {
                j = i;
                break;
            }
            u -= pi;
        }
        out[j] += 1;
    }
}

#[test]
fn simultaneous_coverage_on_known_mix() {
    let mut rng = StdRng::seed_from_u64(20_240_420);
    let l = ConfidenceLevel::P95;
    let mut counts = [0u64; 10];
    let (mut cov_g, mut cov_sg, mut cov_poisson) = (0usize, 0usize, 0usize);
    for _ in 0..REPS {
        multinomial(&mut rng, N_BLOCKS, &MIX, &mut counts);
        let all_in =
            |s: &Shares| s.shares().iter().zip(MIX).all(|(sh, p)| sh.interval().contains(&p));
        cov_g +=
            all_in(&Shares::from_counts(&counts, l, SimultaneousMethod::Goodman).unwrap()) as usize;
        let sg = Shares::from_counts(&counts, l, SimultaneousMethod::SisonGlaz).unwrap();
        cov_sg += all_in(&sg) as usize;
        // Bonferroni Garwood intervals on expected counts λ_i = n·p_i, all jointly.
        let ci = sg.count_intervals(true).unwrap();
        cov_poisson += ci.iter().zip(MIX).all(|(c, p)| c.contains(&(p * N_BLOCKS as f64))) as usize;
    }
    let (g, sg, po) =
        (cov_g as f64 / REPS as f64, cov_sg as f64 / REPS as f64, cov_poisson as f64 / REPS as f64);
    println!(
        "simultaneous coverage over {REPS} reps: Goodman {g:.3}, Sison–Glaz {sg:.3}, Bonferroni Garwood {po:.3}"
    );
    assert!(g >= 0.95 - COVERAGE_TOL, "Goodman {g}");
    assert!(sg >= 0.95 - COVERAGE_TOL, "Sison–Glaz {sg}");
    assert!(po >= 0.95 - COVERAGE_TOL, "Garwood {po}");
}

/// HHI coverage: 300 replications, 3 MC standard errors = 3·√(0.95·0.05/300) = 0.038.
const HHI_REPS: usize = 300;
const HHI_TOL: f64 = 0.038;

#[test]
fn hhi_interval_coverage_on_known_mix() {
    let true_hhi: f64 = MIX.iter().map(|p| p * p).sum();
    let mut rng = StdRng::seed_from_u64(7);
    let mut counts = [0u64; 10];
    let mut hits = 0usize;
    let mut nak_hits = 0usize;
    for r in 0..HHI_REPS {
        multinomial(&mut rng, N_BLOCKS, &MIX, &mut counts);
        let opts = ConcentrationOptions::default().with_seed(r as u64).with_draws(1000);
        let c = Concentration::from_counts(&counts, opts).unwrap();
        hits += c.hhi_interval().contains(&true_hhi) as usize;
        nak_hits += c.nakamoto_interval().contains(&3) as usize;
    }
    let cov = hits as f64 / HHI_REPS as f64;
    let nak = nak_hits as f64 / HHI_REPS as f64;
    println!(
        "HHI {true_hhi:.4}: Dirichlet 95 % interval coverage {cov:.3}; Nakamoto=3 covered {nak:.3}"
    );
    assert!(cov >= 0.95 - HHI_TOL, "HHI coverage {cov}");
    // True Nakamoto is 3 (0.30 + 0.20 = 0.50 is not a majority), on the boundary: the
    // posterior puts about half its mass on 2, so the integer interval must include 3.
    assert!(nak >= 0.95 - HHI_TOL, "Nakamoto coverage {nak}");
}
