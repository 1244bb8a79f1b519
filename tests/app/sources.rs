//! A source is never published by being reused: it takes the level of what cites it
//! (at least), and it is public only when everything citing it may be public.

use axum::http::{Method, StatusCode};
use habeas::domain::Role;
use serde_json::json;

use crate::api::token_for;
use crate::helpers::{TestDb, on_both};
use crate::web::TestApp;

const SECRET: &str = "Witness statement of Anar";

async fn public_outputs(app: &TestApp, person: i64) -> String {
    app.refresh().await;
    let mut all = String::new();
    for uri in [
        format!("/people/{person}"),
        format!("/api/v1/people/{person}"),
        "/data/people.json".to_string(),
        "/data/popolo.json".to_string(),
        "/data/people.csv".to_string(),
    ] {
        let page = app.get(&uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
        all.push_str(&page.body);
    }
    all
}

async fn a_source_is_never_published_by_being_reused(db: &TestDb) {
    let app = TestApp::new(db).await;
    let (token, _) = token_for(&app, "leyla", Role::Editor).await;
    let made = app
        .json(
            Method::POST,
            "/api/v1/people",
            &json!({"names": [{"text": "Anar Əliyev"}], "arrest": {"date": "2025-01-10"}}),
            Some(&token),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let body: serde_json::Value = serde_json::from_str(&made.body).unwrap();
    let (person, case) = (
        body["id"].as_i64().unwrap(),
        body["case_id"].as_i64().unwrap(),
    );
    let events = format!("/api/v1/cases/{case}/events");

    // A restricted event with a new source: the source is saved restricted, sealed.
    let hidden = app
        .json(
            Method::POST,
            &events,
            &json!({"kind": "ill_treatment_reported", "date": "2025-02-01", "level": "restricted",
                    "source": {"url": "https://example.org/witness", "title": SECRET}}),
            Some(&token),
        )
        .await;
    assert_eq!(hidden.status, StatusCode::CREATED, "{}", hidden.body);
    // A public event cites the same address later.
    let public = app
        .json(
            Method::POST,
            &events,
            &json!({"kind": "hearing", "date": "2025-03-01",
                    "source": {"url": "https://example.org/witness", "title": "Hearing"}}),
            Some(&token),
        )
        .await;
    assert_eq!(public.status, StatusCode::CREATED, "{}", public.body);
    let shown = public_outputs(&app, person).await;
    assert!(shown.contains("Anar Əliyev"), "the person is public");
    assert!(!shown.contains(SECRET), "the title leaked");
    assert!(!shown.contains("example.org/witness"), "the source leaked");

    // A public source, later cited by a restricted event, leaves the public pages.
    let cited = app
        .json(
            Method::POST,
            &events,
            &json!({"kind": "transferred", "date": "2025-04-01",
                    "source": {"url": "https://example.org/transfer", "title": "Moved to Colony 2"}}),
            Some(&token),
        )
        .await;
    assert_eq!(cited.status, StatusCode::CREATED, "{}", cited.body);
    assert!(
        public_outputs(&app, person)
            .await
            .contains("Moved to Colony 2")
    );
    let later = app
        .json(
            Method::POST,
            &events,
            &json!({"kind": "visit_denied", "date": "2025-05-01", "level": "restricted",
                    "source": {"url": "https://example.org/transfer"}}),
            Some(&token),
        )
        .await;
    assert_eq!(later.status, StatusCode::CREATED, "{}", later.body);
    assert!(
        !public_outputs(&app, person)
            .await
            .contains("Moved to Colony 2")
    );

    // Staff cannot make it public again while a restricted event cites it.
    let id = app
        .state
        .store
        .registry()
        .await
        .unwrap()
        .sources
        .iter()
        .find(|s| s.data.url.as_deref() == Some("https://example.org/transfer"))
        .unwrap()
        .id;
    let (head, _) = app.state.store.head().await.unwrap();
    let refused = app
        .json(
            Method::PUT,
            &format!("/api/v1/sources/{id}"),
            &json!({"url": "https://example.org/transfer", "title": "Moved to Colony 2",
                    "level": "public"}),
            Some(&token),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("cited by a record that is restricted"),
        "{}",
        refused.body
    );
    assert_eq!(
        app.state.store.head().await.unwrap().0,
        head,
        "nothing written"
    );
    assert!(app.state.store.verify_audit().await.unwrap().is_ok());
}
on_both!(
    a_source_is_never_published_by_being_reused,
    a_source_is_never_published_by_being_reused
);
