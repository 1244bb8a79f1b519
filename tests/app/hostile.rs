//! Hostile visitors: a login flood slows the attacker and never locks the owner out;
//! behind a trusted reverse proxy every client is its own address (and a visitor
//! cannot choose one); HSTS behind TLS.

use axum::http::{StatusCode, header};
use habeas::domain::Role;
use habeas::web::WebOptions;

use crate::helpers::{TestDb, on_both};
use crate::web::{PASSWORD, Page, TestApp, Visitor};

const SECRET: &[u8] = b"12345678901234567890";

/// A wrong password posted with a matching double-submit token (no form fetched).
async fn wrong_guess(app: &TestApp, login: &str) -> StatusCode {
    app.post(
        "/login",
        &format!("login={login}&password=wrong+guess+{login}&csrf=t0k3n"),
        "habeas_login_csrf=t0k3n",
    )
    .await
    .status
}

fn signed_in(page: &Page) -> bool {
    page.status == StatusCode::SEE_OTHER && page.cookie("habeas_session").is_some()
}

async fn a_login_flood_does_not_lock_the_owner_out(db: &TestDb) {
    let app = TestApp::new(db).await;
    app.add_user("admin", Role::Admin).await;
    app.enrol("admin", SECRET).await;

    // 2,000 wrong passwords from one address: ten are checked, the rest refused.
    *app.visitor.lock().unwrap() = Visitor::at("203.0.113.9");
    let mut refused = 0;
    for _ in 0..2000 {
        match wrong_guess(&app, "admin").await {
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            StatusCode::UNAUTHORIZED => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(refused, 1990);
    let attacker_with_the_password = app.log_in("admin", PASSWORD).await;
    assert_eq!(
        attacker_with_the_password.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the flooding address stays refused"
    );

    // The owner, in a new browser somewhere else, with the password and the code.
    *app.visitor.lock().unwrap() = Visitor::at("198.51.100.4");
    let owner = app.log_in_with_code("admin", PASSWORD, SECRET).await;
    assert!(signed_in(&owner), "{} {}", owner.status, owner.body);
    let device = owner
        .cookie("habeas_device_admin")
        .expect("a device cookie");

    // The same browser behind the attacker's address (one office NAT): it is known.
    // (Half a minute on: a code is good once.)
    app.time.fetch_add(30, std::sync::atomic::Ordering::SeqCst);
    *app.visitor.lock().unwrap() = Visitor {
        cookies: vec![format!("habeas_device_admin={device}")],
        ..Visitor::at("203.0.113.9")
    };
    let known = app.log_in_with_code("admin", PASSWORD, SECRET).await;
    assert!(signed_in(&known), "{} {}", known.status, known.body);

    // A device cookie proves nothing for another login, and cannot be forged.
    app.add_user("leyla", Role::Editor).await;
    for cookie in [
        format!("habeas_device_leyla={device}"),
        format!(
            "habeas_device_admin={}.00",
            device.split('.').next().unwrap()
        ),
    ] {
        *app.visitor.lock().unwrap() = Visitor {
            cookies: vec![cookie.clone()],
            ..Visitor::at("203.0.113.9")
        };
        let login = if cookie.contains("leyla") {
            "leyla"
        } else {
            "admin"
        };
        assert_eq!(
            app.log_in(login, PASSWORD).await.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{cookie}"
        );
    }
}
on_both!(
    a_login_flood_does_not_lock_the_owner_out,
    a_login_flood_does_not_lock_the_owner_out
);

/// Guesses spread over many addresses stop new browsers for that login, while the
/// owner's known browser still gets in.
async fn a_spread_guess_stops_new_browsers_but_not_the_owners(db: &TestDb) {
    let app = TestApp::new(db).await;
    app.add_user("admin", Role::Admin).await;
    *app.visitor.lock().unwrap() = Visitor::at("198.51.100.4");
    let first = app.log_in("admin", PASSWORD).await;
    assert!(signed_in(&first));
    let device = first.cookie("habeas_device_admin").unwrap();
    for a in 0..60 {
        *app.visitor.lock().unwrap() = Visitor::at(&format!("10.9.{}.{}", a / 200, a % 200 + 1));
        wrong_guess(&app, "admin").await;
    }
    *app.visitor.lock().unwrap() = Visitor::at("192.0.2.77");
    assert_eq!(
        app.log_in("admin", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    *app.visitor.lock().unwrap() = Visitor {
        cookies: vec![format!("habeas_device_admin={device}")],
        ..Visitor::at("192.0.2.77")
    };
    assert!(signed_in(&app.log_in("admin", PASSWORD).await));
}
on_both!(
    a_spread_guess_stops_new_browsers_but_not_the_owners,
    a_spread_guess_stops_new_browsers_but_not_the_owners
);

/// Two visitors behind the same proxy, as the proxy reports them.
fn via_proxy(client: &str) -> Visitor {
    Visitor {
        headers: vec![("x-forwarded-for", format!("{client}, 127.0.0.1"))],
        ..Visitor::at("127.0.0.1")
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_its_own_address() {
    let trusted = WebOptions {
        secure_cookies: true,
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
    };
    for (options, apart) in [(trusted, true), (WebOptions::default(), false)] {
        let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
        let app = TestApp::with(db.store().await, options.clone()).await;
        app.add_user("leyla", Role::Editor).await;
        *app.visitor.lock().unwrap() = via_proxy("203.0.113.9");
        for _ in 0..10 {
            assert_eq!(wrong_guess(&app, "leyla").await, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(
            wrong_guess(&app, "leyla").await,
            StatusCode::TOO_MANY_REQUESTS
        );

        *app.visitor.lock().unwrap() = via_proxy("198.51.100.4");
        let other = app.log_in("leyla", PASSWORD).await;
        assert_eq!(
            signed_in(&other),
            apart,
            "trusted: {apart}, status {}",
            other.status
        );

        // The header from a peer that is no proxy is ignored: no chosen address.
        *app.visitor.lock().unwrap() = Visitor {
            headers: vec![("x-forwarded-for", "198.51.100.99".into())],
            ..Visitor::at("203.0.113.9")
        };
        let forged = wrong_guess(&app, "leyla").await;
        let expected = if apart {
            StatusCode::TOO_MANY_REQUESTS
        } else {
            StatusCode::UNAUTHORIZED
        };
        assert_eq!(forged, expected, "trusted: {apart}");

        let hsts = app
            .get("/")
            .await
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .cloned();
        assert_eq!(hsts.is_some(), options.secure_cookies);
        if let Some(v) = hsts {
            assert_eq!(v, "max-age=31536000");
        }
        db.finish().await;
    }
}
