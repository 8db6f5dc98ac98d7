//! `hashrate` — placeholder, being built.
