//! The write API: create and update people, add cases and events, with a per-user API
//! token (`Authorization: Bearer hb_...`). The token's role goes through the same
//! policy table as the workspace, and bodies go through the same checks as its forms
//! (they become the forms' fields, literal ones: a list is one field per item and no
//! value is read for the form's text syntax), so the API cannot accept what the
//! browser would refuse. Errors are JSON that name each field and its problem.
//!
//! The OpenAPI document at `/api/openapi.json` is generated from these handlers'
//! annotations and input types; a test checks it lists every API route the router has.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, http};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::accounts::token_digest;
use crate::domain::{Action, CaseId, EventId, PersonId, SourceId};
use crate::store::{Dossier, DossierCase, Stamp, StoreError, TokenHolder};
use crate::web::Shared;
use crate::web::error::log_internal;
use crate::web::params::positive_id;
use crate::web::staff::cases::{self, case_of, event_of};
use crate::web::staff::corrections::{self, source_of};
use crate::web::staff::form::{Errors, Fields};
use crate::web::staff::people::{self, arrest_of, person_of};

/// Largest body read.
const MAX_BODY: usize = 256 * 1024;

/// An error: its HTTP status, a message, and the fields at fault.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub status: u16,
    pub message: String,
    /// Field name to problem, for bodies that were refused.
    #[schema(value_type = Object)]
    pub fields: Map<String, Value>,
}

fn error(status: StatusCode, message: &str, fields: Map<String, Value>) -> Response {
    let mut r = (
        status,
        Json(
            json!({ "error": { "status": status.as_u16(), "message": message, "fields": fields } }),
        ),
    )
        .into_response();
    if status == StatusCode::UNAUTHORIZED {
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"habeas\""),
        );
    }
    r
}

fn internal(detail: &str) -> Response {
    let id = log_internal(detail);
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        &format!("Something went wrong on our side (request {id})."),
        Map::new(),
    )
}

/// A store failure: a full disk (507), a database away (503, with Retry-After), or an
/// internal error with a request id.
fn failure(e: StoreError) -> Response {
    let problem = crate::web::error::Problem::from(e);
    let mut r = error(problem.status(), &problem.message(), Map::new());
    crate::web::error::retry_after(&mut r);
    r
}

fn refused(errors: &Errors) -> Response {
    let fields = match errors.to_json() {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "The record was not saved: see the fields.",
        fields,
    )
}

/// The token's holder, if it may take `action`.
async fn authorise(
    state: &Shared,
    headers: &HeaderMap,
    action: Action,
) -> Result<TokenHolder, Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let Some(token) = token else {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "This needs an API token: send 'Authorization: Bearer <token>' (habeas user token LOGIN).",
            Map::new(),
        ));
    };
    match state.store.token_holder(&token_digest(token)).await {
        Ok(Some(h)) if h.role.may(action) => Ok(h),
        Ok(Some(h)) => Err(error(
            StatusCode::FORBIDDEN,
            &format!("A token with the role {} may not do this.", h.role),
            Map::new(),
        )),
        Ok(None) => Err(error(
            StatusCode::UNAUTHORIZED,
            "This token is unknown, revoked, or its account is disabled.",
            Map::new(),
        )),
        Err(e) => Err(failure(e)),
    }
}

/// A write request: the token's holder, if it may edit the record, and the body read
/// as `T`. Every write endpoint starts here.
async fn intake<T: for<'de> Deserialize<'de>>(
    state: &Shared,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<(TokenHolder, T), Response> {
    let holder = authorise(state, headers, Action::EditRecord).await?;
    Ok((holder, parse(body)?))
}

fn stamp(state: &Shared, holder: &TokenHolder) -> Stamp {
    Stamp {
        actor: format!("{} (token {})", holder.account.login, holder.token_id),
        at: crate::web::http::rfc3339(state.now()),
        today: state.today(),
    }
}

/// Reads a JSON body into `T`; a body that is not JSON of that shape is a 400 naming
/// where it went wrong. (The error is the finished answer, made once per request.)
#[allow(clippy::result_large_err)]
fn parse<T: for<'de> Deserialize<'de>>(body: &Bytes) -> Result<T, Response> {
    if body.len() > MAX_BODY {
        return Err(error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The body is too large.",
            Map::new(),
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let mut fields = Map::new();
        fields.insert(path.clone(), Value::from(e.inner().to_string()));
        error(
            StatusCode::BAD_REQUEST,
            &format!(
                "The body is not the JSON this takes: at '{path}': {}.",
                e.inner()
            ),
            fields,
        )
    })
}

/// A text with its confidentiality level.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeveledText {
    pub value: String,
    /// public, internal or restricted.
    #[schema(example = "internal")]
    pub level: Option<String>,
}

/// One spelling of a name.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NameInput {
    #[schema(example = "Лейла Мамедова")]
    pub text: String,
    /// legal, transliteration or alias; the first name is legal by default, the
    /// others transliterations.
    pub kind: Option<String>,
    /// BCP 47 tag of the spelling's language.
    #[schema(example = "ru")]
    pub lang: Option<String>,
    /// public, internal or restricted: the record's level by default, and never more
    /// public than the record.
    pub level: Option<String>,
}

/// A person. The first name is the primary one.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    pub names: Vec<NameInput>,
    pub birth_year: Option<i32>,
    /// female, male, other or unknown.
    pub gender: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "AZ")]
    pub country: Option<String>,
    #[serde(default)]
    #[schema(example = json!(["journalist"]))]
    pub categories: Vec<String>,
    #[serde(default)]
    pub affiliations: Vec<String>,
    /// Public by default.
    pub bio: Option<LeveledText>,
    /// Internal by default.
    pub notes: Option<LeveledText>,
    /// Restricted (encrypted) by default.
    pub contacts: Option<LeveledText>,
    /// The level of the whole record: public by default.
    pub level: Option<String>,
    /// When creating: the arrest that opens the person's first case.
    pub arrest: Option<CaseInput>,
}

/// A detention: a case and its arrest.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseInput {
    /// YYYY-MM-DD, YYYY-MM or YYYY.
    #[schema(example = "2026-10-02")]
    pub date: String,
    pub country: Option<String>,
    pub place: Option<String>,
    pub arresting_body: Option<String>,
    /// Articles, with their text after '='.
    #[serde(default)]
    #[schema(example = json!(["206.3.2=Smuggling"]))]
    pub charges: Vec<String>,
    pub court: Option<String>,
    pub facility: Option<String>,
    pub level: Option<String>,
    /// The PACE 1900 assessment. When correcting a case, leaving it out keeps the one
    /// recorded.
    pub assessment: Option<AssessmentInput>,
}

/// Whether the detention meets the criteria of PACE Resolution 1900 (2012).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    /// a to e.
    #[schema(example = json!(["a", "e"]))]
    pub criteria: Vec<String>,
    pub reasoning: Option<String>,
    pub assessor: String,
    /// YYYY-MM-DD; today by default.
    pub date: Option<String>,
    pub level: Option<String>,
}

/// The article or statement an event rests on.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceInput {
    #[schema(example = "https://example.org/news/1")]
    pub url: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    /// high, medium, low or unknown.
    pub reliability: Option<String>,
}

/// What happened in a case after the arrest.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    /// charged, remanded, house_arrest, transferred, hearing, sentenced, appeal_filed,
    /// appeal_decided, released, died_in_custody, disappeared, health_concern,
    /// hunger_strike, ill_treatment_reported or visit_denied.
    #[schema(example = "sentenced")]
    pub kind: String,
    #[schema(example = "2026-11-20")]
    pub date: String,
    pub sentence_months: Option<u32>,
    pub release_reason: Option<String>,
    pub facility: Option<String>,
    pub next_hearing: Option<String>,
    pub details: Option<String>,
    pub level: Option<String>,
    pub source: Option<SourceInput>,
}

/// A source on its own.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceBody {
    pub url: Option<String>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    /// YYYY-MM-DD, YYYY-MM or YYYY.
    pub published: Option<String>,
    /// YYYY-MM-DD.
    pub retrieved: Option<String>,
    pub language: Option<String>,
    pub excerpt: Option<String>,
    /// high, medium, low or unknown.
    pub reliability: Option<String>,
    pub level: Option<String>,
}

/// What was created or changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Saved {
    pub id: i64,
    /// For a person created with an arrest: the new case.
    pub case_id: Option<i64>,
}

fn push(pairs: &mut Vec<(String, String)>, name: &str, value: Option<impl ToString>) {
    if let Some(v) = value {
        pairs.push((name.to_string(), v.to_string()));
    }
}

fn person_pairs(p: &PersonInput) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    // Each spelling as four aligned fields, taken literally (see `Fields::literal`).
    for n in &p.names {
        pairs.push(("name_text".into(), n.text.clone()));
        pairs.push(("name_kind".into(), n.kind.clone().unwrap_or_default()));
        pairs.push(("name_lang".into(), n.lang.clone().unwrap_or_default()));
        pairs.push(("name_level".into(), n.level.clone().unwrap_or_default()));
    }
    push(&mut pairs, "birth_year", p.birth_year);
    push(&mut pairs, "gender", p.gender.as_ref());
    push(&mut pairs, "country", p.country.as_ref());
    for c in &p.categories {
        pairs.push(("category".into(), c.clone()));
    }
    for a in &p.affiliations {
        pairs.push(("affiliations".into(), a.clone()));
    }
    for (name, field) in [
        ("bio", &p.bio),
        ("notes", &p.notes),
        ("contacts", &p.contacts),
    ] {
        if let Some(f) = field {
            pairs.push((name.into(), f.value.clone()));
            push(&mut pairs, &format!("{name}_level"), f.level.as_ref());
        }
    }
    push(&mut pairs, "level", p.level.as_ref());
    if let Some(a) = &p.arrest {
        pairs.push(("arrested".into(), a.date.clone()));
        push(&mut pairs, "case_country", a.country.as_ref());
        push(&mut pairs, "place", a.place.as_ref());
        push(&mut pairs, "arresting_body", a.arresting_body.as_ref());
        for c in &a.charges {
            pairs.push(("charges".into(), c.clone()));
        }
        push(&mut pairs, "court", a.court.as_ref());
        push(&mut pairs, "facility", a.facility.as_ref());
        push(&mut pairs, "case_level", a.level.as_ref());
    }
    pairs
}

fn case_pairs(c: &CaseInput) -> Vec<(String, String)> {
    let mut pairs = vec![("date".into(), c.date.clone())];
    push(&mut pairs, "country", c.country.as_ref());
    push(&mut pairs, "place", c.place.as_ref());
    push(&mut pairs, "arresting_body", c.arresting_body.as_ref());
    for ch in &c.charges {
        pairs.push(("charges".into(), ch.clone()));
    }
    push(&mut pairs, "court", c.court.as_ref());
    push(&mut pairs, "facility", c.facility.as_ref());
    push(&mut pairs, "level", c.level.as_ref());
    if let Some(a) = &c.assessment {
        for k in &a.criteria {
            pairs.push(("pace".into(), k.clone()));
        }
        push(&mut pairs, "pace_reasoning", a.reasoning.as_ref());
        pairs.push(("pace_assessor".into(), a.assessor.clone()));
        push(&mut pairs, "pace_date", a.date.as_ref());
        push(&mut pairs, "pace_level", a.level.as_ref());
    }
    pairs
}

fn event_pairs(e: &EventInput) -> Vec<(String, String)> {
    let mut pairs = vec![
        ("kind".into(), e.kind.clone()),
        ("date".into(), e.date.clone()),
    ];
    push(&mut pairs, "sentence_months", e.sentence_months);
    push(&mut pairs, "release_reason", e.release_reason.as_ref());
    push(&mut pairs, "facility", e.facility.as_ref());
    push(&mut pairs, "next_hearing", e.next_hearing.as_ref());
    push(&mut pairs, "details", e.details.as_ref());
    push(&mut pairs, "level", e.level.as_ref());
    if let Some(s) = &e.source {
        pairs.push(("source_url".into(), s.url.clone()));
        push(&mut pairs, "source_title", s.title.as_ref());
        push(&mut pairs, "source_publisher", s.publisher.as_ref());
        push(&mut pairs, "source_published", s.published.as_ref());
        push(&mut pairs, "reliability", s.reliability.as_ref());
    }
    pairs
}

fn source_pairs(b: &SourceBody) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (name, v) in [
        ("url", &b.url),
        ("title", &b.title),
        ("publisher", &b.publisher),
        ("published", &b.published),
        ("retrieved", &b.retrieved),
        ("language", &b.language),
        ("excerpt", &b.excerpt),
        ("reliability", &b.reliability),
        ("level", &b.level),
    ] {
        push(&mut pairs, name, v.as_ref());
    }
    pairs
}

/// Files a store refusal among the field errors, or answers for a failure.
fn store_refusal(errors: &mut Errors, e: StoreError, fields: &[(&str, &'static str)]) -> Response {
    match errors.refused(e, fields) {
        Ok(()) => refused(errors),
        Err(e) => failure(e),
    }
}

/// 200 with what was saved; the body is the `Saved` the document describes.
fn saved(id: i64, case_id: Option<i64>) -> Response {
    (StatusCode::OK, Json(Saved { id, case_id })).into_response()
}

fn created(id: i64, case_id: Option<i64>, location: &str) -> Response {
    let mut r = (StatusCode::CREATED, Json(Saved { id, case_id })).into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Record a person, with their arrest if given.
#[utoipa::path(
    post, path = "/api/v1/people", tag = "write",
    request_body = PersonInput,
    responses(
        (status = 201, description = "Recorded", body = Saved),
        (status = 400, description = "Not JSON of this shape", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token's role may not edit the record", body = ErrorBody),
        (status = 422, description = "Refused: each field and its problem", body = ErrorBody),
    ),
    security(("token" = []))
)]
pub async fn create_person(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (holder, input): (_, PersonInput) = match intake(&state, &headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let f = Fields::from_pairs(person_pairs(&input));
    let mut errors = Errors::default();
    let person = person_of(&f, &mut errors, None);
    let case = arrest_of(&f, &mut errors, &person);
    if !errors.is_empty() {
        return refused(&errors);
    }
    let has_case = case.is_some();
    let dossier = Dossier {
        person,
        cases: case
            .into_iter()
            .map(|case| DossierCase {
                case,
                events: Vec::new(),
            })
            .collect(),
    };
    match state
        .store
        .add_dossiers(&stamp(&state, &holder), &[dossier])
        .await
    {
        Ok(ids) => {
            let Some(id) = ids.first().copied() else {
                return internal("no id for a new person");
            };
            let case_id = if has_case {
                match state.store.registry_of(id).await {
                    Ok(reg) => reg.cases_of(id).next().map(|c| c.id.0),
                    Err(e) => return failure(e),
                }
            } else {
                None
            };
            created(id.0, case_id, &format!("/api/v1/people/{id}"))
        }
        Err((_, e)) => store_refusal(&mut errors, e, people::FIELDS),
    }
}

fn not_found(what: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        &format!("There is no such {what}."),
        Map::new(),
    )
}

/// Replace a person's fields and names (their cases stay).
#[utoipa::path(
    put, path = "/api/v1/people/{id}", tag = "write",
    params(("id" = i64, Path, description = "The person's id")),
    request_body = PersonInput,
    responses(
        (status = 200, description = "Saved", body = Saved),
        (status = 400, description = "Not JSON of this shape", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token's role may not edit the record", body = ErrorBody),
        (status = 404, description = "No such person (or not readable with this role)", body = ErrorBody),
        (status = 422, description = "Refused: each field and its problem", body = ErrorBody),
    ),
    security(("token" = []))
)]
pub async fn update_person(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (holder, input): (_, PersonInput) = match intake(&state, &headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(id) = positive_id(&raw).map(PersonId) else {
        return not_found("person");
    };
    let before = match state.store.person(id).await {
        Ok(p) if p.data.level <= holder.role.reads() => p.data,
        Ok(_) | Err(StoreError::NotFound { .. }) => return not_found("person"),
        Err(e) => return failure(e),
    };
    let mut errors = Errors::default();
    if input.arrest.is_some() {
        errors.add(
            "arrest",
            "An update does not take an arrest: add a case with POST /api/v1/people/{id}/cases.",
        );
        return refused(&errors);
    }
    let f = Fields::from_pairs(person_pairs(&input));
    let person = person_of(&f, &mut errors, Some(&before));
    if !errors.is_empty() {
        return refused(&errors);
    }
    match state
        .store
        .update_person(&stamp(&state, &holder), id, &person)
        .await
    {
        Ok(()) => saved(id.0, None),
        Err(e) => store_refusal(&mut errors, e, people::FIELDS),
    }
}

/// Record a new detention of a person: a case and its arrest.
#[utoipa::path(
    post, path = "/api/v1/people/{id}/cases", tag = "write",
    params(("id" = i64, Path, description = "The person's id")),
    request_body = CaseInput,
    responses(
        (status = 201, description = "Recorded", body = Saved),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token's role may not edit the record", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 422, description = "Refused: each field and its problem", body = ErrorBody),
    ),
    security(("token" = []))
)]
pub async fn create_case(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (holder, input): (_, CaseInput) = match intake(&state, &headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(id) = positive_id(&raw).map(PersonId) else {
        return not_found("person");
    };
    match state.store.person(id).await {
        Ok(p) if p.data.level <= holder.role.reads() => {}
        Ok(_) | Err(StoreError::NotFound { .. }) => return not_found("person"),
        Err(e) => return failure(e),
    }
    let mut errors = Errors::default();
    let case = case_of(
        &Fields::from_pairs(case_pairs(&input)),
        id,
        &mut errors,
        state.today(),
    );
    let Some(case) = case.filter(|_| errors.is_empty()) else {
        return refused(&errors);
    };
    match state.store.add_case(&stamp(&state, &holder), &case).await {
        Ok(c) => created(c.0, Some(c.0), &format!("/api/v1/people/{id}")),
        Err(e) => store_refusal(&mut errors, e, cases::FIELDS),
    }
}

/// Record what happened next in a case; refused if it contradicts the timeline.
#[utoipa::path(
    post, path = "/api/v1/cases/{id}/events", tag = "write",
    params(("id" = i64, Path, description = "The case's id")),
    request_body = EventInput,
    responses(
        (status = 201, description = "Recorded", body = Saved),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token's role may not edit the record", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
        (status = 422, description = "Refused: each field and its problem, the timeline's under `date`", body = ErrorBody),
    ),
    security(("token" = []))
)]
pub async fn create_event(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (holder, input): (_, EventInput) = match intake(&state, &headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(id) = positive_id(&raw).map(CaseId) else {
        return not_found("case");
    };
    match state.store.case_owner(id).await {
        Ok((_, level)) if level <= holder.role.reads() => {}
        Ok(_) | Err(StoreError::NotFound { .. }) => return not_found("case"),
        Err(e) => return failure(e),
    }
    let mut errors = Errors::default();
    let parsed = event_of(&Fields::from_pairs(event_pairs(&input)), id, &mut errors);
    let Some((event, sources)) = parsed.filter(|_| errors.is_empty()) else {
        return refused(&errors);
    };
    match state
        .store
        .add_event(&stamp(&state, &holder), &event, &sources)
        .await
    {
        Ok(e) => created(e.0, Some(id.0), &format!("/api/v1/people/{}", id.0)),
        Err(e) => store_refusal(&mut errors, e, cases::FIELDS),
    }
}

/// Correct a case; a new arrest date moves its arrest event. The PACE assessment is kept.
#[utoipa::path(
    put, path = "/api/v1/cases/{id}", tag = "write",
    params(("id" = i64, Path, description = "The case's id")),
    request_body = CaseInput,
    responses(
        (status = 200, description = "Saved", body = Saved),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token's role may not edit the record", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
        (status = 422, description = "Refused: each field and its problem, the timeline's under `date`", body = ErrorBody),
    ),
    security(("token" = []))
)]
pub async fn update_case(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (holder, input): (_, CaseInput) = match intake(&state, &headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(id) = positive_id(&raw).map(CaseId) else {
        return not_found("case");
    };
    let person = match state.store.case_owner(id).await {
        Ok((p, level)) if level <= holder.role.reads() => p,
        Ok(_) | Err(StoreError::NotFound { .. }) => return not_found("case"),
        Err(e) => return failure(e),
    };
    let kept = match state.store.registry_of(person).await {
        Ok(reg) => reg
            .cases
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.assessment.clone()),
        Err(e) => return failure(e),
    };
    let mut errors = Errors::default();
    let case = case_of(
        &Fields::from_pairs(case_pairs(&input)),
        person,
        &mut errors,
        state.today(),
    );
    let Some(mut case) = case.filter(|_| errors.is_empty()) else {
        return refused(&errors);
    };
    if input.assessment.is_none() {
        case.assessment = kept;
    }
    match state
        .store
        .update_case(&stamp(&state, &holder), id, &case)
        .await
    {
        Ok(()) => saved(id.0, Some(id.0)),
        Err(e) => store_refusal(&mut errors, e, cases::FIELDS),
    }
}

/// Correct an event; its sources stay linked and `source` adds one.
#[utoipa::path(
    put, path = "/api/v1/events/{id}", tag = "write",
    params(("id" = i64, Path, description = "The event's id")),
    request_body = EventInput,
    responses(
        (status = 200, description = "Saved", body = Saved),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token's role may not edit the record", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
        (status = 422, description = "Refused: each field and its problem, the timeline's under `date`", body = ErrorBody),
    ),
    security(("token" = []))
)]
pub async fn update_event(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (holder, input): (_, EventInput) = match intake(&state, &headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(id) = positive_id(&raw).map(EventId) else {
        return not_found("event");
    };
    let case = match state.store.event_owner(id).await {
        Ok((c, _, level)) if level <= holder.role.reads() => c,
        Ok(_) | Err(StoreError::NotFound { .. }) => return not_found("event"),
        Err(e) => return failure(e),
    };
    let mut errors = Errors::default();
    let parsed = event_of(&Fields::from_pairs(event_pairs(&input)), case, &mut errors);
    let Some((event, sources)) = parsed.filter(|_| errors.is_empty()) else {
        return refused(&errors);
    };
    match state
        .store
        .update_event(&stamp(&state, &holder), id, &event, &sources)
        .await
    {
        Ok(()) => saved(id.0, Some(case.0)),
        Err(e) => store_refusal(&mut errors, e, cases::FIELDS),
    }
}

/// Record a source on its own (an event can also bring its source).
#[utoipa::path(
    post, path = "/api/v1/sources", tag = "write",
    request_body = SourceBody,
    responses(
        (status = 201, description = "Recorded (or the source already recorded at this address)", body = Saved),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token's role may not edit the record", body = ErrorBody),
        (status = 422, description = "Refused: each field and its problem", body = ErrorBody),
    ),
    security(("token" = []))
)]
pub async fn create_source(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (holder, input): (_, SourceBody) = match intake(&state, &headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut errors = Errors::default();
    let source = source_of(&Fields::from_pairs(source_pairs(&input)), &mut errors);
    let Some(source) = source.filter(|_| errors.is_empty()) else {
        return refused(&errors);
    };
    match state
        .store
        .add_source(&stamp(&state, &holder), &source)
        .await
    {
        Ok(id) => created(id.0, None, &format!("/api/v1/sources/{id}")),
        Err(e) => store_refusal(&mut errors, e, corrections::SOURCE_FIELDS),
    }
}

/// Correct a source.
#[utoipa::path(
    put, path = "/api/v1/sources/{id}", tag = "write",
    params(("id" = i64, Path, description = "The source's id")),
    request_body = SourceBody,
    responses(
        (status = 200, description = "Saved", body = Saved),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token's role may not edit the record", body = ErrorBody),
        (status = 404, description = "No such source", body = ErrorBody),
        (status = 422, description = "Refused: each field and its problem", body = ErrorBody),
    ),
    security(("token" = []))
)]
pub async fn update_source(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (holder, input): (_, SourceBody) = match intake(&state, &headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(id) = positive_id(&raw).map(SourceId) else {
        return not_found("source");
    };
    match state.store.source(id).await {
        Ok(s) if s.data.level <= holder.role.reads() => {}
        Ok(_) | Err(StoreError::NotFound { .. }) => return not_found("source"),
        Err(e) => return failure(e),
    }
    let mut errors = Errors::default();
    let source = source_of(&Fields::from_pairs(source_pairs(&input)), &mut errors);
    let Some(source) = source.filter(|_| errors.is_empty()) else {
        return refused(&errors);
    };
    match state
        .store
        .update_source(&stamp(&state, &holder), id, &source)
        .await
    {
        Ok(()) => saved(id.0, None),
        Err(e) => store_refusal(&mut errors, e, corrections::SOURCE_FIELDS),
    }
}

struct TokenScheme;

impl Modify for TokenScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "habeas", description = "The public record (read) and the staff write API. Tokens: `habeas user token LOGIN`."),
    paths(
        super::people::list, super::people::show, openapi, create_person, update_person,
        create_case, update_case, create_event, update_event, create_source, update_source,
    ),
    components(schemas(
        PersonInput, NameInput, LeveledText, CaseInput, AssessmentInput, EventInput, SourceInput,
        SourceBody,
        Saved, ErrorBody,
    )),
    modifiers(&TokenScheme)
)]
struct ApiDoc;

/// The OpenAPI document, as JSON.
pub fn openapi_json() -> String {
    serde_json::to_string_pretty(&ApiDoc::openapi()).unwrap_or_else(|_| "{}".into())
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "read", responses((status = 200, description = "OpenAPI 3")))]
pub async fn openapi(State(_): State<Shared>) -> Response {
    let mut r = (StatusCode::OK, openapi_json()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    r
}
