//! Staff login, sessions, CSRF, throttling and the workspace's first page.

use axum::http::{StatusCode, header};
use habeas::accounts::hash_password;
use habeas::domain::{Login, Password, Role};

use crate::helpers::{TestDb, on_both, stamp};
use crate::web::{Page, TestApp};

const PASSWORD: &str = "correct horse battery staple";

async fn app_with_editor(db: &TestDb) -> TestApp {
    let app = TestApp::new(db).await;
    let hash = hash_password(&Password::parse(PASSWORD).unwrap()).unwrap();
    app.state
        .store
        .add_user(
            &stamp(),
            &Login::parse("leyla").unwrap(),
            Role::Editor,
            &hash,
        )
        .await
        .unwrap();
    app
}

fn set_cookies(page: &Page) -> Vec<String> {
    page.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

fn cookie_value(page: &Page, name: &str) -> Option<String> {
    page.cookie(name)
}

/// Opens the login form; returns its CSRF token (also its cookie).
async fn login_form(app: &TestApp) -> String {
    let form = app.get("/login").await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = cookie_value(&form, "habeas_login_csrf").unwrap();
    assert!(
        form.body
            .contains(&format!("name=\"csrf\" value=\"{csrf}\""))
    );
    csrf
}

async fn login(app: &TestApp, login: &str, password: &str) -> Page {
    app.log_in(login, password).await
}

/// Logs in and returns the session cookie header value.
async fn signed_in(app: &TestApp) -> String {
    let page = login(app, "leyla", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.headers.get(header::LOCATION).unwrap(), "/staff/");
    let session = set_cookies(&page)
        .into_iter()
        .find(|c| c.starts_with("habeas_session="))
        .unwrap();
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Strict"),
        "{session}"
    );
    format!(
        "habeas_session={}",
        cookie_value(&page, "habeas_session").unwrap()
    )
}

fn csrf_of(workspace: &Page) -> String {
    workspace
        .body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

async fn staff_log_in_see_the_workspace_and_log_out(db: &TestDb) {
    let app = app_with_editor(db).await;
    let anonymous = app.get("/staff/").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.headers.get(header::LOCATION).unwrap(), "/login");

    let cookie = signed_in(&app).await;
    let workspace = app.get_with("/staff/", &[(header::COOKIE, &cookie)]).await;
    assert_eq!(workspace.status, StatusCode::OK);
    assert!(
        workspace
            .body
            .contains("Signed in as <strong>leyla</strong> (editor)"),
        "{}",
        workspace.body
    );
    assert!(
        workspace.body.contains("create user 1"),
        "recent changes are listed"
    );
    assert_eq!(
        workspace.headers.get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );

    // Logging out needs the session's CSRF token; without it nothing changes.
    let refused = app.post("/logout", "csrf=wrong", &cookie).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get_with("/staff/", &[(header::COOKIE, &cookie)])
            .await
            .status,
        StatusCode::OK
    );
    let out = app
        .post("/logout", &format!("csrf={}", csrf_of(&workspace)), &cookie)
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_with("/staff/", &[(header::COOKIE, &cookie)])
            .await
            .status,
        StatusCode::SEE_OTHER,
        "the old cookie is dead"
    );
}
on_both!(
    staff_log_in_see_the_workspace_and_log_out,
    staff_log_in_see_the_workspace_and_log_out
);

async fn a_wrong_password_and_an_unknown_login_look_the_same(db: &TestDb) {
    let app = app_with_editor(db).await;
    let wrong = login(&app, "leyla", "not the password at all").await;
    let unknown = login(&app, "nobody", "not the password at all").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, wrong.status);
    let strip = |p: &Page| {
        p.body
            .replace("nobody", "leyla")
            .split("name=\"csrf\" value=\"")
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(strip(&wrong), strip(&unknown));
    assert!(wrong.body.contains("The login or the password is wrong."));
    assert!(cookie_value(&wrong, "habeas_session").is_none());

    app.state
        .store
        .disable_user(&stamp(), &Login::parse("leyla").unwrap())
        .await
        .unwrap();
    let disabled = login(&app, "leyla", PASSWORD).await;
    assert_eq!(
        disabled.status,
        StatusCode::UNAUTHORIZED,
        "a disabled account cannot log in"
    );
}
on_both!(
    a_wrong_password_and_an_unknown_login_look_the_same,
    a_wrong_password_and_an_unknown_login_look_the_same
);

async fn a_login_without_the_forms_token_is_refused(db: &TestDb) {
    let app = app_with_editor(db).await;
    let csrf = login_form(&app).await;
    for (form, cookies) in [
        (
            format!("login=leyla&password={}", PASSWORD.replace(' ', "+")),
            format!("habeas_login_csrf={csrf}"),
        ),
        (
            format!(
                "login=leyla&password={}&csrf={csrf}",
                PASSWORD.replace(' ', "+")
            ),
            String::new(),
        ),
        (
            format!(
                "login=leyla&password={}&csrf=forged",
                PASSWORD.replace(' ', "+")
            ),
            format!("habeas_login_csrf={csrf}"),
        ),
    ] {
        let page = app.post("/login", &form, &cookies).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{form} / {cookies}");
        assert!(cookie_value(&page, "habeas_session").is_none());
    }
}
on_both!(
    a_login_without_the_forms_token_is_refused,
    a_login_without_the_forms_token_is_refused
);

async fn ten_failures_bring_a_growing_refusal(db: &TestDb) {
    let app = app_with_editor(db).await;
    for _ in 0..10 {
        assert_eq!(
            login(&app, "leyla", "guess guess guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let refused = login(&app, "leyla", PASSWORD).await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(
        refused
            .body
            .contains("Too many failed attempts. Try again in 1 minute(s)."),
        "{}",
        refused.body
    );
    app.time.fetch_add(61, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        login(&app, "leyla", "guess guess guess").await.status,
        StatusCode::UNAUTHORIZED
    );
    let longer = login(&app, "leyla", PASSWORD).await;
    assert!(
        longer.body.contains("Try again in 2 minute(s)."),
        "the delay grows: {}",
        longer.body
    );
    app.time.fetch_add(121, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        login(&app, "leyla", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}
on_both!(
    ten_failures_bring_a_growing_refusal,
    ten_failures_bring_a_growing_refusal
);

async fn sessions_end_when_idle_too_long_and_everywhere_on_request(db: &TestDb) {
    let app = app_with_editor(db).await;
    let first = signed_in(&app).await;
    let second = signed_in(&app).await;
    app.time
        .fetch_add(29 * 60, std::sync::atomic::Ordering::SeqCst);
    let workspace = app.get_with("/staff/", &[(header::COOKIE, &first)]).await;
    assert_eq!(workspace.status, StatusCode::OK, "29 minutes idle is fine");
    let out = app
        .post(
            "/staff/logout-everywhere",
            &format!("csrf={}", csrf_of(&workspace)),
            &first,
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_with("/staff/", &[(header::COOKIE, &second)])
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    let third = signed_in(&app).await;
    app.time
        .fetch_add(31 * 60, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        app.get_with("/staff/", &[(header::COOKIE, &third)])
            .await
            .status,
        StatusCode::SEE_OTHER,
        "idle timeout"
    );

    // Sessions nobody comes back to are purged at the next login, not kept forever.
    let abandoned = [signed_in(&app).await, signed_in(&app).await];
    assert_eq!(abandoned.len(), 2);
    assert_eq!(app.state.store.session_count().await.unwrap(), 2);
    app.time
        .fetch_add(31 * 60, std::sync::atomic::Ordering::SeqCst);
    signed_in(&app).await;
    assert_eq!(
        app.state.store.session_count().await.unwrap(),
        1,
        "only the new session is left"
    );
}
on_both!(
    sessions_end_when_idle_too_long_and_everywhere_on_request,
    sessions_end_when_idle_too_long_and_everywhere_on_request
);

async fn the_first_admin_is_created_once_through_the_setup_link(db: &TestDb) {
    let app = TestApp::new(db).await;
    let path = app.state.setup_link().await.unwrap().unwrap();
    assert_eq!(
        app.get("/setup/not-the-token").await.status,
        StatusCode::NOT_FOUND
    );
    let form = app.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = cookie_value(&form, "habeas_login_csrf").unwrap();
    let cookies = format!("habeas_login_csrf={csrf}");
    let post = |password: &str, again: &str| {
        format!("login=admin&password={password}&again={again}&csrf={csrf}")
    };

    let differ = app
        .post(
            &path,
            &post("long+enough+password", "another+long+one"),
            &cookies,
        )
        .await;
    assert_eq!(differ.status, StatusCode::BAD_REQUEST);
    assert!(differ.body.contains("The two passwords differ."));
    let short = app.post(&path, &post("short", "short"), &cookies).await;
    assert!(short.body.contains("12 to 256"), "{}", short.body);
    assert_eq!(
        app.post(
            &path,
            &post("long+enough+password", "long+enough+password"),
            ""
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    let made = app
        .post(
            &path,
            &post("long+enough+password", "long+enough+password"),
            &cookies,
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let session = format!(
        "habeas_session={}",
        cookie_value(&made, "habeas_session").unwrap()
    );
    // Admins must use a second factor: the new admin is sent to set one up first.
    let workspace = app.get_with("/staff/", &[(header::COOKIE, &session)]).await;
    assert_eq!(
        workspace.headers.get(header::LOCATION).unwrap(),
        "/staff/account/two-factor"
    );
    let enrol = app
        .get_with("/staff/account/two-factor", &[(header::COOKIE, &session)])
        .await;
    assert!(
        enrol.body.contains("Signed in as admin")
            && enrol.body.contains("must use a second factor"),
        "{}",
        enrol.body
    );

    // Spent: the link, and any new one, no longer work once an account exists.
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.post(
            &path,
            &post("long+enough+password", "long+enough+password"),
            &cookies
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert!(app.state.setup_link().await.unwrap().is_none());
    let users = app.state.store.users().await.unwrap();
    assert_eq!((users.len(), users[0].role), (1, Role::Admin));
}
on_both!(
    the_first_admin_is_created_once_through_the_setup_link,
    the_first_admin_is_created_once_through_the_setup_link
);

async fn staff_see_what_their_role_reads_beside_the_public_page(db: &TestDb) {
    let app = app_with_editor(db).await;
    let hash = hash_password(&Password::parse(PASSWORD).unwrap()).unwrap();
    app.state
        .store
        .add_user(
            &stamp(),
            &Login::parse("vera").unwrap(),
            Role::Viewer,
            &hash,
        )
        .await
        .unwrap();
    let p = app
        .state
        .store
        .add_person(&stamp(), &crate::store::person("Leyla Məmmədova"))
        .await
        .unwrap();
    let mut hidden = crate::store::person("Rəşad Həsənov");
    hidden.level = habeas::domain::Level::Internal;
    let hidden = app.state.store.add_person(&stamp(), &hidden).await.unwrap();
    // Without a second factor an editor reads up to internal only.
    let plain = signed_in(&app).await;
    let page = app
        .get_with(
            &format!("/staff/people/{}", p.0),
            &[(header::COOKIE, &plain)],
        )
        .await;
    assert!(page.body.contains("Family visits on Tuesdays."));
    assert!(
        !page.body.contains("sister +994 50 000 00 00"),
        "restricted data needs a second factor"
    );
    let edit = app
        .get_with(
            &format!("/staff/people/{}/edit", p.0),
            &[(header::COOKIE, &plain)],
        )
        .await;
    assert_eq!(edit.status, StatusCode::FORBIDDEN);
    assert!(edit.body.contains("second factor"), "{}", edit.body);
    assert!(!edit.body.contains("sister +994"));
    let editor = app.session_of("leyla").await;
    let page = app
        .get_with(
            &format!("/staff/people/{}", p.0),
            &[(header::COOKIE, &editor)],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Family visits on Tuesdays."),
        "internal notes"
    );
    assert!(
        page.body.contains("sister +994 50 000 00 00"),
        "an editor reads restricted contacts"
    );
    assert!(page.body.contains("Public page") && page.body.contains(&format!("/people/{}", p.0)));
    assert_eq!(page.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");

    let viewer_login = app.log_in("vera", PASSWORD).await;
    let viewer = format!(
        "habeas_session={}",
        cookie_value(&viewer_login, "habeas_session").unwrap()
    );
    let seen = app
        .get_with(
            &format!("/staff/people/{}", p.0),
            &[(header::COOKIE, &viewer)],
        )
        .await;
    assert!(
        seen.body.contains("Family visits on Tuesdays."),
        "a viewer reads internal notes"
    );
    assert!(
        !seen.body.contains("+994"),
        "a viewer never sees restricted contacts"
    );
    let internal = app
        .get_with(
            &format!("/staff/people/{}", hidden.0),
            &[(header::COOKIE, &viewer)],
        )
        .await;
    assert_eq!(internal.status, StatusCode::OK);
    assert!(
        internal.body.contains("Not public"),
        "the preview says the person is not public"
    );
    assert_eq!(
        app.get_with("/staff/people/999", &[(header::COOKIE, &viewer)])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/staff/people/{}", p.0)).await.status,
        StatusCode::SEE_OTHER
    );
}
on_both!(
    staff_see_what_their_role_reads_beside_the_public_page,
    staff_see_what_their_role_reads_beside_the_public_page
);
