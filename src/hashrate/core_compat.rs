//! Bitcoin Core's `getnetworkhashps`, reproduced exactly, with the exact interval beside it.

use crate::chain::WorkTime;
use crate::chain::consensus::RETARGET_INTERVAL;
use crate::stats::ConfidenceLevel;

use super::pivot::{hashrate, secs_between};
use super::window::block_range_error;
use super::{ChiSquaredPivot, Estimate, HashrateError, HashrateEstimator, Method, Window};

/// Bitcoin Core's `getnetworkhashps(nblocks, height)`, value for value, plus the exact χ²
/// interval for the true hashrate.
///
/// # Method
///
/// Transcribed from `GetNetworkHashPS` in Bitcoin Core `src/rpc/mining.cpp`:
///
/// ```text
/// lookup = nblocks, or height % 2016 + 1 when nblocks = −1; at most height
/// work   = chainwork(height) − chainwork(height − lookup)      (the last `lookup` blocks)
/// time   = max − min of the timestamps of the lookup + 1 blocks height − lookup ..= height
/// value  = work / time                                          (Core returns 0 if time = 0)
/// ```
///
/// With constant difficulty this is the MLE `n·W/T`, biased up by `1/(n−1)` (SCIENCE.md §3).
/// The interval is the exact χ² interval expressed relative to the returned value,
/// `value · [χ²(α/2; 2n), χ²(1−α/2; 2n)] / (2n)` — for n = 120 at 95 %, `[0.829, 1.187]`.
///
/// # Assumptions
///
/// The work sum is the `f64` difference of compensated prefix sums of exact per-block work,
/// within a few ulps of Core's `arith_uint256::getdouble()`. Where Core returns 0 (equal min and
/// max times) minerscope returns [`HashrateError::ZeroElapsedTime`].
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::CoreCompatible;
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=200).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 201])?;
/// let est = CoreCompatible.get_network_hashps(&wt, 120, Some(200), ConfidenceLevel::P95)?;
/// assert!((est.value().to_ehs() - 1.0).abs() < 1e-12);
/// assert_eq!(est.blocks(), 120);
/// // nblocks = −1: blocks since the last retarget (200 % 2016 + 1 = 201, capped at height 200).
/// assert_eq!(CoreCompatible.get_network_hashps(&wt, -1, None, ConfidenceLevel::P95)?.blocks(), 200);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
///
/// # References
///
/// Bitcoin Core `src/rpc/mining.cpp`, `GetNetworkHashPS`; SCIENCE.md §3.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CoreCompatible;

impl CoreCompatible {
    /// `getnetworkhashps(nblocks, height)`: `height = None` means the series' tip.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] if `nblocks` is 0 or below −1 (Core: "Invalid
    /// nblocks"), [`HashrateError::WindowOutOfRange`] if `height` or the `lookup + 1` blocks are
    /// not in the series, [`HashrateError::WindowTooShort`] at height 0 (Core returns 0),
    /// [`HashrateError::ZeroElapsedTime`] if min and max timestamps are equal.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{CoreCompatible, HashrateError};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // Core divides by max − min timestamp, not by last − first: here a backwards timestamp
    /// // makes the span 1 200 s for 2 blocks of 6e20 hashes.
    /// let wt = WorkTime::from_parts(0, &[0, 1_200, 600], &[6e20; 3])?;
    /// let est = CoreCompatible.get_network_hashps(&wt, 2, None, ConfidenceLevel::P95)?;
    /// assert!((est.value().to_ehs() - 1.0).abs() < 1e-12);
    /// let bad = CoreCompatible.get_network_hashps(&wt, 0, None, ConfidenceLevel::P95);
    /// assert!(matches!(bad, Err(HashrateError::InvalidParameter { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn get_network_hashps(
        &self,
        wt: &WorkTime,
        nblocks: i32,
        height: Option<u32>,
        level: ConfidenceLevel,
    ) -> Result<Estimate, HashrateError> {
        if nblocks == 0 || nblocks < -1 {
            return Err(HashrateError::InvalidParameter {
                name: "nblocks",
                value: f64::from(nblocks),
                reason: "must be positive or -1",
            });
        }
        let height = height.unwrap_or_else(|| wt.end_height());
        if height < wt.start_height() || height > wt.end_height() {
            return Err(block_range_error(wt, height, height));
        }
        if height == 0 {
            return Err(HashrateError::WindowTooShort {
                estimator: "core-compatible",
                from: 0,
                to: 0,
                blocks: 0,
                min: 1,
            });
        }
        let lookup =
            if nblocks == -1 { height % RETARGET_INTERVAL + 1 } else { nblocks.unsigned_abs() };
        let lookup = lookup.min(height);
        self.over(wt, height - lookup, height, level)
    }

    /// The Core value over the intervals ending at `from + 1 ..= to` (`lookup = to − from`).
    fn over(
        &self,
        wt: &WorkTime,
        from: u32,
        to: u32,
        level: ConfidenceLevel,
    ) -> Result<Estimate, HashrateError> {
        let sums = wt.window(from, to).ok_or_else(|| block_range_error(wt, from, to))?;
        let a = usize::try_from(from - wt.start_height()).unwrap_or(usize::MAX);
        let b = usize::try_from(to - wt.start_height()).unwrap_or(usize::MAX);
        let times = wt.times().get(a..=b).ok_or(HashrateError::WindowOutOfRange {
            from: i64::from(from),
            to: i64::from(to),
            start: i64::from(wt.start_height()),
            end: i64::from(wt.end_height()),
        })?;
        let (min, max) =
            times.iter().fold((i64::MAX, i64::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
        if max <= min {
            return Err(HashrateError::ZeroElapsedTime { from, to });
        }
        let n = to - from;
        let value_hs = sums.work_hashes() / secs_between(max, min);
        let value = hashrate(value_hs, "core-compatible value")?;
        let pivot = ChiSquaredPivot::new(n, level)?;
        let (lo, hi) = pivot.quantiles();
        let nf = f64::from(n);
        let interval = super::pivot::ordered(
            hashrate(value_hs * lo / nf, "lower bound")?,
            hashrate(value_hs * hi / nf, "upper bound")?,
            level,
        );
        Ok(Estimate::new(value, interval, Method::CoreCompatible, from, to, n, sums.work_time()))
    }
}

impl HashrateEstimator for CoreCompatible {
    fn method(&self) -> Method {
        Method::CoreCompatible
    }

    /// Core's value with `lookup = to − from` and `height = to`.
    fn estimate(
        &self,
        work_time: &WorkTime,
        window: Window,
        level: ConfidenceLevel,
    ) -> Result<Estimate, HashrateError> {
        let (from, to) = window.block_range(work_time)?;
        self.over(work_time, from, to, level)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "tests index known-length fixtures")]
mod tests {
    use super::*;

    #[test]
    fn min_max_handles_backwards_endpoints() {
        // Tip stamped before its parent: Core uses max − min over all blocks, not t_to − t_from.
        let wt = WorkTime::from_parts(10, &[0, 600, 1300, 1200], &[6e20; 4]).unwrap();
        let est =
            CoreCompatible.get_network_hashps(&wt, 3, Some(13), ConfidenceLevel::P95).unwrap();
        assert!((est.value().to_hs() - 3.0 * 6e20 / 1300.0).abs() < 1e3);
    }

    #[test]
    fn rejects_what_core_rejects_or_zeroes() {
        let wt = WorkTime::from_parts(0, &[5, 5, 5], &[1.0; 3]).unwrap();
        let l = ConfidenceLevel::P95;
        assert!(matches!(
            CoreCompatible.get_network_hashps(&wt, 2, None, l),
            Err(HashrateError::ZeroElapsedTime { from: 0, to: 2 })
        ));
        assert!(CoreCompatible.get_network_hashps(&wt, 0, None, l).is_err());
        assert!(CoreCompatible.get_network_hashps(&wt, -2, None, l).is_err());
        assert!(CoreCompatible.get_network_hashps(&wt, 1, Some(0), l).is_err());
        assert!(CoreCompatible.get_network_hashps(&wt, 1, Some(3), l).is_err());
        let late = WorkTime::from_parts(100, &[0, 600, 1200], &[1.0; 3]).unwrap();
        // 120 blocks back from 102 leaves the series.
        assert!(matches!(
            CoreCompatible.get_network_hashps(&late, 120, None, l),
            Err(HashrateError::WindowOutOfRange { .. })
        ));
    }
}
