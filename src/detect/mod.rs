//! `detect` — placeholder, being built.
