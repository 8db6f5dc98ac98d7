use bitcoin::block::Header;
use bitcoin::{CompactTarget, Work};

use super::consensus::{MTP_WINDOW, checked_add_work, median_time_past};
use super::{BlockRecord, ChainError, WorkTime};

/// A timestamp irregularity in a series. Both kinds are legal or at least real on mainnet, so
/// they are reported, not rejected.
///
/// # Examples
///
/// ```
/// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
/// use minerscope::chain::{BlockRecord, BlockSeries, TimeAnomaly};
///
/// let bits = CompactTarget::from_consensus(0x1d00ffff);
/// let rec = |h: u32, t: u32| {
///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), t, bits)
/// };
/// // Eleven blocks 600 s apart, then one stamped before the median of those eleven.
/// let mut records: Vec<BlockRecord> =
///     (0..11).map(|h| rec(h, 600 * h)).collect::<Result<_, _>>()?;
/// records.push(rec(11, 1_000)?);
/// let series = BlockSeries::new(records)?;
/// assert_eq!(
///     series.time_anomalies(),
///     [
///         TimeAnomaly::Backwards { height: 11, time: 1_000, prev_time: 6_000 },
///         TimeAnomaly::MtpViolation { height: 11, time: 1_000, median_time_past: 3_000 },
///     ]
/// );
/// # Ok::<_, minerscope::chain::ChainError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum TimeAnomaly {
    /// The block's timestamp is earlier than (or equal to) its parent's. Legal: consensus only
    /// requires it to exceed the median-time-past. 21 of the 8 064 intervals in
    /// 822 528–830 592 are negative.
    Backwards {
        /// Height of the block.
        height: u32,
        /// Its timestamp.
        time: u32,
        /// Its parent's timestamp.
        prev_time: u32,
    },
    /// The block's timestamp is not above the median of its 11 predecessors: it would be
    /// rejected as "time-too-old" by Bitcoin Core. Only checked once 11 predecessors are in the
    /// series.
    MtpViolation {
        /// Height of the block.
        height: u32,
        /// Its timestamp.
        time: u32,
        /// Median time of its 11 predecessors.
        median_time_past: u32,
    },
}

/// A validated run of contiguous block records.
///
/// Heights increase by exactly one; where both a record's `prev_hash` and its predecessor's hash
/// are known they must link. Timestamps may go backwards (they do on mainnet): see
/// [`BlockSeries::time_anomalies`]. A series is never empty.
///
/// # Examples
///
/// ```
/// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
/// use minerscope::chain::{BlockRecord, BlockSeries, ChainError};
///
/// let bits = CompactTarget::from_consensus(0x1d00ffff);
/// let rec = |h: u32, t: u32| {
///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), t, bits)
/// };
/// let series = BlockSeries::new(vec![rec(10, 1000)?, rec(11, 1600)?, rec(12, 1500)?])?;
/// assert_eq!(series.len(), 3);
/// assert_eq!(series.time_anomalies().len(), 1); // 12 is earlier than 11
///
/// let gap = BlockSeries::new(vec![rec(10, 1000)?, rec(12, 1600)?]);
/// assert!(matches!(
///     gap,
///     Err(ChainError::NonContiguous { index: 1, expected: 11, found: 12 })
/// ));
/// # Ok::<_, ChainError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BlockSeries {
    records: Vec<BlockRecord>,
}

fn check_link(prev: &BlockRecord, next: &BlockRecord, index: usize) -> Result<(), ChainError> {
    let expected = prev.height().checked_add(1).ok_or(ChainError::HeightOutOfRange {
        height: u64::from(prev.height()),
        reason: "no height follows u32::MAX",
    })?;
    if next.height() != expected {
        return Err(ChainError::NonContiguous { index, expected, found: next.height() });
    }
    if let Some(found) = next.prev_hash()
        && found != prev.hash()
    {
        return Err(ChainError::PrevHashMismatch {
            height: next.height(),
            expected: prev.hash(),
            found,
        });
    }
    Ok(())
}

impl BlockSeries {
    /// Validates and wraps records.
    ///
    /// # Errors
    ///
    /// [`ChainError::EmptySeries`], [`ChainError::NonContiguous`] naming the first bad index and
    /// height, or [`ChainError::PrevHashMismatch`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries, ChainError};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = |h: u32| {
    ///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), 600 * h, bits)
    /// };
    /// let series = BlockSeries::new(vec![rec(7)?, rec(8)?])?;
    /// assert_eq!((series.start_height(), series.end_height()), (7, 8));
    /// assert_eq!(BlockSeries::new(vec![]), Err(ChainError::EmptySeries));
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn new(records: Vec<BlockRecord>) -> Result<Self, ChainError> {
        if records.is_empty() {
            return Err(ChainError::EmptySeries);
        }
        for (i, pair) in records.windows(2).enumerate() {
            if let [prev, next] = pair {
                check_link(prev, next, i + 1)?;
            }
        }
        Ok(BlockSeries { records })
    }

    /// Builds a series from consecutive headers, the first at `start_height`.
    ///
    /// # Errors
    ///
    /// As [`BlockSeries::new`], plus [`ChainError::InvalidBits`] and
    /// [`ChainError::HeightOutOfRange`] if the heights overflow `u32`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::hex::FromHex;
    /// use minerscope::chain::{decode_headers, BlockSeries};
    ///
    /// // The genesis header and block 1's, concatenated; block 1 links to genesis.
    /// let bytes = Vec::<u8>::from_hex(concat!(
    ///     "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd",
    ///     "7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c",
    ///     "010000006fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000982051fd",
    ///     "1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e61bc6649ffff001d01e36299",
    /// ))
    /// .map_err(|e| minerscope::chain::ChainError::Decode { reason: e.to_string() })?;
    /// let headers = decode_headers(&bytes)?;
    /// let series = BlockSeries::from_headers(0, &headers)?;
    /// assert_eq!(series.end_height(), 1);
    /// assert_eq!(series.get(1).and_then(|r| r.prev_hash()), series.get(0).map(|r| r.hash()));
    /// // Numbering is the caller's (from 5 the pair still links); the order is checked.
    /// assert!(BlockSeries::from_headers(5, &headers).is_ok());
    /// assert!(BlockSeries::from_headers(0, &[headers[1], headers[0]]).is_err());
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn from_headers(start_height: u32, headers: &[Header]) -> Result<Self, ChainError> {
        let mut records = Vec::with_capacity(headers.len());
        for (i, h) in headers.iter().enumerate() {
            let height = u32::try_from(i).ok().and_then(|i| start_height.checked_add(i)).ok_or(
                ChainError::HeightOutOfRange {
                    height: u64::from(start_height) + i as u64,
                    reason: "exceeds u32",
                },
            )?;
            records.push(BlockRecord::from_header(h, height)?);
        }
        Self::new(records)
    }

    /// Appends a record at the tip.
    ///
    /// # Errors
    ///
    /// [`ChainError::NonContiguous`] or [`ChainError::PrevHashMismatch`]; the series is unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries, ChainError};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = |h: u32| {
    ///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), 600 * h, bits)
    /// };
    /// let mut series = BlockSeries::new(vec![rec(1)?])?;
    /// series.push(rec(2)?)?;
    /// let gap = series.push(rec(4)?);
    /// assert!(matches!(
    ///     gap,
    ///     Err(ChainError::NonContiguous { index: 2, expected: 3, found: 4 })
    /// ));
    /// assert_eq!(series.len(), 2); // unchanged by the failed push
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn push(&mut self, record: BlockRecord) -> Result<(), ChainError> {
        if let Some(last) = self.records.last() {
            check_link(last, &record, self.records.len())?;
        }
        self.records.push(record);
        Ok(())
    }

    /// The records, in height order.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = |h: u32| {
    ///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), 600 * h, bits)
    /// };
    /// let series = BlockSeries::new(vec![rec(1)?, rec(2)?, rec(3)?])?;
    /// let heights: Vec<u32> = series.records().iter().map(|r| r.height()).collect();
    /// assert_eq!(heights, [1, 2, 3]);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn records(&self) -> &[BlockRecord] {
        &self.records
    }

    /// Consumes the series, returning its records.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = |h: u32| {
    ///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), 600 * h, bits)
    /// };
    /// let records = vec![rec(1)?, rec(2)?];
    /// assert_eq!(BlockSeries::new(records.clone())?.into_records(), records);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn into_records(self) -> Vec<BlockRecord> {
        self.records
    }

    /// Number of records (at least one).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = |h: u32| {
    ///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), 600 * h, bits)
    /// };
    /// let series = BlockSeries::new(vec![rec(10)?, rec(11)?, rec(12)?])?;
    /// assert_eq!(series.len(), 3);
    /// assert_eq!(series.len() as u32, series.end_height() - series.start_height() + 1);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Always `false`: a series holds at least one record.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let series =
    ///     BlockSeries::new(vec![BlockRecord::new(0, BlockHash::all_zeros(), 0, bits)?])?;
    /// assert!(!series.is_empty());
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Height of the first record.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = |h: u32| {
    ///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), 600 * h, bits)
    /// };
    /// assert_eq!(BlockSeries::new(vec![rec(42)?, rec(43)?])?.start_height(), 42);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn start_height(&self) -> u32 {
        self.records.first().map_or(0, BlockRecord::height)
    }

    /// Height of the last record.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = |h: u32| {
    ///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), 600 * h, bits)
    /// };
    /// assert_eq!(BlockSeries::new(vec![rec(42)?, rec(43)?])?.end_height(), 43);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn end_height(&self) -> u32 {
        self.records.last().map_or(0, BlockRecord::height)
    }

    /// The record at `height`, if the series covers it.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = |h: u32| {
    ///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), 600 * h, bits)
    /// };
    /// let series = BlockSeries::new(vec![rec(10)?, rec(11)?, rec(12)?])?;
    /// assert_eq!(series.get(11).map(|r| r.time()), Some(6_600));
    /// assert!(series.get(9).is_none() && series.get(13).is_none());
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn get(&self, height: u32) -> Option<&BlockRecord> {
        let i = height.checked_sub(self.start_height())?;
        self.records.get(usize::try_from(i).ok()?)
    }

    /// The records from `from` to `to` inclusive, if the series covers both and `from <= to`
    /// (`None` otherwise, never an empty slice).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = |h: u32| {
    ///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), 600 * h, bits)
    /// };
    /// let series = BlockSeries::new(vec![rec(10)?, rec(11)?, rec(12)?, rec(13)?])?;
    /// assert_eq!(series.range(11, 12).map(<[BlockRecord]>::len), Some(2));
    /// assert_eq!(series.range(12, 14), None); // 14 is past the tip
    /// assert_eq!(series.range(14, 13), None); // so it is here too
    /// assert_eq!(series.range(12, 11), None); // reversed bounds
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn range(&self, from: u32, to: u32) -> Option<&[BlockRecord]> {
        let a = usize::try_from(from.checked_sub(self.start_height())?).ok()?;
        let b = usize::try_from(to.checked_sub(self.start_height())?).ok()?;
        // `get(a..=b)` alone would give an empty slice for `a == b + 1`, even past the tip.
        if a > b {
            return None;
        }
        self.records.get(a..=b)
    }

    /// Backwards timestamps and median-time-past violations, in height order.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries, TimeAnomaly};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = |h: u32, t: u32| {
    ///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), t, bits)
    /// };
    /// let series = BlockSeries::new(vec![
    ///     rec(1, 1_000)?,
    ///     rec(2, 1_600)?,
    ///     rec(3, 1_500)?,
    ///     rec(4, 2_200)?,
    /// ])?;
    /// assert_eq!(
    ///     series.time_anomalies(),
    ///     [TimeAnomaly::Backwards { height: 3, time: 1_500, prev_time: 1_600 }]
    /// );
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn time_anomalies(&self) -> Vec<TimeAnomaly> {
        let mut out = Vec::new();
        let mut window = [0u32; MTP_WINDOW];
        let mut prev_time: Option<u32> = None;
        for (filled, rec) in self.records.iter().enumerate() {
            let time = rec.time();
            if let Some(prev) = prev_time
                && time <= prev
            {
                out.push(TimeAnomaly::Backwards { height: rec.height(), time, prev_time: prev });
            }
            if filled >= MTP_WINDOW
                && let Some(mtp) = median_time_past(&window)
                && time <= mtp
            {
                out.push(TimeAnomaly::MtpViolation {
                    height: rec.height(),
                    time,
                    median_time_past: mtp,
                });
            }
            // Slide the 11-block window (order inside it does not matter for the median).
            if let Some(slot) = window.get_mut(filled % MTP_WINDOW) {
                *slot = time;
            }
            prev_time = Some(time);
        }
        out
    }

    /// Total work of every record in the series, exact in 256 bits.
    ///
    /// # Errors
    ///
    /// [`ChainError::WorkOverflow`] if the sum exceeds 2^256 − 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries, consensus::work_to_f64};
    ///
    /// // Three difficulty-1 blocks: 3 × 4 295 032 833 hashes, exactly.
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = |h: u32| {
    ///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), 600 * h, bits)
    /// };
    /// let series = BlockSeries::new(vec![rec(1)?, rec(2)?, rec(3)?])?;
    /// assert_eq!(work_to_f64(series.total_work()?), 3.0 * 4_295_032_833.0);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn total_work(&self) -> Result<Work, ChainError> {
        let mut acc = Work::from_be_bytes([0u8; 32]);
        // Bits change once per 2016 blocks: compute the 256-bit division once per run of equal bits.
        let mut cached: Option<(CompactTarget, Work)> = None;
        for rec in &self.records {
            let work = match cached {
                Some((bits, work)) if bits == rec.bits() => work,
                _ => {
                    let work = rec.work();
                    cached = Some((rec.bits(), work));
                    work
                }
            };
            acc = checked_add_work(acc, work)
                .ok_or(ChainError::WorkOverflow { height: rec.height() })?;
        }
        Ok(acc)
    }

    /// The work-time representation of the series (see [`WorkTime`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = |h: u32| {
    ///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), 600 * h, bits)
    /// };
    /// let wt = BlockSeries::new(vec![rec(1)?, rec(2)?, rec(3)?])?.work_time();
    /// // Two intervals of 600 s at 4 295 032 833 hashes per block: about 7.16 MH/s.
    /// let w = wt.window(1, 3).expect("covered");
    /// let rate = f64::from(w.intervals()) / w.work_time();
    /// assert!((rate - 4_295_032_833.0 / 600.0).abs() < 1e-6);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn work_time(&self) -> WorkTime {
        WorkTime::from_series(self)
    }
}
