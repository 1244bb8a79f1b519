//! HTML pages, one file per URL.

pub mod actions;
pub mod data;
pub mod feed;
pub mod list;
pub mod person;
pub mod report;
pub mod stats;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::Shared;
use super::error::{PageError, Problem};

/// `/healthz`: `ok` when the database answers; otherwise 503 and why, for the
/// operator's monitor (a full disk, a database away), or a request id for the log.
pub async fn health(State(state): State<Shared>) -> Response {
    use crate::store::StoreError;
    let why = match state.store.head().await {
        Ok(_) => return (StatusCode::OK, "ok\n").into_response(),
        Err(StoreError::Unavailable(reason)) => {
            tracing::warn!(reason = %reason, "health check: the database is not answering");
            format!("the database is not answering ({reason})")
        }
        Err(StoreError::Full) => {
            tracing::warn!("health check: the database's disk is full or failing");
            "the database's disk is full or failing".into()
        }
        Err(e) => format!(
            "database error (request {})",
            super::error::log_internal(&e.to_string())
        ),
    };
    let mut response = (
        StatusCode::SERVICE_UNAVAILABLE,
        format!("unavailable: {why}\n"),
    )
        .into_response();
    super::error::retry_after(&mut response);
    response
}

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../../static/style.css"),
    )
        .into_response()
}

pub async fn not_found(State(state): State<Shared>) -> Response {
    PageError(Problem::NotFound, state.templates.clone()).into_response()
}
