//! The public boundary: markers planted in every non-public field must never appear in
//! a public output, and restricted markers never in the database files or rows.

use habeas::domain::*;
use habeas::exchange::{ExportFormat, export};
use habeas::store::Store;

use crate::helpers::{TestDb, on_both, stamp};
use crate::store::{case, event, person};

const INTERNAL: &str = "CANARY-INTERNAL";
const RESTRICTED: &str = "CANARY-RESTRICTED";

/// A registry with a marker in every field that is not public.
async fn plant(store: &Store) {
    let s = stamp();
    let mut p = person("Leyla Məmmədova");
    p.notes = Some(Leveled::new(format!("{INTERNAL} note"), Level::Internal));
    p.contacts = Some(Leveled::new(
        format!("{RESTRICTED} contact"),
        Level::Restricted,
    ));
    p.bio = Some(Leveled::new("Public biography.", Level::Public));
    p.names.push(PersonName {
        level: Level::Internal,
        ..PersonName::new(
            NameText::parse(&format!("{INTERNAL} Alias")).unwrap(),
            NameKind::Alias,
        )
    });
    p.names.push(PersonName {
        level: Level::Restricted,
        ..PersonName::new(
            NameText::parse(&format!("{RESTRICTED} Alias")).unwrap(),
            NameKind::Alias,
        )
    });
    let pid = store.add_person(&s, &p).await.unwrap();

    let mut hidden_bio = person("Anar Məmmədov");
    hidden_bio.bio = Some(Leveled::new(format!("{RESTRICTED} bio"), Level::Restricted));
    hidden_bio.notes = Some(Leveled::new(
        format!("{RESTRICTED} notes"),
        Level::Restricted,
    ));
    store.add_person(&s, &hidden_bio).await.unwrap();

    let mut internal_person = person(&format!("{INTERNAL} Person"));
    internal_person.level = Level::Internal;
    internal_person.bio = Some(Leveled::new(format!("{INTERNAL} bio"), Level::Public));
    store.add_person(&s, &internal_person).await.unwrap();

    let public_case = store.add_case(&s, &case(pid, "2024-03-01")).await.unwrap();
    let mut internal_case = case(pid, "2020-01-01");
    internal_case.level = Level::Internal;
    internal_case.place = Some(format!("{INTERNAL} place"));
    internal_case.court = Some(format!("{INTERNAL} court"));
    store.add_case(&s, &internal_case).await.unwrap();
    let mut restricted_case = case(pid, "2019-01-01");
    restricted_case.level = Level::Restricted;
    restricted_case.place = Some(format!("{RESTRICTED} place"));
    store.add_case(&s, &restricted_case).await.unwrap();
    let mut internal_assessment = case(pid, "2018-01-01");
    internal_assessment.assessment.as_mut().unwrap().level = Level::Internal;
    internal_assessment.assessment.as_mut().unwrap().reasoning = format!("{INTERNAL} reasoning");
    store.add_case(&s, &internal_assessment).await.unwrap();
    let mut restricted_assessment = case(pid, "2017-01-01");
    restricted_assessment.assessment.as_mut().unwrap().level = Level::Restricted;
    restricted_assessment.assessment.as_mut().unwrap().reasoning =
        format!("{RESTRICTED} reasoning");
    store.add_case(&s, &restricted_assessment).await.unwrap();

    let mut internal_event = event(public_case, EventKind::Transferred, "2024-04-01");
    internal_event.level = Level::Internal;
    internal_event.details = Some(format!("{INTERNAL} details"));
    internal_event.facility = Some(format!("{INTERNAL} facility"));
    let mut internal_source =
        NewSource::from_url(&format!("https://example.org/{INTERNAL}")).unwrap();
    internal_source.level = Level::Internal;
    internal_source.title = Some(format!("{INTERNAL} title"));
    store
        .add_event(&s, &internal_event, &[internal_source])
        .await
        .unwrap();

    let mut restricted_event = event(public_case, EventKind::IllTreatmentReported, "2024-05-01");
    restricted_event.level = Level::Restricted;
    restricted_event.details = Some(format!("{RESTRICTED} details"));
    let mut restricted_source = NewSource::from_url("https://example.org/witness").unwrap();
    restricted_source.level = Level::Restricted;
    restricted_source.excerpt = Some(format!("{RESTRICTED} excerpt"));
    store
        .add_event(&s, &restricted_event, &[restricted_source])
        .await
        .unwrap();

    let mut public_event = event(public_case, EventKind::Hearing, "2024-06-01");
    public_event.details = Some("Public hearing.".into());
    let mut hidden_source = NewSource::from_url("https://example.org/hidden-source").unwrap();
    hidden_source.level = Level::Internal;
    hidden_source.publisher = Some(format!("{INTERNAL} publisher"));
    store
        .add_event(
            &s,
            &public_event,
            &[
                NewSource::from_url("https://example.org/public").unwrap(),
                hidden_source,
            ],
        )
        .await
        .unwrap();
}

fn exports(reg: &habeas::store::Registry, level: Level) -> Vec<(String, String)> {
    [ExportFormat::Csv, ExportFormat::Json, ExportFormat::Ndjson]
        .into_iter()
        .map(|f| {
            let mut out = Vec::new();
            export(reg, level, f, &mut out).unwrap();
            (format!("{f:?} {level}"), String::from_utf8(out).unwrap())
        })
        .collect()
}

async fn no_marker_reaches_a_public_export(db: &TestDb) {
    let store = db.store().await;
    plant(&store).await;
    let reg = store.registry().await.unwrap();
    for (what, text) in exports(&reg, Level::Public) {
        assert!(!text.contains("CANARY"), "{what} leaks a marker:\n{text}");
        assert!(
            text.contains("Leyla Məmmədova")
                && text.contains("Public hearing.")
                && text.contains("example.org/public"),
            "{what} lost public data"
        );
        assert!(text.contains("Public biography."), "{what}");
    }
    // Popolo holds less (no notes, no event details), and never a marker above its level.
    let meta = habeas::exchange::DataMeta {
        generated: "2026-11-29".into(),
        licence: "test".into(),
    };
    for level in [Level::Public, Level::Internal] {
        let mut out = Vec::new();
        habeas::exchange::popolo(&reg, level, &meta, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let marker = if level == Level::Public {
            "CANARY"
        } else {
            RESTRICTED
        };
        assert!(
            !text.contains(marker),
            "Popolo {level} leaks a marker:\n{text}"
        );
        assert!(text.contains("Leyla Məmmədova") && text.contains("example.org/public"));
    }
    for (what, text) in exports(&reg, Level::Internal) {
        assert!(
            !text.contains(RESTRICTED),
            "{what} leaks a restricted marker"
        );
        assert!(
            text.contains(&format!("{INTERNAL} note"))
                && text.contains(&format!("{INTERNAL} details")),
            "{what} lost internal data"
        );
    }
    // The restricted marker is stored sealed: no row of any table holds it in clear,
    // the audit log included.
    for table in [
        "people",
        "person_names",
        "cases",
        "events",
        "sources",
        "audit_log",
        "case_charges",
        "meta",
    ] {
        let rows = habeas_rows_as_text(&db.db, table).await;
        assert!(
            !rows.contains(RESTRICTED),
            "{table} holds a restricted marker in clear"
        );
        if table == "people" {
            assert!(
                rows.contains("sealed:v1:"),
                "restricted contacts are sealed"
            );
        }
    }
    // The public view does not let a hidden event move the status.
    let public = habeas::public::PublicPerson::all(&reg);
    let leyla = &public[0];
    assert_eq!(leyla.cases.len(), 3, "only public cases");
    assert!(
        leyla
            .cases
            .iter()
            .all(|c| c.events.iter().all(|e| e.kind != EventKind::Transferred))
    );
    store.close().await;
}
on_both!(
    no_marker_reaches_a_public_export,
    no_marker_reaches_a_public_export
);

/// Every row of `table` as text, read with a plain connection (not through habeas).
async fn habeas_rows_as_text(db: &str, table: &str) -> String {
    use sqlx::{Connection, Row};
    let sql = if db.starts_with("postgres") {
        format!("SELECT CAST(t.* AS TEXT) AS r FROM {table} t")
    } else {
        let cols: &str = match table {
            "people" => {
                "id || coalesce(bio,'') || coalesce(notes,'') || coalesce(contacts,'') || categories || affiliations"
            }
            "person_names" => "name",
            "cases" => {
                "coalesce(place,'') || coalesce(court,'') || coalesce(assessment_reasoning,'')"
            }
            "events" => "coalesce(details,'') || coalesce(facility,'')",
            "sources" => {
                "coalesce(url,'') || coalesce(title,'') || coalesce(excerpt,'') || coalesce(publisher,'')"
            }
            "audit_log" => "coalesce(after,'') || coalesce(before,'')",
            "case_charges" => "article || coalesce(text,'')",
            _ => "key || value",
        };
        format!("SELECT {cols} AS r FROM {table}")
    };
    let mut conn = sqlx::AnyConnection::connect(&if db.starts_with("postgres") {
        db.to_string()
    } else {
        format!("sqlite://{db}")
    })
    .await
    .unwrap();
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut conn)
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get::<String, _>("r").unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn no_restricted_marker_is_in_the_sqlite_files() {
    let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
    let store = db.store().await;
    plant(&store).await;
    // While the store is open the WAL holds recent pages: read both files now, and
    // again after closing (checkpointed into the main file).
    let scan = || {
        let mut seen = Vec::new();
        for entry in std::fs::read_dir(db.dir.path()).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let found = bytes
                .windows(RESTRICTED.len())
                .any(|w| w == RESTRICTED.as_bytes());
            seen.push((
                path.file_name().unwrap().to_string_lossy().to_string(),
                found,
                bytes.len(),
            ));
        }
        seen
    };
    let open_files = scan();
    assert!(
        open_files
            .iter()
            .any(|(n, _, len)| n.ends_with("-wal") && *len > 0),
        "the WAL was scanned: {open_files:?}"
    );
    assert!(
        open_files.iter().all(|(_, found, _)| !found),
        "{open_files:?}"
    );
    // The internal marker is in clear, which proves the scan would see a marker.
    let main = std::fs::read(db.dir.path().join("habeas.db-wal")).unwrap();
    assert!(
        main.windows(INTERNAL.len())
            .any(|w| w == INTERNAL.as_bytes())
    );
    store.close().await;
    assert!(scan().iter().all(|(_, found, _)| !found));
    db.finish().await;
}

const CAMPAIGN: &str = r#"title = "Canary action"
status = "active"
people = [1]
summary = "Public summary."
demands = ["Release"]

[[targets]]
name = "A. Target"
title = "Prosecutor"
address = "1 Example Square"
salutation = "Dear Prosecutor,"
language = "en"

[templates]
en = """{{ target.salutation }} {{ name }} {{ arrest_date }} {{ charges }} {{ facility }} {{ days_in_detention }}
{% for p in people %}{{ p.name }} {{ p.facility }} {{ p.charges }}{% endfor %}"""
"#;

/// Every public route, with every filter, searched for markers.
async fn no_marker_reaches_a_public_page_or_the_api(db: &TestDb) {
    let app = crate::web::TestApp::new(db).await;
    plant(&app.state.store).await;
    // An active campaign about the person with secrets, using every letter variable.
    let mut campaign = habeas::campaign::CampaignFile::parse(CAMPAIGN)
        .unwrap()
        .to_campaign()
        .unwrap();
    campaign.people = vec![PersonId(1)];
    let checked = habeas::campaign::check(&app.state.store, campaign, crate::helpers::today())
        .await
        .unwrap();
    let action = app
        .state
        .store
        .save_campaign(&stamp(), None, &checked)
        .await
        .unwrap();
    let pdf = app
        .get_bytes(&format!("/actions/{action}/letters.pdf"))
        .await;
    let pages = crate::campaigns::pdf_pages(&pdf.1);
    assert!(
        pages
            .iter()
            .all(|p| p.contains("Leyla Məmmədova") && !p.contains("CANARY"))
    );
    app.refresh().await;
    let report = app.get_bytes("/report?as_of=2024-06-15&format=pdf").await;
    let report = crate::campaigns::pdf_pages(&report.1).concat();
    assert!(report.contains("Leyla Məmmədova") && !report.contains("CANARY"));
    let mut uris: Vec<String> = vec![
        "/data/".into(),
        "/data/people.csv".into(),
        "/data/people.json".into(),
        "/data/popolo.json".into(),
        "/data/README.txt".into(),
        "/report".into(),
        "/report?as_of=2024-06-15".into(),
        "/report?as_of=2020-06-01".into(),
        "/report?as_of=2019-06-01".into(),
        "/actions".into(),
        format!("/actions/{action}"),
        format!("/actions/{action}/letters.html"),
        "/".into(),
        "/healthz".into(),
        "/nowhere".into(),
        "/?page=0".into(),
        "/?country=XYZ".into(),
        "/login".into(),
        "/staff/".into(),
        "/stats".into(),
        "/stats/held.csv".into(),
        "/stats/arrests.csv".into(),
        "/stats/categories.csv".into(),
        "/stats/charges.csv".into(),
        "/feed.atom".into(),
        "/feed.atom?country=AZ".into(),
    ];
    let mut filters: Vec<String> = Vec::new();
    for s in Status::ALL {
        filters.push(format!("status={s}"));
    }
    for c in Category::ALL {
        filters.push(format!("category={c}"));
    }
    for extra in [
        "country=AZ",
        "as_of=2018-06-01",
        "as_of=2020-06-01",
        "as_of=2024-04-15",
        "sort=arrested",
        "page=2",
        "q=leyla",
        "q=alias",
    ] {
        filters.push(extra.to_string());
    }
    for f in &filters {
        uris.push(format!("/?{f}"));
        uris.push(format!("/?{f}&as_of=2019-06-01"));
        uris.push(format!("/api/v1/people?{f}"));
    }
    for id in 1..=5 {
        uris.push(format!("/people/{id}"));
        uris.push(format!("/api/v1/people/{id}"));
    }
    for uri in &uris {
        let page = app.get(uri).await;
        assert!(!page.status.is_server_error(), "{uri}: {}", page.status);
        assert!(
            !page.body.contains("CANARY"),
            "{uri} leaks a marker:\n{}",
            page.body
        );
    }
    // The public person's page still shows their public facts.
    assert!(app.get("/people/1").await.body.contains("Public hearing."));
    // Searching for a marker finds nothing and looks exactly like searching for noise.
    for marker in [INTERNAL, RESTRICTED, "CANARY"] {
        let noise = "Q".repeat(marker.len());
        for base in [
            "/?q=",
            "/?as_of=2019-06-01&status=released&q=",
            "/api/v1/people?q=",
        ] {
            let hit = app.get(&format!("{base}{marker}")).await;
            let miss = app.get(&format!("{base}{noise}")).await;
            assert_eq!(hit.status, miss.status);
            assert_eq!(
                hit.body.replace(marker, "?"),
                miss.body.replace(&noise, "?"),
                "{base}{marker}"
            );
        }
    }
}
on_both!(
    no_marker_reaches_a_public_page_or_the_api,
    no_marker_reaches_a_public_page_or_the_api
);
