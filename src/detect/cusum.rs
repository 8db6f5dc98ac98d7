use super::detector::{Alarm, Detector};
use super::{DetectError, FalseAlarmTarget, Shift, calibration};

/// Page's CUSUM for a hashrate change of a given size (SCIENCE.md §6.2):
///
/// ```text
/// S_k = max(0, S_{k−1} + ln ρ − (ρ − 1)·v_k),   alarm when S_k ≥ h
/// ```
///
/// It is exactly minimax-optimal (Lorden/Moustakides) for the designed change `ρ`. The
/// threshold `h` comes from the false-alarm target through the exact Brook–Evans ARL
/// ([`calibration::cusum_threshold`]).
///
/// # Examples
///
/// ```
/// use minerscope::detect::{Cusum, Detector, FalseAlarmTarget, Shift};
///
/// let mut cusum = Cusum::new(Shift::drop(0.10)?, FalseAlarmTarget::blocks(4320.0)?)?;
/// // Work-times 20 % longer than the baseline's: a drop.
/// let alarm = (0..2000).find_map(|_| cusum.update(1.25));
/// assert!(alarm.is_some());
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "CusumRaw"))]
pub struct Cusum {
    shift: Shift,
    ln_rho: f64,
    slope: f64,
    h: f64,
    s: f64,
    n: u64,
    last_zero: u64,
}

impl Cusum {
    /// A CUSUM for `shift`, with the threshold whose exact ARL0 is `target` (known `r0`).
    ///
    /// # Errors
    ///
    /// As [`calibration::cusum_threshold`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Cusum, FalseAlarmTarget, Shift};
    ///
    /// // SCIENCE.md §6.2: a 10 % drop at one false alarm per year needs h = 5.52.
    /// let cusum = Cusum::new(Shift::drop(0.10)?, FalseAlarmTarget::per_days(365.0)?)?;
    /// assert!((cusum.threshold() - 5.52).abs() < 0.01);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn new(shift: Shift, target: FalseAlarmTarget) -> Result<Self, DetectError> {
        Self::with_threshold(shift, calibration::cusum_threshold(shift, target)?)
    }

    /// A CUSUM for `shift` with an explicit threshold `h`.
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidParameter`] if `h` is not finite and positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Cusum, DetectError, Detector, Shift};
    ///
    /// let mut cusum = Cusum::with_threshold(Shift::drop(0.10)?, 3.0)?;
    /// // Each block with v = 2 adds ln 0.9 + 0.1·2 = 0.0946 to the statistic: 3/0.0946 = 31.7,
    /// // so the 32nd block raises the alarm.
    /// let alarm = (0..100).find_map(|_| cusum.update(2.0)).expect("alarm");
    /// assert_eq!(alarm.at(), 32);
    /// assert!(matches!(
    ///     Cusum::with_threshold(Shift::drop(0.10)?, 0.0),
    ///     Err(DetectError::InvalidParameter { name: "cusum threshold", .. })
    /// ));
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn with_threshold(shift: Shift, h: f64) -> Result<Self, DetectError> {
        if !(h.is_finite() && h > 0.0) {
            return Err(DetectError::InvalidParameter {
                name: "cusum threshold",
                value: h,
                reason: "must be finite and positive",
            });
        }
        Ok(Cusum {
            shift,
            ln_rho: shift.ratio().ln(),
            slope: shift.ratio() - 1.0,
            h,
            s: 0.0,
            n: 0,
            last_zero: 0,
        })
    }

    /// The designed change.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Cusum, Direction, Shift};
    ///
    /// let cusum = Cusum::with_threshold(Shift::drop(0.20)?, 4.0)?;
    /// assert_eq!(cusum.shift(), Shift::drop(0.20)?);
    /// assert_eq!(cusum.shift().direction(), Direction::Drop);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn shift(&self) -> Shift {
        self.shift
    }

    /// The alarm threshold `h`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Cusum, FalseAlarmTarget, Shift};
    ///
    /// let s = Shift::drop(0.10)?;
    /// let weekly = Cusum::new(s, FalseAlarmTarget::per_days(7.0)?)?;
    /// let yearly = Cusum::new(s, FalseAlarmTarget::per_days(365.0)?)?;
    /// // Fewer false alarms need a higher threshold; h grows about like ln ARL0.
    /// assert!(yearly.threshold() > weekly.threshold() + 2.0);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn threshold(&self) -> f64 {
        self.h
    }

    /// Advances the statistic without alarm handling; returns `S_k`.
    #[inline]
    pub(crate) fn step(&mut self, v: f64) -> f64 {
        self.n += 1;
        let s = self.s + self.ln_rho - self.slope * v;
        if s > 0.0 {
            self.s = s;
        } else {
            self.s = 0.0;
            self.last_zero = self.n;
        }
        self.s
    }

    pub(crate) fn alarm_here(&self) -> Alarm {
        Alarm {
            at: self.n,
            onset: self.last_zero + 1,
            direction: self.shift.direction(),
            ratio: self.shift.ratio(),
            statistic: self.s,
        }
    }
}

impl Detector for Cusum {
    fn update(&mut self, v: f64) -> Option<Alarm> {
        if !v.is_finite() {
            return None;
        }
        if self.step(v) >= self.h {
            let alarm = self.alarm_here();
            self.reset();
            return Some(alarm);
        }
        None
    }

    fn statistic(&self) -> f64 {
        self.s
    }

    fn blocks_seen(&self) -> u64 {
        self.n
    }

    fn reset(&mut self) {
        self.s = 0.0;
        self.n = 0;
        self.last_zero = 0;
    }
}

/// The serialized form of [`Cusum`], checked by [`Cusum::with_threshold`] and for a
/// consistent running state when deserialized.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct CusumRaw {
    shift: Shift,
    ln_rho: f64,
    slope: f64,
    h: f64,
    s: f64,
    n: u64,
    last_zero: u64,
}

#[cfg(feature = "serde")]
impl TryFrom<CusumRaw> for Cusum {
    type Error = DetectError;
    fn try_from(raw: CusumRaw) -> Result<Self, DetectError> {
        let mut c = Cusum::with_threshold(raw.shift, raw.h)?;
        let bad = |name, value, reason| Err(DetectError::InvalidParameter { name, value, reason });
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
        if !close(raw.ln_rho, c.ln_rho) {
            return bad("cusum log ratio", raw.ln_rho, "must be the log of the shift's ratio");
        }
        if !close(raw.slope, c.slope) {
            return bad("cusum slope", raw.slope, "must be the shift's ratio minus 1");
        }
        if !(raw.s.is_finite() && raw.s >= 0.0) {
            return bad("cusum statistic", raw.s, "must be finite and non-negative");
        }
        if raw.last_zero > raw.n {
            return bad(
                "cusum last reset",
                raw.last_zero as f64,
                "must not be after the blocks seen",
            );
        }
        (c.s, c.n, c.last_zero) = (raw.s, raw.n, raw.last_zero);
        Ok(c)
    }
}
