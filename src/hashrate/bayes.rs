//! Conjugate Gamma posterior for the hashrate, with a discounted prior from the previous window.

use crate::chain::WorkTime;
use crate::stats::{ConfidenceLevel, Interval};
use crate::units::Hashrate;

use super::pivot::{gamma_quantile, hashrate, ordered, positive_work_time};
use super::{Estimate, HashrateError, HashrateEstimator, Method, Window};

/// A Gamma distribution over the hashrate `H` (shape `a`, rate `b` in seconds per hash): a prior
/// or a posterior.
///
/// `a = b = 0` is the (improper) Jeffreys prior `∝ 1/H`, usable only as a prior.
///
/// Deserializing runs [`GammaPosterior::new`]'s checks, so a stored posterior with a negative or
/// non-finite shape or rate is refused.
///
/// # Examples
///
/// ```
/// use minerscope::hashrate::GammaPosterior;
///
/// let prior = GammaPosterior::jeffreys();
/// let post = prior.update(120, 120.0 / 5e20)?; // 120 blocks at 500 EH/s
/// assert!((post.mean_hs()? / 5e20 - 1.0).abs() < 1e-12);
/// let next_prior = post.discounted(0.5)?; // half the weight carried forward
/// assert_eq!(next_prior.shape(), 60.0);
/// # Ok::<_, minerscope::hashrate::HashrateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawGammaPosterior"))]
pub struct GammaPosterior {
    shape: f64,
    rate: f64,
}

/// The serialized fields, checked on the way in by [`GammaPosterior::new`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawGammaPosterior {
    shape: f64,
    rate: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawGammaPosterior> for GammaPosterior {
    type Error = HashrateError;

    fn try_from(r: RawGammaPosterior) -> Result<Self, HashrateError> {
        GammaPosterior::new(r.shape, r.rate)
    }
}

impl GammaPosterior {
    /// The Jeffreys prior `∝ 1/H` (shape 0, rate 0): the posterior's credible interval is then
    /// the exact χ² confidence interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{GammaPosterior, HashrateError};
    ///
    /// let prior = GammaPosterior::jeffreys();
    /// assert_eq!((prior.shape(), prior.rate()), (0.0, 0.0));
    /// // Improper: it has no mean until data arrive.
    /// assert!(matches!(prior.mean_hs(), Err(HashrateError::NonFiniteResult { .. })));
    /// assert!((prior.update(10, 10.0 / 1e18)?.mean_hs()? / 1e18 - 1.0).abs() < 1e-12);
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn jeffreys() -> Self {
        GammaPosterior { shape: 0.0, rate: 0.0 }
    }

    /// A Gamma(shape, rate) distribution; rate in seconds per hash.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] unless both are finite and non-negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::GammaPosterior;
    ///
    /// let g = GammaPosterior::new(144.0, 144.0 / 6e20)?;
    /// assert!((g.mean_hs()? / 6e20 - 1.0).abs() < 1e-12);
    /// assert!(GammaPosterior::new(-1.0, 0.0).is_err());
    /// assert!(GammaPosterior::new(1.0, f64::INFINITY).is_err());
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn new(shape: f64, rate: f64) -> Result<Self, HashrateError> {
        for (name, v) in [("shape", shape), ("rate", rate)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(HashrateError::InvalidParameter {
                    name,
                    value: v,
                    reason: "must be finite and non-negative",
                });
            }
        }
        Ok(GammaPosterior { shape, rate })
    }

    /// An informative prior centred on `h` with the weight of `blocks` blocks:
    /// Gamma(blocks, blocks/h).
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] if `h` is zero or `blocks` is not finite and positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::GammaPosterior;
    /// use minerscope::units::Hashrate;
    ///
    /// // A prior worth one day of blocks, centred on 600 EH/s.
    /// let prior = GammaPosterior::centred(Hashrate::from_ehs(600.0).unwrap(), 144.0)?;
    /// assert_eq!(prior.shape(), 144.0);
    /// assert!((prior.mean_hs()? / 6e20 - 1.0).abs() < 1e-12);
    /// assert!(GammaPosterior::centred(Hashrate::ZERO, 144.0).is_err());
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn centred(h: Hashrate, blocks: f64) -> Result<Self, HashrateError> {
        if !(blocks.is_finite() && blocks > 0.0) {
            return Err(HashrateError::InvalidParameter {
                name: "blocks",
                value: blocks,
                reason: "the prior's weight must be finite and positive",
            });
        }
        if h.to_hs() <= 0.0 {
            return Err(HashrateError::InvalidParameter {
                name: "h",
                value: h.to_hs(),
                reason: "the prior's centre must be a positive hashrate",
            });
        }
        Self::new(blocks, blocks / h.to_hs())
    }

    /// The shape `a`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::GammaPosterior;
    ///
    /// assert_eq!(GammaPosterior::jeffreys().update(120, 1e-16)?.shape(), 120.0);
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn shape(&self) -> f64 {
        self.shape
    }

    /// The rate `b`, seconds per hash.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::GammaPosterior;
    ///
    /// assert_eq!(GammaPosterior::jeffreys().update(120, 1e-16)?.rate(), 1e-16);
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Conjugate update with `n` blocks of total work-time `work_time`: `(a + n, b + S)`.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] unless `work_time` is finite and non-negative,
    /// [`HashrateError::NonFiniteResult`] if the updated rate overflows.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::GammaPosterior;
    ///
    /// let post = GammaPosterior::new(10.0, 1e-17)?.update(20, 2e-17)?;
    /// assert_eq!((post.shape(), post.rate()), (30.0, 3e-17));
    /// assert!(GammaPosterior::jeffreys().update(1, -1e-18).is_err());
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn update(self, n: u32, work_time: f64) -> Result<Self, HashrateError> {
        if !(work_time.is_finite() && work_time >= 0.0) {
            return Err(HashrateError::InvalidParameter {
                name: "work_time",
                value: work_time,
                reason: "must be finite and non-negative",
            });
        }
        let rate = self.rate + work_time;
        if !rate.is_finite() {
            return Err(HashrateError::NonFiniteResult { what: "posterior rate", value: rate });
        }
        Ok(GammaPosterior { shape: self.shape + f64::from(n), rate })
    }

    /// The power prior `Gamma(δa, δb)`: the previous window's information discounted by `δ`
    /// (effective memory `1/(1−δ)` windows when repeated).
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] unless `0 <= discount <= 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::GammaPosterior;
    ///
    /// let post = GammaPosterior::new(144.0, 144e-18)?;
    /// let half = post.discounted(0.5)?;
    /// // Half the information, the same mean.
    /// assert_eq!((half.shape(), half.rate()), (72.0, 72e-18));
    /// assert!((half.mean_hs()? - post.mean_hs()?).abs() < 1e-3);
    /// assert!(post.discounted(1.5).is_err());
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn discounted(self, discount: f64) -> Result<Self, HashrateError> {
        check_discount(discount)?;
        Ok(GammaPosterior { shape: self.shape * discount, rate: self.rate * discount })
    }

    /// The posterior mean `a/b`, H/s.
    ///
    /// # Errors
    ///
    /// [`HashrateError::NonFiniteResult`] for an improper distribution (`a` or `b` zero).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::GammaPosterior;
    ///
    /// // a/b: 120 blocks over work-time 120/5e20 s/hash is 500 EH/s.
    /// let post = GammaPosterior::jeffreys().update(120, 120.0 / 5e20)?;
    /// assert!((post.mean_hs()? / 5e20 - 1.0).abs() < 1e-12);
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn mean_hs(&self) -> Result<f64, HashrateError> {
        self.proper()?;
        Ok(self.shape / self.rate)
    }

    /// The equal-tailed credible interval.
    ///
    /// # Errors
    ///
    /// [`HashrateError::NonFiniteResult`] for an improper distribution.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{ChiSquaredPivot, GammaPosterior};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // Under the Jeffreys prior the credible interval is the exact χ² confidence interval.
    /// let s = 120.0 / 5e20;
    /// let post = GammaPosterior::jeffreys().update(120, s)?;
    /// let credible = post.credible_interval(ConfidenceLevel::P95)?;
    /// let exact = ChiSquaredPivot::new(120, ConfidenceLevel::P95)?.interval_hs(s)?;
    /// assert!((credible.low().to_hs() / exact.low().to_hs() - 1.0).abs() < 1e-9);
    /// assert!((credible.high().to_hs() / exact.high().to_hs() - 1.0).abs() < 1e-9);
    /// assert!(GammaPosterior::jeffreys().credible_interval(ConfidenceLevel::P95).is_err());
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn credible_interval(
        &self,
        level: ConfidenceLevel,
    ) -> Result<Interval<Hashrate>, HashrateError> {
        self.proper()?;
        let lo = gamma_quantile(level.lower_tail(), self.shape)? / self.rate;
        let hi = gamma_quantile(level.upper_tail(), self.shape)? / self.rate;
        Ok(ordered(hashrate(lo, "lower bound")?, hashrate(hi, "upper bound")?, level))
    }

    fn proper(&self) -> Result<(), HashrateError> {
        if self.shape > 0.0 && self.rate > 0.0 {
            Ok(())
        } else {
            Err(HashrateError::NonFiniteResult {
                what: "improper gamma distribution (shape or rate zero)",
                value: self.shape.min(self.rate),
            })
        }
    }
}

fn check_discount(discount: f64) -> Result<f64, HashrateError> {
    if (0.0..=1.0).contains(&discount) {
        Ok(discount)
    } else {
        Err(HashrateError::InvalidParameter {
            name: "discount",
            value: discount,
            reason: "must be in [0, 1]",
        })
    }
}

/// Bayesian estimate: a Gamma prior (discounted) updated with a window's blocks.
///
/// Deserializing runs [`Bayesian::new`]'s checks (and the prior's own), so a stored discount
/// outside `[0, 1]` is refused.
///
/// # Method
///
/// ```text
/// prior    Gamma(δ·a0, δ·b0)              (the previous posterior, discounted: power prior)
/// data     n blocks, work-time S          (likelihood H^n e^{−H·S})
/// posterior Gamma(δ·a0 + n, δ·b0 + S);    point = posterior mean; equal-tailed credible interval
/// ```
///
/// With the Jeffreys prior the credible interval *equals* the exact χ² confidence interval and
/// the posterior mean is the MLE `n/S`. With a discounted prior at a constant hashrate the
/// interval is conservative: steady-state coverage `2Φ(z·√(1+δ)) − 1` (98.4 % at δ = 0.5,
/// tested in `tests/hashrate_coverage.rs`). [`Bayesian::chain`] runs the estimator over consecutive
/// windows, each prior being the previous posterior discounted by `δ`.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{Bayesian, Exact, HashrateEstimator, Window};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=144).map(|i| i * 590).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 145])?;
/// let w = Window::heights(0, 144)?;
/// let b = Bayesian::jeffreys().estimate(&wt, w, ConfidenceLevel::P95)?;
/// let e = Exact::mle().estimate(&wt, w, ConfidenceLevel::P95)?;
/// assert!((b.interval().low().to_hs() / e.interval().low().to_hs() - 1.0).abs() < 1e-9);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
///
/// # References
///
/// SCIENCE.md §5.1–5.2; Smith & Miller (1986), JRSS-B 48:79–88; West & Harrison, *Bayesian
/// Forecasting and Dynamic Models*.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawBayesian"))]
pub struct Bayesian {
    prior: GammaPosterior,
    discount: f64,
}

/// The serialized fields, checked on the way in by [`Bayesian::new`] (the prior by its own).
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawBayesian {
    prior: GammaPosterior,
    discount: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawBayesian> for Bayesian {
    type Error = HashrateError;

    fn try_from(r: RawBayesian) -> Result<Self, HashrateError> {
        Bayesian::new(r.prior, r.discount)
    }
}

impl Bayesian {
    /// The Jeffreys prior, no carried information.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Bayesian, GammaPosterior};
    ///
    /// let b = Bayesian::jeffreys();
    /// assert_eq!((b.prior(), b.discount()), (GammaPosterior::jeffreys(), 1.0));
    /// assert_eq!(b.posterior(5, 5e-18)?.shape(), 5.0);
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn jeffreys() -> Self {
        Bayesian { prior: GammaPosterior::jeffreys(), discount: 1.0 }
    }

    /// A prior (e.g. the previous window's posterior) discounted by `discount` before use.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] unless `0 <= discount <= 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Bayesian, GammaPosterior};
    ///
    /// let b = Bayesian::new(GammaPosterior::new(100.0, 1e-16)?, 0.5)?;
    /// // The prior enters at half weight: (50 + 10, 5e-17 + 1e-17).
    /// let post = b.posterior(10, 1e-17)?;
    /// assert_eq!(post.shape(), 60.0);
    /// assert!((post.rate() - 6e-17).abs() < 1e-30);
    /// assert!(Bayesian::new(GammaPosterior::jeffreys(), -0.1).is_err());
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn new(prior: GammaPosterior, discount: f64) -> Result<Self, HashrateError> {
        check_discount(discount)?;
        Ok(Bayesian { prior, discount })
    }

    /// The prior before discounting.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Bayesian, GammaPosterior};
    ///
    /// let prior = GammaPosterior::new(100.0, 1e-16)?;
    /// assert_eq!(Bayesian::new(prior, 0.9)?.prior(), prior); // stored before discounting
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn prior(&self) -> GammaPosterior {
        self.prior
    }

    /// The discount factor `δ`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Bayesian, GammaPosterior};
    ///
    /// assert_eq!(Bayesian::new(GammaPosterior::jeffreys(), 0.8)?.discount(), 0.8);
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn discount(&self) -> f64 {
        self.discount
    }

    /// The posterior after `n` blocks with work-time `work_time`.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] for a negative or non-finite work-time.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Bayesian, GammaPosterior};
    ///
    /// let b = Bayesian::new(GammaPosterior::new(144.0, 144.0 / 5e20)?, 1.0)?;
    /// // Undiscounted: 144 prior blocks at 500 EH/s and 144 observed at 600 EH/s give 545.45.
    /// let post = b.posterior(144, 144.0 / 6e20)?;
    /// let expected = 288.0 / (144.0 / 5e20 + 144.0 / 6e20);
    /// assert!((post.mean_hs()? / expected - 1.0).abs() < 1e-12);
    /// assert!(b.posterior(1, f64::NAN).is_err());
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn posterior(&self, n: u32, work_time: f64) -> Result<GammaPosterior, HashrateError> {
        self.prior.discounted(self.discount)?.update(n, work_time)
    }

    /// Runs over consecutive windows, carrying each posterior forward (discounted) as the next
    /// prior. Returns each window's estimate and posterior.
    ///
    /// # Errors
    ///
    /// The first window's error, as [`HashrateEstimator::estimate`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Bayesian, GammaPosterior, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=432).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 433])?;
    /// let days = (0..3).map(|d| Window::heights(144 * d, 144 * (d + 1)).unwrap());
    /// let b = Bayesian::new(GammaPosterior::jeffreys(), 0.5)?;
    /// let out = b.chain(&wt, days, ConfidenceLevel::P95)?;
    /// // Each day carries half of the previous posterior forward: shapes 144, 216, 252.
    /// let shapes: Vec<f64> = out.iter().map(|(_, post)| post.shape()).collect();
    /// assert_eq!(shapes, [144.0, 216.0, 252.0]);
    /// let width =
    ///     |i: usize| out[i].0.interval().high().to_hs() - out[i].0.interval().low().to_hs();
    /// assert!(width(2) < width(0));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn chain(
        &self,
        wt: &WorkTime,
        windows: impl IntoIterator<Item = Window>,
        level: ConfidenceLevel,
    ) -> Result<Vec<(Estimate, GammaPosterior)>, HashrateError> {
        let mut out = Vec::new();
        let mut current = *self;
        for w in windows {
            let (est, post) = current.estimate_with_posterior(wt, w, level)?;
            out.push((est, post));
            current = Bayesian { prior: post, discount: self.discount };
        }
        Ok(out)
    }

    fn estimate_with_posterior(
        &self,
        wt: &WorkTime,
        window: Window,
        level: ConfidenceLevel,
    ) -> Result<(Estimate, GammaPosterior), HashrateError> {
        let sums = window.sums(wt)?;
        let (from, to) = (sums.from_height(), sums.to_height());
        let s = positive_work_time(from, to, sums.work_time())?;
        let post = self.posterior(sums.intervals(), s)?;
        let value = hashrate(post.mean_hs()?, "posterior mean")?;
        // The equal-tailed interval at the stated level. The posterior shape is at least n >= 1,
        // so it contains the mean at levels of 50 % and above; a narrower one hugs the median
        // (n − 1/3)/S and may exclude the mean, exactly as the χ² interval excludes n/S.
        let interval = post.credible_interval(level)?;
        Ok((Estimate::new(value, interval, Method::Bayesian, from, to, sums.intervals(), s), post))
    }
}

impl HashrateEstimator for Bayesian {
    fn method(&self) -> Method {
        Method::Bayesian
    }

    fn estimate(
        &self,
        work_time: &WorkTime,
        window: Window,
        level: ConfidenceLevel,
    ) -> Result<Estimate, HashrateError> {
        Ok(self.estimate_with_posterior(work_time, window, level)?.0)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "tests index known-length fixtures")]
mod tests {
    use super::*;
    use crate::hashrate::ChiSquaredPivot;

    /// SCIENCE.md §5.1: with the Jeffreys prior the equal-tailed credible interval equals the
    /// exact χ² interval.
    #[test]
    fn jeffreys_credible_interval_is_the_chi_squared_interval() {
        for n in [2u32, 120, 2016] {
            let s = f64::from(n) / 7e20;
            let post = GammaPosterior::jeffreys().update(n, s).unwrap();
            let b = post.credible_interval(ConfidenceLevel::P95).unwrap();
            let c = ChiSquaredPivot::new(n, ConfidenceLevel::P95).unwrap().interval_hs(s).unwrap();
            assert!((b.low().to_hs() / c.low().to_hs() - 1.0).abs() < 1e-9, "n={n}");
            assert!((b.high().to_hs() / c.high().to_hs() - 1.0).abs() < 1e-9, "n={n}");
        }
    }

    #[test]
    fn discounting_and_validation() {
        let p = GammaPosterior::new(100.0, 2.0).unwrap();
        assert_eq!(p.discounted(0.25).unwrap(), GammaPosterior::new(25.0, 0.5).unwrap());
        assert!(p.discounted(1.5).is_err());
        assert!(p.discounted(f64::NAN).is_err());
        assert!(GammaPosterior::new(-1.0, 1.0).is_err());
        assert!(GammaPosterior::jeffreys().mean_hs().is_err());
        assert!(GammaPosterior::jeffreys().credible_interval(ConfidenceLevel::P95).is_err());
        assert!(Bayesian::new(p, -0.1).is_err());
    }

    #[test]
    fn chain_carries_information_forward() {
        let times: Vec<i64> = (0..=400).map(|i| i * 600).collect();
        let wt = WorkTime::from_parts(0, &times, &[6e20; 401]).unwrap();
        let ws = (0..4).map(|k| Window::heights(k * 100, k * 100 + 100).unwrap());
        let out = Bayesian::new(GammaPosterior::jeffreys(), 0.5)
            .unwrap()
            .chain(&wt, ws, ConfidenceLevel::P95)
            .unwrap();
        // Shapes: 100, 150, 175, 187.5 — memory 1/(1−δ) = 2 windows.
        let shapes: Vec<f64> = out.iter().map(|(_, p)| p.shape()).collect();
        assert_eq!(shapes, vec![100.0, 150.0, 175.0, 187.5]);
        let w0 = out[0].0.interval().high().to_hs() - out[0].0.interval().low().to_hs();
        let w3 = out[3].0.interval().high().to_hs() - out[3].0.interval().low().to_hs();
        assert!(w3 < w0);
    }
}
