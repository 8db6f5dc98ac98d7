//! Sison & Glaz (1995) simultaneous multinomial intervals, via the Edgeworth-corrected
//! truncated-Poisson approximation of May & Johnson (2000), as in R `MultinomialCI`, DescTools
//! `MultinomCI` and statsmodels `multinomial_proportions_confint(method="sison-glaz")`.

use statrs::distribution::{DiscreteCDF, Poisson};
use statrs::function::gamma::ln_gamma;

use super::PoolError;

/// A Poisson(λ) variable; λ = 0 is the point mass at 0.
struct Pois(Option<Poisson>);

impl Pois {
    fn new(lambda: f64) -> Self {
        Pois(if lambda > 0.0 { Poisson::new(lambda).ok() } else { None })
    }

    fn cdf(&self, x: i64) -> f64 {
        if x < 0 {
            return 0.0;
        }
        match &self.0 {
            Some(p) => p.cdf(x.unsigned_abs()),
            None => 1.0,
        }
    }

    /// `P(lo <= Z <= hi)`.
    fn between(&self, lo: i64, hi: i64) -> f64 {
        (self.cdf(hi) - self.cdf(lo - 1)).max(0.0)
    }

    fn lambda(&self) -> f64 {
        self.0.as_ref().map_or(0.0, |p| p.lambda())
    }
}

/// The approximate probability that a Multinomial(n, p̂) vector lies in the box
/// `[k_i − c, k_i + c]` (Sison & Glaz's ν(c), their formula (7)).
fn nu(c: f64, counts: &[u64], pois: &[Pois], n: f64) -> f64 {
    let mut log_p = 0.0;
    let (mut s_mu, mut s_mu2, mut s_mu3, mut s_mu4, mut s_mu2sq) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (&k, ps) in counts.iter().zip(pois) {
        let k = k as f64;
        let b = (k - c).max(0.0) as i64;
        let a = (k + c).min(n) as i64;
        let p_box = ps.between(b, a);
        if p_box <= 0.0 {
            return 0.0;
        }
        log_p += p_box.ln();
        let lam = ps.lambda();
        // Factorial moments of the truncated Poisson.
        let fm = |r: i64| {
            let num = ps.between(a - r + 1, a) - ps.between(b - r, b - 1);
            lam.powi(i32::try_from(r).unwrap_or(4)) * (1.0 - num / p_box)
        };
        let (m1, m2, m3, m4) = (fm(1), fm(2), fm(3), fm(4));
        let mu = m1;
        let mu2 = m2 + mu - mu * mu;
        let mu3 = m3 + m2 * (3.0 - 3.0 * mu) + mu - 3.0 * mu * mu + 2.0 * mu.powi(3);
        let mu4 = m4 + m3 * (6.0 - 4.0 * mu) + m2 * (7.0 - 12.0 * mu + 6.0 * mu * mu) + mu
            - 4.0 * mu * mu
            + 6.0 * mu.powi(3)
            - 3.0 * mu.powi(4);
        s_mu += mu;
        s_mu2 += mu2;
        s_mu3 += mu3;
        s_mu4 += mu4;
        s_mu2sq += mu2 * mu2;
    }
    if s_mu2 <= 0.0 {
        return 0.0;
    }
    let g1 = s_mu3 / s_mu2.powf(1.5);
    let g2 = (s_mu4 - 3.0 * s_mu2sq) / (s_mu2 * s_mu2);
    let x = (n - s_mu) / s_mu2.sqrt();
    let phi = (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let h3 = x.powi(3) - 3.0 * x;
    let h4 = x.powi(4) - 6.0 * x * x + 3.0;
    let h6 = x.powi(6) - 15.0 * x.powi(4) + 45.0 * x * x - 15.0;
    let f = phi * (1.0 + g1 * h3 / 6.0 + g2 * h4 / 24.0 + g1 * g1 * h6 / 72.0) / s_mu2.sqrt();
    if f <= 0.0 || !f.is_finite() {
        return 0.0;
    }
    // log of the Poisson(n) pmf at n.
    let log_pmf_n = n * n.ln() - n - ln_gamma(n + 1.0);
    (log_p + f.ln() - log_pmf_n).exp()
}

/// Returns `(c, γ)`: intervals are `[p̂ − c/n, p̂ + (c + 2γ)/n]` clipped to [0, 1].
/// `n_u` is the total of `counts`, already checked for overflow by the caller.
pub(crate) fn constant(counts: &[u64], n_u: u64, level: f64) -> Result<(f64, f64), PoolError> {
    let n = n_u as f64;
    let pois: Vec<Pois> = counts.iter().map(|&k| Pois::new(k as f64)).collect();
    // ν is increasing in c. Start the unit-step search at half the marginal 95 % normal
    // half-width of the largest category (well below the simultaneous solution), or at 1 if
    // that start already exceeds the level; this keeps long windows to a few dozen steps.
    let p_max = counts.iter().copied().max().unwrap_or(0) as f64 / n;
    let guess = (0.98 * (n * p_max * (1.0 - p_max)).sqrt()).floor().max(1.0);
    let mut c = if nu(guess, counts, &pois, n) <= level { guess } else { 1.0 };
    let mut nuc = nu(c, counts, &pois, n);
    let mut nucp1 = nu(c + 1.0, counts, &pois, n);
    while !(nuc <= level && level < nucp1) {
        if c > n {
            return Err(PoolError::SisonGlazNoSolution { n: n_u, level });
        }
        c += 1.0;
        nuc = nucp1;
        nucp1 = nu(c + 1.0, counts, &pois, n);
    }
    let g = (level - nuc) / (nucp1 - nuc);
    Ok((c, g))
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "a panicking index fails the test, as intended")]
mod tests {
    use super::*;
    use statrs::distribution::Discrete;

    #[test]
    fn pmf_reference_is_consistent() {
        let p = Poisson::new(10.0).unwrap();
        let direct = p.ln_pmf(10);
        let formula = 10f64 * 10f64.ln() - 10.0 - ln_gamma(11.0);
        assert!((direct - formula).abs() < 1e-12);
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
