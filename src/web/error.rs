//! The one error type of the web boundary. Pages get an HTML page, the API gets JSON;
//! both name the bad parameter on a 400, and neither shows internals: a 500 carries a
//! request id that the log line also carries.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use super::render::Templates;
use crate::store::StoreError;

#[derive(Debug)]
pub enum Problem {
    NotFound,
    /// Signed in, but the role may not do this (the policy table says so).
    Forbidden,
    /// The record holds restricted data, and this session signed in without a second
    /// factor: it may read up to internal only.
    SecondFactor,
    BadParameter {
        name: &'static str,
        reason: String,
    },
    Internal(String),
    /// A slow file is being made for someone else: try again shortly.
    Busy,
    /// The database's disk is full: nothing was written.
    Full,
    /// The database is busy or unreachable: nothing was written; try again shortly.
    Unavailable,
}

impl Problem {
    pub fn bad(name: &'static str, reason: impl Into<String>) -> Problem {
        Problem::BadParameter {
            name,
            reason: reason.into(),
        }
    }

    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Problem::NotFound => StatusCode::NOT_FOUND,
            Problem::Forbidden | Problem::SecondFactor => StatusCode::FORBIDDEN,
            Problem::BadParameter { .. } => StatusCode::BAD_REQUEST,
            Problem::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Problem::Busy | Problem::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Problem::Full => StatusCode::INSUFFICIENT_STORAGE,
        }
    }

    pub(crate) fn message(&self) -> String {
        match self {
            Problem::NotFound => "There is nothing at this address.".into(),
            Problem::Forbidden => "Your role may not do this. Ask an admin if you need to.".into(),
            Problem::SecondFactor => "This record holds restricted data, which only a session signed in with a second factor may read or change. Set one up under Your account (two-factor), then sign in again.".into(),
            Problem::BadParameter { name, reason } => {
                format!("The parameter '{name}' is wrong: {reason}.")
            }
            Problem::Internal(id) => {
                format!("Something went wrong on our side (request {id}). Please try again later.")
            }
            Problem::Busy => {
                "Another large file is being made right now. Please try again in a few seconds."
                    .into()
            }
            Problem::Full => "The server's disk is full, so nothing was saved. Tell your admin; try again once space is freed.".into(),
            Problem::Unavailable => {
                "The database is not answering right now, so nothing was saved. Please try again in a few seconds.".into()
            }
        }
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Problem {
        match e {
            StoreError::NotFound { .. } => Problem::NotFound,
            StoreError::Full => {
                tracing::error!("the database's disk is full");
                Problem::Full
            }
            StoreError::Unavailable(why) => {
                tracing::warn!(reason = %why, "the database is not answering");
                Problem::Unavailable
            }
            other => Problem::Internal(log_internal(&other.to_string())),
        }
    }
}

/// Logs an internal failure with a fresh id and returns the id for the visitor.
pub fn log_internal(detail: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let id = format!("e{}", NEXT.fetch_add(1, Ordering::Relaxed));
    tracing::error!(request_error = %id, detail = %detail, "internal error");
    id
}

/// A 503 says when to come back (RFC 9110, 10.2.3): a few seconds.
pub fn retry_after(response: &mut Response) {
    if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("5"),
        );
    }
}

/// An error on an HTML page.
pub struct PageError(pub Problem, pub Templates);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let PageError(problem, templates) = self;
        let status = problem.status();
        // Error pages are in English: a refused request has no page language yet.
        let title_key = match status {
            StatusCode::NOT_FOUND => "error-not-found",
            StatusCode::BAD_REQUEST => "error-bad-request",
            _ => "error-other",
        };
        let body = templates.render(
            "error.html",
            json!({ "title_key": title_key, "status": status.as_u16(), "message": problem.message() }),
        );
        let mut response = match body {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, problem.message()).into_response(),
        };
        retry_after(&mut response);
        response
    }
}

/// An error from the JSON API.
pub struct ApiError(pub Problem);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let parameter = match &self.0 {
            Problem::BadParameter { name, .. } => Some(*name),
            _ => None,
        };
        let body = json!({ "error": { "status": status.as_u16(), "parameter": parameter, "message": self.0.message() } });
        let mut response = (status, Json(body)).into_response();
        retry_after(&mut response);
        response
    }
}

impl From<Problem> for ApiError {
    fn from(p: Problem) -> ApiError {
        ApiError(p)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError(e.into())
    }
}
