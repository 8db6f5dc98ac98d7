//! Exact conversion of JSON money values to satoshis.

use bitcoin::Amount;
use serde_json::Number;

use super::field::Field;
use crate::chain::ChainError;

/// Satoshis per bitcoin.
const SAT_PER_BTC: u64 = 100_000_000;

/// Converts a JSON number of bitcoins (Core's `"value": 50.00000000`, `50.0`, `0.00000546`) to
/// an exact [`Amount`].
///
/// Exactness: every amount in the money range has at most 8 decimals and at most 16
/// significant digits, so its satoshi count `k ≤ 2.1·10^15 < 2^53` is exact in `f64`, and the
/// spacing of `f64` below 2^25 BTC is at most 2^-28 BTC ≈ 0.37 sat: distinct satoshi counts
/// never share an `f64`. serde_json parses such text as `k / 10^8`, one correctly rounded
/// division (the same operation this function repeats), so the value round-trips. The result is
/// accepted only if `k / 10^8` reproduces the parsed `f64` bit for bit; any input with
/// sub-satoshi precision (`0.000000011`) is rejected instead of being rounded silently.
///
/// # Errors
///
/// [`ChainError::InvalidField`] naming `field` if the number is negative, above 21 million BTC,
/// not finite, or not a whole number of satoshis.
///
/// # Examples
///
/// ```
/// use bitcoin::Amount;
/// use minerscope::chain::json::btc_to_amount;
///
/// let n: serde_json::Number = serde_json::from_str("0.00000546").expect("number");
/// assert_eq!(btc_to_amount(&n, "vout[0].value")?, Amount::from_sat(546));
/// let n: serde_json::Number = serde_json::from_str("50.0").expect("number");
/// assert_eq!(btc_to_amount(&n, "vout[0].value")?, Amount::from_sat(5_000_000_000));
/// # Ok::<_, minerscope::chain::ChainError>(())
/// ```
pub fn btc_to_amount(number: &Number, field: &str) -> Result<Amount, ChainError> {
    let invalid = |reason: String| ChainError::InvalidField { field: field.to_owned(), reason };
    let max_btc = Amount::MAX_MONEY.to_sat() / SAT_PER_BTC;
    if let Some(whole) = number.as_u64() {
        if whole > max_btc {
            return Err(invalid(format!("{number} BTC exceeds the 21 million BTC money range")));
        }
        return Ok(Amount::from_sat(whole * SAT_PER_BTC));
    }
    if number.as_i64().is_some() {
        return Err(invalid(format!("amount must not be negative, got {number} BTC")));
    }
    let btc = number.as_f64().ok_or_else(|| invalid(format!("{number} is not a finite number")))?;
    if !btc.is_finite() {
        return Err(invalid(format!("{number} is not a finite number")));
    }
    if btc < 0.0 {
        return Err(invalid(format!("amount must not be negative, got {number} BTC")));
    }
    if btc > max_btc as f64 {
        return Err(invalid(format!("{number} BTC exceeds the 21 million BTC money range")));
    }
    // 0 ≤ btc ≤ 2.1e7, so the product is in [0, 2.1e15] and the cast is lossless.
    let sat = (btc * SAT_PER_BTC as f64).round() as u64;
    if sat as f64 / SAT_PER_BTC as f64 != btc {
        return Err(invalid(format!("{number} BTC is not a whole number of satoshis")));
    }
    Ok(Amount::from_sat(sat))
}

/// Reads a field holding bitcoins (Core's `value`).
pub(crate) fn btc_field(field: &Field<'_, '_>) -> Result<Amount, ChainError> {
    btc_to_amount(field.number()?, &field.path())
}

/// Reads a field holding whole satoshis (Esplora's `value`).
pub(crate) fn sat_field(field: &Field<'_, '_>) -> Result<Amount, ChainError> {
    let sat = field.u64()?;
    if sat > Amount::MAX_MONEY.to_sat() {
        return Err(field.invalid(format!("{sat} sat exceeds the 21 million BTC money range")));
    }
    Ok(Amount::from_sat(sat))
}
