//! The read API under `/api/v1/`: the same public views as the pages, as JSON.

pub mod people;
