//! From an appeal to a public record (issue 14): an appeal that gives no arrest date
//! is accepted from the command line as held by its day, stays off the public list
//! until someone publishes it, and publishing is one audited act per record.

use habeas::store::LogFilter;

use crate::helpers::{TestDb, on_both};
use crate::web::TestApp;

fn appeal() -> String {
    format!(
        "{}/tests/fixtures/appeals/appeal-en.txt",
        env!("CARGO_MANIFEST_DIR")
    )
}

async fn an_appeal_becomes_a_public_record_only_when_published(db: &TestDb) {
    let stored = db.ok(&["ingest", &appeal()]);
    assert!(
        stored.contains("stored 1 article(s) with 1 proposal(s)"),
        "{stored}"
    );
    let done = db.ok(&["proposals", "accept", "1"]);
    assert!(
        done.contains("(..2026-06-12)") && done.contains("gives no date"),
        "{done}"
    );
    let public = db.ok(&["export", "--format", "csv"]);
    assert!(!public.contains("Zeynalli"), "not public yet: {public}");
    let held = db.ok(&["list", "--level", "internal"]);
    assert!(
        held.contains("Elmar Zeynalli") && held.contains("..2026-06-12"),
        "{held}"
    );
    let before = db.ok(&["list", "--level", "internal", "--as-of", "2026-06-11"]);
    assert!(
        !before.contains("Zeynalli"),
        "not known held before: {before}"
    );

    // A source cited only by internal records cannot be made public on its own.
    let refused = db.fails(&["source", "publish", "1"]);
    assert!(
        refused.contains("cited by a record that is internal"),
        "{refused}"
    );

    let out = db.ok(&["person", "publish", "1", "--with-records"]);
    assert_eq!(out.trim(), "published person 1, case 1, event 1, source 1");
    let again = db.ok(&["person", "publish", "1", "--with-records"]);
    assert!(again.contains("already public"), "{again}");
    let public = db.ok(&["export", "--format", "csv"]);
    assert!(
        public.contains("Elmar Zeynalli") && public.contains("..2026-06-12"),
        "{public}"
    );

    let store = db.store().await;
    let log = store
        .log(&LogFilter {
            limit: 20,
            ..LogFilter::default()
        })
        .await
        .unwrap();
    let published: Vec<String> = log
        .iter()
        .filter(|c| c.action == "publish")
        .map(|c| format!("{} {}", c.entity, c.entity_id))
        .collect();
    assert_eq!(
        published,
        ["source 1", "event 1", "case 1", "person 1"],
        "one entry per record, newest first"
    );
    assert!(db.ok(&["audit", "verify"]).contains("ok"));

    // The public page says what is known: held from that day or earlier.
    let app = TestApp::new(db).await;
    let page = app.get("/people/1").await;
    assert!(
        page.body.contains("Detention from 2026-06-12 or earlier"),
        "{}",
        page.body
    );
    let ru = app.get("/people/1?lang=ru").await;
    assert!(
        ru.body.contains("не позднее чем с 2026-06-12"),
        "{}",
        ru.body
    );
}
on_both!(
    an_appeal_becomes_a_public_record_only_when_published,
    an_appeal_becomes_a_public_record_only_when_published
);

/// The workspace's publish button does what `person publish --with-records` does, as
/// one audited act, and only for a role that edits records and with the form's token.
async fn the_workspace_publishes_with_one_button(db: &TestDb) {
    db.ok(&["ingest", &appeal()]);
    db.ok(&["proposals", "accept", "1"]);
    let app = TestApp::new(db).await;
    app.add_user("vusal", habeas::domain::Role::Viewer).await;
    app.add_user("edna", habeas::domain::Role::Editor).await;
    let viewer = app.session_of("vusal").await;
    let editor = app.session_of("edna").await;
    let page = app
        .get_with(
            "/staff/people/1",
            &[(axum::http::header::COOKIE, editor.as_str())],
        )
        .await;
    assert!(
        page.body.contains("action=\"/staff/people/1/publish\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("Not public"), "{}", page.body);
    let csrf = page.csrf();

    let forged = app
        .post("/staff/people/1/publish", "with_records=on", &editor)
        .await;
    assert_eq!(forged.status, axum::http::StatusCode::FORBIDDEN);
    let not_allowed = app
        .post(
            "/staff/people/1/publish",
            &format!("csrf={csrf}&with_records=on"),
            &viewer,
        )
        .await;
    assert_eq!(not_allowed.status, axum::http::StatusCode::FORBIDDEN);
    assert!(!db.ok(&["export", "--format", "csv"]).contains("Zeynalli"));

    // The case alone (with its event): still not public while the person is not.
    assert!(page.body.contains("action=\"/staff/cases/1/publish\""));
    assert!(page.body.contains("action=\"/staff/events/1/publish\""));
    let case = app
        .post(
            "/staff/cases/1/publish",
            &format!("csrf={csrf}&with_records=on"),
            &editor,
        )
        .await;
    assert_eq!(
        case.status,
        axum::http::StatusCode::SEE_OTHER,
        "{}",
        case.body
    );
    assert_eq!(case.headers["location"], "/staff/people/1");
    let registry = app.state.store.registry().await.unwrap();
    assert_eq!(registry.cases[0].level, habeas::domain::Level::Public);
    assert_eq!(registry.events[0].data.level, habeas::domain::Level::Public);
    assert_eq!(
        registry.people[0].data.level,
        habeas::domain::Level::Internal
    );
    assert_eq!(
        app.get("/people/1").await.status,
        axum::http::StatusCode::NOT_FOUND
    );

    let done = app
        .post(
            "/staff/people/1/publish",
            &format!("csrf={csrf}&with_records=on"),
            &editor,
        )
        .await;
    assert_eq!(
        done.status,
        axum::http::StatusCode::SEE_OTHER,
        "{}",
        done.body
    );
    assert!(app.get("/people/1").await.body.contains("Elmar Zeynalli"));
    let history = db.store().await.history("person", 1).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.actor.as_str()),
        ("publish", "edna")
    );
}
on_both!(
    the_workspace_publishes_with_one_button,
    the_workspace_publishes_with_one_button
);

/// The appeal scenario of issue 14, as a user runs it from the command line: one
/// appeal in, its proposal accepted, a draft campaign made from it, the person
/// published, the missing address added and the campaign activated, letters out as a
/// PDF. Eight commands; the human types only the one postal address the appeal does
/// not give and the word "active" (every other field, the Prosecutor General's address
/// and salutation included, comes from the article).
async fn an_appeal_becomes_an_urgent_action_in_eight_commands(db: &TestDb) {
    db.ok(&["ingest", &appeal()]); // 1
    db.ok(&["proposals", "accept", "1"]); // 2
    let drafted = db.ok(&["campaign", "draft", "--from-source", "1"]); // 3
    assert!(drafted.starts_with("1\n"), "{drafted}");
    for blocker in [
        "person 1 (Elmar Zeynalli) is not on the public list",
        "Azerbaijani authorities has no postal address",
    ] {
        assert!(drafted.contains(blocker), "{blocker}: {drafted}");
    }
    assert!(!drafted.contains("Prosecutor General of the Republic of Azerbaijan has no"));
    // A draft is not on the public action pages.
    let app = TestApp::new(db).await;
    assert_eq!(
        app.get("/actions/1").await.status,
        axum::http::StatusCode::NOT_FOUND
    );

    db.ok(&["person", "publish", "1", "--with-records"]); // 4
    let file = db.ok(&["campaign", "show", "1", "--format", "toml"]); // 5
    assert!(
        file.contains("drop all charges against Elmar Zeynalli")
            && file.contains("sources = [1]")
            && file.contains("I urge you to:"),
        "{file}"
    );
    assert!(
        file.contains("Office of the Prosecutor General") && file.contains("Baku, Azerbaijan"),
        "the appeal's address block: {file}"
    );
    assert!(
        file.contains("salutation = \"Dear Prosecutor General,\""),
        "{file}"
    );
    // What the human does in the editor: the one missing address, and the status.
    let edited = file
        .replace("status = \"draft\"", "status = \"active\"")
        .replacen(
            "address = \"\"",
            "address = \"Office of the President\\nBaku\"",
            1,
        );
    let path = db.dir.path().join("ua.toml");
    std::fs::write(&path, edited).unwrap();
    db.ok(&["campaign", "update", "1", "--file", path.to_str().unwrap()]); // 6
    let shown = db.ok(&["campaign", "show", "1"]); // 7
    assert!(shown.contains("[active]"), "{shown}");
    let pdf = db.dir.path().join("letters.pdf");
    db.ok(&[
        "campaign",
        "letters",
        "1",
        "--format",
        "pdf",
        "-o",
        pdf.to_str().unwrap(),
    ]); // 8
    let pages = crate::campaigns::pdf_pages(&std::fs::read(&pdf).unwrap());
    assert_eq!(pages.len(), 2, "one letter to each addressee");
    for page in &pages {
        let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("Elmar Zeynalli")
                && flat.contains("since at least 12 June 2026")
                && flat.contains("release human rights defender Elmar Zeynalli"),
            "{flat}"
        );
    }
    assert!(app.get("/actions/1").await.body.contains("Elmar Zeynalli"));
    assert!(db.ok(&["audit", "verify"]).contains("ok"));
}
on_both!(
    an_appeal_becomes_an_urgent_action_in_eight_commands,
    an_appeal_becomes_an_urgent_action_in_eight_commands
);

/// A Russian appeal drafts a Russian campaign: its demands in the infinitive after
/// "Прошу Вас", addressees in the nominative, and the letter dating the detention in
/// Russian grammar. In the workspace, the review page drafts it with one button and
/// the draft's page lists what stops it from going live.
async fn a_russian_appeal_drafts_a_russian_letter_from_the_workspace(db: &TestDb) {
    let appeal = format!(
        "{}/tests/fixtures/appeals/appeal-ru.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    db.ok(&["ingest", &appeal]);
    db.ok(&["proposals", "accept", "1"]);
    let app = TestApp::new(db).await;
    app.add_user("aida", habeas::domain::Role::Admin).await;
    app.add_user("rauf", habeas::domain::Role::Reviewer).await;
    let admin = app.session_of("aida").await;
    let reviewer = app.session_of("rauf").await;
    let review = app
        .get_with(
            "/staff/proposals/1",
            &[(axum::http::header::COOKIE, admin.as_str())],
        )
        .await;
    assert!(
        review
            .body
            .contains("<li>прекратить уголовное преследование правозащитников</li>")
            && review
                .body
                .contains("of власти Беларуси; Генеральный прокурор"),
        "the reviewer sees what a draft would hold: {}",
        review.body
    );
    assert!(
        review.body.contains("action=\"/staff/sources/1/campaign\""),
        "{}",
        review.body
    );
    let csrf = review.csrf();
    let by_reviewer = app
        .get_with(
            "/staff/proposals/1",
            &[(axum::http::header::COOKIE, reviewer.as_str())],
        )
        .await;
    assert!(
        !by_reviewer.body.contains("/staff/sources/1/campaign"),
        "a reviewer runs no campaigns"
    );

    let drafted = app
        .post("/staff/sources/1/campaign", &format!("csrf={csrf}"), &admin)
        .await;
    assert_eq!(
        drafted.status,
        axum::http::StatusCode::SEE_OTHER,
        "{}",
        drafted.body
    );
    assert_eq!(drafted.headers["location"], "/staff/campaigns/1");
    let page = app
        .get_with(
            "/staff/campaigns/1",
            &[(axum::http::header::COOKIE, admin.as_str())],
        )
        .await;
    assert!(
        page.body.contains("id=\"blockers\"")
            && page.body.contains("Вера Соколовская")
            && page.body.contains("is not on the public list"),
        "{}",
        page.body
    );
    let c = app.state.store.campaign(1).await.unwrap().data;
    assert_eq!(c.status, habeas::campaign::CampaignStatus::Draft);
    assert_eq!(
        c.targets
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        [
            "Власти Беларуси",
            "Генеральный прокурор Республики Беларусь"
        ]
    );
    assert!(c.targets.iter().all(|t| t.language == "ru"));
    assert_eq!(
        c.demands[0],
        "немедленно и безусловно освободить Веру Соколовскую"
    );

    // Published, the letters render in Russian.
    db.ok(&["person", "publish", "1", "--with-records"]);
    let facts = habeas::campaign::facts(
        &app.state.store,
        &c.people,
        habeas::domain::Date::parse("2026-12-08").unwrap(),
    )
    .await
    .unwrap();
    let letters = habeas::campaign::render_letters(
        &c,
        &facts,
        habeas::domain::Date::parse("2026-12-08").unwrap(),
    )
    .unwrap();
    assert!(
        letters[0]
            .text
            .contains("Вера Соколовская, под стражей по меньшей мере с 3 ноября 2026 года")
            && letters[0]
                .text
                .contains("Прошу Вас:\n- немедленно и безусловно освободить"),
        "{}",
        letters[0].text
    );
}
on_both!(
    a_russian_appeal_drafts_a_russian_letter_from_the_workspace,
    a_russian_appeal_drafts_a_russian_letter_from_the_workspace
);

/// A draft copies the article's words into the campaign, which is not sealed at
/// rest: from a restricted article it is refused, and nothing is saved. So is a draft
/// from an article whose people nobody accepted yet.
async fn no_draft_from_a_restricted_or_unreviewed_article(db: &TestDb) {
    db.ok(&["ingest", &appeal()]);
    let early = db.fails(&["campaign", "draft", "--from-source", "1"]);
    assert!(early.contains("accept the people first"), "{early}");
    db.ok(&["proposals", "accept", "1"]);
    let store = db.store().await;
    let id = habeas::domain::SourceId(1);
    let mut source = store.source(id).await.unwrap().data;
    source.level = habeas::domain::Level::Restricted;
    store
        .update_source(&crate::helpers::stamp(), id, &source)
        .await
        .unwrap();
    store.close().await;
    let refused = db.fails(&["campaign", "draft", "--from-source", "1"]);
    assert!(refused.contains("source 1 is restricted"), "{refused}");
    let none = db.ok(&["campaign", "list", "--format", "json"]);
    assert_eq!(none.trim(), "[]");
}
on_both!(
    no_draft_from_a_restricted_or_unreviewed_article,
    no_draft_from_a_restricted_or_unreviewed_article
);

/// A draft's blockers are read by every staff role: a person made restricted is
/// named there by number only.
async fn a_restricted_person_is_named_by_number_in_a_drafts_blockers(db: &TestDb) {
    db.ok(&["ingest", &appeal()]);
    db.ok(&["proposals", "accept", "1"]);
    db.ok(&["campaign", "draft", "--from-source", "1"]);
    let store = db.store().await;
    let id = habeas::domain::PersonId(1);
    let mut person = store.person(id).await.unwrap().data;
    person.level = habeas::domain::Level::Restricted;
    store
        .update_person(&crate::helpers::stamp(), id, &person)
        .await
        .unwrap();
    store.close().await;
    let shown = db.ok(&["campaign", "show", "1"]);
    let blocker = shown
        .lines()
        .find(|l| l.contains("is not on the public list"))
        .unwrap_or_default();
    assert!(
        blocker.contains("person 1 is not on the public list") && !blocker.contains("Zeynalli"),
        "{shown}"
    );
}
on_both!(
    a_restricted_person_is_named_by_number_in_a_drafts_blockers,
    a_restricted_person_is_named_by_number_in_a_drafts_blockers
);
