//! Per-pool hashrate: each pool's blocks as a Poisson process over the network's work-time.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

use crate::chain::WorkTime;
use crate::stats::ConfidenceLevel;

use super::fixed_time::garwood;
use super::pivot::{hashrate, ordered, positive_work_time};
use super::{Estimate, HashrateError, Method, Window};

/// Whether per-pool intervals hold individually or simultaneously for all pools.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{Simultaneity, Window, per_pool};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=10).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 11])?;
/// let labels = ["A", "B", "A", "A", "C", "A", "B", "A", "A", "B"].map(Some);
/// let w = Window::heights(0, 10)?;
/// let one = per_pool(&wt, w, &labels, ConfidenceLevel::P95, Simultaneity::Individual)?;
/// let all = per_pool(&wt, w, &labels, ConfidenceLevel::P95, Simultaneity::Bonferroni)?;
/// // Three pools seen: each simultaneous interval is at 1 − 0.05/3 and so wider.
/// let level = all.pools()[0].estimate().level().to_f64();
/// assert!((level - (1.0 - 0.05 / 3.0)).abs() < 1e-12);
/// assert!(
///     all.pools()[0].estimate().interval().high()
///         > one.pools()[0].estimate().interval().high()
/// );
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Simultaneity {
    /// Each interval has the requested level on its own.
    #[default]
    Individual,
    /// Bonferroni over the `K` pools seen: each interval at `1 − α/K`, so all hold together with
    /// probability at least the requested level.
    Bonferroni,
}

/// One pool's hashrate estimate.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{per_pool, Simultaneity, Window};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=4).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 5])?;
/// let labels = [Some("Foundry USA"), Some("AntPool"), Some("Foundry USA"), None];
/// let (w, level) = (Window::heights(0, 4)?, ConfidenceLevel::P95);
/// let pools = per_pool(&wt, w, &labels, level, Simultaneity::Individual)?;
/// let foundry = &pools.pools()[0];
/// assert_eq!(*foundry.label(), "Foundry USA");
/// assert_eq!(foundry.estimate().blocks(), 2);
/// assert!((foundry.estimate().value().to_ehs() - 0.5).abs() < 1e-12); // 2 of 4 blocks at 1 EH/s
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PoolHashrate<L> {
    label: L,
    estimate: Estimate,
}

impl<L> PoolHashrate<L> {
    /// The pool's label.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Simultaneity, Window, per_pool};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600, 1_200], &[6e20; 3])?;
    /// let labels = [Some(7u32), Some(7)];
    /// let pools = per_pool(
    ///     &wt,
    ///     Window::heights(0, 2)?,
    ///     &labels,
    ///     ConfidenceLevel::P95,
    ///     Simultaneity::Individual,
    /// )?;
    /// assert_eq!(pools.pools()[0].label(), &7);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn label(&self) -> &L {
        &self.label
    }

    /// The estimate (its `blocks()` is the pool's block count `k`).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Method, Simultaneity, Window, per_pool};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600, 1_200], &[6e20; 3])?;
    /// let labels = [Some("ViaBTC"), None];
    /// let pools = per_pool(
    ///     &wt,
    ///     Window::heights(0, 2)?,
    ///     &labels,
    ///     ConfidenceLevel::P95,
    ///     Simultaneity::Individual,
    /// )?;
    /// let est = pools.pools()[0].estimate();
    /// assert_eq!((est.method(), est.blocks()), (Method::PerPool, 1));
    /// assert!(est.interval().contains(&est.value()));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn estimate(&self) -> &Estimate {
        &self.estimate
    }
}

/// Every labelled pool's hashrate over one window, largest first.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{Simultaneity, Window, per_pool};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=6).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 7])?;
/// let labels = [Some("B"), Some("A"), None, Some("A"), Some("B"), Some("A")];
/// let pools = per_pool(
///     &wt,
///     Window::heights(0, 6)?,
///     &labels,
///     ConfidenceLevel::P95,
///     Simultaneity::Individual,
/// )?;
/// let order: Vec<&str> = pools.pools().iter().map(|p| *p.label()).collect();
/// assert_eq!(order, ["A", "B"]); // by block count, largest first
/// assert_eq!(pools.unlabelled(), 1);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PoolHashrates<L> {
    pools: Vec<PoolHashrate<L>>,
    unlabelled: u32,
    exposure: f64,
    level: ConfidenceLevel,
    simultaneity: Simultaneity,
}

impl<L> PoolHashrates<L> {
    /// The pools, by block count (descending; ties in order of first appearance).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Simultaneity, Window, per_pool};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=4).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 5])?;
    /// // Ties keep the order of first appearance.
    /// let labels = [Some("C"), Some("A"), Some("A"), Some("C")];
    /// let pools = per_pool(
    ///     &wt,
    ///     Window::heights(0, 4)?,
    ///     &labels,
    ///     ConfidenceLevel::P95,
    ///     Simultaneity::Individual,
    /// )?;
    /// let order: Vec<&str> = pools.pools().iter().map(|p| *p.label()).collect();
    /// assert_eq!(order, ["C", "A"]);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn pools(&self) -> &[PoolHashrate<L>] {
        &self.pools
    }

    /// Blocks without a label (unknown miner).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Simultaneity, Window, per_pool};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600, 1_200, 1_800], &[6e20; 4])?;
    /// let labels: [Option<&str>; 3] = [None, Some("A"), None];
    /// let pools = per_pool(
    ///     &wt,
    ///     Window::heights(0, 3)?,
    ///     &labels,
    ///     ConfidenceLevel::P95,
    ///     Simultaneity::Individual,
    /// )?;
    /// assert_eq!(pools.unlabelled(), 2);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn unlabelled(&self) -> u32 {
        self.unlabelled
    }

    /// The network's work-time exposure `E` (seconds per hash).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Simultaneity, Window, per_pool};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600, 1_200], &[6e20; 3])?;
    /// let pools = per_pool(
    ///     &wt,
    ///     Window::heights(0, 2)?,
    ///     &[Some("A"), Some("B")],
    ///     ConfidenceLevel::P95,
    ///     Simultaneity::Individual,
    /// )?;
    /// // E = S = 1 200 s over 6e20 hashes per block.
    /// assert!((pools.exposure() - 1_200.0 / 6e20).abs() < 1e-30);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn exposure(&self) -> f64 {
        self.exposure
    }

    /// The family level requested (each interval's own level is in its [`Estimate`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{per_pool, Simultaneity, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600, 1_200], &[6e20; 3])?;
    /// let labels = [Some("A"), Some("B")];
    /// let w = Window::heights(0, 2)?;
    /// let pools = per_pool(&wt, w, &labels, ConfidenceLevel::P90, Simultaneity::Bonferroni)?;
    /// assert_eq!(pools.level(), ConfidenceLevel::P90); // the family level
    /// assert!(pools.pools()[0].estimate().level() > ConfidenceLevel::P90); // each interval's own
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// Individual or simultaneous intervals.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Simultaneity, Window, per_pool};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600, 1_200], &[6e20; 3])?;
    /// let pools = per_pool(
    ///     &wt,
    ///     Window::heights(0, 2)?,
    ///     &[Some("A"), Some("B")],
    ///     ConfidenceLevel::P95,
    ///     Simultaneity::Bonferroni,
    /// )?;
    /// assert_eq!(pools.simultaneity(), Simultaneity::Bonferroni);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn simultaneity(&self) -> Simultaneity {
        self.simultaneity
    }
}

/// Each pool's hashrate over a block window: its `k` blocks over the network's work-time
/// exposure `E = S`, with Garwood's exact Poisson interval.
///
/// # Method
///
/// ```text
/// k ~ Poisson(h·E)    (a pool of hashrate h finds blocks at rate h/W(t))
/// ĥ = k/E,   h ∈ [½χ²(α/2; 2k), ½χ²(1−α/2; 2k+2)] / E      (Bonferroni: α → α/K)
/// ```
///
/// No network-hashrate estimate is needed, and `share × network` equals `k/E` identically;
/// multiplying a share interval by a network interval would be far too wide (SCIENCE.md §4.2).
///
/// `labels` yields one `Option<L>` (or `&Option<L>`, so a slice `&[Option<L>]` works directly)
/// per counted block, heights `from + 1 ..= to` in order: plain pool names, or any attribution
/// type mapped to a label. `None` is an unknown miner.
///
/// # Errors
///
/// [`HashrateError::LabelCountMismatch`] if the labels are not exactly one per block, and the
/// window errors of [`Window::block_range`] and [`HashrateError::NonPositiveWorkTime`].
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{Simultaneity, Window, per_pool};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=10).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 11])?;
/// let labels = ["A", "B", "A", "A", "C", "A", "B", "A", "A", "B"].map(Some);
/// let pools = per_pool(
///     &wt,
///     Window::heights(0, 10)?,
///     &labels,
///     ConfidenceLevel::P95,
///     Simultaneity::Bonferroni,
/// )?;
/// // An iterator of labels works too (e.g. mapped from attributions).
/// let same = per_pool(
///     &wt,
///     Window::heights(0, 10)?,
///     labels.iter().copied(),
///     ConfidenceLevel::P95,
///     Simultaneity::Bonferroni,
/// )?;
/// assert_eq!(pools, same);
/// let top = &pools.pools()[0];
/// assert_eq!(*top.label(), "A");
/// assert_eq!(top.estimate().blocks(), 6);
/// assert!((top.estimate().value().to_ehs() - 0.6).abs() < 1e-12);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
///
/// # References
///
/// SCIENCE.md §4.2–4.3; Garwood (1936).
pub fn per_pool<L, I>(
    wt: &WorkTime,
    window: Window,
    labels: I,
    level: ConfidenceLevel,
    simultaneity: Simultaneity,
) -> Result<PoolHashrates<L>, HashrateError>
where
    L: Eq + Hash + Clone,
    I: IntoIterator,
    I::Item: Borrow<Option<L>>,
{
    let sums = window.sums(wt)?;
    let (from, to, n) = (sums.from_height(), sums.to_height(), sums.intervals());
    let mut index: HashMap<L, usize> = HashMap::new();
    let mut counts: Vec<(L, u32)> = Vec::new();
    let mut seen = 0usize;
    let mut unlabelled = 0u32;
    for label in labels {
        seen += 1;
        match label.borrow() {
            None => unlabelled += 1,
            Some(l) => match index.get(l) {
                Some(&i) => {
                    if let Some(c) = counts.get_mut(i) {
                        c.1 += 1;
                    }
                }
                None => {
                    index.insert(l.clone(), counts.len());
                    counts.push((l.clone(), 1));
                }
            },
        }
    }
    if seen != n as usize {
        return Err(HashrateError::LabelCountMismatch { labels: seen, blocks: n, from, to });
    }
    let e = positive_work_time(from, to, sums.work_time())?;
    let each = match simultaneity {
        Simultaneity::Individual => level,
        Simultaneity::Bonferroni => level.bonferroni(counts.len()),
    };
    // Stable sort keeps first-appearance order among ties.
    counts.sort_by_key(|c| core::cmp::Reverse(c.1));
    let mut pools = Vec::with_capacity(counts.len());
    for (label, k) in counts {
        let (lo, hi) = garwood(k, each)?;
        let value = hashrate(f64::from(k) / e, "pool point estimate")?;
        let interval =
            ordered(hashrate(lo / e, "lower bound")?, hashrate(hi / e, "upper bound")?, each);
        pools.push(PoolHashrate {
            label,
            estimate: Estimate::new(value, interval, Method::PerPool, from, to, k, e),
        });
    }
    Ok(PoolHashrates { pools, unlabelled, exposure: e, level, simultaneity })
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "tests index known-length fixtures")]
mod tests {
    use super::*;

    #[test]
    fn bonferroni_widens_and_counts_must_match() {
        let times: Vec<i64> = (0..=6).map(|i| i * 600).collect();
        let wt = WorkTime::from_parts(0, &times, &[6e20; 7]).unwrap();
        let w = Window::heights(0, 6).unwrap();
        let labels = vec![Some(1u8), Some(2), None, Some(1), Some(3), Some(1)];
        let ind = per_pool(&wt, w, labels.clone(), ConfidenceLevel::P95, Simultaneity::Individual)
            .unwrap();
        let bon = per_pool(&wt, w, labels, ConfidenceLevel::P95, Simultaneity::Bonferroni).unwrap();
        assert_eq!(ind.unlabelled(), 1);
        assert_eq!(ind.pools().len(), 3);
        let (a, b) = (ind.pools()[0].estimate(), bon.pools()[0].estimate());
        assert!(b.interval().high() > a.interval().high());
        assert!(b.interval().low() < a.interval().low());
        assert!(matches!(
            per_pool(&wt, w, vec![Some(1u8); 5], ConfidenceLevel::P95, Simultaneity::Individual),
            Err(HashrateError::LabelCountMismatch { labels: 5, blocks: 6, .. })
        ));
    }
}
