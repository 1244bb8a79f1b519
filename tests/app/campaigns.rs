//! Campaigns (urgent actions): created from a file and checked whole, letters in each
//! target's language with every fact filled, the printable pack as HTML and as PDF
//! (read back: one page a letter, the person's name on each), and the public action
//! page with its "I sent a letter" counter (CSRF token, per-address limit, counts by
//! day, nothing kept about the visitor).

use axum::http::StatusCode;
use habeas::campaign::CampaignStatus;

use crate::helpers::{TestDb, on_both, stamp, today};
use crate::web::TestApp;

/// Each page's text of a PDF, read back with a PDF library.
pub fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let pages = doc.get_pages();
    pages
        .keys()
        .map(|n| doc.extract_text(&[*n]).unwrap())
        .collect()
}

/// A public person held since `arrested`, with a charge and a facility.
async fn held_person(db: &TestDb, name: &str, arrested: &str) -> i64 {
    let store = db.store().await;
    let id = store
        .add_person(&stamp(), &crate::store::person(name))
        .await
        .unwrap();
    let mut case = crate::store::case(id, arrested);
    case.charges = vec![habeas::domain::Charge::parse("221.3=Hooliganism").unwrap()];
    case.facility = Some("Detention Centre No. 1".into());
    store.add_case(&stamp(), &case).await.unwrap();
    store.close().await;
    id.0
}

fn campaign_file(people: &[i64], status: &str, en_body: &str) -> String {
    let people: Vec<String> = people.iter().map(|p| p.to_string()).collect();
    format!(
        r#"title = "Free the editors"
status = "{status}"
people = [{}]
summary = "Two editors are held for what they published."
demands = ["Release them now", "Drop the charges"]
deadline = "2027-01-31"

[[targets]]
name = "Rauf Quliyev"
title = "Prosecutor General"
address = "1 Example Square\nDemo City"
email = "office@example.org"
salutation = "Hörmətli cənab Quliyev,"
language = "az"

[[targets]]
name = "Jane Example"
title = "Ambassador"
address = "2 Example Road\nDemo City"
salutation = "Dear Ambassador,"
language = "en"

[templates]
az = """{{{{ target.salutation }}}}
{{{{ name }}}} {{{{ arrest_date }}}} tarixində həbs edilib ({{{{ charges }}}}), {{{{ facility }}}}, {{{{ days_in_detention }}}} gün."""
en = """{en_body}"""
"#,
        people.join(", ")
    )
}

const EN_BODY: &str = "{{ target.salutation }}\n{% for p in people %}{{ p.name }} (arrested {{ p.arrest_date }}, {{ p.days_in_detention }} days, {{ p.charges }}, {{ p.facility }})\n{% endfor %}{{ campaign.demands | join('; ') }}";

fn write(db: &TestDb, name: &str, text: &str) -> String {
    let path = db.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

async fn letters_from_the_command_line(db: &TestDb) {
    db.ok(&["init"]);
    let leyla = held_person(db, "Leyla Məmmədova", "2026-11-01").await;
    let anar = held_person(db, "Anar Həsənov", "2026-10-01").await;
    let file = write(
        db,
        "ua.toml",
        &campaign_file(&[leyla, anar], "draft", EN_BODY),
    );
    let id = db.ok(&["campaign", "create", "--file", &file]);
    assert_eq!(id.trim(), "1");

    // Every variable is filled, each target in its own language.
    let text = db.ok(&["campaign", "letters", "1"]);
    assert!(text.contains("=== to Rauf Quliyev, Prosecutor General (az) ==="));
    assert!(text.contains("Hörmətli cənab Quliyev,\nLeyla Məmmədova 1 noyabr 2026 tarixində həbs edilib (221.3 (Hooliganism)), Detention Centre No. 1,"), "{text}");
    assert!(text.contains("Dear Ambassador,\nLeyla Məmmədova (arrested 1 November 2026,"));
    assert!(text.contains("Anar Həsənov (arrested 1 October 2026,"));
    assert!(text.contains("Release them now; Drop the charges"));
    assert!(!text.contains("{{") && !text.contains("}}"));

    // The pack: HTML with one article a letter, PDF with one page a letter.
    let html = db.ok(&["campaign", "letters", "1", "--format", "html"]);
    assert_eq!(html.matches("<article class=\"letter\"").count(), 2);
    assert!(html.contains("@media print") && html.contains("break-after: page"));
    let pdf_path = db.dir.path().join("letters.pdf").display().to_string();
    db.ok(&[
        "campaign", "letters", "1", "--format", "pdf", "-o", &pdf_path,
    ]);
    let pages = pdf_pages(&std::fs::read(&pdf_path).unwrap());
    assert_eq!(pages.len(), 2, "one page a letter");
    for page in &pages {
        assert!(page.contains("Leyla Məmmədova"), "{page}");
    }
    assert!(pages[0].contains("Rauf Quliyev") && pages[0].contains("həbs edilib"));
    assert!(pages[1].contains("Jane Example") && pages[1].contains("Dear Ambassador"));
    let err = db.fails(&["campaign", "letters", "1", "--format", "pdf"]);
    assert!(err.contains("-o FILE"), "{err}");

    // An unknown variable is refused when the campaign is saved; nothing is saved.
    let typo = write(
        db,
        "typo.toml",
        &campaign_file(&[leyla], "draft", "Dear {{ target.nmae }}, {{ name }}"),
    );
    let err = db.fails(&["campaign", "create", "--file", &typo]);
    assert!(err.contains("unknown variable 'target.nmae'"), "{err}");
    assert!(err.contains("'en' letter"), "{err}");
    // So is a live campaign for a person the public list does not show (a draft may
    // name them: it lists what stops it from going live, see appeal.rs).
    let store = db.store().await;
    let mut hidden = crate::store::person("Hidden Person");
    hidden.level = habeas::domain::Level::Internal;
    let hidden = store.add_person(&stamp(), &hidden).await.unwrap();
    store.close().await;
    let secret = write(
        db,
        "hidden.toml",
        &campaign_file(&[hidden.0], "active", EN_BODY),
    );
    let err = db.fails(&["campaign", "create", "--file", &secret]);
    assert!(
        err.contains(&format!("person {hidden} is not on the public list")),
        "{err}"
    );

    // The list as JSON holds the one campaign saved.
    let list: serde_json::Value =
        serde_json::from_str(&db.ok(&["campaign", "list", "--format", "json"])).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["status"], "draft");
    assert_eq!(list[0]["letters_sent"], 0);
    assert_eq!(list[0]["targets"].as_array().unwrap().len(), 2);

    // Round trip: shown as TOML, edited, updated.
    let toml = db.ok(&["campaign", "show", "1", "--format", "toml"]);
    let edited = write(
        db,
        "edited.toml",
        &toml.replace("status = \"draft\"", "status = \"active\""),
    );
    db.ok(&["campaign", "update", "1", "--file", &edited]);
    let shown = db.ok(&["campaign", "show", "1"]);
    assert!(
        shown.starts_with("Free the editors [active] (campaign 1)"),
        "{shown}"
    );
    // The audit log holds both writes.
    let store = db.store().await;
    let history = store.history("campaign", 1).await.unwrap();
    assert_eq!(history.len(), 2);
    store.close().await;
}
on_both!(
    campaign_letters_from_the_command_line,
    letters_from_the_command_line
);

async fn the_demo_has_campaigns(db: &TestDb) {
    db.ok(&["demo", "--people", "200"]);
    let list: serde_json::Value =
        serde_json::from_str(&db.ok(&["campaign", "list", "--format", "json"])).unwrap();
    let mut statuses: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    statuses.sort();
    assert_eq!(statuses, ["active", "closed", "draft"]);
    // Loading more demo people does not add the campaigns again.
    db.ok(&["demo", "--people", "10", "--seed", "2"]);
    let again: serde_json::Value =
        serde_json::from_str(&db.ok(&["campaign", "list", "--format", "json"])).unwrap();
    assert_eq!(again.as_array().unwrap().len(), 3);
}
on_both!(demo_campaigns, the_demo_has_campaigns);

/// A campaign saved through the library, as the CLI and the workspace do.
pub async fn save(store: &habeas::store::Store, people: &[i64], status: CampaignStatus) -> i64 {
    let mut c = habeas::campaign::CampaignFile::parse(&campaign_file(people, "draft", EN_BODY))
        .unwrap()
        .to_campaign()
        .unwrap();
    c.status = status;
    let checked = habeas::campaign::check(store, c, today()).await.unwrap();
    store.save_campaign(&stamp(), None, &checked).await.unwrap()
}

async fn saved(app: &TestApp, people: &[i64], status: CampaignStatus) -> i64 {
    save(&app.state.store, people, status).await
}

fn hidden_field(body: &str, name: &str) -> String {
    let at = body
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} field"));
    let rest = &body[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

fn sent_count(body: &str) -> i64 {
    let at = body.find("id=\"letters-sent\">").unwrap() + 18;
    body[at..at + body[at..].find('<').unwrap()]
        .parse()
        .unwrap()
}

async fn the_action_page_counts_letters(db: &TestDb) {
    db.ok(&["init"]);
    let leyla = held_person(db, "Leyla Məmmədova", "2026-11-01").await;
    let app = TestApp::new(db).await;
    let active = saved(&app, &[leyla], CampaignStatus::Active).await;
    let draft = saved(&app, &[leyla], CampaignStatus::Draft).await;
    let closed = saved(&app, &[leyla], CampaignStatus::Closed).await;

    let index = app.get("/actions").await;
    assert!(index.body.contains(&format!("href=\"/actions/{active}\"")));
    assert!(!index.body.contains(&format!("href=\"/actions/{draft}\"")));
    assert_eq!(
        app.get(&format!("/actions/{draft}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/actions/999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/actions/x").await.status, StatusCode::NOT_FOUND);

    let page = app.get(&format!("/actions/{active}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "Free the editors",
        "Two editors are held for what they published.",
        "Release them now",
        "Hörmətli cənab Quliyev,",
        "Leyla Məmmədova (arrested 1 November 2026, 28 days, 221.3 (Hooliganism), Detention Centre No. 1)",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    assert_eq!(sent_count(&page.body), 0);
    // The only cookie is the form's token, and it is the one in the form.
    let cookies: Vec<_> = page.headers.get_all("set-cookie").iter().collect();
    assert_eq!(cookies.len(), 1);
    let token = page.cookie("habeas_action_csrf").unwrap();
    assert_eq!(hidden_field(&page.body, "csrf"), token);
    let cookie = format!("habeas_action_csrf={token}");
    let uri = format!("/actions/{active}/sent");

    // Without the token, or with another one, nothing is counted.
    assert_eq!(
        app.post(&uri, "", &cookie).await.status,
        StatusCode::FORBIDDEN
    );
    let forged = app
        .post(&uri, &format!("csrf={}", "0".repeat(64)), &cookie)
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.post(&uri, &format!("csrf={token}"), "").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.state.store.letters_total(active).await.unwrap(), 0);

    let done = app.post(&uri, &format!("csrf={token}"), &cookie).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        done.headers["location"],
        format!("/actions/{active}?sent=1")
    );
    let after = app
        .get_with(
            &format!("/actions/{active}?sent=1"),
            &[(axum::http::header::COOKIE, &cookie)],
        )
        .await;
    assert_eq!(sent_count(&after.body), 1);
    assert!(after.body.contains("your letter is counted"));
    assert!(
        after.headers.get("set-cookie").is_none(),
        "the token is kept"
    );

    // Per address and hour: the allowance, then refusals that count nothing.
    for _ in 1..habeas::web::LETTERS_PER_HOUR {
        let r = app.post(&uri, &format!("csrf={token}"), &cookie).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let refused = app.post(&uri, &format!("csrf={token}"), &cookie).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.body.contains("already counted"));
    let per_hour = i64::from(habeas::web::LETTERS_PER_HOUR);
    assert_eq!(
        app.state.store.letters_total(active).await.unwrap(),
        per_hour
    );
    // An hour later the address may count again, on the day's row.
    app.time
        .fetch_add(3_600, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        app.post(&uri, &format!("csrf={token}"), &cookie)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let days = app.state.store.letters_by_day(active).await.unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].day, today().to_string());
    assert_eq!(days[0].count, per_hour + 1);

    // A closed campaign shows its count and takes no letters.
    let closed_page = app.get(&format!("/actions/{closed}")).await;
    assert!(closed_page.body.contains("This action is closed"));
    assert!(!closed_page.body.contains("I sent a letter"));
    let r = app
        .post(
            &format!("/actions/{closed}/sent"),
            &format!("csrf={token}"),
            &cookie,
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(app.state.store.letters_total(closed).await.unwrap(), 0);

    // The printable pack of the active campaign.
    let pdf = app.get(&format!("/actions/{active}/letters.pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    let html = app.get(&format!("/actions/{active}/letters.html")).await;
    assert_eq!(html.body.matches("<article class=\"letter\"").count(), 2);
    for file in ["letters.pdf", "letters.html"] {
        let r = app.get(&format!("/actions/{draft}/{file}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(
        app.get(&format!("/actions/{active}/other.txt"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // A person taken off the public list: the public learns nothing of why, the staff
    // workspace says it.
    let mut hidden = crate::store::person("Leyla Məmmədova");
    hidden.level = habeas::domain::Level::Internal;
    app.state
        .store
        .update_person(&stamp(), habeas::domain::PersonId(leyla), &hidden)
        .await
        .unwrap();
    for uri in [
        format!("/actions/{active}"),
        format!("/actions/{active}/letters.pdf"),
        format!("/actions/{active}/letters.html"),
    ] {
        let r = app.get(&uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!r.body.contains("public list"), "{uri}: {}", r.body);
    }
}
on_both!(action_page_counter, the_action_page_counts_letters);

#[tokio::test]
async fn the_web_pdf_has_one_page_per_letter() {
    let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
    db.ok(&["init"]);
    let leyla = held_person(&db, "Leyla Məmmədova", "2026-11-01").await;
    let app = TestApp::new(&db).await;
    let id = saved(&app, &[leyla], CampaignStatus::Active).await;
    let bytes = {
        let resp = app.get_bytes(&format!("/actions/{id}/letters.pdf")).await;
        assert_eq!(resp.0, StatusCode::OK);
        resp.1
    };
    let pages = pdf_pages(&bytes);
    assert_eq!(pages.len(), 2);
    assert!(pages.iter().all(|p| p.contains("Leyla Məmmədova")));
    db.finish().await;
}

async fn campaigners_edit_campaigns_in_the_workspace(db: &TestDb) {
    db.ok(&["init"]);
    let leyla = held_person(db, "Leyla Məmmədova", "2026-11-01").await;
    let app = TestApp::new(db).await;
    app.add_user("camila", habeas::domain::Role::Campaigner)
        .await;
    let cookie = app.session_of("camila").await;
    let form = app
        .get_with(
            "/staff/campaigns/new",
            &[(axum::http::header::COOKIE, &cookie)],
        )
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = hidden_field(&form.body, "csrf");
    // Three target blocks (one filled, two spare) and templates for en, az, ru and one more.
    assert_eq!(form.body.matches("name=\"target_name\"").count(), 2);
    assert_eq!(form.body.matches("name=\"template_body\"").count(), 4);
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let body = |template: &str| {
        [
            format!("csrf={csrf}"),
            format!("title={}", enc("Free Leyla")),
            "status=active".into(),
            "deadline=2027-01-31".into(),
            format!("people={leyla}"),
            format!("summary={}", enc("A reporter held since November.")),
            format!("demands={}", enc("Release her\r\nDrop the charges")),
            format!("target_name={}", enc("Jane Example")),
            "target_title=Ambassador".into(),
            format!("target_address={}", enc("2 Example Road\r\nDemo City")),
            "target_email=".into(),
            format!("target_salutation={}", enc("Dear Ambassador,")),
            "target_language=en".into(),
            // A spare target block left blank.
            "target_name=&target_title=&target_address=&target_email=&target_salutation=&target_language=".into(),
            "template_language=en".into(),
            format!("template_body={}", enc(template)),
            "template_language=az&template_body=".into(),
        ]
        .join("&")
    };
    let refused = app
        .post(
            "/staff/campaigns/new",
            &body("{{ target.salutation }} {{ nmae }}"),
            &cookie,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("unknown variable &#x27;nmae&#x27;")
            || refused.body.contains("unknown variable 'nmae'"),
        "{}",
        refused.body
    );
    // What was typed comes back.
    assert!(refused.body.contains("A reporter held since November."));
    assert!(app.state.store.campaigns().await.unwrap().is_empty());

    let done = app
        .post(
            "/staff/campaigns/new",
            &body(
                "{{ target.salutation }}\n{{ name }} has been held {{ days_in_detention }} days.",
            ),
            &cookie,
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.headers["location"], "/staff/campaigns/1");
    let c = app.state.store.campaign(1).await.unwrap();
    assert_eq!(c.data.targets.len(), 1);
    assert_eq!(c.data.templates.len(), 1);
    assert_eq!(c.data.demands, ["Release her", "Drop the charges"]);
    assert_eq!(c.data.targets[0].address, "2 Example Road\nDemo City");

    // Letters counted on two days show per day on the staff page.
    let yesterday = today().add_days(-1).unwrap();
    app.state.store.count_letter(1, yesterday).await.unwrap();
    app.state.store.count_letter(1, today()).await.unwrap();
    app.state.store.count_letter(1, today()).await.unwrap();
    let shown = app
        .get_with(
            "/staff/campaigns/1",
            &[(axum::http::header::COOKIE, &cookie)],
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("Letters sent: 3"));
    assert!(
        shown
            .body
            .contains(&format!("<tr><td>{yesterday}</td><td>1</td></tr>"))
    );
    assert!(
        shown
            .body
            .contains(&format!("<tr><td>{}</td><td>2</td></tr>", today()))
    );
    assert!(
        shown
            .body
            .contains("Leyla Məmmədova has been held 28 days.")
    );

    // The edit form holds the campaign; saving it closed changes the status only.
    let edit = app
        .get_with(
            "/staff/campaigns/1/edit",
            &[(axum::http::header::COOKIE, &cookie)],
        )
        .await;
    assert!(edit.body.contains("value=\"Free Leyla\""));
    let closed =
        body("{{ target.salutation }}\n{{ name }} has been held {{ days_in_detention }} days.")
            .replace("status=active", "status=closed");
    let r = app.post("/staff/campaigns/1/edit", &closed, &cookie).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.state.store.campaign(1).await.unwrap().data.status,
        CampaignStatus::Closed
    );
    assert_eq!(app.state.store.letters_total(1).await.unwrap(), 3);
}
on_both!(
    workspace_campaigns,
    campaigners_edit_campaigns_in_the_workspace
);
