//! The labelled data the tests read lives in `tests/fixtures/`, so a clone of this
//! repository alone passes its tests. Where the project's shared fixtures sit beside
//! the checkout, the copies must equal them byte for byte.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file directly in `dir`, by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
#[cfg_attr(
    not(habeas_shared_fixtures),
    ignore = "../shared/fixtures is not beside this checkout: nothing to compare with"
)]
fn the_copies_match_the_shared_fixtures() {
    let shared = repo().join("../shared/fixtures");
    let ours = repo().join("tests/fixtures");

    let mut copied = files(&ours.join("articles/first-set"));
    copied.extend(files(&ours.join("articles/second-set")));
    let theirs = files(&shared.join("articles"));
    let differ: Vec<_> = theirs
        .iter()
        .filter(|(name, bytes)| copied.get(*name) != Some(bytes))
        .map(|(name, _)| name.clone())
        .collect();
    assert!(
        differ.is_empty(),
        "missing or changed in tests/fixtures/articles: {differ:?}"
    );
    let extra: Vec<_> = copied.keys().filter(|n| !theirs.contains_key(*n)).collect();
    assert!(extra.is_empty(), "no longer in ../shared: {extra:?}");

    assert_eq!(files(&ours.join("names")), files(&shared.join("names")));
    assert_eq!(
        std::fs::read(ours.join("README.md")).unwrap(),
        std::fs::read(shared.join("README.md")).unwrap(),
        "tests/fixtures/README.md is a copy of the shared one"
    );
}

/// The copies are there and labelled whatever is beside the checkout: each article has
/// its reading, and the first set is the five pages the early tests count on.
#[test]
fn every_copied_article_has_its_expected_reading() {
    let dir = repo().join("tests/fixtures/articles");
    let mut counts = Vec::new();
    for set in ["first-set", "second-set", "held-out"] {
        let all = files(&dir.join(set));
        let pages: Vec<_> = all
            .keys()
            .filter(|n| n.ends_with(".html") || n.ends_with(".txt"))
            .collect();
        for page in &pages {
            let stem = page.rsplit_once('.').unwrap().0;
            let label = all
                .get(&format!("{stem}.expected.json"))
                .unwrap_or_else(|| panic!("{set}/{page} has no expected reading"));
            serde_json::from_slice::<serde_json::Value>(label).unwrap();
        }
        counts.push(pages.len());
    }
    assert_eq!(counts, vec![5, 26, 4]);
}
