//! Reading the audit log back for people: the history of one record, and the whole log
//! a page at a time with filters (the staff audit views). Entries are returned as they
//! were written; the caller decides what a role may see of `before` and `after`.

use sqlx::Row;

use super::{Store, StoreError};

/// One audit entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What to show of the whole log: entries older than `before_seq` (for paging), by
/// one actor, of one entity kind, newest first.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    pub before_seq: Option<i64>,
    pub actor: Option<String>,
    pub entity: Option<String>,
    pub limit: i64,
}

/// An entry, its texts opened when its record's history is sealed; without the key
/// those texts read as `None`.
fn change(r: &sqlx::any::AnyRow, keys: &super::Keys) -> Result<Change, StoreError> {
    let seq: i64 = r.try_get("seq")?;
    let text = |column: &str| -> Result<Option<String>, StoreError> {
        match super::open_audit_text(keys, seq, column, r.try_get(column)?) {
            Ok(t) => Ok(t),
            Err(StoreError::Crypto(e)) if e.is_no_key() => Ok(None),
            Err(e) => Err(e),
        }
    };
    Ok(Change {
        seq,
        at: r.try_get("at")?,
        actor: r.try_get("actor")?,
        action: r.try_get("action")?,
        entity: r.try_get("entity")?,
        entity_id: r.try_get("entity_id")?,
        before: text("before")?,
        after: text("after")?,
    })
}

const COLUMNS: &str = "seq, at, actor, action, entity, entity_id, before, after";

impl Store {
    /// Every entry about one record, oldest first.
    pub async fn history(&self, entity: &str, id: i64) -> Result<Vec<Change>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY seq"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(entity.to_string())
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| change(r, &self.keys)).collect()
    }

    /// A page of the whole log, newest first.
    pub async fn log(&self, filter: &LogFilter) -> Result<Vec<Change>, StoreError> {
        // Unused filters compare a parameter with itself, so one SQL text serves all.
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_log \
             WHERE ($1 = 0 OR seq < $2) AND ($3 = '' OR actor = $4) AND ($5 = '' OR entity = $6) \
             ORDER BY seq DESC LIMIT $7"
        );
        let before = filter.before_seq.unwrap_or(0);
        let actor = filter.actor.clone().unwrap_or_default();
        let entity = filter.entity.clone().unwrap_or_default();
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(before)
            .bind(before)
            .bind(actor.clone())
            .bind(actor)
            .bind(entity.clone())
            .bind(entity)
            .bind(filter.limit.clamp(1, 500))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| change(r, &self.keys)).collect()
    }
}
