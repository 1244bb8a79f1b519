//! Ingest on the shared damaged articles: what the repair step restores. (Main-text
//! extraction from HTML, tables and findings come with the rest of the pipeline.)

use std::path::PathBuf;

use serde_json::Value;

fn articles() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/articles")
}

/// The plain-text articles: path, text and expected reading.
fn text_articles() -> Vec<(PathBuf, String, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(articles()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("expected.json")).unwrap(),
        )
        .unwrap();
        out.push((path, text, expected));
    }
    assert!(out.len() >= 3, "the plain-text articles are there");
    out
}

/// Every damaged span of the plain-text articles reads clean after repair. The names of
/// the people each article reports are given as the registry's names, as they would
/// be once those people are recorded (a name written only in lower case is re-cased
/// from the registry, never guessed).
#[test]
fn repair_restores_every_damaged_span_of_the_text_articles() {
    let mut spans = 0;
    let mut restored = Vec::new();
    let mut missed = Vec::new();
    for (path, text, expected) in text_articles() {
        let registry: Vec<String> = expected["people"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["name"].as_str().map(String::from))
            .collect();
        let repaired = habeas::ingest::repair(&text, &registry);
        for span in expected["spans"].as_array().unwrap() {
            spans += 1;
            let clean = span["clean"].as_str().unwrap();
            if repaired.contains(clean) {
                restored.push(clean.to_string());
            } else {
                missed.push(format!("{}: {clean}", path.display()));
            }
        }
    }
    assert!(spans >= 5, "the fixtures have spans");
    assert!(
        missed.is_empty(),
        "restored {}/{spans}; missed: {missed:#?}",
        restored.len()
    );
}

/// Every date the plain-text articles give for a person is among the dates found in
/// the repaired text (these articles state them in full, so no publication date is
/// needed).
#[test]
fn dates_found_in_the_text_articles_include_every_expected_date() {
    let mut expected_dates = 0;
    let mut missed = Vec::new();
    for (path, text, expected) in text_articles() {
        let text = habeas::ingest::repair(&text, &[]);
        let found: Vec<String> = habeas::ingest::dates::dates_in(&text, None)
            .into_iter()
            .map(|f| f.date.to_string())
            .collect();
        for person in expected["people"].as_array().unwrap() {
            if let Some(date) = person["date"].as_str() {
                expected_dates += 1;
                if !found.iter().any(|f| f == date) {
                    missed.push(format!("{}: {date} not in {found:?}", path.display()));
                }
            }
        }
    }
    assert!(expected_dates >= 2, "the fixtures give dates");
    assert!(missed.is_empty(), "{missed:#?}");
}

/// Every charge the plain-text articles give for a person is among the article
/// numbers found in the repaired text.
#[test]
fn charges_found_in_the_text_articles_include_every_expected_article() {
    let mut expected_charges = 0;
    let mut missed = Vec::new();
    for (path, text, expected) in text_articles() {
        let text = habeas::ingest::repair(&text, &[]);
        let found = habeas::ingest::facts::charges(&text);
        for person in expected["people"].as_array().unwrap() {
            for charge in person["charges"].as_array().into_iter().flatten() {
                expected_charges += 1;
                let charge = charge.as_str().unwrap();
                if !found.iter().any(|f| f == charge) {
                    missed.push(format!("{}: {charge} not in {found:?}", path.display()));
                }
            }
        }
    }
    assert!(expected_charges >= 1, "the fixtures give charges");
    assert!(missed.is_empty(), "{missed:#?}");
}
