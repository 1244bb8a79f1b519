//! `/people/{id}`: one person's public page. A person who is not public is not found,
//! exactly like one who does not exist.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use crate::public::ContentHash;
use crate::web::Shared;
use crate::web::api::people::public_person;
use crate::web::error::{PageError, Problem, log_internal};
use crate::web::http::conditional;
use crate::web::i18n;

pub async fn show(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<i18n::LangQuery>,
) -> Response {
    let fail = |p: Problem| PageError(p, state.templates.clone()).into_response();
    let person = match public_person(&state, &id).await {
        Ok(p) => p,
        Err(p) => return fail(p),
    };
    let explicit = i18n::chosen(q.lang.as_deref());
    let lang = i18n::page_lang(&headers, explicit);
    // Tagged by the public record itself: no staff write changes it.
    let etag = format!("W/\"p{}-{:x}-{lang}\"", person.id, ContentHash::of(&person));
    let last_modified = state.snapshot().last_modified.clone();
    let response = conditional(&headers, &etag, last_modified.as_deref(), || {
        match state.templates.render(
            "person.html",
            json!({ "person": person, "lang": lang, "lang_param": explicit }),
        ) {
            Ok(html) => Html(html).into_response(),
            Err(e) => fail(Problem::Internal(log_internal(&format!(
                "person template: {e}"
            )))),
        }
    });
    i18n::vary(response)
}
