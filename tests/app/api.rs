//! The write API: tokens and the policy table, JSON errors that name each field, the
//! timeline refusal, and an OpenAPI document that lists every API route the router has.

use axum::http::{Method, StatusCode, header};
use habeas::accounts::{hash_password, new_token};
use habeas::domain::{Login, Password, PersonId, Role};
use habeas::web::{Access, openapi_json, routes};
use serde_json::{Value, json};

use crate::helpers::{TestDb, on_both, stamp};
use crate::web::{Page, TestApp};

/// An account with a token of its role; returns the token.
pub async fn token_for(app: &TestApp, login: &str, role: Role) -> (String, i64) {
    let hash = hash_password(&Password::parse("correct horse battery staple").unwrap()).unwrap();
    let login = Login::parse(login).unwrap();
    app.state
        .store
        .add_user(&stamp(), &login, role, &hash)
        .await
        .unwrap();
    let (token, digest) = new_token().unwrap();
    let (id, _) = app
        .state
        .store
        .add_token(&stamp(), &login, None, &digest)
        .await
        .unwrap();
    (token, id)
}

/// Whether the write API lets `token` in: an empty person is refused as invalid (422)
/// for a live token and as unauthorised (401) for any other.
pub async fn token_opens(app: &TestApp, token: &str) -> bool {
    let page = app
        .json(
            Method::POST,
            "/api/v1/people",
            &json!({"names": []}),
            Some(token),
        )
        .await;
    match page.status {
        StatusCode::UNPROCESSABLE_ENTITY => true,
        StatusCode::UNAUTHORIZED => false,
        other => panic!("{other}: {}", page.body),
    }
}

fn body(page: &Page) -> Value {
    serde_json::from_str(&page.body).unwrap_or_else(|e| panic!("{e}: {}", page.body))
}

async fn tokens_create_and_update_records_as_the_policy_allows(db: &TestDb) {
    let app = TestApp::new(db).await;
    let (editor, _) = token_for(&app, "leyla", Role::Editor).await;
    let (viewer, _) = token_for(&app, "tofiq", Role::Viewer).await;
    let person = json!({
        "names": [{"text": "Leyla Məmmədova"}, {"text": "Лейла Мамедова", "lang": "ru"}],
        "birth_year": 1985, "country": "AZ", "categories": ["journalist"],
        "contacts": {"value": "sister +994 50 000 00 00"},
        "arrest": {"date": "2026-10-02", "charges": ["206.3.2=Smuggling"], "facility": "Baku No. 1"}
    });
    let (head, _) = app.state.store.head().await.unwrap();
    let none = app
        .json(Method::POST, "/api/v1/people", &person, None)
        .await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert!(none.headers.get(header::WWW_AUTHENTICATE).is_some());
    let bogus = app
        .json(Method::POST, "/api/v1/people", &person, Some("hb_nope"))
        .await;
    assert_eq!(bogus.status, StatusCode::UNAUTHORIZED);
    let refused = app
        .json(Method::POST, "/api/v1/people", &person, Some(&viewer))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        body(&refused)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("viewer may not")
    );
    assert_eq!(
        app.state.store.head().await.unwrap().0,
        head,
        "nothing written"
    );

    let made = app
        .json(Method::POST, "/api/v1/people", &person, Some(&editor))
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let saved = body(&made);
    let id = saved["id"].as_i64().unwrap();
    let case_id = saved["case_id"].as_i64().unwrap();
    assert_eq!(
        made.headers.get(header::LOCATION).unwrap(),
        &format!("/api/v1/people/{id}")
    );
    let p = app.state.store.person(PersonId(id)).await.unwrap();
    assert_eq!(p.data.names[1].lang.as_deref(), Some("ru"));
    let history = app.state.store.history("person", id).await.unwrap();
    assert!(
        history[0].actor.starts_with("leyla (token "),
        "{}",
        history[0].actor
    );

    // A sentence, then a release before the arrest: the timeline refuses it, by the date.
    let sentenced = app
        .json(
            Method::POST,
            &format!("/api/v1/cases/{case_id}/events"),
            &json!({"kind": "sentenced", "date": "2026-11-20", "sentence_months": 96,
                    "source": {"url": "https://example.org/news/1", "title": "Sentenced"}}),
            Some(&editor),
        )
        .await;
    assert_eq!(sentenced.status, StatusCode::CREATED, "{}", sentenced.body);
    let (head, _) = app.state.store.head().await.unwrap();
    let early = app
        .json(
            Method::POST,
            &format!("/api/v1/cases/{case_id}/events"),
            &json!({"kind": "released", "date": "2026-01-01", "release_reason": "pardoned"}),
            Some(&editor),
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    let why = body(&early)["error"]["fields"]["date"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        why.contains("timeline") && why.contains("2026-10-02"),
        "{why}"
    );
    assert_eq!(app.state.store.head().await.unwrap().0, head);

    // Every bad field is named; nothing is written.
    let bad = app
        .json(
            Method::POST,
            "/api/v1/people",
            &json!({"names": [], "birth_year": 1850, "country": "Azerbaijan", "categories": ["poet"],
                    "arrest": {"date": "2024-02-30", "charges": ["smuggling"]}}),
            Some(&editor),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = body(&bad)["error"]["fields"].clone();
    for f in ["names", "country", "category", "arrested", "charges"] {
        assert!(fields[f].is_string(), "{f} named: {fields}");
    }
    assert!(fields["category"].as_str().unwrap().contains("'poet'"));
    let shape = app
        .json(
            Method::POST,
            "/api/v1/people",
            &json!({"names": "Leyla"}),
            Some(&editor),
        )
        .await;
    assert_eq!(shape.status, StatusCode::BAD_REQUEST);
    assert!(
        body(&shape)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("names")
    );
    let unknown = app
        .json(
            Method::POST,
            "/api/v1/people",
            &json!({"names": [{"text": "A B"}], "nickname": "x"}),
            Some(&editor),
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::BAD_REQUEST,
        "unknown fields are refused"
    );
    assert_eq!(app.state.store.head().await.unwrap().0, head);

    // Update: the birth year changes, the contact stays sealed and readable.
    let mut changed = person.clone();
    changed["birth_year"] = json!(1986);
    changed.as_object_mut().unwrap().remove("arrest");
    let put = app
        .json(
            Method::PUT,
            &format!("/api/v1/people/{id}"),
            &changed,
            Some(&editor),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let p = app.state.store.person(PersonId(id)).await.unwrap();
    assert_eq!(p.data.birth_year, Some(1986));
    assert_eq!(
        p.data.contacts.unwrap().value.as_deref(),
        Some("sister +994 50 000 00 00")
    );
    let missing = app
        .json(Method::PUT, "/api/v1/people/999", &changed, Some(&editor))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // A second detention through the API.
    let case = app
        .json(
            Method::POST,
            &format!("/api/v1/people/{id}/cases"),
            &json!({"date": "2026-11-25", "country": "AZ"}),
            Some(&editor),
        )
        .await;
    assert_eq!(case.status, StatusCode::CREATED, "{}", case.body);
    let reg = app.state.store.registry_of(PersonId(id)).await.unwrap();
    assert_eq!(reg.cases_of(PersonId(id)).count(), 2);
    assert!(app.state.store.verify_audit().await.unwrap().is_ok());
}
on_both!(
    tokens_create_and_update_records_as_the_policy_allows,
    tokens_create_and_update_records_as_the_policy_allows
);

async fn a_revoked_token_stops_working(db: &TestDb) {
    let app = TestApp::new(db).await;
    let (editor, token_id) = token_for(&app, "leyla", Role::Editor).await;
    let person = json!({"names": [{"text": "Günel Quliyeva"}]});
    let ok = app
        .json(Method::POST, "/api/v1/people", &person, Some(&editor))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
    app.state
        .store
        .revoke_token(&stamp(), token_id)
        .await
        .unwrap();
    let after = app
        .json(Method::POST, "/api/v1/people", &person, Some(&editor))
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}
on_both!(a_revoked_token_stops_working, a_revoked_token_stops_working);

#[tokio::test]
async fn the_openapi_document_lists_every_api_route() {
    let doc: Value = serde_json::from_str(&openapi_json()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    let mut listed = 0;
    for (spec, _) in routes() {
        if !spec.path.starts_with("/api/") {
            continue;
        }
        let method = spec.method.as_str().to_ascii_lowercase();
        let op = &paths
            .get(spec.path)
            .unwrap_or_else(|| panic!("{} is not in the document", spec.path))[&method];
        assert!(
            op.is_object(),
            "{} {} is not in the document",
            spec.method,
            spec.path
        );
        if let Access::Token(_) = spec.access {
            assert!(
                op["security"].is_array(),
                "{} {} needs a token",
                spec.method,
                spec.path
            );
            assert!(op["requestBody"].is_object());
        }
        listed += 1;
    }
    let documented: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(listed, documented, "and nothing else");
    assert!(doc["components"]["schemas"]["PersonInput"]["properties"]["names"].is_object());
    assert!(doc["components"]["securitySchemes"]["token"].is_object());
}

async fn cases_events_and_sources_are_corrected_through_the_api(db: &TestDb) {
    let app = TestApp::new(db).await;
    let (editor, _) = token_for(&app, "leyla", Role::Editor).await;
    let made = app
        .json(
            Method::POST,
            "/api/v1/people",
            &json!({"names": [{"text": "Anar Məmmədli"}],
                    "arrest": {"date": "2026-03-01", "charges": ["206.3.2"]}}),
            Some(&editor),
        )
        .await;
    let saved = body(&made);
    let (id, case) = (
        saved["id"].as_i64().unwrap(),
        saved["case_id"].as_i64().unwrap(),
    );
    let event = app
        .json(
            Method::POST,
            &format!("/api/v1/cases/{case}/events"),
            &json!({"kind": "sentenced", "date": "2026-09-01", "sentence_months": 60,
                    "source": {"url": "https://example.org/news/anar"}}),
            Some(&editor),
        )
        .await;
    let event_id = body(&event)["id"].as_i64().unwrap();

    let (head, _) = app.state.store.head().await.unwrap();
    let late = app
        .json(
            Method::PUT,
            &format!("/api/v1/cases/{case}"),
            &json!({"date": "2026-10-01"}),
            Some(&editor),
        )
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body(&late)["error"]["fields"]["date"]
            .as_str()
            .unwrap()
            .contains("no longer fits")
    );
    assert_eq!(app.state.store.head().await.unwrap().0, head);
    let fixed = app
        .json(
            Method::PUT,
            &format!("/api/v1/cases/{case}"),
            &json!({"date": "2026-02-27", "charges": ["283.2.3=Incitement"]}),
            Some(&editor),
        )
        .await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);
    let corrected = app
        .json(
            Method::PUT,
            &format!("/api/v1/events/{event_id}"),
            &json!({"kind": "sentenced", "date": "2026-09-01", "sentence_months": 72}),
            Some(&editor),
        )
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.body);
    let reg = app.state.store.registry_of(PersonId(id)).await.unwrap();
    let c = reg.cases_of(PersonId(id)).next().unwrap();
    assert_eq!(c.charges[0].article, "283.2.3");
    let events = reg.events_of(c.id);
    assert_eq!(events[0].data.date.to_string(), "2026-02-27");
    assert_eq!(events[1].data.sentence_months, Some(72));
    let source = events[1].data.sources[0].0;

    let titled = app
        .json(
            Method::PUT,
            &format!("/api/v1/sources/{source}"),
            &json!({"url": "https://example.org/news/anar", "title": "Blogger sentenced"}),
            Some(&editor),
        )
        .await;
    assert_eq!(titled.status, StatusCode::OK, "{}", titled.body);
    let paper = app
        .json(
            Method::POST,
            "/api/v1/sources",
            &json!({"title": "Court ruling (paper copy)", "reliability": "high"}),
            Some(&editor),
        )
        .await;
    assert_eq!(paper.status, StatusCode::CREATED, "{}", paper.body);
    let clash = app
        .json(
            Method::PUT,
            &format!("/api/v1/sources/{}", body(&paper)["id"]),
            &json!({"url": "https://example.org/news/anar"}),
            Some(&editor),
        )
        .await;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body(&clash)["error"]["fields"]["url"]
            .as_str()
            .unwrap()
            .contains("already has the address")
    );
    assert!(app.state.store.verify_audit().await.unwrap().is_ok());
}
on_both!(
    cases_events_and_sources_are_corrected_through_the_api,
    cases_events_and_sources_are_corrected_through_the_api
);

/// A NUL character in any text is refused with a 422 that names the field, the same on
/// SQLite (which could store it) and PostgreSQL (which cannot), and nothing is written.
async fn nul_characters_are_refused_alike_on_both_databases(db: &TestDb) {
    let app = TestApp::new(db).await;
    let (editor, _) = token_for(&app, "leyla", Role::Editor).await;
    let made = app
        .json(
            Method::POST,
            "/api/v1/people",
            &json!({"names": [{"text": "Leyla Məmmədova"}],
                    "arrest": {"date": "2026-10-02"}}),
            Some(&editor),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let case_id = body(&made)["case_id"].as_i64().unwrap();
    let (head, _) = app.state.store.head().await.unwrap();

    // A name is refused by the name's own rule, before the store's.
    let cases: [(&str, String, Value); 5] = [
        (
            "'bio' holds a NUL character",
            "/api/v1/people".into(),
            json!({"names": [{"text": "Anar Əliyev"}], "bio": {"value": "poet\u{0}"}}),
        ),
        (
            "'Anar\\u0000 Əliyev' does not look like a name",
            "/api/v1/people".into(),
            json!({"names": [{"text": "Anar\u{0} Əliyev"}]}),
        ),
        (
            "'place' holds a NUL character",
            "/api/v1/people".into(),
            json!({"names": [{"text": "Anar Əliyev"}],
                   "arrest": {"date": "2026-10-02", "place": "Ba\u{0}ku"}}),
        ),
        (
            "'details' holds a NUL character",
            format!("/api/v1/cases/{case_id}/events"),
            json!({"kind": "hearing", "date": "2026-10-20", "details": "\u{0}"}),
        ),
        (
            "'title' holds a NUL character",
            "/api/v1/sources".into(),
            json!({"url": "https://example.org/a", "title": "News\u{0}"}),
        ),
    ];
    for (says, uri, input) in cases {
        let refused = app.json(Method::POST, &uri, &input, Some(&editor)).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{says}: {}",
            refused.body
        );
        assert!(refused.body.contains(says), "{says}: {}", refused.body);
    }
    assert_eq!(
        app.state.store.head().await.unwrap().0,
        head,
        "nothing written"
    );
}
on_both!(
    nul_characters_are_refused_alike_on_both_databases,
    nul_characters_are_refused_alike_on_both_databases
);

/// The API takes values literally: a name sent as "Leyla | internal" is that text at
/// the level the request gives (public here), not a spelling made internal; a newline
/// inside a name, an affiliation or a charge does not make two.
async fn the_api_takes_values_literally(db: &TestDb) {
    let app = TestApp::new(db).await;
    let (editor, _) = token_for(&app, "leyla", Role::Editor).await;
    let made = app
        .json(
            Method::POST,
            "/api/v1/people",
            &json!({
                "names": [{"text": "Leyla | internal"},
                          {"text": "Лейла\nМамедова", "lang": "ru"},
                          {"text": "Hidden Spelling", "kind": "alias", "level": "internal"}],
                "affiliations": ["Free Press\nUnion"],
                "arrest": {"date": "2026-10-02", "charges": ["206.3.2=Smuggling\n193-1=Other"]}
            }),
            Some(&editor),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let id = body(&made)["id"].as_i64().unwrap();
    let person = app.state.store.person(PersonId(id)).await.unwrap().data;
    let names: Vec<(String, String)> = person
        .names
        .iter()
        .map(|n| (n.text.to_string(), n.level.to_string()))
        .collect();
    assert_eq!(
        names,
        [
            ("Leyla | internal".to_string(), "public".to_string()),
            ("Лейла Мамедова".to_string(), "public".to_string()),
            ("Hidden Spelling".to_string(), "internal".to_string()),
        ]
    );
    assert_eq!(person.names[1].lang.as_deref(), Some("ru"));
    assert_eq!(person.affiliations, ["Free Press\nUnion"]);
    let reg = app.state.store.registry_of(PersonId(id)).await.unwrap();
    let charges = &reg.cases[0].charges;
    assert_eq!(charges.len(), 1, "{charges:?}");
    assert_eq!(charges[0].text.as_deref(), Some("Smuggling\n193-1=Other"));
    app.refresh().await;
    let public = app.get(&format!("/people/{id}")).await.body;
    assert!(
        public.contains("Leyla | internal"),
        "the name is public, as sent"
    );
    assert!(!public.contains("Hidden Spelling"));
}
on_both!(
    the_api_takes_values_literally,
    the_api_takes_values_literally
);
