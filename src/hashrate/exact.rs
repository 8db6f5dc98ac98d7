//! The unbiased (UMVUE) and maximum-likelihood estimators with the exact χ² interval.

use crate::chain::WorkTime;
use crate::stats::ConfidenceLevel;
use crate::units::Hashrate;

use super::pivot::{hashrate, positive_work_time};
use super::{ChiSquaredPivot, Estimate, HashrateError, HashrateEstimator, Method, Window};

/// The point rule of an [`Exact`] estimator.
///
/// # Examples
///
/// ```
/// use minerscope::hashrate::{Exact, PointRule};
///
/// assert_eq!(Exact::unbiased().rule(), PointRule::Unbiased);
/// // With n = 120 and S = 120/H, the rules differ by exactly one block's worth: 119/120.
/// let s = 120.0 / 5e20;
/// let unbiased = Exact::unbiased().point_estimate(120, s)?;
/// let mle = Exact::mle().point_estimate(120, s)?;
/// assert!((unbiased.to_hs() / mle.to_hs() - 119.0 / 120.0).abs() < 1e-12);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum PointRule {
    /// `(n−1)/S`: unbiased, minimum variance among unbiased estimators, `Var = H²/(n−2)`.
    Unbiased,
    /// `n/S`: the maximum-likelihood estimate, biased up by `1/(n−1)`.
    MaximumLikelihood,
}

/// Fixed-block-count estimators built on the work-time sum `S = Σ Δt_i / W_i`.
///
/// # Method
///
/// ```text
/// S ~ Gamma(n, H)            (u_i = Δt_i/W_i i.i.d. Exp(H), also across retargets)
/// unbiased:  Ĥ = (n−1)/S     E = H,            Var = H²/(n−2)
/// MLE:       Ĥ = n/S         E = H·n/(n−1)
/// interval:  H ∈ [χ²(α/2; 2n), χ²(1−α/2; 2n)] / (2S)      exact
/// ```
///
/// # Assumptions
///
/// Constant hashrate inside the window (otherwise the estimate is of the window's average).
/// Timestamps enter only at the window's endpoints (and, weakly, at retargets inside it); see
/// [`TimestampRobust`](super::TimestampRobust) when they are noisy. The interval is centred on
/// the sampling distribution, not on the point: at levels of 50 % and above it always contains
/// both `(n−1)/S` and `n/S`; a very narrow (low-level) interval may exclude them.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{Exact, HashrateEstimator, Window};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=120).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 121])?; // exactly 1 EH/s
/// let est = Exact::unbiased().estimate(
///     &wt,
///     Window::trailing(120, 120)?,
///     ConfidenceLevel::P95,
/// )?;
/// assert!((est.value().to_ehs() - 119.0 / 120.0).abs() < 1e-12);
/// assert!((est.interval().low().to_ehs() - 0.829).abs() < 5e-4);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
///
/// # References
///
/// SCIENCE.md §1.3–1.4; sipa and zawy, "Correcting the error in getnetworkhashrateps", Delving
/// Bitcoin (2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Exact {
    rule: PointRule,
}

impl Exact {
    /// The unbiased estimator `(n−1)/S` (needs `n >= 2`).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Exact, PointRule};
    ///
    /// let e = Exact::unbiased();
    /// assert_eq!((e.rule(), e.min_blocks()), (PointRule::Unbiased, 2));
    /// assert!(e.point_estimate(1, 1e-18).is_err()); // (n − 1)/S needs two intervals
    /// ```
    pub fn unbiased() -> Self {
        Exact { rule: PointRule::Unbiased }
    }

    /// The maximum-likelihood estimator `n/S`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Exact, PointRule};
    ///
    /// let e = Exact::mle();
    /// assert_eq!((e.rule(), e.min_blocks()), (PointRule::MaximumLikelihood, 1));
    /// assert!((e.point_estimate(1, 1e-18)?.to_ehs() - 1.0).abs() < 1e-12);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn mle() -> Self {
        Exact { rule: PointRule::MaximumLikelihood }
    }

    /// The point rule.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Exact, PointRule};
    ///
    /// assert_eq!(Exact::mle().rule(), PointRule::MaximumLikelihood);
    /// ```
    pub fn rule(&self) -> PointRule {
        self.rule
    }

    /// Minimum number of intervals the rule needs.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::Exact;
    ///
    /// assert_eq!(Exact::unbiased().min_blocks(), 2);
    /// assert_eq!(Exact::mle().min_blocks(), 1);
    /// ```
    pub fn min_blocks(&self) -> u32 {
        match self.rule {
            PointRule::Unbiased => 2,
            PointRule::MaximumLikelihood => 1,
        }
    }

    /// The point value in H/s for `n` intervals of total work-time `s` (no checks).
    pub(crate) fn point(&self, n: u32, s: f64) -> f64 {
        match self.rule {
            PointRule::Unbiased => f64::from(n - 1) / s,
            PointRule::MaximumLikelihood => f64::from(n) / s,
        }
    }

    /// The point estimate alone (no quantiles computed): `(n−1)/S` or `n/S`.
    ///
    /// # Errors
    ///
    /// [`HashrateError::WindowTooShort`] if `n` is below [`Exact::min_blocks`] (no heights are
    /// involved, so the error names the window `0..=n`),
    /// [`HashrateError::NonPositiveWorkTime`] unless `work_time` is finite and positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::Exact;
    ///
    /// let h = Exact::unbiased().point_estimate(120, 120.0 / 5e20)?;
    /// assert!((h.to_ehs() - 500.0 * 119.0 / 120.0).abs() < 1e-9);
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn point_estimate(&self, n: u32, work_time: f64) -> Result<Hashrate, HashrateError> {
        if n < self.min_blocks() {
            return Err(HashrateError::WindowTooShort {
                estimator: self.name(),
                from: 0,
                to: n,
                blocks: n,
                min: self.min_blocks(),
            });
        }
        let s = positive_work_time(0, n, work_time)?;
        hashrate(self.point(n, s), "point estimate")
    }

    /// Estimates from already-summed data: `n` intervals with work-time `work_time` over heights
    /// `from..=to`. Useful for aggregated records such as the first and last header of a
    /// retarget period (constant difficulty: `S = (t_last − t_first)/W`).
    ///
    /// # Errors
    ///
    /// [`HashrateError::WindowTooShort`] if `n` is below [`Exact::min_blocks`],
    /// [`HashrateError::NonPositiveWorkTime`] unless `work_time` is finite and positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Exact, HashrateError, Method};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // One retarget period from its first and last header (constant difficulty): 2015 intervals
    /// // in 1 190 000 s at 4.3e23 hashes per block.
    /// let s = 1_190_000.0 / 4.3e23;
    /// let level = ConfidenceLevel::P95;
    /// let est = Exact::unbiased().from_work_time(2015, s, 828_576, 830_591, level)?;
    /// assert_eq!((est.blocks(), est.method()), (2015, Method::Unbiased));
    /// assert!((est.value().to_ehs() - 2014.0 * 4.3e23 / 1_190_000.0 / 1e18).abs() < 1e-9);
    /// assert!(est.interval().contains(&est.value()));
    /// let bad = Exact::unbiased().from_work_time(2015, 0.0, 828_576, 830_591, level);
    /// assert!(matches!(bad, Err(HashrateError::NonPositiveWorkTime { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_work_time(
        &self,
        n: u32,
        work_time: f64,
        from: u32,
        to: u32,
        level: ConfidenceLevel,
    ) -> Result<Estimate, HashrateError> {
        let pivot = ChiSquaredPivot::new(n.max(1), level)?;
        self.with_pivot(&pivot, n, work_time, from, to)
    }

    /// As [`Exact::from_work_time`] with a precomputed pivot for `n` (the rolling path).
    pub(crate) fn with_pivot(
        &self,
        pivot: &ChiSquaredPivot,
        n: u32,
        work_time: f64,
        from: u32,
        to: u32,
    ) -> Result<Estimate, HashrateError> {
        if n < self.min_blocks() {
            return Err(HashrateError::WindowTooShort {
                estimator: self.name(),
                from,
                to,
                blocks: n,
                min: self.min_blocks(),
            });
        }
        let s = positive_work_time(from, to, work_time)?;
        let value = hashrate(self.point(n, s), "point estimate")?;
        let interval = pivot.interval_hs(s)?;
        Ok(Estimate::new(value, interval, self.method(), from, to, n, s))
    }

    fn name(&self) -> &'static str {
        match self.rule {
            PointRule::Unbiased => "unbiased",
            PointRule::MaximumLikelihood => "maximum-likelihood",
        }
    }
}

impl HashrateEstimator for Exact {
    fn method(&self) -> Method {
        match self.rule {
            PointRule::Unbiased => Method::Unbiased,
            PointRule::MaximumLikelihood => Method::MaximumLikelihood,
        }
    }

    fn estimate(
        &self,
        work_time: &WorkTime,
        window: Window,
        level: ConfidenceLevel,
    ) -> Result<Estimate, HashrateError> {
        let w = window.sums(work_time)?;
        self.from_work_time(w.intervals(), w.work_time(), w.from_height(), w.to_height(), level)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "tests index known-length fixtures")]
mod tests {
    use super::*;

    fn flat(n: usize, spacing: i64, work: f64) -> WorkTime {
        let times: Vec<i64> = (0..=n as i64).map(|i| i * spacing).collect();
        WorkTime::from_parts(0, &times, &vec![work; n + 1]).unwrap()
    }

    #[test]
    fn matches_closed_forms() {
        let wt = flat(2016, 600, 6e20);
        let u = Exact::unbiased()
            .estimate(&wt, Window::trailing(2016, 2016).unwrap(), ConfidenceLevel::P95)
            .unwrap();
        let m = Exact::mle()
            .estimate(&wt, Window::trailing(2016, 2016).unwrap(), ConfidenceLevel::P95)
            .unwrap();
        assert!((u.value().to_ehs() - 2015.0 / 2016.0).abs() < 1e-12);
        assert!((m.value().to_ehs() - 1.0).abs() < 1e-12);
        // SCIENCE.md §1.4: n = 2016 gives −4.3 % / +4.4 % around the MLE.
        assert!((m.interval().low().to_ehs() - 0.957).abs() < 1e-3);
        assert!((m.interval().high().to_ehs() - 1.044).abs() < 1e-3);
        assert_eq!(u.interval(), m.interval());
    }

    #[test]
    fn rejects_bad_windows() {
        let wt = flat(10, 600, 6e20);
        let lvl = ConfidenceLevel::P95;
        assert!(matches!(
            Exact::unbiased().estimate(&wt, Window::heights(3, 4).unwrap(), lvl),
            Err(HashrateError::WindowTooShort { blocks: 1, min: 2, .. })
        ));
        assert!(Exact::mle().estimate(&wt, Window::heights(3, 4).unwrap(), lvl).is_ok());
        assert!(matches!(
            Exact::mle().estimate(&wt, Window::heights(3, 11).unwrap(), lvl),
            Err(HashrateError::WindowOutOfRange { .. })
        ));
        let back = WorkTime::from_parts(0, &[100, 50, 60], &[1.0; 3]).unwrap();
        assert!(matches!(
            Exact::mle().estimate(&back, Window::heights(0, 2).unwrap(), lvl),
            Err(HashrateError::NonPositiveWorkTime { .. })
        ));
        assert!(Exact::mle().from_work_time(5, f64::NAN, 0, 5, lvl).is_err());
        assert!(Exact::mle().from_work_time(0, 1.0, 0, 0, lvl).is_err());
    }
}
