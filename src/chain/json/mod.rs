//! Parsers for block JSON (Bitcoin Core RPC and Esplora) from `&str`, without I/O.
