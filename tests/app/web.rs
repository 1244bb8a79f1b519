//! The public site and read API, driven in process through the real router on a fresh
//! database of either kind.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use habeas::domain::*;
use habeas::web::{AppState, Shared, router};
use tower::ServiceExt;

use crate::helpers::{TestDb, on_both, stamp, today};
use crate::store::{case, event, person};

/// The password of every staff account the tests make.
pub const PASSWORD: &str = "correct horse battery staple";
/// The second-factor secret the tests enrol for roles that read restricted data.
pub const TEST_SECRET: &[u8] = b"tests second factor!";

pub struct TestApp {
    pub state: Shared,
    /// The app's clock, in seconds since 1970; tests move it.
    pub time: Arc<std::sync::atomic::AtomicI64>,
    /// Who sends the next requests: none by default (no address, no extra headers).
    pub visitor: std::sync::Mutex<Visitor>,
}

/// The sender of requests: the socket's peer address, headers a proxy or browser adds,
/// and cookies the browser holds (added to each request's own).
#[derive(Debug, Clone, Default)]
pub struct Visitor {
    pub peer: Option<std::net::SocketAddr>,
    pub headers: Vec<(&'static str, String)>,
    pub cookies: Vec<String>,
}

impl Visitor {
    pub fn at(addr: &str) -> Visitor {
        Visitor {
            peer: Some(format!("{addr}:40000").parse().unwrap()),
            ..Visitor::default()
        }
    }
}

pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Page {
    /// The form token (`name="csrf"`) of the first form on the page.
    pub fn csrf(&self) -> String {
        self.body
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("no form token on the page: {}", self.body))
            .to_string()
    }

    /// The value of a cookie this response sets.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| {
                c.strip_prefix(&format!("{name}="))
                    .map(|v| v.split(';').next().unwrap_or("").to_string())
            })
    }
}

impl TestApp {
    pub async fn new(db: &TestDb) -> TestApp {
        TestApp::with_store(db.store().await).await
    }

    /// The app on a store opened by the test (with options of its own).
    pub async fn with_store(store: habeas::store::Store) -> TestApp {
        TestApp::with(store, Default::default()).await
    }

    /// The app on a store, served with `options` (TLS, trusted proxies).
    pub async fn with(store: habeas::store::Store, options: habeas::web::WebOptions) -> TestApp {
        let store = Arc::new(store);
        let time = Arc::new(std::sync::atomic::AtomicI64::new(
            today().to_days() * 86_400 + 12 * 3600,
        ));
        let t = Arc::clone(&time);
        let clock: habeas::web::Clock =
            Arc::new(move || t.load(std::sync::atomic::Ordering::SeqCst));
        let state = AppState::new(store, clock, options).await.unwrap();
        TestApp {
            state,
            time,
            visitor: Default::default(),
        }
    }

    /// Sends a request through the real router and reads the whole answer.
    async fn send(&self, mut req: Request<Body>) -> Page {
        let visitor = self.visitor.lock().unwrap().clone();
        if let Some(peer) = visitor.peer {
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
        }
        for (k, v) in &visitor.headers {
            req.headers_mut().append(*k, v.parse().unwrap());
        }
        if !visitor.cookies.is_empty() {
            let mut all: Vec<String> = req
                .headers()
                .get(header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.is_empty())
                .map(String::from)
                .into_iter()
                .collect();
            all.extend(visitor.cookies.iter().cloned());
            req.headers_mut()
                .insert(header::COOKIE, all.join("; ").parse().unwrap());
        }
        let resp = router(Arc::clone(&self.state)).oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = axum::body::to_bytes(resp.into_body(), 10_000_000)
            .await
            .unwrap();
        Page {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).to_string(),
        }
    }

    pub async fn get_with(&self, uri: &str, headers: &[(header::HeaderName, &str)]) -> Page {
        let mut req = Request::builder().uri(uri);
        for (k, v) in headers {
            req = req.header(k, *v);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// The status and raw bytes of a GET (for PDFs).
    pub async fn get_bytes(&self, uri: &str) -> (StatusCode, Vec<u8>) {
        let req = Request::builder().uri(uri).body(Body::empty()).unwrap();
        let resp = router(Arc::clone(&self.state)).oneshot(req).await.unwrap();
        let status = resp.status();
        let bytes = axum::body::to_bytes(resp.into_body(), 50_000_000)
            .await
            .unwrap();
        (status, bytes.to_vec())
    }

    pub async fn get(&self, uri: &str) -> Page {
        self.get_with(uri, &[]).await
    }

    /// Sends `body` with any method, as a form, with the given cookies.
    pub async fn send_method(
        &self,
        method: axum::http::Method,
        uri: &str,
        body: &str,
        cookies: &str,
    ) -> Page {
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookies)
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    /// Sends JSON with a bearer token (or none).
    pub async fn json(
        &self,
        method: axum::http::Method,
        uri: &str,
        body: &serde_json::Value,
        token: Option<&str>,
    ) -> Page {
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.send(req.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// Posts a form (`a=1&b=2`) with the given cookies.
    pub async fn post(&self, uri: &str, form: &str, cookies: &str) -> Page {
        let req = Request::builder()
            .method("POST")
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookies)
            .body(Body::from(form.to_string()))
            .unwrap();
        self.send(req).await
    }

    /// Adds a staff account with `role` and the tests' password.
    pub async fn add_user(&self, login: &str, role: Role) {
        let hash = habeas::accounts::hash_password(&Password::parse(PASSWORD).unwrap()).unwrap();
        self.state
            .store
            .add_user(&stamp(), &Login::parse(login).unwrap(), role, &hash)
            .await
            .unwrap();
    }

    /// Logs in with the tests' password; returns the session cookie header value.
    /// Roles that read restricted data sign in with a second factor (enrolled here
    /// when they have none), as they must to read it.
    pub async fn session_of(&self, login: &str) -> String {
        let account = self
            .state
            .store
            .credentials(&Login::parse(login).unwrap())
            .await
            .unwrap()
            .unwrap()
            .account;
        let page = if account.role.reads() == Level::Restricted {
            let enrolled = self
                .state
                .store
                .totp_secret(account.id)
                .await
                .unwrap()
                .is_some();
            if !enrolled {
                self.enrol(login, TEST_SECRET).await;
            }
            // A code is good once: each sign-in uses the next half minute's.
            self.time.fetch_add(30, std::sync::atomic::Ordering::SeqCst);
            self.log_in_with_code(login, PASSWORD, TEST_SECRET).await
        } else {
            self.log_in(login, PASSWORD).await
        };
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{login} signs in: {}",
            page.body
        );
        format!("habeas_session={}", page.cookie("habeas_session").unwrap())
    }

    /// A session without a second factor, whatever the role.
    pub async fn session_without_second_factor(&self, login: &str) -> String {
        let page = self.log_in(login, PASSWORD).await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{login} signs in: {}",
            page.body
        );
        format!("habeas_session={}", page.cookie("habeas_session").unwrap())
    }

    /// Opens the login form and posts `login` and `password` with its CSRF token.
    pub async fn log_in(&self, login: &str, password: &str) -> Page {
        let form = self.get("/login").await;
        let csrf = form.cookie("habeas_login_csrf").unwrap();
        assert!(
            form.body
                .contains(&format!("name=\"csrf\" value=\"{csrf}\"")),
            "the form carries its token"
        );
        let body = format!(
            "login={login}&password={}&csrf={csrf}",
            password.replace(' ', "+")
        );
        self.post("/login", &body, &format!("habeas_login_csrf={csrf}"))
            .await
    }

    /// Logs in an account that has a second factor: the password, then the current
    /// code from `secret`. Returns the answer to the code.
    pub async fn log_in_with_code(&self, login: &str, password: &str, secret: &[u8]) -> Page {
        let asked = self.log_in(login, password).await;
        assert_eq!(asked.status, StatusCode::OK, "the code is asked");
        let pending = asked.cookie("habeas_two_factor").unwrap();
        let csrf = asked
            .body
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap()
            .to_string();
        let now = self.time.load(std::sync::atomic::Ordering::SeqCst);
        let code = habeas::accounts::totp::code_at(secret, habeas::accounts::totp::step_of(now), 6);
        self.post(
            "/login/two-factor",
            &format!("csrf={csrf}&code={code:06}"),
            &format!("habeas_login_csrf={csrf}; habeas_two_factor={pending}"),
        )
        .await
    }

    /// Enrols a known second factor for an account, as if through the page.
    pub async fn enrol(&self, login: &str, secret: &[u8]) {
        let login = Login::parse(login).unwrap();
        let id = self
            .state
            .store
            .credentials(&login)
            .await
            .unwrap()
            .unwrap()
            .account
            .id;
        self.state
            .store
            .enrol_totp(
                &stamp(),
                id,
                &habeas::accounts::totp::base32(secret),
                &[],
                0,
            )
            .await
            .unwrap();
    }

    /// Writes through the store, then brings the public list up to date.
    pub async fn refresh(&self) {
        self.state.refresh().await.unwrap();
    }
}

/// Two people held, one released, one internal; names in several scripts.
async fn registry(app: &TestApp) {
    let store = &app.state.store;
    let mut leyla = person("Leyla Məmmədova");
    leyla.names.push(PersonName {
        lang: Some("ru".into()),
        ..PersonName::new(
            NameText::parse("Лейла Мамедова").unwrap(),
            NameKind::Transliteration,
        )
    });
    let leyla = store.add_person(&stamp(), &leyla).await.unwrap();
    let c = store
        .add_case(&stamp(), &case(leyla, "2024-03-01"))
        .await
        .unwrap();
    let mut sentenced = event(c, EventKind::Sentenced, "2024-09-10");
    sentenced.sentence_months = Some(60);
    store
        .add_event(
            &stamp(),
            &sentenced,
            &[NewSource::from_url("https://example.org/verdict").unwrap()],
        )
        .await
        .unwrap();

    let mut anar = person("Anar Əliyev");
    anar.country = Some("BY".parse().unwrap());
    anar.categories = vec![Category::Blogger];
    let anar = store.add_person(&stamp(), &anar).await.unwrap();
    let mut anar_case = case(anar, "2023-01-10");
    anar_case.country = Some("BY".parse().unwrap());
    let c = store.add_case(&stamp(), &anar_case).await.unwrap();
    let mut released = event(c, EventKind::Released, "2025-02-01");
    released.release_reason = Some(ReleaseReason::Pardoned);
    store.add_event(&stamp(), &released, &[]).await.unwrap();

    let mut hidden = person("Rəşad Həsənov");
    hidden.level = Level::Internal;
    let hidden = store.add_person(&stamp(), &hidden).await.unwrap();
    store
        .add_case(&stamp(), &case(hidden, "2024-01-01"))
        .await
        .unwrap();
    app.refresh().await;
}

async fn the_list_shows_who_is_held_with_filters_and_search(db: &TestDb) {
    let app = TestApp::new(db).await;
    registry(&app).await;
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("Leyla Məmmədova") && home.body.contains("imprisoned"),
        "{}",
        home.body
    );
    assert!(
        !home.body.contains("Anar Əliyev"),
        "released is not held now"
    );
    assert!(
        !home.body.contains("Rəşad"),
        "internal people are not public"
    );
    assert!(home.body.contains("1 person held on 2026-11-29"));

    let past = app.get("/?as_of=2024-06-01").await;
    assert!(
        past.body.contains("Leyla") && past.body.contains("Anar"),
        "both held then"
    );
    assert!(past.body.contains("detained pretrial"));
    let released = app.get("/?status=released").await;
    assert!(released.body.contains("Anar Əliyev") && !released.body.contains("Leyla"));
    let by = app.get("/?country=by&as_of=2024-06-01").await;
    assert!(by.body.contains("Anar") && !by.body.contains("Leyla"));
    let bloggers = app.get("/?category=blogger&as_of=2024-06-01").await;
    assert!(bloggers.body.contains("Anar") && !bloggers.body.contains("Leyla"));
    for q in ["Мамедова", "mammadova", "MƏMMƏDOVA", "leyla%20m"] {
        let found = app.get(&format!("/?q={q}")).await;
        assert!(
            found.body.contains("/people/1\""),
            "search {q} finds Leyla: {}",
            found.body
        );
    }
    let none = app.get("/?q=Rəşad&status=detained_pretrial").await;
    assert!(
        none.body.contains("0 people"),
        "internal names are not searchable"
    );
    let sorted = app.get("/?as_of=2024-06-01&sort=arrested").await;
    assert!(
        sorted.body.find("Leyla").unwrap() < sorted.body.find("Anar").unwrap(),
        "latest arrest first"
    );

    let api = app.get("/api/v1/people?as_of=2024-06-01&per_page=1").await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["total"], 2);
    assert_eq!(json["pages"], 2);
    assert_eq!(json["items"].as_array().unwrap().len(), 1);
    let second = app
        .get("/api/v1/people?as_of=2024-06-01&per_page=1&page=2")
        .await;
    let second: serde_json::Value = serde_json::from_str(&second.body).unwrap();
    assert_ne!(json["items"][0]["id"], second["items"][0]["id"]);
}
on_both!(
    the_list_shows_who_is_held_with_filters_and_search,
    the_list_shows_who_is_held_with_filters_and_search
);

async fn a_person_page_shows_the_public_record(db: &TestDb) {
    let app = TestApp::new(db).await;
    registry(&app).await;
    let page = app.get("/people/1").await;
    assert_eq!(page.status, StatusCode::OK);
    for expected in [
        "Leyla Məmmədova",
        "Лейла Мамедова",
        "Article 206.3.2: Smuggling",
        "Expected release</dt><dd>2029-03-01",
        "example.org&#x2f;verdict",
        "criteria a, e",
        "Investigative reporter.",
    ] {
        assert!(
            page.body.contains(expected),
            "person page shows {expected:?}:\n{}",
            page.body
        );
    }
    assert!(
        !page.body.contains("Tuesdays") && !page.body.contains("+994"),
        "no internal or restricted field"
    );
    let api = app.get("/api/v1/people/1").await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["cases"][0]["expected_release"], "2029-03-01");
    assert_eq!(json["names"][1]["text"], "Лейла Мамедова");
}
on_both!(
    a_person_page_shows_the_public_record,
    a_person_page_shows_the_public_record
);

async fn unknown_ids_are_404_and_bad_parameters_400_never_500(db: &TestDb) {
    let app = TestApp::new(db).await;
    registry(&app).await;
    for uri in [
        "/people/999",
        "/people/3",
        "/people/abc",
        "/people/-1",
        "/people/99999999999999999999",
        "/nowhere",
        "/api/v1/people/3",
    ] {
        let page = app.get(uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
    }
    let internal = app.get("/people/3").await;
    let missing = app.get("/people/999").await;
    assert_eq!(
        internal.body, missing.body,
        "a non-public person looks exactly like a missing one"
    );
    for (uri, parameter) in [
        ("/?country=Azerbaijan", "country"),
        ("/?status=jailed", "status"),
        ("/?as_of=2026-02-30", "as_of"),
        ("/?page=0", "page"),
        ("/?sort=age", "sort"),
        ("/?category=poet", "category"),
        ("/?as_of=2024-01", "as_of"),
    ] {
        let page = app.get(uri).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            page.body
                .contains(&format!("The parameter &#x27;{parameter}&#x27; is wrong")),
            "{uri}: {}",
            page.body
        );
        let api = app.get(&uri.replacen('/', "/api/v1/people", 1)).await;
        assert_eq!(api.status, StatusCode::BAD_REQUEST, "{uri}");
        let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
        assert_eq!(json["error"]["parameter"], parameter, "{uri}");
    }
    // Undecodable bytes are replaced, not a failure.
    assert_eq!(app.get("/?q=%FF%FE").await.status, StatusCode::OK);
    let long = format!("/?q={}", "a".repeat(201));
    assert_eq!(app.get(&long).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.get("/api/v1/people?per_page=1000").await.status,
        StatusCode::BAD_REQUEST
    );
}
on_both!(
    unknown_ids_are_404_and_bad_parameters_400_never_500,
    unknown_ids_are_404_and_bad_parameters_400_never_500
);

async fn pages_revalidate_with_etags_until_the_registry_changes(db: &TestDb) {
    let app = TestApp::new(db).await;
    registry(&app).await;
    for uri in [
        "/",
        "/?as_of=2024-06-01",
        "/people/1",
        "/api/v1/people",
        "/api/v1/people/1",
    ] {
        let first = app.get(uri).await;
        let etag = first
            .headers
            .get(header::ETAG)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(first.headers.contains_key(header::LAST_MODIFIED), "{uri}");
        let again = app.get_with(uri, &[(header::IF_NONE_MATCH, &etag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(again.body.is_empty());
    }
    let before = app
        .get("/")
        .await
        .headers
        .get(header::ETAG)
        .unwrap()
        .clone();
    let cached = app.get("/").await;
    assert_eq!(
        cached.headers.get(header::ETAG).unwrap(),
        &before,
        "same page from the cache"
    );

    // Staff writes that change nothing public change nothing a visitor sees, not even
    // a header: an internal person, an internal note, an account.
    let headers_of =
        |page: &Page| [header::ETAG, header::LAST_MODIFIED].map(|h| page.headers.get(h).cloned());
    let uris = ["/", "/people/1", "/api/v1/people", "/api/v1/people/1"];
    let mut seen = Vec::new();
    for uri in uris {
        seen.push(headers_of(&app.get(uri).await));
    }
    let mut hidden = person("Rəşad Həsənov");
    hidden.level = Level::Internal;
    app.state.store.add_person(&stamp(), &hidden).await.unwrap();
    let mut leyla = app.state.store.person(PersonId(1)).await.unwrap().data;
    leyla.notes = Some(Leveled::new("Moved cells on Monday.", Level::Internal));
    app.state
        .store
        .update_person(&stamp(), PersonId(1), &leyla)
        .await
        .unwrap();
    app.add_user("vera", Role::Viewer).await;
    app.refresh().await;
    for (uri, was) in uris.iter().zip(&seen) {
        assert_eq!(
            &headers_of(&app.get(uri).await),
            was,
            "{uri} after staff writes"
        );
    }

    app.state
        .store
        .add_person(&stamp(), &person("Tural Bağırov"))
        .await
        .unwrap();
    app.refresh().await;
    let after = app
        .get_with("/", &[(header::IF_NONE_MATCH, before.to_str().unwrap())])
        .await;
    assert_eq!(
        after.status,
        StatusCode::OK,
        "a public write changes the ETag"
    );
}
on_both!(
    pages_revalidate_with_etags_until_the_registry_changes,
    pages_revalidate_with_etags_until_the_registry_changes
);

async fn every_response_carries_security_headers_and_compresses(db: &TestDb) {
    let app = TestApp::new(db).await;
    registry(&app).await;
    for uri in [
        "/",
        "/people/1",
        "/people/999",
        "/?page=0",
        "/api/v1/people",
        "/healthz",
        "/static/style.css",
    ] {
        let page = app.get(uri).await;
        let csp = page
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            "{uri}"
        );
        assert_eq!(
            page.headers.get(header::REFERRER_POLICY).unwrap(),
            "no-referrer",
            "{uri}"
        );
        assert_eq!(
            page.headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
            "nosniff",
            "{uri}"
        );
    }
    assert_eq!(app.get("/healthz").await.body, "ok\n");
    let gz = app
        .get_with("/", &[(header::ACCEPT_ENCODING, "gzip")])
        .await;
    assert_eq!(gz.headers.get(header::CONTENT_ENCODING).unwrap(), "gzip");
    let page = app.get("/").await;
    assert!(!page.body.contains("<script"), "no JavaScript anywhere");
}
on_both!(
    every_response_carries_security_headers_and_compresses,
    every_response_carries_security_headers_and_compresses
);

/// The real binary on a real port: it answers, logs without queries, and on SIGTERM
/// finishes and exits cleanly.
#[tokio::test]
async fn serve_answers_over_tcp_logs_no_names_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader, Read, Write};
    let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
    db.ok(&["person", "add", "--name", "Leyla Məmmədova"]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_habeas"))
        .args([
            "--db",
            &db.db,
            "--key-file",
            db.key_file.to_str().unwrap(),
            "serve",
            "--addr",
            "127.0.0.1:0",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut log = String::new();
    let addr = loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "serve exited early: {log}"
        );
        log.push_str(&line);
        if let Some(rest) = line.split("at http://").nth(1) {
            break rest.trim().trim_end_matches('/').to_string();
        }
    };
    let get = |path: &str| {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    };
    assert!(get("/healthz").starts_with("HTTP/1.1 200"));
    assert!(get("/?q=Leyla").contains("HTTP/1.1 200"));
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    stderr.read_to_string(&mut log).unwrap();
    assert!(status.success(), "clean exit on SIGTERM: {log}");
    assert!(log.contains("shutting down"), "{log}");
    assert!(
        log.contains("\"route\":\"/\""),
        "request lines are logged: {log}"
    );
    assert!(
        !log.contains("Leyla") && !log.contains("q="),
        "no names or queries in logs: {log}"
    );
}

/// The list's precomputed status steps agree with `status_at` on the views, for every
/// status on many dates.
#[tokio::test]
async fn list_counts_equal_counts_from_the_views_on_any_date() {
    use habeas::public::{ListQuery, PublicList, PublicPerson};
    let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
    let store = db.store().await;
    store
        .add_dossiers(&stamp(), &habeas::demo::dossiers(5, 0, 300))
        .await
        .unwrap();
    let reg = store.registry().await.unwrap();
    let list = PublicList::build(&reg);
    let views = PublicPerson::all(&reg);
    let mut checked = 0;
    for year in [2014, 2016, 2018, 2020, 2022, 2024, 2026] {
        for month in [1, 6, 11] {
            let day = Date::new(year, month, 15).unwrap();
            for status in Status::ALL.iter().copied().map(Some).chain([None]) {
                let expected = views
                    .iter()
                    .filter(|p| {
                        p.cases.iter().any(|c| {
                            c.status_at(day)
                                .is_some_and(|s| status.map_or(s.is_held(), |want| s == want))
                        })
                    })
                    .count();
                let page = list.query(
                    &ListQuery {
                        as_of: Some(day),
                        status,
                        page: 1,
                        per_page: 50,
                        ..ListQuery::default()
                    },
                    today(),
                );
                assert_eq!(page.total, expected, "{day} {status:?}");
                checked += expected;
            }
        }
    }
    assert!(checked > 1000, "the comparison saw real data: {checked}");
}
