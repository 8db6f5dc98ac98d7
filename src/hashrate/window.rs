use crate::chain::{WindowSums, WorkTime};

use super::HashrateError;

/// Which blocks (or which span of time) an estimator looks at.
///
/// Build one with [`Window::trailing`], [`Window::heights`] or [`Window::time_span`]; each
/// constructor validates its bounds. Block-count estimators use the intervals ending at blocks
/// `from + 1 ..= to`; fixed-time estimators use the time span (a height window becomes the span
/// between its two end blocks' timestamps, a time span selects the blocks stamped inside it).
///
/// # Examples
///
/// ```
/// use minerscope::hashrate::Window;
///
/// let w = Window::trailing(830_000, 120)?;
/// assert_eq!(w, Window::heights(829_880, 830_000)?);
/// assert!(Window::trailing(830_000, 0).is_err());
/// assert!(Window::time_span(10, 10).is_err());
/// # Ok::<_, minerscope::hashrate::HashrateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Window {
    /// The intervals ending at blocks `from + 1 ..= to` (`to − from` intervals, `to − from + 1`
    /// blocks).
    #[non_exhaustive]
    Heights {
        /// The block that opens the window (its own interval is not counted).
        from: u32,
        /// The last block.
        to: u32,
    },
    /// The time span `[start, end]` in Unix seconds.
    #[non_exhaustive]
    TimeSpan {
        /// Start of the span.
        start: i64,
        /// End of the span.
        end: i64,
    },
}

impl Window {
    /// The last `blocks` intervals ending at `tip`: heights `tip − blocks ..= tip`.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidWindow`] if `blocks == 0` or `blocks > tip`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::Window;
    ///
    /// // The last retarget period before block 830 592.
    /// assert_eq!(Window::trailing(830_591, 2015)?, Window::heights(828_576, 830_591)?);
    /// assert!(Window::trailing(10, 11).is_err()); // would start below genesis
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn trailing(tip: u32, blocks: u32) -> Result<Self, HashrateError> {
        if blocks == 0 || blocks > tip {
            return Err(HashrateError::InvalidWindow {
                what: "0 < blocks <= tip",
                low: i64::from(blocks),
                high: i64::from(tip),
            });
        }
        Ok(Window::Heights { from: tip - blocks, to: tip })
    }

    /// The intervals ending at blocks `from + 1 ..= to`.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidWindow`] unless `from < to`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{HashrateError, Window};
    ///
    /// assert!(matches!(Window::heights(5, 6)?, Window::Heights { from: 5, to: 6, .. }));
    /// assert!(matches!(Window::heights(6, 5), Err(HashrateError::InvalidWindow { .. })));
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn heights(from: u32, to: u32) -> Result<Self, HashrateError> {
        if from >= to {
            return Err(HashrateError::InvalidWindow {
                what: "from < to",
                low: i64::from(from),
                high: i64::from(to),
            });
        }
        Ok(Window::Heights { from, to })
    }

    /// The time span `[start, end]`, Unix seconds.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidWindow`] unless `start < end`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::Window;
    ///
    /// // One day ending at block 830000's timestamp.
    /// let day = Window::time_span(1_707_675_457 - 86_400, 1_707_675_457)?;
    /// assert!(matches!(day, Window::TimeSpan { start: 1_707_589_057, .. }));
    /// assert!(Window::time_span(5, 4).is_err());
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn time_span(start: i64, end: i64) -> Result<Self, HashrateError> {
        if start >= end {
            return Err(HashrateError::InvalidWindow {
                what: "start < end",
                low: start,
                high: end,
            });
        }
        Ok(Window::TimeSpan { start, end })
    }

    /// Resolves the window to a block range `(from, to)` inside `wt`.
    ///
    /// A time span selects the first block stamped at or after `start` and the last block stamped
    /// at or before `end`.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidWindow`] for unordered bounds, [`HashrateError::WindowOutOfRange`]
    /// if the window is not inside the series or selects fewer than two blocks.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{HashrateError, Window};
    ///
    /// let times: Vec<i64> = (0..=10).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(100, &times, &[6e20; 11])?;
    /// assert_eq!(Window::heights(102, 105)?.block_range(&wt)?, (102, 105));
    /// // Blocks stamped 1 200 s (height 102) to 3 000 s (height 105).
    /// assert_eq!(Window::time_span(1_100, 3_000)?.block_range(&wt)?, (102, 105));
    /// let past_tip = Window::heights(105, 111)?.block_range(&wt);
    /// assert!(matches!(past_tip, Err(HashrateError::WindowOutOfRange { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn block_range(&self, wt: &WorkTime) -> Result<(u32, u32), HashrateError> {
        match *self {
            Window::Heights { from, to } => {
                Window::heights(from, to)?;
                if from < wt.start_height() || to > wt.end_height() {
                    return Err(block_range_error(wt, from, to));
                }
                Ok((from, to))
            }
            Window::TimeSpan { start, end } => {
                Window::time_span(start, end)?;
                let times = wt.times();
                let first = times.iter().position(|&t| t >= start);
                let last = times.iter().rposition(|&t| t <= end);
                let (first_t, last_t) = (
                    times.iter().copied().min().unwrap_or(0),
                    times.iter().copied().max().unwrap_or(0),
                );
                match (first, last) {
                    (Some(a), Some(b)) if a < b => {
                        let a =
                            u32::try_from(a).ok().and_then(|a| wt.start_height().checked_add(a));
                        let b =
                            u32::try_from(b).ok().and_then(|b| wt.start_height().checked_add(b));
                        match (a, b) {
                            (Some(a), Some(b)) => Ok((a, b)),
                            _ => Err(out_of_range(start, end, first_t, last_t)),
                        }
                    }
                    _ => Err(out_of_range(start, end, first_t, last_t)),
                }
            }
        }
    }

    /// The O(1) window sums of the resolved block range.
    pub(crate) fn sums(&self, wt: &WorkTime) -> Result<WindowSums, HashrateError> {
        let (from, to) = self.block_range(wt)?;
        wt.window(from, to).ok_or_else(|| block_range_error(wt, from, to))
    }
}

/// [`HashrateError::WindowOutOfRange`] for blocks `from..=to` against the heights `wt` covers.
pub(crate) fn block_range_error(wt: &WorkTime, from: u32, to: u32) -> HashrateError {
    out_of_range(
        i64::from(from),
        i64::from(to),
        i64::from(wt.start_height()),
        i64::from(wt.end_height()),
    )
}

pub(crate) fn out_of_range(from: i64, to: i64, start: i64, end: i64) -> HashrateError {
    HashrateError::WindowOutOfRange { from, to, start, end }
}
