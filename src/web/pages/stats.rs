//! `/stats` (charts of the public record, drawn on the server) and `/stats/{name}.csv`
//! (the numbers behind each chart). The page and its four files are made together from
//! one pass over the public list and kept until the registry or the day changes.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use crate::public::stats::Stats;
use crate::web::Shared;
use crate::web::error::{PageError, Problem, log_internal};

const FILES: [&str; 4] = ["held.csv", "arrests.csv", "categories.csv", "charges.csv"];

/// The page (`key` "/stats") or one of its files ("/stats/held.csv" ...).
fn rendered(state: &Shared, key: &str) -> Result<Bytes, String> {
    let snapshot = state.snapshot();
    let today = state.today();
    if let Some(found) = state.cached(snapshot.public, today, key) {
        return Ok(found);
    }
    let stats = Stats::build(&snapshot.list, today);
    let charts: Vec<_> = stats
        .charts()
        .into_iter()
        .map(|(name, svg)| json!({ "name": name, "svg": svg }))
        .collect();
    let held_now: usize = stats
        .held
        .last()
        .map_or(0, |(_, _, counts)| counts.values().sum());
    let context = json!({ "as_of": stats.as_of, "held_now": held_now, "charts": charts });
    let page = state
        .templates
        .render("stats.html", context)
        .map_err(|e| format!("stats template: {e}"))?;
    let files = [
        stats.held_csv(),
        stats.arrests_csv(),
        stats.categories_csv(),
        stats.charges_csv(),
    ];
    let mut wanted = None;
    for (name, body) in std::iter::once(("/stats".to_string(), page))
        .chain(FILES.iter().map(|f| format!("/stats/{f}")).zip(files))
    {
        let body = Bytes::from(body);
        if name == key {
            wanted = Some(body.clone());
        }
        state.remember(snapshot.public, today, name, body);
    }
    wanted.ok_or_else(|| format!("no statistics file {key}"))
}

pub async fn show(State(state): State<Shared>) -> Response {
    match rendered(&state, "/stats") {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            PageError(Problem::Internal(log_internal(&e)), state.templates.clone()).into_response()
        }
    }
}

pub async fn csv(State(state): State<Shared>, Path(file): Path<String>) -> Response {
    if !FILES.contains(&file.as_str()) {
        return PageError(Problem::NotFound, state.templates.clone()).into_response();
    }
    match rendered(&state, &format!("/stats/{file}")) {
        Ok(body) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(e) => {
            PageError(Problem::Internal(log_internal(&e)), state.templates.clone()).into_response()
        }
    }
}
