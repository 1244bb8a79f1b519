//! The Atom feed of public changes: valid Atom 1.0 (read back by a feed parser), newest
//! first, with ids that stay the same when the feed is made again and when the record
//! grows; per-country feeds hold that country only.

use std::str::FromStr;

use atom_syndication::Feed;
use axum::http::StatusCode;

use crate::helpers::{TestDb, on_both, stamp};
use crate::web::TestApp;

async fn read(app: &TestApp, uri: &str) -> Feed {
    let page = app.get(uri).await;
    assert_eq!(page.status, StatusCode::OK, "{uri}");
    assert!(
        page.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    Feed::from_str(&page.body).unwrap_or_else(|e| panic!("{uri} is not Atom: {e}\n{}", page.body))
}

fn ids(feed: &Feed) -> Vec<String> {
    feed.entries().iter().map(|e| e.id().to_string()).collect()
}

async fn the_feed_is_atom_with_stable_ids_and_per_country(db: &TestDb) {
    db.ok(&["demo", "--people", "200", "--seed", "3"]);
    let app = TestApp::new(db).await;
    app.refresh().await;

    let first = read(&app, "/feed.atom").await;
    let entries = first.entries();
    assert!(
        !entries.is_empty() && entries.len() <= 100,
        "{}",
        entries.len()
    );
    let mut unique = ids(&first);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), entries.len(), "ids are unique");
    assert!(
        ids(&first)
            .iter()
            .all(|i| i.starts_with("urn:habeas:event:"))
    );
    let updated: Vec<_> = entries.iter().map(|e| *e.updated()).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(*first.updated(), updated[0]);
    assert!(
        entries
            .iter()
            .all(|e| e.links()[0].href().starts_with("http://"))
    );

    // Made again: the same entries, the same ids.
    let again = read(&app, "/feed.atom").await;
    assert_eq!(ids(&again), ids(&first));

    // A new arrest today comes first; the entries before it keep their ids.
    let person = app
        .state
        .store
        .add_person(&stamp(), &crate::store::person("Zaur Qurbanli"))
        .await
        .unwrap();
    let today = crate::helpers::today().to_string();
    app.state
        .store
        .add_case(&stamp(), &crate::store::case(person, &today))
        .await
        .unwrap();
    app.refresh().await;
    let grown = read(&app, "/feed.atom").await;
    assert!(
        grown.entries()[0]
            .title()
            .as_str()
            .starts_with("Zaur Qurbanli: Arrested")
    );
    let kept = &ids(&grown)[1..];
    assert_eq!(kept, &ids(&first)[..kept.len()]);

    // One country's feed holds that country's events only.
    let az = read(&app, "/feed.atom?country=AZ").await;
    assert!(!az.entries().is_empty());
    assert!(az.id().ends_with(":AZ"));
    assert!(
        az.entries()
            .iter()
            .all(|e| e.summary().is_some_and(|s| s.as_str().ends_with("(AZ)")))
    );
    assert_eq!(
        app.get("/feed.atom?country=ZZZ").await.status,
        StatusCode::BAD_REQUEST
    );
}
on_both!(
    the_feed_is_atom_with_stable_ids_and_per_country,
    the_feed_is_atom_with_stable_ids_and_per_country
);
