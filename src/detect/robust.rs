use crate::chain::WorkTime;

/// Work-times from median-smoothed timestamps, robust to isolated timestamp outliers.
///
/// Each timestamp `t_i` is replaced by the median `m_i` of `t_{i−L} ..= t_{i+L}` (the window
/// shrinks symmetrically at the series' ends) and `u'_i = (m_i − m_{i−1})/W_i`. On monotone timestamps
/// the median is `t_i` itself, so nothing changes; a block whose header time is hours off
/// (mainnet has such outliers) no longer produces one huge and one negative work-time, so it
/// cannot trigger a detector before its negative twin arrives. Window sums still telescope
/// (to smoothed endpoints), so rate estimates keep their meaning. The price is latency: the
/// value for block `i` needs `t_{i+L}`, so an online detector fed this way alarms `L` blocks
/// later.
///
/// Returns one value per interval, aligned with [`WorkTime::intervals`]. `half_window = 0`
/// returns the raw work-times.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::detect::robust_work_times;
///
/// // Blocks 600 s apart, but block 5's clock is two hours fast.
/// let mut times: Vec<i64> = (0..11).map(|i| 600 * i).collect();
/// times[5] += 7200;
/// let wt = WorkTime::from_parts(0, &times, &[600.0; 11])?;
/// // Raw: one work-time of 13 (block 5) and one of −11 (block 6).
/// assert!(wt.intervals().iter().any(|u| *u > 12.0) && wt.intervals().iter().any(|u| *u < 0.0));
/// // Median of 3: the outlier is gone; values stay in [0, 2] and still sum to 10.
/// let robust = robust_work_times(&wt, 1);
/// assert!(robust.iter().all(|u| (0.0..=2.0).contains(u)));
/// assert!((robust.iter().sum::<f64>() - 10.0).abs() < 1e-12);
/// # Ok::<_, minerscope::chain::ChainError>(())
/// ```
pub fn robust_work_times(wt: &WorkTime, half_window: u32) -> Vec<f64> {
    if half_window == 0 {
        return wt.intervals().to_vec();
    }
    let times = wt.times();
    let n = times.len();
    // A window wider than the series is the whole series (the median window shrinks to stay
    // inside it anyway): bound it so a huge `half_window` cannot request a huge buffer.
    let l = usize::try_from(half_window).map_or(n, |l| l.min(n));
    let mut buf: Vec<i64> = Vec::with_capacity(2 * l + 1);
    let mut median = |i: usize| -> i64 {
        // Symmetric window, shrunk near the ends so it stays centred (odd length).
        let k = l.min(i).min(n - 1 - i);
        buf.clear();
        buf.extend_from_slice(times.get(i - k..=i + k).unwrap_or(&[]));
        buf.sort_unstable();
        buf.get(buf.len() / 2).copied().unwrap_or_default()
    };
    let mut prev = median(0);
    (1..n)
        .map(|i| {
            let m = median(i);
            let w = wt.work_hashes().get(i).copied().unwrap_or(1.0);
            let u = (m - prev) as f64 / w;
            prev = m;
            u
        })
        .collect()
}
