//! `/setup/{token}`: the first admin account. On the first `serve` of a database with
//! no accounts, the server prints a one-time link; it works once, only while no
//! account exists, and logs the new admin in. No default password ever exists.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::failure;
use super::{LOGIN_CSRF_COOKIE, SESSION_COOKIE, cookie, random_token, set_cookie};
use crate::accounts::{hash_password, token_digest};
use crate::domain::{Login, Password, Role};
use crate::web::Shared;
use crate::web::error::{PageError, Problem, log_internal};
use crate::web::http::rfc3339;

fn not_found(state: &Shared) -> Response {
    PageError(Problem::NotFound, state.templates.clone()).into_response()
}

fn internal(state: &Shared, detail: &str) -> Response {
    PageError(
        Problem::Internal(log_internal(detail)),
        state.templates.clone(),
    )
    .into_response()
}

/// Whether `token` is the live setup token and no account exists yet.
async fn usable(state: &Shared, token: &str) -> Result<bool, Response> {
    if !state.staff.setup_token_is(&token_digest(token)) {
        return Ok(false);
    }
    match state.store.users().await {
        Ok(users) => Ok(users.is_empty()),
        Err(e) => Err(failure(state, e)),
    }
}

fn page(
    state: &Shared,
    status: StatusCode,
    token: &str,
    csrf: &str,
    login: &str,
    message: Option<&str>,
) -> Response {
    let context = json!({ "token": token, "csrf": csrf, "login": login, "message": message });
    match state.templates.render("setup.html", context) {
        Ok(html) => {
            let mut r = (status, Html(html)).into_response();
            if let Ok(v) = HeaderValue::from_str(&set_cookie(state, LOGIN_CSRF_COOKIE, csrf, None))
            {
                r.headers_mut().append(header::SET_COOKIE, v);
            }
            r
        }
        Err(e) => internal(state, &e.to_string()),
    }
}

pub async fn form(State(state): State<Shared>, Path(token): Path<String>) -> Response {
    match usable(&state, &token).await {
        Ok(true) => match random_token() {
            Ok(csrf) => page(&state, StatusCode::OK, &token, &csrf, "admin", None),
            Err(e) => failure(&state, e),
        },
        Ok(false) => not_found(&state),
        Err(r) => r,
    }
}

#[derive(Debug, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    again: String,
    #[serde(default)]
    csrf: String,
}

pub async fn submit(
    State(state): State<Shared>,
    Path(token): Path<String>,
    headers: HeaderMap,
    form: Result<Form<SetupForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    match usable(&state, &token).await {
        Ok(true) => {}
        Ok(false) => return not_found(&state),
        Err(r) => return r,
    }
    let Ok(Form(form)) = form else {
        return (
            StatusCode::FORBIDDEN,
            "The form was not sent from this site.",
        )
            .into_response();
    };
    if form.csrf.is_empty()
        || cookie(&headers, LOGIN_CSRF_COOKIE).as_deref() != Some(form.csrf.as_str())
    {
        return (
            StatusCode::FORBIDDEN,
            "The form expired or was not sent from this site. Reload the setup page.",
        )
            .into_response();
    }
    let again = |message: &str| {
        page(
            &state,
            StatusCode::BAD_REQUEST,
            &token,
            &form.csrf,
            &form.login,
            Some(message),
        )
    };
    let login = match Login::parse(&form.login) {
        Ok(l) => l,
        Err(e) => return again(&e.to_string()),
    };
    if form.password != form.again {
        return again("The two passwords differ.");
    }
    let password = match Password::parse(&form.password) {
        Ok(p) => p,
        Err(e) => return again(&e.to_string()),
    };
    let hash = match tokio::task::spawn_blocking(move || hash_password(&password)).await {
        Ok(Ok(h)) => h,
        _ => return internal(&state, "hashing the first password failed"),
    };
    let now = rfc3339(state.now());
    let stamp = crate::store::Stamp {
        actor: "setup".into(),
        at: now.clone(),
        today: state.today(),
    };
    // The token is spent before the account exists, so it cannot be used twice.
    state.staff.clear_setup_token();
    let id = match state
        .store
        .add_user(&stamp, &login, Role::Admin, &hash)
        .await
    {
        Ok(id) => id,
        Err(e) => return failure(&state, e),
    };
    let (session, csrf) = match (random_token(), random_token()) {
        (Ok(s), Ok(c)) => (s, c),
        _ => return internal(&state, "no randomness for a session"),
    };
    if let Err(e) = state
        .store
        .create_session(&token_digest(&session), id, &csrf, &now)
        .await
    {
        return failure(&state, e);
    }
    let mut r = Redirect::to("/staff/").into_response();
    for c in [
        set_cookie(&state, SESSION_COOKIE, &session, None),
        set_cookie(&state, LOGIN_CSRF_COOKIE, "", Some(0)),
    ] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r
}
