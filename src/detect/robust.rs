use crate::chain::WorkTime;

/// Work-times from median-smoothed timestamps, robust to isolated timestamp outliers.
///
/// Each timestamp `t_i` is replaced by the median `m_i` of `t_{i−L} ..= t_{i+L}` (the window
/// is clipped at the series' ends) and `u'_i = (m_i − m_{i−1})/W_i`. On monotone timestamps
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
/// // The third header's clock is two hours fast.
/// let times = [0, 600, 1200 + 7200, 1800, 2400];
/// let wt = WorkTime::from_parts(0, &times, &[600.0; 5])?;
/// assert!(wt.intervals().iter().any(|u| *u < 0.0));
/// let robust = robust_work_times(&wt, 1);
/// assert!(robust.iter().all(|u| (*u - 1.0).abs() < 1e-12));
/// # Ok::<_, minerscope::chain::ChainError>(())
/// ```
pub fn robust_work_times(wt: &WorkTime, half_window: u32) -> Vec<f64> {
    if half_window == 0 {
        return wt.intervals().to_vec();
    }
    let times = wt.times();
    let n = times.len();
    let l = half_window as usize;
    let mut buf: Vec<i64> = Vec::with_capacity(2 * l + 1);
    let mut median = |i: usize| -> i64 {
        buf.clear();
        buf.extend_from_slice(times.get(i.saturating_sub(l)..(i + l + 1).min(n)).unwrap_or(&[]));
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
