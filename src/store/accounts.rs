//! Staff accounts and API tokens. Writes go through the same audited transactions as
//! the registry; audit entries name the account and role, never a hash.

use serde_json::json;
use sqlx::Row;

use super::batch::{Table, Val};
use super::write::{Stamp, Writer};
use super::{Store, StoreError};
use crate::domain::{DomainError, Login, Role};

pub(super) const USERS: Table = Table {
    name: "users",
    columns: &[
        "id",
        "login",
        "role",
        "password_hash",
        "disabled",
        "created_at",
        "password_changed_at",
    ],
    ints: &["id", "disabled"],
};
pub(super) const TOKENS: Table = Table {
    name: "api_tokens",
    columns: &[
        "id",
        "user_id",
        "role",
        "token_hash",
        "created_at",
        "revoked_at",
    ],
    ints: &["id", "user_id"],
};

/// An account as staff and admins see it (no hash).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Account {
    pub id: i64,
    pub login: Login,
    pub role: Role,
    pub disabled: bool,
    pub created_at: String,
}

/// What a login attempt needs: the account and its password hash.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub account: Account,
    pub password_hash: String,
}

/// A live API token's holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenHolder {
    pub token_id: i64,
    pub account: Account,
    /// The token's own role, which may be narrower than the account's.
    pub role: Role,
}

pub(super) fn account_of_row(row: &sqlx::any::AnyRow) -> Result<Account, StoreError> {
    let login: String = row.try_get("login")?;
    let role: String = row.try_get("role")?;
    let disabled: i64 = row.try_get("disabled")?;
    Ok(Account {
        id: row.try_get("id")?,
        login: Login::parse(&login).map_err(|_| StoreError::Corrupt(format!("login '{login}'")))?,
        role: role
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("role '{role}'")))?,
        disabled: disabled != 0,
        created_at: row.try_get("created_at")?,
    })
}

const ACCOUNT_SQL: &str = "SELECT id, login, role, disabled, created_at, password_hash FROM users";

fn no_account(login: &Login) -> StoreError {
    StoreError::Invalid(DomainError::Invalid {
        field: "login",
        reason: format!("there is no account '{login}'"),
    })
}

fn taken(login: &Login) -> StoreError {
    StoreError::Invalid(DomainError::Invalid {
        field: "login",
        reason: format!("'{login}' is already taken"),
    })
}

impl Store {
    /// Adds an account with an Argon2id `password_hash`; refuses a login in use.
    pub async fn add_user(
        &self,
        stamp: &Stamp,
        login: &Login,
        role: Role,
        password_hash: &str,
    ) -> Result<i64, StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        let existing = w
            .fetch_optional(
                sqlx::query("SELECT id FROM users WHERE login = $1")
                    .bind(login.as_str().to_string()),
            )
            .await?;
        if existing.is_some() {
            return Err(taken(login));
        }
        let id = w.next_id(USERS).await?;
        let row = vec![
            Val::int(id),
            Val::text(login.as_str()),
            Val::text(role.as_str()),
            Val::text(password_hash),
            Val::int(0),
            Val::text(stamp.at.clone()),
            Val::text(stamp.at.clone()),
        ];
        w.push(USERS, row).await?;
        let after = json!({ "login": login, "role": role.as_str(), "disabled": false });
        w.audit_access("create", "user", id, after).await?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn users(&self) -> Result<Vec<Account>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{ACCOUNT_SQL} ORDER BY login")))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(account_of_row).collect()
    }

    /// The account and hash for a login, if it exists.
    pub async fn credentials(&self, login: &Login) -> Result<Option<Credentials>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{ACCOUNT_SQL} WHERE login = $1"
        )))
        .bind(login.as_str().to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Credentials {
                account: account_of_row(&r)?,
                password_hash: r.try_get("password_hash")?,
            })
        })
        .transpose()
    }

    /// Changes one account in an audited transaction; `change` builds the statement
    /// for the account's id.
    async fn update_user<'q>(
        &self,
        stamp: &Stamp,
        login: &Login,
        action: &str,
        change: impl FnOnce(i64) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
        after: serde_json::Value,
    ) -> Result<(), StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        let row = w
            .fetch_optional(
                sqlx::query("SELECT id FROM users WHERE login = $1")
                    .bind(login.as_str().to_string()),
            )
            .await?;
        let id: i64 = row.ok_or_else(|| no_account(login))?.try_get("id")?;
        w.execute(change(id)).await?;
        w.audit_access(action, "user", id, after).await?;
        w.commit().await
    }

    /// Disables an account: it can no longer log in, and its API tokens stop working.
    pub async fn disable_user(&self, stamp: &Stamp, login: &Login) -> Result<(), StoreError> {
        let change = |id: i64| sqlx::query("UPDATE users SET disabled = 1 WHERE id = $1").bind(id);
        self.update_user(
            stamp,
            login,
            "disable",
            change,
            json!({ "login": login, "disabled": true }),
        )
        .await
    }

    /// Replaces an account's password hash.
    pub async fn set_password(
        &self,
        stamp: &Stamp,
        login: &Login,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let (hash, at) = (password_hash.to_string(), stamp.at.clone());
        let change = move |id: i64| {
            sqlx::query(
                "UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
            )
            .bind(hash)
            .bind(at)
            .bind(id)
        };
        self.update_user(
            stamp,
            login,
            "reset_password",
            change,
            json!({ "login": login, "password": "changed" }),
        )
        .await
    }

    /// Stores a token digest for an account, with a role the account may grant.
    /// Stores a token digest for an account, with `role` (the account's own if `None`)
    /// when the account may grant it; returns the token's id and role.
    pub async fn add_token(
        &self,
        stamp: &Stamp,
        login: &Login,
        role: Option<Role>,
        digest: &str,
    ) -> Result<(i64, Role), StoreError> {
        let creds = self
            .credentials(login)
            .await?
            .ok_or_else(|| no_account(login))?;
        if creds.account.disabled {
            return Err(StoreError::Invalid(DomainError::Invalid {
                field: "login",
                reason: format!("the account '{login}' is disabled"),
            }));
        }
        let have = creds.account.role;
        let role = role.unwrap_or(have);
        if !have.may_grant(role) {
            return Err(StoreError::Invalid(DomainError::Invalid {
                field: "role",
                reason: format!("an account with role {have} cannot hold a token with role {role}"),
            }));
        }
        let mut w = Writer::begin(self, stamp).await?;
        let id = w.next_id(TOKENS).await?;
        let row = vec![
            Val::int(id),
            Val::int(creds.account.id),
            Val::text(role.as_str()),
            Val::text(self.secret_digest(digest)),
            Val::text(stamp.at.clone()),
            Val::Text(None),
        ];
        w.push(TOKENS, row).await?;
        w.audit_access(
            "create",
            "api_token",
            id,
            json!({ "login": login, "role": role.as_str() }),
        )
        .await?;
        w.commit().await?;
        Ok((id, role))
    }

    /// Revokes a token by id; refuses one that is unknown or already revoked.
    pub async fn revoke_token(&self, stamp: &Stamp, token_id: i64) -> Result<(), StoreError> {
        let mut w = Writer::begin(self, stamp).await?;
        let changed = w
            .execute(
                sqlx::query(
                    "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                )
                .bind(stamp.at.clone())
                .bind(token_id),
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                entity: "live API token",
                id: token_id,
            });
        }
        w.audit_access("revoke", "api_token", token_id, json!({ "revoked": true }))
            .await?;
        w.commit().await
    }

    /// The holder of a live token (not revoked, account not disabled).
    pub async fn token_holder(&self, digest: &str) -> Result<Option<TokenHolder>, StoreError> {
        let row = sqlx::query(
            "SELECT t.id AS token_id, t.role AS token_role, u.id, u.login, u.role, u.disabled, u.created_at \
             FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0",
        )
        .bind(self.secret_digest(digest))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            let role: String = r.try_get("token_role")?;
            Ok(TokenHolder {
                token_id: r.try_get("token_id")?,
                account: account_of_row(&r)?,
                role: role
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("role '{role}'")))?,
            })
        })
        .transpose()
    }
}
