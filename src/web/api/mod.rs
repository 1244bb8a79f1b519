//! The API under `/api/v1/`: the public views as JSON (read, `people.rs`), and the
//! staff write API with tokens (`write.rs`), described at `/api/openapi.json`.

pub mod people;
pub mod write;
