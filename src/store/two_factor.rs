//! Second factors: each account's sealed TOTP secret and last accepted step, its
//! recovery codes (digests), and which roles must use one. Enrolment, removal, spent
//! recovery codes and policy changes are audited account changes; no entry holds a
//! secret or a digest.

use serde_json::json;
use sqlx::Row;

use super::access::policy_id;
use super::write::{Stamp, Writer};
use super::{Store, StoreError};
use crate::crypto::place;
use crate::domain::Role;

/// An account's enrolled TOTP secret (opened) and the last step it accepted.
#[derive(Debug, Clone)]
pub struct TotpSecret {
    pub secret: Vec<u8>,
    pub last_step: i64,
}

impl Store {
    /// Enrols `secret` for an account with fresh recovery code digests, replacing any
    /// earlier second factor. Needs the key: the secret is stored sealed.
    pub async fn enrol_totp(
        &self,
        stamp: &Stamp,
        user_id: i64,
        secret_b32: &str,
        recovery_digests: &[String],
        first_step: i64,
    ) -> Result<(), StoreError> {
        let sealed = self
            .keys
            .ring()?
            .seal(secret_b32, &place("two_factor", user_id, "secret"))?;
        let mut w = Writer::begin(self, stamp).await?;
        w.execute(sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id))
            .await?;
        w.execute(sqlx::query("DELETE FROM two_factor WHERE user_id = $1").bind(user_id))
            .await?;
        w.execute(
            sqlx::query(
                "INSERT INTO two_factor (user_id, secret, last_step, enrolled_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(user_id)
            .bind(sealed)
            .bind(first_step)
            .bind(stamp.at.clone()),
        )
        .await?;
        for d in recovery_digests {
            w.execute(
                sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                    .bind(user_id)
                    .bind(self.secret_digest(d)),
            )
            .await?;
        }
        let after = json!({ "two_factor": "totp", "recovery_codes": recovery_digests.len() });
        w.audit_access("enrol-two-factor", "user", user_id, after)
            .await?;
        w.commit().await
    }

    /// The account's TOTP secret, if it has enrolled one. Without the key the secret
    /// cannot be opened, and the error says so.
    pub async fn totp_secret(&self, user_id: i64) -> Result<Option<TotpSecret>, StoreError> {
        let row = sqlx::query("SELECT secret, last_step FROM two_factor WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let sealed: String = row.try_get("secret")?;
        let text = self
            .keys
            .ring()?
            .open(&sealed, &place("two_factor", user_id, "secret"))?;
        let secret = crate::accounts::totp::unbase32(&text)
            .ok_or_else(|| StoreError::Corrupt(format!("two-factor secret of user {user_id}")))?;
        Ok(Some(TotpSecret {
            secret,
            last_step: row.try_get("last_step")?,
        }))
    }

    /// Records `step` as used, if it is later than the last one: false when another
    /// request used this code (or a later one) first.
    pub async fn accept_totp_step(&self, user_id: i64, step: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE two_factor SET last_step = $1 WHERE user_id = $2 AND last_step < $1",
        )
        .bind(step)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Spends a recovery code: true if it was the account's and unused.
    pub async fn use_recovery_code(
        &self,
        stamp: &Stamp,
        user_id: i64,
        digest: &str,
    ) -> Result<bool, StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        let spent = w
            .execute(
                sqlx::query(
                    "UPDATE recovery_codes SET used_at = $1 \
                     WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
                )
                .bind(stamp.at.clone())
                .bind(user_id)
                .bind(self.secret_digest(digest)),
            )
            .await?;
        if spent != 1 {
            return Ok(false);
        }
        let left = w
            .fetch_optional(
                sqlx::query(
                    "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
                )
                .bind(user_id),
            )
            .await?
            .map(|r| r.try_get::<i64, _>("n"))
            .transpose()?
            .unwrap_or(0);
        let after = json!({ "recovery_codes_left": left });
        w.audit_access("use-recovery-code", "user", user_id, after)
            .await?;
        w.commit().await?;
        Ok(true)
    }

    /// Unused recovery codes of an account.
    pub async fn recovery_codes_left(&self, user_id: i64) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

    /// Removes an account's second factor (a lost phone); it enrols again at next login
    /// if its role requires one. Its sessions end.
    pub async fn remove_totp(&self, stamp: &Stamp, user_id: i64) -> Result<bool, StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        w.execute(sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id))
            .await?;
        let removed = w
            .execute(sqlx::query("DELETE FROM two_factor WHERE user_id = $1").bind(user_id))
            .await?;
        if removed == 0 {
            return Ok(false);
        }
        w.execute(sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id))
            .await?;
        w.audit_access(
            "remove-two-factor",
            "user",
            user_id,
            json!({ "two_factor": null }),
        )
        .await?;
        w.commit().await?;
        Ok(true)
    }

    /// Whether each role must use a second factor.
    pub async fn two_factor_policy(&self) -> Result<Vec<(Role, bool)>, StoreError> {
        let rows = sqlx::query("SELECT role, required FROM two_factor_policy")
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::new();
        for role in Role::ALL {
            let required = rows.iter().any(|r| {
                r.try_get::<String, _>("role")
                    .is_ok_and(|n| n == role.as_str())
                    && r.try_get::<i64, _>("required").is_ok_and(|v| v != 0)
            });
            out.push((*role, required));
        }
        Ok(out)
    }

    pub async fn set_two_factor_required(
        &self,
        stamp: &Stamp,
        role: Role,
        required: bool,
    ) -> Result<(), StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        let n = w
            .execute(
                sqlx::query("UPDATE two_factor_policy SET required = $1 WHERE role = $2")
                    .bind(i64::from(required))
                    .bind(role.as_str()),
            )
            .await?;
        if n == 0 {
            w.execute(
                sqlx::query("INSERT INTO two_factor_policy (role, required) VALUES ($1, $2)")
                    .bind(role.as_str())
                    .bind(i64::from(required)),
            )
            .await?;
        }
        let after = json!({ "role": role.as_str(), "two_factor_required": required });
        w.audit_access("update", "two-factor-policy", policy_id(role), after)
            .await?;
        w.commit().await
    }
}
