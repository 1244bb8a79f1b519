//! Search over the registry. For now: name folding, so that a search in any script or
//! spelling the registry holds finds the person (the cross-script matcher with scores
//! and duplicate detection comes with ingest).

mod fold;

pub use fold::fold;
