//! Nothing acknowledged is lost: a database that fills up refuses writes with a clear
//! 507 and keeps every write that answered 201, with no id handed out twice and the
//! audit chain intact (the story of `drills/disk-full.sh`).

use std::collections::HashSet;

use axum::http::{Method, StatusCode};
use habeas::domain::Role;
use habeas::store::{OpenOptions, Store};
use serde_json::json;

use crate::helpers::TestDb;
use crate::web::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_sqlite_database_refuses_writes_and_loses_none_it_acknowledged() {
    let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
    db.store().await.close().await;
    // About 1.2 MB: full after a few dozen people with 16 KiB biographies.
    let full_at = OpenOptions {
        sqlite_max_pages: Some(300),
        ..OpenOptions::default()
    };
    let store = Store::open_with(&db.db, &db.key_file, &full_at)
        .await
        .unwrap();
    let app = std::sync::Arc::new(TestApp::with_store(store).await);
    let token = crate::api::token_for(&app, "leyla", Role::Editor).await.0;

    let bio = "x".repeat(16 * 1024);
    let mut writers = Vec::new();
    for w in 0..8 {
        let (app, token, bio) = (app.clone(), token.clone(), bio.clone());
        writers.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            for n in 0..25 {
                let name = format!("Writer {w} Person {n}");
                let input = json!({"names": [{"text": name}], "bio": {"value": bio}});
                let page = app
                    .json(Method::POST, "/api/v1/people", &input, Some(&token))
                    .await;
                let id = serde_json::from_str::<serde_json::Value>(&page.body)
                    .ok()
                    .and_then(|b| b["id"].as_i64());
                answers.push((page.status, id, name, page.body));
            }
            answers
        }));
    }
    let mut acknowledged = Vec::new();
    let mut full = 0;
    for w in writers {
        for (status, id, name, body) in w.await.unwrap() {
            match status {
                StatusCode::CREATED => acknowledged.push((id.unwrap(), name)),
                StatusCode::INSUFFICIENT_STORAGE => {
                    assert!(body.contains("disk is full"), "{body}");
                    full += 1;
                }
                other => panic!("{other}: {body}"),
            }
        }
    }
    assert!(
        acknowledged.len() >= 10,
        "{} acknowledged",
        acknowledged.len()
    );
    assert!(full >= 50, "{full} refused as full");
    drop(app);

    // A fresh process's view: a new store on the same file, without the limit.
    all_kept_once(&db, &acknowledged).await;
}

/// The real server, unable to grow any file past 2 MB (`ulimit -f`), as on a full
/// disk: the write-ahead log cannot grow, SQLite fails the write and rolls the
/// transaction back itself. Before the fix, later writes on that connection answered
/// 201 inside a transaction that never committed: lost on restart, ids given twice.
#[tokio::test]
async fn a_server_whose_disk_fills_keeps_every_write_it_acknowledged() {
    let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
    db.ok(&["user", "add", "--login", "drill", "--role", "editor"]);
    let token = db.ok(&["user", "token", "drill"]);
    let token = token.lines().last().unwrap().trim().to_string();
    let served = std::sync::Arc::new(crate::helpers::Served::start(&db, &[], Some(2048)));

    let bio = "x".repeat(30_000);
    let writers: Vec<_> = (0..6)
        .map(|w| {
            let (served, token, bio) = (served.clone(), token.clone(), bio.clone());
            std::thread::spawn(move || {
                let auth = format!("Bearer {token}");
                (0..20)
                    .map(|n| {
                        let name = format!("Writer {w} Person {n}");
                        let body = json!({"names": [{"text": name}], "bio": {"value": bio}});
                        let a = served.request(
                            "POST",
                            "/api/v1/people",
                            &[
                                ("Authorization", &auth),
                                ("Content-Type", "application/json"),
                            ],
                            &body.to_string(),
                        );
                        assert!(a.head.contains("application/json"), "{}", a.head);
                        (a.status, name, a.body)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for w in writers {
        for (status, name, body) in w.join().unwrap() {
            match status {
                201 => {
                    let saved: serde_json::Value = serde_json::from_str(&body).unwrap();
                    acknowledged.push((saved["id"].as_i64().unwrap(), name));
                }
                507 => {
                    assert!(body.contains("disk is full"), "{body}");
                    refused += 1;
                }
                other => panic!("{other}: {body}"),
            }
        }
    }
    let log = std::sync::Arc::into_inner(served).unwrap().kill();
    assert!(
        acknowledged.len() >= 5,
        "{} acknowledged: {log}",
        acknowledged.len()
    );
    assert!(refused >= 20, "{refused} refused as full");

    all_kept_once(&db, &acknowledged).await;
}

/// Every acknowledged person (id, name) is in the database, no id was given twice,
/// nothing else was written, and the chain verifies.
async fn all_kept_once(db: &TestDb, acknowledged: &[(i64, String)]) {
    let store = db.store().await;
    let reg = store.registry().await.unwrap();
    let stored: HashSet<(i64, String)> = reg
        .people
        .iter()
        .map(|p| (p.id.0, p.primary_name().to_string()))
        .collect();
    let ids: HashSet<i64> = acknowledged.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids.len(), acknowledged.len(), "an id was handed out twice");
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|a| !stored.contains(*a))
        .collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    assert_eq!(
        stored.len(),
        acknowledged.len(),
        "only what was acknowledged"
    );
    assert!(store.verify_audit().await.unwrap().is_ok());
    store.close().await;
}
