//! `/staff/people/{id}`: everything the signed-in role may read about a person, with
//! the public page's content beside it, so staff see exactly what the public sees.
//! Internal fields come from the internal view; contacts (restricted) are shown only
//! to roles that read restricted data, as the policy table says.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde_json::json;

use super::signed_in;
use crate::domain::Level;
use crate::domain::PersonId;
use crate::public::{InternalPerson, PublicPerson, RestrictedPerson};
use crate::store::StoreError;
use crate::web::Shared;
use crate::web::error::{PageError, Problem, log_internal};

pub async fn show(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    let fail = |p: Problem| PageError(p, state.templates.clone()).into_response();
    let (_, session) = match signed_in(&state, &headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return Redirect::to("/login").into_response(),
        Err(e) => return fail(Problem::Internal(log_internal(&e.to_string()))),
    };
    let Some(id) = raw.parse::<i64>().ok().filter(|n| *n > 0).map(PersonId) else {
        return fail(Problem::NotFound);
    };
    let registry = match state.store.registry_of(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound { .. }) => return fail(Problem::NotFound),
        Err(e) => return fail(Problem::Internal(log_internal(&e.to_string()))),
    };
    let reads = session.reads();
    let Some(record) = registry.people.first() else {
        return fail(Problem::NotFound);
    };
    if record.data.level > reads {
        return fail(Problem::NotFound);
    }
    // Admins and editors see restricted cases, events and spellings too.
    let staff_view = if reads == Level::Restricted {
        RestrictedPerson::build(record, &registry).and_then(|v| serde_json::to_value(v).ok())
    } else {
        InternalPerson::build(record, &registry).and_then(|v| serde_json::to_value(v).ok())
    };
    let Some(staff_view) = staff_view else {
        return fail(Problem::NotFound);
    };
    let public_view = PublicPerson::build(record, &registry);
    // Contacts are restricted by default: only roles that read restricted data see them,
    // and only when this process holds the key.
    let contacts = record.data.contacts.as_ref().filter(|c| c.level <= reads).map(|c| {
        json!({
            "level": c.level.as_str(),
            "value": c.value.clone(),
            "locked": c.value.is_none().then(|| state.store.keys().ring().err().map(|e| e.to_string())).flatten(),
        })
    });
    let levels = json!({
        "record": record.data.level.as_str(),
        "bio": record.data.bio.as_ref().map(|f| f.level.as_str()),
        "notes": record.data.notes.as_ref().map(|f| f.level.as_str()),
    });
    let context = json!({
        "login": session.account.login,
        "role": session.account.role.as_str(),
        "person": staff_view,
        "levels": levels,
        "contacts": contacts,
        "public": public_view,
        "may_edit": session.account.role.may(crate::domain::Action::EditRecord),
        "csrf": session.csrf,
    });
    match state.templates.render("staff_person.html", context) {
        Ok(html) => {
            let mut r = Html(html).into_response();
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(e) => fail(Problem::Internal(log_internal(&e.to_string()))),
    }
}

/// `POST /staff/people/{id}/publish`: the workspace's publish button; with
/// `with_records=on`, also the person's cases, events and the sources they cite.
/// One audited act; a refusal (a sealed record without the key, a rule of the
/// registry) changes nothing and says why.
pub async fn publish(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    publish_record(state, headers, Record::Person, raw, body).await
}

/// `POST /staff/cases/{id}/publish` (with its events and their sources when
/// `with_records=on`).
pub async fn publish_case(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    publish_record(state, headers, Record::Case, raw, body).await
}

/// `POST /staff/events/{id}/publish`.
pub async fn publish_event(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    publish_record(state, headers, Record::Event, raw, body).await
}

/// The kinds of record the workspace publishes.
#[derive(Clone, Copy)]
enum Record {
    Person,
    Case,
    Event,
}

/// Publishes one record from the workspace, then shows its person's page again.
async fn publish_record(
    state: Shared,
    headers: HeaderMap,
    record: Record,
    raw: String,
    body: axum::body::Bytes,
) -> Response {
    use super::{failure, posted_form, problem, stamp_of};
    use crate::domain::{CaseId, EventId};
    use crate::store::Publish;
    let (session, fields) = match posted_form(
        &state,
        &headers,
        &body,
        Some(crate::domain::Action::EditRecord),
    )
    .await
    {
        Ok(d) => d,
        Err(r) => return r,
    };
    let Some(id) = crate::web::params::positive_id(&raw) else {
        return problem(&state, Problem::NotFound);
    };
    let with_records = fields.get("with_records") == "on";
    let (what, person) = match record {
        Record::Case => match state.store.case_owner(CaseId(id)).await {
            Ok((person, _)) => (
                Publish::Case {
                    id: CaseId(id),
                    with_records,
                },
                person,
            ),
            Err(e) => return failure(&state, e),
        },
        Record::Event => match state.store.event_owner(EventId(id)).await {
            Ok((_, person, _)) => (Publish::Event(EventId(id)), person),
            Err(e) => return failure(&state, e),
        },
        Record::Person => (
            Publish::Person {
                id: PersonId(id),
                with_records,
            },
            PersonId(id),
        ),
    };
    match state.store.publish(&stamp_of(&state, &session), what).await {
        Ok(_) => Redirect::to(&format!("/staff/people/{person}")).into_response(),
        Err(StoreError::Invalid(e)) => problem(&state, Problem::bad("publish", e.to_string())),
        Err(e) => failure(&state, e),
    }
}
