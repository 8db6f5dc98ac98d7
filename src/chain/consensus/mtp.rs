/// Number of previous blocks whose median time is the median-time-past.
///
/// # Examples
///
/// ```
/// use minerscope::chain::consensus::{MTP_WINDOW, median_time_past};
///
/// // Only the last 11 timestamps count: the early outlier is ignored.
/// let mut times = vec![9_999_999];
/// times.extend(1..=MTP_WINDOW as u32);
/// assert_eq!(MTP_WINDOW, 11);
/// assert_eq!(median_time_past(&times), Some(6));
/// ```
pub const MTP_WINDOW: usize = 11;

/// Median-time-past of the last (up to) 11 timestamps in `times`, as Bitcoin Core's
/// `GetMedianTimePast`: sort the last `min(11, len)` times and take the element at index `len/2`.
///
/// Returns `None` for an empty slice. A new block's time must be strictly greater than the MTP of
/// its 11 predecessors.
///
/// # Examples
///
/// ```
/// use minerscope::chain::consensus::median_time_past;
///
/// assert_eq!(median_time_past(&[5, 1, 4, 2, 3]), Some(3));
/// assert_eq!(median_time_past(&[]), None);
/// ```
pub fn median_time_past(times: &[u32]) -> Option<u32> {
    let start = times.len().saturating_sub(MTP_WINDOW);
    let tail = times.get(start..)?;
    if tail.is_empty() {
        return None;
    }
    let mut buf = [0u32; MTP_WINDOW];
    let buf = buf.get_mut(..tail.len())?;
    buf.copy_from_slice(tail);
    buf.sort_unstable();
    buf.get(buf.len() / 2).copied()
}
