//! The audit views: `/staff/history/{entity}/{id}` (who changed one record, and each
//! field before and after) for staff who may read the record, and `/staff/audit` (the
//! whole log, filtered by actor and record kind, a page at a time) with
//! `/staff/audit/verify` (the chain and every row checked) for roles that may read the
//! audit log. Sealed values are shown as "encrypted", never as ciphertext or opened;
//! since each write seals anew, a change inside an encrypted value is not shown.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::{failure, gate, page, posted_form, problem};
use crate::crypto::is_sealed;
use crate::domain::{Action, Level};
use crate::store::{Change, LogFilter, StoreError};
use crate::web::Shared;
use crate::web::error::Problem;

const LOG_PAGE: i64 = 100;
const ENTITIES: [&str; 7] = [
    "person", "case", "event", "source", "user", "token", "campaign",
];

/// A stored record's fields as `path = value` lines: `person.bio`, `names.0.name`.
fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                flatten(&format!("{prefix}.{i}"), v, out);
            }
        }
        Value::Null => {}
        Value::String(s) if is_sealed(s) => {
            out.insert(prefix.to_string(), "(encrypted)".into());
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

fn fields_of(text: Option<&str>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Some(v) = text.and_then(|t| serde_json::from_str::<Value>(t).ok()) {
        flatten("", &v, &mut out);
    }
    out
}

/// The fields an entry changed, with their values before and after.
fn diff(c: &Change) -> Value {
    let before = fields_of(c.before.as_deref());
    let after = fields_of(c.after.as_deref());
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .filter(|k| !k.ends_with("created_at"))
        .map(|k| json!({ "field": k, "before": before.get(k), "after": after.get(k) }))
        .collect()
}

fn entry(c: &Change, with_diff: bool) -> Value {
    json!({
        "seq": c.seq, "at": c.at, "actor": c.actor, "action": c.action,
        "entity": c.entity, "id": c.entity_id,
        "changes": if with_diff { diff(c) } else { Value::Null },
    })
}

/// The level a reader needs for a record's history: the stricter of its own level
/// and those above it (an event of a restricted case is restricted), as the store
/// works it out. Campaigns are staff work: every role reads them. A record that no
/// longer exists (merged away) has none: its history is not shown.
async fn level_of(state: &Shared, entity: &str, id: i64) -> Result<Option<Level>, StoreError> {
    if entity == "campaign" {
        return match state.store.campaign(id).await {
            Ok(_) => Ok(Some(Level::Internal)),
            Err(StoreError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        };
    }
    state.store.effective_level(entity, id).await
}

pub async fn history(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((entity, raw)): Path<(String, String)>,
) -> Response {
    let session = match gate(&state, &headers, None).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(id) = raw.parse::<i64>().ok().filter(|n| *n > 0) else {
        return problem(&state, Problem::NotFound);
    };
    let level = match level_of(&state, &entity, id).await {
        Ok(Some(l)) => l,
        Ok(None) => return problem(&state, Problem::NotFound),
        Err(e) => return failure(&state, e),
    };
    if level > session.reads() {
        return problem(&state, Problem::NotFound);
    }
    let changes = match state.store.history(&entity, id).await {
        Ok(c) => c,
        Err(e) => return failure(&state, e),
    };
    page(
        &state,
        StatusCode::OK,
        "staff_history.html",
        json!({
            "login": session.account.login,
            "role": session.account.role.as_str(),
            "entity": entity,
            "id": id,
            "entries": changes.iter().rev().map(|c| entry(c, true)).collect::<Vec<_>>(),
        }),
    )
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct LogParams {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    entity: String,
    #[serde(default)]
    before: String,
}

pub async fn log(
    State(state): State<Shared>,
    headers: HeaderMap,
    params: Result<Query<LogParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let session = match gate(&state, &headers, Some(Action::ReadAuditLog)).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Query(p) = params.unwrap_or_default();
    let before_seq = match p.before.trim() {
        "" => None,
        n => match n.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                return problem(
                    &state,
                    Problem::bad("before", format!("'{n}' is not an entry number")),
                );
            }
        },
    };
    let entity = p.entity.trim();
    if !entity.is_empty() && !ENTITIES.contains(&entity) {
        return problem(
            &state,
            Problem::bad(
                "entity",
                format!("'{entity}' is not one of {}", ENTITIES.join(", ")),
            ),
        );
    }
    let filter = LogFilter {
        before_seq,
        actor: Some(p.actor.trim().to_string()).filter(|a| !a.is_empty()),
        entity: Some(entity.to_string()).filter(|e| !e.is_empty()),
        limit: LOG_PAGE,
    };
    let changes = match state.store.log(&filter).await {
        Ok(c) => c,
        Err(e) => return failure(&state, e),
    };
    let next = (changes.len() as i64 == LOG_PAGE)
        .then(|| changes.last().map(|c| c.seq))
        .flatten();
    page(
        &state,
        StatusCode::OK,
        "staff_audit.html",
        json!({
            "login": session.account.login,
            "role": session.account.role.as_str(),
            "csrf": session.csrf,
            "actor": filter.actor,
            "entity": filter.entity,
            "entities": ENTITIES,
            "next": next,
            "entries": changes.iter().map(|c| entry(c, false)).collect::<Vec<_>>(),
            "verify": Value::Null,
        }),
    )
}

pub async fn verify(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let (session, _) = match posted_form(&state, &headers, &body, Some(Action::ReadAuditLog)).await
    {
        Ok(p) => p,
        Err(r) => return r,
    };
    let result = match state.store.verify_audit().await {
        Ok(Ok((seq, hash))) => json!({
            "ok": true,
            "message": format!("The audit log is intact: {seq} entries, head {hash}, and every record matches its last entry."),
        }),
        Ok(Err(tamper)) => json!({ "ok": false, "message": tamper.to_string() }),
        Err(e) => return failure(&state, e),
    };
    page(
        &state,
        StatusCode::OK,
        "staff_audit.html",
        json!({
            "login": session.account.login,
            "role": session.account.role.as_str(),
            "csrf": session.csrf,
            "entities": ENTITIES,
            "entries": [],
            "verify": result,
        }),
    )
}
