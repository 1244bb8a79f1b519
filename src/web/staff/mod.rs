//! The staff side: login, sessions and the workspace under `/staff/`. Sessions live in
//! the database (see `store::sessions`); the cookie holds a random token and is
//! `HttpOnly` and `SameSite=Strict` (and `Secure` behind TLS). Every form carries a
//! CSRF token: the session's, or before login a double-submit cookie.

pub mod audit;
pub mod campaigns;
pub mod cases;
pub mod corrections;
pub mod dashboard;
pub(crate) mod form;
pub mod index;
pub mod login;
pub mod people;
pub mod person;
pub mod proposals;
pub mod setup;
pub mod throttle;
pub mod two_factor;

use std::sync::Mutex;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use tokio::sync::Semaphore;

use crate::accounts::{hash_password, token_digest};
use crate::crypto::hex;
use crate::domain::{Action, Password};
use crate::store::{Session, Stamp, StoreError};

use super::Shared;
use super::error::{PageError, Problem, log_internal};

pub const SESSION_COOKIE: &str = "habeas_session";
pub const LOGIN_CSRF_COOKIE: &str = "habeas_login_csrf";
/// A session ends after this long without a request…
pub const IDLE_SECONDS: i64 = 30 * 60;
/// …and after this long in any case.
pub const ABSOLUTE_SECONDS: i64 = 12 * 60 * 60;
/// Password hashes computed at once: a login flood waits here instead of starving
/// the public site of threads.
const HASH_SLOTS: usize = 2;

pub(crate) struct StaffState {
    /// Failed logins, per address, device and login (see `throttle`).
    pub(crate) throttle: throttle::Throttle,
    pub(crate) hash_slots: Semaphore,
    /// A real hash to verify against when the login does not exist, so both answers
    /// take the same time.
    pub(crate) dummy_hash: String,
    /// The digest of the one-time setup link's token, while no account exists.
    setup: Mutex<Option<String>>,
    /// Logins waiting for their second factor.
    pub(crate) pending: two_factor::Pending,
}

impl StaffState {
    /// `device_key` signs the device cookies of known browsers.
    pub(crate) fn new(device_key: [u8; 32]) -> Result<StaffState, StoreError> {
        let dummy = Password::parse("no account has this password").map_err(StoreError::Invalid)?;
        let dummy_hash = hash_password(&dummy).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(StaffState {
            throttle: throttle::Throttle::new(device_key),
            hash_slots: Semaphore::new(HASH_SLOTS),
            dummy_hash,
            setup: Mutex::new(None),
            pending: two_factor::Pending::default(),
        })
    }

    /// A new one-time setup token (its digest is kept); the previous one stops working.
    pub(crate) fn new_setup_token(&self) -> Result<String, StoreError> {
        let token = random_token()?;
        if let Ok(mut s) = self.setup.lock() {
            *s = Some(token_digest(&token));
        }
        Ok(token)
    }

    pub(crate) fn setup_token_is(&self, digest: &str) -> bool {
        self.setup
            .lock()
            .is_ok_and(|s| s.as_deref() == Some(digest))
    }

    pub(crate) fn clear_setup_token(&self) {
        if let Ok(mut s) = self.setup.lock() {
            *s = None;
        }
    }
}

/// A fresh random token (for cookies and CSRF).
pub fn random_token() -> Result<String, StoreError> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| StoreError::Corrupt(format!("no randomness: {e}")))?;
    Ok(hex(&b))
}

/// The value of cookie `name` in the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Path=/, Secure when asked.
pub fn set_cookie(state: &Shared, name: &str, value: &str, max_age: Option<i64>) -> String {
    let mut c = format!("{name}={value}; HttpOnly; SameSite=Strict; Path=/");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if state.secure_cookies {
        c.push_str("; Secure");
    }
    c
}

/// The signed-in staff member, if the session cookie names a live session. Expired
/// sessions are ended here.
pub async fn signed_in(
    state: &Shared,
    headers: &HeaderMap,
) -> Result<Option<(String, Session)>, StoreError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let digest = token_digest(&token);
    let Some(session) = state.store.session(&digest).await? else {
        return Ok(None);
    };
    let now = state.now();
    let since = |at: &str| super::http::seconds(at).map_or(i64::MAX, |t| now - t);
    if since(&session.last_seen) > IDLE_SECONDS || since(&session.created_at) > ABSOLUTE_SECONDS {
        state.store.end_session(&digest).await?;
        return Ok(None);
    }
    state
        .store
        .touch_session(&digest, &super::http::rfc3339(now))
        .await?;
    Ok(Some((digest, session)))
}

/// The staff member a workspace request comes from, if they may make it: anonymous
/// visitors are sent to `/login`; an account whose role must use a second factor and
/// has none yet is sent to enrol; a role the policy table does not allow `need` gets 403.
pub async fn gate(
    state: &Shared,
    headers: &HeaderMap,
    need: Option<Action>,
) -> Result<Session, Response> {
    match signed_in(state, headers).await {
        Ok(Some((_, session))) if session.two_factor_required && !session.two_factor => {
            Err(Redirect::to(two_factor::ENROL_PATH).into_response())
        }
        Ok(Some((_, session))) => match need {
            Some(action) if !session.account.role.may(action) => {
                Err(problem(state, Problem::Forbidden))
            }
            _ => Ok(session),
        },
        Ok(None) => Err(Redirect::to("/login").into_response()),
        Err(e) => Err(failure(state, e)),
    }
}

/// A workspace form posted by a staff member who may take `need`: the session and the
/// fields, or the answer that ends the request (the login, 403 for the role or for a
/// missing CSRF token, 413 for a body too large). Nothing has been written either way.
pub async fn posted_form(
    state: &Shared,
    headers: &HeaderMap,
    body: &[u8],
    need: Option<Action>,
) -> Result<(Session, form::Fields), Response> {
    let session = gate(state, headers, need).await?;
    if body.len() > form::MAX_BODY {
        return Err((
            StatusCode::PAYLOAD_TOO_LARGE,
            "The form is larger than 256 KiB, so nothing was saved: shorten the longest fields (notes, excerpts) and send it again.",
        )
            .into_response());
    }
    let fields = form::Fields::parse(body);
    if !fields.csrf_ok(&session) {
        return Err(csrf_refused());
    }
    Ok((session, fields))
}

/// The answer to a form posted without the session's CSRF token: nothing changes.
pub fn csrf_refused() -> Response {
    (
        StatusCode::FORBIDDEN,
        "The form expired or was not sent from this site. Go back, reload and try again.",
    )
        .into_response()
}

pub fn problem(state: &Shared, p: Problem) -> Response {
    PageError(p, state.templates.clone()).into_response()
}

/// A store failure as the page says it: a full disk (507), a database away (503), or
/// an internal error with a request id.
pub fn failure(state: &Shared, e: StoreError) -> Response {
    problem(state, e.into())
}

pub fn internal(state: &Shared, detail: &str) -> Response {
    problem(state, Problem::Internal(log_internal(detail)))
}

/// A rendered staff page: never stored by caches, since it holds non-public data.
pub fn page(
    state: &Shared,
    status: StatusCode,
    template: &str,
    context: serde_json::Value,
) -> Response {
    match state.templates.render(template, context) {
        Ok(html) => {
            let mut r = (status, Html(html)).into_response();
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(e) => internal(state, &e.to_string()),
    }
}

/// Who writes and when, for changes made in the workspace.
pub fn stamp_of(state: &Shared, session: &Session) -> Stamp {
    Stamp {
        actor: session.account.login.to_string(),
        at: super::http::rfc3339(state.now()),
        today: state.today(),
    }
}
