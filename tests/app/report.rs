//! "List as of date": the report's counts are the list's for the same day (`habeas
//! list --level public --as-of`, another path through the registry), grouped by
//! category; the same report comes as HTML from the site and the CLI and as a PDF read
//! back page by page.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use serde_json::Value;

use crate::campaigns::pdf_pages;
use crate::helpers::{TestDb, on_both};
use crate::web::TestApp;

/// People on the public list held on `day`, by category, from `habeas list`.
fn listed(db: &TestDb, day: &str) -> (BTreeSet<i64>, BTreeMap<String, usize>) {
    let out: Value = serde_json::from_str(&db.ok(&[
        "list", "--level", "public", "--format", "json", "--as-of", day,
    ]))
    .unwrap();
    let mut people = BTreeMap::new();
    for line in out.as_array().unwrap() {
        people.insert(
            line["person"].as_i64().unwrap(),
            line["categories"].as_str().unwrap_or("").to_string(),
        );
    }
    let mut by_category = BTreeMap::new();
    for categories in people.values() {
        let cats: Vec<&str> = categories.split_whitespace().collect();
        if cats.is_empty() {
            *by_category.entry("none".to_string()).or_insert(0) += 1;
        }
        for c in cats {
            *by_category.entry(c.to_string()).or_insert(0) += 1;
        }
    }
    (people.keys().copied().collect(), by_category)
}

/// The (category, count) rows of the report's counts table.
fn counts_of(html: &str) -> BTreeMap<String, usize> {
    let table = &html[html.find("id=\"counts\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    table
        .split("<tr><td><a href=\"#")
        .skip(1)
        .map(|row| {
            let category = row[..row.find('"').unwrap()].to_string();
            let n = &row[row.find("class=\"n\">").unwrap() + 10..];
            (category, n[..n.find('<').unwrap()].parse().unwrap())
        })
        .collect()
}

async fn the_report_counts_what_the_list_holds(db: &TestDb) {
    db.ok(&["demo", "--people", "300", "--seed", "4"]);
    let app = TestApp::new(db).await;
    app.refresh().await;
    for day in ["2022-06-30", "2025-12-31"] {
        let (people, by_category) = listed(db, day);
        assert!(!people.is_empty(), "{day}");
        let page = app.get(&format!("/report?as_of={day}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&format!(
            "{} people held, from the public record",
            people.len()
        )));
        assert_eq!(counts_of(&page.body), by_category, "{day}");
        // Every person listed is in the report, with a link to their page.
        for id in &people {
            assert!(
                page.body.contains(&format!("href=\"/people/{id}\"")),
                "{id}"
            );
        }
        // The CLI makes the same counts.
        let cli = db.ok(&["report", "--as-of", day]);
        assert_eq!(counts_of(&cli), by_category);

        // The PDF: counts on the first page, then each group, every person's name.
        let pdf = app
            .get_bytes(&format!("/report?as_of={day}&format=pdf"))
            .await;
        assert_eq!(pdf.0, StatusCode::OK);
        let pages = pdf_pages(&pdf.1);
        assert!(
            pages[0].contains(&format!("{} people held", people.len())),
            "{}",
            pages[0]
        );
        let text = pages.concat();
        for (category, n) in &by_category {
            let heading = format!("{} ({n})", category.replace('_', " "));
            assert!(text.contains(&heading), "{heading}");
        }
    }
    let path = db.dir.path().join("held.pdf").display().to_string();
    db.ok(&[
        "report",
        "--as-of",
        "2025-12-31",
        "--format",
        "pdf",
        "-o",
        &path,
    ]);
    assert!(!pdf_pages(&std::fs::read(&path).unwrap()).is_empty());
    let err = db.fails(&["report", "--format", "pdf"]);
    assert!(err.contains("-o FILE"), "{err}");
    let err = db.fails(&["report", "--as-of", "2025-02-30"]);
    assert!(err.contains("2025-02-30") || err.contains("day"), "{err}");

    // While another slow file is being made, a new one is refused with a retry, and a
    // cached one is still served.
    {
        let _busy = app.state.heavy.try_acquire().unwrap();
        let r = app.get("/report?as_of=2021-01-31&format=pdf").await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(r.body.contains("try again"), "{}", r.body);
        let cached = app.get("/report?as_of=2025-12-31&format=pdf").await;
        assert_eq!(cached.status, StatusCode::OK);
    }
    assert_eq!(
        app.get("/report?as_of=2021-01-31&format=pdf").await.status,
        StatusCode::OK
    );

    for (uri, name) in [
        ("/report?as_of=2025-02-30", "as_of"),
        ("/report?as_of=soon", "as_of"),
        ("/report?format=xml", "format"),
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(r.body.contains(name), "{uri}: {}", r.body);
    }
}
on_both!(report_counts, the_report_counts_what_the_list_holds);
