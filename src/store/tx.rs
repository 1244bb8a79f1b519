//! A write transaction that cannot outlive an error.
//!
//! sqlx's own `Transaction` rolls back on drop by queueing a `ROLLBACK` for the
//! connection's next use, and tracks nesting itself. After `SQLITE_FULL` (and some
//! other errors) SQLite has already rolled the transaction back, that `ROLLBACK`
//! fails, sqlx still counts one transaction open, and the next `begin` on the same
//! connection becomes a savepoint inside a transaction that never commits: writes then
//! answered success and were lost, and ids were handed out twice (issue 12, drilled in
//! `drills/disk-full.sh`). So writes take a connection of their own, begin and commit
//! with plain statements, and a transaction that ends any other way than a successful
//! `COMMIT` closes its connection: closing rolls back whatever is left on both
//! databases, and the pool opens a fresh connection in its place.

use std::ops::{Deref, DerefMut};

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor};

use super::Backend;

pub(super) struct WriteTx {
    conn: PoolConnection<Any>,
    committed: bool,
}

impl WriteTx {
    /// Begins a write. On SQLite the write lock is taken at once (`BEGIN IMMEDIATE`),
    /// so a writer waits its turn under the busy timeout instead of failing with
    /// "database is locked" when its read snapshot goes stale.
    pub(super) async fn begin(pool: &AnyPool, backend: Backend) -> Result<WriteTx, sqlx::Error> {
        let mut conn = pool.acquire().await?;
        let begin = match backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        if let Err(e) = conn.execute(begin).await {
            conn.close_on_drop();
            return Err(e);
        }
        Ok(WriteTx {
            conn,
            committed: false,
        })
    }

    /// Commits; only an `Ok` here means the write is durable.
    pub(super) async fn commit(mut self) -> Result<(), sqlx::Error> {
        self.conn.execute("COMMIT").await?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if !self.committed {
            self.conn.close_on_drop();
        }
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}
