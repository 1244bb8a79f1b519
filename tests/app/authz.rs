//! The authorisation matrix: every route the router has (taken from `web::routes`, so a
//! new route is covered the day it is added), for anonymous visitors and every role,
//! answers as its access rule says.

use axum::http::{Method, StatusCode, header};
use habeas::accounts::hash_password;
use habeas::domain::{Login, Password, Role};
use habeas::web::{Access, routes};

use crate::helpers::{TestDb, on_both, stamp};
use crate::store::{case, person};
use crate::web::{Page, TestApp};

const PASSWORD: &str = "correct horse battery staple";

/// Logs `login` in and returns its session cookie. Admins must use a second factor
/// (the default policy), so theirs is enrolled first.
async fn session_of(app: &TestApp, login: &str) -> String {
    app.session_of(login).await
}

/// What a route should answer: for `Anyone` routes the same to everyone, for `Staff`
/// routes a redirect to the login for anonymous visitors.
fn expected(access: Access, method: &Method, probe: &str, role: Option<Role>) -> StatusCode {
    match (access, role.is_some()) {
        // The write API takes tokens, never cookies.
        (Access::Token(_), _) => StatusCode::UNAUTHORIZED,
        (Access::Staff | Access::May(_), false) => StatusCode::SEE_OTHER,
        (Access::May(action), true) if role.is_some_and(|r| !r.may(action)) => {
            StatusCode::FORBIDDEN
        }
        (Access::May(_), true) if *method == Method::POST => StatusCode::FORBIDDEN,
        (Access::May(_), true) => StatusCode::OK,
        // A staff form posted without its CSRF token changes nothing.
        (Access::Staff, true) if *method == Method::POST => StatusCode::FORBIDDEN,
        (Access::Staff, true) => StatusCode::OK,
        // The probe's setup token is not the live one; the code form needs a pending login.
        (Access::Anyone, _) if probe == "/login/two-factor" => StatusCode::FORBIDDEN,
        (Access::Anyone, _) if probe.starts_with("/setup/") => StatusCode::NOT_FOUND,
        (Access::Anyone, _) if *method == Method::POST => StatusCode::FORBIDDEN,
        (Access::Anyone, _) => StatusCode::OK,
    }
}

async fn every_route_answers_each_role_as_its_access_says(db: &TestDb) {
    let app = TestApp::new(db).await;
    let p = app
        .state
        .store
        .add_person(&stamp(), &person("Leyla Məmmədova"))
        .await
        .unwrap();
    app.state
        .store
        .add_case(&stamp(), &case(p, "2024-03-01"))
        .await
        .unwrap();
    app.state
        .store
        .add_source(
            &stamp(),
            &habeas::domain::NewSource::from_url("https://example.org/news/1").unwrap(),
        )
        .await
        .unwrap();
    // Proposal 1, from an article read by ingest.
    let article = habeas::ingest::read_article(
        b"Police detained the blogger Zaur Qurbanli on 3 May 2025.",
        None,
        false,
        &[],
    )
    .unwrap();
    let stored = app
        .state
        .store
        .add_article(
            &stamp(),
            &habeas::store::NewArticle {
                origin: "statement.txt",
                url: None,
                article: &article,
                candidates: &[None],
                level: habeas::domain::Level::Internal,
            },
        )
        .await
        .unwrap();
    assert_eq!(stored.proposals, [1]);
    // Campaign 1, active, about the person.
    crate::campaigns::save(
        &app.state.store,
        &[p.0],
        habeas::campaign::CampaignStatus::Active,
    )
    .await;
    app.refresh().await;
    let hash = hash_password(&Password::parse(PASSWORD).unwrap()).unwrap();
    let mut visitors: Vec<(String, Option<Role>, Option<String>)> =
        vec![("anonymous".into(), None, None)];
    for role in Role::ALL {
        let login = Login::parse(role.as_str()).unwrap();
        app.state
            .store
            .add_user(&stamp(), &login, *role, &hash)
            .await
            .unwrap();
        visitors.push((
            role.as_str().to_string(),
            Some(*role),
            Some(session_of(&app, role.as_str()).await),
        ));
    }
    let specs: Vec<_> = routes().into_iter().map(|(spec, _)| spec).collect();
    assert!(specs.len() >= 21, "the table lists every route");
    assert!(
        specs
            .iter()
            .filter(|s| s.method == Method::POST && s.path.starts_with("/staff/"))
            .all(|s| s.access != Access::Anyone),
        "no staff form is open to anyone"
    );
    for spec in &specs {
        for (who, role, cookie) in &visitors {
            let cookies = cookie.clone().unwrap_or_default();
            let page: Page = if spec.method == Method::GET {
                app.get_with(spec.probe, &[(header::COOKIE, &cookies)])
                    .await
            } else {
                app.send_method(spec.method.clone(), spec.probe, "", &cookies)
                    .await
            };
            let want = expected(spec.access, &spec.method, spec.probe, *role);
            assert_eq!(page.status, want, "{} {} as {who}", spec.method, spec.path);
            if want == StatusCode::SEE_OTHER {
                assert_eq!(
                    page.headers.get(header::LOCATION).unwrap(),
                    "/login",
                    "{} {}",
                    spec.method,
                    spec.path
                );
            }
        }
    }
}
on_both!(
    every_route_answers_each_role_as_its_access_says,
    every_route_answers_each_role_as_its_access_says
);

/// Markers for what only some roles may read; matched without regard to case.
const INTERNAL_MARK: &str = "zqinternal";
const RESTRICTED_MARK: &str = "zqrestricted";

/// Records of every level, each text carrying the marker of the level it needs.
/// Returns the ids of people, cases, events and sources.
async fn plant_levels(store: &habeas::store::Store) -> [Vec<i64>; 4] {
    use habeas::domain::*;
    let s = stamp();
    let (r, i) = (RESTRICTED_MARK, INTERNAL_MARK);
    let mut people = Vec::new();
    let mut cases = Vec::new();
    let mut events = Vec::new();

    let mut open = person("Leyla Məmmədova");
    open.notes = Some(Leveled::new(format!("{i} note"), Level::Internal));
    open.contacts = Some(Leveled::new(format!("{r} contact"), Level::Restricted));
    open.names.push(PersonName {
        level: Level::Restricted,
        ..PersonName::new(
            NameText::parse("Zqrestricted Alias").unwrap(),
            NameKind::Alias,
        )
    });
    open.names.push(PersonName {
        level: Level::Internal,
        ..PersonName::new(
            NameText::parse("Zqinternal Alias").unwrap(),
            NameKind::Alias,
        )
    });
    let a = store.add_person(&s, &open).await.unwrap();
    people.push(a.0);
    let public_case = store.add_case(&s, &case(a, "2024-03-01")).await.unwrap();
    cases.push(public_case.0);
    let mut hidden_case = case(a, "2023-01-01");
    hidden_case.level = Level::Restricted;
    hidden_case.place = Some(format!("{r} place"));
    cases.push(store.add_case(&s, &hidden_case).await.unwrap().0);
    let mut assessed = case(a, "2022-01-01");
    assessed.assessment.as_mut().unwrap().level = Level::Restricted;
    assessed.assessment.as_mut().unwrap().reasoning = format!("{r} reasoning");
    cases.push(store.add_case(&s, &assessed).await.unwrap().0);
    for (level, mark) in [(Level::Internal, i), (Level::Restricted, r)] {
        let mut e = crate::store::event(public_case, EventKind::Transferred, "2024-04-01");
        e.level = level;
        e.details = Some(format!("{mark} details"));
        let mut src = NewSource::from_url(&format!("https://example.org/{mark}")).unwrap();
        src.title = Some(format!("{mark} title"));
        src.level = level;
        events.push(store.add_event(&s, &e, &[src]).await.unwrap().0);
    }
    for (level, name) in [
        (Level::Internal, "Zqinternal Person"),
        (Level::Restricted, "Zqrestricted Person"),
    ] {
        let mut p = person(name);
        p.level = level;
        let id = store.add_person(&s, &p).await.unwrap();
        people.push(id.0);
        let c = store.add_case(&s, &case(id, "2024-05-01")).await.unwrap();
        cases.push(c.0);
        let mut e = crate::store::event(c, EventKind::Hearing, "2024-06-01");
        e.details = Some(format!(
            "{} hearing",
            if level == Level::Restricted { r } else { i }
        ));
        events.push(store.add_event(&s, &e, &[]).await.unwrap().0);
    }
    let sources = store
        .registry()
        .await
        .unwrap()
        .sources
        .iter()
        .map(|s| s.id.0)
        .collect();
    [people, cases, events, sources]
}

/// Every address a staff GET route has for the planted records.
fn staff_urls(path: &str, ids: &[Vec<i64>; 4]) -> Vec<String> {
    let [people, cases, events, sources] = ids;
    let fill = |list: &[i64]| -> Vec<String> {
        list.iter()
            .map(|id| path.replace("{id}", &id.to_string()))
            .collect()
    };
    match path {
        "/staff/history/{entity}/{id}" => {
            let mut out = Vec::new();
            for (entity, list) in [
                ("person", people),
                ("case", cases),
                ("event", events),
                ("source", sources),
            ] {
                for id in list {
                    out.push(format!("/staff/history/{entity}/{id}"));
                }
            }
            out
        }
        p if p.starts_with("/staff/people/{id}") => fill(people),
        p if p.starts_with("/staff/cases/{id}") => fill(cases),
        p if p.starts_with("/staff/events/{id}") => fill(events),
        p if p.starts_with("/staff/sources/{id}") => fill(sources),
        // Words around the markers (a query is echoed on the page, so not the markers).
        "/staff/search" => [
            "alias",
            "person",
            "leyla",
            "details",
            "place",
            "reasoning",
            "hearing",
        ]
        .iter()
        .map(|q| format!("/staff/search?q={q}"))
        .collect(),
        p if p.contains('{') => vec![],
        p => vec![p.to_string()],
    }
}

fn csrf_of(body: &str) -> Option<String> {
    body.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .map(String::from)
}

/// Every staff page, for every planted record, as every role: no page shows a role
/// anything above what it may read; roles that read restricted data see it (so the
/// crawl would see a leak). Then every staff form posted with the session's valid
/// CSRF token: refused (403) exactly for the roles the policy refuses.
async fn every_staff_page_obeys_the_readers_level(db: &TestDb) {
    let app = TestApp::new(db).await;
    let ids = plant_levels(&app.state.store).await;
    app.refresh().await;
    let hash = hash_password(&Password::parse(PASSWORD).unwrap()).unwrap();
    let specs: Vec<_> = routes().into_iter().map(|(spec, _)| spec).collect();
    let mut pages = 0;
    // Every role, signed in as it must to read what it may (a second factor where that
    // includes restricted data), and an editor who signed in without one.
    let mut visitors = Vec::new();
    for role in Role::ALL {
        let login = Login::parse(role.as_str()).unwrap();
        app.state
            .store
            .add_user(&stamp(), &login, *role, &hash)
            .await
            .unwrap();
        visitors.push((*role, session_of(&app, role.as_str()).await, role.reads()));
    }
    let plain = Login::parse("plain-editor").unwrap();
    app.state
        .store
        .add_user(&stamp(), &plain, Role::Editor, &hash)
        .await
        .unwrap();
    visitors.push((
        Role::Editor,
        app.session_without_second_factor("plain-editor").await,
        habeas::domain::Level::Internal,
    ));
    for (role, cookie, reads) in &visitors {
        let (role, reads) = (*role, *reads);
        let with = [(header::COOKIE, cookie.as_str())];
        let mut saw_restricted = false;
        for spec in specs
            .iter()
            .filter(|s| s.method == Method::GET && s.path.starts_with("/staff/"))
        {
            for url in staff_urls(spec.path, &ids) {
                let page = app.get_with(&url, &with).await;
                assert!(
                    page.status.is_success()
                        || page.status == StatusCode::NOT_FOUND
                        || page.status == StatusCode::FORBIDDEN,
                    "{url} as {role}: {}",
                    page.status
                );
                pages += 1;
                // A record above the reader's level is not there for them at all, not
                // even its kinds and dates.
                if let Some(rest) = url.strip_prefix("/staff/history/") {
                    let (entity, id) = rest.split_once('/').unwrap();
                    let level = app
                        .state
                        .store
                        .effective_level(entity, id.parse().unwrap())
                        .await
                        .unwrap()
                        .unwrap();
                    if level > reads {
                        assert_eq!(page.status, StatusCode::NOT_FOUND, "{url} as {role}");
                    } else {
                        assert_eq!(page.status, StatusCode::OK, "{url} as {role}");
                    }
                }
                let body = page.body.to_lowercase();
                if reads < habeas::domain::Level::Restricted {
                    assert!(
                        !body.contains(RESTRICTED_MARK),
                        "{url} shows restricted data to {role}"
                    );
                } else if body.contains(RESTRICTED_MARK) {
                    saw_restricted = true;
                }
            }
        }
        assert_eq!(
            saw_restricted,
            reads == habeas::domain::Level::Restricted,
            "{role} sees restricted data where allowed"
        );
        println!(
            "crawl: {:<10} reads up to {:<10} 0 markers above it",
            role.as_str(),
            reads.as_str()
        );

        // Forms with a valid token: the policy decides, not the missing token.
        let dashboard = app.get_with("/staff/", &with).await;
        let csrf = csrf_of(&dashboard.body).expect("the workspace carries the session's token");
        for spec in specs.iter().filter(|s| {
            s.method == Method::POST && s.path.starts_with("/staff/") && !s.path.contains("logout")
        }) {
            let page = app
                .send_method(Method::POST, spec.probe, &format!("csrf={csrf}"), cookie)
                .await;
            let allowed = match spec.access {
                Access::May(action) => role.may(action),
                _ => true,
            };
            // A record holding restricted data refuses a session without a second
            // factor, saying so.
            let needs_second_factor = page.status == StatusCode::FORBIDDEN
                && reads < habeas::domain::Level::Restricted
                && page.body.contains("second factor");
            if allowed {
                assert!(
                    (page.status != StatusCode::FORBIDDEN || needs_second_factor)
                        && !page.status.is_server_error(),
                    "POST {} as {role}: {} {}",
                    spec.path,
                    page.status,
                    page.body
                );
            } else {
                assert_eq!(
                    page.status,
                    StatusCode::FORBIDDEN,
                    "POST {} as {role}",
                    spec.path
                );
            }
            if reads < habeas::domain::Level::Restricted {
                assert!(
                    !page.body.to_lowercase().contains(RESTRICTED_MARK),
                    "POST {} as {role}",
                    spec.path
                );
            }
        }
    }
    assert!(pages > 200, "{pages} pages crawled");
    println!(
        "crawl: {pages} staff pages read, {} visitors",
        visitors.len()
    );
}
on_both!(
    every_staff_page_obeys_the_readers_level,
    every_staff_page_obeys_the_readers_level
);
