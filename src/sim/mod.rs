//! `sim` — placeholder, being built.
