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

    /// A fresh database of the same kind.
    pub async fn another(&self) -> TestDb {
        TestDb::new(if self.pg.is_some() {
            Backend::Postgres
        } else {
            Backend::Sqlite
        })
        .await
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

/// The real `habeas serve` in a child process on a free loopback port, for what only a
/// real process shows (limits of the operating system, kill -9, a real socket).
pub struct Served {
    child: std::process::Child,
    pub addr: String,
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

/// An HTTP answer read off the socket.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Served {
    /// Starts `habeas serve` on `db` with `args`. With `limit_file_kb`, the server runs
    /// under `ulimit -f` (and ignores SIGXFSZ), so it cannot grow any file past that
    /// size: its writes then fail as on a full disk.
    pub fn start(db: &TestDb, args: &[&str], limit_file_kb: Option<u64>) -> Served {
        use std::io::BufRead;
        let mut serve = vec![
            env!("CARGO_BIN_EXE_habeas").to_string(),
            "--db".into(),
            db.db.clone(),
            "--key-file".into(),
            db.key_file.display().to_string(),
            "serve".into(),
            "--addr".into(),
            "127.0.0.1:0".into(),
        ];
        serve.extend(args.iter().map(|a| a.to_string()));
        let mut command = match limit_file_kb {
            Some(kb) => {
                let mut c = std::process::Command::new("sh");
                c.arg("-c")
                    .arg(format!("trap '' XFSZ; ulimit -f {}; exec \"$@\"", kb * 2))
                    .arg("sh")
                    .args(&serve);
                c
            }
            None => {
                let mut c = std::process::Command::new(&serve[0]);
                c.args(&serve[1..]);
                c
            }
        };
        let mut child = command
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let addr = loop {
            let mut line = String::new();
            let n = stderr.read_line(&mut line).unwrap();
            assert!(n > 0, "serve exited early: {}", log.lock().unwrap());
            log.lock().unwrap().push_str(&line);
            if let Some(rest) = line.split("at http://").nth(1) {
                break rest.trim().trim_end_matches('/').to_string();
            }
        };
        // Keep reading, so a chatty server never blocks on a full pipe.
        let sink = std::sync::Arc::clone(&log);
        std::thread::spawn(move || {
            let mut line = String::new();
            while stderr.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        Served { child, addr, log }
    }

    /// One request on a new connection.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Answer {
        use std::io::{Read, Write};
        let Ok(mut s) = std::net::TcpStream::connect(&self.addr) else {
            return Answer {
                status: 0,
                head: String::new(),
                body: "connection refused".into(),
            };
        };
        s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
            .unwrap();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(body);
        if s.write_all(req.as_bytes()).is_err() {
            return Answer {
                status: 0,
                head: String::new(),
                body: "write failed".into(),
            };
        }
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let raw = String::from_utf8_lossy(&raw).to_string();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Answer {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    /// Everything the server wrote to standard error so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// kill -9: no chance to finish anything.
    pub fn kill(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.log()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TCP relay on a loopback port to a real server, which a test can cut (the port
/// closes and every open connection drops, as when PostgreSQL restarts or its host
/// goes away) and restore on the same port.
pub struct Relay {
    pub addr: std::net::SocketAddr,
    target: String,
    task: std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl Relay {
    pub async fn to(target: &str) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let relay = Relay {
            addr,
            target: target.to_string(),
            task: std::sync::Mutex::new(None),
        };
        relay.run(listener);
        relay
    }

    fn run(&self, listener: tokio::net::TcpListener) {
        let target = self.target.clone();
        let task = tokio::spawn(async move {
            let mut links = tokio::task::JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                links.spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
            // Dropping the set aborts every link: open connections drop at once.
            drop(links);
        });
        *self.task.lock().unwrap() = Some(task);
    }

    /// The outage: nothing listens on the port and every open connection drops.
    pub async fn cut(&self) {
        let task = self.task.lock().unwrap().take();
        if let Some(task) = task {
            task.abort();
            let _ = task.await;
        }
    }

    /// The server is back on the same address.
    pub async fn restore(&self) {
        let listener = tokio::net::TcpListener::bind(self.addr).await.unwrap();
        self.run(listener);
    }
}
