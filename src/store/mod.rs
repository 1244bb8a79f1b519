//! The only module that knows SQL. One store runs on an embedded SQLite file (the
//! default) and on PostgreSQL, through sqlx's `Any` driver: the same statements run on
//! both, and the few differences live in the two migration folders, which carry the
//! same versions and names (a test checks). The contract tests in `tests/app` run one
//! body on both databases.
//!
//! Every write is one transaction that also appends its audit entries (see
//! [`write`]). Durability on SQLite: WAL with `synchronous = FULL`, so a commit is on
//! disk before it is acknowledged and a power cut loses no acknowledged write (NORMAL
//! would be faster and could lose the last commits). `secure_delete` zeroes what a
//! change replaces, so a value sealed later does not linger in clear in free pages.

mod access;
mod accounts;
mod backup;
mod batch;
mod campaigns;
mod edit;
mod history;
mod merge;
mod proposals;
mod publish;
mod read;
mod seal;
mod sessions;
mod two_factor;
mod tx;
mod upgrade;
mod verify;
mod write;

use std::path::Path;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};

use crate::crypto::{CryptoError, Keyring};
use crate::domain::DomainError;

pub use accounts::{Account, Credentials, TokenHolder};
pub use backup::BackupSummary;
pub use campaigns::LettersOnDay;
pub use history::{Change, LogFilter};
pub use proposals::{Acceptance, Accepted, NewArticle, Proposal, ProposalState, StoredArticle};
pub use publish::{Publish, Published};
pub use read::Registry;
pub use sessions::Session;
pub use two_factor::TotpSecret;
pub use upgrade::Upgrade;
pub use verify::{RowTamper, Tamper};
pub use write::{BulkLoad, Dossier, DossierCase, DossierEvent, Stamp};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("there is no {entity} with id {id}")]
    NotFound { entity: &'static str, id: i64 },
    #[error(transparent)]
    Invalid(#[from] DomainError),
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error("the database has a value it cannot read: {0}")]
    Corrupt(String),
    /// The database could not write to its disk (full, or failing): nothing of this
    /// write was kept.
    #[error(
        "the database's disk is full or failing; nothing was written (free some space, then try again)"
    )]
    Full,
    /// The database is busy, restarting or unreachable: try again shortly.
    #[error("the database is not answering ({0}); nothing was written")]
    Unavailable(String),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    /// Sorts the database's failures into what the caller can tell the user: a full
    /// disk, a database that is busy or away, or anything else.
    fn from(e: sqlx::Error) -> StoreError {
        match &e {
            sqlx::Error::Database(db) => {
                let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
                match code.as_str() {
                    // SQLITE_FULL; SQLITE_IOERR and its extended forms for writing,
                    // syncing and truncating (a file that cannot grow); PostgreSQL
                    // disk_full.
                    "13" | "10" | "778" | "1034" | "1290" | "1546" | "53100" => StoreError::Full,
                    // SQLITE_BUSY, SQLITE_LOCKED and their extended forms.
                    c if ["5", "6", "261", "517", "262"].contains(&c) => {
                        StoreError::Unavailable("it is busy".into())
                    }
                    // PostgreSQL: shutting down, starting up, connection lost, too
                    // many connections.
                    c if c.starts_with("57P") || c.starts_with("08") || c == "53300" => {
                        StoreError::Unavailable(db.message().to_string())
                    }
                    _ => StoreError::Database(e),
                }
            }
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e.to_string()),
            _ => StoreError::Database(e),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Whether restricted values can be sealed and opened in this process.
#[derive(Debug)]
pub enum Keys {
    Loaded(Keyring),
    /// No usable key: missing, unreadable, or not the key this database was sealed with.
    Unavailable(CryptoError),
}

impl Keys {
    pub fn ring(&self) -> Result<&Keyring, CryptoError> {
        match self {
            Keys::Loaded(k) => Ok(k),
            Keys::Unavailable(e) => Err(e.clone()),
        }
    }
}

/// How to open a store, beyond its address and key file. Its `Debug` never shows the
/// passphrase.
#[derive(Clone, Default)]
pub struct OpenOptions {
    /// SQLite only: the most pages (4 KiB each) the file may hold. A write beyond it
    /// fails exactly as on a full disk (`SQLITE_FULL`), which lets tests and the
    /// disk-full drill fill a database without a small disk.
    pub sqlite_max_pages: Option<u32>,
    /// The passphrase of a protected key file.
    pub passphrase: Option<String>,
}

impl std::fmt::Debug for OpenOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenOptions")
            .field("sqlite_max_pages", &self.sqlite_max_pages)
            .field("passphrase", &self.passphrase.as_ref().map(|_| "(hidden)"))
            .finish()
    }
}

pub struct Store {
    pool: AnyPool,
    backend: Backend,
    keys: Keys,
    /// The key of stored secret digests (see [`Store::secret_digest`]), derived once.
    digest_key: Option<[u8; 32]>,
}

/// The prefix of digests keyed with the key file (see [`Store::secret_digest`]).
const KEYED_DIGEST: &str = "k1:";

/// How long a request waits for a PostgreSQL connection before it is told the database
/// is not answering.
const PG_ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// Turns `--db` into a connection URL: `postgres://` URLs pass through, anything else is
/// a SQLite file path (created on first use, readable by its owner only).
pub fn database_url(db: &str) -> Result<(Backend, String), StoreError> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        return Ok((Backend::Postgres, db.to_string()));
    }
    if let Some(rest) = db.strip_prefix("sqlite://") {
        return Ok((Backend::Sqlite, format!("sqlite://{rest}")));
    }
    let path = Path::new(db);
    if !path.exists() {
        create_private_file(path)?;
    }
    Ok((Backend::Sqlite, format!("sqlite://{db}?mode=rwc")))
}

fn create_private_file(path: &Path) -> Result<(), StoreError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop).map_err(|e| {
        StoreError::Database(sqlx::Error::Configuration(
            format!("cannot create the database file {}: {e}", path.display()).into(),
        ))
    })
}

async fn settle_key(
    pool: &AnyPool,
    key_file: &Path,
    passphrase: Option<&str>,
) -> Result<Keys, StoreError> {
    let recorded: Option<String> =
        sqlx::query_scalar("SELECT value FROM meta WHERE key = 'key_id'")
            .fetch_optional(pool)
            .await?;
    let loaded = match Keyring::load_with(key_file, passphrase) {
        Ok(k) => k,
        Err(e) => return Ok(Keys::Unavailable(e)),
    };
    let record = |id: String| async move {
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ('key_id', $1) ON CONFLICT (key) DO NOTHING",
        )
        .bind(id)
        .execute(pool)
        .await
    };
    match (recorded, loaded) {
        (Some(id), Some(k)) if id == k.id() => Ok(Keys::Loaded(k)),
        (Some(id), Some(k)) => Ok(Keys::Unavailable(CryptoError::WrongKey {
            sealed_with: id,
            loaded: k.id().to_string(),
        })),
        (Some(_), None) => Ok(Keys::Unavailable(CryptoError::NoKey(
            key_file.display().to_string(),
        ))),
        (None, Some(k)) => {
            record(k.id().to_string()).await?;
            Ok(Keys::Loaded(k))
        }
        (None, None) => {
            let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people")
                .fetch_one(pool)
                .await?;
            if people > 0 {
                return Ok(Keys::Unavailable(CryptoError::NoKey(
                    key_file.display().to_string(),
                )));
            }
            let k = Keyring::create_file(key_file)?;
            record(k.id().to_string()).await?;
            Ok(Keys::Loaded(k))
        }
    }
}

/// An audit text (`before` or `after` of entry `seq`) as written. The history of a
/// record that became restricted is sealed as a whole (see `seal.rs`); it opens with
/// the key, and without it the entry cannot be read (`Err`).
pub(crate) fn open_audit_text(
    keys: &Keys,
    seq: i64,
    column: &str,
    stored: Option<String>,
) -> Result<Option<String>, StoreError> {
    match stored {
        Some(text) if crate::crypto::is_sealed(&text) => Ok(Some(
            keys.ring()?
                .open(&text, &crate::crypto::place("audit_log", seq, column))?,
        )),
        other => Ok(other),
    }
}

impl Store {
    /// Opens (and migrates) the database named by `--db`, with the key in `key_file`.
    ///
    /// The database records the id of its key. On first use (no key recorded, no
    /// people yet) a missing key file is created; afterwards a missing or different key
    /// leaves restricted values locked, and everything else usable.
    pub async fn open(db: &str, key_file: &Path) -> Result<Store, StoreError> {
        Store::open_with(db, key_file, &OpenOptions::default()).await
    }

    /// [`Store::open`] with options.
    pub async fn open_with(
        db: &str,
        key_file: &Path,
        opts: &OpenOptions,
    ) -> Result<Store, StoreError> {
        install_default_drivers();
        let (backend, url) = database_url(db)?;
        let options = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 8,
            })
            // A database that is down must not hold a request for half a minute (sqlx's
            // default): past this, the request fails as Unavailable (503), and the pool
            // reconnects by itself once the database is back. A SQLite file is never
            // away, only busy: its wait matches the busy timeout.
            .acquire_timeout(match backend {
                Backend::Sqlite => std::time::Duration::from_secs(10),
                Backend::Postgres => PG_ACQUIRE_TIMEOUT,
            });
        let max_pages = opts
            .sqlite_max_pages
            .map(|n| format!(" PRAGMA max_page_count = {n};"))
            .unwrap_or_default();
        let options = if backend == Backend::Sqlite {
            options.after_connect(move |conn, _| {
                let pragmas = format!(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                     PRAGMA secure_delete = ON;{max_pages}"
                );
                Box::pin(async move {
                    conn.execute(sqlx::AssertSqlSafe(pragmas)).await?;
                    Ok(())
                })
            })
        } else {
            options
        };
        let pool = options.connect(&url).await?;
        match backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("migrations/postgres").run(&pool).await?,
        }
        let keys = settle_key(&pool, key_file, opts.passphrase.as_deref()).await?;
        let digest_key = keys.ring().ok().map(|k| k.subkey("secret-digests"));
        let store = Store {
            pool,
            backend,
            keys,
            digest_key,
        };
        store.mark_new_audit().await?;
        Ok(store)
    }

    /// The stored form of a secret's digest (API tokens, session cookies, recovery
    /// codes): keyed with the key file (HMAC-SHA256 over the SHA-256 the caller
    /// made), so a row written straight into the database grants nothing to anyone
    /// without the key. Without a key, the plain digest.
    pub(crate) fn secret_digest(&self, digest: &str) -> String {
        match &self.digest_key {
            Some(key) => format!(
                "{KEYED_DIGEST}{}",
                crate::crypto::hex(&crate::crypto::hmac_sha256(key, digest.as_bytes()))
            ),
            None => digest.to_string(),
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    /// Closes the pool, checkpointing SQLite's WAL into the main file.
    pub async fn close(self) {
        self.pool.close().await;
    }
}
