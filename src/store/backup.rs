//! Online backup and restore (issue 12): `habeas backup` writes every table of the
//! database, as one consistent snapshot read while the server keeps writing, into a
//! single text file (a header, then per table its columns and one JSON array per row,
//! then a closing line with the counts); `habeas restore` loads such a file into an
//! empty database of either kind, all or nothing, and the caller verifies the audit
//! chain afterwards. Sealed values stay sealed: a backup is useless without the key
//! file, which is backed up apart. Sessions are not backed up (a restore signs
//! everyone out).

use std::io::{BufRead, Write};

use futures_util::TryStreamExt;
use serde_json::{Value, json};
use sqlx::{AssertSqlSafe, Executor, Row};

use super::batch::{Val, insert_into};
use super::tx::WriteTx;
use super::{Backend, Store, StoreError};

/// The tables a backup holds, parents before children (the order restore inserts in).
const TABLES: [&str; 19] = [
    "meta",
    "people",
    "person_names",
    "sources",
    "cases",
    "case_charges",
    "events",
    "event_sources",
    "audit_log",
    "audit_head",
    "users",
    "api_tokens",
    "two_factor",
    "recovery_codes",
    "two_factor_policy",
    "articles",
    "proposals",
    "campaigns",
    "campaign_letters",
];

const FORMAT: i64 = 1;

/// What a backup or a restore carried.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupSummary {
    pub tables: usize,
    pub rows: u64,
    /// The audit head at the moment of the snapshot: number and hash.
    pub audit_seq: i64,
    pub audit_head: String,
}

fn bad(reason: impl Into<String>) -> StoreError {
    StoreError::Invalid(crate::domain::DomainError::Invalid {
        field: "backup",
        reason: reason.into(),
    })
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Corrupt(format!("cannot write the backup: {e}"))
}

impl Store {
    /// A table's columns, in order, and which hold integers (from the schema itself,
    /// so a new column is backed up the day its migration adds it).
    async fn columns(
        &self,
        conn: &mut sqlx::AnyConnection,
        table: &str,
    ) -> Result<Vec<(String, bool)>, StoreError> {
        let sql = match self.backend {
            Backend::Sqlite => format!(
                "SELECT name AS c, type AS t FROM pragma_table_info('{table}') ORDER BY cid"
            ),
            Backend::Postgres => format!(
                "SELECT CAST(column_name AS TEXT) AS c, CAST(data_type AS TEXT) AS t FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY ordinal_position"
            ),
        };
        let rows = sqlx::query(AssertSqlSafe(sql))
            .fetch_all(&mut *conn)
            .await?;
        let cols: Vec<(String, bool)> = rows
            .iter()
            .map(|r| {
                let name: String = r.try_get("c")?;
                let kind: String = r.try_get("t")?;
                Ok((name, kind.to_ascii_lowercase().contains("int")))
            })
            .collect::<Result<_, sqlx::Error>>()?;
        if cols.is_empty() {
            return Err(StoreError::Corrupt(format!(
                "the database has no table {table}"
            )));
        }
        Ok(cols)
    }

    /// Writes a consistent snapshot of the database to `out`. Readers and writers go
    /// on meanwhile: SQLite's write-ahead log and PostgreSQL's repeatable read give
    /// this read one moment of the database, whatever commits during it.
    pub async fn backup(
        &self,
        out: &mut dyn Write,
        made_at: &str,
    ) -> Result<BackupSummary, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN",
            Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        };
        conn.execute(begin).await?;
        let result = self.write_snapshot(&mut conn, out, made_at).await;
        // A read: ending it either way loses nothing.
        if conn.execute("ROLLBACK").await.is_err() {
            conn.close_on_drop();
        }
        result
    }

    async fn write_snapshot(
        &self,
        conn: &mut sqlx::AnyConnection,
        out: &mut dyn Write,
        made_at: &str,
    ) -> Result<BackupSummary, StoreError> {
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *conn)
            .await?;
        let mut summary = BackupSummary {
            audit_seq: head.try_get("seq")?,
            audit_head: head.try_get("hash")?,
            ..BackupSummary::default()
        };
        let header = json!({
            "habeas_backup": FORMAT,
            "made_at": made_at,
            "backend": match self.backend { Backend::Sqlite => "sqlite", Backend::Postgres => "postgres" },
        });
        writeln!(out, "{header}").map_err(io)?;
        for table in TABLES {
            let cols = self.columns(conn, table).await?;
            let names: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
            let kinds: Vec<&str> = cols
                .iter()
                .map(|(_, i)| if *i { "int" } else { "text" })
                .collect();
            writeln!(
                out,
                "{}",
                json!({ "table": table, "columns": names, "types": kinds })
            )
            .map_err(io)?;
            let sql = format!(
                "SELECT {} FROM {table} ORDER BY {}",
                names.join(", "),
                names.join(", ")
            );
            let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(&mut *conn);
            while let Some(r) = rows.try_next().await? {
                let mut values = Vec::with_capacity(cols.len());
                for (name, int) in &cols {
                    values.push(if *int {
                        Value::from(r.try_get::<Option<i64>, _>(name.as_str())?)
                    } else {
                        Value::from(r.try_get::<Option<String>, _>(name.as_str())?)
                    });
                }
                writeln!(out, "{}", Value::Array(values)).map_err(io)?;
                summary.rows += 1;
            }
            summary.tables += 1;
        }
        let end = json!({
            "end": true, "tables": summary.tables, "rows": summary.rows,
            "audit_seq": summary.audit_seq, "audit_head": summary.audit_head,
        });
        writeln!(out, "{end}").map_err(io)?;
        out.flush().map_err(io)?;
        Ok(summary)
    }

    /// Loads a backup into this database, which must hold nothing yet: every row or
    /// none. The audit chain is the caller's to verify next (with the key file).
    pub async fn restore(&self, input: &mut dyn BufRead) -> Result<BackupSummary, StoreError> {
        for table in ["people", "users", "audit_log", "campaigns", "articles"] {
            let n: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(&self.pool)
                .await?;
            if n > 0 {
                return Err(bad(format!(
                    "the database is not empty ({table} has {n} rows): restore into a new one"
                )));
            }
        }
        let mut lines = input.lines();
        let mut number = 0;
        let mut next = || -> Result<Option<Value>, StoreError> {
            number += 1;
            match lines.next() {
                None => Ok(None),
                Some(line) => {
                    let line = line.map_err(|e| bad(format!("cannot read it: {e}")))?;
                    serde_json::from_str(&line).map(Some).map_err(|e| {
                        if number == 1 {
                            bad("its first line is not a habeas backup's header")
                        } else {
                            bad(format!(
                                "line {number} is not JSON ({e}): the file is damaged or cut short"
                            ))
                        }
                    })
                }
            }
        };
        let header = next()?.ok_or_else(|| bad("the file is empty"))?;
        if header["habeas_backup"] != FORMAT {
            return Err(bad(
                "this is not a habeas backup (or one from a newer habeas)",
            ));
        }
        let mut tx = WriteTx::begin(&self.pool, self.backend).await?;
        // The migrations wrote defaults (policy, head, meta): the backup's replace them.
        for table in TABLES.iter().rev() {
            tx.execute(AssertSqlSafe(format!("DELETE FROM {table}")))
                .await?;
        }
        let mut summary = BackupSummary::default();
        // The table being read: its name, columns (whether each holds integers), rows.
        type Current = (&'static str, Vec<(String, bool)>, Vec<Vec<Val>>);
        let mut current: Option<Current> = None;
        let mut expected_tables = TABLES.iter();
        loop {
            let line = next()?
                .ok_or_else(|| bad("it ends before its closing line: the file is cut short"))?;
            if line.is_array() {
                let Some((name, cols, rows)) = current.as_mut() else {
                    return Err(bad("a row before any table"));
                };
                let values = line.as_array().map_or(&[][..], Vec::as_slice);
                if values.len() != cols.len() {
                    return Err(bad(format!(
                        "a row of {name} has {} values for {} columns",
                        values.len(),
                        cols.len()
                    )));
                }
                let row = values
                    .iter()
                    .zip(cols.iter())
                    .map(|(v, (_, int))| match (v, *int) {
                        (Value::Null, true) => Ok(Val::Int(None)),
                        (Value::Null, false) => Ok(Val::Text(None)),
                        (Value::Number(n), true) => n.as_i64().map(Val::int).ok_or(()),
                        (Value::String(s), false) => Ok(Val::text(s.clone())),
                        _ => Err(()),
                    })
                    .collect::<Result<Vec<_>, ()>>()
                    .map_err(|()| bad(format!("a row of {name} has a value of the wrong kind")))?;
                rows.push(row);
                summary.rows += 1;
                if rows.len() >= 5_000 {
                    let batch = std::mem::take(rows);
                    let names: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
                    insert_into(&mut tx, self.backend, name, &names, batch).await?;
                }
                continue;
            }
            if let Some((name, cols, rows)) = current.take() {
                let names: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
                insert_into(&mut tx, self.backend, name, &names, rows).await?;
                summary.tables += 1;
            }
            if line["end"] == true {
                if line["rows"].as_u64() != Some(summary.rows) || summary.tables != TABLES.len() {
                    return Err(bad("its counts do not match its rows: the file is damaged"));
                }
                summary.audit_seq = line["audit_seq"].as_i64().unwrap_or(0);
                summary.audit_head = line["audit_head"].as_str().unwrap_or("").to_string();
                break;
            }
            let name = line["table"]
                .as_str()
                .ok_or_else(|| bad("a line is neither a table nor a row"))?;
            if expected_tables.next() != Some(&name) {
                return Err(bad(format!(
                    "table {name} is not where a backup of this habeas has it"
                )));
            }
            let ours = self.columns(&mut tx, name).await?;
            let theirs: Vec<&str> = line["columns"]
                .as_array()
                .map(|c| c.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if theirs != ours.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>() {
                return Err(bad(format!(
                    "table {name} has other columns than this database: restore with the habeas that made the backup"
                )));
            }
            let name = TABLES
                .iter()
                .find(|t| **t == name)
                .copied()
                .unwrap_or("meta");
            current = Some((name, ours, Vec::new()));
        }
        tx.commit().await?;
        Ok(summary)
    }
}
