use bitcoin::ScriptBuf;

use super::rng::SimRng;
use super::{HashratePath, SimError};

/// Longest coinbase tag accepted, in bytes: with the BIP34 height push and an 8-byte
/// extranonce the scriptSig stays within the 100-byte consensus limit.
///
/// # Examples
///
/// ```
/// use bitcoin::ScriptBuf;
/// use minerscope::sim::{MAX_TAG_LEN, PoolProfile, SimError};
///
/// assert!(PoolProfile::new("ok", vec![b'x'; MAX_TAG_LEN], ScriptBuf::new()).is_ok());
/// let long = PoolProfile::new("long", vec![b'x'; MAX_TAG_LEN + 1], ScriptBuf::new());
/// assert!(matches!(long, Err(SimError::TagTooLong { len: 81, .. })));
/// ```
pub const MAX_TAG_LEN: usize = 80;

/// How a simulated pool marks its blocks: a literal coinbase scriptSig tag and the
/// scriptPubKey it pays itself to.
///
/// # Examples
///
/// ```
/// use bitcoin::ScriptBuf;
/// use minerscope::sim::PoolProfile;
///
/// let p = PoolProfile::new("Example Pool", b"/example/".to_vec(), ScriptBuf::new())?;
/// assert_eq!(p.tag(), b"/example/");
/// assert!(!p.has_dust_output());
/// # Ok::<_, minerscope::sim::SimError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawPoolProfile"))]
pub struct PoolProfile {
    name: String,
    tag: Vec<u8>,
    payout: ScriptBuf,
    dust_first: bool,
}

/// The serialized form of a [`PoolProfile`], validated by [`PoolProfile::new`] on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawPoolProfile {
    name: String,
    tag: Vec<u8>,
    payout: ScriptBuf,
    dust_first: bool,
}

#[cfg(feature = "serde")]
impl TryFrom<RawPoolProfile> for PoolProfile {
    type Error = SimError;
    fn try_from(raw: RawPoolProfile) -> Result<Self, SimError> {
        let profile = PoolProfile::new(raw.name, raw.tag, raw.payout)?;
        Ok(if raw.dust_first { profile.with_dust_output() } else { profile })
    }
}

impl PoolProfile {
    /// A pool with a name, a literal coinbase tag (bytes, written as-is into the scriptSig) and
    /// a payout scriptPubKey.
    ///
    /// # Errors
    ///
    /// [`SimError::TagTooLong`] if the tag exceeds [`MAX_TAG_LEN`] bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::ScriptBuf;
    /// use minerscope::sim::PoolProfile;
    ///
    /// let p = PoolProfile::new(
    ///     String::from("Luxor"),
    ///     b"Powered by Luxor Tech".to_vec(),
    ///     ScriptBuf::new(),
    /// )?;
    /// assert_eq!((p.name(), p.tag()), ("Luxor", &b"Powered by Luxor Tech"[..]));
    /// assert!(!p.has_dust_output());
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn new(name: impl Into<String>, tag: Vec<u8>, payout: ScriptBuf) -> Result<Self, SimError> {
        let name = name.into();
        if tag.len() > MAX_TAG_LEN {
            return Err(SimError::TagTooLong { name, len: tag.len() });
        }
        Ok(PoolProfile { name, tag, payout, dust_first: false })
    }

    /// Makes the pool put a 546-sat output to its payout script before the main payout, as
    /// AntPool does.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::ScriptBuf;
    /// use minerscope::sim::PoolProfile;
    ///
    /// let p = PoolProfile::new("AntPool", b"Mined by AntPool".to_vec(), ScriptBuf::new())?;
    /// assert!(p.with_dust_output().has_dust_output());
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn with_dust_output(mut self) -> Self {
        self.dust_first = true;
        self
    }

    /// The pool's name.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::PoolMix;
    ///
    /// let mix = PoolMix::mainnet_2024();
    /// let names: Vec<&str> = mix.pools().iter().map(|p| p.name()).collect();
    /// assert_eq!(&names[..3], ["Foundry USA", "AntPool", "ViaBTC"]);
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The literal coinbase tag bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::PoolMix;
    ///
    /// assert_eq!(PoolMix::mainnet_2024().pools()[2].tag(), b"/ViaBTC/");
    /// ```
    pub fn tag(&self) -> &[u8] {
        &self.tag
    }

    /// The payout scriptPubKey.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::ScriptBuf;
    /// use minerscope::sim::{PoolMix, PoolProfile};
    ///
    /// let payout = ScriptBuf::new_op_return([1u8; 4]);
    /// let p = PoolProfile::new("x", vec![], payout.clone())?;
    /// assert_eq!(p.payout_script(), &payout);
    /// // The built-in pools pay to their real addresses: Foundry USA to a P2WPKH output.
    /// assert!(PoolMix::mainnet_2024().pools()[0].payout_script().is_p2wpkh());
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn payout_script(&self) -> &ScriptBuf {
        &self.payout
    }

    /// Whether the coinbase starts with a 546-sat dust output.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::PoolMix;
    ///
    /// let mix = PoolMix::mainnet_2024();
    /// let dusty: Vec<&str> =
    ///     mix.pools().iter().filter(|p| p.has_dust_output()).map(|p| p.name()).collect();
    /// assert_eq!(dusty, ["AntPool"]);
    /// ```
    pub fn has_dust_output(&self) -> bool {
        self.dust_first
    }
}

/// Where each pool's hashrate comes from.
#[derive(Debug, Clone)]
enum MixHashrate {
    /// Fixed shares of the scenario's network hashrate path.
    Shares { cumulative: Vec<f64>, shares: Vec<f64>, unknown: f64 },
    /// Each pool has its own path; the network is their sum.
    Paths { paths: Vec<HashratePath>, unknown: Option<HashratePath> },
}

/// The miners of a scenario: named pools plus an untagged "unknown" remainder.
///
/// Either every pool has a fixed share of the network hashrate
/// ([`PoolMix::from_shares`]), or every pool has its own hashrate path and the network is
/// their sum ([`PoolMix::from_paths`]; this is how one pool powers down while the others keep
/// hashing). A block's finder is drawn in proportion to the pools' hashrates at the find time,
/// which is exact for independent Poisson miners.
///
/// # Examples
///
/// ```
/// use minerscope::sim::PoolMix;
///
/// let mix = PoolMix::mainnet_2024();
/// assert_eq!(mix.pools()[0].name(), "Foundry USA");
/// let total: f64 =
///     mix.shares().unwrap().iter().sum::<f64>() + mix.unknown_share().unwrap();
/// assert!((total - 1.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone)]
pub struct PoolMix {
    pools: Vec<PoolProfile>,
    hashrate: MixHashrate,
}

/// Tolerance on the sum of shares.
const SHARE_SUM_TOL: f64 = 1e-9;

impl PoolMix {
    /// Pools with fixed shares of the network hashrate; `unknown_share` is mined by untagged
    /// miners. Shares must each lie in [0, 1] and sum (with `unknown_share`) to 1 within 1e-9.
    ///
    /// # Errors
    ///
    /// [`SimError::InvalidShare`] naming the bad share, [`SimError::SharesDoNotSumToOne`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::ScriptBuf;
    /// use minerscope::sim::{PoolMix, PoolProfile, SimError};
    ///
    /// let a = PoolProfile::new("A", b"/A/".to_vec(), ScriptBuf::new())?;
    /// let mix = PoolMix::from_shares(vec![(a.clone(), 0.7)], 0.3)?;
    /// assert_eq!(mix.pools().len(), 1);
    /// assert!(matches!(
    ///     PoolMix::from_shares(vec![(a, 0.7)], 0.2),
    ///     Err(SimError::SharesDoNotSumToOne { .. })
    /// ));
    /// # Ok::<_, SimError>(())
    /// ```
    pub fn from_shares(
        pools: Vec<(PoolProfile, f64)>,
        unknown_share: f64,
    ) -> Result<Self, SimError> {
        let check = |index: usize, name: &str, share: f64| {
            if share.is_finite() && (0.0..=1.0).contains(&share) {
                Ok(())
            } else {
                Err(SimError::InvalidShare { index, name: name.to_owned(), share })
            }
        };
        for (i, (p, s)) in pools.iter().enumerate() {
            check(i, p.name(), *s)?;
        }
        check(usize::MAX, "unknown", unknown_share)?;
        let sum: f64 = pools.iter().map(|(_, s)| s).sum::<f64>() + unknown_share;
        if (sum - 1.0).abs() > SHARE_SUM_TOL {
            return Err(SimError::SharesDoNotSumToOne { sum });
        }
        let shares: Vec<f64> = pools.iter().map(|(_, s)| *s).collect();
        let mut acc = 0.0;
        let cumulative = shares
            .iter()
            .map(|s| {
                acc += s;
                acc
            })
            .collect();
        let pools = pools.into_iter().map(|(p, _)| p).collect();
        Ok(PoolMix {
            pools,
            hashrate: MixHashrate::Shares { cumulative, shares, unknown: unknown_share },
        })
    }

    /// Pools with their own hashrate paths; `unknown` (if any) is the untagged remainder. The
    /// network hashrate is the sum.
    ///
    /// # Errors
    ///
    /// [`SimError::EmptyPoolMix`] if there are no pools and no unknown path.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::ScriptBuf;
    /// use minerscope::sim::{HashratePath, PoolMix, PoolProfile};
    /// use minerscope::units::Hashrate;
    ///
    /// let eh = |x: f64| Hashrate::from_ehs(x);
    /// let big = PoolProfile::new("Big", b"/big/".to_vec(), ScriptBuf::new())?;
    /// // "Big" powers down from 200 to 100 EH/s after a week; 400 EH/s of others keep hashing.
    /// let big_path = HashratePath::steps(eh(200.0)?, &[(7.0 * 86_400.0, eh(100.0)?)])?;
    /// let mix = PoolMix::from_paths(
    ///     vec![(big, big_path)],
    ///     Some(HashratePath::constant(eh(400.0)?)),
    /// )?;
    /// assert!(mix.shares().is_none());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_paths(
        pools: Vec<(PoolProfile, HashratePath)>,
        unknown: Option<HashratePath>,
    ) -> Result<Self, SimError> {
        if pools.is_empty() && unknown.is_none() {
            return Err(SimError::EmptyPoolMix);
        }
        let (pools, paths) = pools.into_iter().unzip();
        Ok(PoolMix { pools, hashrate: MixHashrate::Paths { paths, unknown } })
    }

    /// Only untagged miners (every block has `pool == None` in the truth).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{PoolMix, Scenario};
    ///
    /// let mix = PoolMix::unknown_only();
    /// assert!(mix.pools().is_empty());
    /// assert_eq!(mix.unknown_share(), Some(1.0));
    /// let chain = Scenario::builder().pools(mix).seed(1).build()?.run(10)?;
    /// assert!(chain.truth().iter().all(|t| t.pool().is_none()));
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn unknown_only() -> Self {
        PoolMix {
            pools: Vec::new(),
            hashrate: MixHashrate::Shares {
                cumulative: Vec::new(),
                shares: Vec::new(),
                unknown: 1.0,
            },
        }
    }

    /// Turns a share mix into a path mix over `network` (each pool gets `share × network`), so
    /// that single pools can then be given their own paths with [`PoolMix::with_pool_path`].
    /// A path mix is returned unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{HashratePath, PoolMix, Scenario};
    /// use minerscope::units::Hashrate;
    ///
    /// let network = HashratePath::constant(Hashrate::from_ehs(600.0).unwrap());
    /// let mix = PoolMix::mainnet_2024().into_paths(&network);
    /// assert_eq!((mix.shares(), mix.unknown_share()), (None, None));
    /// // The paths sum back to the network: the scenario's network hashrate is still 600 EH/s.
    /// let scenario = Scenario::builder().pools(mix).build()?;
    /// let at0 = scenario.network_hashrate().value_at(0.0)?.to_ehs();
    /// assert!((at0 - 600.0).abs() < 1e-9);
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn into_paths(self, network: &HashratePath) -> Self {
        match self.hashrate {
            MixHashrate::Shares { shares, unknown, .. } => {
                let paths = shares.iter().map(|s| network.scaled(*s)).collect();
                let unknown = (unknown > 0.0).then(|| network.scaled(unknown));
                PoolMix { pools: self.pools, hashrate: MixHashrate::Paths { paths, unknown } }
            }
            MixHashrate::Paths { .. } => self,
        }
    }

    /// Replaces the hashrate path of the pool at `index` (a path mix only).
    ///
    /// # Errors
    ///
    /// [`SimError::NotPathMix`] for a share mix (call [`PoolMix::into_paths`] first),
    /// [`SimError::PoolIndexOutOfRange`] for a bad index.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{HashratePath, PoolMix};
    /// use minerscope::units::Hashrate;
    ///
    /// let eh = |x: f64| Hashrate::from_ehs(x);
    /// let network = HashratePath::constant(eh(600.0)?);
    /// // Foundry (index 0, 29 % = 174 EH/s) switches off half its rigs after 10 days.
    /// let foundry = HashratePath::steps(eh(174.0)?, &[(10.0 * 86_400.0, eh(87.0)?)])?;
    /// let mix = PoolMix::mainnet_2024().into_paths(&network).with_pool_path(0, foundry)?;
    /// assert!(mix.shares().is_none());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_pool_path(mut self, index: usize, path: HashratePath) -> Result<Self, SimError> {
        let len = self.pools.len();
        match &mut self.hashrate {
            MixHashrate::Shares { .. } => Err(SimError::NotPathMix),
            MixHashrate::Paths { paths, .. } => {
                let slot =
                    paths.get_mut(index).ok_or(SimError::PoolIndexOutOfRange { index, len })?;
                *slot = path;
                Ok(self)
            }
        }
    }

    /// The pools, in the order truth indices refer to.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::PoolMix;
    ///
    /// let mix = PoolMix::mainnet_2024();
    /// assert_eq!(mix.pools().len(), 10);
    /// assert_eq!(mix.pools()[1].name(), "AntPool");
    /// ```
    pub fn pools(&self) -> &[PoolProfile] {
        &self.pools
    }

    /// The pools' fixed shares, or `None` for a path mix.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::PoolMix;
    ///
    /// let shares = PoolMix::mainnet_2024().shares().map(<[f64]>::to_vec).unwrap_or_default();
    /// assert_eq!(&shares[..2], [0.29, 0.24]); // Foundry USA, AntPool
    /// assert!(shares.windows(2).all(|w| w[0] >= w[1])); // largest first
    /// ```
    pub fn shares(&self) -> Option<&[f64]> {
        match &self.hashrate {
            MixHashrate::Shares { shares, .. } => Some(shares),
            MixHashrate::Paths { .. } => None,
        }
    }

    /// The unknown miners' fixed share, or `None` for a path mix.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::PoolMix;
    ///
    /// assert_eq!(PoolMix::mainnet_2024().unknown_share(), Some(0.04));
    /// ```
    pub fn unknown_share(&self) -> Option<f64> {
        match &self.hashrate {
            MixHashrate::Shares { unknown, .. } => Some(*unknown),
            MixHashrate::Paths { .. } => None,
        }
    }

    /// The network path of a path mix (sum of all paths); `None` for a share mix.
    pub(crate) fn network_path(&self) -> Option<HashratePath> {
        match &self.hashrate {
            MixHashrate::Shares { .. } => None,
            MixHashrate::Paths { paths, unknown } => {
                let mut all = paths.clone();
                all.extend(unknown.iter().cloned());
                Some(HashratePath::sum(&all))
            }
        }
    }

    /// Draws the finder of a block found at `t` (seconds since start): `Some(pool index)` or
    /// `None` for an unknown miner. Consumes exactly one uniform.
    pub(crate) fn draw_finder(&self, rng: &mut SimRng, t: f64) -> Result<Option<usize>, SimError> {
        let u = rng.uniform();
        match &self.hashrate {
            MixHashrate::Shares { cumulative, .. } => Ok(cumulative.iter().position(|c| u < *c)),
            MixHashrate::Paths { paths, unknown } => {
                let mut total = match unknown {
                    Some(p) => p.hs_at(t)?,
                    None => 0.0,
                };
                for p in paths {
                    total += p.hs_at(t)?;
                }
                let target = u * total;
                let mut acc = 0.0;
                for (i, p) in paths.iter().enumerate() {
                    acc += p.hs_at(t)?;
                    if target < acc {
                        return Ok(Some(i));
                    }
                }
                Ok(None)
            }
        }
    }
}

impl Default for PoolMix {
    fn default() -> Self {
        Self::mainnet_2024()
    }
}
