use core::fmt;

use crate::stats::{ConfidenceLevel, Interval};
use crate::units::Hashrate;

/// Which estimator produced an [`Estimate`].
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
///     Interval::new(Hashrate::from_ehs(480.0)?, Hashrate::from_ehs(520.0)?, ConfidenceLevel::P95)?,
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
    pub fn value(&self) -> Hashrate {
        self.value
    }

    /// The interval (confidence or credible, per [`Estimate::method`]).
    pub fn interval(&self) -> Interval<Hashrate> {
        self.interval
    }

    /// The interval's level.
    pub fn level(&self) -> ConfidenceLevel {
        self.interval.level()
    }

    /// The estimator that produced this estimate.
    pub fn method(&self) -> Method {
        self.method
    }

    /// First height of the window.
    pub fn from_height(&self) -> u32 {
        self.from_height
    }

    /// Last height of the window.
    pub fn to_height(&self) -> u32 {
        self.to_height
    }

    /// Number of blocks (intervals) used.
    pub fn blocks(&self) -> u32 {
        self.blocks
    }

    /// The work-time sum (or exposure) used, in seconds per hash.
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
