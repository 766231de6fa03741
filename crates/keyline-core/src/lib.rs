//! Keyline's domain: what an inspection template is, how one is checked, and how answers
//! are scored. Everything here is pure (no files, no database, no clock) so the desktop
//! app, the CLI, the report and the tests all reach the same results from the same data.

pub mod board;
pub mod scoring;
pub mod template;

#[cfg(feature = "ts")]
mod ts;
#[cfg(feature = "ts")]
pub use ts::typescript_declarations;
