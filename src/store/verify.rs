//! Checks that the registry as stored is what its audit log says was written: every
//! person, case, event and source must equal the `after` of its last audit entry. A row
//! changed, added or deleted directly in the database, even with the chain left
//! intact, is named here.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::batch::{Table, array, object, row_json};
use super::write::{CASES, CHARGES, EVENTS, NAMES, PEOPLE, SOURCES};
use super::{Store, StoreError};

/// The registry entities whose stored form the audit log records whole.
pub(super) const CHECKED: [&str; 4] = ["person", "case", "event", "source"];

/// For each checked entity, the digest of its last `after` and that entry's number.
pub(super) type Expected = HashMap<(&'static str, i64), ([u8; 32], i64)>;

pub(super) fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// What `audit verify` found wrong: the chain itself, or a row the chain does not vouch for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Tamper {
    #[error("the audit log is not intact: {0}")]
    Chain(#[from] crate::audit::ChainError),
    #[error("the registry does not match its audit log: {0}")]
    Row(#[from] RowTamper),
}

/// A row that is not what the audit log says was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{entity} {id} {reason}")]
pub struct RowTamper {
    pub entity: &'static str,
    pub id: i64,
    pub reason: String,
}

/// Children (names, charges, event sources) of each parent, as stored JSON texts.
async fn children(
    store: &Store,
    table: Table,
    parent: &str,
    order: &str,
) -> Result<HashMap<i64, Vec<String>>, StoreError> {
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {parent}, {order}",
        table.columns.join(", "),
        table.name
    );
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&store.pool);
    while let Some(row) = rows.try_next().await? {
        let key: i64 = row.try_get(parent)?;
        out.entry(key)
            .or_default()
            .push(row_json(table, &table.row_of(&row)?));
    }
    Ok(out)
}

impl Store {
    pub(super) async fn verify_rows(
        &self,
        mut expected: Expected,
    ) -> Result<Result<(), RowTamper>, StoreError> {
        let mut names = children(self, NAMES, "person_id", "position").await?;
        let mut charges = children(self, CHARGES, "case_id", "position").await?;
        let mut links: HashMap<i64, Vec<String>> = HashMap::new();
        {
            let mut rows = sqlx::query(
                "SELECT event_id, source_id FROM event_sources ORDER BY event_id, source_id",
            )
            .fetch(&self.pool);
            while let Some(row) = rows.try_next().await? {
                let source: i64 = row.try_get("source_id")?;
                links
                    .entry(row.try_get("event_id")?)
                    .or_default()
                    .push(source.to_string());
            }
        }
        let tables: [(&'static str, Table); 4] = [
            ("person", PEOPLE),
            ("case", CASES),
            ("event", EVENTS),
            ("source", SOURCES),
        ];
        for (entity, table) in tables {
            let sql = format!(
                "SELECT {} FROM {} ORDER BY id",
                table.columns.join(", "),
                table.name
            );
            let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&self.pool);
            while let Some(row) = rows.try_next().await? {
                let id: i64 = row.try_get("id")?;
                let stored = row_json(table, &table.row_of(&row)?);
                let after = match entity {
                    "person" => object(&[
                        ("person", stored),
                        ("names", array(&names.remove(&id).unwrap_or_default())),
                    ]),
                    "case" => object(&[
                        ("case", stored),
                        ("charges", array(&charges.remove(&id).unwrap_or_default())),
                    ]),
                    "event" => object(&[
                        ("event", stored),
                        ("sources", array(&links.remove(&id).unwrap_or_default())),
                    ]),
                    _ => object(&[("source", stored)]),
                };
                match expected.remove(&(entity, id)) {
                    None => {
                        return Ok(Err(RowTamper {
                            entity,
                            id,
                            reason: "has no audit entry: it was added outside habeas".into(),
                        }));
                    }
                    Some((want, seq)) if want != digest(&after) => {
                        return Ok(Err(RowTamper {
                            entity,
                            id,
                            reason: format!(
                                "differs from audit entry {seq}: it was changed outside habeas"
                            ),
                        }));
                    }
                    Some(_) => {}
                }
            }
        }
        if let Some(((entity, id), (_, seq))) =
            expected.into_iter().min_by_key(|(_, (_, seq))| *seq)
        {
            return Ok(Err(RowTamper {
                entity,
                id,
                reason: format!(
                    "was recorded by audit entry {seq} but is gone: it was deleted outside habeas"
                ),
            }));
        }
        Ok(Ok(()))
    }
}
