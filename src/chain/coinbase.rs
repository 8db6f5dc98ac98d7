use bitcoin::{Amount, ScriptBuf, Transaction};

use super::ChainError;

/// One output of a coinbase transaction: its value and its scriptPubKey.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CoinbaseOutput {
    value: Amount,
    script_pubkey: ScriptBuf,
}

impl CoinbaseOutput {
    /// Creates an output from its value and scriptPubKey.
    pub fn new(value: Amount, script_pubkey: ScriptBuf) -> Self {
        CoinbaseOutput { value, script_pubkey }
    }

    /// The output's value.
    pub fn value(&self) -> Amount {
        self.value
    }

    /// The output's scriptPubKey.
    pub fn script_pubkey(&self) -> &ScriptBuf {
        &self.script_pubkey
    }
}

/// The parts of a coinbase transaction that identify a miner and its revenue: the scriptSig
/// bytes (where pools put their tags) and the outputs (where they are paid).
///
/// # Examples
///
/// ```
/// use bitcoin::{Amount, ScriptBuf};
/// use minerscope::chain::{Coinbase, CoinbaseOutput};
///
/// let cb = Coinbase::new(
///     b"\x03\x50\xaa\x0c/Foundry USA Pool #dropgold/".to_vec(),
///     vec![CoinbaseOutput::new(Amount::from_sat(312_500_000), ScriptBuf::new())],
/// );
/// assert_eq!(cb.total_value(), Some(Amount::from_sat(312_500_000)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Coinbase {
    script_sig: Vec<u8>,
    outputs: Vec<CoinbaseOutput>,
}

impl Coinbase {
    /// Creates a coinbase from scriptSig bytes and outputs.
    pub fn new(script_sig: Vec<u8>, outputs: Vec<CoinbaseOutput>) -> Self {
        Coinbase { script_sig, outputs }
    }

    /// Extracts the coinbase parts of a transaction.
    ///
    /// # Errors
    ///
    /// [`ChainError::NotCoinbase`] if `tx` is not a coinbase transaction.
    pub fn from_transaction(tx: &Transaction) -> Result<Self, ChainError> {
        if !tx.is_coinbase() {
            return Err(ChainError::NotCoinbase);
        }
        let script_sig = tx.input.first().map(|i| i.script_sig.to_bytes()).unwrap_or_default();
        let outputs = tx
            .output
            .iter()
            .map(|o| CoinbaseOutput::new(o.value, o.script_pubkey.clone()))
            .collect();
        Ok(Coinbase { script_sig, outputs })
    }

    /// The raw scriptSig bytes of the coinbase input.
    pub fn script_sig(&self) -> &[u8] {
        &self.script_sig
    }

    /// The coinbase outputs, in order.
    pub fn outputs(&self) -> &[CoinbaseOutput] {
        &self.outputs
    }

    /// The sum of all output values, or `None` if it exceeds the 21M BTC money range.
    pub fn total_value(&self) -> Option<Amount> {
        // `Amount::checked_add` only guards u64 overflow, so the money range is checked here.
        self.outputs
            .iter()
            .try_fold(Amount::ZERO, |acc, o| acc.checked_add(o.value))
            .filter(|total| *total <= Amount::MAX_MONEY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_beyond_money_range_is_none() {
        let out = |sat| CoinbaseOutput::new(Amount::from_sat(sat), ScriptBuf::new());
        let max = Amount::MAX_MONEY.to_sat();
        assert_eq!(Coinbase::new(vec![], vec![out(max)]).total_value(), Some(Amount::MAX_MONEY));
        assert_eq!(Coinbase::new(vec![], vec![out(max), out(1)]).total_value(), None);
        assert_eq!(Coinbase::new(vec![], vec![out(u64::MAX), out(1)]).total_value(), None);
    }
}
