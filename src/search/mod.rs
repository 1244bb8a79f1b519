//! Search over the registry: name folding (so a search in any script or spelling the
//! registry holds finds the person) and the cross-script name matcher with scores and
//! decisions, used by `habeas match`, ingest and duplicate detection.

mod fold;
pub mod names;

pub use fold::fold;
pub use names::{Candidate, Decision, NameIndex, NameKey, compare};
