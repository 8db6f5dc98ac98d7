use super::SimError;
use super::rng::SimRng;

/// Bitcoin Core's `MAX_FUTURE_BLOCK_TIME`: a header may be at most two hours ahead of the
/// node's clock.
///
/// # Examples
///
/// ```
/// use minerscope::sim::{MAX_FUTURE_BLOCK_TIME_SECS, Scenario, TimestampNoise};
///
/// // Clocks a million seconds fast are cut back to the two-hour limit.
/// let fast = TimestampNoise::normal(0.0)?.with_outliers(1.0, 1e6, 1e6)?;
/// let chain = Scenario::builder().noise(fast).seed(3).build()?.run(20)?;
/// for (rec, truth) in chain.records().iter().zip(chain.truth()) {
///     let ahead = f64::from(rec.time()) - truth.find_time();
///     assert!(ahead <= MAX_FUTURE_BLOCK_TIME_SECS as f64 && ahead > 7_199.0);
/// }
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub const MAX_FUTURE_BLOCK_TIME_SECS: i64 = 2 * 60 * 60;

/// How miners' clocks distort header timestamps.
///
/// Each header time is the true find time plus an offset: with probability `outlier_fraction`
/// a uniform draw from `[outlier_low, outlier_high]` (a badly wrong clock), otherwise a normal
/// draw with mean `mean_offset` and s.d. `sigma` (ordinary clock skew and the lag between job
/// creation and the find). The result is rounded to whole seconds, then the two consensus
/// rules are applied:
///
/// 1. the **two-hour rule**: at most `floor(true time) + 7200` (nodes reject headers further
///    in the future; the simulated node clock is the true time), and
/// 2. the **median-time-past rule**: strictly above the median of the previous 11 header
///    times; a draw at or below it is bumped to `MTP + 1`, as mining software does. This rule
///    wins when the two conflict, which needs most of the last eleven headers at the two-hour
///    limit or an absurd block rate (many blocks per second for hours); it does not happen at
///    mainnet-like rates.
///
/// Timestamps can therefore go backwards, as 2–2.6 % of all mainnet intervals up to 2022 did
/// (SCIENCE.md §2.2). Recent pools keep better clocks: only 21 of the 8 064 intervals in
/// 822 528–830 592 (early 2024) are negative, 0.26 %; `TimestampNoise::normal(3.0)` gives
/// 0.24 % (σ_d ≈ 0.0026·600·√(2π) ≈ 3.9 s).
///
/// The default ([`TimestampNoise::mainnet`]) has `sigma` = 21 s, the per-timestamp spread
/// implied by a ≈2 % backwards rate (σ_d ≈ 30 s for the difference of two i.i.d. errors), no
/// mean offset, and 0.1 % outliers from U(−1 h, +2 h). [`TimestampNoise::none`] writes the
/// true find time rounded to whole seconds.
///
/// # Examples
///
/// ```
/// use minerscope::sim::TimestampNoise;
///
/// let noise = TimestampNoise::normal(30.0)?.with_outliers(0.01, -3600.0, 7200.0)?;
/// assert_eq!(noise.sigma_secs(), 30.0);
/// assert!(TimestampNoise::none().is_none());
/// assert!(TimestampNoise::normal(-1.0).is_err());
/// # Ok::<_, minerscope::sim::SimError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawTimestampNoise"))]
pub struct TimestampNoise {
    sigma_secs: f64,
    mean_offset_secs: f64,
    outlier_fraction: f64,
    outlier_low_secs: f64,
    outlier_high_secs: f64,
}

/// The serialized form of a [`TimestampNoise`], validated by its constructors on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawTimestampNoise {
    sigma_secs: f64,
    mean_offset_secs: f64,
    outlier_fraction: f64,
    outlier_low_secs: f64,
    outlier_high_secs: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawTimestampNoise> for TimestampNoise {
    type Error = SimError;
    fn try_from(raw: RawTimestampNoise) -> Result<Self, SimError> {
        TimestampNoise::normal(raw.sigma_secs)?
            .with_outliers(raw.outlier_fraction, raw.outlier_low_secs, raw.outlier_high_secs)?
            .with_mean_offset(raw.mean_offset_secs)
    }
}

impl Default for TimestampNoise {
    fn default() -> Self {
        Self::mainnet()
    }
}

fn finite(parameter: &'static str, value: f64) -> Result<f64, SimError> {
    if value.is_finite() { Ok(value) } else { Err(SimError::InvalidNoise { parameter, value }) }
}

impl TimestampNoise {
    /// Default per-timestamp clock spread, seconds (SCIENCE.md §2.2).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::TimestampNoise;
    ///
    /// assert_eq!(TimestampNoise::mainnet().sigma_secs(), TimestampNoise::DEFAULT_SIGMA_SECS);
    /// // 21 s per timestamp is about 30 s for the difference of two (×√2).
    /// assert!((TimestampNoise::DEFAULT_SIGMA_SECS * 2f64.sqrt() - 29.7).abs() < 0.1);
    /// ```
    pub const DEFAULT_SIGMA_SECS: f64 = 21.0;
    /// Default fraction of headers written by a badly wrong clock.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::TimestampNoise;
    ///
    /// assert_eq!(TimestampNoise::DEFAULT_OUTLIER_FRACTION, 0.001);
    /// assert_eq!(
    ///     TimestampNoise::default().outlier_fraction(),
    ///     TimestampNoise::DEFAULT_OUTLIER_FRACTION
    /// );
    /// ```
    pub const DEFAULT_OUTLIER_FRACTION: f64 = 0.001;
    /// Default outlier range, seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::TimestampNoise;
    ///
    /// assert_eq!(TimestampNoise::DEFAULT_OUTLIER_RANGE_SECS, (-3_600.0, 7_200.0));
    /// assert_eq!(
    ///     TimestampNoise::mainnet().outlier_range_secs(),
    ///     TimestampNoise::DEFAULT_OUTLIER_RANGE_SECS
    /// );
    /// ```
    pub const DEFAULT_OUTLIER_RANGE_SECS: (f64, f64) = (-3600.0, 7200.0);
    /// Largest accepted |offset| parameter, seconds (a year): keeps header arithmetic exact.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::TimestampNoise;
    ///
    /// assert!(TimestampNoise::normal(TimestampNoise::MAX_OFFSET_SECS).is_ok());
    /// assert!(TimestampNoise::normal(TimestampNoise::MAX_OFFSET_SECS + 1.0).is_err());
    /// assert!(
    ///     TimestampNoise::none()
    ///         .with_mean_offset(-2.0 * TimestampNoise::MAX_OFFSET_SECS)
    ///         .is_err()
    /// );
    /// ```
    pub const MAX_OFFSET_SECS: f64 = 365.0 * 86_400.0;

    /// Exact times: the true find time rounded to whole seconds (still subject to the MTP and
    /// two-hour rules, which exact increasing times always satisfy unless two blocks fall in
    /// the same second, giving equal timestamps).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{Scenario, TimestampNoise};
    ///
    /// // Header times are the true find times, rounded to whole seconds.
    /// let chain =
    ///     Scenario::builder().noise(TimestampNoise::none()).seed(8).build()?.run(100)?;
    /// for (rec, truth) in chain.records().iter().zip(chain.truth()) {
    ///     assert!((f64::from(rec.time()) - truth.find_time()).abs() <= 0.5);
    /// }
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn none() -> Self {
        TimestampNoise {
            sigma_secs: 0.0,
            mean_offset_secs: 0.0,
            outlier_fraction: 0.0,
            outlier_low_secs: 0.0,
            outlier_high_secs: 0.0,
        }
    }

    /// The mainnet-like default: σ = 21 s, 0.1 % outliers from U(−1 h, +2 h).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::TimestampNoise;
    ///
    /// let n = TimestampNoise::mainnet();
    /// assert_eq!(n, TimestampNoise::default());
    /// assert_eq!(
    ///     (n.sigma_secs(), n.mean_offset_secs(), n.outlier_fraction()),
    ///     (21.0, 0.0, 0.001)
    /// );
    /// ```
    pub fn mainnet() -> Self {
        let (lo, hi) = Self::DEFAULT_OUTLIER_RANGE_SECS;
        TimestampNoise {
            sigma_secs: Self::DEFAULT_SIGMA_SECS,
            mean_offset_secs: 0.0,
            outlier_fraction: Self::DEFAULT_OUTLIER_FRACTION,
            outlier_low_secs: lo,
            outlier_high_secs: hi,
        }
    }

    /// Normal clock offsets with s.d. `sigma_secs`, no outliers.
    ///
    /// # Errors
    ///
    /// [`SimError::InvalidNoise`] if `sigma_secs` is NaN, infinite, negative or above
    /// [`Self::MAX_OFFSET_SECS`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::TimestampNoiseReport;
    /// use minerscope::sim::{Scenario, TimestampNoise};
    ///
    /// // Large clock noise makes timestamps go backwards often.
    /// let noisy = Scenario::builder()
    ///     .noise(TimestampNoise::normal(120.0)?)
    ///     .seed(1)
    ///     .build()?
    ///     .run(2016)?;
    /// let report = TimestampNoiseReport::analyse(&noisy.work_time());
    /// assert!(report.negative_fraction() > 0.05);
    /// assert!(TimestampNoise::normal(-1.0).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn normal(sigma_secs: f64) -> Result<Self, SimError> {
        let s = finite("sigma_secs", sigma_secs)?;
        if !(0.0..=Self::MAX_OFFSET_SECS).contains(&s) {
            return Err(SimError::InvalidNoise { parameter: "sigma_secs", value: s });
        }
        Ok(TimestampNoise { sigma_secs: s, ..Self::none() })
    }

    /// Adds outliers: a fraction `fraction` of headers gets an offset uniform on
    /// `[low_secs, high_secs]` instead of the normal one.
    ///
    /// # Errors
    ///
    /// [`SimError::InvalidNoise`] if `fraction` is outside [0, 1], a bound is not finite or
    /// exceeds [`Self::MAX_OFFSET_SECS`] in magnitude, or `low_secs > high_secs`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::TimestampNoise;
    ///
    /// let n = TimestampNoise::normal(20.0)?.with_outliers(0.01, -600.0, 3_600.0)?;
    /// assert_eq!((n.outlier_fraction(), n.outlier_range_secs()), (0.01, (-600.0, 3_600.0)));
    /// assert!(TimestampNoise::none().with_outliers(0.01, 10.0, -10.0).is_err()); // low above high
    /// assert!(TimestampNoise::none().with_outliers(1.5, -10.0, 10.0).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_outliers(
        self,
        fraction: f64,
        low_secs: f64,
        high_secs: f64,
    ) -> Result<Self, SimError> {
        let f = finite("outlier_fraction", fraction)?;
        if !(0.0..=1.0).contains(&f) {
            return Err(SimError::InvalidNoise { parameter: "outlier_fraction", value: f });
        }
        let lo = finite("outlier_low_secs", low_secs)?;
        let hi = finite("outlier_high_secs", high_secs)?;
        if lo.abs() > Self::MAX_OFFSET_SECS {
            return Err(SimError::InvalidNoise { parameter: "outlier_low_secs", value: lo });
        }
        if hi.abs() > Self::MAX_OFFSET_SECS || hi < lo {
            return Err(SimError::InvalidNoise { parameter: "outlier_high_secs", value: hi });
        }
        Ok(TimestampNoise {
            outlier_fraction: f,
            outlier_low_secs: lo,
            outlier_high_secs: hi,
            ..self
        })
    }

    /// Shifts the normal component by `secs` (e.g. −40 s: header times lag the true find time
    /// because `nTime` is set when the job is created, SCIENCE.md §2.2).
    ///
    /// # Errors
    ///
    /// [`SimError::InvalidNoise`] if `secs` is not finite or exceeds [`Self::MAX_OFFSET_SECS`]
    /// in magnitude.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{Scenario, TimestampNoise};
    ///
    /// // Header times set when the job was made, 40 s before the find.
    /// let lagging = TimestampNoise::normal(0.0)?.with_mean_offset(-40.0)?;
    /// let chain = Scenario::builder().noise(lagging).seed(6).build()?.run(50)?;
    /// for (rec, truth) in chain.records().iter().zip(chain.truth()) {
    ///     assert!((f64::from(rec.time()) - truth.find_time() + 40.0).abs() <= 0.5);
    /// }
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_mean_offset(self, secs: f64) -> Result<Self, SimError> {
        let m = finite("mean_offset_secs", secs)?;
        if m.abs() > Self::MAX_OFFSET_SECS {
            return Err(SimError::InvalidNoise { parameter: "mean_offset_secs", value: m });
        }
        Ok(TimestampNoise { mean_offset_secs: m, ..self })
    }

    /// Whether header times are exact (no offsets drawn).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::TimestampNoise;
    ///
    /// assert!(TimestampNoise::none().is_none());
    /// assert!(TimestampNoise::normal(0.0)?.is_none()); // zero spread draws no offsets
    /// assert!(!TimestampNoise::mainnet().is_none());
    /// assert!(!TimestampNoise::none().with_mean_offset(-40.0)?.is_none());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_none(&self) -> bool {
        self.sigma_secs == 0.0 && self.mean_offset_secs == 0.0 && self.outlier_fraction == 0.0
    }

    /// S.d. of the normal component, seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::TimestampNoise;
    ///
    /// assert_eq!(TimestampNoise::normal(3.0)?.sigma_secs(), 3.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn sigma_secs(&self) -> f64 {
        self.sigma_secs
    }

    /// Mean of the normal component, seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::TimestampNoise;
    ///
    /// assert_eq!(
    ///     TimestampNoise::normal(3.0)?.with_mean_offset(-40.0)?.mean_offset_secs(),
    ///     -40.0
    /// );
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn mean_offset_secs(&self) -> f64 {
        self.mean_offset_secs
    }

    /// Fraction of outlier headers.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::TimestampNoise;
    ///
    /// assert_eq!(TimestampNoise::none().outlier_fraction(), 0.0);
    /// assert_eq!(
    ///     TimestampNoise::none().with_outliers(0.02, 0.0, 60.0)?.outlier_fraction(),
    ///     0.02
    /// );
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn outlier_fraction(&self) -> f64 {
        self.outlier_fraction
    }

    /// Outlier offset range `(low, high)`, seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::TimestampNoise;
    ///
    /// let n = TimestampNoise::none().with_outliers(0.02, -120.0, 60.0)?;
    /// assert_eq!(n.outlier_range_secs(), (-120.0, 60.0));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn outlier_range_secs(&self) -> (f64, f64) {
        (self.outlier_low_secs, self.outlier_high_secs)
    }

    /// Draws one clock offset. Always consumes the same number of uniforms per call for a given
    /// model (three, plus the polar method's rejections), so streams stay aligned.
    pub(crate) fn draw_offset(&self, rng: &mut SimRng) -> f64 {
        if self.is_none() {
            return 0.0;
        }
        let coin = rng.uniform();
        let u = rng.uniform();
        let z = rng.std_normal();
        if coin < self.outlier_fraction {
            self.outlier_low_secs + (self.outlier_high_secs - self.outlier_low_secs) * u
        } else {
            self.mean_offset_secs + self.sigma_secs * z
        }
    }

    /// The header time for a block truly found at `true_unix`, given the median time past of
    /// its 11 predecessors.
    pub(crate) fn header_time(&self, true_unix: f64, offset: f64, mtp: Option<u32>) -> i64 {
        // |offset| ≤ MAX_OFFSET_SECS + 37·σ and true_unix < 2^33, so these are exact in i64.
        let noisy = (true_unix + offset).round() as i64;
        let cap = true_unix.floor() as i64 + MAX_FUTURE_BLOCK_TIME_SECS;
        let t = noisy.min(cap);
        match mtp {
            Some(m) if t <= i64::from(m) => i64::from(m) + 1,
            _ => t,
        }
    }
}
