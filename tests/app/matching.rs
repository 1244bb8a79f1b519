//! The name matcher through the CLI: `habeas match` against the registry, and
//! `habeas eval names` on the labelled names (tests/fixtures/names).

use std::path::PathBuf;

use serde_json::Value;

use crate::helpers::{TestDb, on_both};

fn labelled_names() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/names")
}

#[tokio::test]
async fn the_labelled_name_groups_match_and_distinct_pairs_stay_apart() {
    let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
    let dir = labelled_names();
    let out = db.ok(&["eval", "names", dir.to_str().unwrap(), "--json"]);
    let scores: Value = serde_json::from_str(&out).unwrap();
    assert!(scores["groups"].as_u64().unwrap() >= 10, "{scores}");
    assert_eq!(scores["groups_matched"], scores["groups"], "{scores}");
    assert_eq!(scores["spellings_matched"], scores["spellings"], "{scores}");
    assert_eq!(scores["pairs_apart"], scores["pairs"], "{scores}");
    assert!(
        !std::path::Path::new(&db.db).exists(),
        "eval opens no database"
    );
    let text = db.ok(&["eval", "names", dir.to_str().unwrap()]);
    assert!(text.contains("groups fully matched    1.000"), "{text}");
    let missing = db.fails(&["eval", "names", "/no/such/dir"]);
    assert!(
        missing.contains("cannot read /no/such/dir/variants.json"),
        "{missing}"
    );
}

async fn match_finds_people_by_any_spelling_best_first(db: &TestDb) {
    let leyla = db.ok(&[
        "person",
        "add",
        "--name",
        "Leyla Məmmədova",
        "--name",
        "Лейла Мамедова [transliteration:ru]",
    ]);
    let near = db.ok(&["person", "add", "--name", "Leyla Məmmədli"]);
    db.ok(&["person", "add", "--name", "Tofiq Səfərov"]);
    let out = db.ok(&["match", "MAMEDOVA Leyla", "--json"]);
    let found: Value = serde_json::from_str(&out).unwrap();
    let found = found.as_array().unwrap();
    let leyla: i64 = leyla.trim().parse().unwrap();
    let near: i64 = near.trim().parse().unwrap();
    assert_eq!(found[0]["person_id"], leyla);
    assert_eq!(found[0]["decision"], "same");
    assert_eq!(found[0]["score"], 1.0);
    assert!(
        found
            .iter()
            .all(|c| c["person_id"] != near || c["decision"] != "same"),
        "a different surname is never the same: {found:?}"
    );
    assert!(found.iter().all(|c| c["name"] != "Tofiq Səfərov"));
    let glued = db.ok(&["match", "leylamammadova"]);
    assert!(
        glued.contains("same") && glued.contains("Leyla Məmmədova"),
        "{glued}"
    );
    let nobody = db.ok(&["match", "Xəyal Rəhimov"]);
    assert!(
        nobody.contains("no one in the registry matches"),
        "{nobody}"
    );
}
on_both!(
    match_finds_people_by_any_spelling_best_first,
    match_finds_people_by_any_spelling_best_first
);

async fn duplicates_are_listed_and_merging_keeps_every_name_case_and_source(db: &TestDb) {
    let a = db.ok(&[
        "person",
        "add",
        "--name",
        "Leyla Məmmədova",
        "--birth-year",
        "1985",
        "--country",
        "AZ",
    ]);
    let b = db.ok(&[
        "person",
        "add",
        "--name",
        "Лейла Мамедова",
        "--birth-year",
        "1985",
        "--note",
        "Seen in court in May.",
    ]);
    let older = db.ok(&[
        "person",
        "add",
        "--name",
        "Leyla Məmmədova",
        "--birth-year",
        "1960",
    ]);
    db.ok(&[
        "person",
        "add",
        "--name",
        "Tofiq Səfərov",
        "--birth-year",
        "1985",
    ]);
    let (a, b, older) = (a.trim(), b.trim(), older.trim());
    db.ok(&["case", "add", "--person", a, "--arrested", "2024-03-01"]);
    let case_b = db.ok(&["case", "add", "--person", b, "--arrested", "2021-01-10"]);
    db.ok(&[
        "event",
        "add",
        "--case",
        case_b.trim(),
        "--kind",
        "released",
        "--date",
        "2021-06-01",
        "--release-reason",
        "pardoned",
        "--source",
        "https://example.org/news/pardon",
    ]);

    let out = db.ok(&["people", "duplicates", "--json"]);
    let pairs: Value = serde_json::from_str(&out).unwrap();
    let pairs = pairs.as_array().unwrap();
    assert_eq!(
        pairs.len(),
        1,
        "the namesake born in 1960 is kept apart: {pairs:?}"
    );
    assert_eq!(pairs[0]["a"].to_string(), a);
    assert_eq!(pairs[0]["b"].to_string(), b);
    assert_eq!(pairs[0]["decision"], "same");
    let _ = older;

    assert!(
        db.fails(&["people", "merge", a, a])
            .contains("cannot be merged with itself")
    );
    assert!(
        db.fails(&["people", "merge", a, "999"])
            .contains("no person with id 999")
    );
    db.ok(&["people", "merge", a, b]);
    let shown = db.ok(&["person", "show", a]);
    assert!(shown.contains("Лейла Мамедова"), "{shown}");
    assert!(shown.contains("Seen in court in May."), "{shown}");
    assert!(
        shown.contains("2021-06-01") && shown.contains("2024-03-01"),
        "{shown}"
    );
    assert!(
        db.fails(&["person", "show", b])
            .contains(&format!("no person with id {b}"))
    );
    let verified = db.ok(&["audit", "verify"]);
    assert!(verified.contains("ok"), "{verified}");
    let store = db.store().await;
    let history = store.history("person", b.parse().unwrap()).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.action, format!("merge-into-{a}"));
    assert!(last.after.is_none() && last.before.is_some());
    store.close().await;
    let again = db.ok(&["people", "duplicates"]);
    assert!(again.contains("no likely duplicates"), "{again}");
}
on_both!(
    duplicates_are_listed_and_merging_keeps_every_name_case_and_source,
    duplicates_are_listed_and_merging_keeps_every_name_case_and_source
);
