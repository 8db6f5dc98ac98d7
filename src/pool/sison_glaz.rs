//! Sison & Glaz (1995) simultaneous multinomial intervals, via the Edgeworth-corrected
//! truncated-Poisson approximation of May & Johnson (2000), as in R `MultinomialCI`, DescTools
//! `MultinomCI` and statsmodels `multinomial_proportions_confint(method="sison-glaz")`.
//!
//! The moments of each truncated Poisson are summed over its box directly, with weights
//! `pmf(x)/pmf(k)` from the recurrence `pmf(x ± 1) = pmf(x)·λ/(x + 1)` or `·x/λ`. (The textbook
//! route through the factorial moments `λʳ·(1 − …)` cancels catastrophically once λ is large:
//! at n = 10⁶ it gave ν values of 626 and 0.)

use statrs::function::gamma::ln_gamma;

use super::PoolError;

/// The largest window Sison–Glaz is computed for: the box sums grow with √n, and at this n a
/// whole search takes well under a second. (About 1 400 times the blocks Bitcoin will ever have.)
pub(crate) const MAX_BLOCKS: u64 = 10_000_000_000;

/// A Poisson(λ = k) variable truncated to `[b, a]` (with `b ≤ k ≤ a`): the log of the box
/// probability and the mean and central moments 2–4 of the truncated variable.
struct Truncated {
    log_p: f64,
    mean: f64,
    m2: f64,
    m3: f64,
    m4: f64,
}

/// Calls `f(d, w)` for every `x = k + d` in `[b, a]` with `w = pmf(x)/pmf(k)`.
fn for_each_weight(k: u64, b: u64, a: u64, mut f: impl FnMut(f64, f64)) {
    let lambda = k as f64;
    f(0.0, 1.0);
    let mut w = 1.0;
    for x in k..a {
        w *= lambda / (x + 1) as f64;
        if w == 0.0 {
            break;
        }
        f((x + 1 - k) as f64, w);
    }
    let mut w = 1.0;
    for x in (b + 1..=k).rev() {
        w *= x as f64 / lambda;
        if w == 0.0 {
            break;
        }
        f(-((k - x + 1) as f64), w);
    }
}

fn truncated(k: u64, b: u64, a: u64) -> Truncated {
    if k == 0 {
        // The point mass at 0, which every box `[0, a]` holds.
        return Truncated { log_p: 0.0, mean: 0.0, m2: 0.0, m3: 0.0, m4: 0.0 };
    }
    let lambda = k as f64;
    let (mut s, mut s1) = (0.0, 0.0);
    for_each_weight(k, b, a, |d, w| {
        s += w;
        s1 += d * w;
    });
    let mean_d = s1 / s;
    let (mut c2, mut c3, mut c4) = (0.0, 0.0, 0.0);
    for_each_weight(k, b, a, |d, w| {
        let e = d - mean_d;
        let e2 = e * e;
        c2 += e2 * w;
        c3 += e2 * e * w;
        c4 += e2 * e2 * w;
    });
    let log_pmf_k = lambda * lambda.ln() - lambda - ln_gamma(lambda + 1.0);
    Truncated {
        log_p: log_pmf_k + s.ln(),
        mean: lambda + mean_d,
        m2: c2 / s,
        m3: c3 / s,
        m4: c4 / s,
    }
}

/// The approximate probability that a Multinomial(n, p̂) vector lies in the box
/// `[k_i − c, k_i + c]` (Sison & Glaz's ν(c), their formula (7)); ν(0) is taken as 0, as in
/// R `MultinomialCI`.
fn nu(c: u64, counts: &[u64], n: u64) -> f64 {
    if c == 0 {
        return 0.0;
    }
    let mut log_p = 0.0;
    let (mut s_mu, mut s_mu2, mut s_mu3, mut s_mu4, mut s_mu2sq) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for &k in counts {
        let t = truncated(k, k.saturating_sub(c), k.saturating_add(c).min(n));
        log_p += t.log_p;
        s_mu += t.mean;
        s_mu2 += t.m2;
        s_mu3 += t.m3;
        s_mu4 += t.m4;
        s_mu2sq += t.m2 * t.m2;
    }
    if s_mu2 <= 0.0 {
        return 0.0;
    }
    let nf = n as f64;
    let g1 = s_mu3 / s_mu2.powf(1.5);
    let g2 = (s_mu4 - 3.0 * s_mu2sq) / (s_mu2 * s_mu2);
    let x = (nf - s_mu) / s_mu2.sqrt();
    let phi = (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let h3 = x.powi(3) - 3.0 * x;
    let h4 = x.powi(4) - 6.0 * x * x + 3.0;
    let h6 = x.powi(6) - 15.0 * x.powi(4) + 45.0 * x * x - 15.0;
    let f = phi * (1.0 + g1 * h3 / 6.0 + g2 * h4 / 24.0 + g1 * g1 * h6 / 72.0) / s_mu2.sqrt();
    if f <= 0.0 || !f.is_finite() {
        return 0.0;
    }
    // log of the Poisson(n) pmf at n.
    let log_pmf_n = nf * nf.ln() - nf - ln_gamma(nf + 1.0);
    (log_p + f.ln() - log_pmf_n).exp()
}

/// Returns `(c, γ)`: intervals are `[p̂ − c/n, p̂ + (c + 2γ)/n]` clipped to [0, 1], where `c`
/// is the integer with `ν(c) ≤ level < ν(c + 1)` and `γ` interpolates between them.
///
/// `n_u` is the total of `counts`, already checked for overflow and for being positive by the
/// caller.
pub(crate) fn constant(counts: &[u64], n_u: u64, level: f64) -> Result<(f64, f64), PoolError> {
    if n_u > MAX_BLOCKS {
        return Err(PoolError::SisonGlazTooManyBlocks { n: n_u, max: MAX_BLOCKS });
    }
    let no_solution = || PoolError::SisonGlazNoSolution { n: n_u, level };
    // ν is increasing in c: bracket the crossing by doubling from half the marginal 95 % normal
    // half-width of the largest category (below the simultaneous solution), then bisect. Over
    // c > n every box already holds all of [0, n], so the search stops there.
    let nf = n_u as f64;
    let p_max = counts.iter().copied().max().unwrap_or(0) as f64 / nf;
    let guess = (0.98 * (nf * p_max * (1.0 - p_max)).sqrt()).floor().max(1.0) as u64;
    let (mut lo, mut hi) =
        if nu(guess, counts, n_u) <= level { (guess, guess) } else { (0, guess) };
    while lo == hi {
        if hi > n_u {
            return Err(no_solution());
        }
        hi = hi.saturating_mul(2).min(n_u.saturating_add(1));
        if nu(hi, counts, n_u) <= level {
            lo = hi;
        }
    }
    // Invariant: ν(lo) ≤ level < ν(hi).
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if nu(mid, counts, n_u) <= level {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let (nuc, nucp1) = (nu(lo, counts, n_u), nu(hi, counts, n_u));
    let g = (level - nuc) / (nucp1 - nuc);
    if !g.is_finite() {
        return Err(no_solution());
    }
    Ok((lo as f64, g))
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "a panicking index fails the test, as intended")]
mod tests {
    use super::*;
    use statrs::distribution::{Discrete, DiscreteCDF, Poisson};

    #[test]
    fn pmf_reference_is_consistent() {
        let p = Poisson::new(10.0).unwrap();
        let direct = p.ln_pmf(10);
        let formula = 10f64 * 10f64.ln() - 10.0 - ln_gamma(11.0);
        assert!((direct - formula).abs() < 1e-12);
    }

    /// The summed box probability and moments agree with statrs' Poisson where its CDF is
    /// accurate (small λ), and the truncated moments are those of a direct sum.
    #[test]
    fn truncated_moments_match_direct_sums() {
        let (k, b, a) = (12u64, 7u64, 20u64);
        let p = Poisson::new(k as f64).unwrap();
        let t = truncated(k, b, a);
        let p_box = p.cdf(a) - p.cdf(b - 1);
        assert!((t.log_p - p_box.ln()).abs() < 1e-12, "{} vs {}", t.log_p, p_box.ln());
        let pm: Vec<(f64, f64)> = (b..=a).map(|x| (x as f64, p.pmf(x) / p_box)).collect();
        let mean: f64 = pm.iter().map(|(x, w)| x * w).sum();
        let central = |r: i32| pm.iter().map(|(x, w)| (x - mean).powi(r) * w).sum::<f64>();
        assert!((t.mean - mean).abs() < 1e-12);
        assert!((t.m2 - central(2)).abs() < 1e-10);
        assert!((t.m3 - central(3)).abs() < 1e-10);
        assert!((t.m4 - central(4)).abs() < 1e-9);
    }

    /// At n = 10⁶ ν is a probability that rises through the levels in use (it ended near 626
    /// and 0 before). Far in the tail, past 99.8 %, the Edgeworth approximation itself wobbles
    /// by about 10⁻⁵, so monotonicity is checked up to there.
    #[test]
    fn nu_is_a_probability_and_increasing_for_large_n() {
        let counts = [500_000u64, 333_333, 166_667];
        let n = counts.iter().sum();
        let mut prev = 0.0;
        for c in (100..3000).step_by(50) {
            let v = nu(c, &counts, n);
            assert!((0.0..=1.0 + 1e-3).contains(&v), "nu({c}) = {v}");
            if prev < 0.998 {
                assert!(v >= prev, "nu({c}) = {v} after {prev}");
            }
            prev = v;
        }
        // The 95 % crossing sits between the marginal and Bonferroni normal half-widths of the
        // top category (sd = 500 blocks).
        let (c, _) = constant(&counts, n, 0.95).unwrap();
        assert!(c > 1.96 * 500.0 - 1.0 && c < 2.394 * 500.0 + 1.0, "c = {c}");
    }

    #[test]
    fn year_long_window_solves() {
        // One year of blocks over 12 pools: the search starts near the solution.
        let counts =
            [15_000u64, 12_000, 8_000, 5_000, 4_000, 3_000, 2_000, 1_500, 1_000, 600, 300, 160];
        let n: u64 = counts.iter().sum();
        let (c, g) = constant(&counts, n, 0.95).unwrap();
        assert!((0.0..=1.0).contains(&g));
        // Half-width c/n between the marginal and the Bonferroni normal half-width of the top pool.
        let p = 15_000.0 / n as f64;
        let sd = (p * (1.0 - p) / n as f64).sqrt();
        let half = c / n as f64;
        assert!(half > 1.96 * sd && half < 3.3 * sd, "c = {c}, half = {half}, sd = {sd}");
    }
}
