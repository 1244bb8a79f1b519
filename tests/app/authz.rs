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
    let page = if login == "admin" {
        let secret = b"an admin's secret ke";
        app.enrol(login, secret).await;
        app.log_in_with_code(login, PASSWORD, secret).await
    } else {
        app.log_in(login, PASSWORD).await
    };
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{login} logs in");
    format!("habeas_session={}", page.cookie("habeas_session").unwrap())
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
