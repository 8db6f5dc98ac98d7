use super::Direction;

/// An online change detector fed one normalised work-time `v = r0·u` per block.
///
/// Before a change `v ~ Exp(1)`; after a change by ratio `ρ`, `v ~ Exp(ρ)`. Build `v` with
/// [`Baseline::normalise`](super::Baseline::normalise) (or feed a block's time and work through
/// [`Baseline::normalise_block`](super::Baseline::normalise_block)).
///
/// After an alarm the detector restarts from its initial state, so repeated alarms on an
/// in-control stream are the renewal process whose mean gap is the ARL0 it was calibrated for.
///
/// Non-finite inputs are ignored (they do not count as blocks). Negative inputs — produced by
/// timestamps that go backwards — are used as they are: every statistic here is a function of
/// window sums of `v`, in which the interior timestamp errors telescope away (SCIENCE.md §2.3).
///
/// # Examples
///
/// ```
/// use minerscope::detect::{Cusum, Detector, Shift};
///
/// // Blocks until the first alarm (or `None`) for any detector.
/// fn first_alarm(d: &mut impl Detector, vs: &[f64]) -> Option<u64> {
///     vs.iter().find_map(|&v| d.update(v)).map(|a| a.at())
/// }
///
/// let mut cusum = Cusum::with_threshold(Shift::drop(0.10)?, 3.0)?;
/// cusum.update(2.0);
/// // One block of v = 2: S = ln 0.9 + 0.1·2.
/// assert!((cusum.statistic() - 0.0946).abs() < 1e-4);
/// assert_eq!(cusum.blocks_seen(), 1);
/// cusum.reset();
/// assert_eq!((cusum.statistic(), cusum.blocks_seen()), (0.0, 0));
/// // Non-finite inputs are ignored; 32 blocks of v = 2 cross h = 3.
/// let mut vs = vec![f64::NAN];
/// vs.extend([2.0; 40]);
/// assert_eq!(first_alarm(&mut cusum, &vs), Some(32));
/// // After the alarm the detector has restarted.
/// assert_eq!(cusum.blocks_seen(), 0);
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
pub trait Detector {
    /// Feeds one block's normalised work-time; returns the alarm if this block raises one.
    fn update(&mut self, v: f64) -> Option<Alarm>;

    /// The current detection statistic (log-likelihood-ratio scale for CUSUM/GLR, posterior
    /// probability for BOCPD).
    fn statistic(&self) -> f64;

    /// Blocks fed since the start or the last alarm/reset.
    fn blocks_seen(&self) -> u64;

    /// Restarts from the initial state.
    fn reset(&mut self);
}

/// An alarm raised by an online [`Detector`].
///
/// Positions count blocks fed since the detector's start or last alarm, starting at 1.
///
/// # Examples
///
/// ```
/// use minerscope::detect::{Cusum, Detector, Direction, Shift};
///
/// let mut cusum = Cusum::with_threshold(Shift::drop(0.10)?, 3.0)?;
/// // Ten fast blocks keep the statistic at 0, then slow blocks (v = 2) push it up.
/// let vs = [0.5; 10].into_iter().chain([2.0; 50]);
/// let alarm = vs.into_iter().find_map(|v| cusum.update(v)).expect("alarm");
/// assert_eq!((alarm.onset(), alarm.at()), (11, 42));
/// assert_eq!(alarm.direction(), Direction::Drop);
/// assert!(alarm.statistic() >= 3.0);
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawAlarm"))]
pub struct Alarm {
    pub(crate) at: u64,
    pub(crate) onset: u64,
    pub(crate) direction: Direction,
    pub(crate) ratio: f64,
    pub(crate) statistic: f64,
}

/// The serialized form of an [`Alarm`], checked on the way in: every detector dates the onset
/// at or before the block that raised the alarm.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawAlarm {
    at: u64,
    onset: u64,
    direction: Direction,
    ratio: f64,
    statistic: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawAlarm> for Alarm {
    type Error = String;
    fn try_from(raw: RawAlarm) -> Result<Self, String> {
        if raw.onset > raw.at {
            return Err(format!(
                "alarm onset {} must not follow the alarm block {}",
                raw.onset, raw.at
            ));
        }
        let RawAlarm { at, onset, direction, ratio, statistic } = raw;
        Ok(Alarm { at, onset, direction, ratio, statistic })
    }
}

impl Alarm {
    /// Position of the block that raised the alarm (1 = the first block fed).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Cusum, Detector, Shift};
    ///
    /// let mut cusum = Cusum::with_threshold(Shift::drop(0.10)?, 3.0)?;
    /// let alarm = (0..100).find_map(|_| cusum.update(2.0)).expect("alarm");
    /// // 32 × 0.0946 ≥ 3 > 31 × 0.0946.
    /// assert_eq!(alarm.at(), 32);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn at(&self) -> u64 {
        self.at
    }

    /// The detector's estimate of the first post-change block's position (the block after
    /// the statistic's last reset, or the GLR's argmax window start).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Cusum, Detector, Shift};
    ///
    /// let mut cusum = Cusum::with_threshold(Shift::drop(0.10)?, 3.0)?;
    /// // The statistic last sat at 0 after block 20 (v = 0.5 pulls it down), so the change is
    /// // estimated to start at block 21.
    /// let vs = [0.5; 20].into_iter().chain([2.0; 50]);
    /// let alarm = vs.into_iter().find_map(|v| cusum.update(v)).expect("alarm");
    /// assert_eq!(alarm.onset(), 21);
    /// assert_eq!(alarm.at(), 52);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn onset(&self) -> u64 {
        self.onset
    }

    /// Whether the alarm is for a drop or a rise.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Cusum, Detector, Direction, Shift};
    ///
    /// let mut rise = Cusum::with_threshold(Shift::rise(0.25)?, 3.0)?;
    /// // Blocks at half the baseline's work-time: the rate rose.
    /// let alarm = (0..100).find_map(|_| rise.update(0.5)).expect("alarm");
    /// assert_eq!(alarm.direction(), Direction::Rise);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The detector's rate-ratio at the alarm (the design ratio of the CUSUM that fired, or
    /// the GLR's maximum-likelihood ratio). Selection-biased: report the size from
    /// [`change_size`](super::ratio::change_size) on data after the alarm instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Cusum, Detector, DetectError, Direction, Glr, FalseAlarmTarget, Shift};
    ///
    /// // A CUSUM reports the ratio it was designed for, whatever the data...
    /// let mut cusum = Cusum::with_threshold(Shift::drop(0.10)?, 3.0)?;
    /// let alarm = (0..100).find_map(|_| cusum.update(2.0)).expect("alarm");
    /// assert!((alarm.ratio() - 0.9).abs() < 1e-15);
    /// // ... the GLR the maximum-likelihood ratio since its onset (here exactly 1/1.25).
    /// let mut glr = Glr::new(Direction::Drop, FalseAlarmTarget::blocks(2016.0)?)?;
    /// let alarm = (0..1000).find_map(|_| glr.update(1.25)).expect("alarm");
    /// assert!((alarm.ratio() - 0.8).abs() < 1e-9);
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn ratio(&self) -> f64 {
        self.ratio
    }

    /// The statistic's value at the alarm.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Cusum, Detector, Shift};
    ///
    /// let mut cusum = Cusum::with_threshold(Shift::drop(0.10)?, 3.0)?;
    /// let alarm = (0..100).find_map(|_| cusum.update(2.0)).expect("alarm");
    /// // The CUSUM fired at its first crossing: 32 × (ln 0.9 + 0.2).
    /// assert!((alarm.statistic() - 32.0 * ((0.9f64).ln() + 0.2)).abs() < 1e-12);
    /// assert!(alarm.statistic() >= cusum.threshold());
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn statistic(&self) -> f64 {
        self.statistic
    }
}
