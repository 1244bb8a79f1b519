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

pub struct TestApp {
    pub state: Shared,
}

pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestApp {
    pub async fn new(db: &TestDb) -> TestApp {
        let store = Arc::new(db.store().await);
        let state = AppState::new(store, Arc::new(today)).await.unwrap();
        TestApp { state }
    }

    pub async fn get_with(&self, uri: &str, headers: &[(header::HeaderName, &str)]) -> Page {
        let mut req = Request::builder().uri(uri);
        for (k, v) in headers {
            req = req.header(k, *v);
        }
        let resp = router(Arc::clone(&self.state))
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
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

    pub async fn get(&self, uri: &str) -> Page {
        self.get_with(uri, &[]).await
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
    app.state
        .store
        .add_person(&stamp(), &person("Tural Bağırov"))
        .await
        .unwrap();
    app.refresh().await;
    let after = app
        .get_with("/", &[(header::IF_NONE_MATCH, before.to_str().unwrap())])
        .await;
    assert_eq!(after.status, StatusCode::OK, "a write changes the ETag");
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
