//! Realistic simulated coinbases and their txids, computed without building a `Transaction`.

use bitcoin::hashes::{Hash, sha256d};
use bitcoin::{Amount, ScriptBuf, Txid};

use super::PoolProfile;
use super::rng::SimRng;
use crate::chain::{Coinbase, CoinbaseOutput};

/// Value of AntPool-style leading dust outputs.
pub(crate) const DUST_SAT: u64 = 546;
/// Extranonce bytes appended to every scriptSig.
const EXTRANONCE_LEN: usize = 8;
/// Witness commitment header (BIP141): OP_RETURN, push 36, 0xaa21a9ed.
const WITNESS_COMMITMENT_PREFIX: [u8; 6] = [0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed];

/// Appends the BIP34 height push (`CScript() << height`, minimal encoding).
fn push_height(out: &mut Vec<u8>, height: u32) {
    match height {
        0 => out.push(0x00),
        // OP_1 .. OP_16
        1..=16 => out.push(0x50 + height as u8),
        _ => {
            let le = height.to_le_bytes();
            let mut len = 4 - (height.leading_zeros() / 8) as usize;
            let top = le.get(len - 1).copied().unwrap_or(0);
            let sign_pad = top & 0x80 != 0;
            if sign_pad {
                len += 1;
            }
            out.push(len as u8);
            out.extend_from_slice(le.get(..len.min(4)).unwrap_or(&[]));
            if sign_pad {
                out.push(0x00);
            }
        }
    }
}

/// Appends a data push (tags are at most 80 bytes: direct push or `OP_PUSHDATA1`).
fn push_data(out: &mut Vec<u8>, data: &[u8]) {
    if data.is_empty() {
        return;
    }
    if data.len() <= 75 {
        out.push(data.len() as u8);
    } else {
        out.push(0x4c);
        out.push(u8::try_from(data.len()).unwrap_or(u8::MAX));
    }
    out.extend_from_slice(data);
}

/// Builds one block's coinbase for `pool` (or an untagged miner) paying `reward`.
///
/// scriptSig = BIP34 height push ‖ tag push ‖ 8-byte extranonce push. Outputs = optional
/// 546-sat dust (AntPool style) ‖ payout (reward − dust) ‖ OP_RETURN witness commitment.
pub(crate) fn build_coinbase(
    height: u32,
    pool: Option<&PoolProfile>,
    reward: Amount,
    rng: &mut SimRng,
) -> Coinbase {
    let tag = pool.map_or(&[][..], PoolProfile::tag);
    let mut script_sig = Vec::with_capacity(6 + 2 + tag.len() + 1 + EXTRANONCE_LEN);
    push_height(&mut script_sig, height);
    push_data(&mut script_sig, tag);
    let mut extranonce = [0u8; EXTRANONCE_LEN];
    rng.fill_bytes(&mut extranonce);
    push_data(&mut script_sig, &extranonce);

    let payout = match pool {
        Some(p) => p.payout_script().clone(),
        None => {
            // An unidentified miner: a fresh P2WPKH-shaped script each block.
            let mut s = [0u8; 22];
            s[1] = 0x14;
            if let Some(body) = s.get_mut(2..) {
                rng.fill_bytes(body);
            }
            ScriptBuf::from_bytes(s.to_vec())
        }
    };
    let mut commitment = [0u8; 38];
    commitment[..6].copy_from_slice(&WITNESS_COMMITMENT_PREFIX);
    if let Some(body) = commitment.get_mut(6..) {
        rng.fill_bytes(body);
    }

    let dust = pool.is_some_and(PoolProfile::has_dust_output) && reward.to_sat() > DUST_SAT;
    let mut outputs = Vec::with_capacity(3);
    let main = if dust {
        outputs.push(CoinbaseOutput::new(Amount::from_sat(DUST_SAT), payout.clone()));
        reward - Amount::from_sat(DUST_SAT)
    } else {
        reward
    };
    outputs.push(CoinbaseOutput::new(main, payout));
    outputs.push(CoinbaseOutput::new(Amount::ZERO, ScriptBuf::from_bytes(commitment.to_vec())));
    Coinbase::new(script_sig, outputs)
}

fn push_compact_size(buf: &mut Vec<u8>, n: usize) {
    match n {
        0..=0xfc => buf.push(n as u8),
        0xfd..=0xffff => {
            buf.push(0xfd);
            buf.extend_from_slice(&(n as u16).to_le_bytes());
        }
        _ => {
            buf.push(0xfe);
            buf.extend_from_slice(&(n as u32).to_le_bytes());
        }
    }
}

/// The txid of a version-2, locktime-0 coinbase transaction with these parts (legacy
/// serialization, as txids are), written into a reusable `scratch` buffer.
pub(crate) fn coinbase_txid(cb: &Coinbase, scratch: &mut Vec<u8>) -> Txid {
    scratch.clear();
    scratch.extend_from_slice(&2i32.to_le_bytes());
    scratch.push(1); // one input
    scratch.extend_from_slice(&[0u8; 32]);
    scratch.extend_from_slice(&u32::MAX.to_le_bytes());
    push_compact_size(scratch, cb.script_sig().len());
    scratch.extend_from_slice(cb.script_sig());
    scratch.extend_from_slice(&u32::MAX.to_le_bytes()); // sequence
    push_compact_size(scratch, cb.outputs().len());
    for o in cb.outputs() {
        scratch.extend_from_slice(&o.value().to_sat().to_le_bytes());
        push_compact_size(scratch, o.script_pubkey().len());
        scratch.extend_from_slice(o.script_pubkey().as_bytes());
    }
    scratch.extend_from_slice(&0u32.to_le_bytes()); // locktime
    Txid::from_raw_hash(sha256d::Hash::hash(scratch))
}

#[cfg(test)]
mod tests {
    use bitcoin::absolute::LockTime;
    use bitcoin::transaction::Version;
    use bitcoin::{OutPoint, Sequence, Transaction, TxIn, TxOut, Witness};

    use super::*;
    use crate::sim::PoolMix;

    fn as_tx(cb: &Coinbase) -> Transaction {
        Transaction {
            version: Version::TWO,
            lock_time: LockTime::ZERO,
            input: vec![TxIn {
                previous_output: OutPoint::null(),
                script_sig: ScriptBuf::from_bytes(cb.script_sig().to_vec()),
                sequence: Sequence::MAX,
                witness: Witness::new(),
            }],
            output: cb
                .outputs()
                .iter()
                .map(|o| TxOut { value: o.value(), script_pubkey: o.script_pubkey().clone() })
                .collect(),
        }
    }

    #[test]
    fn txid_matches_rust_bitcoin_and_bip34_decodes() {
        let mix = PoolMix::mainnet_2024();
        let mut rng = SimRng::stream(3, 9);
        let mut scratch = Vec::new();
        for (h, pool) in [
            (830_593, mix.pools().first()),
            (5, None),
            (200, mix.pools().get(1)),
            (8_388_608, None),
        ] {
            let cb = build_coinbase(h, pool, Amount::from_sat(650_000_000), &mut rng);
            let tx = as_tx(&cb);
            assert!(tx.is_coinbase());
            assert_eq!(coinbase_txid(&cb, &mut scratch), tx.compute_txid());
            assert_eq!(cb.total_value(), Some(Amount::from_sat(650_000_000)));
            assert!(cb.script_sig().len() <= 100);
            if let Some(p) = pool {
                let sig = cb.script_sig();
                assert!(sig.windows(p.tag().len()).any(|w| w == p.tag()));
            }
            // BIP34: rust-bitcoin reads the same height back from a block with this coinbase.
            let block = bitcoin::Block {
                header: bitcoin::block::Header {
                    version: bitcoin::block::Version::from_consensus(0x2000_0000),
                    prev_blockhash: bitcoin::BlockHash::all_zeros(),
                    merkle_root: bitcoin::TxMerkleNode::all_zeros(),
                    time: 0,
                    bits: bitcoin::CompactTarget::from_consensus(0x1d00ffff),
                    nonce: 0,
                },
                txdata: vec![tx],
            };
            if h > 16 {
                assert_eq!(block.bip34_block_height().unwrap(), u64::from(h));
            }
        }
    }

    #[test]
    fn antpool_dust_comes_first() {
        let mix = PoolMix::mainnet_2024();
        let ant = mix.pools().get(1).unwrap();
        let cb = build_coinbase(
            900_000,
            Some(ant),
            Amount::from_sat(400_000_000),
            &mut SimRng::stream(1, 1),
        );
        let first = cb.outputs().first().unwrap();
        assert_eq!(first.value(), Amount::from_sat(DUST_SAT));
        assert_eq!(first.script_pubkey(), ant.payout_script());
        assert_eq!(cb.outputs().len(), 3);
    }
}
