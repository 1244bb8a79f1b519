//! Access records in the audit chain (issue 12): accounts (with their second factor
//! and recovery codes), API tokens, the second-factor policy and the review decisions
//! on proposals. Their rows hold secrets' digests that the audit log must not repeat,
//! so each audited change records a digest of the record's rows as stored (`"row"` in
//! the entry's `after`), and `audit verify` compares every such record with the last
//! digest the chain holds for it: a token, an account, a password hash or a decision
//! written into the database by anything but habeas is named, as a registry row is.

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use sqlx::AssertSqlSafe;

use super::batch::{Table, Val, row_json};
use super::verify::RowTamper;
use super::write::Writer;
use super::{Store, StoreError};
use crate::crypto::hex;
use crate::domain::Role;

const TWO_FACTOR: Table = Table {
    name: "two_factor",
    // The last step used changes at every login with a code; it grants nothing.
    columns: &["user_id", "secret", "enrolled_at"],
    ints: &["user_id"],
};
const RECOVERY: Table = Table {
    name: "recovery_codes",
    columns: &["user_id", "code_hash", "used_at"],
    ints: &["user_id"],
};
const POLICY: Table = Table {
    name: "two_factor_policy",
    columns: &["role", "required"],
    ints: &["required"],
};
pub(super) const PROPOSALS: Table = Table {
    name: "proposals",
    columns: &[
        "id",
        "article_id",
        "finding",
        "person_id",
        "score",
        "decision",
        "state",
        "reason",
        "reviewed_by",
        "reviewed_at",
        "event_id",
        "created_at",
    ],
    ints: &["id", "article_id", "person_id", "event_id"],
};

const CAMPAIGNS: Table = Table {
    name: "campaigns",
    columns: &[
        "id",
        "title",
        "status",
        "deadline",
        "body",
        "created_at",
        "updated_at",
    ],
    ints: &["id"],
};

/// An access record kind: its name and its tables, each with the column naming the record.
type AccessKind = (&'static str, &'static [(Table, &'static str)]);

/// The entities whose rows the chain vouches for by digest, and for each the tables
/// (with the column naming the record) whose rows make it up. (A campaign's letter
/// counts are a public counter, not access: they are left out.)
pub(super) const ACCESS: [AccessKind; 5] = [
    (
        "user",
        &[
            (super::accounts::USERS, "id"),
            (TWO_FACTOR, "user_id"),
            (RECOVERY, "user_id"),
        ],
    ),
    ("api_token", &[(super::accounts::TOKENS, "id")]),
    ("two-factor-policy", &[(POLICY, "role")]),
    ("proposal", &[(PROPOSALS, "id")]),
    ("campaign", &[(CAMPAIGNS, "id")]),
];

/// The policy the migration writes (0005_two_factor.sql): admins must use a second
/// factor, other roles may.
const DEFAULT_POLICY: [(Role, i64); 5] = [
    (Role::Admin, 1),
    (Role::Editor, 0),
    (Role::Reviewer, 0),
    (Role::Campaigner, 0),
    (Role::Viewer, 0),
];

/// The id of a role's policy record in the chain.
pub(super) fn policy_id(role: Role) -> i64 {
    Role::ALL
        .iter()
        .position(|r| *r == role)
        .map_or(0, |i| i64::try_from(i).unwrap_or(0) + 1)
}

fn policy_role(id: i64) -> Option<Role> {
    usize::try_from(id - 1)
        .ok()
        .and_then(|i| Role::ALL.get(i))
        .copied()
}

/// Stored rows, by table, as the audit log's row texts, sorted; digested together.
fn digest_of(parts: &[Vec<String>]) -> Option<String> {
    if parts.iter().all(Vec::is_empty) {
        return None;
    }
    let mut h = Sha256::new();
    for rows in parts {
        for r in rows {
            h.update(r.as_bytes());
            h.update(b"\n");
        }
        h.update(b"--\n");
    }
    Some(hex(&h.finalize()))
}

fn select(table: Table, key: &str, filtered: bool) -> String {
    let order = table.columns.join(", ");
    let filter = if filtered {
        format!(" WHERE {key} = $1")
    } else {
        String::new()
    };
    format!(
        "SELECT {} FROM {}{filter} ORDER BY {order}",
        table.columns.join(", "),
        table.name
    )
}

/// The key column's value of a record's rows: the policy is kept by role name.
fn key_value(table: Table, key: &str, row: &sqlx::any::AnyRow) -> Result<i64, StoreError> {
    use sqlx::Row;
    if table.name == POLICY.name {
        let role: String = row.try_get(key)?;
        return role
            .parse::<Role>()
            .map(policy_id)
            .map_err(|_| StoreError::Corrupt(format!("role '{role}'")));
    }
    Ok(row.try_get(key)?)
}

/// The access record kind named `entity`, as `ACCESS` lists it.
fn access_kind(entity: &str) -> Result<AccessKind, StoreError> {
    ACCESS
        .iter()
        .find(|(e, _)| *e == entity)
        .copied()
        .ok_or_else(|| StoreError::Corrupt(format!("{entity} is not an access record")))
}

impl Writer<'_> {
    /// The digest of one access record's rows as they stand in this transaction;
    /// `None` when it has none (removed).
    pub(super) async fn access_digest(
        &mut self,
        entity: &str,
        id: i64,
    ) -> Result<Option<String>, StoreError> {
        let (_, tables) = access_kind(entity)?;
        let mut parts = Vec::new();
        for (table, key) in tables.iter() {
            let query = sqlx::query(AssertSqlSafe(select(*table, key, true)));
            let query = match policy_role(id).filter(|_| table.name == POLICY.name) {
                Some(role) => query.bind(role.as_str()),
                None => query.bind(id),
            };
            let rows = self.fetch_all(query).await?;
            parts.push(
                rows.iter()
                    .map(|r| Ok(row_json(*table, &table.row_of(r)?)))
                    .collect::<Result<Vec<_>, StoreError>>()?,
            );
        }
        Ok(digest_of(&parts))
    }

    /// An audit entry for a change to an access record: `summary` (what a person
    /// reads: login, role, what changed) with the digest of the record's rows now.
    pub(super) async fn audit_access(
        &mut self,
        action: &str,
        entity: &str,
        id: i64,
        summary: serde_json::Value,
    ) -> Result<(), StoreError> {
        self.audit_access_after(action, entity, id, None, summary)
            .await
    }

    /// [`Writer::audit_access`] with the record's `before` (a campaign's body).
    pub(super) async fn audit_access_after(
        &mut self,
        action: &str,
        entity: &str,
        id: i64,
        before: Option<String>,
        summary: serde_json::Value,
    ) -> Result<(), StoreError> {
        let (entity, _) = access_kind(entity)?;
        let digest = self.access_digest(entity, id).await?;
        let mut after = match summary {
            serde_json::Value::Object(o) => o,
            other => {
                let mut o = serde_json::Map::new();
                o.insert("summary".into(), other);
                o
            }
        };
        after.insert("row".into(), serde_json::Value::from(digest));
        self.audit(
            action,
            entity,
            id,
            before,
            serde_json::Value::Object(after).to_string(),
        )
        .await
    }
}

impl Store {
    /// Every access record as stored against the last digest the chain holds for it.
    /// The second-factor policy's rows are written by the migration that creates them:
    /// a role's policy that no entry has changed must still be that default.
    pub(super) async fn verify_access(
        &self,
        mut expected: HashMap<(&'static str, i64), Option<String>>,
    ) -> Result<Result<(), RowTamper>, StoreError> {
        for (role, required) in DEFAULT_POLICY {
            let row = row_json(POLICY, &[Val::text(role.as_str()), Val::int(required)]);
            expected
                .entry(("two-factor-policy", policy_id(role)))
                .or_insert_with(|| digest_of(&[vec![row]]));
        }
        let mut stored = self.access_digests().await?;
        let mut keys: Vec<_> = expected.keys().chain(stored.keys()).copied().collect();
        keys.sort();
        keys.dedup();
        for (entity, id) in keys {
            let want = expected.remove(&(entity, id)).flatten();
            let have = stored.remove(&(entity, id));
            let reason = match (want, have) {
                (Some(w), Some(h)) if w == h => continue,
                (None, None) => continue,
                (Some(_), Some(_)) => {
                    "was changed outside habeas (it differs from its last audit entry)"
                }
                (None, Some(_)) => "was added outside habeas (no audit entry vouches for it)",
                (Some(_), None) => {
                    "was deleted outside habeas (its last audit entry says it exists)"
                }
            };
            return Ok(Err(RowTamper {
                entity,
                id,
                reason: reason.into(),
            }));
        }
        Ok(Ok(()))
    }

    /// The digest of every access record as stored now, by entity and id.
    pub(super) async fn access_digests(
        &self,
    ) -> Result<HashMap<(&'static str, i64), String>, StoreError> {
        let mut out = HashMap::new();
        for (entity, tables) in ACCESS {
            let mut by_id: HashMap<i64, Vec<Vec<String>>> = HashMap::new();
            for (n, (table, key)) in tables.iter().enumerate() {
                let rows = sqlx::query(AssertSqlSafe(select(*table, key, false)))
                    .fetch_all(&self.pool)
                    .await?;
                for r in &rows {
                    let id = key_value(*table, key, r)?;
                    let parts = by_id
                        .entry(id)
                        .or_insert_with(|| vec![Vec::new(); tables.len()]);
                    parts[n].push(row_json(*table, &table.row_of(r)?));
                }
            }
            for (id, parts) in by_id {
                if let Some(d) = digest_of(&parts) {
                    out.insert((entity, id), d);
                }
            }
        }
        Ok(out)
    }
}
