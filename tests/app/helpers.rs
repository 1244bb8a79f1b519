//! The test harness: a fresh database per test, on SQLite (a temporary file) or on
//! PostgreSQL (a uniquely named database on the server in `HABEAS_TEST_PG_URL`,
//! dropped afterwards), and helpers that read like the product.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicU64, Ordering};

use habeas::domain::Date;
use habeas::store::{Stamp, Store};
use sqlx::Connection;

pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestDb {
    pub dir: tempfile::TempDir,
    /// What `--db` gets: a file path or a postgres:// URL.
    pub db: String,
    pub key_file: PathBuf,
    pg: Option<(String, String)>,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

pub fn today() -> Date {
    Date::parse("2026-11-29").unwrap()
}

pub fn stamp() -> Stamp {
    Stamp {
        actor: "test".into(),
        at: "2026-11-29T12:00:00Z".into(),
        today: today(),
    }
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let key_file = dir.path().join("habeas.key");
        match backend {
            Backend::Sqlite => {
                let db = dir.path().join("habeas.db").display().to_string();
                TestDb {
                    dir,
                    db,
                    key_file,
                    pg: None,
                }
            }
            Backend::Postgres => {
                let server = std::env::var("HABEAS_TEST_PG_URL")
                    .expect("PostgreSQL tests need HABEAS_TEST_PG_URL, e.g. postgres://postgres@127.0.0.1:5432/test");
                let name = format!(
                    "habeas_test_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst)
                );
                let mut admin = sqlx::PgConnection::connect(&server).await.unwrap();
                // A database left by a killed run with the same process id goes first.
                for sql in [
                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                    format!("CREATE DATABASE {name}"),
                ] {
                    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                        .execute(&mut admin)
                        .await
                        .unwrap();
                }
                admin.close().await.unwrap();
                let (base, _) = server.rsplit_once('/').unwrap();
                let db = format!("{base}/{name}");
                TestDb {
                    dir,
                    db,
                    key_file,
                    pg: Some((server, name)),
                }
            }
        }
    }

    pub async fn store(&self) -> Store {
        Store::open(&self.db, &self.key_file).await.unwrap()
    }

    pub async fn store_with_key(&self, key_file: &Path) -> Store {
        Store::open(&self.db, key_file).await.unwrap()
    }

    /// Runs the habeas binary on this database.
    pub fn cli(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_habeas"))
            .arg("--db")
            .arg(&self.db)
            .arg("--key-file")
            .arg(&self.key_file)
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("HABEAS_DB")
            .env_remove("HABEAS_KEY_FILE")
            .output()
            .unwrap()
    }

    /// Runs the CLI and returns its standard output, failing the test on error.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cli(args);
        assert!(
            out.status.success(),
            "habeas {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs the CLI expecting failure; returns standard error.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.cli(args);
        assert!(
            !out.status.success(),
            "habeas {args:?} should have failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    /// Drops the PostgreSQL database; SQLite files go with the temporary folder.
    pub async fn finish(self) {
        if let Some((server, name)) = &self.pg {
            let mut admin = sqlx::PgConnection::connect(server).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut admin)
            .await
            .unwrap();
            admin.close().await.unwrap();
        }
    }
}

/// Declares one test body to run on both databases: `mod name { sqlite, postgres }`.
/// The PostgreSQL test is ignored, with the reason shown, where no server is configured.
macro_rules! on_both {
    ($name:ident, $body:path) => {
        mod $name {
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let db = $crate::helpers::TestDb::new($crate::helpers::Backend::Sqlite).await;
                $body(&db).await;
                db.finish().await;
            }

            #[tokio::test]
            #[cfg_attr(
                not(habeas_pg_tests),
                ignore = "PostgreSQL: set HABEAS_TEST_PG_URL to run (.ci/run does)"
            )]
            async fn postgres() {
                let db = $crate::helpers::TestDb::new($crate::helpers::Backend::Postgres).await;
                $body(&db).await;
                db.finish().await;
            }
        }
    };
}
pub(crate) use on_both;
