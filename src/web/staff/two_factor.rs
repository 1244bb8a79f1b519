//! Second factor in the browser: the code asked after a correct password
//! (`/login/two-factor`), enrolment with an authenticator app and recovery codes
//! (`/staff/account/two-factor`), and the admin's choice of which roles must use one
//! (`/staff/admin/two-factor`).
//!
//! Between the password and the code, the login is "pending": a random token in an
//! HttpOnly cookie, kept in this process's memory for five minutes (a restart asks for
//! the password again). A code counts as a failed login for throttling when wrong.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

use super::form::Fields;
use super::login::{attempt, start_session, too_many};
use super::{
    LOGIN_CSRF_COOKIE, cookie, csrf_refused, failure, gate, internal, page, posted_form,
    random_token, set_cookie, signed_in, stamp_of,
};
use crate::accounts::token_digest;
use crate::accounts::totp::{
    base32, check, new_secret, otpauth_uri, recovery_codes, recovery_digest, unbase32,
};
use crate::domain::{Action, Role};
use crate::store::Account;
use crate::web::Shared;
use crate::web::client::Client;

pub const PENDING_COOKIE: &str = "habeas_two_factor";
const PENDING_SECONDS: i64 = 5 * 60;
const PENDING_MAX: usize = 10_000;
pub const ENROL_PATH: &str = "/staff/account/two-factor";

/// Logins whose password was right and whose code is awaited, by token digest.
#[derive(Default)]
pub(crate) struct Pending(Mutex<HashMap<String, (i64, String, i64)>>);

impl Pending {
    fn insert(&self, digest: String, user_id: i64, login: String, until: i64, now: i64) {
        if let Ok(mut p) = self.0.lock() {
            if p.len() >= PENDING_MAX {
                p.retain(|_, (_, _, t)| *t > now);
            }
            p.insert(digest, (user_id, login, until));
        }
    }

    fn get(&self, digest: &str, now: i64) -> Option<(i64, String)> {
        let p = self.0.lock().ok()?;
        p.get(digest)
            .filter(|(_, _, until)| *until > now)
            .map(|(id, login, _)| (*id, login.clone()))
    }

    fn remove(&self, digest: &str) {
        if let Ok(mut p) = self.0.lock() {
            p.remove(digest);
        }
    }
}

fn code_page(state: &Shared, status: StatusCode, csrf: &str, message: Option<&str>) -> Response {
    page(
        state,
        status,
        "login_two_factor.html",
        json!({ "csrf": csrf, "message": message }),
    )
}

/// After a correct password: remember the pending login and ask for the code.
pub(super) fn ask_for_code(state: &Shared, account: &Account, csrf: &str) -> Response {
    let Ok(token) = random_token() else {
        return internal(state, "no randomness for a pending login");
    };
    let now = state.now();
    state.staff.pending.insert(
        token_digest(&token),
        account.id,
        account.login.to_string(),
        now + PENDING_SECONDS,
        now,
    );
    let mut r = code_page(state, StatusCode::OK, csrf, None);
    let c = set_cookie(state, PENDING_COOKIE, &token, Some(PENDING_SECONDS));
    if let Ok(v) = HeaderValue::from_str(&c) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

pub async fn submit_code(
    State(state): State<Shared>,
    headers: HeaderMap,
    axum::Extension(client): axum::Extension<Client>,
    body: Bytes,
) -> Response {
    let f = Fields::parse(&body);
    let csrf = f.get("csrf");
    if csrf.is_empty() || cookie(&headers, LOGIN_CSRF_COOKIE).as_deref() != Some(csrf) {
        return csrf_refused();
    }
    let now = state.now();
    let pending = cookie(&headers, PENDING_COOKIE).map(|t| token_digest(&t));
    let Some((digest, (user_id, login))) = pending
        .as_ref()
        .and_then(|d| state.staff.pending.get(d, now).map(|p| (d.clone(), p)))
    else {
        return Redirect::to("/login").into_response();
    };
    let keys = attempt(&state, &headers, &client, &login);
    if let Some(wait) = state.staff.throttle.refused_for(&keys, now) {
        let message = too_many(&client, wait);
        return code_page(&state, StatusCode::TOO_MANY_REQUESTS, csrf, Some(&message));
    }
    let typed = f.get("code");
    let accepted = if typed.chars().filter(|c| c.is_ascii_digit()).count() == 6 && typed.len() <= 7
    {
        match state.store.totp_secret(user_id).await {
            Ok(Some(t)) => match check(&t.secret, typed, now, t.last_step) {
                Some(step) => state
                    .store
                    .accept_totp_step(user_id, step)
                    .await
                    .unwrap_or(false),
                None => false,
            },
            Ok(None) => false,
            Err(e) => return failure(&state, e),
        }
    } else {
        let stamp = crate::store::Stamp {
            actor: login.clone(),
            at: crate::web::http::rfc3339(now),
            today: state.today(),
        };
        match state
            .store
            .use_recovery_code(&stamp, user_id, &recovery_digest(typed))
            .await
        {
            Ok(used) => used,
            Err(e) => return failure(&state, e),
        }
    };
    if !accepted {
        state.staff.throttle.failed(&keys, now);
        return code_page(
            &state,
            StatusCode::UNAUTHORIZED,
            csrf,
            Some(
                "The code is wrong or was used already. Type the current code from your app, or a recovery code.",
            ),
        );
    }
    state.staff.throttle.succeeded(&keys);
    state.staff.pending.remove(&digest);
    start_session(&state, user_id, &login).await
}

fn enrol_page(
    state: &Shared,
    status: StatusCode,
    login: &str,
    csrf: &str,
    extra: serde_json::Value,
) -> Response {
    let mut context = json!({ "login": login, "csrf": csrf });
    if let (Some(c), Some(e)) = (context.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    page(state, status, "staff_two_factor.html", context)
}

/// A new secret to enrol, with what the page shows of it.
fn offer(login: &str) -> Result<serde_json::Value, String> {
    let secret = base32(&new_secret().map_err(|e| e.to_string())?);
    Ok(json!({
        "secret": secret,
        "uri": otpauth_uri("habeas", login, &secret),
    }))
}

pub async fn enrol_form(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let session = match signed_in(&state, &headers).await {
        Ok(Some((_, s))) => s,
        Ok(None) => return Redirect::to("/login").into_response(),
        Err(e) => return failure(&state, e),
    };
    let login = session.account.login.to_string();
    let left = if session.two_factor {
        match state.store.recovery_codes_left(session.account.id).await {
            Ok(n) => Some(n),
            Err(e) => return failure(&state, e),
        }
    } else {
        None
    };
    let mut extra = match offer(&login) {
        Ok(o) => o,
        Err(e) => return internal(&state, &e),
    };
    extra["enrolled"] = json!(session.two_factor);
    extra["required"] = json!(session.two_factor_required);
    extra["left"] = json!(left);
    enrol_page(&state, StatusCode::OK, &login, &session.csrf, extra)
}

pub async fn enrol(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let session = match signed_in(&state, &headers).await {
        Ok(Some((_, s))) => s,
        Ok(None) => return Redirect::to("/login").into_response(),
        Err(e) => return failure(&state, e),
    };
    let f = Fields::parse(&body);
    if !f.csrf_ok(&session) {
        return csrf_refused();
    }
    let login = session.account.login.to_string();
    let secret_text = f.get("secret").to_string();
    let now = state.now();
    // Replacing a second factor needs a code from the current one: a stolen session
    // alone must not be able to move the factor to another phone.
    let current_ok = if session.two_factor {
        match state.store.totp_secret(session.account.id).await {
            Ok(Some(t)) => match check(&t.secret, f.get("current"), now, t.last_step) {
                Some(step) => state
                    .store
                    .accept_totp_step(session.account.id, step)
                    .await
                    .unwrap_or(false),
                None => false,
            },
            Ok(None) => true,
            Err(e) => return failure(&state, e),
        }
    } else {
        true
    };
    let step = unbase32(&secret_text)
        .filter(|_| current_ok)
        .filter(|s| s.len() >= 16)
        .and_then(|s| check(&s, f.get("code"), now, 0));
    let Some(step) = step else {
        let extra = json!({
            "secret": secret_text,
            "uri": otpauth_uri("habeas", &login, &secret_text),
            "enrolled": session.two_factor,
            "required": session.two_factor_required,
            "error": if current_ok {
                "That code does not match this key. Check the time on your phone and type the code your app shows now."
            } else {
                "The code from your current app is wrong or was used already: it is needed to move two-factor authentication to a new phone."
            },
        });
        return enrol_page(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            &login,
            &session.csrf,
            extra,
        );
    };
    let codes = match recovery_codes() {
        Ok(c) => c,
        Err(e) => return internal(&state, &e.to_string()),
    };
    let digests: Vec<String> = codes.iter().map(|(_, d)| d.clone()).collect();
    let stamp = stamp_of(&state, &session);
    if let Err(e) = state
        .store
        .enrol_totp(&stamp, session.account.id, &secret_text, &digests, step)
        .await
    {
        return failure(&state, e);
    }
    let extra = json!({
        "enrolled": true,
        "codes": codes.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>(),
    });
    enrol_page(&state, StatusCode::OK, &login, &session.csrf, extra)
}

pub async fn policy_form(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let session = match gate(&state, &headers, Some(Action::ManageUsers)).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    policy_page(&state, &session, StatusCode::OK, None).await
}

async fn policy_page(
    state: &Shared,
    session: &crate::store::Session,
    status: StatusCode,
    message: Option<&str>,
) -> Response {
    let policy = match state.store.two_factor_policy().await {
        Ok(p) => p,
        Err(e) => return failure(state, e),
    };
    page(
        state,
        status,
        "staff_two_factor_policy.html",
        json!({
            "login": session.account.login,
            "role": session.account.role.as_str(),
            "csrf": session.csrf,
            "message": message,
            "roles": policy.iter().map(|(r, req)| json!({ "role": r.as_str(), "required": req })).collect::<Vec<_>>(),
        }),
    )
}

pub async fn set_policy(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let (session, f) = match posted_form(&state, &headers, &body, Some(Action::ManageUsers)).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let wanted: Vec<Role> = f
        .all("required")
        .iter()
        .filter_map(|r| r.parse().ok())
        .collect();
    let current = match state.store.two_factor_policy().await {
        Ok(p) => p,
        Err(e) => return failure(&state, e),
    };
    let stamp = stamp_of(&state, &session);
    for (role, required) in current {
        let want = wanted.contains(&role);
        if want != required
            && let Err(e) = state
                .store
                .set_two_factor_required(&stamp, role, want)
                .await
        {
            return failure(&state, e);
        }
    }
    policy_page(&state, &session, StatusCode::OK, Some("Saved.")).await
}
