//! Staff sessions: stored by the digest of their cookie token, so a copy of the
//! database does not let anyone in. Sessions are not audited entries (a login is not a
//! change to the record); they end on logout, on "log out everywhere", on timeouts and
//! when the account is disabled.

use sqlx::Row;

use super::accounts::account_of_row;
use super::{Account, Store, StoreError};

/// A live session as stored.
#[derive(Debug, Clone)]
pub struct Session {
    pub account: Account,
    pub csrf: String,
    pub created_at: String,
    pub last_seen: String,
    /// Whether the account has a second factor, and whether its role must have one.
    pub two_factor: bool,
    pub two_factor_required: bool,
}

impl Session {
    /// The widest level this session may read. Restricted data needs a second factor
    /// (issue 12): an account that signed in without one reads up to internal, whatever
    /// its role, until it enrols (its login then asks for a code).
    pub fn reads(&self) -> crate::domain::Level {
        let role = self.account.role.reads();
        if self.two_factor {
            role
        } else {
            role.min(crate::domain::Level::Internal)
        }
    }
}

impl Store {
    pub async fn create_session(
        &self,
        digest: &str,
        user_id: i64,
        csrf: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen) VALUES ($1, $2, $3, $4, $4)")
            .bind(self.secret_digest(digest))
            .bind(user_id)
            .bind(csrf.to_string())
            .bind(at.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The session for a token digest, if it exists and its account is active.
    pub async fn session(&self, digest: &str) -> Result<Option<Session>, StoreError> {
        let row = sqlx::query(
            "SELECT s.csrf, s.created_at AS s_created, s.last_seen, u.id, u.login, u.role, u.disabled, u.created_at, \
             (SELECT COUNT(*) FROM two_factor t WHERE t.user_id = u.id) AS enrolled, \
             (SELECT COUNT(*) FROM two_factor_policy p WHERE p.role = u.role AND p.required <> 0) AS required \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND u.disabled = 0",
        )
        .bind(self.secret_digest(digest))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Session {
                account: account_of_row(&r)?,
                csrf: r.try_get("csrf")?,
                created_at: r.try_get("s_created")?,
                last_seen: r.try_get("last_seen")?,
                two_factor: r.try_get::<i64, _>("enrolled")? > 0,
                two_factor_required: r.try_get::<i64, _>("required")? > 0,
            })
        })
        .transpose()
    }

    pub async fn touch_session(&self, digest: &str, at: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2")
            .bind(at.to_string())
            .bind(self.secret_digest(digest))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn end_session(&self, digest: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(self.secret_digest(digest))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of an account ("log out everywhere"); returns how many.
    /// Deletes every session idle since before `idle_before` or started before
    /// `started_before` (RFC 3339 times): sessions nobody came back to do not pile up
    /// (their cookies, if stolen later, would open nothing anyway). Returns how many.
    pub async fn purge_sessions(
        &self,
        idle_before: &str,
        started_before: &str,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2")
            .bind(idle_before.to_string())
            .bind(started_before.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// How many sessions are stored.
    pub async fn session_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
            .fetch_one(&self.pool)
            .await?)
    }

    pub async fn end_sessions_of(&self, user_id: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// The latest audit entries, newest first, for the staff dashboard.
    pub async fn recent_changes(
        &self,
        limit: i64,
    ) -> Result<Vec<(i64, String, String, String, String, i64)>, StoreError> {
        let rows = sqlx::query("SELECT seq, at, actor, action, entity, entity_id FROM audit_log ORDER BY seq DESC LIMIT $1")
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("seq")?,
                    r.try_get("at")?,
                    r.try_get("actor")?,
                    r.try_get("action")?,
                    r.try_get("entity")?,
                    r.try_get("entity_id")?,
                ))
            })
            .collect()
    }
}
