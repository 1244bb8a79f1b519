//! The public list, a person's page and the action pages in English, Azerbaijani and
//! Russian: the language follows `Accept-Language`, the switcher (`?lang=`) wins over
//! it and is kept in links, and caches are told the page varies with the language.

use axum::http::{StatusCode, header};
use habeas::campaign::CampaignStatus;

use crate::helpers::{TestDb, on_both, stamp};
use crate::web::TestApp;

async fn pages_follow_the_visitors_language(db: &TestDb) {
    let app = TestApp::new(db).await;
    let store = &app.state.store;
    let mut ids = Vec::new();
    for (i, name) in ["Leyla Məmmədova", "Anar Həsənov", "Rauf Quliyev"]
        .iter()
        .enumerate()
    {
        let id = store
            .add_person(&stamp(), &crate::store::person(name))
            .await
            .unwrap();
        store
            .add_case(
                &stamp(),
                &crate::store::case(id, &format!("2024-0{}-01", i + 1)),
            )
            .await
            .unwrap();
        ids.push(id.0);
    }
    let action = crate::campaigns::save(store, &[ids[0]], CampaignStatus::Active).await;
    app.refresh().await;
    let accept = |lang: &'static str| [(header::ACCEPT_LANGUAGE, lang)];

    // The list.
    let en = app.get("/").await;
    assert!(en.body.contains("<html lang=\"en\">") && en.body.contains("<h1>People held now</h1>"));
    assert!(en.body.contains("3 people held on 2026-11-29."));
    let ru = app.get_with("/", &accept("ru-RU,ru;q=0.9,en;q=0.5")).await;
    assert!(ru.body.contains("<html lang=\"ru\">"), "{}", ru.body);
    assert!(ru.body.contains("<h1>Находятся в заключении сейчас</h1>"));
    assert!(
        ru.body.contains("3 человека в заключении на 2026-11-29."),
        "{}",
        ru.body
    );
    assert!(
        ru.body.contains(">под стражей до суда<") || ru.body.contains("отбывает"),
        "statuses translated"
    );
    let az = app.get_with("/", &accept("az")).await;
    assert!(az.body.contains("<h1>Hazırda həbsdə olanlar</h1>"));
    assert!(az.body.contains("2026-11-29 tarixində həbsdə 3 nəfər."));
    for page in [&en, &ru, &az] {
        let vary: Vec<_> = page.headers.get_all(header::VARY).iter().collect();
        assert!(
            vary.iter()
                .any(|v| v.to_str().unwrap().contains("accept-language"))
        );
    }
    // Each language has its own ETag: a revalidation never serves another language.
    assert_ne!(en.headers[header::ETAG], ru.headers[header::ETAG]);

    // The switcher wins over Accept-Language and stays in the page's links.
    let switched = app.get_with("/?lang=az&per_page=1", &accept("ru")).await;
    assert!(switched.body.contains("<html lang=\"az\">"));
    assert!(
        switched
            .body
            .contains("<strong lang=\"az\">Azərbaycanca</strong>")
    );
    assert!(
        switched
            .body
            .contains("<a href=\"?lang=ru\" hreflang=\"ru\" lang=\"ru\">Русский</a>")
    );
    assert!(
        switched
            .body
            .contains(&format!("href=\"/people/{}?lang=az\"", ids[0]))
    );
    assert!(
        switched.body.contains("name=\"lang\" value=\"az\""),
        "the filter form keeps it"
    );
    // An unknown language is ignored, not an error.
    let unknown = app.get("/?lang=xx").await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert!(unknown.body.contains("<html lang=\"en\">"));

    // A person's page.
    let person = app
        .get_with(&format!("/people/{}", ids[0]), &accept("az"))
        .await;
    assert!(
        person.body.contains("Xronologiya") && person.body.contains("həbs edilib"),
        "{}",
        person.body
    );
    let person = app.get(&format!("/people/{}?lang=ru", ids[0])).await;
    assert!(person.body.contains("Хронология") && person.body.contains("арест"));

    // The action pages, and the language kept through "I sent a letter".
    let index = app.get_with("/actions", &accept("ru")).await;
    assert!(index.body.contains("<h1>Действовать</h1>"));
    let page = app.get(&format!("/actions/{action}?lang=az")).await;
    assert!(page.body.contains("Məktub yazın") && page.body.contains("Məktub göndərdim"));
    assert!(page.body.contains("gündür həbsdədir"));
    // The letter in the visitor's language is the one open.
    assert!(
        page.body
            .contains("<details class=\"letter\" open>\n<summary>Ünvan: Rauf Quliyev"),
        "{}",
        page.body
    );
    let token = page.cookie("habeas_action_csrf").unwrap();
    let sent = app
        .post(
            &format!("/actions/{action}/sent"),
            &format!("csrf={token}&lang=az"),
            &format!("habeas_action_csrf={token}"),
        )
        .await;
    assert_eq!(
        sent.headers["location"],
        format!("/actions/{action}?sent=1&lang=az")
    );
    let thanked = app
        .get_with(
            &format!("/actions/{action}?sent=1&lang=az"),
            &[(header::COOKIE, &format!("habeas_action_csrf={token}"))],
        )
        .await;
    assert!(
        thanked
            .body
            .contains("Təşəkkür edirik: məktubunuz sayıldı.")
    );
    let ru_page = app
        .get_with(&format!("/actions/{action}"), &accept("ru"))
        .await;
    assert!(
        ru_page.body.contains("Напишите письмо")
            && ru_page.body.contains("1</strong> письмо отправлено"),
        "{}",
        ru_page.body
    );
}
on_both!(translated_pages, pages_follow_the_visitors_language);
