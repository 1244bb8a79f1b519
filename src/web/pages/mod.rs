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

/// `/healthz`: the database answers.
pub async fn health(State(state): State<Shared>) -> Response {
    match state.store.head().await {
        Ok(_) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            let id = super::error::log_internal(&e.to_string());
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("database unavailable (request {id})\n"),
            )
                .into_response()
        }
    }
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
