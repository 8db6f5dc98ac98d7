//! Power-down demo (placeholder until the simulator and detectors land): prints a short
//! difficulty-retarget computation so the README command works at every commit.
use bitcoin::CompactTarget;
use minerscope::chain::consensus::next_bits;

fn main() {
    let bits = next_bits(CompactTarget::from_consensus(0x1d00ffff), 1_261_130_161, 1_262_152_739);
    println!("first mainnet retarget (height 32256): bits {:#010x}", bits.to_consensus());
}
