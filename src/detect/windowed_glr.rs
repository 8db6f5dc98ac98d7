use std::collections::VecDeque;

use super::detector::{Alarm, Detector};
use super::{DetectError, Direction, FalseAlarmTarget, montecarlo};

/// Which post-change window lengths the GLR scans.
///
/// # Examples
///
/// ```
/// use minerscope::detect::{Direction, WindowGrid, WindowedGlrConfig};
///
/// let mut config = WindowedGlrConfig::default_for(Direction::Drop);
/// config.window = 100;
/// config.grid = WindowGrid::Exact;
/// assert_eq!(config.lengths()?, (10..=100).collect::<Vec<u32>>());
/// // Doubling lengths: 10, 20, 40, 80, then the window itself.
/// config.grid = WindowGrid::Geometric { ratio: 2.0 };
/// assert_eq!(config.lengths()?, [10, 20, 40, 80, 100]);
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum WindowGrid {
    /// Every length `min_window ..= window`: the exact windowed GLR, O(window) per block.
    Exact,
    /// Lengths `min_window·q^k` (rounded, deduplicated) up to `window`: O(log window) per
    /// block. The best window is matched to within a factor `q`, which costs a fraction
    /// `≈ (ln q)²/8` of the log-likelihood ratio near the optimum (a few percent of delay
    /// for `q = 1.15`; measured in `tests/detect_eval.rs`).
    Geometric {
        /// Ratio between consecutive lengths, > 1.
        ratio: f64,
    },
}

/// Configuration of a windowed GLR.
///
/// # Examples
///
/// ```
/// use minerscope::detect::{Detector, Direction, WindowGrid, WindowedGlr, WindowedGlrConfig};
///
/// let config = WindowedGlrConfig {
///     direction: Direction::Rise,
///     window: 1000,
///     min_window: 20,
///     grid: WindowGrid::Geometric { ratio: 1.5 },
/// };
/// let mut glr = WindowedGlr::with_threshold(config, 6.0)?;
/// let alarm = (0..5000).find_map(|_| glr.update(0.5)).expect("found");
/// assert_eq!(alarm.direction(), Direction::Rise);
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WindowedGlrConfig {
    /// Direction of change scanned for.
    pub direction: Direction,
    /// Longest post-change window, in blocks.
    pub window: u32,
    /// Shortest post-change window, in blocks. Short windows are dominated by the two
    /// endpoint timestamps' noise; 10 blocks keeps that effect small.
    pub min_window: u32,
    /// The window lengths scanned.
    pub grid: WindowGrid,
}

impl WindowedGlrConfig {
    /// The default: windows of 10 to 8064 blocks (four retarget periods) on a geometric grid
    /// with ratio 1.15 (49 lengths).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Direction, WindowGrid, WindowedGlrConfig};
    ///
    /// let config = WindowedGlrConfig::default_for(Direction::Drop);
    /// assert_eq!((config.min_window, config.window), (10, 8064));
    /// assert_eq!(config.grid, WindowGrid::Geometric { ratio: 1.15 });
    /// assert_eq!(config.lengths()?.len(), 49);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn default_for(direction: Direction) -> Self {
        WindowedGlrConfig {
            direction,
            window: 8064,
            min_window: 10,
            grid: WindowGrid::Geometric { ratio: 1.15 },
        }
    }

    /// The largest accepted [`window`](Self::window): 2^20 blocks (about 20 years). The
    /// detector keeps the window's prefix sums, allocated up front.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{DetectError, Direction, WindowedGlrConfig};
    ///
    /// let mut config = WindowedGlrConfig::default_for(Direction::Drop);
    /// config.window = WindowedGlrConfig::MAX_WINDOW + 1;
    /// assert!(matches!(config.lengths(), Err(DetectError::InvalidParameter { name: "glr window", .. })));
    /// ```
    pub const MAX_WINDOW: u32 = 1 << 20;

    /// The window lengths, ascending.
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidParameter`] if `window` is above [`MAX_WINDOW`](Self::MAX_WINDOW),
    /// `min_window` is 0 or above `window`, or the geometric ratio is not finite and above 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{DetectError, Direction, WindowGrid, WindowedGlrConfig};
    ///
    /// let mut config = WindowedGlrConfig::default_for(Direction::Drop);
    /// let lengths = config.lengths()?;
    /// assert_eq!((lengths[0], lengths[lengths.len() - 1]), (10, 8064));
    /// assert!(lengths.windows(2).all(|w| w[0] < w[1]));
    /// config.min_window = 0;
    /// assert!(matches!(config.lengths(), Err(DetectError::InvalidParameter { name: "glr min_window", .. })));
    /// config.min_window = 10;
    /// config.grid = WindowGrid::Geometric { ratio: 1.0 };
    /// assert!(matches!(config.lengths(), Err(DetectError::InvalidParameter { name: "glr grid ratio", .. })));
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn lengths(&self) -> Result<Vec<u32>, DetectError> {
        if self.window > Self::MAX_WINDOW {
            return Err(DetectError::InvalidParameter {
                name: "glr window",
                value: f64::from(self.window),
                reason: "must be at most 2^20 blocks",
            });
        }
        if self.min_window == 0 || self.min_window > self.window {
            return Err(DetectError::InvalidParameter {
                name: "glr min_window",
                value: f64::from(self.min_window),
                reason: "must be in 1..=window",
            });
        }
        match self.grid {
            WindowGrid::Exact => Ok((self.min_window..=self.window).collect()),
            WindowGrid::Geometric { ratio } => {
                if !(ratio.is_finite() && ratio > 1.0) {
                    return Err(DetectError::InvalidParameter {
                        name: "glr grid ratio",
                        value: ratio,
                        reason: "must be finite and above 1",
                    });
                }
                let mut out = Vec::new();
                let mut x = f64::from(self.min_window);
                let ln_ratio = ratio.ln();
                while x < f64::from(self.window) {
                    let m = x.round() as u32;
                    if out.last() != Some(&m) {
                        out.push(m);
                    }
                    // With a ratio close to 1 many steps round to the same length (10^16 of
                    // them for 1 + 2^-52): jump over all but the last one in a single power.
                    let steps = ((f64::from(m) + 0.5) / x).ln() / ln_ratio;
                    x *= if steps > 64.0 { ratio.powf(steps.floor()) } else { ratio };
                }
                if out.last() != Some(&self.window) {
                    out.push(self.window);
                }
                Ok(out)
            }
        }
    }
}

/// Offline calibration of the default drop GLR: `(ARL0 blocks, threshold g)`, from
/// [`WindowedGlr::calibrate`] (seed 2024; 2000 replications below ARL0 = 10 000, 800 above; the
/// Monte-Carlo s.e. of ARL0 at the tabulated g is ≈ 2.2–3.5 %). Interpolated linearly in
/// `ln ARL0` (g is close to linear in it) and extrapolated with the end slopes.
const DROP_WINDOWED_GLR_TABLE: [(f64, f64); 7] = [
    (200.0, 2.2998),
    (500.0, 3.3554),
    (1000.0, 4.1740),
    (2016.0, 4.9870),
    (4320.0, 5.8536),
    (10_000.0, 6.7427),
    (52_560.0, 8.6999),
];

/// As [`DROP_WINDOWED_GLR_TABLE`] for the default rise GLR.
const RISE_WINDOWED_GLR_TABLE: [(f64, f64); 7] = [
    (200.0, 3.1884),
    (500.0, 4.4350),
    (1000.0, 5.3234),
    (2016.0, 6.2301),
    (4320.0, 7.1427),
    (10_000.0, 8.0700),
    (52_560.0, 9.9752),
];

/// Lorden's generalised-likelihood-ratio detector for a change of **unknown** size over a
/// window of candidate change points (SCIENCE.md §6.3):
///
/// ```text
/// G_t = max_{m ∈ lengths} [ m·ln r̂ − (r̂ − 1)·S_m ],  S_m = Σ_{t−m<i≤t} v_i,
/// r̂ = min(1, m/S_m) for drops (max(1, ·) for rises),   alarm when G_t ≥ g
/// ```
///
/// Window sums come from a ring of prefix sums, so a scan costs O(#lengths) per block: with
/// the default geometric grid (49 lengths up to 8064 blocks) a million blocks take well under
/// a second. Windows whose work-time sum is not positive (possible only when timestamps go
/// backwards) carry no information about a rise and are skipped.
///
/// The threshold `g` for a target ARL0 has no closed form; the default configurations use an
/// offline-simulated table (interpolated in `ln ARL0`, checked by simulation in the tests),
/// and any configuration can be calibrated by [`WindowedGlr::calibrate`].
///
/// # Examples
///
/// ```
/// use minerscope::detect::{Detector, Direction, FalseAlarmTarget, WindowedGlr};
///
/// let mut glr = WindowedGlr::new(Direction::Drop, FalseAlarmTarget::blocks(2016.0)?)?;
/// let alarm = (0..5000).find_map(|_| glr.update(1.5)).expect("found");
/// assert!(alarm.ratio() < 0.75);
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WindowedGlr {
    config: WindowedGlrConfig,
    lengths: Vec<u32>,
    g: f64,
    prefix: VecDeque<f64>,
    total: f64,
    n: u64,
    stat: f64,
    best_len: u32,
    best_ratio: f64,
}

impl WindowedGlr {
    /// The default GLR ([`WindowedGlrConfig::default_for`]) calibrated to `target` from the shipped
    /// table.
    ///
    /// # Errors
    ///
    /// Only for an invalid configuration (none for the default).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Direction, FalseAlarmTarget, WindowedGlr, WindowedGlrConfig};
    ///
    /// let glr = WindowedGlr::new(Direction::Drop, FalseAlarmTarget::blocks(2016.0)?)?;
    /// assert_eq!(glr.config(), WindowedGlrConfig::default_for(Direction::Drop));
    /// // The shipped table at ARL0 = 2016: one flat threshold g for every size.
    /// assert_eq!(glr.threshold(), 4.9870);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn new(direction: Direction, target: FalseAlarmTarget) -> Result<Self, DetectError> {
        Self::with_threshold(
            WindowedGlrConfig::default_for(direction),
            table_threshold(direction, target),
        )
    }

    /// A GLR with an explicit threshold `g`.
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidParameter`] for a bad configuration or a threshold that is not
    /// finite and positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{DetectError, Detector, Direction, WindowedGlr, WindowedGlrConfig};
    ///
    /// let config = WindowedGlrConfig::default_for(Direction::Drop);
    /// let mut glr = WindowedGlr::with_threshold(config, 5.0)?;
    /// // Work-times twice the baseline's: ρ̂ = m/S = 0.5 on the best window.
    /// let alarm = (0..1000).find_map(|_| glr.update(2.0)).expect("found");
    /// assert!((alarm.ratio() - 0.5).abs() < 1e-12);
    /// assert!(alarm.statistic() >= 5.0);
    /// assert!(matches!(WindowedGlr::with_threshold(config, f64::NAN), Err(DetectError::InvalidParameter { .. })));
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn with_threshold(config: WindowedGlrConfig, g: f64) -> Result<Self, DetectError> {
        if !(g.is_finite() && g > 0.0) {
            return Err(DetectError::InvalidParameter {
                name: "glr threshold",
                value: g,
                reason: "must be finite and positive",
            });
        }
        let lengths = config.lengths()?;
        let mut prefix = VecDeque::with_capacity(config.window as usize + 2);
        prefix.push_back(0.0);
        Ok(WindowedGlr {
            config,
            lengths,
            g,
            prefix,
            total: 0.0,
            n: 0,
            stat: 0.0,
            best_len: 0,
            best_ratio: 1.0,
        })
    }

    /// Finds by seeded simulation the threshold giving `config` the in-control ARL0
    /// `target` (`runs` replications; relative s.e. of the ARL0 ≈ `1/√runs`).
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidParameter`] if `runs` is 0, else as
    /// [`WindowedGlrConfig::lengths`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Direction, FalseAlarmTarget, WindowGrid, WindowedGlr, WindowedGlrConfig};
    ///
    /// // A small configuration, calibrated quickly (300 replications, s.e. of ARL0 ≈ 6 %).
    /// let config = WindowedGlrConfig {
    ///     direction: Direction::Drop,
    ///     window: 200,
    ///     min_window: 10,
    ///     grid: WindowGrid::Geometric { ratio: 1.5 },
    /// };
    /// let g200 = WindowedGlr::calibrate(config, FalseAlarmTarget::blocks(200.0)?, 300, 1)?;
    /// let g1000 = WindowedGlr::calibrate(config, FalseAlarmTarget::blocks(1000.0)?, 300, 1)?;
    /// // g grows about linearly in ln ARL0: five times fewer false alarms cost > 1 nat.
    /// assert!(g200 > 0.0 && g1000 > g200 + 1.0);
    /// let glr = WindowedGlr::with_threshold(config, g1000)?;
    /// assert_eq!(glr.threshold(), g1000);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn calibrate(
        config: WindowedGlrConfig,
        target: FalseAlarmTarget,
        runs: u64,
        seed: u64,
    ) -> Result<f64, DetectError> {
        montecarlo::check_runs(runs)?;
        let proto = Self::with_threshold(config, 1.0)?;
        let hint = target.arl0_blocks().ln() + 2.0;
        Ok(montecarlo::simulate_threshold(
            || {
                let mut d = proto.clone();
                move |v| d.scan(v)
            },
            target.arl0_blocks(),
            runs,
            seed,
            hint,
            0.6,
        ))
    }

    /// The configuration.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Direction, FalseAlarmTarget, WindowedGlr};
    ///
    /// let glr = WindowedGlr::new(Direction::Rise, FalseAlarmTarget::blocks(2016.0)?)?;
    /// assert_eq!(glr.config().direction, Direction::Rise);
    /// assert_eq!(glr.config().window, 8064);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn config(&self) -> WindowedGlrConfig {
        self.config
    }

    /// The alarm threshold `g`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Direction, FalseAlarmTarget, WindowedGlr};
    ///
    /// let g = |d, arl0| WindowedGlr::new(d, FalseAlarmTarget::blocks(arl0)?).map(|w| w.threshold());
    /// // Rises need a higher flat threshold than drops at the same ARL0 (shipped tables).
    /// assert!(g(Direction::Rise, 2016.0)? > g(Direction::Drop, 2016.0)?);
    /// assert!(g(Direction::Drop, 52_560.0)? > g(Direction::Drop, 2016.0)?);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn threshold(&self) -> f64 {
        self.g
    }

    /// Adds one block and returns the new statistic (no alarm handling).
    pub(crate) fn scan(&mut self, v: f64) -> f64 {
        self.n += 1;
        self.total += v;
        self.prefix.push_back(self.total);
        if self.prefix.len() > self.config.window as usize + 1 {
            self.prefix.pop_front();
        }
        let last = self.prefix.len() - 1;
        let drop = self.config.direction == Direction::Drop;
        let mut best = 0.0f64;
        for &m in &self.lengths {
            let m_us = m as usize;
            if m_us > last {
                break;
            }
            let Some(&start) = self.prefix.get(last - m_us) else { break };
            let s = self.total - start;
            let mf = f64::from(m);
            // r̂ = m/S; the statistic is m·ln r̂ − m + S, non-negative, zero at S = m.
            let informative = if drop { s > mf } else { s > 0.0 && s < mf };
            if informative {
                let g = mf * (mf / s).ln() - mf + s;
                if g > best {
                    best = g;
                    self.best_len = m;
                    self.best_ratio = mf / s;
                }
            }
        }
        self.stat = best;
        best
    }
}

/// The default GLR's tabulated threshold for `target`.
pub(crate) fn table_threshold(direction: Direction, target: FalseAlarmTarget) -> f64 {
    match direction {
        Direction::Drop => extrapolate(&DROP_WINDOWED_GLR_TABLE, target),
        Direction::Rise => extrapolate(&RISE_WINDOWED_GLR_TABLE, target),
    }
}

/// Linear interpolation of `g` in `ln ARL0`, extrapolated with the end segments' slopes.
fn extrapolate(table: &[(f64, f64)], target: FalseAlarmTarget) -> f64 {
    let x = target.arl0_blocks().ln();
    let pts: Vec<(f64, f64)> = table.iter().map(|&(a, g)| (a.ln(), g)).collect();
    let seg = pts
        .windows(2)
        .find(|w| matches!(w, [_, (x1, _)] if x <= *x1))
        .or_else(|| pts.windows(2).last());
    match seg {
        Some([(x0, g0), (x1, g1)]) => (g0 + (g1 - g0) * (x - x0) / (x1 - x0)).max(0.1),
        _ => pts.first().map_or(1.0, |p| p.1),
    }
}

impl Detector for WindowedGlr {
    fn update(&mut self, v: f64) -> Option<Alarm> {
        if !v.is_finite() {
            return None;
        }
        if self.scan(v) >= self.g {
            let alarm = Alarm {
                at: self.n,
                onset: self.n + 1 - u64::from(self.best_len),
                direction: self.config.direction,
                ratio: self.best_ratio,
                statistic: self.stat,
            };
            self.reset();
            return Some(alarm);
        }
        None
    }

    fn statistic(&self) -> f64 {
        self.stat
    }

    fn blocks_seen(&self) -> u64 {
        self.n
    }

    fn reset(&mut self) {
        self.prefix.clear();
        self.prefix.push_back(0.0);
        self.total = 0.0;
        self.n = 0;
        self.stat = 0.0;
        self.best_len = 0;
        self.best_ratio = 1.0;
    }
}
