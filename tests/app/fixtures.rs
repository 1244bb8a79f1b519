//! The labelled data the tests read lives in `tests/fixtures/`, so a clone of this
//! repository alone passes its tests. (Keeping the copies in step with the project's
//! shared fixtures is `tests/fixtures/sync.sh`, run by hand: no test reads outside the
//! repository.)

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
