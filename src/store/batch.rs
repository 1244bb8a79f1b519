//! Rows gathered during a write transaction and inserted many per statement.
//!
//! Loading 100,000 demo people means millions of rows; one statement per row through
//! the `Any` driver was the bottleneck, so writes collect rows per table and insert
//! them in multi-row `INSERT`s, parents before children. Placeholders are `$n` on
//! PostgreSQL and `?` on SQLite: SQLite treats `$n` as a named parameter and looks each
//! one up by a linear search, which made a 30,000-parameter statement quadratic.

use sqlx::AssertSqlSafe;

use super::Backend;

/// One column value. `Any` carries integers and text; everything else is text.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Int(Option<i64>),
    Text(Option<String>),
}

impl Val {
    pub fn text(s: impl Into<String>) -> Val {
        Val::Text(Some(s.into()))
    }

    pub fn opt(s: Option<impl Into<String>>) -> Val {
        Val::Text(s.map(Into::into))
    }

    pub fn int(i: i64) -> Val {
        Val::Int(Some(i))
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Val::Int(Some(i)) => out.push_str(&i.to_string()),
            Val::Text(Some(t)) => write_json_string(t, out),
            Val::Int(None) | Val::Text(None) => out.push_str("null"),
        }
    }
}

/// A table and its columns, in the order rows give their values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    /// The columns holding integers; every other column is text.
    pub ints: &'static [&'static str],
}

impl Table {
    /// Reads a row of this table back into the values it was written with, so its
    /// stored form can be compared with what the audit log recorded.
    pub fn row_of(&self, row: &sqlx::any::AnyRow) -> Result<Vec<Val>, sqlx::Error> {
        use sqlx::Row;
        self.columns
            .iter()
            .map(|c| {
                if self.ints.contains(c) {
                    row.try_get::<Option<i64>, _>(*c).map(Val::Int)
                } else {
                    row.try_get::<Option<String>, _>(*c).map(Val::Text)
                }
            })
            .collect()
    }
}

/// Refuses a row holding a NUL character: PostgreSQL cannot store one in text and
/// SQLite would, so both refuse it here, naming the column, before anything is written.
pub fn refuse_nul(table: Table, row: &[Val]) -> Result<(), crate::domain::DomainError> {
    for (column, v) in table.columns.iter().zip(row) {
        if let Val::Text(Some(t)) = v {
            refuse_nul_in(column, t)?;
        }
    }
    Ok(())
}

/// Refuses a text holding a NUL character, naming its field.
pub fn refuse_nul_in(field: &'static str, text: &str) -> Result<(), crate::domain::DomainError> {
    if text.contains('\0') {
        return Err(crate::domain::DomainError::Invalid {
            field,
            reason: format!("'{field}' holds a NUL character (U+0000), which no text may hold"),
        });
    }
    Ok(())
}

fn write_json_string(s: &str, out: &mut String) {
    // serde_json escapes exactly as JSON requires; writing into a String cannot fail.
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "null".into()));
}

/// The stored form of a row as a JSON object, as the audit log records it. Written
/// directly as text: building `serde_json::Value` trees for millions of rows was the
/// largest cost of a bulk load.
pub fn row_json(table: Table, row: &[Val]) -> String {
    let mut out = String::with_capacity(64 * row.len());
    out.push('{');
    for (i, (c, v)) in table.columns.iter().zip(row).enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_json_string(c, &mut out);
        out.push(':');
        v.write_json(&mut out);
    }
    out.push('}');
    out
}

/// A JSON object from already-encoded values.
pub fn object(fields: &[(&str, String)]) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_json_string(k, &mut out);
        out.push(':');
        out.push_str(v);
    }
    out.push('}');
    out
}

/// A JSON array from already-encoded values.
pub fn array(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// Parameters per statement: far below the limits (SQLite 32,766, PostgreSQL 65,535);
/// larger statements measured no faster and hold more memory.
const MAX_PARAMS: usize = 2_000;

pub async fn insert(
    tx: &mut super::tx::WriteTx,
    backend: Backend,
    table: Table,
    rows: Vec<Vec<Val>>,
) -> Result<(), sqlx::Error> {
    insert_into(tx, backend, table.name, table.columns, rows).await
}

/// [`insert`] for a table known by its name and columns only (restore).
pub async fn insert_into(
    tx: &mut super::tx::WriteTx,
    backend: Backend,
    name: &str,
    columns: &[&str],
    rows: Vec<Vec<Val>>,
) -> Result<(), sqlx::Error> {
    let width = columns.len();
    let per_statement = (MAX_PARAMS / width).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Val>> = rows.by_ref().take(per_statement).collect();
        let mut sql = format!("INSERT INTO {name} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..width {
                if c > 0 {
                    sql.push_str(", ");
                }
                n += 1;
                match backend {
                    Backend::Sqlite => sql.push('?'),
                    Backend::Postgres => {
                        sql.push('$');
                        sql.push_str(&n.to_string());
                    }
                }
            }
            sql.push(')');
        }
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for row in chunk {
            for v in row {
                q = match v {
                    Val::Int(i) => q.bind(i),
                    Val::Text(t) => q.bind(t),
                };
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}
