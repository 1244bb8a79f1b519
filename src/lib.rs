//! habeas: documentation and advocacy for people jailed for their work or opinions.
//!
//! The map:
//! - [`domain`]: pure types and rules (people, cases, events, dates, status).
//! - [`public`]: the only constructors of data that may leave for the public.
//! - [`crypto`]: the key file and the sealing of restricted values.
//! - [`accounts`]: password hashing (Argon2id), generated passwords, API tokens.
//! - [`audit`]: the hash chain: canonical entries and their verification.
//! - [`campaign`]: urgent actions and their letters, from public facts only.
//! - [`store`]: the only module that knows SQL; SQLite and PostgreSQL.
//! - [`exchange`]: CSV, JSON and NDJSON export, and spreadsheet import.
//! - [`print`]: printable documents (letter packs, reports) as PDF.
//! - [`search`]: name folding across scripts and spellings.
//! - [`spreadsheet`]: CSV cells that spreadsheets show and never run as formulas.
//! - [`web`]: the public site and read API (`habeas serve`).
//! - [`demo`]: a deterministic generator of fictional records.
//! - [`cli`]: one file per command; the only place that reads the clock.

pub mod accounts;
pub mod audit;
pub mod campaign;
pub mod cli;
pub mod crypto;
pub mod demo;
pub mod domain;
pub mod exchange;
pub mod ingest;
pub mod print;
pub mod public;
pub mod search;
pub mod spreadsheet;
pub mod store;
pub mod web;
