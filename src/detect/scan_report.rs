//! What a [`scan`](super::scan) found and what it had to pass over.

use super::{ChangeEvent, DetectError, Direction};

/// A stretch of the series a scan could not monitor, or an alarm it could not turn into an
/// event, with the reason. Nothing a scan passes over is dropped silently: each is listed in
/// [`ScanReport::gaps`].
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::detect::{FalseAlarmTarget, ScanConfig, ScanGap, Scanner};
///
/// // 300 blocks 600 s apart, then ten whose timestamps run backwards, then 300 more: the
/// // reference window over the backwards stretch has a negative work-time and no baseline.
/// let mut times: Vec<i64> = (0..300).map(|h| 600 * h).collect();
/// times.extend((0..10).map(|k| 600 * 299 - 3_000 * (k + 1)));
/// let last = *times.last().expect("non-empty");
/// times.extend((1..=300).map(|k| last + 600 * k));
/// let wt = WorkTime::from_parts(0, &times, &vec![6e20; times.len()])?;
/// let mut config = ScanConfig::new(FalseAlarmTarget::per_days(365.0)?);
/// config.reference_blocks = 5;
/// config.timestamp_median = 0;
/// let report = Scanner::new(&config)?.scan_report(&wt)?;
/// assert!(report.gaps().iter().any(|g| matches!(g, ScanGap::NoBaseline { .. })));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ScanGap {
    /// A reference window without a usable baseline (too few blocks, or a work-time that is
    /// not positive because timestamps ran backwards): the scan moved on to the next window.
    NoBaseline {
        /// The block before the window's first interval.
        from_height: u32,
        /// The window's last block.
        to_height: u32,
        /// Why no baseline could be estimated.
        error: DetectError,
    },
    /// An alarm whose event could not be built (its onset, size or power interval); monitoring
    /// resumed after the alarm as usual.
    UnbuiltEvent {
        /// Which way the detector alarmed.
        direction: Direction,
        /// The block at which it alarmed.
        alarm_height: u32,
        /// Why the event could not be built.
        error: DetectError,
    },
}

/// The events of a scan and the [`ScanGap`]s it passed over, in height order.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::detect::{FalseAlarmTarget, ScanConfig, Scanner};
///
/// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
/// # let times: Vec<i64> =
/// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
/// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
/// let config = ScanConfig::new(FalseAlarmTarget::per_days(365.0)?);
/// let report = Scanner::new(&config)?.scan_report(&wt)?;
/// assert_eq!(report.events().len(), 1);
/// assert!(report.gaps().is_empty());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScanReport {
    pub(crate) events: Vec<ChangeEvent>,
    pub(crate) gaps: Vec<ScanGap>,
}

impl ScanReport {
    /// The change events, one per alarm that could be built.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::ScanReport;
    ///
    /// assert!(ScanReport::default().events().is_empty());
    /// ```
    pub fn events(&self) -> &[ChangeEvent] {
        &self.events
    }

    /// What the scan passed over, with the reasons.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::ScanReport;
    ///
    /// assert!(ScanReport::default().gaps().is_empty());
    /// ```
    pub fn gaps(&self) -> &[ScanGap] {
        &self.gaps
    }

    /// The events, dropping the report of gaps.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::ScanReport;
    ///
    /// assert!(ScanReport::default().into_events().is_empty());
    /// ```
    pub fn into_events(self) -> Vec<ChangeEvent> {
        self.events
    }
}
