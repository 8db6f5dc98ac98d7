//! `pool` — placeholder, being built.
