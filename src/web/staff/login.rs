//! `/login`, `/logout` and `/staff/logout-everywhere`. A wrong password and an unknown
//! login get the same answer in the same time (a dummy hash is verified for unknown
//! logins); after 10 failures per account or address, attempts are refused with 429
//! for a growing delay.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::throttle::{DEVICE_MAX_AGE, Keys, device_cookie_name};
use super::{
    LOGIN_CSRF_COOKIE, SESSION_COOKIE, cookie, failure, internal, random_token, set_cookie,
    signed_in,
};
use crate::accounts::{token_digest, verify_password};
use crate::domain::Login;
use crate::web::Shared;
use crate::web::client::Client;
use crate::web::error::{PageError, Problem};
use crate::web::http::rfc3339;

pub(super) fn page(
    state: &Shared,
    status: StatusCode,
    csrf: &str,
    login: &str,
    message: Option<&str>,
) -> Response {
    match state.templates.render(
        "login.html",
        json!({ "csrf": csrf, "login": login, "message": message }),
    ) {
        Ok(html) => {
            let mut r = (status, Html(html)).into_response();
            if let Ok(v) = HeaderValue::from_str(&set_cookie(state, LOGIN_CSRF_COOKIE, csrf, None))
            {
                r.headers_mut().append(header::SET_COOKIE, v);
            }
            r
        }
        Err(e) => PageError(
            Problem::Internal(crate::web::error::log_internal(&e.to_string())),
            state.templates.clone(),
        )
        .into_response(),
    }
}

pub async fn form(State(state): State<Shared>) -> Response {
    match random_token() {
        Ok(csrf) => page(&state, StatusCode::OK, &csrf, "", None),
        Err(e) => failure(&state, e),
    }
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

/// What an attempt on `login` by this request counts against (see `throttle`): its
/// device cookie for that login if it holds a valid one, else its address and the
/// login's untrusted count.
pub(super) fn attempt(state: &Shared, headers: &HeaderMap, client: &Client, login: &str) -> Keys {
    let device = cookie(headers, &device_cookie_name(login));
    state
        .staff
        .throttle
        .keys(login, &client.key(), device.as_deref())
}

/// The answer to a refused attempt: logged with the client's address (a security
/// event), and the wait in whole minutes.
pub(super) fn too_many(client: &Client, wait: i64) -> String {
    tracing::warn!(client = %client.key(), "login refused: too many failed attempts");
    format!(
        "Too many failed attempts. Try again in {} minute(s).",
        (wait + 59) / 60
    )
}

pub async fn submit(
    State(state): State<Shared>,
    headers: HeaderMap,
    axum::Extension(client): axum::Extension<Client>,
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let forbidden = || {
        (
            StatusCode::FORBIDDEN,
            "The form expired or was not sent from this site. Reload the login page.",
        )
            .into_response()
    };
    let Ok(Form(form)) = form else {
        return forbidden();
    };
    // Double-submit: the hidden field must match the cookie set with the form.
    if form.csrf.is_empty()
        || cookie(&headers, LOGIN_CSRF_COOKIE).as_deref() != Some(form.csrf.as_str())
    {
        return forbidden();
    }
    let now = state.now();
    let typed = form.login.trim().to_ascii_lowercase();
    let keys = attempt(&state, &headers, &client, &typed);
    if let Some(wait) = state.staff.throttle.refused_for(&keys, now) {
        let message = too_many(&client, wait);
        return page(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            &form.csrf,
            &form.login,
            Some(&message),
        );
    }
    let creds = match Login::parse(&typed) {
        Ok(login) => match state.store.credentials(&login).await {
            Ok(c) => c,
            Err(e) => return failure(&state, e),
        },
        Err(_) => None,
    };
    let hash = creds
        .as_ref()
        .map_or(state.staff.dummy_hash.clone(), |c| c.password_hash.clone());
    let password = form.password.clone();
    let verified = match state.staff.hash_slots.acquire().await {
        Ok(_slot) => tokio::task::spawn_blocking(move || verify_password(&password, &hash))
            .await
            .unwrap_or(false),
        Err(_) => false,
    };
    let account = match creds {
        Some(c) if verified && !c.account.disabled => c.account,
        _ => {
            state.staff.throttle.failed(&keys, now);
            return page(
                &state,
                StatusCode::UNAUTHORIZED,
                &form.csrf,
                &form.login,
                Some("The login or the password is wrong."),
            );
        }
    };
    // With a second factor, the password only opens the door to the code form.
    match state.store.totp_secret(account.id).await {
        Ok(Some(_)) => {
            return super::two_factor::ask_for_code(&state, &account, &form.csrf);
        }
        Ok(None) => {}
        Err(e) => {
            crate::web::error::log_internal(&e.to_string());
            return page(
                &state,
                StatusCode::SERVICE_UNAVAILABLE,
                &form.csrf,
                &form.login,
                Some(
                    "Your second factor cannot be checked: this server has no key file loaded. Tell your admin.",
                ),
            );
        }
    }
    state.staff.throttle.succeeded(&keys);
    start_session(&state, account.id, &account.login.to_string()).await
}

/// Signs an account in: a new session, its cookie, a device cookie that marks this
/// browser as known for `login` (see `throttle`), and the way to the workspace.
pub(super) async fn start_session(state: &Shared, user_id: i64, login: &str) -> Response {
    let (token, csrf) = match (random_token(), random_token()) {
        (Ok(t), Ok(c)) => (t, c),
        _ => return internal(state, "no randomness for a session"),
    };
    let now = state.now();
    if let Err(e) = state
        .store
        .create_session(&token_digest(&token), user_id, &csrf, &rfc3339(now))
        .await
    {
        return failure(state, e);
    }
    // Each login clears away the sessions that have expired, whoever they were.
    if let Err(e) = state
        .store
        .purge_sessions(
            &rfc3339(now - super::IDLE_SECONDS),
            &rfc3339(now - super::ABSOLUTE_SECONDS),
        )
        .await
    {
        return failure(state, e);
    }
    let mut r = Redirect::to("/staff/").into_response();
    let mut cookies = vec![
        set_cookie(state, SESSION_COOKIE, &token, None),
        set_cookie(state, LOGIN_CSRF_COOKIE, "", Some(0)),
        set_cookie(state, super::two_factor::PENDING_COOKIE, "", Some(0)),
    ];
    if let Some(device) = state.staff.throttle.new_device(login) {
        cookies.push(set_cookie(
            state,
            &device_cookie_name(login),
            &device,
            Some(DEVICE_MAX_AGE),
        ));
    }
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// Ends this session (`/logout`) or every session of the account
/// (`/staff/logout-everywhere`), if the form carries the session's CSRF token.
async fn end(
    state: Shared,
    headers: HeaderMap,
    form: Option<CsrfForm>,
    everywhere: bool,
) -> Response {
    let session = match signed_in(&state, &headers).await {
        Ok(s) => s,
        Err(e) => return failure(&state, e),
    };
    let Some((digest, session)) = session else {
        return Redirect::to("/login").into_response();
    };
    if form.is_none_or(|f| f.csrf != session.csrf) {
        return (
            StatusCode::FORBIDDEN,
            "The form expired or was not sent from this site.",
        )
            .into_response();
    }
    let done = if everywhere {
        state
            .store
            .end_sessions_of(session.account.id)
            .await
            .map(drop)
    } else {
        state.store.end_session(&digest).await
    };
    if let Err(e) = done {
        return failure(&state, e);
    }
    let mut r = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&set_cookie(&state, SESSION_COOKIE, "", Some(0))) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

pub async fn logout(
    State(state): State<Shared>,
    headers: HeaderMap,
    form: Result<Form<CsrfForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    end(state, headers, form.ok().map(|f| f.0), false).await
}

pub async fn logout_everywhere(
    State(state): State<Shared>,
    headers: HeaderMap,
    form: Result<Form<CsrfForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    end(state, headers, form.ok().map(|f| f.0), true).await
}
