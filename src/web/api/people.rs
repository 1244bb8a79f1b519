//! `/api/v1/people` (the list, same filters as `/`, paginated with a total) and
//! `/api/v1/people/{id}` (one public person, as the JSON export has them).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use crate::domain::PersonId;
use crate::public::ContentHash;
use crate::public::PublicPerson;
use crate::web::Shared;
use crate::web::error::{ApiError, Problem};
use crate::web::http::{conditional, fnv1a};
use crate::web::params;

/// Parses a path id; anything but a positive integer is simply not found.
fn person_id(raw: &str) -> Result<PersonId, Problem> {
    params::positive_id(raw)
        .map(PersonId)
        .ok_or(Problem::NotFound)
}

/// The public view of one person, or not found (also for people who are not public).
pub async fn public_person(state: &Shared, raw_id: &str) -> Result<PublicPerson, Problem> {
    let id = person_id(raw_id)?;
    let registry = state.store.registry_of(id).await?;
    registry
        .people
        .first()
        .and_then(|p| PublicPerson::build(p, &registry))
        .ok_or(Problem::NotFound)
}

/// The public list (same filters as the site), paginated.
#[utoipa::path(
    get, path = "/api/v1/people", tag = "read",
    params(
        ("q" = Option<String>, Query, description = "Any spelling of a name"),
        ("status" = Option<String>, Query, description = "held, released or a status"),
        ("country" = Option<String>, Query, description = "ISO 3166-1 alpha-2"),
        ("category" = Option<String>, Query),
        ("as_of" = Option<String>, Query, description = "YYYY-MM-DD: the list on that day"),
        ("sort" = Option<String>, Query, description = "name, arrested or country"),
        ("page" = Option<u32>, Query),
        ("per_page" = Option<u32>, Query),
    ),
    responses((status = 200, description = "A page of public people, with the total"), (status = 400, description = "A parameter is wrong"))
)]
pub async fn list(
    State(state): State<Shared>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let pairs = match query {
        Ok(Query(pairs)) => pairs,
        Err(e) => return ApiError(Problem::bad("query", e.body_text())).into_response(),
    };
    let (query, _) = match params::parse(&pairs, true) {
        Ok(q) => q,
        Err(p) => return ApiError(p).into_response(),
    };
    let snapshot = state.snapshot();
    let today = state.today();
    let etag = format!(
        "W/\"a{:x}-{today}-{:x}\"",
        snapshot.public,
        query_key(&pairs)
    );
    let key = format!("api:{}", query_key(&pairs));
    conditional(&headers, &etag, snapshot.last_modified.as_deref(), || {
        let body = match state.cached(snapshot.public, today, &key) {
            Some(body) => body,
            None => match serde_json::to_string(&snapshot.list.query(&query, today)) {
                Ok(json) => {
                    let json = axum::body::Bytes::from(json);
                    state.remember(snapshot.public, today, key, json.clone());
                    json
                }
                Err(e) => {
                    return ApiError(Problem::Internal(crate::web::error::log_internal(
                        &e.to_string(),
                    )))
                    .into_response();
                }
            },
        };
        (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    })
}

fn query_key(pairs: &[(String, String)]) -> u64 {
    fnv1a(
        pairs
            .iter()
            .flat_map(|(k, v)| k.bytes().chain([0]).chain(v.bytes()).chain([1])),
    )
}

/// One public person.
#[utoipa::path(
    get, path = "/api/v1/people/{id}", tag = "read",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The public record"), (status = 404, description = "No such public person"))
)]
pub async fn show(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    match public_person(&state, &id).await {
        Ok(person) => {
            // Tagged by the public record itself: no staff write changes it.
            let etag = format!("W/\"ap{}-{:x}\"", person.id, ContentHash::of(&person));
            let last_modified = state.snapshot().last_modified.clone();
            conditional(&headers, &etag, last_modified.as_deref(), || {
                Json(&person).into_response()
            })
        }
        Err(p) => ApiError(p).into_response(),
    }
}
