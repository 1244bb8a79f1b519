//! Bringing a database written before audit entries carried MACs up to date, once,
//! at the first open with the key (issue 12): every entry gets its MAC, digests of
//! API tokens and recovery codes are keyed (sessions from before simply end), and
//! every access record gets an `attest` entry with the digest of its rows, so
//! `audit verify` vouches for it from then on. A `meta` row marks it done; a new
//! database is marked at creation. Entries are MACed as they are found: run the first
//! keyed open on a database you trust (a database altered before then is vouched for).

use sqlx::Row;

use super::access::{ACCESS, policy_id};
use super::write::{Stamp, Writer, audit_key, entry_mac};
use super::{KEYED_DIGEST, Store, StoreError};
use crate::domain::Role;

const MARK: &str = "audit_v2";

/// What the upgrade did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Upgrade {
    pub entries: usize,
    pub digests: usize,
    pub attested: usize,
}

impl Store {
    /// Marks a new (empty) database as written in the current audit format.
    pub(super) async fn mark_new_audit(&self) -> Result<(), StoreError> {
        let marked: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(MARK)
            .fetch_optional(&self.pool)
            .await?;
        if marked.is_some() {
            return Ok(());
        }
        let any: Option<i64> = sqlx::query_scalar("SELECT seq FROM audit_log LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        if any.is_none() {
            sqlx::query(
                "INSERT INTO meta (key, value) VALUES ($1, 'yes') ON CONFLICT (key) DO NOTHING",
            )
            .bind(MARK)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// Upgrades an older database once, if the key is loaded; `None` when there was
    /// nothing to do.
    pub async fn upgrade_audit(&self, stamp: &Stamp) -> Result<Option<Upgrade>, StoreError> {
        let Ok(ring) = self.keys.ring() else {
            return Ok(None);
        };
        let done: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(MARK)
            .fetch_optional(&self.pool)
            .await?;
        if done.is_some() {
            return Ok(None);
        }
        let key = audit_key(ring);
        let mut report = Upgrade::default();
        let mut w = Writer::begin(self, stamp).await?;
        // MACs for the entries already written, a page at a time (a long log must not
        // be held in memory).
        loop {
            let rows = w
                .fetch_all(sqlx::query(
                    "SELECT seq, hash FROM audit_log WHERE mac IS NULL ORDER BY seq LIMIT 5000",
                ))
                .await?;
            if rows.is_empty() {
                break;
            }
            for r in rows {
                let seq: i64 = r.try_get("seq")?;
                let hash: String = r.try_get("hash")?;
                w.execute(
                    sqlx::query("UPDATE audit_log SET mac = $1 WHERE seq = $2")
                        .bind(entry_mac(&key, &hash))
                        .bind(seq),
                )
                .await?;
                report.entries += 1;
            }
        }
        // Keyed digests: tokens and recovery codes keep working; sessions end.
        for (table, key) in [
            ("api_tokens", "token_hash"),
            ("recovery_codes", "code_hash"),
        ] {
            let rows = w
                .fetch_all(sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {key} AS d FROM {table} WHERE {key} NOT LIKE '{KEYED_DIGEST}%'"
                ))))
                .await?;
            for r in rows {
                let old: String = r.try_get("d")?;
                w.execute(
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "UPDATE {table} SET {key} = $1 WHERE {key} = $2"
                    )))
                    .bind(self.secret_digest(&old))
                    .bind(old),
                )
                .await?;
                report.digests += 1;
            }
        }
        w.execute(sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM sessions WHERE token_hash NOT LIKE '{KEYED_DIGEST}%'"
        ))))
        .await?;
        // An entry vouching for each access record as it stands.
        for (entity, tables) in ACCESS {
            let (table, key) = tables[0];
            let ids: Vec<i64> = if entity == "two-factor-policy" {
                Role::ALL.iter().map(|r| policy_id(*r)).collect()
            } else {
                w.fetch_all(sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {key} AS id FROM {} ORDER BY {key}",
                    table.name
                ))))
                .await?
                .iter()
                .map(|r| r.try_get::<i64, _>("id"))
                .collect::<Result<_, _>>()?
            };
            for id in ids {
                w.audit_access("attest", entity, id, serde_json::json!({}))
                    .await?;
                report.attested += 1;
            }
        }
        w.execute(sqlx::query("INSERT INTO meta (key, value) VALUES ($1, 'yes')").bind(MARK))
            .await?;
        w.commit().await?;
        Ok(Some(report))
    }
}
