use core::fmt;

use crate::chain::WorkTime;
use crate::hashrate::Estimate;
use crate::stats::{ConfidenceLevel, Interval};
use crate::units::{Efficiency, Hashrate, Power};

use super::baseline::BlockSum;
use super::onset::{Onset, locate_onset_in};
use super::prefix::Prefix;
use super::ratio::{ChangeSize, change_size};
use super::{DetectError, Direction};

/// The power taken offline (drops) or brought online (rises), from the hashrate change and a
/// fleet efficiency (or a range of efficiencies).
///
/// # Examples
///
/// ```
/// # use minerscope::chain::WorkTime;
/// use minerscope::detect::{build_event, Direction, EventConfig};
/// use minerscope::units::Efficiency;
///
/// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000),
/// // 6·10²⁰ hashes each: 1 EH/s falls to 0.8 EH/s.
/// # let times: Vec<i64> =
/// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
/// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
/// let mut config = EventConfig::default();
/// config.efficiency = Some((Efficiency::from_j_per_th(15.0)?, Efficiency::from_j_per_th(25.0)?));
/// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &config)?;
/// let power = event.power().ok_or("no power")?;
/// // 0.2 EH/s = 200 000 TH/s offline at 20 J/TH: 4 MW.
/// assert!((power.value().to_megawatts() - 4.0).abs() < 0.01);
/// assert!(power.interval().contains(&power.value()));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawPowerChange"))]
pub struct PowerChange {
    value: Power,
    interval: Interval<Power>,
}

/// The serialized form of a [`PowerChange`], checked on the way in: the point value is
/// clamped into its interval when built.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawPowerChange {
    value: Power,
    interval: Interval<Power>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawPowerChange> for PowerChange {
    type Error = String;
    fn try_from(raw: RawPowerChange) -> Result<Self, String> {
        let RawPowerChange { value, interval } = raw;
        if !interval.contains(&value) {
            return Err(format!(
                "power change {} W must lie in its interval [{}, {}] W",
                value.to_watts(),
                interval.low().to_watts(),
                interval.high().to_watts()
            ));
        }
        Ok(PowerChange { value, interval })
    }
}

impl PowerChange {
    /// The point value: the hashrate change at the midpoint efficiency.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{build_event, Direction, EventConfig};
    /// use minerscope::units::Efficiency;
    ///
    /// // `wt`: blocks 600 s apart, then 480 s apart from block 2000 (a 25 % rise), 6·10²⁰ hashes
    /// // each: 1 EH/s grows to 1.25 EH/s.
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 480 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// let mut config = EventConfig::default();
    /// // Every machine at exactly 20 J/TH.
    /// let e = Efficiency::from_j_per_th(20.0)?;
    /// config.efficiency = Some((e, e));
    /// let event = build_event(&wt, Direction::Rise, 2100, 0, (0, 1000), &config)?;
    /// let power = event.power().ok_or("no power")?;
    /// // 0.25 EH/s brought online at 20 J/TH: 5 MW (the "before" rate is the unbiased 0.999 EH/s).
    /// assert!((power.value().to_megawatts() - 5.0).abs() < 0.01);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn value(&self) -> Power {
        self.value
    }

    /// The interval: Bonferroni combination of the before-rate and ratio intervals (each at
    /// `1 − α/2`), times the efficiency range.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{build_event, Direction, EventConfig};
    /// use minerscope::units::{Efficiency, Power};
    ///
    /// // `wt`: a 20 % drop from 1 EH/s at block 2000 (blocks 600 s, then 750 s apart).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// let mut config = EventConfig::default();
    /// config.efficiency = Some((Efficiency::from_j_per_th(15.0)?, Efficiency::from_j_per_th(25.0)?));
    /// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &config)?;
    /// let ci = event.power().ok_or("no power")?.interval();
    /// // The interval spans the efficiency range as well as the statistical error.
    /// assert!(ci.low() < Power::from_megawatts(3.0)? && ci.high() > Power::from_megawatts(5.0)?);
    /// assert!(ci.contains(&Power::from_megawatts(4.0)?)); // the truth at 20 J/TH
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn interval(&self) -> Interval<Power> {
        self.interval
    }
}

/// A detected change of the network hashrate: when it started (with an interval), when it
/// was detected, how big it was (with an exact interval), the hashrate before and after, and
/// the implied power.
///
/// The same type describes power-downs ([`PowerDownEvent`]) and recoveries
/// ([`RecoveryEvent`]); [`ChangeEvent::direction`] tells them apart.
///
/// # Examples
///
/// ```
/// # use minerscope::chain::WorkTime;
/// use minerscope::detect::{scan, Direction, FalseAlarmTarget, ScanConfig};
///
/// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
/// # let times: Vec<i64> =
/// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
/// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
/// let mut config = ScanConfig::new(FalseAlarmTarget::blocks(2016.0)?);
/// config.reference_blocks = 1000;
/// config.event.after_blocks = 500;
/// let events = scan(&wt, &config)?;
/// assert_eq!(events.len(), 1);
/// let event = &events[0];
/// assert_eq!(event.direction(), Direction::Drop);
/// assert_eq!(event.onset().height(), 2000);
/// assert!(event.size().interval().contains(&0.8));
/// assert!(event.to_string().starts_with("drop at 2000"));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawChangeEvent"))]
pub struct ChangeEvent {
    pub(crate) direction: Direction,
    pub(crate) onset: Onset,
    pub(crate) alarm_height: u32,
    pub(crate) alarm_time: i64,
    pub(crate) size: ChangeSize,
    pub(crate) before: Estimate,
    pub(crate) after: Estimate,
    pub(crate) power: Option<PowerChange>,
    pub(crate) size_after_alarm: bool,
}

/// The serialized form of a [`ChangeEvent`], checked on the way in: the onset is searched at
/// or before the alarm ([`build_event`]), so [`ChangeEvent::delay_blocks`] is never negative.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawChangeEvent {
    direction: Direction,
    onset: Onset,
    alarm_height: u32,
    alarm_time: i64,
    size: ChangeSize,
    before: Estimate,
    after: Estimate,
    power: Option<PowerChange>,
    size_after_alarm: bool,
}

#[cfg(feature = "serde")]
impl TryFrom<RawChangeEvent> for ChangeEvent {
    type Error = String;
    fn try_from(raw: RawChangeEvent) -> Result<Self, String> {
        if raw.onset.height() > raw.alarm_height {
            return Err(format!(
                "event alarm height {} must not come before its onset {}",
                raw.alarm_height,
                raw.onset.height()
            ));
        }
        let RawChangeEvent {
            direction,
            onset,
            alarm_height,
            alarm_time,
            size,
            before,
            after,
            power,
            size_after_alarm,
        } = raw;
        Ok(ChangeEvent {
            direction,
            onset,
            alarm_height,
            alarm_time,
            size,
            before,
            after,
            power,
            size_after_alarm,
        })
    }
}

/// A hashrate drop: rigs powered down (curtailment, power sold to data centres, outages).
///
/// # Examples
///
/// ```
/// # use minerscope::chain::WorkTime;
/// use minerscope::detect::{scan, Direction, FalseAlarmTarget, PowerDownEvent, ScanConfig};
///
/// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
/// # let times: Vec<i64> =
/// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
/// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
/// let mut config = ScanConfig::new(FalseAlarmTarget::blocks(2016.0)?);
/// config.reference_blocks = 1000;
/// config.event.after_blocks = 500;
/// let events: Vec<PowerDownEvent> = scan(&wt, &config)?;
/// let power_down = events.first().ok_or("no event")?;
/// assert_eq!(power_down.direction(), Direction::Drop);
/// assert!(power_down.size().is_significant(Direction::Drop));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub type PowerDownEvent = ChangeEvent;
/// A hashrate rise: rigs back online or new machines.
///
/// # Examples
///
/// ```
/// # use minerscope::chain::WorkTime;
/// use minerscope::detect::{scan, Direction, FalseAlarmTarget, RecoveryEvent, ScanConfig};
///
/// // `wt`: blocks 600 s apart, then 480 s apart from block 2000: the hashrate rises by 25 %.
/// # let times: Vec<i64> =
/// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 480 * (h - 1999) }).collect();
/// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
/// let mut config = ScanConfig::new(FalseAlarmTarget::blocks(2016.0)?);
/// config.reference_blocks = 1000;
/// config.event.after_blocks = 500;
/// let events: Vec<RecoveryEvent> = scan(&wt, &config)?;
/// let recovery = events.first().ok_or("no event")?;
/// assert_eq!(recovery.direction(), Direction::Rise);
/// assert_eq!(recovery.onset().height(), 2000);
/// assert!((recovery.size().percent_change() - 25.0).abs() < 1e-9);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub type RecoveryEvent = ChangeEvent;

impl ChangeEvent {
    /// Drop or rise.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{build_event, Direction, EventConfig};
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// // An alarm at block 2100, onset searched from block 0, "before" rate on blocks 0 → 1000.
    /// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &EventConfig::default())?;
    /// assert_eq!(event.direction(), Direction::Drop);
    /// assert_eq!(event.to_string().split(' ').next(), Some("drop"));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The estimated onset, with its confidence interval.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{build_event, Direction, EventConfig};
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// // An alarm at block 2100, onset searched from block 0, "before" rate on blocks 0 → 1000.
    /// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &EventConfig::default())?;
    /// // The first block mined at 0.8 EH/s, with its 95 % confidence set.
    /// assert_eq!(event.onset().height(), 2000);
    /// let (low, high) = event.onset().height_interval();
    /// assert!(low < 2000 && high <= event.alarm_height());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn onset(&self) -> &Onset {
        &self.onset
    }

    /// Height of the block that raised the alarm.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{build_event, Direction, EventConfig};
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// // An alarm at block 2100, onset searched from block 0, "before" rate on blocks 0 → 1000.
    /// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &EventConfig::default())?;
    /// assert_eq!(event.alarm_height(), 2100);
    /// assert!(event.alarm_height() >= event.onset().height());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn alarm_height(&self) -> u32 {
        self.alarm_height
    }

    /// Timestamp of the alarm block (Unix seconds).
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{build_event, Direction, EventConfig};
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// // An alarm at block 2100, onset searched from block 0, "before" rate on blocks 0 → 1000.
    /// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &EventConfig::default())?;
    /// // Block 2100 is 1999 blocks of 600 s and 101 of 750 s after block 0.
    /// assert_eq!(event.alarm_time(), 1999 * 600 + 101 * 750);
    /// assert_eq!(Some(event.alarm_time()), wt.time_at(event.alarm_height()));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn alarm_time(&self) -> i64 {
        self.alarm_time
    }

    /// Detection delay in blocks: alarm height − onset height.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{build_event, Direction, EventConfig};
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// // An alarm at block 2100, onset searched from block 0, "before" rate on blocks 0 → 1000.
    /// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &EventConfig::default())?;
    /// // Alarm at 2100, onset at 2000.
    /// assert_eq!(event.delay_blocks(), 100);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn delay_blocks(&self) -> i64 {
        i64::from(self.alarm_height) - i64::from(self.onset.height())
    }

    /// The size of the change (`ρ = H_after/H_before`) with its exact interval, computed on
    /// data from the alarm on (free of the alarm's selection bias) — unless the alarm is at
    /// the tip of the series, see [`ChangeEvent::size_after_alarm`].
    ///
    /// Because it is measured independently of the alarm, the size can contradict the alarm's
    /// direction (a false alarm, or a change that reverted): confirm an event with
    /// `event.size().is_significant(event.direction())`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{build_event, Direction, EventConfig};
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// // An alarm at block 2100, onset searched from block 0, "before" rate on blocks 0 → 1000.
    /// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &EventConfig::default())?;
    /// // Sized on the 1008 blocks after the alarm against blocks 0 → 1000: exactly −20 % here.
    /// assert!((event.size().percent_change() + 20.0).abs() < 1e-9);
    /// let pct = event.size().percent_interval();
    /// assert!(pct.low() < -20.0 && -20.0 < pct.high() && pct.high() < 0.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn size(&self) -> &ChangeSize {
        &self.size
    }

    /// Whether [`ChangeEvent::size`] and [`ChangeEvent::after`] use only blocks after the
    /// alarm. `false` when fewer than 10 blocks followed the alarm (an alarm at the tip): they
    /// then use the blocks since the estimated onset, which include the data that raised the
    /// alarm, so the size is biased toward larger changes (SCIENCE.md §6.6).
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{build_event, Direction, EventConfig};
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// // An alarm at block 2100, onset searched from block 0, "before" rate on blocks 0 → 1000.
    /// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &EventConfig::default())?;
    /// assert!(event.size_after_alarm());
    /// assert_eq!(event.after().from_height(), event.alarm_height());
    /// // An alarm 4 blocks before the tip: sized on the blocks since the onset instead.
    /// let tip = build_event(&wt, Direction::Drop, 3995, 0, (0, 1000), &EventConfig::default())?;
    /// assert!(!tip.size_after_alarm());
    /// assert!(tip.after().from_height() < tip.alarm_height());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn size_after_alarm(&self) -> bool {
        self.size_after_alarm
    }

    /// The hashrate before the change.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{build_event, Direction, EventConfig};
    /// use minerscope::units::Hashrate;
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// // An alarm at block 2100, onset searched from block 0, "before" rate on blocks 0 → 1000.
    /// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &EventConfig::default())?;
    /// // Blocks 0 → 1000 at 1 EH/s; the unbiased (n−1)/S gives 0.999 EH/s on regular blocks.
    /// let before = event.before();
    /// assert_eq!((before.from_height(), before.to_height()), (0, 1000));
    /// assert!((before.value().to_ehs() - 0.999).abs() < 1e-9);
    /// assert!(before.interval().contains(&Hashrate::from_ehs(1.0)?));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn before(&self) -> &Estimate {
        &self.before
    }

    /// The hashrate after the alarm (or after the onset, see
    /// [`ChangeEvent::size_after_alarm`]).
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{build_event, Direction, EventConfig};
    /// use minerscope::units::Hashrate;
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// // An alarm at block 2100, onset searched from block 0, "before" rate on blocks 0 → 1000.
    /// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &EventConfig::default())?;
    /// // The 1008 blocks after the alarm (EventConfig::default().after_blocks), at 0.8 EH/s.
    /// let after = event.after();
    /// assert_eq!((after.from_height(), after.to_height()), (2100, 3108));
    /// assert!(after.interval().contains(&Hashrate::from_ehs(0.8)?));
    /// assert!(!after.interval().contains(&Hashrate::from_ehs(1.0)?));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn after(&self) -> &Estimate {
        &self.after
    }

    /// The power taken offline (drop) or brought online (rise), if an efficiency was given.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{build_event, Direction, EventConfig};
    /// use minerscope::units::Efficiency;
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// // An alarm at block 2100, onset searched from block 0, "before" rate on blocks 0 → 1000.
    /// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &EventConfig::default())?;
    /// // No efficiency in the default configuration: no power.
    /// assert!(event.power().is_none());
    /// let mut config = EventConfig::default();
    /// let e = Efficiency::from_j_per_th(20.0)?;
    /// config.efficiency = Some((e, e));
    /// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &config)?;
    /// // 0.2 EH/s offline at 20 J/TH: 4 MW.
    /// assert!((event.power().ok_or("no power")?.value().to_megawatts() - 4.0).abs() < 0.01);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn power(&self) -> Option<&PowerChange> {
        self.power.as_ref()
    }
}

impl fmt::Display for ChangeEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (lo, hi) = self.onset.height_interval();
        let p = self.size.percent_interval();
        write!(
            f,
            "{} at {} [{}, {}], alarm {} (+{} blocks): {:+.1} % [{:+.1}, {:+.1}], {} → {}",
            self.direction,
            self.onset.height(),
            lo,
            hi,
            self.alarm_height,
            self.delay_blocks(),
            self.size.percent_change(),
            p.low(),
            p.high(),
            self.before.value(),
            self.after.value()
        )?;
        if let Some(pw) = &self.power {
            write!(
                f,
                ", {:.0} MW [{:.0}, {:.0}]",
                pw.value.to_megawatts(),
                pw.interval.low().to_megawatts(),
                pw.interval.high().to_megawatts()
            )?;
        }
        Ok(())
    }
}

/// How an alarm is turned into a [`ChangeEvent`].
///
/// # Examples
///
/// ```
/// # use minerscope::chain::WorkTime;
/// use minerscope::detect::{build_event, Direction, EventConfig};
/// use minerscope::stats::ConfidenceLevel;
///
/// let default = EventConfig::default();
/// assert_eq!(default.level, ConfidenceLevel::P95);
/// assert_eq!((default.search_back, default.after_blocks), (8064, 1008));
/// // `wt`: a 20 % drop at block 2000 (blocks 600 s, then 750 s apart).
/// # let times: Vec<i64> =
/// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
/// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
/// // 99 % intervals on 500 blocks after the alarm: wider than 95 % ones on 1008.
/// let mut config = default;
/// config.level = ConfidenceLevel::P99;
/// config.after_blocks = 500;
/// let wide = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &config)?;
/// let narrow = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &default)?;
/// assert_eq!(wide.after().to_height(), 2600);
/// assert!(wide.size().interval().width() > narrow.size().interval().width());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct EventConfig {
    /// Level of every interval in the event.
    pub level: ConfidenceLevel,
    /// How far before the alarm (in blocks) the onset is searched for.
    pub search_back: u32,
    /// Blocks after the alarm used for the size and the "after" hashrate (fewer if the series
    /// ends sooner).
    pub after_blocks: u32,
    /// Fleet efficiency range `(best, worst)` for the implied power; `None` for no power.
    pub efficiency: Option<(Efficiency, Efficiency)>,
}

impl Default for EventConfig {
    /// 95 % intervals, onset searched up to 8064 blocks back, 1008 blocks after the alarm, no
    /// efficiency.
    fn default() -> Self {
        EventConfig {
            level: ConfidenceLevel::P95,
            search_back: 8064,
            after_blocks: 1008,
            efficiency: None,
        }
    }
}

/// Builds the event for an alarm at `alarm_height`.
///
/// * Onset: profile likelihood over `[max(alarm − search_back, floor), alarm + after]`
///   (data after the alarm sharpen it), onset at or before the alarm, confidence set per
///   [`onset_cutoff`](super::onset_cutoff).
/// * Size: the F-pivot ([`change_size`]) of the blocks *after the alarm* against the `before`
///   stretch, so the data that triggered the alarm do not bias it.
/// * Before: the `before` stretch — normally the baseline's reference window, the rate the
///   detector compared against — unless the located onset falls inside it; then the blocks
///   between `floor` and the onset (at least 144 of them); exact χ² interval. After: the
///   post-alarm blocks.
/// * Power: `ΔH = H0·|1 − ρ|` with Bonferroni intervals, times the efficiency range.
///
/// `floor` is the lowest height the onset search may use (the start of the monitored
/// stretch, so an earlier change is not picked up again); the search never goes before the
/// series' first block, so a `floor` of 0 means "no floor".
///
/// # Errors
///
/// [`DetectError::HeightOutOfRange`] if the alarm or the `before` stretch lies outside the
/// series, [`DetectError::InvalidParameter`] if the `before` stretch ends after the alarm, and
/// [`DetectError::DegenerateWindow`] when the `before` stretch is empty (its end not after
/// its start) or the alarm is too close to the series' ends to estimate anything;
/// [`DetectError::Unit`] if the power offline overflows `f64` (absurd efficiencies only).
///
/// # Examples
///
/// ```
/// # use minerscope::chain::WorkTime;
/// use minerscope::detect::{build_event, DetectError, Direction, EventConfig};
///
/// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
/// # let times: Vec<i64> =
/// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
/// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
/// // Alarm at 2100; onset searched back to block 0; "before" rate on blocks 0 → 1000.
/// let event = build_event(&wt, Direction::Drop, 2100, 0, (0, 1000), &EventConfig::default())?;
/// assert_eq!(event.onset().height(), 2000);
/// assert!((event.size().ratio() - 0.8).abs() < 1e-12);
/// // An alarm 5 blocks into the series leaves no room for an onset before it.
/// assert!(matches!(
///     build_event(&wt, Direction::Drop, 5, 0, (0, 5), &EventConfig::default()),
///     Err(DetectError::DegenerateWindow { what: "onset search range", .. })
/// ));
/// // An alarm past the series' end, or a "before" stretch after the alarm, is an error.
/// assert!(matches!(
///     build_event(&wt, Direction::Drop, 5000, 0, (0, 1000), &EventConfig::default()),
///     Err(DetectError::HeightOutOfRange { height: 5000, .. })
/// ));
/// assert!(build_event(&wt, Direction::Drop, 2100, 0, (3000, 3500), &EventConfig::default())
///     .is_err());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn build_event(
    wt: &WorkTime,
    direction: Direction,
    alarm_height: u32,
    floor: u32,
    before: (u32, u32),
    config: &EventConfig,
) -> Result<ChangeEvent, DetectError> {
    build_event_in(wt, &Prefix::of(wt), direction, alarm_height, floor, before, config)
}

/// [`build_event`] on precomputed prefix sums.
pub(crate) fn build_event_in(
    wt: &WorkTime,
    prefix: &Prefix,
    direction: Direction,
    alarm_height: u32,
    floor: u32,
    before: (u32, u32),
    config: &EventConfig,
) -> Result<ChangeEvent, DetectError> {
    let (start, end) = (wt.start_height(), wt.end_height());
    let range_err = |h: u32| DetectError::HeightOutOfRange { height: h, start, end };
    // The alarm, and the `before` stretch ending at or before it, must lie in the series.
    for h in [alarm_height, before.0, before.1] {
        if h < start || h > end {
            return Err(range_err(h));
        }
    }
    if before.1 > alarm_height {
        return Err(DetectError::InvalidParameter {
            name: "before stretch end",
            value: f64::from(before.1),
            reason: "must be at or before the alarm height",
        });
    }
    let after_end = alarm_height.saturating_add(config.after_blocks).min(end);
    // The search stops at the series' start even when `floor` lies before it.
    let search_from = alarm_height.saturating_sub(config.search_back).max(floor).max(start);
    let onset = locate_onset_in(wt, prefix, search_from, after_end, alarm_height, config.level)?;
    let before = pre_onset_stretch(before, floor, onset.height, alarm_height);
    if before.1 <= before.0 {
        return Err(DetectError::DegenerateWindow {
            what: "before window",
            blocks: 0,
            work_time: 0.0,
            min: 2,
        });
    }
    let w0 = prefix.window(before.0, before.1).ok_or(range_err(before.0))?;
    // Size on blocks after the alarm; an alarm at the tip of the series has none yet, so the
    // size then falls back to the blocks since the onset (flagged: selection-biased).
    let post_alarm = after_end.saturating_sub(alarm_height) >= MIN_AFTER_BLOCKS;
    let size_from = if post_alarm {
        alarm_height
    } else {
        onset.height.saturating_sub(1).max(before.1).min(after_end.saturating_sub(2))
    };
    let w1 = prefix.window(size_from, after_end).ok_or(range_err(after_end))?;
    let s0 = BlockSum { blocks: u64::from(before.1 - before.0), work_time: w0 };
    let s1 = BlockSum { blocks: u64::from(after_end - size_from), work_time: w1 };
    let size = change_size(s0, s1, config.level)?;
    let before_est = s0.estimate("before window", config.level, before.0, before.1)?;
    let after_est = s1.estimate("after window", config.level, size_from, after_end)?;
    let power = match config.efficiency {
        None => None,
        Some((e_lo, e_hi)) => Some(power_change(s0, s1, direction, config.level, e_lo, e_hi)?),
    };
    Ok(ChangeEvent {
        direction,
        onset,
        alarm_height,
        alarm_time: wt.time_at(alarm_height).unwrap_or_default(),
        size,
        before: before_est,
        after: after_est,
        power,
        size_after_alarm: post_alarm,
    })
}

/// Fewest post-alarm blocks for sizing a change on data after the alarm.
const MIN_AFTER_BLOCKS: u32 = 10;

/// Fewest pre-onset blocks for measuring the "before" rate on the stretch just before the
/// onset instead of the reference window.
const MIN_BEFORE_BLOCKS: u32 = 144;

/// The stretch the "before" rate is measured on.
///
/// Normally the reference window: it precedes the onset and was fixed before the alarm, so it
/// carries no selection bias. But after an alarm the scan collects a fresh reference window,
/// during which it cannot alarm, and a change inside that window contaminates it (it mixes both
/// regimes). When the located onset falls inside the reference window, the blocks between
/// `floor` and the onset (up to as many as the reference has) are used instead, provided there
/// are at least [`MIN_BEFORE_BLOCKS`] of them.
fn pre_onset_stretch(reference: (u32, u32), floor: u32, onset: u32, alarm: u32) -> (u32, u32) {
    if onset > reference.1 {
        return reference;
    }
    let len = reference.1.saturating_sub(reference.0);
    let end = onset.saturating_sub(1).min(alarm);
    let from = end.saturating_sub(len).max(floor);
    if end > from && end - from >= MIN_BEFORE_BLOCKS { (from, end) } else { reference }
}

fn power_change(
    s0: BlockSum,
    s1: BlockSum,
    direction: Direction,
    level: ConfidenceLevel,
    e_lo: Efficiency,
    e_hi: Efficiency,
) -> Result<PowerChange, DetectError> {
    let (e_lo, e_hi) = if e_lo <= e_hi { (e_lo, e_hi) } else { (e_hi, e_lo) };
    let half = ConfidenceLevel::new(1.0 - level.alpha() / 2.0)?;
    let h0 = crate::stats::rate::exponential_rate(s0.blocks, s0.work_time, half)?;
    let size = change_size(s0, s1, half)?;
    let point_size = change_size(s0, s1, level)?;
    let h0_point = (s0.blocks as f64 - 1.0).max(1.0) / s0.work_time;
    let (gap_lo, gap_hi, gap) = match direction {
        Direction::Drop => {
            (1.0 - size.interval().high(), 1.0 - size.interval().low(), 1.0 - point_size.ratio())
        }
        Direction::Rise => {
            (size.interval().low() - 1.0, size.interval().high() - 1.0, point_size.ratio() - 1.0)
        }
    };
    let watts = |h: f64, e: Efficiency| -> Result<Power, DetectError> {
        let hr = Hashrate::from_hs(h.clamp(0.0, f64::MAX)).unwrap_or(Hashrate::ZERO);
        Ok(e.power_for(hr)?)
    };
    let e_mid = Efficiency::from_j_per_th(0.5 * (e_lo.to_j_per_th() + e_hi.to_j_per_th()))?;
    let value = watts(h0_point * gap.max(0.0), e_mid)?;
    let low = watts(h0.low() * gap_lo.max(0.0), e_lo)?;
    let high = watts(h0.high() * gap_hi.max(0.0), e_hi)?;
    let value = if value < low {
        low
    } else if value > high {
        high
    } else {
        value
    };
    Ok(PowerChange { value, interval: Interval::new(low, high, level)? })
}
