//! `/stats` (charts of the public record, drawn on the server) and `/stats/{name}.csv`
//! (the numbers behind each chart).

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use crate::public::stats::Stats;
use crate::web::Shared;
use crate::web::error::{PageError, Problem, log_internal};

pub async fn show(State(state): State<Shared>) -> Response {
    let stats = Stats::build(&state.snapshot().list, state.today());
    let charts: Vec<_> = stats
        .charts()
        .into_iter()
        .map(|(name, title, svg)| json!({ "name": name, "title": title, "svg": svg }))
        .collect();
    let held_now: usize = stats
        .held
        .last()
        .map_or(0, |(_, _, counts)| counts.values().sum());
    let context = json!({ "as_of": stats.as_of, "held_now": held_now, "charts": charts });
    match state.templates.render("stats.html", context) {
        Ok(html) => Html(html).into_response(),
        Err(e) => PageError(
            Problem::Internal(log_internal(&e.to_string())),
            state.templates.clone(),
        )
        .into_response(),
    }
}

pub async fn csv(State(state): State<Shared>, Path(file): Path<String>) -> Response {
    let stats = Stats::build(&state.snapshot().list, state.today());
    let body = match file.as_str() {
        "held.csv" => stats.held_csv(),
        "arrests.csv" => stats.arrests_csv(),
        "categories.csv" => stats.categories_csv(),
        "charges.csv" => stats.charges_csv(),
        _ => return PageError(Problem::NotFound, state.templates.clone()).into_response(),
    };
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        body,
    )
        .into_response()
}
