use super::Direction;

/// An online change detector fed one normalised work-time `v = r0·u` per block.
///
/// Before a change `v ~ Exp(1)`; after a change by ratio `ρ`, `v ~ Exp(ρ)`. Build `v` with
/// [`Baseline::normalise`](super::Baseline::normalise) (or feed a block's time and work through
/// [`Baseline::normalise_block`](super::Baseline::normalise_block)).
///
/// After an alarm the detector restarts from its initial state, so repeated alarms on an
/// in-control stream are the renewal process whose mean gap is the ARL0 it was calibrated for.
///
/// Non-finite inputs are ignored (they do not count as blocks). Negative inputs — produced by
/// timestamps that go backwards — are used as they are: every statistic here is a function of
/// window sums of `v`, in which the interior timestamp errors telescope away (SCIENCE.md §2.3).
pub trait Detector {
    /// Feeds one block's normalised work-time; returns the alarm if this block raises one.
    fn update(&mut self, v: f64) -> Option<Alarm>;

    /// The current detection statistic (log-likelihood-ratio scale for CUSUM/GLR, posterior
    /// probability for BOCPD).
    fn statistic(&self) -> f64;

    /// Blocks fed since the start or the last alarm/reset.
    fn blocks_seen(&self) -> u64;

    /// Restarts from the initial state.
    fn reset(&mut self);
}

/// An alarm raised by an online [`Detector`].
///
/// Positions count blocks fed since the detector's start or last alarm, starting at 1.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Alarm {
    pub(crate) at: u64,
    pub(crate) onset: u64,
    pub(crate) direction: Direction,
    pub(crate) ratio: f64,
    pub(crate) statistic: f64,
}

impl Alarm {
    /// Position of the block that raised the alarm (1 = the first block fed).
    pub fn at(&self) -> u64 {
        self.at
    }

    /// The detector's estimate of the first post-change block's position (the block after
    /// the statistic's last reset, or the GLR's argmax window start).
    pub fn onset(&self) -> u64 {
        self.onset
    }

    /// Whether the alarm is for a drop or a rise.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The detector's rate-ratio at the alarm (the design ratio of the CUSUM that fired, or
    /// the GLR's maximum-likelihood ratio). Selection-biased: report the size from
    /// [`change_size`](super::ratio::change_size) on data after the alarm instead.
    pub fn ratio(&self) -> f64 {
        self.ratio
    }

    /// The statistic's value at the alarm.
    pub fn statistic(&self) -> f64 {
        self.statistic
    }
}
