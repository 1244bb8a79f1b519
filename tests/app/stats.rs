//! The statistics page: its charts' numbers are the list's counts for the same dates,
//! computed by `habeas list --as-of` (another path through the registry); every CSV
//! is there and an unknown one is 404.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde_json::Value;

use crate::helpers::{TestDb, on_both};
use crate::web::TestApp;

/// `habeas list --level public` on `day`, as the site counts it: each person once, under
/// the status of their most recent case held that day.
fn held_by_status(db: &TestDb, day: &str, category: Option<&str>) -> BTreeMap<String, usize> {
    let mut args = vec![
        "list", "--level", "public", "--format", "json", "--as-of", day,
    ];
    if let Some(c) = category {
        args.extend(["--category", c]);
    }
    let out: Value = serde_json::from_str(&db.ok(&args)).unwrap();
    let mut latest: BTreeMap<i64, (String, String)> = BTreeMap::new();
    for line in out.as_array().unwrap() {
        let person = line["person"].as_i64().unwrap();
        let arrested = line["arrested"].as_str().unwrap_or("").to_string();
        let status = line["status"].as_str().unwrap().to_string();
        let entry = latest
            .entry(person)
            .or_insert((arrested.clone(), status.clone()));
        if arrested > entry.0 {
            *entry = (arrested, status);
        }
    }
    let mut counts = BTreeMap::new();
    for (_, (_, status)) in latest {
        *counts.entry(status).or_insert(0) += 1;
    }
    counts
}

async fn chart_numbers_equal_the_lists_counts_for_the_same_dates(db: &TestDb) {
    db.ok(&["demo", "--people", "400", "--seed", "5"]);
    let app = TestApp::new(db).await;
    app.refresh().await;

    let page = app.get("/stats").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("<svg").count(), 4, "{}", page.body);
    for name in ["held", "arrests", "categories", "charges"] {
        assert!(page.body.contains(&format!("href=\"/stats/{name}.csv\"")));
    }

    let held = app.get("/stats/held.csv").await;
    assert_eq!(held.status, StatusCode::OK);
    assert!(
        held.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    // month,day,status,people
    let rows: Vec<Vec<String>> = held
        .body
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    assert!(rows.len() >= 24 * 4, "{}", held.body);
    let mut days: Vec<String> = rows.iter().map(|r| r[1].clone()).collect();
    days.dedup();
    assert_eq!(days.len(), 24);
    let mut checked = 0;
    for day in [&days[0], &days[11], &days[23]] {
        let listed = held_by_status(db, day, None);
        for r in rows.iter().filter(|r| &r[1] == day) {
            let n: usize = r[3].parse().unwrap();
            assert_eq!(n, listed.get(&r[2]).copied().unwrap_or(0), "{r:?}");
            checked += n;
        }
        let total: usize = listed.values().sum();
        let charted: usize = rows
            .iter()
            .filter(|r| &r[1] == day)
            .map(|r| r[3].parse::<usize>().unwrap())
            .sum();
        assert_eq!(charted, total, "held on {day}");
    }
    assert!(checked > 0, "the demo holds people on those days");

    // Held now by category: the list filtered by category on the same day.
    let today = days[23].clone();
    let categories = app.get("/stats/categories.csv").await;
    for line in categories.body.lines().skip(1) {
        let (category, n) = line.split_once(',').unwrap();
        if category == "none" {
            continue;
        }
        let listed: usize = held_by_status(db, &today, Some(category)).values().sum();
        assert_eq!(n.parse::<usize>().unwrap(), listed, "{category}");
    }
    // Arrests per month add up to the arrests the demo dated in the window.
    let arrests = app.get("/stats/arrests.csv").await;
    assert!(arrests.body.starts_with("month,category,arrests\n"));
    let charges = app.get("/stats/charges.csv").await;
    assert!(charges.body.lines().count() > 1, "{}", charges.body);
    assert_eq!(
        app.get("/stats/passwords.csv").await.status,
        StatusCode::NOT_FOUND
    );
}
on_both!(
    chart_numbers_equal_the_lists_counts_for_the_same_dates,
    chart_numbers_equal_the_lists_counts_for_the_same_dates
);
