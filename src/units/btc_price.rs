use core::fmt;

use bitcoin::Amount;

use super::Usd;
use super::error::{UnitError, positive};

/// The price of one bitcoin in US dollars (USD/BTC). Finite and strictly positive.
///
/// # Examples
///
/// ```
/// use bitcoin::Amount;
/// use minerscope::units::BtcPrice;
///
/// let price = BtcPrice::from_usd_per_btc(100_000.0)?;
/// assert_eq!(price.value_of(Amount::from_sat(312_500_000)).to_dollars(), 312_500.0);
/// assert!(BtcPrice::from_usd_per_btc(0.0).is_err());
/// # Ok::<_, minerscope::units::UnitError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct BtcPrice(f64);

impl BtcPrice {
    /// Creates a price from US dollars per bitcoin.
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `usd_per_btc` is not finite or not positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::{BtcPrice, UnitError};
    ///
    /// assert_eq!(BtcPrice::from_usd_per_btc(64_000.0)?.to_usd_per_btc(), 64_000.0);
    /// assert!(matches!(BtcPrice::from_usd_per_btc(-1.0), Err(UnitError::NotPositive { .. })));
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_usd_per_btc(usd_per_btc: f64) -> Result<Self, UnitError> {
        positive("bitcoin price", usd_per_btc).map(BtcPrice)
    }

    /// The price in US dollars per bitcoin.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::BtcPrice;
    ///
    /// assert_eq!(BtcPrice::from_usd_per_btc(95_000.0)?.to_usd_per_btc(), 95_000.0);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_usd_per_btc(self) -> f64 {
        self.0
    }

    /// The dollar value of `amount` at this price.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::units::BtcPrice;
    ///
    /// // The 3.125 BTC post-halving subsidy at $64 000/BTC is worth $200 000.
    /// let price = BtcPrice::from_usd_per_btc(64_000.0)?;
    /// assert_eq!(price.value_of(Amount::from_sat(312_500_000)).to_dollars(), 200_000.0);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn value_of(self, amount: Amount) -> Usd {
        // Amount is capped at 21e6 BTC and the price is finite, so the product is finite unless
        // the price is within a factor 2e7 of f64::MAX; saturate rather than fail.
        let usd = (amount.to_btc() * self.0).min(f64::MAX);
        Usd::from_dollars(usd).unwrap_or(Usd::ZERO)
    }
}

impl TryFrom<f64> for BtcPrice {
    type Error = UnitError;
    fn try_from(usd_per_btc: f64) -> Result<Self, UnitError> {
        Self::from_usd_per_btc(usd_per_btc)
    }
}

impl From<BtcPrice> for f64 {
    fn from(p: BtcPrice) -> f64 {
        p.0
    }
}

impl fmt::Display for BtcPrice {
    /// Formats as dollars per bitcoin, e.g. `$100000.00/BTC`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match f.precision() {
            Some(p) => write!(f, "${:.p$}/BTC", self.0),
            None => write!(f, "${:.2}/BTC", self.0),
        }
    }
}
