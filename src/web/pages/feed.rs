//! `/feed.atom` (and `/feed.atom?country=CC`): the Atom feed of public changes.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::domain::Country;
use crate::public::feed::atom;
use crate::web::Shared;
use crate::web::error::{PageError, Problem};

#[derive(Debug, serde::Deserialize)]
pub struct FeedQuery {
    #[serde(default)]
    country: Option<String>,
}

pub async fn show(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<FeedQuery>,
) -> Response {
    let country = match q.country.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => match c.parse::<Country>() {
            Ok(c) => Some(c),
            Err(e) => {
                return PageError(
                    Problem::bad("country", e.to_string()),
                    state.templates.clone(),
                )
                .into_response();
            }
        },
    };
    // Links point back at the address the feed was asked from.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    let xml = atom(
        &state.snapshot().list,
        country,
        &format!("{scheme}://{host}"),
    );
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        xml,
    )
        .into_response()
}
