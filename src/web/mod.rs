//! The public site and the read API: `habeas serve`. Pages mirror URLs (`pages/`), the
//! API lives under `api/`; everything public is built from `crate::public` views only.
//!
//! Freshness: the list is answered from an in-memory [`PublicList`] tagged with the
//! audit head it was built from. Each request compares that with the store's head (one
//! cheap query); if the registry changed, a rebuild starts in the background and
//! requests keep the previous list until it is ready. Responses carry an `ETag` made of
//! that head, so a revalidation after no change is a 304.

mod api;
pub mod client;
mod error;
mod http;
mod i18n;
mod limit;
mod pages;
mod params;
mod render;
mod staff;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use axum::Router;
use axum::routing::get;
use tower_http::compression::CompressionLayer;

use crate::domain::Date;
use crate::public::PublicList;
use crate::store::{Store, StoreError};

pub use api::write::openapi_json;
pub use i18n::{LANGUAGES, negotiate};
pub use render::Templates;

/// The caller's clock, in seconds since 1970 (UTC); the web layer never reads the
/// system clock itself, so tests can move time.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The public list as of one audit head.
pub struct Snapshot {
    pub seq: i64,
    /// The version of the public content (`PublicList::version`): ETags and the page
    /// cache follow it, so a staff write that changes nothing public changes nothing a
    /// visitor sees, not even a header.
    pub public: u64,
    /// When the public content last changed (as far as this process saw), as an HTTP
    /// date.
    pub last_modified: Option<String>,
    pub list: PublicList,
    /// The workspace's lookups (dashboard panels, search), from the same read.
    pub staff: staff::index::StaffIndex,
}

/// Rendered pages and files, valid for one version of the public content and one day,
/// bounded by count and by bytes: the oldest go first, and a file larger than the
/// whole budget is served without being kept.
struct PageCache {
    /// The public version the pages were made from.
    version: u64,
    day: Option<Date>,
    pages: HashMap<String, Bytes>,
    /// Keys, oldest first.
    order: std::collections::VecDeque<String>,
    bytes: usize,
    max_bytes: usize,
}

const PAGE_CACHE_ENTRIES: usize = 2_000;
/// What the page cache may hold: a few open-data files at 100,000 people, or
/// thousands of list pages.
const PAGE_CACHE_BYTES: usize = 256 * 1024 * 1024;

impl PageCache {
    fn new(max_bytes: usize) -> PageCache {
        PageCache {
            version: 0,
            day: None,
            pages: HashMap::new(),
            order: std::collections::VecDeque::new(),
            bytes: 0,
            max_bytes,
        }
    }

    fn get(&self, version: u64, day: Date, key: &str) -> Option<Bytes> {
        (self.version == version && self.day == Some(day))
            .then(|| self.pages.get(key).cloned())
            .flatten()
    }

    fn put(&mut self, version: u64, day: Date, key: String, page: Bytes) {
        if self.version != version || self.day != Some(day) {
            *self = PageCache::new(self.max_bytes);
            self.version = version;
            self.day = Some(day);
        }
        if page.len() > self.max_bytes {
            return;
        }
        if let Some(old) = self.pages.remove(&key) {
            self.bytes -= old.len();
            self.order.retain(|k| *k != key);
        }
        while self.bytes + page.len() > self.max_bytes || self.pages.len() >= PAGE_CACHE_ENTRIES {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if let Some(gone) = self.pages.remove(&oldest) {
                self.bytes -= gone.len();
            }
        }
        self.bytes += page.len();
        self.order.push_back(key.clone());
        self.pages.insert(key, page);
    }
}

/// How often requests compare the store's head with the snapshot's.
const FRESHNESS_CHECK: Duration = Duration::from_millis(500);

pub struct AppState {
    pub store: Arc<Store>,
    snapshot: RwLock<Arc<Snapshot>>,
    refreshing: AtomicBool,
    /// When the store's head was last compared with the snapshot's.
    last_check: Mutex<Option<Instant>>,
    pub templates: Templates,
    clock: Clock,
    cache: Mutex<PageCache>,
    /// Set `Secure` on cookies and send HSTS (when served behind TLS).
    pub secure_cookies: bool,
    /// Proxies whose forwarding headers name the client (see `client`).
    pub(crate) proxies: client::TrustedProxies,
    pub(crate) staff: staff::StaffState,
    /// "I sent a letter" per address (see `limit`).
    pub(crate) letters_limit: limit::PerAddress,
    /// Files that take seconds to make (report PDFs, open-data downloads at 100,000
    /// people): one at a time; a request that finds it busy is told to retry, so
    /// asking for many dates cannot take every core.
    pub heavy: tokio::sync::Semaphore,
}

/// "I sent a letter" counted per address and hour.
pub const LETTERS_PER_HOUR: u32 = 10;

pub type Shared = Arc<AppState>;

/// How the site is served: behind TLS or not, behind which proxies.
#[derive(Debug, Clone, Default)]
pub struct WebOptions {
    /// Cookies are `Secure` and responses carry `Strict-Transport-Security`.
    pub secure_cookies: bool,
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` are believed.
    pub trusted_proxies: Vec<client::Cidr>,
}

impl AppState {
    /// Builds the state and the first snapshot of the public list.
    pub async fn new(
        store: Arc<Store>,
        clock: Clock,
        options: WebOptions,
    ) -> Result<Shared, StoreError> {
        let templates =
            Templates::load().map_err(|e| StoreError::Corrupt(format!("template: {e}")))?;
        let snapshot = build_snapshot(&store).await?;
        // Device cookies are signed with a key from the key file, so known browsers
        // stay known across restarts; without a key, a random one for this process.
        let device_key = match store.keys().ring() {
            Ok(ring) => ring.subkey("login-devices"),
            Err(_) => {
                let mut k = [0u8; 32];
                getrandom::fill(&mut k)
                    .map_err(|e| StoreError::Corrupt(format!("no randomness: {e}")))?;
                k
            }
        };
        Ok(Arc::new(AppState {
            store,
            snapshot: RwLock::new(Arc::new(snapshot)),
            refreshing: AtomicBool::new(false),
            last_check: Mutex::new(None),
            templates,
            clock,
            cache: Mutex::new(PageCache::new(PAGE_CACHE_BYTES)),
            secure_cookies: options.secure_cookies,
            proxies: client::TrustedProxies(options.trusted_proxies),
            staff: staff::StaffState::new(device_key)?,
            letters_limit: limit::PerAddress::new(LETTERS_PER_HOUR, 3600)?,
            heavy: tokio::sync::Semaphore::new(1),
        }))
    }

    /// The path of a one-time link that creates the first admin, if no account exists
    /// yet; `None` once there is one.
    pub async fn setup_link(&self) -> Result<Option<String>, StoreError> {
        if !self.store.users().await?.is_empty() {
            return Ok(None);
        }
        Ok(Some(format!("/setup/{}", self.staff.new_setup_token()?)))
    }

    /// Seconds since 1970, from the caller's clock.
    pub fn now(&self) -> i64 {
        (self.clock)()
    }

    /// Today, from the caller's clock.
    pub fn today(&self) -> Date {
        Date::from_days(self.now().div_euclid(86_400)).unwrap_or(Date::EPOCH)
    }

    /// The current snapshot (never blocks on a rebuild).
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(s) => Arc::clone(&s),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Rebuilds the snapshot now if the registry changed since it was built.
    pub async fn refresh(&self) -> Result<(), StoreError> {
        let (seq, _) = self.store.head().await?;
        if seq != self.snapshot().seq {
            let mut fresh = build_snapshot(&self.store).await?;
            let previous = self.snapshot();
            if fresh.public == previous.public {
                fresh.last_modified.clone_from(&previous.last_modified);
            }
            let fresh = Arc::new(fresh);
            // Two rebuilds can overlap (one in the background, one asked for): the
            // newer registry wins, whichever finishes last.
            let mut current = match self.snapshot.write() {
                Ok(s) => s,
                Err(poisoned) => poisoned.into_inner(),
            };
            if fresh.seq >= current.seq {
                *current = fresh;
            }
        }
        Ok(())
    }

    /// Starts a background rebuild if the registry changed and none is running.
    /// Compares at most every [`FRESHNESS_CHECK`], so a busy site does not query the
    /// head on every request; a change shows up within that time plus the rebuild.
    async fn refresh_in_background(self: &Arc<Self>) {
        let due = match self.last_check.lock() {
            Ok(mut last) => {
                let due = last.is_none_or(|t| t.elapsed() >= FRESHNESS_CHECK);
                if due {
                    *last = Some(Instant::now());
                }
                due
            }
            Err(_) => true,
        };
        if !due || self.refreshing.swap(true, Ordering::SeqCst) {
            return;
        }
        // The check runs beside the request, never in front of it: pages served from
        // the snapshot keep being served while the database is away.
        let state = Arc::clone(self);
        tokio::spawn(async move {
            if let Err(e) = state.refresh().await {
                error::log_internal(&format!("rebuilding the public list: {e}"));
            }
            state.refreshing.store(false, Ordering::SeqCst);
        });
    }

    /// Compares the head now (not after the usual interval) and rebuilds in the
    /// background if the registry changed: called after a request that wrote.
    pub(crate) async fn registry_changed(self: &Arc<Self>) {
        if let Ok(mut last) = self.last_check.lock() {
            *last = None;
        }
        self.refresh_in_background().await;
    }

    fn cached(&self, version: u64, day: Date, key: &str) -> Option<Bytes> {
        self.cache.lock().ok()?.get(version, day, key)
    }

    /// A file that takes seconds to make (a report PDF, an open-data download): from
    /// the page cache, or made now and kept. Only one is made at a time; a request
    /// that finds one being made is refused with [`Problem::Busy`](error::Problem).
    pub(crate) async fn slow_file(
        &self,
        version: u64,
        day: Date,
        key: String,
        make: impl std::future::Future<Output = Result<Vec<u8>, String>>,
    ) -> Result<Bytes, error::Problem> {
        if let Some(found) = self.cached(version, day, &key) {
            return Ok(found);
        }
        let Ok(_permit) = self.heavy.try_acquire() else {
            return Err(error::Problem::Busy);
        };
        let bytes = Bytes::from(
            make.await
                .map_err(|e| error::Problem::Internal(error::log_internal(&e)))?,
        );
        self.remember(version, day, key, bytes.clone());
        Ok(bytes)
    }

    fn remember(&self, version: u64, day: Date, key: String, page: Bytes) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.put(version, day, key, page);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_cache_keeps_to_its_bytes_dropping_the_oldest() {
        let day = Date::EPOCH;
        let mut c = PageCache::new(100);
        let page = |n: usize| Bytes::from(vec![b'x'; n]);
        c.put(1, day, "a".into(), page(40));
        c.put(1, day, "b".into(), page(40));
        c.put(1, day, "c".into(), page(40));
        assert!(c.get(1, day, "a").is_none(), "the oldest went");
        assert!(c.get(1, day, "b").is_some() && c.get(1, day, "c").is_some());
        assert_eq!(c.bytes, 80);
        c.put(1, day, "huge".into(), page(101));
        assert!(
            c.get(1, day, "huge").is_none(),
            "larger than the budget: not kept"
        );
        assert_eq!(c.bytes, 80);
        c.put(1, day, "b".into(), page(10));
        assert_eq!(c.bytes, 50, "a page made again replaces its older copy");
        c.put(2, day, "d".into(), page(5));
        assert!(c.get(1, day, "c").is_none() && c.get(2, day, "d").is_some());
        assert_eq!(c.bytes, 5, "a new version starts afresh");
        assert!(c.pages.len() <= PAGE_CACHE_ENTRIES && c.bytes <= c.max_bytes);
    }
}

async fn build_snapshot(store: &Store) -> Result<Snapshot, StoreError> {
    let (seq, at) = store.head().await?;
    // Sources are not needed for the list; reading without them halves the work.
    let registry = store.registry_without_sources().await?;
    // Building the list is CPU work; keep it off the threads that answer requests.
    let (list, staff) = tokio::task::spawn_blocking(move || {
        (
            PublicList::build(&registry),
            staff::index::StaffIndex::build(&registry),
        )
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("building the public list failed: {e}")))?;
    let sources = store.public_sources_version().await?;
    Ok(Snapshot {
        seq,
        public: list.version() ^ sources.rotate_left(17),
        last_modified: at.as_deref().and_then(http::http_date),
        list,
        staff,
    })
}

/// Who may use a route. Every route is declared with one (see [`routes`]), so a new
/// route cannot exist without a decision, and the authorisation test enumerates them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not: the public site, the read API, the login and setup forms.
    Anyone,
    /// Signed-in staff of any role; anonymous visitors are sent to `/login`.
    Staff,
    /// Signed-in staff whose role may take this action in the policy table; other
    /// roles get 403, anonymous visitors are sent to `/login`.
    May(crate::domain::Action),
    /// An API token whose role may take this action: 401 without a valid token
    /// (cookies do not count), 403 for a role that may not.
    Token(crate::domain::Action),
}

/// One route: method, path pattern, who may use it, and a concrete address to probe it.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: axum::http::Method,
    pub path: &'static str,
    pub access: Access,
    pub probe: &'static str,
}

const fn spec(
    method: axum::http::Method,
    path: &'static str,
    access: Access,
    probe: &'static str,
) -> RouteSpec {
    RouteSpec {
        method,
        path,
        access,
        probe,
    }
}

/// Every route the router has, with its access rule.
pub fn routes() -> Vec<(RouteSpec, axum::routing::MethodRouter<Shared>)> {
    use crate::domain::Action;
    use axum::http::Method;
    use axum::routing::{post, put};
    vec![
        (
            spec(Method::GET, "/", Access::Anyone, "/"),
            get(pages::list::show),
        ),
        (
            spec(Method::GET, "/people/{id}", Access::Anyone, "/people/1"),
            get(pages::person::show),
        ),
        (
            spec(Method::GET, "/stats", Access::Anyone, "/stats"),
            get(pages::stats::show),
        ),
        (
            spec(Method::GET, "/feed.atom", Access::Anyone, "/feed.atom"),
            get(pages::feed::show),
        ),
        (
            spec(Method::GET, "/data/", Access::Anyone, "/data/"),
            get(pages::data::index),
        ),
        (
            spec(
                Method::GET,
                "/data/{file}",
                Access::Anyone,
                "/data/popolo.json",
            ),
            get(pages::data::file),
        ),
        (
            spec(Method::GET, "/report", Access::Anyone, "/report"),
            get(pages::report::show),
        ),
        (
            spec(Method::GET, "/actions", Access::Anyone, "/actions"),
            get(pages::actions::index),
        ),
        (
            spec(Method::GET, "/actions/{id}", Access::Anyone, "/actions/1"),
            get(pages::actions::show),
        ),
        (
            spec(
                Method::POST,
                "/actions/{id}/sent",
                Access::Anyone,
                "/actions/1/sent",
            ),
            post(pages::actions::sent),
        ),
        (
            spec(
                Method::GET,
                "/actions/{id}/{file}",
                Access::Anyone,
                "/actions/1/letters.pdf",
            ),
            get(pages::actions::letters),
        ),
        (
            spec(
                Method::GET,
                "/stats/{file}",
                Access::Anyone,
                "/stats/held.csv",
            ),
            get(pages::stats::csv),
        ),
        (
            spec(
                Method::GET,
                "/api/v1/people",
                Access::Anyone,
                "/api/v1/people",
            ),
            get(api::people::list),
        ),
        (
            spec(
                Method::GET,
                "/api/v1/people/{id}",
                Access::Anyone,
                "/api/v1/people/1",
            ),
            get(api::people::show),
        ),
        (
            spec(
                Method::POST,
                "/api/v1/people",
                Access::Token(Action::EditRecord),
                "/api/v1/people",
            ),
            post(api::write::create_person),
        ),
        (
            spec(
                Method::PUT,
                "/api/v1/people/{id}",
                Access::Token(Action::EditRecord),
                "/api/v1/people/1",
            ),
            put(api::write::update_person),
        ),
        (
            spec(
                Method::POST,
                "/api/v1/people/{id}/cases",
                Access::Token(Action::EditRecord),
                "/api/v1/people/1/cases",
            ),
            post(api::write::create_case),
        ),
        (
            spec(
                Method::POST,
                "/api/v1/cases/{id}/events",
                Access::Token(Action::EditRecord),
                "/api/v1/cases/1/events",
            ),
            post(api::write::create_event),
        ),
        (
            spec(
                Method::PUT,
                "/api/v1/cases/{id}",
                Access::Token(Action::EditRecord),
                "/api/v1/cases/1",
            ),
            put(api::write::update_case),
        ),
        (
            spec(
                Method::PUT,
                "/api/v1/events/{id}",
                Access::Token(Action::EditRecord),
                "/api/v1/events/1",
            ),
            put(api::write::update_event),
        ),
        (
            spec(
                Method::POST,
                "/api/v1/sources",
                Access::Token(Action::EditRecord),
                "/api/v1/sources",
            ),
            post(api::write::create_source),
        ),
        (
            spec(
                Method::PUT,
                "/api/v1/sources/{id}",
                Access::Token(Action::EditRecord),
                "/api/v1/sources/1",
            ),
            put(api::write::update_source),
        ),
        (
            spec(
                Method::GET,
                "/api/openapi.json",
                Access::Anyone,
                "/api/openapi.json",
            ),
            get(api::write::openapi),
        ),
        (
            spec(Method::GET, "/healthz", Access::Anyone, "/healthz"),
            get(pages::health),
        ),
        (
            spec(
                Method::GET,
                "/static/style.css",
                Access::Anyone,
                "/static/style.css",
            ),
            get(pages::stylesheet),
        ),
        (
            spec(Method::GET, "/login", Access::Anyone, "/login"),
            get(staff::login::form),
        ),
        (
            spec(Method::POST, "/login", Access::Anyone, "/login"),
            post(staff::login::submit),
        ),
        (
            spec(
                Method::POST,
                "/login/two-factor",
                Access::Anyone,
                "/login/two-factor",
            ),
            post(staff::two_factor::submit_code),
        ),
        (
            spec(
                Method::GET,
                "/staff/account/two-factor",
                Access::Staff,
                "/staff/account/two-factor",
            ),
            get(staff::two_factor::enrol_form),
        ),
        (
            spec(
                Method::POST,
                "/staff/account/two-factor",
                Access::Staff,
                "/staff/account/two-factor",
            ),
            post(staff::two_factor::enrol),
        ),
        (
            spec(
                Method::GET,
                "/staff/admin/two-factor",
                Access::May(Action::ManageUsers),
                "/staff/admin/two-factor",
            ),
            get(staff::two_factor::policy_form),
        ),
        (
            spec(
                Method::POST,
                "/staff/admin/two-factor",
                Access::May(Action::ManageUsers),
                "/staff/admin/two-factor",
            ),
            post(staff::two_factor::set_policy),
        ),
        (
            spec(Method::GET, "/setup/{token}", Access::Anyone, "/setup/0"),
            get(staff::setup::form),
        ),
        (
            spec(Method::POST, "/setup/{token}", Access::Anyone, "/setup/0"),
            post(staff::setup::submit),
        ),
        (
            spec(Method::POST, "/logout", Access::Staff, "/logout"),
            post(staff::login::logout),
        ),
        (
            spec(Method::GET, "/staff/", Access::Staff, "/staff/"),
            get(staff::dashboard::show),
        ),
        (
            spec(
                Method::GET,
                "/staff/people/{id}",
                Access::Staff,
                "/staff/people/1",
            ),
            get(staff::person::show),
        ),
        (
            spec(
                Method::POST,
                "/staff/sources/{id}/campaign",
                Access::May(Action::EditCampaigns),
                "/staff/sources/1/campaign",
            ),
            post(staff::campaigns::draft_from_source),
        ),
        (
            spec(
                Method::POST,
                "/staff/cases/{id}/publish",
                Access::May(Action::EditRecord),
                "/staff/cases/1/publish",
            ),
            post(staff::person::publish_case),
        ),
        (
            spec(
                Method::POST,
                "/staff/events/{id}/publish",
                Access::May(Action::EditRecord),
                "/staff/events/1/publish",
            ),
            post(staff::person::publish_event),
        ),
        (
            spec(
                Method::POST,
                "/staff/people/{id}/publish",
                Access::May(Action::EditRecord),
                "/staff/people/1/publish",
            ),
            post(staff::person::publish),
        ),
        (
            spec(
                Method::GET,
                "/staff/history/{entity}/{id}",
                Access::Staff,
                "/staff/history/person/1",
            ),
            get(staff::audit::history),
        ),
        (
            spec(
                Method::GET,
                "/staff/audit",
                Access::May(Action::ReadAuditLog),
                "/staff/audit",
            ),
            get(staff::audit::log),
        ),
        (
            spec(
                Method::POST,
                "/staff/audit/verify",
                Access::May(Action::ReadAuditLog),
                "/staff/audit/verify",
            ),
            post(staff::audit::verify),
        ),
        (
            spec(
                Method::GET,
                "/staff/search",
                Access::Staff,
                "/staff/search?q=leyla",
            ),
            get(staff::dashboard::search),
        ),
        (
            spec(
                Method::GET,
                "/staff/people/new",
                Access::May(Action::EditRecord),
                "/staff/people/new",
            ),
            get(staff::people::new_form),
        ),
        (
            spec(
                Method::POST,
                "/staff/people/new",
                Access::May(Action::EditRecord),
                "/staff/people/new",
            ),
            post(staff::people::create),
        ),
        (
            spec(
                Method::GET,
                "/staff/people/{id}/edit",
                Access::May(Action::EditRecord),
                "/staff/people/1/edit",
            ),
            get(staff::people::edit_form),
        ),
        (
            spec(
                Method::POST,
                "/staff/people/{id}/edit",
                Access::May(Action::EditRecord),
                "/staff/people/1/edit",
            ),
            post(staff::people::update),
        ),
        (
            spec(
                Method::GET,
                "/staff/people/{id}/cases/new",
                Access::May(Action::EditRecord),
                "/staff/people/1/cases/new",
            ),
            get(staff::cases::new_case_form),
        ),
        (
            spec(
                Method::POST,
                "/staff/people/{id}/cases/new",
                Access::May(Action::EditRecord),
                "/staff/people/1/cases/new",
            ),
            post(staff::cases::create_case),
        ),
        (
            spec(
                Method::GET,
                "/staff/cases/{id}/events/new",
                Access::May(Action::EditRecord),
                "/staff/cases/1/events/new",
            ),
            get(staff::cases::new_event_form),
        ),
        (
            spec(
                Method::POST,
                "/staff/cases/{id}/events/new",
                Access::May(Action::EditRecord),
                "/staff/cases/1/events/new",
            ),
            post(staff::cases::create_event),
        ),
        (
            spec(
                Method::GET,
                "/staff/cases/{id}/edit",
                Access::May(Action::EditRecord),
                "/staff/cases/1/edit",
            ),
            get(staff::corrections::edit_case_form),
        ),
        (
            spec(
                Method::POST,
                "/staff/cases/{id}/edit",
                Access::May(Action::EditRecord),
                "/staff/cases/1/edit",
            ),
            post(staff::corrections::update_case),
        ),
        (
            spec(
                Method::GET,
                "/staff/events/{id}/edit",
                Access::May(Action::EditRecord),
                "/staff/events/1/edit",
            ),
            get(staff::corrections::edit_event_form),
        ),
        (
            spec(
                Method::POST,
                "/staff/events/{id}/edit",
                Access::May(Action::EditRecord),
                "/staff/events/1/edit",
            ),
            post(staff::corrections::update_event),
        ),
        (
            spec(
                Method::GET,
                "/staff/sources/new",
                Access::May(Action::EditRecord),
                "/staff/sources/new",
            ),
            get(staff::corrections::new_source_form),
        ),
        (
            spec(
                Method::POST,
                "/staff/sources/new",
                Access::May(Action::EditRecord),
                "/staff/sources/new",
            ),
            post(staff::corrections::create_source),
        ),
        (
            spec(
                Method::GET,
                "/staff/sources/{id}/edit",
                Access::May(Action::EditRecord),
                "/staff/sources/1/edit",
            ),
            get(staff::corrections::edit_source_form),
        ),
        (
            spec(
                Method::POST,
                "/staff/sources/{id}/edit",
                Access::May(Action::EditRecord),
                "/staff/sources/1/edit",
            ),
            post(staff::corrections::update_source),
        ),
        (
            spec(
                Method::GET,
                "/staff/proposals",
                Access::May(Action::ReviewProposals),
                "/staff/proposals",
            ),
            get(staff::proposals::list),
        ),
        (
            spec(
                Method::GET,
                "/staff/proposals/{id}",
                Access::May(Action::ReviewProposals),
                "/staff/proposals/1",
            ),
            get(staff::proposals::show),
        ),
        (
            spec(
                Method::POST,
                "/staff/proposals/{id}/accept",
                Access::May(Action::ReviewProposals),
                "/staff/proposals/1/accept",
            ),
            post(staff::proposals::accept),
        ),
        (
            spec(
                Method::POST,
                "/staff/proposals/{id}/reject",
                Access::May(Action::ReviewProposals),
                "/staff/proposals/1/reject",
            ),
            post(staff::proposals::reject),
        ),
        (
            spec(
                Method::GET,
                "/staff/campaigns",
                Access::Staff,
                "/staff/campaigns",
            ),
            get(staff::campaigns::list),
        ),
        (
            spec(
                Method::GET,
                "/staff/campaigns/new",
                Access::May(Action::EditCampaigns),
                "/staff/campaigns/new",
            ),
            get(staff::campaigns::new_form),
        ),
        (
            spec(
                Method::POST,
                "/staff/campaigns/new",
                Access::May(Action::EditCampaigns),
                "/staff/campaigns/new",
            ),
            post(staff::campaigns::create),
        ),
        (
            spec(
                Method::GET,
                "/staff/campaigns/{id}",
                Access::Staff,
                "/staff/campaigns/1",
            ),
            get(staff::campaigns::show),
        ),
        (
            spec(
                Method::GET,
                "/staff/campaigns/{id}/edit",
                Access::May(Action::EditCampaigns),
                "/staff/campaigns/1/edit",
            ),
            get(staff::campaigns::edit_form),
        ),
        (
            spec(
                Method::POST,
                "/staff/campaigns/{id}/edit",
                Access::May(Action::EditCampaigns),
                "/staff/campaigns/1/edit",
            ),
            post(staff::campaigns::update),
        ),
        (
            spec(
                Method::GET,
                "/staff/campaigns/{id}/{file}",
                Access::Staff,
                "/staff/campaigns/1/letters.pdf",
            ),
            get(staff::campaigns::pack),
        ),
        (
            spec(
                Method::POST,
                "/staff/logout-everywhere",
                Access::Staff,
                "/staff/logout-everywhere",
            ),
            post(staff::login::logout_everywhere),
        ),
    ]
}

/// Every route of the public site, the read API and the staff side.
pub fn router(state: Shared) -> Router {
    routes()
        .into_iter()
        .fold(Router::new(), |r, (spec, handler)| {
            r.route(spec.path, handler)
        })
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            http::freshness,
        ))
        .layer(axum::middleware::from_fn(http::log_request))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            client::client_address,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            http::security_headers,
        ))
        .with_state(state)
}

/// Serves on `listener` until `shutdown` resolves; requests in flight finish first.
pub async fn serve(
    state: Shared,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    tracing::info!(addr = %listener.local_addr()?, "serving");
    // The peer's address reaches handlers (login throttling, the letter counter).
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
