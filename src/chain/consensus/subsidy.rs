use bitcoin::Amount;

/// Blocks between subsidy halvings.
///
/// # Examples
///
/// ```
/// use minerscope::chain::consensus::{HALVING_INTERVAL, block_subsidy};
///
/// assert_eq!(block_subsidy(4 * HALVING_INTERVAL).to_sat(), 312_500_000); // 840 000
/// assert_eq!(block_subsidy(4 * HALVING_INTERVAL - 1).to_sat(), 625_000_000);
/// ```
pub const HALVING_INTERVAL: u32 = 210_000;

/// The block subsidy at `height`, exactly as Bitcoin Core's `GetBlockSubsidy`:
/// `50 BTC >> (height / 210 000)`, and zero once 64 or more halvings have passed.
///
/// # Examples
///
/// ```
/// use bitcoin::Amount;
/// use minerscope::chain::consensus::block_subsidy;
///
/// assert_eq!(block_subsidy(0), Amount::from_sat(5_000_000_000));
/// assert_eq!(block_subsidy(840_000), Amount::from_sat(312_500_000));
/// assert_eq!(block_subsidy(1_050_000), Amount::from_sat(156_250_000));
/// ```
pub fn block_subsidy(height: u32) -> Amount {
    let halvings = height / HALVING_INTERVAL;
    if halvings >= 64 {
        return Amount::ZERO;
    }
    Amount::from_sat(5_000_000_000u64 >> halvings)
}

/// The first height after `height` at which the subsidy halves.
///
/// Returns `None` past the last representable halving.
///
/// # Examples
///
/// ```
/// use minerscope::chain::consensus::next_halving_height;
///
/// assert_eq!(next_halving_height(830_000), Some(840_000));
/// assert_eq!(next_halving_height(840_000), Some(1_050_000));
/// assert_eq!(next_halving_height(u32::MAX), None);
/// ```
pub fn next_halving_height(height: u32) -> Option<u32> {
    (height / HALVING_INTERVAL).checked_add(1)?.checked_mul(HALVING_INTERVAL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule() {
        assert_eq!(block_subsidy(209_999).to_sat(), 5_000_000_000);
        assert_eq!(block_subsidy(210_000).to_sat(), 2_500_000_000);
        assert_eq!(block_subsidy(630_000).to_sat(), 625_000_000);
        // 33 halvings: 5e9 >> 33 = 0.
        assert_eq!(block_subsidy(33 * HALVING_INTERVAL).to_sat(), 0);
        assert_eq!(block_subsidy(u32::MAX), Amount::ZERO);
        assert_eq!(next_halving_height(840_000), Some(1_050_000));
        assert_eq!(next_halving_height(839_999), Some(840_000));
    }

    #[test]
    fn total_supply_below_21m() {
        let total: u64 =
            (0..34u32).map(|k| block_subsidy(k * HALVING_INTERVAL).to_sat() * 210_000).sum();
        assert_eq!(total, 2_099_999_997_690_000);
    }
}
