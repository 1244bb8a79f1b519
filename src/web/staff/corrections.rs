//! Correcting what is recorded: `/staff/cases/{id}/edit` (a new arrest date moves the
//! arrest event), `/staff/events/{id}/edit` (checked against the rest of the case's
//! timeline) and the source form (`/staff/sources/new`, `/staff/sources/{id}/edit`).
//! The forms are the same as for adding, filled with what is stored.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::cases::{FIELDS, case_of, event_of, render};
use super::form::{Errors, Fields};
use super::{failure, gate, page, posted_form, problem, stamp_of};
use crate::domain::{
    Action, CaseId, Event, EventId, EventKind, Level, NewSource, PartialDate, PersonId,
    Reliability, Source, SourceId, parse_url,
};
use crate::store::{Registry, Session, StoreError};
use crate::web::Shared;
use crate::web::error::Problem;
use crate::web::params::positive_id;

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// A stored case as the case form's fields, with its arrest date.
fn case_values(reg: &Registry, id: CaseId) -> Option<(PersonId, Value)> {
    let case = reg.cases.iter().find(|c| c.id == id)?;
    let arrest = reg
        .events_of(id)
        .into_iter()
        .find(|e| e.data.kind == EventKind::Arrested)?;
    let charges: Vec<String> = case
        .charges
        .iter()
        .map(|c| match &c.text {
            Some(t) => format!("{}={t}", c.article),
            None => c.article.clone(),
        })
        .collect();
    Some((
        case.person,
        json!({
            "date": arrest.data.date.to_string(),
            "country": case.country.map(|c| c.to_string()).unwrap_or_default(),
            "place": text(&case.place),
            "arresting_body": text(&case.arresting_body),
            "charges": charges.join("\n"),
            "court": text(&case.court),
            "facility": text(&case.facility),
            "level": case.level.as_str(),
            "pace": case.assessment.as_ref().map(|a| a.criteria.iter().map(|c| c.as_str()).collect::<Vec<_>>()).unwrap_or_default(),
            "pace_reasoning": case.assessment.as_ref().map(|a| a.reasoning.clone()).unwrap_or_default(),
            "pace_assessor": case.assessment.as_ref().map(|a| a.assessor.clone()).unwrap_or_default(),
            "pace_date": case.assessment.as_ref().map(|a| a.date.to_string()).unwrap_or_default(),
            "pace_level": case.assessment.as_ref().map_or("public", |a| a.level.as_str()),
        }),
    ))
}

/// One read of a person's record (cases, events, sources) and the name to show, if
/// the role may read the person.
async fn readable_registry(
    state: &Shared,
    session: &Session,
    person: PersonId,
) -> Result<(String, Registry), Response> {
    let reg = match state.store.registry_of(person).await {
        Ok(r) => r,
        Err(StoreError::NotFound { .. }) => return Err(problem(state, Problem::NotFound)),
        Err(e) => return Err(failure(state, e)),
    };
    let name = reg
        .people
        .first()
        .filter(|p| p.data.level <= session.reads())
        .map(|p| p.primary_name().to_string())
        .ok_or_else(|| problem(state, Problem::NotFound))?;
    Ok((name, reg))
}

/// The case to correct, with its person's name and its stored values.
async fn case_to_edit(
    state: &Shared,
    session: &Session,
    raw: &str,
) -> Result<(CaseId, PersonId, String, Value), Response> {
    let id = positive_id(raw)
        .map(CaseId)
        .ok_or_else(|| problem(state, Problem::NotFound))?;
    let (person, level) = match state.store.case_owner(id).await {
        Ok(o) => o,
        Err(StoreError::NotFound { .. }) => return Err(problem(state, Problem::NotFound)),
        Err(e) => return Err(failure(state, e)),
    };
    if level > session.reads() {
        return Err(problem(state, Problem::NotFound));
    }
    let (name, reg) = readable_registry(state, session, person).await?;
    let restricted_assessment = reg.cases_of(person).any(|c| {
        c.id == id
            && c.assessment
                .as_ref()
                .is_some_and(|a| a.level == crate::domain::Level::Restricted)
    });
    if restricted_assessment && session.reads() < crate::domain::Level::Restricted {
        return Err(problem(state, Problem::SecondFactor));
    }
    let (_, values) = case_values(&reg, id).ok_or_else(|| problem(state, Problem::NotFound))?;
    Ok((id, person, name, values))
}

fn case_target(id: CaseId, person: PersonId, name: &str) -> Value {
    json!({
        "id": person.0, "name": name,
        "heading": format!("Correct case {id} of {name}"),
        "action": format!("/staff/cases/{id}/edit"), "button": "Save changes",
    })
}

pub async fn edit_case_form(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    let session = match gate(&state, &headers, Some(Action::EditRecord)).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    match case_to_edit(&state, &session, &raw).await {
        Ok((id, person, name, values)) => render(
            &state,
            &session,
            StatusCode::OK,
            "staff_case_form.html",
            case_target(id, person, &name),
            values,
            &Errors::default(),
        ),
        Err(r) => r,
    }
}

pub async fn update_case(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (session, f) = match posted_form(&state, &headers, &body, Some(Action::EditRecord)).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (id, person, name, _) = match case_to_edit(&state, &session, &raw).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let mut errors = Errors::default();
    if let Some(case) = case_of(&f, person, &mut errors, state.today())
        && errors.is_empty()
    {
        match state
            .store
            .update_case(&stamp_of(&state, &session), id, &case)
            .await
        {
            Ok(()) => return Redirect::to(&format!("/staff/people/{person}")).into_response(),
            Err(e) => {
                if let Err(e) = errors.refused(e, FIELDS) {
                    return failure(&state, e);
                }
            }
        }
    }
    render(
        &state,
        &session,
        StatusCode::UNPROCESSABLE_ENTITY,
        "staff_case_form.html",
        case_target(id, person, &name),
        f.values(),
        &errors,
    )
}

/// The event to correct: its case, person, name, the event and its sources.
async fn event_to_edit(
    state: &Shared,
    session: &Session,
    raw: &str,
) -> Result<(Event, PersonId, String, Vec<Source>), Response> {
    let id = positive_id(raw)
        .map(EventId)
        .ok_or_else(|| problem(state, Problem::NotFound))?;
    let (case, person, level) = match state.store.event_owner(id).await {
        Ok(o) => o,
        Err(StoreError::NotFound { .. }) => return Err(problem(state, Problem::NotFound)),
        Err(e) => return Err(failure(state, e)),
    };
    if level > session.reads() {
        return Err(problem(state, Problem::NotFound));
    }
    let (name, reg) = readable_registry(state, session, person).await?;
    let event = reg
        .events_of(case)
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| problem(state, Problem::NotFound))?;
    let sources = event
        .data
        .sources
        .iter()
        .filter_map(|s| reg.source(*s).cloned())
        .filter(|s| s.data.level <= session.reads())
        .collect();
    Ok((event, person, name, sources))
}

fn event_target(e: &Event, person: PersonId, name: &str, sources: &[Source]) -> Value {
    let kinds: Vec<&str> = if e.data.kind == EventKind::Arrested {
        vec!["arrested"]
    } else {
        EventKind::ALL
            .iter()
            .filter(|k| **k != EventKind::Arrested)
            .map(|k| k.as_str())
            .collect()
    };
    json!({
        "case": e.data.case.0, "id": person.0, "name": name,
        "heading": format!("Correct event {} of {name}", e.id),
        "action": format!("/staff/events/{}/edit", e.id), "button": "Save changes",
        "kinds": kinds,
        "sources": sources.iter().map(|s| json!({ "id": s.id, "title": s.data.title, "url": s.data.url })).collect::<Vec<_>>(),
    })
}

fn event_values(e: &Event) -> Value {
    let d = &e.data;
    json!({
        "kind": d.kind.as_str(),
        "date": d.date.to_string(),
        "sentence_months": d.sentence_months.map(|m| m.to_string()).unwrap_or_default(),
        "release_reason": d.release_reason.map(|r| r.as_str()).unwrap_or_default(),
        "facility": text(&d.facility),
        "next_hearing": d.next_hearing.map(|h| h.to_string()).unwrap_or_default(),
        "details": text(&d.details),
        "level": d.level.as_str(),
        "reliability": "unknown",
    })
}

pub async fn edit_event_form(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    let session = match gate(&state, &headers, Some(Action::EditRecord)).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    match event_to_edit(&state, &session, &raw).await {
        Ok((event, person, name, sources)) => render(
            &state,
            &session,
            StatusCode::OK,
            "staff_event_form.html",
            event_target(&event, person, &name, &sources),
            event_values(&event),
            &Errors::default(),
        ),
        Err(r) => r,
    }
}

pub async fn update_event(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (session, f) = match posted_form(&state, &headers, &body, Some(Action::EditRecord)).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (event, person, name, sources) = match event_to_edit(&state, &session, &raw).await {
        Ok(e) => e,
        Err(r) => return r,
    };
    let mut errors = Errors::default();
    // The store keeps the sources already linked; the form can add one.
    if let Some((edited, new_sources)) = event_of(&f, event.data.case, &mut errors)
        && errors.is_empty()
    {
        match state
            .store
            .update_event(&stamp_of(&state, &session), event.id, &edited, &new_sources)
            .await
        {
            Ok(()) => return Redirect::to(&format!("/staff/people/{person}")).into_response(),
            Err(e) => {
                if let Err(e) = errors.refused(e, FIELDS) {
                    return failure(&state, e);
                }
            }
        }
    }
    render(
        &state,
        &session,
        StatusCode::UNPROCESSABLE_ENTITY,
        "staff_event_form.html",
        event_target(&event, person, &name, &sources),
        f.values(),
        &errors,
    )
}

/// Reads the source form.
pub(crate) fn source_of(f: &Fields, errors: &mut Errors) -> Option<NewSource> {
    let url = f
        .opt("url")
        .and_then(|u| errors.check("url", parse_url(&u)));
    let published = f
        .opt("published")
        .and_then(|d| errors.check("published", PartialDate::parse(&d)));
    let retrieved = f
        .opt("retrieved")
        .and_then(|d| errors.check("retrieved", crate::domain::Date::parse(&d)));
    let reliability = match f.opt("reliability") {
        Some(r) => errors.check("reliability", r.parse::<Reliability>())?,
        None => Reliability::Unknown,
    };
    let level = f.level("level", Level::Public, errors);
    let title = f.opt("title");
    if url.is_none() && title.is_none() && !errors.is_empty() {
        return None;
    }
    if f.opt("url").is_none() && title.is_none() {
        errors.add(
            "url",
            "Give the address, or at least a title for a source that has none.",
        );
        return None;
    }
    Some(NewSource {
        url,
        title,
        publisher: f.opt("publisher"),
        published,
        retrieved,
        language: f.opt("language"),
        excerpt: f.opt("excerpt"),
        reliability,
        level,
    })
}

fn source_values(s: &NewSource) -> Value {
    json!({
        "url": text(&s.url), "title": text(&s.title), "publisher": text(&s.publisher),
        "published": s.published.map(|d| d.to_string()).unwrap_or_default(),
        "retrieved": s.retrieved.map(|d| d.to_string()).unwrap_or_default(),
        "language": text(&s.language), "excerpt": text(&s.excerpt),
        "reliability": s.reliability.as_str(), "level": s.level.as_str(),
    })
}

fn source_page(
    state: &Shared,
    session: &Session,
    status: StatusCode,
    id: Option<SourceId>,
    values: Value,
    errors: &Errors,
) -> Response {
    page(
        state,
        status,
        "staff_source_form.html",
        json!({
            "login": session.account.login,
            "role": session.account.role.as_str(),
            "csrf": session.csrf,
            "source_id": id,
            "form": values,
            "errors": errors.to_json(),
            "levels": Level::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            "reliabilities": Reliability::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        }),
    )
}

/// Domain field names and the source form fields they belong to.
pub(crate) const SOURCE_FIELDS: &[(&str, &str)] = &[("source", "url")];

pub async fn new_source_form(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let session = match gate(&state, &headers, Some(Action::EditRecord)).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let values = json!({ "reliability": "unknown", "level": "public" });
    source_page(
        &state,
        &session,
        StatusCode::OK,
        None,
        values,
        &Errors::default(),
    )
}

pub async fn create_source(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (session, f) = match posted_form(&state, &headers, &body, Some(Action::EditRecord)).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut errors = Errors::default();
    if let Some(source) = source_of(&f, &mut errors)
        && errors.is_empty()
    {
        match state
            .store
            .add_source(&stamp_of(&state, &session), &source)
            .await
        {
            Ok(id) => return Redirect::to(&format!("/staff/sources/{id}/edit")).into_response(),
            Err(e) => {
                if let Err(e) = errors.refused(e, SOURCE_FIELDS) {
                    return failure(&state, e);
                }
            }
        }
    }
    source_page(
        &state,
        &session,
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
        f.values(),
        &errors,
    )
}

async fn source_to_edit(state: &Shared, session: &Session, raw: &str) -> Result<Source, Response> {
    let id = positive_id(raw)
        .map(SourceId)
        .ok_or_else(|| problem(state, Problem::NotFound))?;
    match state.store.source(id).await {
        Ok(s) if s.data.level <= session.reads() => Ok(s),
        Ok(_) | Err(StoreError::NotFound { .. }) => Err(problem(state, Problem::NotFound)),
        Err(e) => Err(failure(state, e)),
    }
}

pub async fn edit_source_form(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    let session = match gate(&state, &headers, Some(Action::EditRecord)).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    match source_to_edit(&state, &session, &raw).await {
        Ok(s) => source_page(
            &state,
            &session,
            StatusCode::OK,
            Some(s.id),
            source_values(&s.data),
            &Errors::default(),
        ),
        Err(r) => r,
    }
}

pub async fn update_source(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (session, f) = match posted_form(&state, &headers, &body, Some(Action::EditRecord)).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let source = match source_to_edit(&state, &session, &raw).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let mut errors = Errors::default();
    if let Some(edited) = source_of(&f, &mut errors)
        && errors.is_empty()
    {
        match state
            .store
            .update_source(&stamp_of(&state, &session), source.id, &edited)
            .await
        {
            Ok(()) => {
                let mut values = source_values(&edited);
                values["saved"] = json!(true);
                return source_page(
                    &state,
                    &session,
                    StatusCode::OK,
                    Some(source.id),
                    values,
                    &errors,
                );
            }
            Err(e) => {
                if let Err(e) = errors.refused(e, SOURCE_FIELDS) {
                    return failure(&state, e);
                }
            }
        }
    }
    source_page(
        &state,
        &session,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(source.id),
        f.values(),
        &errors,
    )
}
