//! Simulation results as text: a table for a terminal, JSON, and CSV per event.
//!
//! Pure formatting: it returns strings and never writes files (that is `io` or the caller) and
//! never simulates (that is `engine`).
