//! `/actions` and `/actions/{id}`: the public pages of campaigns (urgent actions).
//! An active campaign shows its case summary, demands, each target's letter to copy,
//! the printable pack, and "I sent a letter", which adds one to the day's count. The
//! count stores a number only: no address, no cookie but the form's CSRF token, and
//! a per-address limit held in memory (see `web::limit`). A draft is not found; a
//! closed campaign says it is closed and takes no more letters.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde_json::json;

use crate::campaign::{self, Campaign, CampaignStatus, LetterFacts};
use crate::web::Shared;
use crate::web::client::Client;
use crate::web::error::{PageError, Problem, log_internal};
use crate::web::i18n;
use crate::web::params::positive_id;
use crate::web::staff::{cookie, random_token, set_cookie};

pub const ACTION_CSRF_COOKIE: &str = "habeas_action_csrf";

fn fail(state: &Shared, p: Problem) -> Response {
    PageError(p, state.templates.clone()).into_response()
}

/// A campaign the public may see (active or closed), or not found.
async fn public_campaign(state: &Shared, raw_id: &str) -> Result<Campaign, Problem> {
    let id = positive_id(raw_id).ok_or(Problem::NotFound)?;
    match state.store.campaign(id).await {
        Ok(c) if c.data.status != CampaignStatus::Draft => Ok(c),
        Ok(_) | Err(crate::store::StoreError::NotFound { .. }) => Err(Problem::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// `/actions`: the active campaigns, newest first.
pub async fn index(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<i18n::LangQuery>,
) -> Response {
    let explicit = i18n::chosen(q.lang.as_deref());
    let lang = i18n::page_lang(&headers, explicit);
    let campaigns = match state.store.campaigns().await {
        Ok(c) => c,
        Err(e) => return fail(&state, e.into()),
    };
    let active: Vec<serde_json::Value> = campaigns
        .iter()
        .filter(|c| c.data.status == CampaignStatus::Active)
        .map(|c| {
            json!({
                "id": c.id,
                "title": c.data.title,
                "summary": c.data.summary,
                "deadline": c.data.deadline,
            })
        })
        .collect();
    match state.templates.render(
        "actions.html",
        json!({ "campaigns": active, "lang": lang, "lang_param": explicit }),
    ) {
        Ok(html) => i18n::vary(Html(html).into_response()),
        Err(e) => fail(
            &state,
            Problem::Internal(log_internal(&format!("actions template: {e}"))),
        ),
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    sent: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

/// `/actions/{id}`.
pub async fn show(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Response {
    let c = match public_campaign(&state, &id).await {
        Ok(c) => c,
        Err(p) => return fail(&state, p),
    };
    let explicit = i18n::chosen(q.lang.as_deref());
    page(
        &state,
        &headers,
        &c,
        q.sent.as_deref(),
        explicit,
        StatusCode::OK,
    )
    .await
}

async fn page(
    state: &Shared,
    headers: &HeaderMap,
    c: &Campaign,
    notice: Option<&str>,
    explicit: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let today = state.today();
    let lang = i18n::page_lang(headers, explicit);
    let facts = match campaign::facts(&state.store, &c.data.people, today).await {
        Ok(f) => f,
        // A person who left the public list since: the action cannot speak of them.
        Err(crate::store::StoreError::Invalid(_)) => return fail(state, Problem::NotFound),
        Err(e) => return fail(state, e.into()),
    };
    let letters = match campaign::render_letters(&c.data, &facts, today) {
        Ok(l) => l,
        Err(e) => return fail(state, Problem::Internal(log_internal(&e.to_string()))),
    };
    let total = match state.store.letters_total(c.id).await {
        Ok(t) => t,
        Err(e) => return fail(state, e.into()),
    };
    // The visitor's CSRF token: kept if they have one, else a new one.
    let (csrf, fresh) = match cookie(headers, ACTION_CSRF_COOKIE).filter(|t| t.len() == 64) {
        Some(t) => (t, false),
        None => match random_token() {
            Ok(t) => (t, true),
            Err(e) => return fail(state, e.into()),
        },
    };
    let people: Vec<serde_json::Value> = facts.iter().map(person_json).collect();
    let context = json!({
        "campaign": {
            "id": c.id,
            "title": c.data.title,
            "summary": c.data.summary,
            "demands": c.data.demands,
            "deadline": c.data.deadline,
            "active": c.data.status == CampaignStatus::Active,
        },
        "people": people,
        "letters": letters,
        "total": total,
        "csrf": csrf,
        "notice": notice,
        "lang": lang,
        "lang_param": explicit,
    });
    let html = match state.templates.render("action.html", context) {
        Ok(h) => h,
        Err(e) => {
            return fail(
                state,
                Problem::Internal(log_internal(&format!("action template: {e}"))),
            );
        }
    };
    let mut r = i18n::vary((status, Html(html)).into_response());
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    if fresh
        && let Ok(v) = HeaderValue::from_str(&set_cookie(state, ACTION_CSRF_COOKIE, &csrf, None))
    {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

fn person_json(f: &LetterFacts) -> serde_json::Value {
    json!({
        "id": f.person,
        "name": f.name,
        "arrested": f.arrested.to_string(),
        "days": f.days_in_detention,
        "facility": f.facility,
        "charges": f.charges,
    })
}

/// `POST /actions/{id}/sent`: one more letter today. Refused, with nothing counted,
/// without the visitor's CSRF token, for a closed campaign, or past the address's
/// allowance for the hour.
pub async fn sent(
    State(state): State<Shared>,
    headers: HeaderMap,
    axum::Extension(client): axum::Extension<Client>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let c = match public_campaign(&state, &id).await {
        Ok(c) => c,
        Err(p) => return fail(&state, p),
    };
    let form = crate::web::staff::form::Fields::parse(&body);
    let explicit = i18n::chosen(form.opt("lang").as_deref());
    let token = cookie(&headers, ACTION_CSRF_COOKIE);
    if token.is_none() || token.as_deref() != Some(form.get("csrf")) {
        return crate::web::staff::csrf_refused();
    }
    if c.data.status != CampaignStatus::Active {
        return page(
            &state,
            &headers,
            &c,
            Some("closed"),
            explicit,
            StatusCode::CONFLICT,
        )
        .await;
    }
    if !state.letters_limit.allow(&client.key(), state.now()) {
        return page(
            &state,
            &headers,
            &c,
            Some("limit"),
            explicit,
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    match state.store.count_letter(c.id, state.today()).await {
        Ok(_) => {
            let lang = explicit.map(|l| format!("&lang={l}")).unwrap_or_default();
            Redirect::to(&format!("/actions/{}?sent=1{lang}", c.id)).into_response()
        }
        Err(crate::store::StoreError::Invalid(_)) => {
            page(
                &state,
                &headers,
                &c,
                Some("closed"),
                explicit,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => fail(&state, e.into()),
    }
}

/// `/actions/{id}/letters.html` and `/actions/{id}/letters.pdf`: the printable pack
/// of an active campaign.
pub async fn letters(
    State(state): State<Shared>,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    let c = match public_campaign(&state, &id).await {
        Ok(c) if c.data.status == CampaignStatus::Active => c,
        Ok(_) => return fail(&state, Problem::NotFound),
        Err(p) => return fail(&state, p),
    };
    // Why the letters cannot be made (a person no longer public) is staff business:
    // the public gets "not found", as for the action page itself.
    pack(&state, &c, &file, |_| Problem::NotFound).await
}

/// The pack of `c` as `file` (letters.html or letters.pdf), for the public page and
/// the workspace alike; `refused` says what a reader is told when the letters cannot
/// be made from today's public facts.
pub(crate) async fn pack(
    state: &Shared,
    c: &Campaign,
    file: &str,
    refused: impl FnOnce(crate::domain::DomainError) -> Problem,
) -> Response {
    // An unknown file costs nothing: no registry read, no rendering.
    if !matches!(file, "letters.html" | "letters.pdf") {
        return fail(state, Problem::NotFound);
    }
    let today = state.today();
    let letters = match campaign::letters(&state.store, &c.data, today).await {
        Ok(l) => l,
        Err(crate::store::StoreError::Invalid(e)) => return fail(state, refused(e)),
        Err(e) => return fail(state, e.into()),
    };
    match file {
        "letters.html" => {
            match campaign::pack::html(&state.templates, &c.data.title, &letters, today) {
                Ok(html) => Html(html).into_response(),
                Err(e) => fail(state, Problem::Internal(log_internal(&e.to_string()))),
            }
        }
        "letters.pdf" => {
            let title = c.data.title.clone();
            let made =
                tokio::task::spawn_blocking(move || campaign::pack::pdf(&title, &letters, today))
                    .await;
            match made {
                Ok(Ok(bytes)) => (
                    [
                        (header::CONTENT_TYPE, "application/pdf".to_string()),
                        (
                            header::CONTENT_DISPOSITION,
                            format!("inline; filename=\"campaign-{}-letters.pdf\"", c.id),
                        ),
                    ],
                    bytes,
                )
                    .into_response(),
                Ok(Err(e)) => fail(state, Problem::Internal(log_internal(&e.to_string()))),
                Err(e) => fail(state, Problem::Internal(log_internal(&e.to_string()))),
            }
        }
        _ => fail(state, Problem::NotFound),
    }
}
