#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! One integration-test binary: the store contract on both databases, the public
//! boundary (canary), the audit chain, the CLI, and import/export.

mod helpers;

mod ingest;

mod accounts;
mod api;
mod appeal;
mod audit;
mod authz;
mod backup;
mod browser;
mod campaigns;
mod canary;
mod cli;
mod dashboard;
mod data;
mod durability;
mod exchange;
mod feed;
mod fixtures;
mod hostile;
mod i18n;
mod keyfile;
mod matching;
mod migrations;
mod outage;
mod records;
mod report;
mod review;
mod seized;
mod sources;
mod staff;
mod stats;
mod store;
mod two_factor;
mod web;
mod webdriver;
