//! The name matcher through the CLI: `habeas match` against the registry, and
//! `habeas eval names` on the shared labelled names.

use std::path::PathBuf;

use serde_json::Value;

use crate::helpers::{TestDb, on_both};

fn shared_names() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/names")
}

#[tokio::test]
async fn the_shared_name_groups_match_and_distinct_pairs_stay_apart() {
    let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
    let dir = shared_names();
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
