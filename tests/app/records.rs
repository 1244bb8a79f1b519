//! Editing the record in the workspace: the person, case and event forms, their field
//! errors, the timeline refusal in words, CSRF, and the policy's say on who may edit.

use axum::http::{StatusCode, header};
use habeas::accounts::hash_password;
use habeas::domain::{Login, Password, PersonId, Role};

use crate::helpers::{TestDb, on_both, stamp};
use crate::web::{Page, TestApp};

const PASSWORD: &str = "correct horse battery staple";

/// An app with one account per role given; returns the session cookie of each.
async fn app_with(db: &TestDb, roles: &[Role]) -> (TestApp, Vec<String>) {
    let app = TestApp::new(db).await;
    let hash = hash_password(&Password::parse(PASSWORD).unwrap()).unwrap();
    let mut cookies = Vec::new();
    for role in roles {
        let login = Login::parse(role.as_str()).unwrap();
        app.state
            .store
            .add_user(&stamp(), &login, *role, &hash)
            .await
            .unwrap();
        cookies.push(app.session_of(role.as_str()).await);
    }
    (app, cookies)
}

async fn open(app: &TestApp, uri: &str, cookie: &str) -> Page {
    app.get_with(uri, &[(header::COOKIE, cookie)]).await
}

/// The CSRF token a workspace form carries.
fn encode(fields: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

/// Opens the form at `uri`, fills in its CSRF token and posts `fields`.
async fn submit(app: &TestApp, uri: &str, cookie: &str, fields: &[(&str, &str)]) -> Page {
    let form = open(app, uri, cookie).await;
    assert_eq!(form.status, StatusCode::OK, "{uri}: {}", form.body);
    let csrf = form.csrf();
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    app.post(uri, &encode(&all), cookie).await
}

fn location(page: &Page) -> String {
    page.headers
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

/// The error shown next to field `name`, if any, with quotes unescaped.
fn field_error(page: &Page, name: &str) -> Option<String> {
    page.body
        .split(&format!("<p class=\"field-error\" id=\"{name}-error\">"))
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .map(|e| e.replace("&#x27;", "'"))
}

async fn an_editor_records_a_person_with_an_arrest_and_the_public_sees_it(db: &TestDb) {
    let (app, cookies) = app_with(db, &[Role::Editor]).await;
    let editor = &cookies[0];
    let done = submit(
        &app,
        "/staff/people/new",
        editor,
        &[
            ("level", "public"),
            (
                "names",
                "Leyla Məmmədova\nЛейла Мамедова [transliteration:ru]",
            ),
            ("birth_year", "1985"),
            ("gender", "female"),
            ("country", "az"),
            ("category", "journalist"),
            ("category", "blogger"),
            ("bio", "Investigative reporter."),
            ("bio_level", "public"),
            ("contacts", "sister +994 50 000 00 00"),
            ("contacts_level", "restricted"),
            ("arrested", "2026-10-02"),
            ("charges", "206.3.2=Smuggling\n283.2.3"),
            ("facility", "Baku Pre-trial Detention Centre No. 1"),
            ("case_level", "public"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let at = location(&done);
    let id: i64 = at.strip_prefix("/staff/people/").unwrap().parse().unwrap();

    let person = app.state.store.person(PersonId(id)).await.unwrap();
    assert_eq!(person.primary_name(), "Leyla Məmmədova");
    assert_eq!(person.data.names[1].lang.as_deref(), Some("ru"));
    assert_eq!(person.data.categories.len(), 2);
    let reg = app.state.store.registry_of(PersonId(id)).await.unwrap();
    let case = reg.cases_of(PersonId(id)).next().unwrap();
    assert_eq!(case.charges.len(), 2);
    assert_eq!(case.country.unwrap().as_str(), "AZ", "the person's country");
    let history = app.state.store.history("person", id).await.unwrap();
    assert_eq!(history[0].actor, "editor", "audited as the editor");

    let staff_page = open(&app, &at, editor).await;
    assert!(staff_page.body.contains("sister +994 50 000 00 00"));
    assert!(staff_page.body.contains("206.3.2 (Smuggling); 283.2.3"));
    assert!(
        staff_page
            .body
            .contains("<dt>Held at</dt><dd>Baku Pre-trial Detention Centre No. 1</dd>")
    );
    app.refresh().await;
    let list = app.get("/").await;
    assert!(list.body.contains("Leyla Məmmədova"), "on the public list");
    let public = app.get(&format!("/people/{id}")).await;
    assert!(public.body.contains("Smuggling"));
    assert!(
        !public.body.contains("+994"),
        "contacts stay off the public page"
    );

    // What happened next, with its source.
    let case_id = case.id.0;
    let sentenced = submit(
        &app,
        &format!("/staff/cases/{case_id}/events/new"),
        editor,
        &[
            ("kind", "sentenced"),
            ("date", "2026-11-20"),
            ("sentence_months", "96"),
            ("source_url", "https://example.org/news/leyla-sentenced"),
            ("source_title", "Journalist sentenced to eight years"),
            ("level", "public"),
        ],
    )
    .await;
    assert_eq!(
        sentenced.status,
        StatusCode::SEE_OTHER,
        "{}",
        sentenced.body
    );
    assert_eq!(location(&sentenced), at);
    let reg = app.state.store.registry_of(PersonId(id)).await.unwrap();
    let events = reg.events_of(case.id);
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].data.sentence_months, Some(96));
    assert_eq!(events[1].data.sources.len(), 1);
    assert!(app.state.store.verify_audit().await.unwrap().is_ok());
}
on_both!(
    an_editor_records_a_person_with_an_arrest_and_the_public_sees_it,
    an_editor_records_a_person_with_an_arrest_and_the_public_sees_it
);

async fn a_refused_form_keeps_what_was_typed_and_names_each_problem(db: &TestDb) {
    let (app, cookies) = app_with(db, &[Role::Editor]).await;
    let editor = &cookies[0];
    let (head, _) = app.state.store.head().await.unwrap();
    let page = submit(
        &app,
        "/staff/people/new",
        editor,
        &[
            ("names", ""),
            ("birth_year", "19x5"),
            ("country", "Azerbaijan"),
            ("bio", "Kept as typed <b>here</b>"),
            ("arrested", "2024-02-30"),
            ("charges", "smuggling"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&page, "names")
            .unwrap()
            .contains("needs a name")
    );
    assert!(
        field_error(&page, "birth_year")
            .unwrap()
            .contains("'19x5' is not a year")
    );
    assert!(
        field_error(&page, "country")
            .unwrap()
            .contains("two-letter country code")
    );
    assert!(
        field_error(&page, "arrested")
            .unwrap()
            .contains("not a real date")
    );
    assert!(
        field_error(&page, "charges")
            .unwrap()
            .contains("'smuggling'")
    );
    assert!(field_error(&page, "bio").is_none());
    assert!(page.body.contains("value=\"19x5\""), "typed values stay");
    assert!(
        page.body.contains("Kept as typed &lt;b&gt;here") && !page.body.contains("<b>here"),
        "and are escaped"
    );
    assert!(page.body.contains("Nothing was saved"));
    assert_eq!(
        app.state.store.head().await.unwrap().0,
        head,
        "nothing written"
    );

    // A date in the future is the store's refusal, shown by the field all the same.
    let future = submit(
        &app,
        "/staff/people/new",
        editor,
        &[("names", "Tofiq Səfərov"), ("arrested", "2027-01-01")],
    )
    .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&future, "arrested")
            .unwrap()
            .contains("in the future")
    );
    assert_eq!(app.state.store.head().await.unwrap().0, head);
}
on_both!(
    a_refused_form_keeps_what_was_typed_and_names_each_problem,
    a_refused_form_keeps_what_was_typed_and_names_each_problem
);

async fn a_contradicting_event_is_explained_next_to_its_date(db: &TestDb) {
    let (app, cookies) = app_with(db, &[Role::Editor]).await;
    let editor = &cookies[0];
    let done = submit(
        &app,
        "/staff/people/new",
        editor,
        &[("names", "Anar Məmmədli"), ("arrested", "2026-05-02")],
    )
    .await;
    let id: i64 = location(&done)
        .strip_prefix("/staff/people/")
        .unwrap()
        .parse()
        .unwrap();
    let reg = app.state.store.registry_of(PersonId(id)).await.unwrap();
    let case = reg.cases_of(PersonId(id)).next().unwrap().id.0;
    let (head, _) = app.state.store.head().await.unwrap();
    let page = submit(
        &app,
        &format!("/staff/cases/{case}/events/new"),
        editor,
        &[
            ("kind", "released"),
            ("date", "2026-03-01"),
            ("release_reason", "pardoned"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let err = field_error(&page, "date").unwrap();
    assert!(err.contains("does not fit the case's timeline"), "{err}");
    assert!(
        err.contains("2026-03-01") && err.contains("2026-05-02"),
        "{err}"
    );
    assert!(page.body.contains("value=\"2026-03-01\""));
    assert_eq!(app.state.store.head().await.unwrap().0, head);

    let wrong_reason = submit(
        &app,
        &format!("/staff/cases/{case}/events/new"),
        editor,
        &[
            ("kind", "hearing"),
            ("date", "2026-06-01"),
            ("release_reason", "pardoned"),
        ],
    )
    .await;
    assert!(
        field_error(&wrong_reason, "release_reason")
            .unwrap()
            .contains("belongs to a released event")
    );
    assert_eq!(app.state.store.head().await.unwrap().0, head);
}
on_both!(
    a_contradicting_event_is_explained_next_to_its_date,
    a_contradicting_event_is_explained_next_to_its_date
);

async fn an_edit_needs_the_sessions_token_and_the_right_role(db: &TestDb) {
    let (app, cookies) = app_with(db, &[Role::Editor, Role::Viewer]).await;
    let (editor, viewer) = (&cookies[0], &cookies[1]);
    let done = submit(
        &app,
        "/staff/people/new",
        editor,
        &[("names", "Günel Quliyeva"), ("bio", "Poet.")],
    )
    .await;
    let at = location(&done);
    let edit = format!("{at}/edit");
    let form = open(&app, &edit, editor).await;
    assert!(
        form.body.contains(">Günel Quliyeva</textarea>"),
        "prefilled"
    );
    assert!(form.body.contains(">Poet.</textarea>"));
    let (head, _) = app.state.store.head().await.unwrap();

    for token in ["", "csrf=forged"] {
        let forged = app
            .post(&edit, &format!("{token}&names=Someone+Else"), editor)
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
    }
    // The viewer cannot open the form, nor post it with a token of their own.
    assert_eq!(
        open(&app, &edit, viewer).await.status,
        StatusCode::FORBIDDEN
    );
    let viewer_csrf = open(&app, "/staff/", viewer).await.csrf();
    let posted = app
        .post(
            &edit,
            &encode(&[("csrf", &viewer_csrf), ("names", "Someone Else")]),
            viewer,
        )
        .await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.state.store.head().await.unwrap().0,
        head,
        "nothing changed"
    );

    // A form too large to be read whole is refused, not cut short and saved.
    let editor_csrf = open(&app, &edit, editor).await.csrf();
    let huge = "x".repeat(300 * 1024);
    let too_big = app
        .post(
            &edit,
            &encode(&[
                ("csrf", &editor_csrf),
                ("names", "Günel Quliyeva"),
                ("notes", &huge),
            ]),
            editor,
        )
        .await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(too_big.body.contains("larger than 256 KiB"));
    assert_eq!(
        app.state.store.head().await.unwrap().0,
        head,
        "nothing changed"
    );

    let saved = submit(
        &app,
        &edit,
        editor,
        &[
            ("names", "Günel Quliyeva\nGunel Guliyeva"),
            ("bio", "Poet and teacher."),
            ("level", "public"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let id: i64 = at.strip_prefix("/staff/people/").unwrap().parse().unwrap();
    let p = app.state.store.person(PersonId(id)).await.unwrap();
    assert_eq!(p.data.names.len(), 2);
    assert_eq!(
        p.data.bio.unwrap().value.as_deref(),
        Some("Poet and teacher.")
    );
    let history = app.state.store.history("person", id).await.unwrap();
    assert_eq!(history.last().unwrap().action, "update");
}
on_both!(
    an_edit_needs_the_sessions_token_and_the_right_role,
    an_edit_needs_the_sessions_token_and_the_right_role
);

async fn the_history_shows_each_change_and_admins_verify_the_log(db: &TestDb) {
    let (app, cookies) = app_with(db, &[Role::Editor, Role::Viewer, Role::Admin]).await;
    let (editor, viewer, admin) = (&cookies[0], &cookies[1], &cookies[2]);
    let done = submit(
        &app,
        "/staff/people/new",
        editor,
        &[
            ("names", "Günel Quliyeva"),
            ("birth_year", "1985"),
            ("contacts", "mother +994 12 345 67 89"),
        ],
    )
    .await;
    let at = location(&done);
    let id: i64 = at.strip_prefix("/staff/people/").unwrap().parse().unwrap();
    let saved = submit(
        &app,
        &format!("{at}/edit"),
        editor,
        &[
            ("names", "Günel Quliyeva"),
            ("birth_year", "1986"),
            ("contacts", "mother +994 12 345 67 89"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);

    let history = open(&app, &format!("/staff/history/person/{id}"), viewer).await;
    assert_eq!(history.status, StatusCode::OK);
    let newest = history
        .body
        .split("<section class=\"change\">")
        .nth(1)
        .unwrap();
    assert!(newest.contains("update by editor"), "{newest}");
    assert!(
        newest.contains("<td>person.birth_year</td><td>1985</td><td>1986</td>"),
        "{newest}"
    );
    assert!(
        !newest.contains("names.0.name"),
        "unchanged fields are left out"
    );
    assert!(history.body.contains("create by editor"));
    assert!(!history.body.contains("sealed:v1:"), "no ciphertext");
    assert!(!history.body.contains("+994"), "nor the plain contact");
    assert_eq!(
        open(&app, "/staff/history/person/999", viewer).await.status,
        StatusCode::NOT_FOUND
    );

    // The whole log is for roles that may read it.
    assert_eq!(
        open(&app, "/staff/audit", viewer).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        open(&app, "/staff/audit", editor).await.status,
        StatusCode::FORBIDDEN
    );
    let log = open(&app, "/staff/audit?actor=editor&entity=person", admin).await;
    assert_eq!(log.status, StatusCode::OK);
    let rows = log.body.split("<tbody>").nth(1).unwrap();
    assert_eq!(rows.matches("<tr>").count(), 2, "{rows}");
    assert!(rows.contains("update <a href=\"/staff/history/person/"));
    let bad = open(&app, "/staff/audit?entity=people", admin).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let csrf = log.csrf();
    let verified = app
        .post("/staff/audit/verify", &encode(&[("csrf", &csrf)]), admin)
        .await;
    assert!(
        verified.body.contains("The audit log is intact"),
        "{}",
        verified.body
    );
    crate::audit::raw(
        db,
        &format!("UPDATE people SET birth_year = 1990 WHERE id = {id}"),
    )
    .await;
    let verified = app
        .post("/staff/audit/verify", &encode(&[("csrf", &csrf)]), admin)
        .await;
    assert!(
        verified
            .body
            .contains(&format!("person {id} differs from audit entry")),
        "{}",
        verified.body
    );
    let forged = app.post("/staff/audit/verify", "csrf=forged", admin).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}
on_both!(
    the_history_shows_each_change_and_admins_verify_the_log,
    the_history_shows_each_change_and_admins_verify_the_log
);

async fn cases_events_and_sources_are_corrected_in_their_forms(db: &TestDb) {
    let (app, cookies) = app_with(db, &[Role::Editor]).await;
    let editor = &cookies[0];
    let done = submit(
        &app,
        "/staff/people/new",
        editor,
        &[
            ("names", "Anar Məmmədli"),
            ("arrested", "2026-03-01"),
            ("charges", "206.3.2=Smuggling"),
        ],
    )
    .await;
    let at = location(&done);
    let id: i64 = at.strip_prefix("/staff/people/").unwrap().parse().unwrap();
    let reg = app.state.store.registry_of(PersonId(id)).await.unwrap();
    let case = reg.cases_of(PersonId(id)).next().unwrap().id.0;
    let added = submit(
        &app,
        &format!("/staff/cases/{case}/events/new"),
        editor,
        &[
            ("kind", "sentenced"),
            ("date", "2026-09-01"),
            ("sentence_months", "60"),
            ("source_url", "https://example.org/news/anar"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let reg = app.state.store.registry_of(PersonId(id)).await.unwrap();
    let events = reg.events_of(habeas::domain::CaseId(case));
    let (arrest, sentenced) = (events[0].id.0, events[1].id.0);
    let source = events[1].data.sources[0].0;

    let page = open(&app, &at, editor).await;
    assert!(page.body.contains(&format!("/staff/cases/{case}/edit")));
    assert!(
        page.body
            .contains(&format!("/staff/events/{sentenced}/edit"))
    );
    let form = open(&app, &format!("/staff/cases/{case}/edit"), editor).await;
    assert!(
        form.body.contains("value=\"2026-03-01\""),
        "the arrest date"
    );
    assert!(form.body.contains(">206.3.2=Smuggling</textarea>"));

    let (head, _) = app.state.store.head().await.unwrap();
    let late = submit(
        &app,
        &format!("/staff/cases/{case}/edit"),
        editor,
        &[("date", "2026-10-01"), ("charges", "206.3.2=Smuggling")],
    )
    .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&late, "date")
            .unwrap()
            .contains("no longer fits")
    );
    assert_eq!(
        app.state.store.head().await.unwrap().0,
        head,
        "nothing written"
    );
    let fixed = submit(
        &app,
        &format!("/staff/cases/{case}/edit"),
        editor,
        &[
            ("date", "2026-02-27"),
            ("charges", "283.2.3=Incitement"),
            ("level", "public"),
        ],
    )
    .await;
    assert_eq!(fixed.status, StatusCode::SEE_OTHER, "{}", fixed.body);

    let arrest_form = open(&app, &format!("/staff/events/{arrest}/edit"), editor).await;
    assert!(
        arrest_form
            .body
            .contains("<option value=\"arrested\" selected>")
    );
    assert!(
        !arrest_form.body.contains("value=\"released\""),
        "an arrest stays one"
    );
    let event_form = open(&app, &format!("/staff/events/{sentenced}/edit"), editor).await;
    assert!(event_form.body.contains("value=\"60\""));
    assert!(
        event_form
            .body
            .contains(&format!("/staff/sources/{source}/edit"))
    );
    let corrected = submit(
        &app,
        &format!("/staff/events/{sentenced}/edit"),
        editor,
        &[
            ("kind", "sentenced"),
            ("date", "2026-09-01"),
            ("sentence_months", "72"),
        ],
    )
    .await;
    assert_eq!(
        corrected.status,
        StatusCode::SEE_OTHER,
        "{}",
        corrected.body
    );
    let reg = app.state.store.registry_of(PersonId(id)).await.unwrap();
    let case_now = reg.cases_of(PersonId(id)).next().unwrap();
    assert_eq!(case_now.charges[0].article, "283.2.3");
    let events = reg.events_of(case_now.id);
    assert_eq!(events[0].data.date.to_string(), "2026-02-27");
    assert_eq!(events[1].data.sentence_months, Some(72));
    assert_eq!(events[1].data.sources.len(), 1, "the source stays linked");

    let titled = submit(
        &app,
        &format!("/staff/sources/{source}/edit"),
        editor,
        &[
            ("url", "https://example.org/news/anar"),
            ("title", "Blogger sentenced"),
            ("reliability", "high"),
        ],
    )
    .await;
    assert_eq!(titled.status, StatusCode::OK);
    assert!(titled.body.contains("Saved."));
    let bad = submit(
        &app,
        &format!("/staff/sources/{source}/edit"),
        editor,
        &[("url", "example.org/news"), ("title", "x")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&bad, "url")
            .unwrap()
            .contains("not an http(s) address")
    );
    let made = submit(
        &app,
        "/staff/sources/new",
        editor,
        &[
            ("title", "Court ruling (paper copy)"),
            ("published", "2026-09-01"),
        ],
    )
    .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert!(location(&made).ends_with("/edit"));
    let reg = app.state.store.registry().await.unwrap();
    assert_eq!(reg.sources.len(), 2);
    assert!(app.state.store.verify_audit().await.unwrap().is_ok());
}
on_both!(
    cases_events_and_sources_are_corrected_in_their_forms,
    cases_events_and_sources_are_corrected_in_their_forms
);

async fn each_spelling_and_the_pace_assessment_have_their_own_confidentiality(db: &TestDb) {
    let (app, cookies) = app_with(db, &[Role::Editor]).await;
    let editor = &cookies[0];
    let bad = submit(
        &app,
        "/staff/people/new",
        editor,
        &[("names", "Leyla Məmmədova\nGülnarə [alias] | secret")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&bad, "names").unwrap().contains("secret"));
    let done = submit(
        &app,
        "/staff/people/new",
        editor,
        &[
            ("names", "Leyla Məmmədova\nGülnarə [alias] | internal"),
            ("arrested", "2026-03-01"),
        ],
    )
    .await;
    let at = location(&done);
    let id: i64 = at.strip_prefix("/staff/people/").unwrap().parse().unwrap();
    let p = app.state.store.person(PersonId(id)).await.unwrap();
    assert_eq!(p.data.names[1].level, habeas::domain::Level::Internal);
    app.refresh().await;
    let public = app.get(&format!("/people/{id}")).await;
    assert!(public.body.contains("Leyla Məmmədova") && !public.body.contains("Gülnarə"));
    let form = open(&app, &format!("{at}/edit"), editor).await;
    assert!(
        form.body.contains("Gülnarə [alias] | internal"),
        "shown as typed"
    );

    let reg = app.state.store.registry_of(PersonId(id)).await.unwrap();
    let case = reg.cases_of(PersonId(id)).next().unwrap().id.0;
    let uri = format!("/staff/cases/{case}/edit");
    let missing = submit(
        &app,
        &uri,
        editor,
        &[
            ("date", "2026-03-01"),
            ("pace", "a"),
            ("pace", "e"),
            ("pace_reasoning", "Detained for reporting."),
        ],
    )
    .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_error(&missing, "pace_assessor")
            .unwrap()
            .contains("Who assessed")
    );
    let assessed = submit(
        &app,
        &uri,
        editor,
        &[
            ("date", "2026-03-01"),
            ("pace", "a"),
            ("pace", "e"),
            ("pace_reasoning", "Detained for reporting."),
            ("pace_assessor", "N. Aliyeva"),
            ("pace_level", "internal"),
        ],
    )
    .await;
    assert_eq!(assessed.status, StatusCode::SEE_OTHER, "{}", assessed.body);
    let reg = app.state.store.registry_of(PersonId(id)).await.unwrap();
    let a = reg
        .cases_of(PersonId(id))
        .next()
        .unwrap()
        .assessment
        .clone()
        .unwrap();
    assert_eq!(a.criteria.len(), 2);
    assert_eq!(
        (a.assessor.as_str(), a.level),
        ("N. Aliyeva", habeas::domain::Level::Internal)
    );
    assert_eq!(a.date.to_string(), "2026-11-29", "today by default");
    let form = open(&app, &uri, editor).await;
    assert!(form.body.contains("value=\"e\" checked"));
    assert!(form.body.contains(">Detained for reporting.</textarea>"));
}
on_both!(
    each_spelling_and_the_pace_assessment_have_their_own_confidentiality,
    each_spelling_and_the_pace_assessment_have_their_own_confidentiality
);

async fn a_restricted_case_shows_to_editors_and_not_to_viewers(db: &TestDb) {
    let (app, cookies) = app_with(db, &[Role::Editor, Role::Viewer]).await;
    let (editor, viewer) = (&cookies[0], &cookies[1]);
    let done = submit(
        &app,
        "/staff/people/new",
        editor,
        &[
            ("names", "Rauf Mirqədirov"),
            ("arrested", "2026-03-01"),
            ("place", "Ganja"),
            ("case_level", "restricted"),
        ],
    )
    .await;
    let at = location(&done);
    let for_editor = open(&app, &at, editor).await;
    assert!(
        for_editor.body.contains("Ganja"),
        "editors read restricted cases"
    );
    let for_viewer = open(&app, &at, viewer).await;
    assert_eq!(for_viewer.status, StatusCode::OK);
    assert!(for_viewer.body.contains("Rauf Mirqədirov"));
    assert!(!for_viewer.body.contains("Ganja"), "viewers do not");
    app.refresh().await;
    let id = at.strip_prefix("/staff/people/").unwrap();
    assert!(
        !app.get(&format!("/people/{id}"))
            .await
            .body
            .contains("Ganja")
    );
}
on_both!(
    a_restricted_case_shows_to_editors_and_not_to_viewers,
    a_restricted_case_shows_to_editors_and_not_to_viewers
);

async fn a_write_starts_the_public_rebuild_without_waiting_for_a_visitor(db: &TestDb) {
    let (app, cookies) = app_with(db, &[Role::Editor]).await;
    let before = app.state.snapshot().seq;
    let done = submit(
        &app,
        "/staff/people/new",
        &cookies[0],
        &[("names", "Elçin Nəsirov"), ("arrested", "2026-04-01")],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let (head, _) = app.state.store.head().await.unwrap();
    assert!(head > before);
    // No request reaches the public site here: only the write itself can have started
    // the rebuild.
    let mut seq = app.state.snapshot().seq;
    for _ in 0..100 {
        if seq == head {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        seq = app.state.snapshot().seq;
    }
    assert_eq!(seq, head, "the public list was rebuilt after the write");
    assert!(
        app.state
            .snapshot()
            .list
            .query(
                &habeas::public::ListQuery {
                    page: 1,
                    per_page: 50,
                    ..Default::default()
                },
                crate::helpers::today()
            )
            .items
            .iter()
            .any(|r| r.name == "Elçin Nəsirov")
    );
}
on_both!(
    a_write_starts_the_public_rebuild_without_waiting_for_a_visitor,
    a_write_starts_the_public_rebuild_without_waiting_for_a_visitor
);
