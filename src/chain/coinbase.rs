use bitcoin::script::{Instruction, read_scriptint};
use bitcoin::{Amount, Script, ScriptBuf, Transaction};

use super::ChainError;

/// One output of a coinbase transaction: its value and its scriptPubKey.
///
/// # Examples
///
/// ```
/// use bitcoin::{Amount, ScriptBuf};
/// use minerscope::chain::CoinbaseOutput;
///
/// // An OP_RETURN commitment output carries no value.
/// let out = CoinbaseOutput::new(Amount::ZERO, ScriptBuf::new_op_return([0xaa; 4]));
/// assert_eq!(out.value(), Amount::ZERO);
/// assert!(out.script_pubkey().is_op_return());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CoinbaseOutput {
    value: Amount,
    script_pubkey: ScriptBuf,
}

impl CoinbaseOutput {
    /// Creates an output from its value and scriptPubKey.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{Amount, ScriptBuf};
    /// use minerscope::chain::CoinbaseOutput;
    ///
    /// let out = CoinbaseOutput::new(Amount::from_sat(648_267_494), ScriptBuf::new());
    /// assert_eq!(out.value().to_sat(), 648_267_494);
    /// assert!(out.script_pubkey().is_empty());
    /// ```
    pub fn new(value: Amount, script_pubkey: ScriptBuf) -> Self {
        CoinbaseOutput { value, script_pubkey }
    }

    /// The output's value.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{Amount, ScriptBuf};
    /// use minerscope::chain::CoinbaseOutput;
    ///
    /// let out = CoinbaseOutput::new(Amount::from_btc(3.125)?, ScriptBuf::new());
    /// assert_eq!(out.value(), Amount::from_sat(312_500_000));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn value(&self) -> Amount {
        self.value
    }

    /// The output's scriptPubKey.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{Amount, ScriptBuf};
    /// use minerscope::chain::CoinbaseOutput;
    ///
    /// let script = ScriptBuf::new_op_return([0u8; 32]);
    /// let out = CoinbaseOutput::new(Amount::ZERO, script.clone());
    /// assert_eq!(out.script_pubkey(), &script);
    /// assert_eq!(out.script_pubkey().len(), 34); // OP_RETURN, push 32, 32 bytes
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{Amount, ScriptBuf};
    /// use minerscope::chain::{Coinbase, CoinbaseOutput};
    ///
    /// // Block 830000's coinbase (AntPool) begins with the BIP34 height push 03 30aa0c and pays
    /// // 546 + 648 267 494 sat (scripts elided here).
    /// let cb = Coinbase::new(
    ///     b"\x03\x30\xaa\x0c\x19Mined by AntPool ".to_vec(),
    ///     vec![
    ///         CoinbaseOutput::new(Amount::from_sat(546), ScriptBuf::new()),
    ///         CoinbaseOutput::new(Amount::from_sat(648_267_494), ScriptBuf::new()),
    ///     ],
    /// );
    /// assert_eq!(cb.outputs().len(), 2);
    /// assert_eq!(cb.total_value(), Some(Amount::from_sat(648_268_040)));
    /// ```
    pub fn new(script_sig: Vec<u8>, outputs: Vec<CoinbaseOutput>) -> Self {
        Coinbase { script_sig, outputs }
    }

    /// Extracts the coinbase parts of a transaction.
    ///
    /// # Errors
    ///
    /// [`ChainError::NotCoinbase`] if `tx` is not a coinbase transaction.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::hex::FromHex;
    /// use minerscope::chain::{decode_block, Coinbase, ChainError, HEADER_SIZE};
    ///
    /// # let bytes = Vec::<u8>::from_hex(concat!(
    /// #     "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd",
    /// #     "7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c",
    /// #     "0101000000010000000000000000000000000000000000000000000000000000000000000000ffff",
    /// #     "ffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c",
    /// #     "6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73",
    /// #     "ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a6",
    /// #     "7962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f",
    /// #     "ac00000000",
    /// # ))?;
    /// // The genesis block (hex hidden) and its coinbase, which quotes The Times.
    /// let block = decode_block(&bytes)?;
    /// let mut tx = block.txdata[0].clone();
    /// let cb = Coinbase::from_transaction(&tx)?;
    /// assert!(String::from_utf8_lossy(cb.script_sig()).contains("Chancellor on brink"));
    /// assert_eq!(cb.total_value().map(|a| a.to_sat()), Some(5_000_000_000));
    ///
    /// // Spending a real outpoint makes it an ordinary transaction.
    /// tx.input[0].previous_output.vout = 0;
    /// assert_eq!(Coinbase::from_transaction(&tx), Err(ChainError::NotCoinbase));
    /// # let _ = HEADER_SIZE;
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::Coinbase;
    ///
    /// let cb = Coinbase::new(b"\x03\x30\xaa\x0c/ViaBTC/".to_vec(), vec![]);
    /// assert_eq!(cb.script_sig().len(), 12);
    /// assert!(cb.script_sig().ends_with(b"/ViaBTC/"));
    /// ```
    pub fn script_sig(&self) -> &[u8] {
        &self.script_sig
    }

    /// The coinbase outputs, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{Amount, ScriptBuf};
    /// use minerscope::chain::{Coinbase, CoinbaseOutput};
    ///
    /// let pay = CoinbaseOutput::new(Amount::from_sat(312_500_000), ScriptBuf::new());
    /// let commit = CoinbaseOutput::new(Amount::ZERO, ScriptBuf::new_op_return([0u8; 36]));
    /// let cb = Coinbase::new(vec![], vec![pay.clone(), commit]);
    /// assert_eq!(cb.outputs().first(), Some(&pay));
    /// assert!(cb.outputs()[1].script_pubkey().is_op_return());
    /// ```
    pub fn outputs(&self) -> &[CoinbaseOutput] {
        &self.outputs
    }

    /// The sum of all output values, or `None` if it exceeds the 21M BTC money range.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{Amount, ScriptBuf};
    /// use minerscope::chain::{Coinbase, CoinbaseOutput};
    ///
    /// let out = |sat| CoinbaseOutput::new(Amount::from_sat(sat), ScriptBuf::new());
    /// let cb = Coinbase::new(vec![], vec![out(546), out(648_267_494)]);
    /// assert_eq!(cb.total_value(), Some(Amount::from_sat(648_268_040)));
    /// assert_eq!(Coinbase::default().total_value(), Some(Amount::ZERO));
    /// // More than 21 million BTC is outside the money range.
    /// let too_much = Coinbase::new(vec![], vec![out(Amount::MAX_MONEY.to_sat()), out(1)]);
    /// assert_eq!(too_much.total_value(), None);
    /// ```
    pub fn total_value(&self) -> Option<Amount> {
        // `Amount::checked_add` only guards u64 overflow, so the money range is checked here.
        self.outputs
            .iter()
            .try_fold(Amount::ZERO, |acc, o| acc.checked_add(o.value))
            .filter(|total| *total <= Amount::MAX_MONEY)
    }

    /// The height in the first push of the script_sig, read as BIP34 prescribes (a minimally
    /// encoded, non-negative script number), or `None` if the first item is not one. The same
    /// rule as [`bitcoin::Block::bip34_block_height`], which needs a whole block.
    pub(crate) fn bip34_height(&self) -> Option<u64> {
        let first = Script::from_bytes(&self.script_sig).instructions_minimal().next()?.ok()?;
        match first {
            Instruction::PushBytes(bytes) => {
                u64::try_from(read_scriptint(bytes.as_bytes()).ok()?).ok()
            }
            Instruction::Op(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bip34_height` agrees with rust-bitcoin's block-level reader on every kind of first item.
    #[test]
    fn bip34_height_matches_rust_bitcoin() {
        use bitcoin::block::{Header, Version};
        use bitcoin::hashes::Hash;
        use bitcoin::{Block, BlockHash, CompactTarget, OutPoint, TxIn, TxMerkleNode};
        let cases: [&[u8]; 9] = [
            b"\x03\x30\xaa\x0cMined by AntPool", // 830 000
            b"\x03\xdb\x7a\x03",                 // 227 035
            b"\x04\x00\x00\x80\x00",             // 2^23, sign-padded
            b"\x02\x80\x00",                     // 128
            b"\x03\x30\xaa\x8c",                 // negative
            b"\x04\x30\xaa\x0c\x00",             // non-minimal
            b"\x51",                             // OP_1: not a push
            b"\x4c",                             // truncated PUSHDATA1
            b"",
        ];
        for sig in cases {
            let tx = Transaction {
                version: bitcoin::transaction::Version::TWO,
                lock_time: bitcoin::absolute::LockTime::ZERO,
                input: vec![TxIn {
                    previous_output: OutPoint::null(),
                    script_sig: ScriptBuf::from_bytes(sig.to_vec()),
                    ..TxIn::default()
                }],
                output: vec![],
            };
            let block = Block {
                header: Header {
                    version: Version::TWO,
                    prev_blockhash: BlockHash::all_zeros(),
                    merkle_root: TxMerkleNode::all_zeros(),
                    time: 0,
                    bits: CompactTarget::from_consensus(0x1d00ffff),
                    nonce: 0,
                },
                txdata: vec![tx.clone()],
            };
            let ours = Coinbase::from_transaction(&tx).ok().and_then(|c| c.bip34_height());
            assert_eq!(ours, block.bip34_block_height().ok(), "{sig:02x?}");
        }
        let height = |sig: &[u8]| Coinbase::new(sig.to_vec(), vec![]).bip34_height();
        assert_eq!(height(cases[0]), Some(830_000));
        assert_eq!(height(cases[2]), Some(1 << 23));
        assert_eq!(height(cases[4]), None);
    }

    #[test]
    fn total_beyond_money_range_is_none() {
        let out = |sat| CoinbaseOutput::new(Amount::from_sat(sat), ScriptBuf::new());
        let max = Amount::MAX_MONEY.to_sat();
        assert_eq!(Coinbase::new(vec![], vec![out(max)]).total_value(), Some(Amount::MAX_MONEY));
        assert_eq!(Coinbase::new(vec![], vec![out(max), out(1)]).total_value(), None);
        assert_eq!(Coinbase::new(vec![], vec![out(u64::MAX), out(1)]).total_value(), None);
    }
}
