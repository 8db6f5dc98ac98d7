use crate::chain::WorkTime;

use super::detector::Detector;
use super::event::{ChangeEvent, EventConfig, build_event_in};
use super::prefix::Prefix;
use super::scan_report::{ScanGap, ScanReport};
use super::{Baseline, CusumBank, DetectError, Direction, FalseAlarmTarget, Glr, WindowedGlr};

/// Which unknown-size online detector [`scan`] runs.
///
/// # Examples
///
/// ```
/// # use minerscope::chain::WorkTime;
/// use minerscope::detect::{scan, DetectorKind, FalseAlarmTarget, ScanConfig};
///
/// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
/// # let times: Vec<i64> =
/// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
/// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
/// let mut config = ScanConfig::new(FalseAlarmTarget::blocks(2016.0)?);
/// config.reference_blocks = 1000;
/// config.event.after_blocks = 500;
/// config.detector = DetectorKind::Glr;
/// let events = scan(&wt, &config)?;
/// let event = events.first().ok_or("no event")?;
/// // The GLR finds the drop, and the event is built the same way.
/// assert_eq!(event.onset().height(), 2000);
/// assert!(event.size().interval().contains(&0.8));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum DetectorKind {
    /// The jointly calibrated CUSUM banks ([`CusumBank::drops`] and [`CusumBank::rises`]).
    CusumBank,
    /// The CUSUM banks with thresholds corrected for the baseline's estimation error
    /// ([`CusumBank::drops_estimated_baseline`]): the false-alarm target holds with an
    /// estimated `r0`, at the cost of longer delays for small changes and a slower (seconds)
    /// construction.
    CusumBankEstimatedBaseline,
    /// The size-weighted GLRs ([`Glr::new`]) for drops and rises: over a denser grid of
    /// sizes than the banks, with the maximum-likelihood size at the alarm.
    Glr,
    /// The size-weighted GLRs with boundaries corrected for the baseline's estimation error
    /// ([`Glr::with_estimated_baseline`]).
    GlrEstimatedBaseline,
    /// The windowed flat-threshold GLRs of SCIENCE.md §6.3 ([`WindowedGlr::new`]), for
    /// comparison: markedly slower for small drops.
    WindowedGlr,
}

/// Configuration of [`scan`].
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::detect::{scan, FalseAlarmTarget, ScanConfig};
///
/// // Regular blocks, except that block 2500's clock is three hours fast.
/// let mut times: Vec<i64> = (0..3000).map(|h| 600 * h).collect();
/// times[2500] += 3 * 3600;
/// let wt = WorkTime::from_parts(0, &times, &vec![6e20; 3000])?;
/// let mut config = ScanConfig::new(FalseAlarmTarget::blocks(2016.0)?);
/// config.reference_blocks = 1000;
/// // The median-of-3 timestamp filter (the default) ignores the outlier...
/// assert!(scan(&wt, &config)?.is_empty());
/// // ... while raw work-times see one 19-fold block time and raise a false alarm.
/// config.timestamp_median = 0;
/// assert_eq!(scan(&wt, &config)?.len(), 1);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ScanConfig {
    /// False-alarm target of *each* direction's detector.
    pub target: FalseAlarmTarget,
    /// Blocks in the reference window that sets the baseline `r0` (and re-sets it after each
    /// event, from the blocks following the alarm).
    pub reference_blocks: u32,
    /// Which detector.
    pub detector: DetectorKind,
    /// How alarms become events.
    pub event: EventConfig,
    /// Half-width `L` of the timestamp median filter applied before detection
    /// ([`robust_work_times`](super::robust_work_times)); 0 feeds raw work-times. The default
    /// 1 (median of 3) removes isolated hour-scale timestamp outliers at one block of latency.
    pub timestamp_median: u32,
}

impl ScanConfig {
    /// CUSUM banks, a 2016-block reference window and the default [`EventConfig`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{DetectorKind, FalseAlarmTarget, ScanConfig};
    ///
    /// let config = ScanConfig::new(FalseAlarmTarget::per_days(365.0)?);
    /// assert_eq!(config.reference_blocks, 2016);
    /// assert_eq!(config.detector, DetectorKind::CusumBank);
    /// assert_eq!(config.timestamp_median, 1);
    /// assert_eq!(config.target.arl0_blocks(), 52_560.0);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn new(target: FalseAlarmTarget) -> Self {
        ScanConfig {
            target,
            reference_blocks: 2016,
            detector: DetectorKind::CusumBank,
            event: EventConfig::default(),
            timestamp_median: 1,
        }
    }
}

/// A drop detector and a rise detector of one kind.
#[derive(Debug, Clone)]
enum Pair {
    Bank(CusumBank, CusumBank),
    Glr(Box<Glr>, Box<Glr>),
    Windowed(Box<WindowedGlr>, Box<WindowedGlr>),
}

impl Pair {
    fn new(config: &ScanConfig) -> Result<Self, DetectError> {
        let t = config.target;
        let m = u64::from(config.reference_blocks.max(2));
        Ok(match config.detector {
            DetectorKind::CusumBank => Pair::Bank(CusumBank::drops(t)?, CusumBank::rises(t)?),
            DetectorKind::CusumBankEstimatedBaseline => Pair::Bank(
                CusumBank::drops_estimated_baseline(t, m)?,
                CusumBank::rises_estimated_baseline(t, m)?,
            ),
            DetectorKind::Glr => Pair::Glr(
                Box::new(Glr::new(Direction::Drop, t)?),
                Box::new(Glr::new(Direction::Rise, t)?),
            ),
            DetectorKind::GlrEstimatedBaseline => Pair::Glr(
                Box::new(Glr::with_estimated_baseline(Direction::Drop, t, m)?),
                Box::new(Glr::with_estimated_baseline(Direction::Rise, t, m)?),
            ),
            DetectorKind::WindowedGlr => Pair::Windowed(
                Box::new(WindowedGlr::new(Direction::Drop, t)?),
                Box::new(WindowedGlr::new(Direction::Rise, t)?),
            ),
        })
    }

    fn update(&mut self, v: f64) -> Option<Direction> {
        let (d, r) = match self {
            Pair::Bank(d, r) => (d.update(v), r.update(v)),
            Pair::Glr(d, r) => (d.update(v), r.update(v)),
            Pair::Windowed(d, r) => (d.update(v), r.update(v)),
        };
        d.or(r).map(|a| a.direction())
    }

    fn reset(&mut self) {
        match self {
            Pair::Bank(d, r) => {
                d.reset();
                r.reset();
            }
            Pair::Glr(d, r) => {
                d.reset();
                r.reset();
            }
            Pair::Windowed(d, r) => {
                d.reset();
                r.reset();
            }
        }
    }
}

/// Runs drop and rise detectors along a whole series, online, and turns every alarm into a
/// [`ChangeEvent`].
///
/// 1. The baseline `r0` is estimated from the first `reference_blocks` blocks.
/// 2. Each later block's work-time is normalised by `r0` and fed to both detectors.
/// 3. At an alarm the event is built ([`build_event`](super::build_event)) with the onset searched back to the
///    start of the current reference window, and the blocks after the alarm become the new
///    reference window; monitoring resumes after it.
///
/// The thresholds come from `config.target` alone; nothing is tuned to the series.
///
/// A reference window without a usable baseline (timestamps running backwards across it) is
/// passed over, and an alarm whose event cannot be built is not returned;
/// [`Scanner::scan_report`] lists both with their reasons.
///
/// # Errors
///
/// [`DetectError::EmptySeries`] if the series is shorter than one reference window plus
/// one block, and errors from detector construction.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::detect::{scan, FalseAlarmTarget, ScanConfig};
///
/// // 3000 blocks at 600 s, then 3000 at 900 s (a 33 % drop), constant work.
/// let mut times = vec![0i64];
/// for i in 1..6000 {
///     let dt = if i < 3000 { 600 } else { 900 };
///     times.push(times[i - 1] + dt);
/// }
/// let wt = WorkTime::from_parts(0, &times, &vec![6e20; 6000])?;
/// let mut config = ScanConfig::new(FalseAlarmTarget::blocks(2016.0)?);
/// config.reference_blocks = 1000;
/// config.event.after_blocks = 500;
/// let events = scan(&wt, &config)?;
/// let first = events.first().expect("the drop is found");
/// assert!((first.size().percent_change() + 33.3).abs() < 1.0);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn scan(wt: &WorkTime, config: &ScanConfig) -> Result<Vec<ChangeEvent>, DetectError> {
    Scanner::new(config)?.scan(wt)
}

/// A configured [`scan`]: builds (calibrates) the detectors once, then scans any number of
/// series.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::detect::{FalseAlarmTarget, ScanConfig, Scanner};
///
/// let scanner = Scanner::new(&ScanConfig::new(FalseAlarmTarget::blocks(1000.0)?))?;
/// let times: Vec<i64> = (0..3000).map(|i| 600 * i).collect();
/// let wt = WorkTime::from_parts(0, &times, &vec![6e20; 3000])?;
/// // Perfectly regular blocks: nothing happens.
/// assert!(scanner.scan(&wt)?.is_empty());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scanner {
    config: ScanConfig,
    pair: Pair,
}

impl Scanner {
    /// Calibrates the detectors of `config`.
    ///
    /// # Errors
    ///
    /// Errors from detector construction.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{Direction, FalseAlarmTarget, ScanConfig, Scanner};
    ///
    /// let mut config = ScanConfig::new(FalseAlarmTarget::blocks(2016.0)?);
    /// config.reference_blocks = 1000;
    /// config.event.after_blocks = 500;
    /// // Calibrated once, used on two series.
    /// let scanner = Scanner::new(&config)?;
    /// // `drop` and `rise`: blocks 600 s apart, then 750 s (or 480 s) apart from block 2000.
    /// # let series = |after: i64| {
    /// #     let times: Vec<i64> =
    /// #         (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + after * (h - 1999) }).collect();
    /// #     WorkTime::from_parts(0, &times, &vec![6e20; 4000])
    /// # };
    /// # let (drop, rise) = (series(750)?, series(480)?);
    /// let directions = |wt| scanner.scan(wt).map(|evs| evs.iter().map(|e| e.direction()).collect::<Vec<_>>());
    /// assert_eq!(directions(&drop)?, [Direction::Drop]);
    /// assert_eq!(directions(&rise)?, [Direction::Rise]);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(config: &ScanConfig) -> Result<Self, DetectError> {
        Ok(Scanner { config: *config, pair: Pair::new(config)? })
    }

    /// The configuration.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{FalseAlarmTarget, ScanConfig, Scanner};
    ///
    /// let mut config = ScanConfig::new(FalseAlarmTarget::blocks(2016.0)?);
    /// config.reference_blocks = 1000;
    /// let scanner = Scanner::new(&config)?;
    /// assert_eq!(scanner.config(), &config);
    /// assert_eq!(scanner.config().reference_blocks, 1000);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn config(&self) -> &ScanConfig {
        &self.config
    }

    /// Scans one series (see [`scan`]).
    ///
    /// # Errors
    ///
    /// [`DetectError::EmptySeries`] if the series is shorter than one reference window plus
    /// one block.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{DetectError, FalseAlarmTarget, ScanConfig, Scanner};
    ///
    /// let scanner = Scanner::new(&ScanConfig::new(FalseAlarmTarget::blocks(2016.0)?))?;
    /// // 3000 regular blocks: no change, no event.
    /// let times: Vec<i64> = (0..3000).map(|h| 600 * h).collect();
    /// let wt = WorkTime::from_parts(0, &times, &vec![6e20; 3000])?;
    /// assert!(scanner.scan(&wt)?.is_empty());
    /// // 1000 blocks do not even fill the 2016-block reference window.
    /// let short = WorkTime::from_parts(0, &times[..1000], &vec![6e20; 1000])?;
    /// assert!(matches!(scanner.scan(&short), Err(DetectError::EmptySeries { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn scan(&self, wt: &WorkTime) -> Result<Vec<ChangeEvent>, DetectError> {
        self.scan_report(wt).map(ScanReport::into_events)
    }

    /// Scans one series and reports, beside the events, every reference window it could not
    /// monitor and every alarm it could not turn into an event ([`ScanGap`]), with the reason.
    ///
    /// # Errors
    ///
    /// As [`scan`](Self::scan).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::detect::{FalseAlarmTarget, ScanConfig, Scanner};
    ///
    /// let scanner = Scanner::new(&ScanConfig::new(FalseAlarmTarget::blocks(2016.0)?))?;
    /// let times: Vec<i64> = (0..3000).map(|h| 600 * h).collect();
    /// let wt = WorkTime::from_parts(0, &times, &vec![6e20; 3000])?;
    /// let report = scanner.scan_report(&wt)?;
    /// // Regular blocks: no event, and nothing passed over.
    /// assert!(report.events().is_empty() && report.gaps().is_empty());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn scan_report(&self, wt: &WorkTime) -> Result<ScanReport, DetectError> {
        scan_with(wt, &self.config, self.pair.clone())
    }
}

fn scan_with(
    wt: &WorkTime,
    config: &ScanConfig,
    mut pair: Pair,
) -> Result<ScanReport, DetectError> {
    let reference = config.reference_blocks.max(2);
    let start = wt.start_height();
    let end = wt.end_height();
    if u64::from(end - start) <= u64::from(reference) {
        return Err(DetectError::EmptySeries { what: "series beyond the reference window" });
    }
    let u = super::robust_work_times(wt, config.timestamp_median);
    let prefix = Prefix::new(start, &u);
    let mut report = ScanReport::default();
    let mut ref_from = start;
    while let Some(ref_to) = ref_from.checked_add(reference).filter(|&t| t < end) {
        let blocks = u64::from(ref_to - ref_from);
        let baseline = prefix
            .window(ref_from, ref_to)
            .ok_or(DetectError::HeightOutOfRange { height: ref_to, start, end })
            .and_then(|w| Baseline::from_work_time(blocks, w));
        let baseline = match baseline {
            Ok(b) => b,
            Err(error) => {
                report.gaps.push(ScanGap::NoBaseline {
                    from_height: ref_from,
                    to_height: ref_to,
                    error,
                });
                ref_from = ref_to;
                continue;
            }
        };
        pair.reset();
        let first = (ref_to - start) as usize; // index of the interval ending at ref_to + 1
        let alarm = u.get(first..).unwrap_or(&[]).iter().enumerate().find_map(|(j, &x)| {
            pair.update(baseline.normalise(x)).map(|d| (d, ref_to + 1 + j as u32))
        });
        let Some((direction, at)) = alarm else { break };
        match build_event_in(
            wt,
            &prefix,
            direction,
            at,
            ref_from,
            (ref_from, ref_to),
            &config.event,
        ) {
            Ok(ev) => report.events.push(ev),
            Err(error) => {
                report.gaps.push(ScanGap::UnbuiltEvent { direction, alarm_height: at, error })
            }
        }
        ref_from = at;
    }
    Ok(report)
}
