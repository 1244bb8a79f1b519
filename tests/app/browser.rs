//! The workspace in a real browser (headless Chromium through chromedriver), run with
//! JavaScript on and off: an editor logs in, records a person with an arrest and finds
//! them on the public list; a viewer cannot reach the edit form. Screenshots of the
//! dashboard, the person edit form and the statistics page are saved under
//! `target/screenshots/`.
//!
//! Runs when `HABEAS_TEST_CHROMEDRIVER` names a chromedriver (`.ci/run` installs
//! Debian's chromium and chromium-driver and sets it); reported as ignored otherwise.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use habeas::accounts::hash_password;
use habeas::domain::{Login, Password, Role};
use habeas::web::{AppState, serve};

use crate::helpers::{TestDb, stamp, today};
use crate::webdriver::{Browser, Driver};

const PASSWORD: &str = "correct horse battery staple";

fn screenshots() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn log_in(b: &Browser<'_>, base: &str, login: &str) {
    b.goto(&format!("{base}/staff/")).await;
    assert!(
        b.url().await.ends_with("/login"),
        "anonymous visitors go to the login"
    );
    b.type_into("input[name=login]", login).await;
    b.type_into("input[name=password]", PASSWORD).await;
    b.click("form.login button[type=submit]").await;
    assert!(
        b.wait_for_url(|u| u.ends_with("/staff/"))
            .await
            .ends_with("/staff/"),
        "{login} is in: {}",
        b.text().await
    );
}

/// One pass of the story in a browser with JavaScript `on` or off.
/// An urgent action: read the letter, send it, count it. (Its own function: the
/// story's future would otherwise outgrow a test thread's stack in debug builds.)
async fn urgent_action(b: &Browser<'_>, base: &str, app: &AppState, shots: bool) {
    let action = app.store.campaigns().await.unwrap()[0].id;
    let before = app.store.letters_total(action).await.unwrap();
    b.goto(&format!("{base}/actions/{action}")).await;
    let page = b.text().await;
    assert!(
        page.contains("Write a letter") && page.contains("I sent a letter"),
        "{page}"
    );
    assert!(b.source().await.contains("Dear Ambassador,"));
    b.click("form[action$='/sent'] button").await;
    let url = b.wait_for_url(|u| u.contains("sent=1")).await;
    assert!(url.ends_with(&format!("/actions/{action}?sent=1")), "{url}");
    let thanked = b.text().await;
    assert!(thanked.contains("your letter is counted"), "{thanked}");
    let counted = format!("id=\"letters-sent\">{}</strong>", before + 1);
    assert!(b.source().await.contains(&counted), "{thanked}");
    assert_eq!(app.store.letters_total(action).await.unwrap(), before + 1);
    if shots {
        std::fs::write(screenshots().join("action.png"), b.screenshot().await).unwrap();
    }
    // The same page in Azerbaijani, from the switcher.
    b.goto(&format!("{base}/actions/{action}?lang=az")).await;
    let az = b.text().await;
    assert!(
        az.contains("Məktub yazın") && az.contains("Məktub göndərdim"),
        "{az}"
    );
    if shots {
        std::fs::write(screenshots().join("action_az.png"), b.screenshot().await).unwrap();
    }
}

async fn story(driver: &Driver, base: &str, app: &AppState, javascript: bool, shots: bool) {
    let mode = if javascript { "js" } else { "nojs" };
    let hash = hash_password(&Password::parse(PASSWORD).unwrap()).unwrap();
    for (login, role) in [
        (format!("editor-{mode}"), Role::Editor),
        (format!("viewer-{mode}"), Role::Viewer),
    ] {
        app.store
            .add_user(&stamp(), &Login::parse(&login).unwrap(), role, &hash)
            .await
            .unwrap();
    }
    let (name, variant) = if javascript {
        ("Leyla Məmmədova", "Leyla Mammadova")
    } else {
        ("Tofiq Səfərov", "Tofig Safarov")
    };
    let b = driver.session(javascript).await;
    assert_eq!(
        b.javascript_runs().await,
        javascript,
        "JavaScript is {mode}"
    );

    log_in(&b, base, &format!("editor-{mode}")).await;
    assert!(b.text().await.contains("Recent changes"));
    if shots {
        std::fs::write(screenshots().join("dashboard.png"), b.screenshot().await).unwrap();
    }
    b.click("a[href='/staff/people/new']").await;
    b.wait_for_url(|u| u.ends_with("/staff/people/new")).await;
    b.type_into("#names", &format!("{name}\n{variant} [transliteration:en]"))
        .await;
    b.type_into("#birth_year", "1985").await;
    b.type_into("#country", "AZ").await;
    b.click("input[name=category][value=journalist]").await;
    b.type_into("#bio", "Investigative reporter.").await;
    b.type_into("#arrested", "2026-10-02").await;
    b.type_into("#charges", "206.3.2=Smuggling").await;
    b.type_into("#facility", "Baku Pre-trial Detention Centre No. 1")
        .await;
    b.click("form.record button[type=submit]").await;
    let person_url = b
        .wait_for_url(|u| {
            u.rsplit('/')
                .next()
                .is_some_and(|s| s.parse::<i64>().is_ok())
        })
        .await;
    let id = person_url
        .rsplit('/')
        .next()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| panic!("went to the record: {person_url}"));
    let record = b.text().await;
    assert!(
        record.contains(name) && record.contains("detained pretrial"),
        "{record}"
    );

    b.click(&format!("a[href='/staff/people/{id}/edit']")).await;
    b.wait_for_url(|u| u.ends_with("/edit")).await;
    assert!(b.source().await.contains(name));
    if shots {
        std::fs::write(screenshots().join("person_edit.png"), b.screenshot().await).unwrap();
    }

    // The public list picks the change up within its freshness interval; its search
    // finds the person by another spelling.
    let mut public = String::new();
    for _ in 0..50 {
        b.goto(&format!("{base}/?q={}", variant.replace(' ', "+")))
            .await;
        public = b.text().await;
        if public.contains(name) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(public.contains(name), "on the public list: {public}");

    // The statistics page counts them, with its charts drawn without JavaScript.
    b.goto(&format!("{base}/stats")).await;
    let stats = b.source().await;
    assert_eq!(stats.matches("<svg").count(), 4, "four charts");
    let shown = b.text().await;
    b.goto(&format!("{base}/api/v1/people")).await;
    let api: serde_json::Value = serde_json::from_str(&b.text().await).unwrap();
    let held = api["total"].as_u64().unwrap();
    assert!(held > 0);
    assert!(
        shown.contains(&format!("{held} people held")),
        "the page counts what the list holds ({held}): {shown}"
    );
    if shots {
        b.goto(&format!("{base}/stats")).await;
        std::fs::write(screenshots().join("stats.png"), b.screenshot().await).unwrap();
    }

    Box::pin(urgent_action(&b, base, app, shots)).await;

    b.clear_cookies().await;
    log_in(&b, base, &format!("viewer-{mode}")).await;
    b.goto(&format!("{base}/staff/people/{id}")).await;
    let seen = b.source().await;
    assert!(seen.contains(name), "the viewer reads the record");
    assert!(!seen.contains("/edit"), "but is offered no edit link");
    b.goto(&format!("{base}/staff/people/{id}/edit")).await;
    let refused = b.text().await;
    assert!(refused.contains("Your role may not do this"), "{refused}");
    assert!(!b.source().await.contains("name=\"names\""), "no form");
    b.quit().await;
}

async fn an_editor_records_a_case_in_the_browser_and_a_viewer_cannot_edit(db: &TestDb) {
    let chromedriver = std::env::var("HABEAS_TEST_CHROMEDRIVER").unwrap();
    let store = Arc::new(db.store().await);
    // Some demo people, so the dashboard's panels have something to show.
    store
        .add_dossiers(&stamp(), &habeas::demo::dossiers(7, 0, 300))
        .await
        .unwrap();
    // An active campaign about the first public person held today.
    let mut made = false;
    for id in 1..=300 {
        let mut c = habeas::demo::campaigns(&[habeas::domain::PersonId(id)]).remove(0);
        c.status = habeas::campaign::CampaignStatus::Active;
        // Boxed: the test's own future stays small enough for a test thread's stack.
        if let Ok(checked) = Box::pin(habeas::campaign::check(&store, c, today())).await {
            Box::pin(store.save_campaign(&stamp(), None, &checked))
                .await
                .unwrap();
            made = true;
            break;
        }
    }
    assert!(made, "a demo person to campaign for");
    let noon = today().to_days() * 86_400 + 12 * 3600;
    let clock: habeas::web::Clock = Arc::new(move || noon);
    let state = AppState::new(store, clock, Default::default())
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(Arc::clone(&state), listener, async {
        let _ = stopped.await;
    }));
    let driver = Driver::start(&chromedriver).await;
    let shots = db.db.ends_with(".db");
    Box::pin(story(&driver, &base, &state, true, false)).await;
    Box::pin(story(&driver, &base, &state, false, shots)).await;
    drop(driver);
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    assert!(state.store.verify_audit().await.unwrap().is_ok());
}

mod an_editor_records_a_case_in_the_browser_and_a_viewer_cannot_edit {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[cfg_attr(
        not(habeas_browser_tests),
        ignore = "browser: set HABEAS_TEST_CHROMEDRIVER to run (.ci/run installs chromium and does)"
    )]
    async fn sqlite() {
        let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
        an_editor_records_a_case_in_the_browser_and_a_viewer_cannot_edit(&db).await;
        db.finish().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[cfg_attr(
        any(not(habeas_browser_tests), not(habeas_pg_tests)),
        ignore = "browser on PostgreSQL: set HABEAS_TEST_CHROMEDRIVER and HABEAS_TEST_PG_URL (.ci/run does)"
    )]
    async fn postgres() {
        let db = TestDb::new(crate::helpers::Backend::Postgres).await;
        an_editor_records_a_case_in_the_browser_and_a_viewer_cannot_edit(&db).await;
        db.finish().await;
    }
}
