//! `/`: the public list, with filters, search, sorting and pages.

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use crate::domain::{Category, Country, Status};
use crate::web::Shared;
use crate::web::error::{PageError, Problem, log_internal};
use crate::web::http::{conditional, fnv1a};
use crate::web::i18n;
use crate::web::params::{self, page_url};

pub async fn show(
    State(state): State<Shared>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let fail = |p: Problem| PageError(p, state.templates.clone()).into_response();
    let pairs = match query {
        Ok(Query(pairs)) => pairs,
        Err(e) => return fail(Problem::bad("query", e.body_text())),
    };
    let (query, form) = match params::parse(&pairs, false) {
        Ok(q) => q,
        Err(p) => return fail(p),
    };
    let snapshot = state.snapshot();
    let today = state.today();
    let explicit = Some(form.lang.as_str()).filter(|l| !l.is_empty());
    let lang = i18n::page_lang(&headers, explicit);
    // The page in one language: its cache key and ETag name the language.
    let key = format!("{lang} {}", params::page_url(&form, query.page));
    let etag = format!(
        "W/\"l{:x}-{today}-{:x}\"",
        snapshot.public,
        fnv1a(key.bytes())
    );
    let response = conditional(&headers, &etag, snapshot.last_modified.as_deref(), || {
        if let Some(page) = state.cached(snapshot.public, today, &key) {
            return Html(page).into_response();
        }
        let page = snapshot.list.query(&query, today);
        let as_of = query.as_of.unwrap_or(today);
        let context = json!({
            "lang": lang,
            "lang_param": explicit,
            "as_of": as_of,
            "now": query.status.is_none() && query.as_of.is_none(),
            "status": query.status.map(|s| s.as_str()),
            "form": form,
            "page": page,
            "statuses": Status::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            "categories": Category::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            "countries": snapshot.list.countries().iter().map(Country::to_string).collect::<Vec<_>>(),
            "prev_url": (page.page > 1).then(|| page_url(&form, page.page - 1)),
            "next_url": (page.page < page.pages).then(|| page_url(&form, page.page + 1)),
        });
        match state.templates.render("list.html", context) {
            Ok(html) => {
                // Bytes share one buffer between the cache and every response.
                let html = Bytes::from(html);
                state.remember(snapshot.public, today, key, html.clone());
                Html(html).into_response()
            }
            Err(e) => fail(Problem::Internal(log_internal(&format!(
                "list template: {e}"
            )))),
        }
    });
    i18n::vary(response)
}
