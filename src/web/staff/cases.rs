//! `/staff/people/{id}/cases/new` (a new detention: a case with its arrest) and
//! `/staff/cases/{id}/events/new` (what happened next, with the article it rests on).
//! An event that contradicts the case's timeline is refused with the registry's own
//! explanation, shown next to the date.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::form::{Errors, Fields};
use super::{failure, gate, page, posted_form, problem, stamp_of};
use crate::domain::{
    Action, Assessment, CaseId, Charge, Criterion, Date, EventKind, Level, NewCase, NewEvent,
    NewSource, PartialDate, PersonId, ReleaseReason, parse_url,
};
use crate::store::{Session, StoreError};
use crate::web::Shared;
use crate::web::error::Problem;
use crate::web::params::positive_id;

/// Domain field names and the case and event form fields they belong to.
pub(crate) const FIELDS: &[(&str, &str)] = &[
    ("date", "date"),
    ("country", "country"),
    ("charge", "charges"),
    ("sentence months", "sentence_months"),
    ("release reason", "release_reason"),
    ("source", "source_url"),
];

/// What the case and event forms need to render.
pub(super) fn render(
    state: &Shared,
    session: &Session,
    status: StatusCode,
    template: &str,
    target: Value,
    values: Value,
    errors: &Errors,
) -> Response {
    page(
        state,
        status,
        template,
        json!({
            "login": session.account.login,
            "role": session.account.role.as_str(),
            "csrf": session.csrf,
            "target": target,
            "form": values,
            "errors": errors.to_json(),
            "levels": Level::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            "kinds": target.get("kinds").cloned().unwrap_or_else(|| json!(EventKind::ALL.iter().filter(|k| **k != EventKind::Arrested).map(|k| k.as_str()).collect::<Vec<_>>())),
            "reasons": ReleaseReason::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "criteria": Criterion::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        }),
    )
}

/// The person a new case is for, if the role may read them.
pub(super) async fn person_for(
    state: &Shared,
    session: &Session,
    raw: &str,
) -> Result<(PersonId, String), Response> {
    let id = positive_id(raw)
        .map(PersonId)
        .ok_or_else(|| problem(state, Problem::NotFound))?;
    Ok((id, name_of(state, session, id).await?))
}

/// The name to show for a person, if the role may read the record.
async fn name_of(state: &Shared, session: &Session, id: PersonId) -> Result<String, Response> {
    match state.store.person(id).await {
        Ok(p) if p.data.level <= session.reads() => Ok(p.primary_name().to_string()),
        Ok(_) | Err(StoreError::NotFound { .. }) => Err(problem(state, Problem::NotFound)),
        Err(e) => Err(failure(state, e)),
    }
}

pub async fn new_case_form(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    let session = match gate(&state, &headers, Some(Action::EditRecord)).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    match person_for(&state, &session, &raw).await {
        Ok((id, name)) => render(
            &state,
            &session,
            StatusCode::OK,
            "staff_case_form.html",
            json!({ "id": id.0, "name": name, "heading": format!("New detention of {name}"),
                    "action": format!("/staff/people/{id}/cases/new"), "button": "Add case" }),
            json!({ "level": "public" }),
            &Errors::default(),
        ),
        Err(r) => r,
    }
}

/// The PACE 1900 assessment part of the case form: none when no criterion is ticked.
fn assessment_of(f: &Fields, errors: &mut Errors, today: Date) -> Option<Assessment> {
    let criteria: Vec<Criterion> = f
        .all("pace")
        .into_iter()
        .filter_map(|c| errors.check("pace", c.parse::<Criterion>()))
        .collect();
    if criteria.is_empty() {
        if f.opt("pace_reasoning").is_some() {
            errors.add(
                "pace",
                "Tick the PACE criteria the reasoning supports, or clear the reasoning.",
            );
        }
        return None;
    }
    let assessor = f.opt("pace_assessor");
    if assessor.is_none() {
        errors.add("pace_assessor", "Who assessed the case?");
    }
    let date = match f.opt("pace_date") {
        Some(d) => errors.check("pace_date", Date::parse(&d))?,
        None => today,
    };
    Some(Assessment {
        criteria,
        reasoning: f.opt("pace_reasoning").unwrap_or_default(),
        assessor: assessor?,
        date,
        level: f.level("pace_level", Level::Public, errors),
    })
}

pub(crate) fn case_of(
    f: &Fields,
    person: PersonId,
    errors: &mut Errors,
    today: Date,
) -> Option<NewCase> {
    let assessment = assessment_of(f, errors, today);
    let arrested = match f.opt("date") {
        Some(d) => errors.check("date", PartialDate::parse(&d)),
        None => {
            errors.add(
                "date",
                "When was the arrest? Type a date: YYYY-MM-DD, YYYY-MM or YYYY.",
            );
            None
        }
    };
    let country = f
        .opt("country")
        .and_then(|c| errors.check("country", c.parse()));
    let charges = f
        .lines("charges")
        .into_iter()
        .filter_map(|c| errors.check("charges", Charge::parse(c)))
        .collect();
    let level = f.level("level", Level::Public, errors);
    Some(NewCase {
        person,
        country,
        arrested: arrested?,
        place: f.opt("place"),
        arresting_body: f.opt("arresting_body"),
        charges,
        court: f.opt("court"),
        facility: f.opt("facility"),
        assessment,
        level,
    })
}

pub async fn create_case(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (session, f) = match posted_form(&state, &headers, &body, Some(Action::EditRecord)).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (id, name) = match person_for(&state, &session, &raw).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut errors = Errors::default();
    if let Some(case) = case_of(&f, id, &mut errors, state.today())
        && errors.is_empty()
    {
        match state
            .store
            .add_case(&stamp_of(&state, &session), &case)
            .await
        {
            Ok(_) => return Redirect::to(&format!("/staff/people/{id}")).into_response(),
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
        json!({ "id": id.0, "name": name, "heading": format!("New detention of {name}"),
                "action": format!("/staff/people/{id}/cases/new"), "button": "Add case" }),
        f.values(),
        &errors,
    )
}

/// The case an event is for, with its person, if the role may read it.
async fn case_for(
    state: &Shared,
    session: &Session,
    raw: &str,
) -> Result<(CaseId, PersonId, String), Response> {
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
    let name = name_of(state, session, person).await?;
    Ok((id, person, name))
}

fn new_event_target(case: CaseId, person: PersonId, name: &str) -> Value {
    json!({
        "case": case.0, "id": person.0, "name": name,
        "heading": format!("What happened next: case {case} of {name}"),
        "action": format!("/staff/cases/{case}/events/new"), "button": "Add event",
    })
}

pub async fn new_event_form(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    let session = match gate(&state, &headers, Some(Action::EditRecord)).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    match case_for(&state, &session, &raw).await {
        Ok((case, person, name)) => render(
            &state,
            &session,
            StatusCode::OK,
            "staff_event_form.html",
            new_event_target(case, person, &name),
            json!({ "level": "public", "reliability": "unknown" }),
            &Errors::default(),
        ),
        Err(r) => r,
    }
}

pub(crate) fn event_of(
    f: &Fields,
    case: CaseId,
    errors: &mut Errors,
) -> Option<(NewEvent, Vec<NewSource>)> {
    let kind = match f.opt("kind") {
        Some(k) => errors.check("kind", k.parse::<EventKind>()),
        None => {
            errors.add("kind", "Choose what happened.");
            None
        }
    };
    let date = match f.opt("date") {
        Some(d) => errors.check("date", PartialDate::parse(&d)),
        None => {
            errors.add(
                "date",
                "When did it happen? Type a date: YYYY-MM-DD, YYYY-MM or YYYY.",
            );
            None
        }
    };
    let sentence_months = f.opt("sentence_months").and_then(|m| {
        errors.check(
            "sentence_months",
            m.parse::<u32>()
                .map_err(|_| format!("'{m}' is not a number of months")),
        )
    });
    let release_reason = f
        .opt("release_reason")
        .and_then(|r| errors.check("release_reason", r.parse::<ReleaseReason>()));
    let next_hearing = f
        .opt("next_hearing")
        .and_then(|d| errors.check("next_hearing", PartialDate::parse(&d)));
    let level = f.level("level", Level::Public, errors);
    let source = f.opt("source_url").and_then(|u| {
        let url = errors.check("source_url", parse_url(&u))?;
        let published = f
            .opt("source_published")
            .and_then(|d| errors.check("source_published", PartialDate::parse(&d)));
        let reliability = match f.opt("reliability") {
            Some(r) => errors.check("reliability", r.parse())?,
            None => crate::domain::Reliability::Unknown,
        };
        Some(NewSource {
            url: Some(url),
            title: f.opt("source_title"),
            publisher: f.opt("source_publisher"),
            published,
            reliability,
            ..NewSource::from_url(&u).ok()?
        })
    });
    let mut event = NewEvent::new(case, kind?, date?);
    event.sentence_months = sentence_months;
    event.release_reason = release_reason;
    event.facility = f.opt("facility");
    event.next_hearing = next_hearing;
    event.details = f.opt("details");
    event.level = level;
    Some((event, source.into_iter().collect()))
}

pub async fn create_event(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (session, f) = match posted_form(&state, &headers, &body, Some(Action::EditRecord)).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (case, person, name) = match case_for(&state, &session, &raw).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let mut errors = Errors::default();
    if let Some((event, sources)) = event_of(&f, case, &mut errors)
        && errors.is_empty()
    {
        match state
            .store
            .add_event(&stamp_of(&state, &session), &event, &sources)
            .await
        {
            Ok(_) => return Redirect::to(&format!("/staff/people/{person}")).into_response(),
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
        new_event_target(case, person, &name),
        f.values(),
        &errors,
    )
}
