//! Local-level state-space model on log-hashrate: Kalman filter with the exact exponential
//! likelihood (Laplace update) and the Rauch–Tung–Striebel smoother.

use crate::chain::WorkTime;
use crate::stats::{ConfidenceLevel, quantile};

use super::pivot::{hashrate, ordered, positive_work_time};
use super::window::block_range_error;
use super::{Estimate, HashrateError, Method, Window};

// Blocks per day turn a daily volatility into a per-block one.
use crate::chain::consensus::BLOCKS_PER_DAY;

/// The local-level model `x_k = ln H_k = x_{k−1} + w_k`, `w_k ~ N(0, q)`, observed through
/// the work-times `u_k ~ Exp(e^{x_k})`.
///
/// Deserializing runs [`LocalLevel::new`] and [`LocalLevel::with_initial_variance`], so a stored
/// volatility or initial variance that is not finite and positive is refused.
///
/// # Method
///
/// ```text
/// predict   m⁻ = m,  P⁻ = P + q,            q = σ_day² / 144 per block
/// update    x̂ = argmax  m·x − e^x·s − (x − m⁻)²/(2P⁻)      (m blocks, work-time s; Newton)
///           P  = 1 / (1/P⁻ + e^x̂·s)                         (information 1 per block, R_eff = 1)
/// smooth    G = P_k/(P_k + q),  m^s_k = m_k + G(m^s_{k+1} − m_k),
///           P^s_k = P_k + G²(P^s_{k+1} − P_k − q)            (Rauch–Tung–Striebel)
/// interval  exp(m ± z_{1−α/2}·√P)
/// ```
///
/// Blocks with a non-positive work-time (stamped before their parent) are merged with the next
/// block into one Gamma observation, which keeps the likelihood exact. The filter starts from
/// `N(ln(n/S), P0)` with `S` the window's work-time (a weak prior; `P0 = 1` by default).
///
/// In steady state the filter's relative s.d. is about `q^{1/4}`: 2.9 % at σ_day = 1 %, 6.5 % at
/// 5 % (SCIENCE.md §5.3), better than the best trailing window by about 7 %.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{LocalLevel, Window};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=1000).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 1001])?;
/// let path =
///     LocalLevel::new(0.02)?.run(&wt, Window::heights(0, 1000)?, ConfidenceLevel::P95)?;
/// let last = path.smoothed(1000).expect("in the path");
/// assert!((last.value().to_ehs() - 1.0).abs() < 0.01);
/// assert!(last.interval().contains(&last.value()));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
///
/// # References
///
/// SCIENCE.md §5.3; Durbin & Koopman, *Time Series Analysis by State Space Methods*;
/// Rauch, Tung & Striebel (1965), AIAA J. 3(8):1445–1450.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawLocalLevel"))]
pub struct LocalLevel {
    sigma_per_day: f64,
    initial_variance: f64,
}

/// The serialized fields, checked on the way in by [`LocalLevel::new`] and [`LocalLevel::with_initial_variance`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawLocalLevel {
    sigma_per_day: f64,
    initial_variance: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawLocalLevel> for LocalLevel {
    type Error = HashrateError;

    fn try_from(r: RawLocalLevel) -> Result<Self, HashrateError> {
        LocalLevel::new(r.sigma_per_day)?.with_initial_variance(r.initial_variance)
    }
}

impl LocalLevel {
    /// A model whose log-hashrate random walk has s.d. `sigma_per_day` per day (0.02 = 2 %/day).
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] unless `sigma_per_day` is finite and positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{HashrateError, LocalLevel};
    ///
    /// let model = LocalLevel::new(0.05)?; // 5 % per day
    /// assert_eq!(model.sigma_per_day(), 0.05);
    /// assert!(matches!(LocalLevel::new(0.0), Err(HashrateError::InvalidParameter { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(sigma_per_day: f64) -> Result<Self, HashrateError> {
        if !(sigma_per_day.is_finite() && sigma_per_day > 0.0) {
            return Err(HashrateError::InvalidParameter {
                name: "sigma_per_day",
                value: sigma_per_day,
                reason: "must be finite and positive",
            });
        }
        Ok(LocalLevel { sigma_per_day, initial_variance: 1.0 })
    }

    /// Sets the variance of the initial log-hashrate (default 1).
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] unless finite and positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{LocalLevel, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=50).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 51])?;
    /// let w = Window::heights(0, 50)?;
    /// // A tighter initial variance makes the first filtered state more certain.
    /// let loose = LocalLevel::new(0.02)?.run(&wt, w, ConfidenceLevel::P95)?;
    /// let tight = LocalLevel::new(0.02)?.with_initial_variance(0.01)?.run(
    ///     &wt,
    ///     w,
    ///     ConfidenceLevel::P95,
    /// )?;
    /// assert!(tight.filtered_variance()[0] < loose.filtered_variance()[0]);
    /// assert!(LocalLevel::new(0.02)?.with_initial_variance(f64::NAN).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_initial_variance(mut self, variance: f64) -> Result<Self, HashrateError> {
        if !(variance.is_finite() && variance > 0.0) {
            return Err(HashrateError::InvalidParameter {
                name: "initial_variance",
                value: variance,
                reason: "must be finite and positive",
            });
        }
        self.initial_variance = variance;
        Ok(self)
    }

    /// Daily volatility of log-hashrate.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::LocalLevel;
    ///
    /// assert_eq!(LocalLevel::new(0.02)?.sigma_per_day(), 0.02);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn sigma_per_day(&self) -> f64 {
        self.sigma_per_day
    }

    /// Process-noise variance per block, `σ_day²/144`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::LocalLevel;
    ///
    /// // 2 % per day is (0.02)²/144 of log-variance per block.
    /// assert!((LocalLevel::new(0.02)?.q_per_block() - 0.0004 / 144.0).abs() < 1e-18);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn q_per_block(&self) -> f64 {
        self.sigma_per_day * self.sigma_per_day / BLOCKS_PER_DAY
    }

    /// Filters and smooths over the blocks `from + 1 ..= to` of `window`.
    ///
    /// # Errors
    ///
    /// [`HashrateError::WindowOutOfRange`] / [`HashrateError::InvalidWindow`] for a bad window,
    /// [`HashrateError::NonPositiveWorkTime`] if the window's total work-time is not positive,
    /// [`HashrateError::NonFiniteResult`] if a state or interval bound overflows (extreme works),
    /// so that [`StateSpacePath::filtered`] and [`StateSpacePath::smoothed`] return an estimate
    /// for every height of the path.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{LocalLevel, Method, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=300).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 301])?;
    /// let path = LocalLevel::new(0.02)?.run(
    ///     &wt,
    ///     Window::heights(100, 300)?,
    ///     ConfidenceLevel::P95,
    /// )?;
    /// assert_eq!((path.first_height(), path.len()), (101, 200));
    /// let est = path.filtered(300).expect("in the path");
    /// assert_eq!(est.method(), Method::StateSpace);
    /// assert!(est.interval().contains(&minerscope::units::Hashrate::from_ehs(1.0)?));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn run(
        &self,
        wt: &WorkTime,
        window: Window,
        level: ConfidenceLevel,
    ) -> Result<StateSpacePath, HashrateError> {
        let (from, to) = window.block_range(wt)?;
        let sums = wt.window(from, to).ok_or_else(|| block_range_error(wt, from, to))?;
        let total = positive_work_time(from, to, sums.work_time())?;
        let a = usize::try_from(from - wt.start_height()).unwrap_or(usize::MAX);
        let b = usize::try_from(to - wt.start_height()).unwrap_or(usize::MAX);
        let u = wt.intervals().get(a..b).ok_or_else(|| block_range_error(wt, from, to))?;
        let q = self.q_per_block();
        let len = u.len();
        let mut mean = Vec::with_capacity(len);
        let mut var = Vec::with_capacity(len);
        let mut cumulative = Vec::with_capacity(len);
        let mut cum = 0.0;
        let mut m = (f64::from(sums.intervals()) / total).ln();
        let mut p = self.initial_variance;
        let (mut pending_n, mut pending_s) = (0.0f64, 0.0f64);
        for &ui in u {
            p += q;
            pending_n += 1.0;
            pending_s += ui;
            cum += ui;
            cumulative.push(cum);
            if pending_s > 0.0 {
                let x = laplace_update(m, p, pending_n, pending_s);
                p = 1.0 / (1.0 / p + x.exp() * pending_s);
                m = x;
                pending_n = 0.0;
                pending_s = 0.0;
            }
            mean.push(m);
            var.push(p);
        }
        let (smean, svar) = rts_smooth(&mean, &var, q);
        let z = quantile::standard_normal(level.upper_tail())?;
        // exp(m ± z√P) must be representable at every block, filtered and smoothed alike.
        for (m, p) in mean.iter().zip(&var).chain(smean.iter().zip(&svar)) {
            let high = (m + z * p.max(0.0).sqrt()).exp();
            if !(m.is_finite() && p.is_finite() && high.is_finite()) {
                return Err(HashrateError::NonFiniteResult {
                    what: "state-space upper bound",
                    value: high,
                });
            }
        }
        Ok(StateSpacePath {
            from_height: from,
            level,
            z,
            filtered_mean: mean,
            filtered_var: var,
            smoothed_mean: smean,
            smoothed_var: svar,
            cumulative_work_time: cumulative,
        })
    }
}

/// Maximises `n·x − e^x·s − (x − m)²/(2p)` (strictly concave) by Newton's method with steps
/// capped at 1 in log space.
fn laplace_update(m: f64, p: f64, n: f64, s: f64) -> f64 {
    let mut x = m;
    for _ in 0..100 {
        let ex = x.exp() * s;
        let score = n - ex - (x - m) / p;
        let info = ex + 1.0 / p;
        let step = (score / info).clamp(-1.0, 1.0);
        x += step;
        if step.abs() < 1e-12 {
            break;
        }
    }
    x
}

fn rts_smooth(mean: &[f64], var: &[f64], q: f64) -> (Vec<f64>, Vec<f64>) {
    let mut sm = mean.to_vec();
    let mut sv = var.to_vec();
    for k in (0..mean.len().saturating_sub(1)).rev() {
        if let (Some(&mk), Some(&pk), Some(&ms1), Some(&ps1)) =
            (mean.get(k), var.get(k), sm.get(k + 1), sv.get(k + 1))
        {
            let g = pk / (pk + q);
            if let Some(slot) = sm.get_mut(k) {
                *slot = mk + g * (ms1 - mk);
            }
            if let Some(slot) = sv.get_mut(k) {
                *slot = pk + g * g * (ps1 - pk - q);
            }
        }
    }
    (sm, sv)
}

/// The filtered and smoothed log-hashrate path of a [`LocalLevel`] run, one state per block.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{LocalLevel, Window};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=200).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 201])?;
/// let path =
///     LocalLevel::new(0.02)?.run(&wt, Window::heights(0, 200)?, ConfidenceLevel::P95)?;
/// // The smoother uses later blocks too, so it is never less certain than the filter.
/// let pairs = path.smoothed_variance().iter().zip(path.filtered_variance());
/// assert!(pairs.into_iter().all(|(s, f)| *s <= *f + 1e-15));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StateSpacePath {
    from_height: u32,
    level: ConfidenceLevel,
    z: f64,
    filtered_mean: Vec<f64>,
    filtered_var: Vec<f64>,
    smoothed_mean: Vec<f64>,
    smoothed_var: Vec<f64>,
    cumulative_work_time: Vec<f64>,
}

impl StateSpacePath {
    /// Height of the first state (the block after the window's opening block).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{LocalLevel, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=20).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(500, &times, &[6e20; 21])?;
    /// let path = LocalLevel::new(0.02)?.run(
    ///     &wt,
    ///     Window::heights(505, 520)?,
    ///     ConfidenceLevel::P95,
    /// )?;
    /// assert_eq!(path.first_height(), 506); // the opening block has no interval of its own
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn first_height(&self) -> u32 {
        self.from_height + 1
    }

    /// Number of states.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{LocalLevel, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=20).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 21])?;
    /// let path =
    ///     LocalLevel::new(0.02)?.run(&wt, Window::heights(0, 20)?, ConfidenceLevel::P95)?;
    /// assert_eq!(path.len(), 20);
    /// assert_eq!(path.smoothed_log_hs().len(), path.len());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.filtered_mean.len()
    }

    /// Whether the path is empty (never, for a valid window).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{LocalLevel, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600], &[6e20; 2])?;
    /// let path =
    ///     LocalLevel::new(0.02)?.run(&wt, Window::heights(0, 1)?, ConfidenceLevel::P95)?;
    /// assert!(!path.is_empty());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.filtered_mean.is_empty()
    }

    /// Filtered means of `ln H` (H/s), using blocks up to each height.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{LocalLevel, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=500).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 501])?;
    /// let path =
    ///     LocalLevel::new(0.02)?.run(&wt, Window::heights(0, 500)?, ConfidenceLevel::P95)?;
    /// // ln(1e18 H/s) ≈ 41.45; after 500 steady blocks the filter sits within 10 % of it.
    /// let last = *path.filtered_log_hs().last().expect("non-empty");
    /// assert!((last - 1e18f64.ln()).abs() < 0.1);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn filtered_log_hs(&self) -> &[f64] {
        &self.filtered_mean
    }

    /// Filtered variances of `ln H`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{LocalLevel, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=300).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 301])?;
    /// let path = LocalLevel::new(0.02)?.run(&wt, Window::heights(0, 300)?, ConfidenceLevel::P95)?;
    /// let p = path.filtered_variance();
    /// // Information accumulates: the variance shrinks from the weak prior towards steady state.
    /// assert!(p[299] < p[0]);
    /// assert!(p.iter().all(|v| *v > 0.0));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn filtered_variance(&self) -> &[f64] {
        &self.filtered_var
    }

    /// Smoothed means of `ln H`, using every block of the window.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{LocalLevel, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=300).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 301])?;
    /// let path =
    ///     LocalLevel::new(0.02)?.run(&wt, Window::heights(0, 300)?, ConfidenceLevel::P95)?;
    /// // The filter and the smoother agree at the last block (no later data to use).
    /// assert_eq!(path.smoothed_log_hs().last(), path.filtered_log_hs().last());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn smoothed_log_hs(&self) -> &[f64] {
        &self.smoothed_mean
    }

    /// Smoothed variances of `ln H`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{LocalLevel, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=300).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 301])?;
    /// let path =
    ///     LocalLevel::new(0.02)?.run(&wt, Window::heights(0, 300)?, ConfidenceLevel::P95)?;
    /// // Mid-window the smoother sees blocks on both sides: smaller variance than the filter.
    /// assert!(path.smoothed_variance()[150] < path.filtered_variance()[150]);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn smoothed_variance(&self) -> &[f64] {
        &self.smoothed_var
    }

    /// The filtered (real-time) estimate at `height`: value `exp(m)` (the posterior median), the
    /// interval `exp(m ± z√P)`, blocks and work-time from the window start to `height`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{LocalLevel, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=100).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 101])?;
    /// let path =
    ///     LocalLevel::new(0.02)?.run(&wt, Window::heights(0, 100)?, ConfidenceLevel::P95)?;
    /// let est = path.filtered(40).expect("inside");
    /// assert_eq!((est.from_height(), est.to_height(), est.blocks()), (0, 40, 40));
    /// assert!((est.value().to_hs().ln() - path.filtered_log_hs()[39]).abs() < 1e-12);
    /// assert!(path.filtered(0).is_none() && path.filtered(101).is_none());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn filtered(&self, height: u32) -> Option<Estimate> {
        let k = self.index(height)?;
        let s = *self.cumulative_work_time.get(k)?;
        self.make(self.filtered_mean.get(k)?, self.filtered_var.get(k)?, height, k + 1, s)
    }

    /// The smoothed estimate at `height` (uses the whole window). Blocks and work-time are the
    /// window's.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{LocalLevel, Window};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=100).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 101])?;
    /// let path =
    ///     LocalLevel::new(0.02)?.run(&wt, Window::heights(0, 100)?, ConfidenceLevel::P95)?;
    /// let (f, s) = (path.filtered(50).expect("inside"), path.smoothed(50).expect("inside"));
    /// assert_eq!(s.blocks(), 100); // the whole window
    /// let width = |e: &minerscope::hashrate::Estimate| {
    ///     e.interval().high().to_hs() - e.interval().low().to_hs()
    /// };
    /// assert!(width(&s) < width(&f));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn smoothed(&self, height: u32) -> Option<Estimate> {
        let k = self.index(height)?;
        let s = *self.cumulative_work_time.last()?;
        self.make(self.smoothed_mean.get(k)?, self.smoothed_var.get(k)?, height, self.len(), s)
    }

    fn index(&self, height: u32) -> Option<usize> {
        let k = usize::try_from(height.checked_sub(self.first_height())?).ok()?;
        (k < self.len()).then_some(k)
    }

    fn make(
        &self,
        m: &f64,
        p: &f64,
        height: u32,
        blocks: usize,
        work_time: f64,
    ) -> Option<Estimate> {
        let half = self.z * p.max(0.0).sqrt();
        let value = hashrate(m.exp(), "state").ok()?;
        let low = hashrate((m - half).exp(), "lower bound").ok()?;
        let high = hashrate((m + half).exp(), "upper bound").ok()?;
        let blocks = u32::try_from(blocks).ok()?;
        Some(Estimate::new(
            value,
            ordered(low, high, self.level),
            Method::StateSpace,
            self.from_height,
            height,
            blocks,
            work_time,
        ))
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "tests index known-length fixtures")]
mod tests {
    use super::*;

    #[test]
    fn steady_state_variance_matches_science() {
        // SCIENCE.md §5.3: steady-state P ≈ (−q + √(q² + 4q))/2 with R = 1; σ_day = 2 % gives a
        // KF s.d. of 4.1 %.
        let n = 6000usize;
        let times: Vec<i64> = (0..=n as i64).map(|i| i * 600).collect();
        let wt = WorkTime::from_parts(0, &times, &vec![6e20; n + 1]).unwrap();
        let ll = LocalLevel::new(0.02).unwrap();
        let path =
            ll.run(&wt, Window::heights(0, n as u32).unwrap(), ConfidenceLevel::P95).unwrap();
        let q = ll.q_per_block();
        let p_ss = (-q + (q * q + 4.0 * q).sqrt()) / 2.0;
        let p_last = *path.filtered_variance().last().unwrap();
        assert!((p_last.sqrt() - 0.041).abs() < 0.002, "{}", p_last.sqrt());
        assert!((p_last / p_ss - 1.0).abs() < 0.05);
        // Smoothing never increases the variance.
        for (s, f) in path.smoothed_variance().iter().zip(path.filtered_variance()) {
            assert!(*s <= *f + 1e-15);
        }
    }

    #[test]
    fn backwards_blocks_are_merged_not_fatal() {
        let wt = WorkTime::from_parts(0, &[0, 600, 500, 1800, 2400], &[1.0; 5]).unwrap();
        let path = LocalLevel::new(0.05)
            .unwrap()
            .run(&wt, Window::heights(0, 4).unwrap(), ConfidenceLevel::P95)
            .unwrap();
        assert_eq!(path.len(), 4);
        assert!(path.filtered_log_hs().iter().all(|x| x.is_finite()));
        assert!(path.smoothed(4).is_some() && path.smoothed(5).is_none());
        assert!(LocalLevel::new(0.0).is_err());
        assert!(LocalLevel::new(f64::NAN).is_err());
    }
}
