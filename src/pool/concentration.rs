//! Concentration of mining among pools: the Herfindahl–Hirschman index and the Nakamoto
//! coefficient, with intervals from the Dirichlet posterior of the shares.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Gamma};

use crate::stats::{ConfidenceLevel, Interval};

use super::PoolError;

/// Settings for [`Concentration::from_counts`].
///
/// # Examples
///
/// ```
/// use minerscope::pool::ConcentrationOptions;
/// use minerscope::stats::ConfidenceLevel;
///
/// let o = ConcentrationOptions::default();
/// assert_eq!((o.level, o.draws, o.prior), (ConfidenceLevel::P95, 4000, 0.5));
/// let custom =
///     o.with_level(ConfidenceLevel::P90).with_draws(1000).with_prior(1.0).with_seed(7);
/// assert_eq!((custom.draws, custom.prior, custom.seed), (1000, 1.0, 7));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ConcentrationOptions {
    /// Interval level (default 95 %).
    pub level: ConfidenceLevel,
    /// Posterior draws (default 4000; the Monte-Carlo error of a 2.5 % quantile is then about
    /// ±0.25 percentage points of probability).
    pub draws: usize,
    /// Dirichlet prior pseudo-count per category (default ½, the Jeffreys prior).
    pub prior: f64,
    /// RNG seed, so results are reproducible (default 0x6d696e6572).
    pub seed: u64,
}

impl ConcentrationOptions {
    /// With another interval level.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Concentration, ConcentrationOptions};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let counts = [300, 200, 130, 110, 90, 60, 45, 35, 20, 18];
    /// let at = |level| {
    ///     Concentration::from_counts(
    ///         &counts,
    ///         ConcentrationOptions::default().with_level(level),
    ///     )
    /// };
    /// let (p90, p99) = (at(ConfidenceLevel::P90)?, at(ConfidenceLevel::P99)?);
    /// assert!(p99.hhi_interval().width() > p90.hhi_interval().width());
    /// assert_eq!(p90.hhi_interval().level(), ConfidenceLevel::P90);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn with_level(mut self, level: ConfidenceLevel) -> Self {
        self.level = level;
        self
    }

    /// With another number of posterior draws.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Concentration, ConcentrationOptions, PoolError};
    ///
    /// let counts = [300, 200, 130];
    /// let few = Concentration::from_counts(
    ///     &counts,
    ///     ConcentrationOptions::default().with_draws(200),
    /// )?;
    /// assert!(few.hhi_interval().contains(&few.hhi()));
    /// let none =
    ///     Concentration::from_counts(&counts, ConcentrationOptions::default().with_draws(0));
    /// assert!(matches!(none, Err(PoolError::ZeroDraws(0))));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn with_draws(mut self, draws: usize) -> Self {
        self.draws = draws;
        self
    }

    /// With another Dirichlet prior pseudo-count.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Concentration, ConcentrationOptions, PoolError};
    ///
    /// let counts = [300, 200, 130];
    /// // The uniform Dirichlet prior is accepted; a zero pseudo-count is not.
    /// let uniform = ConcentrationOptions::default().with_prior(1.0);
    /// assert!(Concentration::from_counts(&counts, uniform).is_ok());
    /// let zero = ConcentrationOptions::default().with_prior(0.0);
    /// let bad = Concentration::from_counts(&counts, zero);
    /// assert!(matches!(bad, Err(PoolError::Stats(_))));
    /// ```
    pub fn with_prior(mut self, prior: f64) -> Self {
        self.prior = prior;
        self
    }

    /// With another RNG seed.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Concentration, ConcentrationOptions};
    ///
    /// let counts = [300, 200, 130, 110, 90];
    /// let run = |seed| {
    ///     Concentration::from_counts(&counts, ConcentrationOptions::default().with_seed(seed))
    /// };
    /// // Reproducible for a seed; only the Monte-Carlo intervals depend on it.
    /// assert_eq!(run(1)?, run(1)?);
    /// assert_eq!(run(1)?.hhi(), run(2)?.hhi());
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

impl Default for ConcentrationOptions {
    fn default() -> Self {
        ConcentrationOptions {
            level: ConfidenceLevel::P95,
            draws: 4000,
            prior: 0.5,
            seed: 0x6d_69_6e_65_72,
        }
    }
}

/// HHI and Nakamoto coefficient of a window's pool counts, with equal-tailed intervals.
///
/// # Method
///
/// ```text
/// HHI       = Σ p̂_i²                       (1/K for K equal pools, 1 for a monopoly)
/// Nakamoto  = min #pools whose blocks number more than n/2   (decided on the integer counts)
/// intervals : central (1−α) range of both statistics over draws p ~ Dirichlet(k_i + a),
///             extended to contain the plug-in value
/// ```
///
/// Each interval always contains its point estimate. Where the plug-in value lies outside the
/// central posterior range the interval is extended to it: at the edges of the parameter space
/// every draw falls on one side (a monopoly's HHI is 1 and equal shares give 1/K, values no
/// draw reaches; an exact half, as in four pools of 250, needs one pool more than any draw
/// does), and with few blocks the posterior of Σp² sits above Σp̂².
///
/// The Dirichlet posterior (Jeffreys prior `a = ½`) is used rather than a parametric bootstrap
/// from `p̂`: it is the exact posterior of the multinomial shares, it gives pools with few or
/// no blocks a proper spread instead of a point mass, and a draw costs K gamma variates with no
/// resampling of n blocks. Draws are seeded, so results are reproducible. Both statistics are
/// functions of the shares only; categories you pass (e.g. "unknown") count as pools.
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Concentration, ConcentrationOptions, PoolError};
///
/// let counts = [300, 200, 130, 110, 90, 60, 45, 35, 20, 18];
/// let c = Concentration::from_counts(&counts, ConcentrationOptions::default())?;
/// assert_eq!(c.nakamoto(), 3); // 300 + 200 + 130 > 504
/// assert!(c.hhi_interval().contains(&c.hhi()));
/// # Ok::<_, PoolError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawConcentration"))]
pub struct Concentration {
    hhi: f64,
    hhi_interval: Interval<f64>,
    nakamoto: u32,
    nakamoto_interval: Interval<u32>,
}

/// The serialized form of a [`Concentration`], checked on the way in: the HHI of shares
/// summing to 1 lies in `(0, 1]`, at least one pool holds a majority, each point lies in its
/// interval (the constructor extends the posterior range to the plug-in value) and both
/// intervals share a level.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawConcentration {
    hhi: f64,
    hhi_interval: Interval<f64>,
    nakamoto: u32,
    nakamoto_interval: Interval<u32>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawConcentration> for Concentration {
    type Error = String;
    fn try_from(raw: RawConcentration) -> Result<Self, String> {
        let RawConcentration { hhi, hhi_interval, nakamoto, nakamoto_interval } = raw;
        if !(hhi > 0.0 && hhi <= 1.0 && hhi_interval.contains(&hhi)) {
            return Err(format!(
                "hhi {hhi} must lie in (0, 1] and in its interval [{}, {}]",
                hhi_interval.low(),
                hhi_interval.high()
            ));
        }
        if !(nakamoto_interval.low() >= 1 && nakamoto_interval.contains(&nakamoto)) {
            return Err(format!(
                "nakamoto coefficient {nakamoto} must lie in its interval [{}, {}], which starts at 1 or above",
                nakamoto_interval.low(),
                nakamoto_interval.high()
            ));
        }
        if hhi_interval.level() != nakamoto_interval.level() {
            return Err(format!(
                "hhi interval level {} must equal the nakamoto interval level {}",
                hhi_interval.level().to_f64(),
                nakamoto_interval.level().to_f64()
            ));
        }
        Ok(Concentration { hhi, hhi_interval, nakamoto, nakamoto_interval })
    }
}

/// Plug-in Nakamoto coefficient, decided on the integer counts: the fewest categories whose
/// blocks number more than half of `total` (`2·Σ > n`, exact). Comparing float shares instead
/// misjudges exact halves: ten pools of one block sum their top five shares to 0.5 but all ten
/// to 0.999…9, which made five pools "more than half".
fn nakamoto_of_counts(counts: &[u64], total: u64) -> u32 {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let half = u128::from(total);
    let mut acc = 0u128;
    let mut k = 0usize;
    for &c in &sorted {
        acc += u128::from(c);
        k += 1;
        if 2 * acc > half {
            break;
        }
    }
    // At most `counts.len()`; more than `u32::MAX` categories cannot be held in memory.
    u32::try_from(k).unwrap_or(u32::MAX)
}

/// Nakamoto coefficient of posterior shares `p` (summing to 1; exact halves have probability
/// zero): sorts `p` in place, descending.
fn nakamoto_of(p: &mut [f64]) -> u32 {
    p.sort_unstable_by(|a, b| b.total_cmp(a));
    let total: f64 = p.iter().sum();
    let mut acc = 0.0;
    let mut k = 0u32;
    for &x in p.iter() {
        acc += x;
        k += 1;
        if acc > 0.5 * total {
            break;
        }
    }
    k
}

fn quantile_sorted<T: Copy>(sorted: &[T], p: f64) -> Option<T> {
    let n = sorted.len();
    let i = ((p * n as f64).floor() as usize).min(n.saturating_sub(1));
    sorted.get(i).copied()
}

impl Concentration {
    /// Computes HHI and the Nakamoto coefficient of per-pool block counts, with intervals.
    ///
    /// # Errors
    ///
    /// [`PoolError::EmptyCounts`] when the counts sum to zero, [`PoolError::CountOverflow`]
    /// when their total exceeds `u64::MAX`, [`PoolError::ZeroDraws`] for `draws == 0`,
    /// [`PoolError::TooManyDraws`] when the draws cannot be held in memory,
    /// [`PoolError::Stats`] for a prior that is not finite and positive (or so large that the
    /// gamma variates overflow).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Concentration, ConcentrationOptions, PoolError};
    ///
    /// // Four equal pools: HHI 1/4, and two pools hold exactly half, not more: Nakamoto 3.
    /// let c =
    ///     Concentration::from_counts(&[250, 250, 250, 250], ConcentrationOptions::default())?;
    /// assert!((c.hhi() - 0.25).abs() < 1e-15);
    /// assert_eq!(c.nakamoto(), 3);
    /// let empty = Concentration::from_counts(&[0, 0], ConcentrationOptions::default());
    /// assert!(matches!(empty, Err(PoolError::EmptyCounts { categories: 2 })));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn from_counts(counts: &[u64], options: ConcentrationOptions) -> Result<Self, PoolError> {
        let total = super::shares::window_total(counts)?;
        if options.draws == 0 {
            return Err(PoolError::ZeroDraws(0));
        }
        let bad_prior = || {
            PoolError::Stats(crate::stats::StatsError::InvalidParameter {
                distribution: "dirichlet",
                parameter: "prior",
                value: options.prior,
            })
        };
        if !(options.prior.is_finite() && options.prior > 0.0) {
            return Err(bad_prior());
        }
        let n = total as f64;
        let mut p: Vec<f64> = counts.iter().map(|&k| k as f64 / n).collect();
        let hhi = p.iter().map(|x| x * x).sum();
        let nakamoto = nakamoto_of_counts(counts, total);

        let gammas: Vec<Gamma<f64>> = counts
            .iter()
            .map(|&k| Gamma::new(k as f64 + options.prior, 1.0))
            .collect::<Result<_, _>>()
            .map_err(|_| bad_prior())?;
        let mut hhis: Vec<f64> = Vec::new();
        let mut naks: Vec<u32> = Vec::new();
        let too_many = |_| PoolError::TooManyDraws { draws: options.draws };
        hhis.try_reserve_exact(options.draws).map_err(too_many)?;
        naks.try_reserve_exact(options.draws).map_err(too_many)?;
        let mut rng = StdRng::seed_from_u64(options.seed);
        for _ in 0..options.draws {
            for (x, g) in p.iter_mut().zip(&gammas) {
                *x = g.sample(&mut rng);
            }
            // Normalise by the largest variate first, so that huge pseudo-counts (variates near
            // f64::MAX, whose sum overflows) still give finite shares. A draw that is not
            // usable is an error, not skipped: skipping would bias the interval silently.
            let m = p.iter().copied().fold(0.0, f64::max);
            if !(m.is_finite() && m > 0.0) {
                return Err(bad_prior());
            }
            p.iter_mut().for_each(|x| *x /= m);
            let s: f64 = p.iter().sum();
            hhis.push(p.iter().map(|x| (x / s) * (x / s)).sum::<f64>());
            naks.push(nakamoto_of(&mut p));
        }
        hhis.sort_unstable_by(f64::total_cmp);
        naks.sort_unstable();
        let level = options.level;
        let (lo, hi) = (level.lower_tail(), level.upper_tail());
        // The central posterior range, extended to the plug-in value where that lies outside
        // it: at the edges of the parameter space every draw falls on one side of the
        // estimate (a monopoly has HHI 1 and equal shares 1/K, but no draw reaches either; an
        // exact half needs one pool more than any draw does), and with few blocks the
        // posterior of Σp² sits above Σp̂².
        let h_lo = quantile_sorted(&hhis, lo).unwrap_or(hhi).min(hhi);
        let h_hi = quantile_sorted(&hhis, hi).unwrap_or(hhi).max(hhi);
        let n_lo = quantile_sorted(&naks, lo).unwrap_or(nakamoto).min(nakamoto);
        let n_hi = quantile_sorted(&naks, hi).unwrap_or(nakamoto).max(nakamoto);
        Ok(Concentration {
            hhi,
            hhi_interval: Interval::from_ordered(h_lo, h_hi, level),
            nakamoto,
            nakamoto_interval: Interval::from_ordered(n_lo, n_hi, level),
        })
    }

    /// The plug-in HHI `Σ p̂²`, in [1/K, 1].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Concentration, ConcentrationOptions};
    ///
    /// // SCIENCE.md §4.3 counts, n = 1 008: Σ k² / n² = 174 674 / 1 016 064.
    /// let counts = [300, 200, 130, 110, 90, 60, 45, 35, 20, 18];
    /// let c = Concentration::from_counts(&counts, ConcentrationOptions::default())?;
    /// assert!((c.hhi() - 174_674.0 / 1_016_064.0).abs() < 1e-12);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn hhi(&self) -> f64 {
        self.hhi
    }

    /// The posterior interval for the HHI, extended to contain [`hhi`](Self::hhi).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Concentration, ConcentrationOptions};
    ///
    /// // A monopoly's HHI is 1; with few blocks the posterior still allows some spread below it,
    /// // and the interval reaches up to the estimate, which no posterior draw attains.
    /// let c = Concentration::from_counts(&[20, 0, 0], ConcentrationOptions::default())?;
    /// assert_eq!(c.hhi(), 1.0);
    /// let ci = c.hhi_interval();
    /// assert!(ci.low() < 1.0 && ci.high() == 1.0);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn hhi_interval(&self) -> Interval<f64> {
        self.hhi_interval
    }

    /// The plug-in Nakamoto coefficient: the fewest pools holding more than half the blocks.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Concentration, ConcentrationOptions};
    ///
    /// let c = Concentration::from_counts(&[501, 499], ConcentrationOptions::default())?;
    /// assert_eq!(c.nakamoto(), 1); // one pool holds more than half
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn nakamoto(&self) -> u32 {
        self.nakamoto
    }

    /// The posterior interval for the Nakamoto coefficient, extended to contain
    /// [`nakamoto`](Self::nakamoto).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Concentration, ConcentrationOptions};
    ///
    /// // Two pools: whichever truly leads holds more than half, so every posterior draw gives 1.
    /// let c = Concentration::from_counts(&[501, 499], ConcentrationOptions::default())?;
    /// assert_eq!((c.nakamoto_interval().low(), c.nakamoto_interval().high()), (1, 1));
    /// // Three pools near a third each: two are needed, unless one truly leads by enough.
    /// let c3 = Concentration::from_counts(&[340, 330, 330], ConcentrationOptions::default())?;
    /// assert!(c3.nakamoto_interval().contains(&2));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn nakamoto_interval(&self) -> Interval<u32> {
        self.nakamoto_interval
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "a panicking index fails the test, as intended")]
mod tests {
    use super::*;

    #[test]
    fn monopoly_and_equal_pools() {
        let c = Concentration::from_counts(&[1000], ConcentrationOptions::default()).unwrap();
        assert_eq!(c.hhi(), 1.0);
        assert_eq!(c.nakamoto(), 1);
        let c = Concentration::from_counts(&[250; 4], ConcentrationOptions::default()).unwrap();
        assert!((c.hhi() - 0.25).abs() < 1e-15);
        // Exactly half is not a majority, so the plug-in needs 3; any perturbation needs 2, so
        // the posterior range [2, 2] is extended to the estimate.
        assert_eq!(c.nakamoto(), 3);
        assert_eq!((c.nakamoto_interval().low(), c.nakamoto_interval().high()), (2, 3));
        assert!(c.hhi_interval().contains(&0.25));
        let c = Concentration::from_counts(&[400, 300, 200, 100], ConcentrationOptions::default())
            .unwrap();
        assert_eq!(c.nakamoto(), 2);
        assert_eq!((c.nakamoto_interval().low(), c.nakamoto_interval().high()), (2, 2));
    }

    #[test]
    fn rejects_bad_input() {
        let o = ConcentrationOptions::default();
        assert!(Concentration::from_counts(&[], o).is_err());
        assert!(Concentration::from_counts(&[0, 0], o).is_err());
        assert!(Concentration::from_counts(&[1], ConcentrationOptions { draws: 0, ..o }).is_err());
        let bad = ConcentrationOptions { prior: f64::NAN, ..o };
        assert!(Concentration::from_counts(&[1], bad).is_err());
    }
}
