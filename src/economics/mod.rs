//! `economics` — placeholder, being built.
