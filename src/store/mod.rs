//! The only module that knows SQL. One store runs on an embedded SQLite file (the
//! default) and on PostgreSQL, through sqlx's `Any` driver: the same statements run on
//! both, and the few differences live in the two migration folders, which carry the
//! same versions and names (a test checks). The contract tests in `tests/app` run one
//! body on both databases.
//!
//! Every write is one transaction that also appends its audit entries (see
//! [`write`]). Durability on SQLite: WAL with `synchronous = FULL`, so a commit is on
//! disk before it is acknowledged and a power cut loses no acknowledged write (NORMAL
//! would be faster and could lose the last commits).

mod accounts;
mod batch;
mod campaigns;
mod edit;
mod history;
mod merge;
mod proposals;
mod read;
mod sessions;
mod two_factor;
mod verify;
mod write;

use std::path::Path;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};

use crate::crypto::{CryptoError, Keyring};
use crate::domain::DomainError;

pub use accounts::{Account, Credentials, TokenHolder};
pub use campaigns::LettersOnDay;
pub use history::{Change, LogFilter};
pub use proposals::{Acceptance, Accepted, NewArticle, Proposal, ProposalState, StoredArticle};
pub use read::Registry;
pub use sessions::Session;
pub use two_factor::TotpSecret;
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
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
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

pub struct Store {
    pool: AnyPool,
    backend: Backend,
    keys: Keys,
}

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

async fn settle_key(pool: &AnyPool, key_file: &Path) -> Result<Keys, StoreError> {
    let recorded: Option<String> =
        sqlx::query_scalar("SELECT value FROM meta WHERE key = 'key_id'")
            .fetch_optional(pool)
            .await?;
    let loaded = match Keyring::load(key_file) {
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

impl Store {
    /// Opens (and migrates) the database named by `--db`, with the key in `key_file`.
    ///
    /// The database records the id of its key. On first use (no key recorded, no
    /// people yet) a missing key file is created; afterwards a missing or different key
    /// leaves restricted values locked, and everything else usable.
    pub async fn open(db: &str, key_file: &Path) -> Result<Store, StoreError> {
        install_default_drivers();
        let (backend, url) = database_url(db)?;
        let options = AnyPoolOptions::new().max_connections(match backend {
            Backend::Sqlite => 4,
            Backend::Postgres => 8,
        });
        let options = if backend == Backend::Sqlite {
            options.after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                    )
                    .await?;
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
        let keys = settle_key(&pool, key_file).await?;
        Ok(Store {
            pool,
            backend,
            keys,
        })
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
