//! Two-factor authentication: admins must enrol before using the workspace, a code
//! logs in once, recovery codes work once each, and an admin chooses which roles must
//! use a second factor.

use axum::http::{StatusCode, header};
use habeas::accounts::hash_password;
use habeas::accounts::totp::{code_at, step_of, unbase32};
use habeas::domain::{Login, Password, Role};

use crate::helpers::{TestDb, on_both, stamp};
use crate::web::{Page, TestApp};

const PASSWORD: &str = "correct horse battery staple";

async fn account(app: &TestApp, login: &str, role: Role) {
    let hash = hash_password(&Password::parse(PASSWORD).unwrap()).unwrap();
    app.state
        .store
        .add_user(&stamp(), &Login::parse(login).unwrap(), role, &hash)
        .await
        .unwrap();
}

fn session(page: &Page) -> String {
    format!("habeas_session={}", page.cookie("habeas_session").unwrap())
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    text.split(start)
        .nth(1)
        .and_then(|r| r.split(end).next())
        .unwrap()
}

fn location(page: &Page) -> &str {
    page.headers
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
}

fn now(app: &TestApp) -> i64 {
    app.time.load(std::sync::atomic::Ordering::SeqCst)
}

/// Posts the second-factor form after a correct password.
async fn second_step(app: &TestApp, login: &str, code: &str) -> Page {
    let asked = app.log_in(login, PASSWORD).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert!(asked.cookie("habeas_session").is_none(), "no session yet");
    let pending = asked.cookie("habeas_two_factor").unwrap();
    let csrf = between(&asked.body, "name=\"csrf\" value=\"", "\"").to_string();
    app.post(
        "/login/two-factor",
        &format!("csrf={csrf}&code={}", code.replace(' ', "+")),
        &format!("habeas_login_csrf={csrf}; habeas_two_factor={pending}"),
    )
    .await
}

async fn an_admin_enrols_then_logs_in_with_a_code_used_once(db: &TestDb) {
    let app = TestApp::new(db).await;
    account(&app, "amina", Role::Admin).await;

    // Password only: the workspace sends the admin to enrol, and nowhere else.
    let first = app.log_in("amina", PASSWORD).await;
    assert_eq!(location(&first), "/staff/");
    let cookie = session(&first);
    for page in ["/staff/", "/staff/audit", "/staff/people/new"] {
        let r = app.get_with(page, &[(header::COOKIE, &cookie)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{page}");
        assert_eq!(location(&r), "/staff/account/two-factor", "{page}");
    }
    let form = app
        .get_with("/staff/account/two-factor", &[(header::COOKIE, &cookie)])
        .await;
    assert!(form.body.contains("Your role must use a second factor"));
    let key = between(&form.body, "<code id=\"secret\">", "</code>").to_string();
    let secret = unbase32(&key).unwrap();
    assert_eq!(secret.len(), 20);
    let csrf = between(&form.body, "name=\"csrf\" value=\"", "\"").to_string();
    let wrong = app
        .post(
            "/staff/account/two-factor",
            &format!("csrf={csrf}&secret={key}&code=000000"),
            &cookie,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("does not match this key"));
    let code = format!("{:06}", code_at(&secret, step_of(now(&app)), 6));
    let done = app
        .post(
            "/staff/account/two-factor",
            &format!("csrf={csrf}&secret={key}&code={code}"),
            &cookie,
        )
        .await;
    assert_eq!(done.status, StatusCode::OK);
    let codes: Vec<String> = between(
        &done.body,
        "<ul class=\"codes\" id=\"recovery-codes\">",
        "</ul>",
    )
    .split("<code>")
    .skip(1)
    .map(|c| c.split("</code>").next().unwrap().to_string())
    .collect();
    assert_eq!(codes.len(), 10);
    let dash = app.get_with("/staff/", &[(header::COOKIE, &cookie)]).await;
    assert_eq!(dash.status, StatusCode::OK, "enrolled: the workspace opens");

    // Next login: password, then code. The code used at enrolment is spent.
    let reused = second_step(&app, "amina", &code).await;
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED);
    assert!(reused.body.contains("wrong or was used already"));
    app.time.fetch_add(30, std::sync::atomic::Ordering::SeqCst);
    let fresh = format!("{:06}", code_at(&secret, step_of(now(&app)), 6));
    let ok = second_step(&app, "amina", &fresh).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let cookie = session(&ok);
    assert_eq!(
        app.get_with("/staff/audit", &[(header::COOKIE, &cookie)])
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        second_step(&app, "amina", &fresh).await.status,
        StatusCode::UNAUTHORIZED,
        "the same code twice"
    );

    // A recovery code, typed loosely, works once.
    let loose = codes[3].to_uppercase().replace('-', " ");
    let recovered = second_step(&app, "amina", &loose).await;
    assert_eq!(
        recovered.status,
        StatusCode::SEE_OTHER,
        "{}",
        recovered.body
    );
    assert_eq!(
        second_step(&app, "amina", &codes[3]).await.status,
        StatusCode::UNAUTHORIZED
    );
    let user_log = app
        .state
        .store
        .log(&habeas::store::LogFilter {
            entity: Some("user".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = user_log.iter().map(|c| c.action.as_str()).collect();
    assert!(actions.contains(&"enrol-two-factor") && actions.contains(&"use-recovery-code"));
    assert!(
        user_log
            .iter()
            .all(|c| !c.after.as_deref().unwrap_or("").contains(&key)),
        "no entry holds the secret"
    );

    // Without a pending login, the code form leads back to the password.
    let csrf = "x".repeat(64);
    let stray = app
        .post(
            "/login/two-factor",
            &format!("csrf={csrf}&code=123456"),
            &format!("habeas_login_csrf={csrf}"),
        )
        .await;
    assert_eq!(location(&stray), "/login");
}
on_both!(
    an_admin_enrols_then_logs_in_with_a_code_used_once,
    an_admin_enrols_then_logs_in_with_a_code_used_once
);

async fn wrong_codes_are_throttled_like_passwords(db: &TestDb) {
    let app = TestApp::new(db).await;
    account(&app, "amina", Role::Admin).await;
    let secret = b"0123456789abcdefghij";
    app.enrol("amina", secret).await;
    let asked = app.log_in("amina", PASSWORD).await;
    let pending = asked.cookie("habeas_two_factor").unwrap();
    let csrf = between(&asked.body, "name=\"csrf\" value=\"", "\"").to_string();
    let cookies = format!("habeas_login_csrf={csrf}; habeas_two_factor={pending}");
    for _ in 0..10 {
        let r = app
            .post(
                "/login/two-factor",
                &format!("csrf={csrf}&code=000000"),
                &cookies,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let good = format!("{:06}", code_at(secret, step_of(now(&app)), 6));
    let refused = app
        .post(
            "/login/two-factor",
            &format!("csrf={csrf}&code={good}"),
            &cookies,
        )
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.body.contains("Too many failed attempts"));
    assert_eq!(
        app.log_in("amina", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "and so is the password step"
    );
}
on_both!(
    wrong_codes_are_throttled_like_passwords,
    wrong_codes_are_throttled_like_passwords
);

async fn an_admin_decides_which_roles_must_use_a_second_factor(db: &TestDb) {
    let app = TestApp::new(db).await;
    account(&app, "amina", Role::Admin).await;
    account(&app, "leyla", Role::Editor).await;
    let secret = b"0123456789abcdefghij";
    app.enrol("amina", secret).await;
    let admin = session(&app.log_in_with_code("amina", PASSWORD, secret).await);
    let editor = session(&app.log_in("leyla", PASSWORD).await);
    assert_eq!(
        app.get_with("/staff/", &[(header::COOKIE, &editor)])
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get_with("/staff/admin/two-factor", &[(header::COOKIE, &editor)])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let form = app
        .get_with("/staff/admin/two-factor", &[(header::COOKIE, &admin)])
        .await;
    assert!(form.body.contains("value=\"admin\" checked"));
    let csrf = between(&form.body, "name=\"csrf\" value=\"", "\"").to_string();
    let saved = app
        .post(
            "/staff/admin/two-factor",
            &format!("csrf={csrf}&required=admin&required=editor"),
            &admin,
        )
        .await;
    assert!(saved.body.contains("value=\"editor\" checked"));
    let r = app.get_with("/staff/", &[(header::COOKIE, &editor)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the editor must enrol now");
    let policy = app.state.store.two_factor_policy().await.unwrap();
    assert!(policy.contains(&(Role::Editor, true)) && policy.contains(&(Role::Viewer, false)));

    // A lost phone: the admin's second factor removed from the command line ends the
    // sessions, and the role's rule sends the account to enrol again.
    let id = app
        .state
        .store
        .credentials(&Login::parse("amina").unwrap())
        .await
        .unwrap()
        .unwrap()
        .account
        .id;
    assert!(app.state.store.remove_totp(&stamp(), id).await.unwrap());
    let r = app.get_with("/staff/", &[(header::COOKIE, &admin)]).await;
    assert_eq!(location(&r), "/login");
}
on_both!(
    an_admin_decides_which_roles_must_use_a_second_factor,
    an_admin_decides_which_roles_must_use_a_second_factor
);

async fn moving_the_second_factor_needs_a_code_from_the_current_one(db: &TestDb) {
    let app = TestApp::new(db).await;
    account(&app, "amina", Role::Admin).await;
    let old = b"0123456789abcdefghij";
    app.enrol("amina", old).await;
    let cookie = session(&app.log_in_with_code("amina", PASSWORD, old).await);
    app.time.fetch_add(30, std::sync::atomic::Ordering::SeqCst);
    let form = app
        .get_with("/staff/account/two-factor", &[(header::COOKIE, &cookie)])
        .await;
    assert!(form.body.contains("name=\"current\""));
    let key = between(&form.body, "<code id=\"secret\">", "</code>").to_string();
    let new = unbase32(&key).unwrap();
    let csrf = between(&form.body, "name=\"csrf\" value=\"", "\"").to_string();
    let new_code = format!("{:06}", code_at(&new, step_of(now(&app)), 6));
    let stolen = app
        .post(
            "/staff/account/two-factor",
            &format!("csrf={csrf}&secret={key}&code={new_code}"),
            &cookie,
        )
        .await;
    assert_eq!(stolen.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stolen.body.contains("current app is wrong"));
    let current = format!("{:06}", code_at(old, step_of(now(&app)), 6));
    let moved = app
        .post(
            "/staff/account/two-factor",
            &format!("csrf={csrf}&secret={key}&code={new_code}&current={current}"),
            &cookie,
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert!(moved.body.contains("recovery-codes"));
}
on_both!(
    moving_the_second_factor_needs_a_code_from_the_current_one,
    moving_the_second_factor_needs_a_code_from_the_current_one
);
