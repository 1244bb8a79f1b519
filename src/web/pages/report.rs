//! `/report?as_of=DATE` (HTML; `&format=pdf` for the PDF): everyone held on a day,
//! grouped by category with counts (see `public::report`). Made from the in-memory
//! public list and kept in the page cache until the registry or the day changes.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::domain::Date;
use crate::public::report::Report;
use crate::web::Shared;
use crate::web::error::{PageError, Problem};

#[derive(Debug, serde::Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    as_of: Option<String>,
    #[serde(default)]
    format: Option<String>,
}

pub async fn show(State(state): State<Shared>, Query(q): Query<ReportQuery>) -> Response {
    let fail = |p: Problem| PageError(p, state.templates.clone()).into_response();
    let today = state.today();
    let as_of = match q.as_of.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => today,
        Some(raw) => match Date::parse(raw) {
            Ok(d) => d,
            Err(e) => return fail(Problem::bad("as_of", e.to_string())),
        },
    };
    let pdf = match q.format.as_deref() {
        None | Some("html") => false,
        Some("pdf") => true,
        Some(other) => {
            return fail(Problem::bad(
                "format",
                format!("'{other}' is not html or pdf"),
            ));
        }
    };
    let snapshot = state.snapshot();
    let key = format!(
        "/report?as_of={as_of}&format={}",
        if pdf { "pdf" } else { "html" }
    );
    let make = async {
        let report = Report::build(&snapshot.list, as_of, today);
        if pdf {
            tokio::task::spawn_blocking(move || crate::print::pdf(&report.doc()))
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r.map_err(|e| e.to_string()))
        } else {
            state
                .templates
                .render("report.html", serde_json::json!({ "report": report }))
                .map(String::into_bytes)
                .map_err(|e| format!("report template: {e}"))
        }
    };
    let body = match state.slow_file(snapshot.public, today, key, make).await {
        Ok(b) => b,
        Err(p) => return fail(p),
    };
    let content_type = if pdf {
        "application/pdf"
    } else {
        "text/html; charset=utf-8"
    };
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}
