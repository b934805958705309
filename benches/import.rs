//! Placeholder until the import benchmark is written.
fn main() {}
