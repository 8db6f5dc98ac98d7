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
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{
    ///     Bayesian, CoreCompatible, Exact, HashrateEstimator, Method,
    /// };
    ///
    /// let estimators: [&dyn HashrateEstimator; 3] =
    ///     [&CoreCompatible, &Exact::mle(), &Bayesian::jeffreys()];
    /// let methods: Vec<Method> = estimators.iter().map(|e| e.method()).collect();
    /// assert_eq!(
    ///     methods,
    ///     [Method::CoreCompatible, Method::MaximumLikelihood, Method::Bayesian]
    /// );
    /// ```
    fn method(&self) -> Method;

    /// Estimates the hashrate over `window` with an interval at `level`.
    ///
    /// # Errors
    ///
    /// A [`HashrateError`] for windows outside the series, too few blocks, or non-positive
    /// elapsed work-time.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Exact, HashrateError, HashrateEstimator, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=10).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 11])?;
    /// let est =
    ///     Exact::unbiased().estimate(&wt, Window::heights(0, 10)?, ConfidenceLevel::P95)?;
    /// assert!((est.value().to_ehs() - 0.9).abs() < 1e-12); // (n − 1)/S with n = 10
    /// // A window past the tip is an error, not a guess.
    /// let outside =
    ///     Exact::unbiased().estimate(&wt, Window::heights(0, 11)?, ConfidenceLevel::P95);
    /// assert!(matches!(outside, Err(HashrateError::WindowOutOfRange { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    fn estimate(
        &self,
        work_time: &WorkTime,
        window: Window,
        level: ConfidenceLevel,
    ) -> Result<Estimate, HashrateError>;
}
