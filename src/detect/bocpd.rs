use std::collections::VecDeque;

use super::detector::{Alarm, Detector};
use super::{DetectError, Direction, FalseAlarmTarget, montecarlo};

/// Configuration of [`Bocpd`].
///
/// # Examples
///
/// ```
/// use minerscope::detect::{Bocpd, BocpdConfig, DetectError};
///
/// let config = BocpdConfig::default();
/// // Prior mean a0/b0 = 1: a new run is centred on the baseline rate.
/// assert_eq!(config.prior_shape / config.prior_rate, 1.0);
/// assert_eq!(config.hazard, 1.0 / 20_000.0);
/// let bad = BocpdConfig { hazard: 1.5, ..config };
/// assert!(matches!(Bocpd::with_threshold(bad, 0.9), Err(DetectError::InvalidParameter { name: "bocpd hazard", .. })));
/// let bad = BocpdConfig { recent: 1000, ..config }; // longer than max_run = 720
/// assert!(Bocpd::with_threshold(bad, 0.9).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BocpdConfig {
    /// Prior shape `a0` of the normalised rate in a new run (Gamma(a0, b0)).
    pub prior_shape: f64,
    /// Prior rate `b0`; `a0/b0` is the prior mean of the normalised rate (1 = the baseline).
    pub prior_rate: f64,
    /// Constant hazard: prior probability of a change at each block.
    pub hazard: f64,
    /// Run lengths tracked explicitly; longer runs share one tail bucket.
    ///
    /// A change must be detected within `max_run` blocks: after that its run joins the tail,
    /// whose predictive follows the most recent blocks, and the evidence for the change is
    /// lost. Keep `max_run` several times the delay expected for the smallest change of
    /// interest (the default 720 detects a halving or doubling within ~60 blocks; with 100 and
    /// the default prior and hazard even a doubling can go undetected).
    pub max_run: u32,
    /// "Recent" horizon: the statistic is `P(run length ≤ recent)`.
    pub recent: u32,
}

impl BocpdConfig {
    /// The largest accepted [`max_run`](Self::max_run): 2^20 run lengths (about 20 years of
    /// blocks). Each block costs O(`max_run`), and the tables are allocated up front.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Bocpd, BocpdConfig, DetectError};
    ///
    /// let config = BocpdConfig { max_run: BocpdConfig::MAX_RUN + 1, ..BocpdConfig::default() };
    /// assert!(matches!(
    ///     Bocpd::with_threshold(config, 0.5),
    ///     Err(DetectError::InvalidParameter { name: "bocpd max_run", .. })
    /// ));
    /// ```
    pub const MAX_RUN: u32 = 1 << 20;
}

impl Default for BocpdConfig {
    /// Prior Gamma(10, 10) (rate within about ±30 % of the baseline), hazard 1/20 000
    /// (SCIENCE.md §6.4), 720 explicit run lengths (5 days), recent = 720.
    fn default() -> Self {
        BocpdConfig {
            prior_shape: 10.0,
            prior_rate: 10.0,
            hazard: 1.0 / 20_000.0,
            max_run: 720,
            recent: 720,
        }
    }
}

/// Bayesian online change-point detection (Adams & MacKay 2007) with the conjugate
/// Gamma–exponential model (SCIENCE.md §6.4).
///
/// The run-length posterior `P(r_t | v_{1:t})` is propagated exactly for run lengths up to
/// `max_run`; all longer runs are kept, with their total mass, in one **tail bucket** whose
/// predictive uses the posterior of the last `max_run + 1` blocks (with hundreds of blocks
/// that posterior is already sharp, so the approximation is in the predictive only and no
/// probability mass is ever discarded — hard truncation caused false alarms in SCIENCE's
/// tests). Per run the predictive is Lomax: `π(v | a, b) = a·b^a/(b+v)^{a+1}`.
///
/// The statistic is the posterior probability that a change happened within the last
/// `recent` blocks; the alarm threshold `p*` is calibrated by simulation against the ARL0
/// ([`Bocpd::calibrate`]). Negative work-times (backwards timestamps) are clamped at 0 — the
/// Lomax density needs `v ≥ 0`; with tens-of-seconds noise the clamp moves a window's sum
/// by a fraction of a percent.
///
/// Per block the cost is O(`max_run`): one logarithm and one exponential per tracked run (≈ 6 µs per block
/// for the default 720 runs).
///
/// # Examples
///
/// ```
/// use minerscope::detect::{Bocpd, BocpdConfig, Detector, Direction};
///
/// let mut b = Bocpd::with_threshold(BocpdConfig::default(), 0.9)?;
/// for _ in 0..500 {
///     b.update(1.0);
/// }
/// // Work-times twice as long: the rate halved.
/// let alarm = (0..500).find_map(|_| b.update(2.0)).expect("found");
/// assert_eq!(alarm.direction(), Direction::Drop);
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Bocpd {
    config: BocpdConfig,
    threshold: f64,
    /// Per explicit run (index = run length): (mass, b, ln b).
    runs: VecDeque<(f64, f64, f64)>,
    /// Tail bucket: (mass, b, ln b) over the last `max_run + 1` blocks.
    tail: Option<(f64, f64, f64)>,
    ln_a: Vec<f64>,
    window: VecDeque<f64>,
    window_sum: f64,
    n: u64,
    stat: f64,
}

impl Bocpd {
    /// A detector with an explicit threshold `p*` in (0, 1).
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidParameter`] for a prior, hazard, horizon or threshold outside
    /// its domain.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Bocpd, BocpdConfig, DetectError, Detector};
    ///
    /// let config = BocpdConfig::default();
    /// let mut b = Bocpd::with_threshold(config, 0.5)?;
    /// assert_eq!(b.threshold(), 0.5);
    /// // In control, nothing for a while; then blocks found in half the time (a doubled rate).
    /// assert!((0..300).all(|_| b.update(1.0).is_none()));
    /// let alarm = (0..300).find_map(|_| b.update(0.5)).expect("found");
    /// assert_eq!(alarm.direction(), minerscope::detect::Direction::Rise);
    /// assert!(matches!(Bocpd::with_threshold(config, 1.0), Err(DetectError::InvalidParameter { name: "bocpd threshold", .. })));
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn with_threshold(config: BocpdConfig, threshold: f64) -> Result<Self, DetectError> {
        let bad =
            |name, value: f64, reason| Err(DetectError::InvalidParameter { name, value, reason });
        if !(config.prior_shape.is_finite() && config.prior_shape > 0.0) {
            return bad("bocpd prior shape", config.prior_shape, "must be finite and positive");
        }
        if !(config.prior_rate.is_finite() && config.prior_rate > 0.0) {
            return bad("bocpd prior rate", config.prior_rate, "must be finite and positive");
        }
        if !(config.hazard > 0.0 && config.hazard < 1.0) {
            return bad("bocpd hazard", config.hazard, "must be in (0, 1)");
        }
        if config.max_run < 2
            || config.max_run > BocpdConfig::MAX_RUN
            || config.recent > config.max_run
        {
            return bad(
                "bocpd max_run",
                f64::from(config.max_run),
                "need 2 ≤ max_run ≤ 2^20 and recent ≤ max_run",
            );
        }
        if !(threshold > 0.0 && threshold < 1.0) {
            return bad("bocpd threshold", threshold, "must be in (0, 1)");
        }
        let ln_a =
            (0..=config.max_run + 1).map(|l| (config.prior_shape + f64::from(l)).ln()).collect();
        let mut d = Bocpd {
            config,
            threshold,
            runs: VecDeque::with_capacity(config.max_run as usize + 2),
            tail: None,
            ln_a,
            window: VecDeque::with_capacity(config.max_run as usize + 2),
            window_sum: 0.0,
            n: 0,
            stat: 0.0,
        };
        d.reset();
        Ok(d)
    }

    /// A detector whose threshold is calibrated by simulation to `target` (`runs`
    /// replications; relative s.e. of the ARL0 ≈ `1/√runs`).
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidParameter`] if `runs` is 0, else as [`Bocpd::with_threshold`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Bocpd, BocpdConfig, FalseAlarmTarget};
    ///
    /// // A small configuration so the simulation is quick (100 replications).
    /// let config = BocpdConfig { max_run: 50, recent: 50, ..BocpdConfig::default() };
    /// let target = FalseAlarmTarget::blocks(200.0)?;
    /// let b = Bocpd::calibrated(config, target, 100, 1)?;
    /// assert_eq!(b.threshold(), Bocpd::calibrate(config, target, 100, 1)?);
    /// assert!(b.threshold() > 0.0 && b.threshold() < 1.0);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn calibrated(
        config: BocpdConfig,
        target: FalseAlarmTarget,
        runs: u64,
        seed: u64,
    ) -> Result<Self, DetectError> {
        let p = Self::calibrate(config, target, runs, seed)?;
        Self::with_threshold(config, p)
    }

    /// The threshold `p*` giving `config` the in-control ARL0 `target`, by seeded simulation.
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidParameter`] if `runs` is 0, else as [`Bocpd::with_threshold`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Bocpd, BocpdConfig, FalseAlarmTarget};
    ///
    /// let config = BocpdConfig { max_run: 50, recent: 50, ..BocpdConfig::default() };
    /// let p = |arl0| Bocpd::calibrate(config, FalseAlarmTarget::blocks(arl0)?, 100, 1);
    /// // Fewer false alarms need a higher posterior probability to alarm.
    /// assert!(p(500.0)? > p(200.0)?);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn calibrate(
        config: BocpdConfig,
        target: FalseAlarmTarget,
        runs: u64,
        seed: u64,
    ) -> Result<f64, DetectError> {
        montecarlo::check_runs(runs)?;
        let proto = Self::with_threshold(config, 0.5)?;
        // Work on the logit scale so the bisection resolves thresholds close to 1.
        let p = montecarlo::simulate_threshold(
            || {
                let mut d = proto.clone();
                move |v| {
                    d.step(v);
                    let s = d.stat.clamp(1e-300, 1.0 - 1e-16);
                    (s / (1.0 - s)).ln() + 40.0
                }
            },
            target.arl0_blocks(),
            runs,
            seed,
            // Thresholds up to p* = 1 − 6·10⁻⁶ (logit 12) are searched.
            52.0,
            1.0,
        );
        let x = p - 40.0;
        Ok((1.0 / (1.0 + (-x).exp())).clamp(1e-12, 1.0 - 1e-12))
    }

    /// The alarm threshold `p*`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Bocpd, BocpdConfig};
    ///
    /// assert_eq!(Bocpd::with_threshold(BocpdConfig::default(), 0.99)?.threshold(), 0.99);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The posterior probability of each explicit run length (index = run length: how many
    /// of the blocks fed so far belong to the current regime), followed by the tail bucket's
    /// mass (every run longer than the blocks tracked).
    ///
    /// After `n` blocks since the start or the last alarm/[`reset`](Detector::reset) there are
    /// `min(n, max_run) + 2` entries: run lengths `0..=min(n, max_run)`, then the tail. Right
    /// after a reset (and after every alarm, which resets) that is two entries,
    /// `[hazard, 1 − hazard]`: no block has been seen, so run length 0 — a change before the
    /// next block — has its prior probability, and the tail holds the long-running baseline
    /// the detector restarts from. That is the in-control steady state: after any in-control
    /// block, run length 0 again holds the hazard. The posterior that raised an alarm is not
    /// kept; the [`Alarm`] carries what was read from it.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Bocpd, BocpdConfig, Detector};
    ///
    /// let config = BocpdConfig { max_run: 100, recent: 100, ..BocpdConfig::default() };
    /// let mut b = Bocpd::with_threshold(config, 0.9)?;
    /// assert_eq!(b.run_length_posterior(), vec![config.hazard, 1.0 - config.hazard]);
    /// for _ in 0..10 {
    ///     b.update(1.0);
    /// }
    /// let post = b.run_length_posterior();
    /// // Run lengths 0..=10 and the tail bucket; a probability distribution.
    /// assert_eq!(post.len(), 12);
    /// assert!((post.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    /// // A change at the last block has its prior probability, the hazard.
    /// assert!((post[0] - config.hazard).abs() < 1e-15);
    /// // A change just before the first block is possible too.
    /// assert!(post[10] > 0.0);
    /// // In control, almost all mass stays on "no change for a long time".
    /// assert!(post[11] > 0.99);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn run_length_posterior(&self) -> Vec<f64> {
        self.runs.iter().map(|r| r.0).chain(self.tail.map(|t| t.0)).collect()
    }

    /// The tail bucket's `b`: prior rate plus the last `max_run + 1` work-times, the missing
    /// ones (right after a reset) filled with the baseline's mean 1 — the reset starts from
    /// "the baseline regime has been running for a long time".
    fn tail_rate_sum(&self) -> f64 {
        let missing = (self.config.max_run as usize + 1).saturating_sub(self.window.len());
        self.config.prior_rate + self.window_sum.max(0.0) + missing as f64
    }

    /// Starts as if the baseline regime has been running for a long time — the in-control
    /// steady state: run length 0 (a change before the next block, with no data yet) holds its
    /// prior mass, the hazard, exactly as after every in-control block; the tail bucket, whose
    /// predictive is centred on the baseline (`tail_rate_sum`), holds the rest.
    ///
    /// (Giving run length 0 no mass would make a change at the first block after a reset
    /// impossible forever: that run could never gain mass, and such a change would be dated
    /// one block late.)
    fn restart_posterior(&mut self) {
        let b0 = self.config.prior_rate;
        let h = self.config.hazard;
        self.runs.clear();
        self.runs.push_front((h, b0, b0.ln()));
        let b = self.tail_rate_sum();
        self.tail = Some((1.0 - h, b, b.ln()));
        self.stat = self.recent_mass();
    }

    /// The statistic `P(run length ≤ recent)`.
    fn recent_mass(&self) -> f64 {
        let recent = self.config.recent as usize;
        self.runs.iter().take(recent + 1).map(|r| r.0).sum::<f64>().clamp(0.0, 1.0)
    }

    fn step(&mut self, v: f64) {
        let v = v.max(0.0);
        self.n += 1;
        let a0 = self.config.prior_shape;
        let h = self.config.hazard;
        let mut cp = 0.0f64;
        // Growth: every run's mass times its Lomax predictive, stats updated with v. Masses
        // are kept linear and renormalised every block (two transcendentals per run).
        for (l, run) in self.runs.iter_mut().enumerate() {
            let a = a0 + l as f64;
            let ln_a = self.ln_a.get(l).copied().unwrap_or(a.ln());
            let b_new = run.1 + v;
            let ln_b_new = b_new.ln();
            let m = run.0 * (ln_a + a * run.2 - (a + 1.0) * ln_b_new).exp();
            cp += m;
            *run = (m * (1.0 - h), b_new, ln_b_new);
        }
        if let Some(t) = self.tail.as_mut() {
            let a = a0 + f64::from(self.config.max_run) + 1.0;
            let ln_a = self.ln_a.last().copied().unwrap_or(a.ln());
            let ln_b_new = (t.1 + v).ln();
            let m = t.0 * (ln_a + a * t.2 - (a + 1.0) * ln_b_new).exp();
            cp += m;
            t.0 = m * (1.0 - h);
        }
        // The tail's window slides: it always holds the last max_run + 1 blocks.
        self.window.push_back(v);
        self.window_sum += v;
        if self.window.len() > self.config.max_run as usize + 1 {
            self.window_sum -= self.window.pop_front().unwrap_or(0.0);
        }
        // The longest explicit run graduates into the tail bucket (its mass is kept).
        if self.runs.len() > self.config.max_run as usize {
            if let Some(old) = self.runs.pop_back() {
                let merged = self.tail.map_or(old.0, |t| t.0 + old.0);
                let b = self.tail_rate_sum();
                self.tail = Some((merged, b, b.ln()));
            }
        } else {
            let b = self.tail_rate_sum();
            if let Some(t) = self.tail.as_mut() {
                *t = (t.0, b, b.ln());
            }
        }
        let b0 = self.config.prior_rate;
        self.runs.push_front((cp * h, b0, b0.ln()));
        // Normalise.
        let total: f64 =
            self.runs.iter().map(|r| r.0).sum::<f64>() + self.tail.map_or(0.0, |t| t.0);
        if total.is_finite() && total > 0.0 {
            self.runs.iter_mut().for_each(|r| r.0 /= total);
            if let Some(t) = self.tail.as_mut() {
                t.0 /= total;
            }
        } else {
            // Every predictive underflowed (an absurd input): restart from the prior state.
            self.restart_posterior();
        }
        self.stat = self.recent_mass();
    }
}

impl Detector for Bocpd {
    fn update(&mut self, v: f64) -> Option<Alarm> {
        if !v.is_finite() {
            return None;
        }
        self.step(v);
        if self.stat < self.threshold {
            return None;
        }
        // The most probable recent run: its start is the onset, its posterior mean rate the
        // ratio.
        let recent = self.config.recent as usize;
        let (len, b) = self
            .runs
            .iter()
            .enumerate()
            .take(recent + 1)
            .skip(1)
            .max_by(|x, y| x.1.0.total_cmp(&y.1.0))
            .map_or((1, self.config.prior_rate), |(l, r)| (l, r.1));
        let ratio = (self.config.prior_shape + len as f64) / b;
        let alarm = Alarm {
            at: self.n,
            onset: (self.n + 1).saturating_sub(len as u64),
            direction: if ratio < 1.0 { Direction::Drop } else { Direction::Rise },
            ratio,
            statistic: self.stat,
        };
        self.reset();
        Some(alarm)
    }

    fn statistic(&self) -> f64 {
        self.stat
    }

    fn blocks_seen(&self) -> u64 {
        self.n
    }

    fn reset(&mut self) {
        self.window.clear();
        self.window_sum = 0.0;
        self.n = 0;
        self.restart_posterior();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Result = core::result::Result<(), DetectError>;

    fn small() -> BocpdConfig {
        BocpdConfig { max_run: 60, recent: 60, ..BocpdConfig::default() }
    }

    #[test]
    fn the_posterior_right_after_a_reset_is_the_in_control_steady_state() -> Result {
        let config = small();
        let h = config.hazard;
        let mut b = Bocpd::with_threshold(config, 0.9)?;
        // Fresh: run length 0 (a change before the next block) has its prior mass, the hazard;
        // everything else is the long-running baseline in the tail bucket.
        assert_eq!(b.run_length_posterior(), vec![h, 1.0 - h]);
        assert_eq!(b.statistic(), h);
        // Long in control: run length 0 still holds exactly the hazard, as right after a reset.
        for _ in 0..500 {
            assert!(b.update(1.0).is_none());
        }
        let post = b.run_length_posterior();
        assert_eq!(post.len(), config.max_run as usize + 2);
        assert!((post.first().copied().unwrap_or(0.0) - h).abs() < 1e-15);
        // After an alarm the detector restarts in that same state.
        let alarm = (0..500).find_map(|_| b.update(4.0));
        assert!(alarm.is_some());
        assert_eq!(b.run_length_posterior(), vec![h, 1.0 - h]);
        b.update(1.0);
        b.reset();
        assert_eq!(b.run_length_posterior(), vec![h, 1.0 - h]);
        assert_eq!(b.blocks_seen(), 0);
        Ok(())
    }

    #[test]
    fn every_run_length_since_the_reset_keeps_posterior_mass() -> Result {
        let mut b = Bocpd::with_threshold(small(), 0.9)?;
        for k in 1..=20 {
            b.update(1.0);
            let post = b.run_length_posterior();
            // Run lengths 0..=k and the tail.
            assert_eq!(post.len(), k + 2);
            // The run that started with the first block after the reset (length k) is possible.
            assert!(post.get(k).is_some_and(|&m| m > 0.0), "run length {k}: {post:?}");
            assert!((post.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
        Ok(())
    }

    #[test]
    fn a_change_at_the_first_block_after_a_reset_is_dated_to_block_1() -> Result {
        let mut b = Bocpd::with_threshold(small(), 0.9)?;
        // Work-times four times the baseline from the very first block: the rate fell to 1/4.
        let alarm = (0..200).find_map(|_| b.update(4.0)).ok_or(DetectError::InvalidParameter {
            name: "test",
            value: 0.0,
            reason: "no alarm",
        })?;
        assert_eq!(alarm.direction(), Direction::Drop);
        assert_eq!(alarm.onset(), 1, "alarm at block {}", alarm.at());
        Ok(())
    }
}
