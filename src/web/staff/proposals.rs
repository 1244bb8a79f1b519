//! The review queue in the workspace: `/staff/proposals` (pending proposals, or those
//! accepted or rejected) and `/staff/proposals/{id}` (the finding, the registry
//! person the matcher found, and the article text beside it, with the sentence it was
//! read from marked), with forms to accept or reject with a reason. For roles that may
//! review proposals. The registry changes only on accept, through the same store call
//! as `habeas proposals accept`.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::form::Fields;
use super::{failure, gate, page, posted_form, problem, stamp_of};
use crate::domain::{Action, Level, PartialDate, PersonId};
use crate::store::{Acceptance, Proposal, ProposalState, Session, StoreError};
use crate::web::Shared;
use crate::web::error::Problem;
use crate::web::params::positive_id;

#[derive(Debug, serde::Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    state: Option<String>,
}

const PAGE: i64 = 200;

/// The name of the registry person a proposal points to, as far as the reader may read
/// it; `None` when the record is above the reader's level.
async fn candidate_name(state: &Shared, reads: Level, person: Option<PersonId>) -> Option<String> {
    let person = state.store.person(person?).await.ok()?;
    (person.data.level <= reads).then(|| person.primary_name().to_string())
}

fn row(p: &Proposal, person_name: Option<String>) -> Value {
    let f = &p.finding;
    json!({
        "id": p.id,
        "state": format!("{:?}", p.state).to_lowercase(),
        "name": f.name,
        "event": f.event.map(|e| e.to_string()),
        "date": f.date.map(|d| d.to_string()),
        "dated": p.dated.map(|d| d.latest().to_string()),
        "status": f.status.map(|s| s.to_string()),
        "person_id": p.person_id.map(|id| id.0),
        "person_name": person_name,
        "decision": p.decision,
        "score": p.score.map(|s| format!("{s:.2}")),
        "title": p.title,
        "origin": p.origin,
    })
}

pub async fn list(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Response {
    let session = match gate(&state, &headers, Some(Action::ReviewProposals)).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let wanted = q.state.as_deref().unwrap_or("pending");
    let filter = match wanted {
        "all" => None,
        s => match s.parse::<ProposalState>() {
            Ok(s) => Some(s),
            Err(_) => return problem(&state, Problem::NotFound),
        },
    };
    let found = match state.store.proposals(filter, PAGE).await {
        Ok(f) => f,
        Err(e) => return failure(&state, e),
    };
    let reads = session.reads();
    // Each registry person is read once, however many proposals point to them.
    let mut names: HashMap<PersonId, Option<String>> = HashMap::new();
    let mut rows = Vec::with_capacity(found.len());
    for p in found.iter().filter(|p| p.source_level <= reads) {
        let name = match p.person_id {
            Some(id) => match names.get(&id) {
                Some(n) => n.clone(),
                None => {
                    let n = candidate_name(&state, reads, Some(id)).await;
                    names.insert(id, n.clone());
                    n
                }
            },
            None => None,
        };
        rows.push(row(p, name));
    }
    page(
        &state,
        StatusCode::OK,
        "staff_proposals.html",
        json!({
            "login": session.account.login,
            "role": session.account.role.as_str(),
            "csrf": session.csrf,
            "state": wanted,
            "proposals": rows,
        }),
    )
}

/// The proposal page, with `error` shown above the forms when a decision was refused.
async fn show_page(
    state: &Shared,
    session: &Session,
    id: i64,
    status: StatusCode,
    error: Option<String>,
    form: Value,
) -> Response {
    let p = match state.store.proposal(id).await {
        Ok(found) => found,
        Err(StoreError::NotFound { .. }) => return problem(state, Problem::NotFound),
        Err(e) => return failure(state, e),
    };
    let reads = session.reads();
    // A source made restricted after ingest hides its proposals from lower roles.
    if p.source_level > reads {
        return problem(state, Problem::NotFound);
    }
    let text = match state.store.article_text(p.article_id).await {
        Ok(t) => t,
        Err(e) => return failure(state, e),
    };
    // The article with the sentence the finding was read from marked.
    let evidence = p.finding.evidence.trim();
    let (before, marked, after) = match (!evidence.is_empty())
        .then(|| text.find(evidence))
        .flatten()
    {
        Some(at) => (&text[..at], evidence, &text[at + evidence.len()..]),
        None => (text.as_str(), "", ""),
    };
    let f = &p.finding;
    // What the article demands and of whom: what a draft campaign from it would hold.
    let appeal = crate::ingest::lexicon::detect(&text)
        .1
        .map(|l| crate::ingest::appeal::read(&text, l))
        .unwrap_or_default();
    page(
        state,
        status,
        "staff_proposal.html",
        json!({
            "login": session.account.login,
            "role": session.account.role.as_str(),
            "csrf": session.csrf,
            "may_campaign": session.account.role.may(Action::EditCampaigns),
            "demands": appeal.demands,
            "targets": appeal.targets,
            "source_id": p.source_id.0,
            "p": row(&p, candidate_name(state, reads, p.person_id).await),
            "finding": {
                "charges": f.charges,
                "sentence_months": f.sentence_months,
                "release_reason": f.release_reason.map(|r| r.to_string()),
                "facility": f.facility,
                "next_hearing": f.next_hearing.map(|d| d.to_string()),
                "evidence": f.evidence,
            },
            "reason": p.reason,
            "reviewed_by": p.reviewed_by,
            "reviewed_at": p.reviewed_at,
            "event_id": p.event_id.map(|e| e.0),
            "before": before,
            "marked": marked,
            "after": after,
            "error": error,
            "form": form,
        }),
    )
}

pub async fn show(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    let session = match gate(&state, &headers, Some(Action::ReviewProposals)).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(id) = positive_id(&raw) else {
        return problem(&state, Problem::NotFound);
    };
    show_page(&state, &session, id, StatusCode::OK, None, json!({})).await
}

fn date_field(value: &str, label: &str) -> Result<Option<PartialDate>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    PartialDate::parse(value)
        .map(Some)
        .map_err(|e| format!("{label}: {e}"))
}

/// A posted decision: the reviewer's session (with the form's token checked), its
/// fields, and the proposal's id.
async fn decision(
    state: &Shared,
    headers: &HeaderMap,
    raw: &str,
    body: &[u8],
) -> Result<(Session, Fields, i64), Response> {
    let (session, fields) =
        posted_form(state, headers, body, Some(Action::ReviewProposals)).await?;
    let id = positive_id(raw).ok_or_else(|| problem(state, Problem::NotFound))?;
    Ok((session, fields, id))
}

pub async fn accept(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (session, fields, id) = match decision(&state, &headers, &raw, &body).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let form = json!({
        "person": fields.get("person"),
        "date": fields.get("date"),
        "arrested": fields.get("arrested"),
        "new_person": fields.get("new_person") == "on",
    });
    let refuse = |message: String| (StatusCode::UNPROCESSABLE_ENTITY, Some(message));
    let how = (|| -> Result<Acceptance, String> {
        let person = fields.get("person").trim();
        let person = if person.is_empty() {
            None
        } else {
            Some(PersonId(positive_id(person).ok_or_else(|| {
                format!("Person: '{person}' is not a record number")
            })?))
        };
        Ok(Acceptance {
            person,
            new_person: fields.get("new_person") == "on",
            date: date_field(fields.get("date"), "Date")?,
            arrested: date_field(fields.get("arrested"), "Arrested")?,
        })
    })();
    let how = match how {
        Ok(h) => h,
        Err(message) => {
            let (status, error) = refuse(message);
            return show_page(&state, &session, id, status, error, form).await;
        }
    };
    // The person the event goes to must be one the reviewer may read.
    let proposal = match state.store.proposal(id).await {
        Ok(p) if p.source_level <= session.reads() => p,
        Ok(_) => return problem(&state, Problem::NotFound),
        Err(StoreError::NotFound { .. }) => return problem(&state, Problem::NotFound),
        Err(e) => return failure(&state, e),
    };
    let target = how.person.or(proposal
        .person_id
        .filter(|_| proposal.decision.as_deref() == Some("same") && !how.new_person));
    let reads = session.reads();
    if target.is_some() && candidate_name(&state, reads, target).await.is_none() {
        let (status, error) = refuse(
            "That person's record is above what your role reads: an editor or admin must decide this one.".into(),
        );
        return show_page(&state, &session, id, status, error, form).await;
    }
    let stamp = stamp_of(&state, &session);
    match state.store.accept_proposal(&stamp, id, &how).await {
        // The freshness layer rebuilds the public list after this successful write.
        Ok(_) => Redirect::to(&format!("/staff/proposals/{id}")).into_response(),
        Err(StoreError::Invalid(e)) => {
            let (status, error) = refuse(e.to_string());
            show_page(&state, &session, id, status, error, form).await
        }
        Err(StoreError::NotFound {
            entity,
            id: missing,
        }) => {
            let (status, error) = refuse(format!("There is no {entity} with id {missing}."));
            show_page(&state, &session, id, status, error, form).await
        }
        Err(e) => failure(&state, e),
    }
}

pub async fn reject(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (session, fields, id) = match decision(&state, &headers, &raw, &body).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let stamp = stamp_of(&state, &session);
    match state
        .store
        .reject_proposal(&stamp, id, fields.get("reason"))
        .await
    {
        Ok(()) => Redirect::to(&format!("/staff/proposals/{id}")).into_response(),
        Err(StoreError::Invalid(e)) => {
            let form = json!({ "reason": fields.get("reason") });
            show_page(
                &state,
                &session,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(e.to_string()),
                form,
            )
            .await
        }
        Err(StoreError::NotFound { .. }) => problem(&state, Problem::NotFound),
        Err(e) => failure(&state, e),
    }
}
