//! The workspace's panels (hearings, expected releases, stale cases) and its search,
//! each limited to what the role reads. Today is 2026-11-29 in every test.

use axum::http::{StatusCode, header};
use habeas::domain::*;

use crate::helpers::{TestDb, on_both, stamp};
use crate::store::{case, event, person};
use crate::web::{Page, TestApp};

async fn signed_in(app: &TestApp, role: Role) -> String {
    app.add_user(role.as_str(), role).await;
    app.session_of(role.as_str()).await
}

/// The names listed in the dashboard section with this id, in order.
fn panel(page: &Page, id: &str) -> Vec<String> {
    let section = page
        .body
        .split(&format!("<section class=\"panel\" id=\"{id}\">"))
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap();
    section
        .split("\">")
        .skip(1)
        .filter_map(|s| s.split("</a>").next())
        .filter(|s| !s.contains('<'))
        .map(String::from)
        .collect()
}

async fn named(app: &TestApp, name: &str, level: Level, arrested: &str) -> (PersonId, CaseId) {
    let mut p = person(name);
    p.level = level;
    let store = &app.state.store;
    let id = store.add_person(&stamp(), &p).await.unwrap();
    let mut c = case(id, arrested);
    c.level = level;
    let case = store.add_case(&stamp(), &c).await.unwrap();
    (id, case)
}

async fn the_panels_show_what_is_coming_and_what_went_quiet(db: &TestDb) {
    let app = TestApp::new(db).await;
    let store = std::sync::Arc::clone(&app.state.store);
    // A hearing in 6 days, named by the latest event that names one.
    let (_, soon) = named(&app, "Leyla Məmmədova", Level::Public, "2026-01-10").await;
    let mut h = event(soon, EventKind::Hearing, "2026-11-01");
    h.next_hearing = Some(PartialDate::parse("2026-12-05").unwrap());
    store.add_event(&stamp(), &h, &[]).await.unwrap();
    // A hearing too far ahead, and one that a later event moved out of the window.
    let (_, far) = named(&app, "Tofiq Səfərov", Level::Public, "2026-02-01").await;
    let mut h = event(far, EventKind::Hearing, "2026-11-20");
    h.next_hearing = Some(PartialDate::parse("2027-03-01").unwrap());
    store.add_event(&stamp(), &h, &[]).await.unwrap();
    // Seven years from 2020-01-01: out on 2027-01-01, within 60 days; and silent
    // since the sentence, so stale too.
    let (_, long) = named(&app, "Anar Məmmədli", Level::Public, "2020-01-01").await;
    let mut s = event(long, EventKind::Sentenced, "2020-06-01");
    s.sentence_months = Some(84);
    store.add_event(&stamp(), &s, &[]).await.unwrap();
    // Released: on no panel, however old.
    let (_, out) = named(&app, "Günel Quliyeva", Level::Public, "2019-03-01").await;
    let mut r = event(out, EventKind::Released, "2019-09-01");
    r.release_reason = Some(ReleaseReason::Pardoned);
    store.add_event(&stamp(), &r, &[]).await.unwrap();
    // Restricted: a hearing in 2 days that only admins and editors may see.
    let (_, secret) = named(&app, "Elçin Nəsirov", Level::Restricted, "2026-11-01").await;
    let mut h = event(secret, EventKind::Hearing, "2026-11-20");
    h.next_hearing = Some(PartialDate::parse("2026-12-01").unwrap());
    h.level = Level::Restricted;
    store.add_event(&stamp(), &h, &[]).await.unwrap();
    app.refresh().await;

    let editor = signed_in(&app, Role::Editor).await;
    let page = app.get_with("/staff/", &[(header::COOKIE, &editor)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        panel(&page, "hearings"),
        vec!["Elçin Nəsirov", "Leyla Məmmədova"],
        "soonest first"
    );
    assert!(page.body.contains("<time>2026-12-05</time>"));
    assert_eq!(panel(&page, "releases"), vec!["Anar Məmmədli"]);
    assert!(page.body.contains("<time>2027-01-01</time>"));
    assert_eq!(panel(&page, "stale"), vec!["Anar Məmmədli"]);

    let viewer = signed_in(&app, Role::Viewer).await;
    let page = app.get_with("/staff/", &[(header::COOKIE, &viewer)]).await;
    assert_eq!(panel(&page, "hearings"), vec!["Leyla Məmmədova"]);
    assert!(!page.body.contains("Elçin"), "restricted stays hidden");

    // The arrest of 2026-05-01 goes stale once six months pass without news.
    let (_, quiet) = named(&app, "Rauf Mirqədirov", Level::Internal, "2026-05-01").await;
    let _ = quiet;
    app.refresh().await;
    let page = app.get_with("/staff/", &[(header::COOKIE, &viewer)]).await;
    assert_eq!(
        panel(&page, "stale"),
        vec!["Anar Məmmədli", "Rauf Mirqədirov"],
        "longest silence first"
    );
}
on_both!(
    the_panels_show_what_is_coming_and_what_went_quiet,
    the_panels_show_what_is_coming_and_what_went_quiet
);

/// The names found by a staff search.
fn hits(page: &Page) -> Vec<(String, String)> {
    page.body
        .split("<ul class=\"hits\">")
        .nth(1)
        .and_then(|s| s.split("</ul>").next())
        .unwrap_or("")
        .split("<li>")
        .skip(1)
        .map(|li| {
            let name = li
                .split("\">")
                .nth(1)
                .unwrap()
                .split("</a>")
                .next()
                .unwrap();
            let found = li.split("(").nth(1).unwrap().split(')').next().unwrap();
            (name.to_string(), found.to_string())
        })
        .collect()
}

async fn search_finds_every_spelling_and_case_text_the_role_reads(db: &TestDb) {
    let app = TestApp::new(db).await;
    let store = std::sync::Arc::clone(&app.state.store);
    let mut p = person("Leyla Məmmədova");
    p.names.push(PersonName::new(
        NameText::parse("Лейла Мамедова").unwrap(),
        NameKind::Transliteration,
    ));
    let leyla = store.add_person(&stamp(), &p).await.unwrap();
    store
        .add_case(&stamp(), &case(leyla, "2024-03-01"))
        .await
        .unwrap();
    let mut secret = person("Elçin Mamedov");
    secret.level = Level::Restricted;
    store.add_person(&stamp(), &secret).await.unwrap();
    app.refresh().await;

    let viewer = signed_in(&app, Role::Viewer).await;
    let search = |q: &str| {
        let uri = format!("/staff/search?q={q}");
        let cookie = viewer.clone();
        let app = &app;
        async move { app.get_with(&uri, &[(header::COOKIE, &cookie)]).await }
    };
    let by_cyrillic = search("%D0%BC%D0%B0%D0%BC%D0%B5%D0%B4%D0%BE%D0%B2%D0%B0").await;
    assert_eq!(by_cyrillic.status, StatusCode::OK);
    assert_eq!(
        hits(&by_cyrillic),
        vec![("Leyla Məmmədova".to_string(), "name".to_string())],
        "мамедова finds her"
    );
    assert_eq!(
        hits(&search("MAMEDOV").await),
        vec![("Leyla Məmmədova".to_string(), "name".to_string())],
        "the restricted Elçin Mamedov stays hidden from a viewer"
    );
    assert_eq!(
        hits(&search("smuggling+206.3.2").await),
        vec![("Leyla Məmmədova".to_string(), "case".to_string())]
    );
    assert!(hits(&search("nobody").await).is_empty());
    let editor = signed_in(&app, Role::Editor).await;
    let page = app
        .get_with("/staff/search?q=mamedov", &[(header::COOKIE, &editor)])
        .await;
    assert_eq!(hits(&page).len(), 2, "editors read restricted records");
    let anonymous = app.get("/staff/search?q=mamedov").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
}
on_both!(
    search_finds_every_spelling_and_case_text_the_role_reads,
    search_finds_every_spelling_and_case_text_the_role_reads
);

async fn a_restricted_event_gives_no_date_to_roles_that_read_internal(db: &TestDb) {
    let app = TestApp::new(db).await;
    let store = std::sync::Arc::clone(&app.state.store);
    let (_, case) = named(&app, "Leyla Məmmədova", Level::Public, "2026-01-10").await;
    let mut h = event(case, EventKind::Hearing, "2026-11-01");
    h.next_hearing = Some(PartialDate::parse("2026-12-03").unwrap());
    h.level = Level::Restricted;
    store.add_event(&stamp(), &h, &[]).await.unwrap();
    app.refresh().await;
    let editor = signed_in(&app, Role::Editor).await;
    let page = app.get_with("/staff/", &[(header::COOKIE, &editor)]).await;
    assert_eq!(panel(&page, "hearings"), vec!["Leyla Məmmədova"]);
    let viewer = signed_in(&app, Role::Viewer).await;
    let page = app.get_with("/staff/", &[(header::COOKIE, &viewer)]).await;
    assert!(
        panel(&page, "hearings").is_empty(),
        "the hearing is in a restricted event"
    );
    assert!(!page.body.contains("2026-12-03"));
}
on_both!(
    a_restricted_event_gives_no_date_to_roles_that_read_internal,
    a_restricted_event_gives_no_date_to_roles_that_read_internal
);
