use crate::chain::WorkTime;
use crate::stats::ConfidenceLevel;

use super::{Estimate, HashrateError, Method, Window};

/// A hashrate estimator: configuration validated at construction, evaluated on any window of a
/// [`WorkTime`] at any level.
///
/// The trait is object-safe, so comparison tools can hold `Box<dyn HashrateEstimator>`.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{CoreCompatible, Exact, HashrateEstimator, Window};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=10).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 11])?;
/// let all: Vec<Box<dyn HashrateEstimator>> =
///     vec![Box::new(CoreCompatible), Box::new(Exact::unbiased()), Box::new(Exact::mle())];
/// for e in &all {
///     let est = e.estimate(&wt, Window::heights(0, 10)?, ConfidenceLevel::P95)?;
///     assert!(est.interval().contains(&est.value()));
/// }
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub trait HashrateEstimator {
    /// The method tag the estimates carry.
    fn method(&self) -> Method;

    /// Estimates the hashrate over `window` with an interval at `level`.
    ///
    /// # Errors
    ///
    /// A [`HashrateError`] for windows outside the series, too few blocks, or non-positive
    /// elapsed work-time.
    fn estimate(
        &self,
        work_time: &WorkTime,
        window: Window,
        level: ConfidenceLevel,
    ) -> Result<Estimate, HashrateError>;
}
