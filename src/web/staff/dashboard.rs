//! `/staff/` and `/staff/search`: the workspace's first page (who you are, what your
//! role may do, hearings in the next 14 days, expected releases in the next 60,
//! stale cases, the latest changes) and the search over names and case text. Both
//! read the staff index of the current snapshot, never the whole registry.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::index::{CaseEntry, STALE_MONTHS};
use super::{failure, gate, page};
use crate::domain::{Action, Role};
use crate::web::Shared;

pub const HEARING_DAYS: i64 = 14;
pub const RELEASE_DAYS: i64 = 60;
const PANEL_ROWS: usize = 20;
const SEARCH_HITS: usize = 100;
const MAX_QUERY_CHARS: usize = 200;

fn describe(action: Action) -> &'static str {
    match action {
        Action::EditRecord => "edit the record",
        Action::ReviewProposals => "review proposed updates",
        Action::EditCampaigns => "run campaigns",
        Action::ManageUsers => "manage accounts",
        Action::ReadAuditLog => "read the audit log",
    }
}

fn rows(cases: &[&CaseEntry], date: impl Fn(&CaseEntry) -> Option<String>) -> Value {
    cases
        .iter()
        .take(PANEL_ROWS)
        .map(|c| {
            json!({
                "id": c.person,
                "name": c.name,
                "date": date(c),
                "status": c.status.map(|s| s.as_str()),
            })
        })
        .collect()
}

/// What every workspace page's header shows.
fn who(role: Role, login: &str, csrf: &str) -> Value {
    json!({
        "login": login,
        "role": role.as_str(),
        "csrf": csrf,
        "may_edit": role.may(Action::EditRecord),
        "may_audit": role.may(Action::ReadAuditLog),
        "may_review": role.may(Action::ReviewProposals),
        "may_manage": role.may(Action::ManageUsers),
    })
}

pub async fn show(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let session = match gate(&state, &headers, None).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let changes = match state.store.recent_changes(20).await {
        Ok(c) => c,
        Err(e) => return failure(&state, e),
    };
    let role = session.account.role;
    let reads = session.reads();
    let today = state.today();
    let snapshot = state.snapshot();
    let index = &snapshot.staff;
    let hearings = index.hearings(today, HEARING_DAYS, reads);
    let releases = index.releases(today, RELEASE_DAYS, reads);
    let (stale, stale_total) = index.stale(today, reads, PANEL_ROWS);
    let mut context = who(role, session.account.login.as_str(), &session.csrf);
    context["reads"] = json!(reads.as_str());
    context["may"] = json!(
        Action::ALL
            .iter()
            .filter(|a| role.may(**a))
            .map(|a| describe(*a))
            .collect::<Vec<_>>()
    );
    context["today"] = json!(today.to_string());
    context["panels"] = json!({
        "hearing_days": HEARING_DAYS,
        "release_days": RELEASE_DAYS,
        "stale_months": STALE_MONTHS,
        "hearings": rows(&hearings, |c| c.next_hearing.map(|d| d.to_string())),
        "hearings_total": hearings.len(),
        "releases": rows(&releases, |c| c.expected_release.map(|d| d.to_string())),
        "releases_total": releases.len(),
        "stale": rows(&stale, |c| c.last_event.map(|d| d.to_string())),
        "stale_total": stale_total,
    });
    context["changes"] = changes
        .iter()
        .map(|(seq, at, actor, action, entity, id)| {
            json!({
                "seq": seq, "at": at, "actor": actor, "action": action, "entity": entity, "id": id,
            })
        })
        .collect();
    page(&state, StatusCode::OK, "staff.html", context)
}

#[derive(Debug, serde::Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
}

pub async fn search(
    State(state): State<Shared>,
    headers: HeaderMap,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let session = match gate(&state, &headers, None).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let q: String = params
        .map(|Query(p)| p.q)
        .unwrap_or_default()
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    let role = session.account.role;
    let hits = state
        .snapshot()
        .staff
        .search(&q, session.reads(), SEARCH_HITS);
    let mut context = who(role, session.account.login.as_str(), &session.csrf);
    context["q"] = json!(q.trim());
    context["hits"] = json!(hits);
    context["limit"] = json!(SEARCH_HITS);
    page(&state, StatusCode::OK, "staff_search.html", context)
}
