//! The simulation loop.

use bitcoin::block::{Header, Version};
use bitcoin::{Amount, TxMerkleNode};

use super::coinbase::{build_coinbase, coinbase_txid};
use super::path::PathCursor;
use super::rng::SimRng;
use super::{BlockTruth, Scenario, SimError, SimulatedChain};
use crate::chain::consensus::{
    MTP_WINDOW, block_subsidy, block_work, is_retarget_height, median_time_past, next_bits,
    target_from_bits, work_to_f64,
};
use crate::chain::{BlockRecord, BlockSeries};
use crate::units::Hashrate;

/// Independent random streams, so that e.g. switching timestamp noise off leaves the Exp(1)
/// efforts and the finders unchanged.
const STREAM_ARRIVALS: u64 = 1;
const STREAM_FINDERS: u64 = 2;
const STREAM_CLOCKS: u64 = 3;
const STREAM_COINBASE: u64 = 4;

/// BIP9 top bits plus BIP320 version-rolling bits, as modern miners set them.
/// Blocks reserved up front (about 15 months of blocks, about 15 MB); longer runs grow
/// their vectors by doubling.
const RESERVE_BLOCKS: usize = 1 << 16;

const VERSION_BASE: i32 = 0x2000_0000;
const VERSION_ROLLING_MASK: u32 = 0x1fff_e000;

fn work_of(bits: bitcoin::CompactTarget, height: u32) -> Result<f64, SimError> {
    target_from_bits(bits).map(|t| work_to_f64(block_work(t))).ok_or(SimError::Chain(
        crate::chain::ChainError::InvalidBits { height, bits: bits.to_consensus() },
    ))
}

pub(crate) fn simulate(sc: &Scenario, n_blocks: usize) -> Result<SimulatedChain, SimError> {
    if n_blocks == 0 {
        return Err(SimError::ZeroBlocks);
    }
    let start = sc.start();
    let overflow = SimError::HeightOverflow { start_height: start.height(), n_blocks };
    let n_u32 = u32::try_from(n_blocks).map_err(|_| overflow.clone())?;
    start.height().checked_add(n_u32).ok_or(overflow)?;

    let network = sc.network_hashrate();
    let pools = sc.pools();
    let noise = sc.noise();
    let fees = sc.fees();
    let mut arrivals = SimRng::stream(sc.seed(), STREAM_ARRIVALS);
    let mut finders = SimRng::stream(sc.seed(), STREAM_FINDERS);
    let mut clocks = SimRng::stream(sc.seed(), STREAM_CLOCKS);
    let mut coinbases = SimRng::stream(sc.seed(), STREAM_COINBASE);

    let start_unix = f64::from(start.time());
    // Last true time whose header could still fit u32 (seconds since start).
    let t_max = f64::from(u32::MAX) - start_unix;
    let mut t = 0.0f64;
    let mut cursor = PathCursor::default();
    let mut bits = start.bits();
    let mut work = work_of(bits, start.height())?;
    let mut period_first_time = start.period_start_time();
    let mut prev_time = start.time();
    let mut prev_hash = start.hash();
    let mut window = [0u32; MTP_WINDOW];
    for (slot, time) in
        window.iter_mut().zip(start.recent_times().iter().chain([start.time()].iter()))
    {
        *slot = *time;
    }
    let mut window_pos = 0usize;

    // Reserve at most RESERVE_BLOCKS up front: a request for billions of blocks would otherwise
    // ask the allocator for terabytes and abort before the first block (or before an error).
    let reserve = n_blocks.min(RESERVE_BLOCKS);
    let mut records = Vec::with_capacity(reserve);
    let mut truth = Vec::with_capacity(reserve);
    let mut scratch = Vec::with_capacity(256);

    for height in (start.height() + 1)..=(start.height() + n_u32) {
        if is_retarget_height(height) {
            bits = next_bits(bits, period_first_time, prev_time);
            work = work_of(bits, height)?;
        }
        let effort = arrivals.exp1();
        t = network.solve(&mut cursor, t, work * effort, t_max, height).map_err(|e| match e {
            SimError::TimeOverflow { height, unix_secs } => {
                SimError::TimeOverflow { height, unix_secs: unix_secs + start_unix }
            }
            other => other,
        })?;
        let true_unix = start_unix + t;
        if t > t_max {
            return Err(SimError::TimeOverflow { height, unix_secs: true_unix });
        }
        let h_net = network.hs_at(t)?;
        let finder = pools.draw_finder(&mut finders, t)?;

        let offset = noise.draw_offset(&mut clocks);
        let mtp = median_time_past(&window);
        let header_time = noise.header_time(true_unix, offset, mtp);
        let time = u32::try_from(header_time)
            .map_err(|_| SimError::TimeOverflow { height, unix_secs: true_unix })?;
        if is_retarget_height(height) {
            period_first_time = time;
        }

        let reward = block_subsidy(height)
            .checked_add(fees.draw(&mut coinbases))
            .unwrap_or(Amount::MAX_MONEY);
        let pool = finder.and_then(|i| pools.pools().get(i));
        let coinbase = build_coinbase(height, pool, reward, &mut coinbases);
        let txid = coinbase_txid(&coinbase, &mut scratch);
        let roll = coinbases.next_u64();
        let version = VERSION_BASE | ((roll as u32) & VERSION_ROLLING_MASK) as i32;
        let header = Header {
            version: Version::from_consensus(version),
            prev_blockhash: prev_hash,
            merkle_root: TxMerkleNode::from_raw_hash(txid.to_raw_hash()),
            time,
            bits,
            nonce: (roll >> 32) as u32,
        };
        let record = BlockRecord::from_header(&header, height)
            .map_err(SimError::Chain)?
            .with_coinbase(coinbase);
        prev_hash = record.hash();
        prev_time = time;
        if let Some(slot) = window.get_mut(window_pos) {
            *slot = time;
        }
        window_pos = (window_pos + 1) % MTP_WINDOW;
        records.push(record);
        let hashrate = Hashrate::from_hs(h_net)
            .map_err(|_| SimError::InvalidHashrate { value: h_net, time_secs: t })?;
        truth.push(BlockTruth::new(start.time(), t, hashrate, finder, effort));
    }
    let series = BlockSeries::new(records).map_err(SimError::Chain)?;
    Ok(SimulatedChain::new(series, truth, pools.pools().to_vec(), start.clone()))
}
