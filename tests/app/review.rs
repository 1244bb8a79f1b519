//! The review queue in the workspace: a reviewer reads proposals beside their article,
//! accepts (the registry changes) or rejects with a reason (it does not); a form
//! without its token changes nothing; a refused decision says why.

use axum::http::{StatusCode, header};
use habeas::domain::{Date, EventKind, PartialDate, Role, status_at};

use crate::helpers::{TestDb, on_both, stamp};
use crate::web::TestApp;

fn articles() -> String {
    format!(
        "{}/tests/fixtures/articles/first-set",
        env!("CARGO_MANIFEST_DIR")
    )
}

async fn proposal_id(app: &TestApp, name: &str) -> i64 {
    app.state
        .store
        .proposals(None, 1000)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.finding.name == name)
        .unwrap_or_else(|| panic!("no proposal for {name}"))
        .id
}

async fn a_reviewer_decides_proposals_beside_their_article(db: &TestDb) {
    db.ok(&["ingest", &articles()]);
    let app = TestApp::new(db).await;
    app.add_user("rauf", Role::Reviewer).await;
    let cookie = app.session_of("rauf").await;
    let with = [(header::COOKIE, cookie.as_str())];

    let workspace = app.get_with("/staff/", &with).await;
    assert!(workspace.body.contains("href=\"/staff/proposals\""));
    let list = app.get_with("/staff/proposals", &with).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(
        list.body
            .matches("<tr><td><a href=\"/staff/proposals/")
            .count(),
        18
    );
    assert!(list.body.contains("Ramin Guseynov") && list.body.contains("new person"));

    // The article beside the finding, the sentence it was read from marked.
    let tural = proposal_id(&app, "Tural Hasanli").await;
    let page = app
        .get_with(&format!("/staff/proposals/{tural}"), &with)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<mark id=\"evidence\">"),
        "{}",
        page.body
    );
    let marked = page.body.split("<mark id=\"evidence\">").nth(1).unwrap();
    assert!(
        marked
            .split("</mark>")
            .next()
            .unwrap()
            .contains("14 March 2026"),
        "{marked}"
    );
    assert!(page.body.contains("Caspian Rights Watch"));
    let csrf = page.csrf();

    // Without the form's token: refused, nothing written.
    let forged = app
        .post(
            &format!("/staff/proposals/{tural}/accept"),
            "person=",
            &cookie,
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(app.state.store.registry().await.unwrap().people.is_empty());

    let accepted = app
        .post(
            &format!("/staff/proposals/{tural}/accept"),
            &format!("csrf={csrf}&person="),
            &cookie,
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let registry = app.state.store.registry().await.unwrap();
    assert_eq!(registry.people.len(), 1);
    assert_eq!(registry.people[0].primary_name(), "Tural Hasanli");
    assert_eq!(registry.events.len(), 1);
    assert_eq!(
        registry.events[0].data.sources.len(),
        1,
        "the article is the source"
    );
    let after = app
        .get_with(&format!("/staff/proposals/{tural}"), &with)
        .await;
    assert!(after.body.contains("accepted by rauf"), "{}", after.body);

    // No date in the article: a date the reviewer types wrong is refused, naming it.
    let nigar = proposal_id(&app, "Nigar Rzayeva").await;
    let bad = app
        .post(
            &format!("/staff/proposals/{nigar}/accept"),
            &format!("csrf={csrf}&date=2025-13-01"),
            &cookie,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Date:") && bad.body.contains("value=\"2025-13-01\""),
        "{}",
        bad.body
    );
    let done = app
        .post(
            &format!("/staff/proposals/{nigar}/accept"),
            &format!("csrf={csrf}&date=2025-05&arrested=2023-02"),
            &cookie,
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(app.state.store.registry().await.unwrap().people.len(), 2);

    // Rejected with a reason; nothing changes.
    let elvin = proposal_id(&app, "Elvin Guliyev").await;
    let empty = app
        .post(
            &format!("/staff/proposals/{elvin}/reject"),
            &format!("csrf={csrf}&reason=+"),
            &cookie,
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let rejected = app
        .post(
            &format!("/staff/proposals/{elvin}/reject"),
            &format!("csrf={csrf}&reason=reported+elsewhere"),
            &cookie,
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    assert_eq!(app.state.store.registry().await.unwrap().people.len(), 2);
    let shown = app
        .get_with(&format!("/staff/proposals/{elvin}"), &with)
        .await;
    assert!(shown.body.contains("rejected by rauf") && shown.body.contains("reported elsewhere"));
    let pending = app.get_with("/staff/proposals", &with).await;
    assert_eq!(
        pending
            .body
            .matches("<tr><td><a href=\"/staff/proposals/")
            .count(),
        15
    );
}
on_both!(
    a_reviewer_decides_proposals_beside_their_article,
    a_reviewer_decides_proposals_beside_their_article
);

/// An appeal that says only that a defender "was detained" is accepted without a
/// date the reviewer would have to invent: the arrest is recorded as on or before the
/// appeal's day, the person counts as held from that day and not before, and a later
/// source's exact, earlier day corrects it.
async fn an_undated_detention_is_accepted_as_held_by_the_articles_day(db: &TestDb) {
    let appeal = format!(
        "{}/tests/fixtures/appeals/appeal-en.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    db.ok(&["ingest", &appeal]);
    let app = TestApp::new(db).await;
    app.add_user("rauf", Role::Reviewer).await;
    let cookie = app.session_of("rauf").await;
    let with = [(header::COOKIE, cookie.as_str())];
    let id = proposal_id(&app, "Elmar Zeynalli").await;
    let page = app.get_with(&format!("/staff/proposals/{id}"), &with).await;
    let csrf = page.csrf();
    let accepted = app
        .post(
            &format!("/staff/proposals/{id}/accept"),
            &format!("csrf={csrf}&person="),
            &cookie,
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);

    let store = &app.state.store;
    let registry = store.registry().await.unwrap();
    let arrest = &registry.events[0];
    assert_eq!(arrest.data.kind, EventKind::Arrested);
    let by = PartialDate::parse("..2026-06-12").unwrap();
    assert_eq!(arrest.data.date, by, "the appeal's day, as a bound");
    assert_eq!(registry.cases[0].charges[0].article, "206.3.2");
    let day = |d: &str| Date::parse(d).unwrap();
    let held_on = |r: &habeas::store::Registry, d: &str| {
        status_at(&r.events, day(d)).map(|s| s.as_str().to_string())
    };
    assert_eq!(held_on(&registry, "2026-06-11"), None);
    assert_eq!(
        held_on(&registry, "2026-06-12").as_deref(),
        Some("detained_pretrial")
    );

    // A later source gives the day: the arrest moves to it, and nothing else changes.
    let mut exact = arrest.data.clone();
    exact.date = PartialDate::parse("2026-05-30").unwrap();
    store
        .update_event(&stamp(), arrest.id, &exact, &[])
        .await
        .unwrap();
    let registry = store.registry().await.unwrap();
    assert_eq!(registry.events[0].data.date.to_string(), "2026-05-30");
    assert_eq!(
        held_on(&registry, "2026-06-01").as_deref(),
        Some("detained_pretrial")
    );
    assert!(db.ok(&["audit", "verify"]).contains("ok"));
}
on_both!(
    an_undated_detention_is_accepted_as_held_by_the_articles_day,
    an_undated_detention_is_accepted_as_held_by_the_articles_day
);
