//! A PostgreSQL outage: the database goes away behind a relay that the test cuts. Pages
//! kept in memory keep being served, what needs the database answers 503 within a few
//! seconds (not after half a minute), `/healthz` says why, and the server recovers by
//! itself when the database is back.

use std::time::Duration;

use axum::http::{Method, StatusCode, header};
use habeas::domain::Role;
use habeas::store::Store;
use serde_json::json;

use crate::helpers::{Relay, TestDb};
use crate::web::TestApp;

/// Long enough for any answer that does not hang: a bound, not a measurement.
const NO_HANG: Duration = Duration::from_secs(20);

#[tokio::test]
#[cfg_attr(
    not(habeas_pg_tests),
    ignore = "PostgreSQL: set HABEAS_TEST_PG_URL to run (.ci/run does)"
)]
async fn a_postgresql_outage_fails_fast_and_the_server_recovers() {
    let db = TestDb::new(crate::helpers::Backend::Postgres).await;
    let id = db.ok(&[
        "person",
        "add",
        "--name",
        "Leyla Məmmədova",
        "--country",
        "AZ",
    ]);
    db.ok(&[
        "case",
        "add",
        "--person",
        id.trim(),
        "--arrested",
        "2024-03-01",
    ]);

    // The same database, reached through the relay.
    let (before, rest) = db.db.split_once('@').unwrap();
    let (server, name) = rest.split_once('/').unwrap();
    let relay = Relay::to(server).await;
    let url = format!("{before}@{}/{name}", relay.addr);
    let store = Store::open(&url, &db.key_file).await.unwrap();
    let app = TestApp::with_store(store).await;
    app.refresh().await;
    let token = crate::api::token_for(&app, "leyla", Role::Editor).await.0;
    let person = format!("/people/{}", id.trim());
    assert_eq!(app.get(&person).await.status, StatusCode::OK);

    relay.cut().await;
    let during = tokio::time::timeout(NO_HANG, async {
        let list = app.get("/").await;
        assert_eq!(list.status, StatusCode::OK, "the list is kept in memory");
        assert!(list.body.contains("Leyla Məmmədova"));
        let page = app.get(&person).await;
        assert_eq!(
            page.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            page.body
        );
        assert_eq!(page.headers.get(header::RETRY_AFTER).unwrap(), "5");
        assert!(page.body.contains("not answering"), "{}", page.body);
        let health = app.get("/healthz").await;
        assert_eq!(health.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            health
                .body
                .starts_with("unavailable: the database is not answering"),
            "{}",
            health.body
        );
        let write = app
            .json(
                Method::POST,
                "/api/v1/people",
                &json!({"names": [{"text": "Anar Əliyev"}]}),
                Some(&token),
            )
            .await;
        assert_eq!(
            write.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            write.body
        );
    })
    .await;
    assert!(during.is_ok(), "a request hung while the database was away");

    relay.restore().await;
    let after = tokio::time::timeout(NO_HANG, async {
        assert_eq!(app.get("/healthz").await.body, "ok\n");
        assert_eq!(app.get(&person).await.status, StatusCode::OK);
        let write = app
            .json(
                Method::POST,
                "/api/v1/people",
                &json!({"names": [{"text": "Anar Əliyev"}]}),
                Some(&token),
            )
            .await;
        assert_eq!(write.status, StatusCode::CREATED, "{}", write.body);
    })
    .await;
    assert!(after.is_ok(), "a request hung after the database came back");
    drop(app);
    db.finish().await;
}
