//! Campaigns in the workspace: `/staff/campaigns` (every campaign with its letters
//! counted), `/staff/campaigns/{id}` (the campaign, the letters it makes today, the
//! count per day, the printable pack), and the form that creates and edits them, for
//! roles that may edit campaigns. A saved campaign went through the same whole check
//! as `habeas campaign create`; a refused form comes back as typed, with the reason.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::form::{Errors, Fields};
use super::{failure, gate, page, posted_form, problem, stamp_of};
use crate::campaign::{
    self, Campaign, CampaignStatus, LetterTemplate, NewCampaign, Target, VARIABLES,
};
use crate::domain::{Action, Date, DomainError, PersonId};
use crate::store::{Session, StoreError};
use crate::web::Shared;
use crate::web::error::Problem;
use crate::web::params::positive_id;

/// Languages offered a template box even when the campaign has none yet.
const USUAL_LANGUAGES: [&str; 3] = ["en", "az", "ru"];
/// Empty target blocks shown below the campaign's own.
const BLANK_TARGETS: usize = 2;

fn who(session: &Session) -> Value {
    json!({
        "login": session.account.login.to_string(),
        "role": session.account.role.as_str(),
        "csrf": session.csrf,
        "may_edit": session.account.role.may(Action::EditCampaigns),
    })
}

fn with_who(session: &Session, mut context: Value) -> Value {
    if let (Some(map), Value::Object(w)) = (context.as_object_mut(), who(session)) {
        map.extend(w);
    }
    context
}

async fn load(state: &Shared, raw_id: &str) -> Result<Campaign, Response> {
    let id = positive_id(raw_id).ok_or_else(|| problem(state, Problem::NotFound))?;
    match state.store.campaign(id).await {
        Ok(c) => Ok(c),
        Err(StoreError::NotFound { .. }) => Err(problem(state, Problem::NotFound)),
        Err(e) => Err(failure(state, e)),
    }
}

/// `/staff/campaigns`.
pub async fn list(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let session = match gate(&state, &headers, None).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let campaigns = match state.store.campaigns().await {
        Ok(c) => c,
        Err(e) => return failure(&state, e),
    };
    let totals = match state.store.letters_totals().await {
        Ok(t) => t,
        Err(e) => return failure(&state, e),
    };
    let rows: Vec<Value> = campaigns
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "title": c.data.title,
                "status": c.data.status,
                "deadline": c.data.deadline,
                "people": c.data.people.len(),
                "letters": totals.get(&c.id).copied().unwrap_or(0),
            })
        })
        .collect();
    page(
        &state,
        StatusCode::OK,
        "staff_campaigns.html",
        with_who(&session, json!({ "campaigns": rows })),
    )
}

/// `/staff/campaigns/{id}`.
pub async fn show(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let session = match gate(&state, &headers, None).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let c = match load(&state, &id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    // A draft's blockers come first: while there are any, its letters cannot be
    // made, and reading every person again to say so would be the same work twice.
    let blockers = if c.data.status == CampaignStatus::Draft {
        match campaign::blockers(&state.store, &c.data, state.today()).await {
            Ok(b) => b,
            Err(e) => return failure(&state, e),
        }
    } else {
        Vec::new()
    };
    let letters = if blockers.is_empty() {
        campaign::letters(&state.store, &c.data, state.today()).await
    } else {
        Ok(Vec::new())
    };
    let (days, letters) = match (state.store.letters_by_day(c.id).await, letters) {
        (Ok(d), Ok(l)) => (d, Ok(l)),
        (Err(e), _) => return failure(&state, e),
        // A person who left the public list since it was saved: say so, show the rest.
        (Ok(d), Err(StoreError::Invalid(e))) => (d, Err(e.to_string())),
        (Ok(_), Err(e)) => return failure(&state, e),
    };
    let total: i64 = days.iter().map(|d| d.count).sum();
    let (letters, letters_error) = match letters {
        Ok(l) => (l, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    page(
        &state,
        StatusCode::OK,
        "staff_campaign.html",
        with_who(
            &session,
            json!({
                "campaign": {
                    "id": c.id,
                    "title": c.data.title,
                    "status": c.data.status,
                    "deadline": c.data.deadline,
                    "people": c.data.people,
                    "summary": c.data.summary,
                    "demands": c.data.demands,
                    "created_at": c.created_at,
                    "updated_at": c.updated_at,
                },
                "letters": letters,
                "letters_error": letters_error,
                "blockers": blockers,
                "sources": c.data.sources,
                "days": days,
                "total": total,
            }),
        ),
    )
}

/// `/staff/campaigns/{id}/letters.pdf|html`: the pack, drafts included.
pub async fn pack(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    if let Err(r) = gate(&state, &headers, None).await {
        return r;
    }
    match load(&state, &id).await {
        Ok(c) => {
            crate::web::pages::actions::pack(&state, &c, &file, |e| {
                Problem::bad("campaign", e.to_string())
            })
            .await
        }
        Err(r) => r,
    }
}

/// The form's fields from a campaign (or blank), with extra blank target blocks and a
/// template box for each usual language.
fn form_of(c: Option<&NewCampaign>) -> Value {
    let mut targets: Vec<Value> = c
        .map(|c| {
            c.targets
                .iter()
                .map(|t| serde_json::to_value(t).unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    targets.extend((0..BLANK_TARGETS).map(|_| json!({})));
    let mut templates: Vec<Value> = c
        .map(|c| {
            c.templates
                .iter()
                .map(|t| json!({ "language": t.language, "body": t.body }))
                .collect()
        })
        .unwrap_or_default();
    for lang in USUAL_LANGUAGES {
        if !templates.iter().any(|t| t["language"] == lang) {
            templates.push(json!({ "language": lang, "body": "" }));
        }
    }
    templates.push(json!({ "language": "", "body": "" }));
    json!({
        "title": c.map(|c| c.title.clone()),
        "status": c.map_or("draft", |c| c.status.as_str()),
        "deadline": c.and_then(|c| c.deadline).map(|d| d.to_string()),
        "people": c.map(|c| c.people.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")),
        "summary": c.map(|c| c.summary.clone()),
        "demands": c.map(|c| c.demands.join("\n")),
        "sources": c.map(|c| c.sources.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(",")),
        "targets": targets,
        "templates": templates,
    })
}

/// The posted target blocks, each as its six fields in [`TARGET_FIELDS`] order, aligned
/// by position (a blank field stays blank).
fn target_blocks(fields: &Fields) -> Vec<[String; 6]> {
    let columns = TARGET_FIELDS.map(|name| fields.each(name));
    (0..columns[0].len())
        .map(|i| {
            std::array::from_fn(|c| columns[c].get(i).copied().unwrap_or_default().to_string())
        })
        .collect()
}

const TARGET_FIELDS: [&str; 6] = [
    "target_name",
    "target_title",
    "target_address",
    "target_email",
    "target_salutation",
    "target_language",
];

/// The campaign a posted form describes, or the first thing wrong with it. Blank
/// target blocks and blank templates are ignored.
fn campaign_of(fields: &Fields) -> Result<NewCampaign, DomainError> {
    let people = fields
        .get("people")
        .split([',', ' ', '\n'])
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            p.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .map(PersonId)
                .ok_or_else(|| DomainError::Invalid {
                    field: "people",
                    reason: format!("'{p}' is not a person's number"),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let targets = target_blocks(fields)
        .into_iter()
        .map(
            |[name, title, address, email, salutation, language]| Target {
                name,
                title,
                address: address.replace("\r\n", "\n"),
                email: Some(email).filter(|e| !e.is_empty()),
                salutation,
                language,
            },
        )
        .filter(|t| {
            // A block left blank (the spare ones) is not a target.
            !(t.name.is_empty()
                && t.title.is_empty()
                && t.address.is_empty()
                && t.email.is_none()
                && t.salutation.is_empty())
        })
        .collect();
    let bodies = fields.raw_each("template_body");
    let templates = fields
        .each("template_language")
        .iter()
        .zip(bodies)
        .filter(|(_, body)| !body.trim().is_empty())
        .map(|(language, body)| LetterTemplate {
            language: language.to_string(),
            body: body.replace("\r\n", "\n").trim_end().to_string(),
        })
        .collect();
    Ok(NewCampaign {
        title: fields.get("title").to_string(),
        people,
        summary: fields.get("summary").replace("\r\n", "\n"),
        demands: fields
            .lines("demands")
            .iter()
            .map(|d| d.to_string())
            .collect(),
        targets,
        deadline: fields
            .opt("deadline")
            .map(|d| Date::parse(&d))
            .transpose()?,
        status: fields.get("status").parse::<CampaignStatus>()?,
        templates,
        // The sources a draft was made from ride along unseen in the form.
        sources: fields
            .get("sources")
            .split(',')
            .filter_map(|s| s.trim().parse::<i64>().ok())
            .filter(|n| *n > 0)
            .map(crate::domain::SourceId)
            .collect(),
    })
}

/// The form as typed, for showing it again after a refusal.
fn typed(fields: &Fields) -> Value {
    let targets: Vec<Value> = target_blocks(fields)
        .into_iter()
        .map(|[name, title, address, email, salutation, language]| {
            json!({
                "name": name, "title": title, "address": address, "email": email,
                "salutation": salutation, "language": language,
            })
        })
        .collect();
    let templates: Vec<Value> = fields
        .each("template_language")
        .iter()
        .zip(fields.raw_each("template_body"))
        .map(|(l, b)| json!({ "language": l, "body": b }))
        .collect();
    json!({
        "sources": fields.get("sources"),
        "title": fields.get("title"),
        "status": fields.get("status"),
        "deadline": fields.get("deadline"),
        "people": fields.get("people"),
        "summary": fields.get("summary"),
        "demands": fields.get("demands"),
        "targets": targets,
        "templates": templates,
    })
}

fn form_page(
    state: &Shared,
    session: &Session,
    status: StatusCode,
    id: Option<i64>,
    form: Value,
    errors: &Errors,
) -> Response {
    let variables: Vec<Value> = VARIABLES
        .iter()
        .map(|(n, what)| json!({ "name": n, "what": what }))
        .collect();
    page(
        state,
        status,
        "staff_campaign_form.html",
        with_who(
            session,
            json!({
                "id": id,
                "form": form,
                "errors": errors.to_json(),
                "statuses": CampaignStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                "variables": variables,
            }),
        ),
    )
}

/// `/staff/campaigns/new`.
pub async fn new_form(State(state): State<Shared>, headers: HeaderMap) -> Response {
    match gate(&state, &headers, Some(Action::EditCampaigns)).await {
        Ok(session) => form_page(
            &state,
            &session,
            StatusCode::OK,
            None,
            form_of(None),
            &Errors::default(),
        ),
        Err(r) => r,
    }
}

/// `/staff/campaigns/{id}/edit`.
pub async fn edit_form(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let session = match gate(&state, &headers, Some(Action::EditCampaigns)).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    match load(&state, &id).await {
        Ok(c) => form_page(
            &state,
            &session,
            StatusCode::OK,
            Some(c.id),
            form_of(Some(&c.data)),
            &Errors::default(),
        ),
        Err(r) => r,
    }
}

async fn save(state: Shared, headers: HeaderMap, id: Option<i64>, body: Bytes) -> Response {
    let (session, fields) =
        match posted_form(&state, &headers, &body, Some(Action::EditCampaigns)).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let mut errors = Errors::default();
    let refused = |errors: &Errors| {
        form_page(
            &state,
            &session,
            StatusCode::UNPROCESSABLE_ENTITY,
            id,
            typed(&fields),
            errors,
        )
    };
    let new = match campaign_of(&fields) {
        Ok(c) => c,
        Err(e) => {
            errors.add("", e.to_string());
            return refused(&errors);
        }
    };
    let checked = match campaign::check(&state.store, new, state.today()).await {
        Ok(c) => c,
        Err(e @ StoreError::Invalid(_)) => {
            errors.add("", e.to_string());
            return refused(&errors);
        }
        Err(e) => return failure(&state, e),
    };
    match state
        .store
        .save_campaign(&stamp_of(&state, &session), id, &checked)
        .await
    {
        Ok(id) => Redirect::to(&format!("/staff/campaigns/{id}")).into_response(),
        Err(StoreError::NotFound { .. }) => problem(&state, Problem::NotFound),
        Err(e) => failure(&state, e),
    }
}

/// `POST /staff/campaigns/new`.
pub async fn create(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    save(state, headers, None, body).await
}

/// `POST /staff/sources/{id}/campaign`: a draft campaign from an article read by
/// ingest (its accepted people, demands, addressees and a letter), then its page,
/// which says what still stops it from going live. A refusal says why.
pub async fn draft_from_source(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (session, _) = match posted_form(&state, &headers, &body, Some(Action::EditCampaigns)).await
    {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(source) = positive_id(&raw).map(crate::domain::SourceId) else {
        return problem(&state, Problem::NotFound);
    };
    let saved = async {
        let draft = campaign::draft::from_source(&state.store, source).await?;
        let checked = campaign::check(&state.store, draft, state.today()).await?;
        state
            .store
            .save_campaign(&stamp_of(&state, &session), None, &checked)
            .await
    }
    .await;
    match saved {
        Ok(id) => Redirect::to(&format!("/staff/campaigns/{id}")).into_response(),
        Err(StoreError::Invalid(e)) => problem(&state, Problem::bad("draft", e.to_string())),
        Err(e) => failure(&state, e),
    }
}

/// `POST /staff/campaigns/{id}/edit`.
pub async fn update(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    match positive_id(&id) {
        Some(id) => save(state, headers, Some(id), body).await,
        None => problem(&state, Problem::NotFound),
    }
}
