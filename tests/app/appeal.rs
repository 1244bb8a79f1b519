//! From an appeal to a public record (issue 14): an appeal that gives no arrest date
//! is accepted from the command line as held by its day, stays off the public list
//! until someone publishes it, and publishing is one audited act per record.

use habeas::store::LogFilter;

use crate::helpers::{TestDb, on_both};
use crate::web::TestApp;

fn appeal() -> String {
    format!(
        "{}/tests/fixtures/appeals/appeal-en.txt",
        env!("CARGO_MANIFEST_DIR")
    )
}

async fn an_appeal_becomes_a_public_record_only_when_published(db: &TestDb) {
    let stored = db.ok(&["ingest", &appeal()]);
    assert!(
        stored.contains("stored 1 article(s) with 1 proposal(s)"),
        "{stored}"
    );
    let done = db.ok(&["proposals", "accept", "1"]);
    assert!(
        done.contains("(..2026-06-12)") && done.contains("gives no date"),
        "{done}"
    );
    let public = db.ok(&["export", "--format", "csv"]);
    assert!(!public.contains("Zeynalli"), "not public yet: {public}");
    let held = db.ok(&["list", "--level", "internal"]);
    assert!(
        held.contains("Elmar Zeynalli") && held.contains("..2026-06-12"),
        "{held}"
    );
    let before = db.ok(&["list", "--level", "internal", "--as-of", "2026-06-11"]);
    assert!(
        !before.contains("Zeynalli"),
        "not known held before: {before}"
    );

    // A source cited only by internal records cannot be made public on its own.
    let refused = db.fails(&["source", "publish", "1"]);
    assert!(
        refused.contains("cited by a record that is internal"),
        "{refused}"
    );

    let out = db.ok(&["person", "publish", "1", "--with-records"]);
    assert_eq!(out.trim(), "published person 1, case 1, event 1, source 1");
    let again = db.ok(&["person", "publish", "1", "--with-records"]);
    assert!(again.contains("already public"), "{again}");
    let public = db.ok(&["export", "--format", "csv"]);
    assert!(
        public.contains("Elmar Zeynalli") && public.contains("..2026-06-12"),
        "{public}"
    );

    let store = db.store().await;
    let log = store
        .log(&LogFilter {
            limit: 20,
            ..LogFilter::default()
        })
        .await
        .unwrap();
    let published: Vec<String> = log
        .iter()
        .filter(|c| c.action == "publish")
        .map(|c| format!("{} {}", c.entity, c.entity_id))
        .collect();
    assert_eq!(
        published,
        ["source 1", "event 1", "case 1", "person 1"],
        "one entry per record, newest first"
    );
    assert!(db.ok(&["audit", "verify"]).contains("ok"));

    // The public page says what is known: held from that day or earlier.
    let app = TestApp::new(db).await;
    let page = app.get("/people/1").await;
    assert!(
        page.body.contains("Detention from 2026-06-12 or earlier"),
        "{}",
        page.body
    );
    let ru = app.get("/people/1?lang=ru").await;
    assert!(
        ru.body.contains("не позднее чем с 2026-06-12"),
        "{}",
        ru.body
    );
}
on_both!(
    an_appeal_becomes_a_public_record_only_when_published,
    an_appeal_becomes_a_public_record_only_when_published
);

/// The workspace's publish button does what `person publish --with-records` does, as
/// one audited act, and only for a role that edits records and with the form's token.
async fn the_workspace_publishes_with_one_button(db: &TestDb) {
    db.ok(&["ingest", &appeal()]);
    db.ok(&["proposals", "accept", "1"]);
    let app = TestApp::new(db).await;
    app.add_user("vusal", habeas::domain::Role::Viewer).await;
    app.add_user("edna", habeas::domain::Role::Editor).await;
    let viewer = app.session_of("vusal").await;
    let editor = app.session_of("edna").await;
    let page = app
        .get_with(
            "/staff/people/1",
            &[(axum::http::header::COOKIE, editor.as_str())],
        )
        .await;
    assert!(
        page.body.contains("action=\"/staff/people/1/publish\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("Not public"), "{}", page.body);
    let csrf = page
        .body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();

    let forged = app
        .post("/staff/people/1/publish", "with_records=on", &editor)
        .await;
    assert_eq!(forged.status, axum::http::StatusCode::FORBIDDEN);
    let not_allowed = app
        .post(
            "/staff/people/1/publish",
            &format!("csrf={csrf}&with_records=on"),
            &viewer,
        )
        .await;
    assert_eq!(not_allowed.status, axum::http::StatusCode::FORBIDDEN);
    assert!(!db.ok(&["export", "--format", "csv"]).contains("Zeynalli"));

    let done = app
        .post(
            "/staff/people/1/publish",
            &format!("csrf={csrf}&with_records=on"),
            &editor,
        )
        .await;
    assert_eq!(
        done.status,
        axum::http::StatusCode::SEE_OTHER,
        "{}",
        done.body
    );
    assert!(app.get("/people/1").await.body.contains("Elmar Zeynalli"));
    let history = db.store().await.history("person", 1).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.actor.as_str()),
        ("publish", "edna")
    );
}
on_both!(
    the_workspace_publishes_with_one_button,
    the_workspace_publishes_with_one_button
);
