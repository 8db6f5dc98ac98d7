use core::fmt;

use crate::stats::{ConfidenceLevel, Interval};
use crate::units::Hashrate;

/// Which estimator produced an [`Estimate`].
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{Exact, FixedTime, HashrateEstimator, Method, Window};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=20).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 21])?;
/// let est =
///     Exact::unbiased().estimate(&wt, Window::heights(0, 20)?, ConfidenceLevel::P95)?;
/// assert_eq!(est.method(), Method::Unbiased);
/// assert_eq!(FixedTime::default().method(), Method::FixedTime);
/// assert_eq!(Method::MaximumLikelihood.to_string(), "maximum-likelihood");
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Method {
    /// Bitcoin Core's `getnetworkhashps`: work over (max − min) timestamp, biased by n/(n−1).
    CoreCompatible,
    /// The unbiased (UMVUE) estimator `(n−1)/S` with the exact χ² interval.
    Unbiased,
    /// The maximum-likelihood estimator `n/S` with the exact χ² interval.
    MaximumLikelihood,
    /// Blocks counted in a fixed time window over the work-time exposure, Garwood interval.
    FixedTime,
    /// As [`Method::FixedTime`] with a mid-p interval.
    FixedTimeMidP,
    /// Endpoint-robust (median-time-past endpoints) with a noise-widened interval.
    TimestampRobust,
    /// Conjugate Gamma posterior with a discounted prior; credible interval.
    Bayesian,
    /// Local-level state-space model on log-hashrate (Kalman filter/smoother).
    StateSpace,
    /// One pool's blocks as a Poisson process over the network's work-time exposure.
    PerPool,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Method::CoreCompatible => "core-compatible",
            Method::Unbiased => "unbiased",
            Method::MaximumLikelihood => "maximum-likelihood",
            Method::FixedTime => "fixed-time",
            Method::FixedTimeMidP => "fixed-time-mid-p",
            Method::TimestampRobust => "timestamp-robust",
            Method::Bayesian => "bayesian",
            Method::StateSpace => "state-space",
            Method::PerPool => "per-pool",
        };
        f.write_str(s)
    }
}

/// A hashrate estimate that carries its interval, its level, the method that made it and the
/// data it used. Nothing downstream recomputes an interval from a point value.
///
/// # Examples
///
/// ```
/// use minerscope::hashrate::{Estimate, Method};
/// use minerscope::stats::{ConfidenceLevel, Interval};
/// use minerscope::units::Hashrate;
///
/// let est = Estimate::new(
///     Hashrate::from_ehs(500.0)?,
///     Interval::new(
///         Hashrate::from_ehs(480.0)?,
///         Hashrate::from_ehs(520.0)?,
///         ConfidenceLevel::P95,
///     )?,
///     Method::Unbiased,
///     830_000 - 2016,
///     830_000,
///     2016,
///     4.0e-18,
/// );
/// assert_eq!(est.blocks(), 2016);
/// assert!(est.interval().contains(&Hashrate::from_ehs(500.0)?));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Estimate {
    value: Hashrate,
    interval: Interval<Hashrate>,
    method: Method,
    from_height: u32,
    to_height: u32,
    blocks: u32,
    work_time: f64,
}

impl Estimate {
    /// Assembles an estimate.
    ///
    /// * `from_height`, `to_height`: the window (the intervals ending at `from+1 ..= to`, or the
    ///   blocks inside a time window).
    /// * `blocks`: how many blocks (intervals) the estimate used.
    /// * `work_time`: the work-time sum `S` or exposure `E` it used, in seconds per hash.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Estimate, Method};
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    /// use minerscope::units::Hashrate;
    ///
    /// let (low, high) = (Hashrate::from_ehs(0.829)?, Hashrate::from_ehs(1.187)?);
    /// let est = Estimate::new(
    ///     Hashrate::from_ehs(1.0)?,
    ///     Interval::new(low, high, ConfidenceLevel::P95)?,
    ///     Method::MaximumLikelihood,
    ///     0,
    ///     120,
    ///     120,
    ///     120.0 / 1e18,
    /// );
    /// assert_eq!(est.value().to_ehs(), 1.0);
    /// assert_eq!(
    ///     est.to_string(),
    ///     "1.00 EH/s [829.00 PH/s, 1.19 EH/s] (95% maximum-likelihood, 120 blocks)"
    /// );
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        value: Hashrate,
        interval: Interval<Hashrate>,
        method: Method,
        from_height: u32,
        to_height: u32,
        blocks: u32,
        work_time: f64,
    ) -> Self {
        Estimate { value, interval, method, from_height, to_height, blocks, work_time }
    }

    /// The point estimate.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Exact, HashrateEstimator, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // 121 blocks 600 s apart at 6e20 hashes each: 1 EH/s; the MLE n/S recovers it exactly.
    /// let times: Vec<i64> = (0..=120).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 121])?;
    /// let est = Exact::mle().estimate(&wt, Window::heights(0, 120)?, ConfidenceLevel::P95)?;
    /// assert!((est.value().to_ehs() - 1.0).abs() < 1e-12);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn value(&self) -> Hashrate {
        self.value
    }

    /// The interval (confidence or credible, per [`Estimate::method`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Exact, HashrateEstimator, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=120).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 121])?;
    /// let est = Exact::mle().estimate(&wt, Window::heights(0, 120)?, ConfidenceLevel::P95)?;
    /// // n = 120: [0.829, 1.187] × n/S (SCIENCE.md §0).
    /// assert!((est.interval().low().to_ehs() - 0.829).abs() < 5e-4);
    /// assert!((est.interval().high().to_ehs() - 1.187).abs() < 5e-4);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn interval(&self) -> Interval<Hashrate> {
        self.interval
    }

    /// The interval's level.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Exact, HashrateEstimator, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=30).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 31])?;
    /// let est = Exact::mle().estimate(&wt, Window::heights(0, 30)?, ConfidenceLevel::P99)?;
    /// assert_eq!(est.level(), ConfidenceLevel::P99);
    /// assert_eq!(est.level(), est.interval().level());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.interval.level()
    }

    /// The estimator that produced this estimate.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{CoreCompatible, HashrateEstimator, Method, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=30).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 31])?;
    /// let est =
    ///     CoreCompatible.estimate(&wt, Window::heights(0, 30)?, ConfidenceLevel::P95)?;
    /// assert_eq!(est.method(), Method::CoreCompatible);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn method(&self) -> Method {
        self.method
    }

    /// First height of the window.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Exact, HashrateEstimator, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=30).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(100, &times, &[6e20; 31])?;
    /// let est =
    ///     Exact::mle().estimate(&wt, Window::trailing(130, 12)?, ConfidenceLevel::P95)?;
    /// assert_eq!((est.from_height(), est.to_height()), (118, 130));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_height(&self) -> u32 {
        self.from_height
    }

    /// Last height of the window.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Exact, HashrateEstimator, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=30).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(100, &times, &[6e20; 31])?;
    /// let est =
    ///     Exact::mle().estimate(&wt, Window::heights(105, 125)?, ConfidenceLevel::P95)?;
    /// assert_eq!(est.to_height(), 125);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_height(&self) -> u32 {
        self.to_height
    }

    /// Number of blocks (intervals) used.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Exact, HashrateEstimator, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=30).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 31])?;
    /// let est = Exact::mle().estimate(&wt, Window::heights(10, 30)?, ConfidenceLevel::P95)?;
    /// assert_eq!(est.blocks(), 20); // intervals ending at blocks 11..=30
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn blocks(&self) -> u32 {
        self.blocks
    }

    /// The work-time sum (or exposure) used, in seconds per hash.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Exact, HashrateEstimator, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=30).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 31])?;
    /// let est = Exact::mle().estimate(&wt, Window::heights(0, 30)?, ConfidenceLevel::P95)?;
    /// // S = 30 × 600 s / 6e20 hashes, and the MLE is n/S.
    /// assert!((est.work_time() - 30.0 * 600.0 / 6e20).abs() < 1e-28);
    /// assert!((f64::from(est.blocks()) / est.work_time() - est.value().to_hs()).abs() < 1.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn work_time(&self) -> f64 {
        self.work_time
    }
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}, {}] ({} {}, {} blocks)",
            self.value,
            self.interval.low(),
            self.interval.high(),
            self.interval.level(),
            self.method,
            self.blocks
        )
    }
}
