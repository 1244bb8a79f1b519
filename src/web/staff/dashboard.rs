//! `/staff/`: the workspace's first page, for signed-in staff only: who you are, what
//! your role may do, and the latest changes to the record.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde_json::json;

use super::signed_in;
use crate::domain::{Action, POLICY};
use crate::web::Shared;
use crate::web::error::{PageError, Problem, log_internal};

pub async fn show(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let fail = |detail: String| {
        PageError(
            Problem::Internal(log_internal(&detail)),
            state.templates.clone(),
        )
        .into_response()
    };
    let (_, session) = match signed_in(&state, &headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return Redirect::to("/login").into_response(),
        Err(e) => return fail(e.to_string()),
    };
    let changes = match state.store.recent_changes(20).await {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    let role = session.account.role;
    let may: Vec<&str> = Action::ALL
        .iter()
        .filter(|a| role.may(**a))
        .map(|a| match a {
            Action::EditRecord => "edit the record",
            Action::ReviewProposals => "review proposed updates",
            Action::EditCampaigns => "run campaigns",
            Action::ManageUsers => "manage accounts",
            Action::ReadAuditLog => "read the audit log",
        })
        .collect();
    let reads = POLICY
        .iter()
        .find(|(r, _, _)| *r == role)
        .map_or("public", |(_, l, _)| l.as_str());
    let context = json!({
        "login": session.account.login,
        "role": role.as_str(),
        "reads": reads,
        "may": may,
        "csrf": session.csrf,
        "may_edit": role.may(Action::EditRecord),
        "changes": changes.iter().map(|(seq, at, actor, action, entity, id)| json!({
            "seq": seq, "at": at, "actor": actor, "action": action, "entity": entity, "id": id,
        })).collect::<Vec<_>>(),
    });
    match state.templates.render("staff.html", context) {
        Ok(html) => {
            let mut r = Html(html).into_response();
            // Staff pages hold non-public data: never stored by caches.
            r.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            r
        }
        Err(e) => fail(e.to_string()),
    }
}
