//! Open data: `/data/` names the licence and the day; its files are what `habeas
//! export` makes; the Popolo file validates against the Popolo schemas shipped in
//! `tests/fixtures/popolo` (CC BY 4.0, see the README there).

use std::collections::{BTreeSet, HashMap};

use axum::http::StatusCode;
use serde_json::Value;

use crate::helpers::{TestDb, on_both, today};
use crate::web::TestApp;

/// The Popolo schemas, by the file name their `$ref`s end with.
fn schemas() -> HashMap<String, Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/popolo");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let schema = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (name, schema)
        })
        .collect()
}

const DATE_PATTERN: &str = "^[0-9]{4}(-[0-9]{2}){0,2}$";

fn is_partial_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() <= 3
        && parts[0].len() == 4
        && parts[1..].iter().all(|p| p.len() == 2)
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

fn type_ok(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "null" => value.is_null(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "boolean" => value.is_boolean(),
        "any" => true,
        other => panic!("schema type '{other}' is not implemented"),
    }
}

/// A draft-03 JSON Schema validator for the keywords the Popolo schemas use. A keyword
/// it does not implement fails the test instead of being skipped.
fn validate(
    schemas: &HashMap<String, Value>,
    schema: &Value,
    value: &Value,
    at: &str,
) -> Vec<String> {
    let mut errors = Vec::new();
    let Some(schema) = schema.as_object() else {
        panic!("{at}: a schema is an object");
    };
    for (key, rule) in schema {
        match key.as_str() {
            "$schema" | "id" | "title" | "description" | "required" => {}
            "$ref" => {
                let file = rule
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .trim_end_matches('#');
                let target = schemas
                    .get(file)
                    .unwrap_or_else(|| panic!("{at}: the schema {file} is not shipped"));
                errors.extend(validate(schemas, target, value, at));
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
                    _ => panic!("{at}: bad type rule"),
                };
                if !types.iter().any(|t| type_ok(value, t)) {
                    errors.push(format!("{at}: {value} is not {types:?}"));
                }
            }
            "properties" => {
                let Some(object) = value.as_object() else {
                    continue;
                };
                for (name, sub) in rule.as_object().unwrap() {
                    match object.get(name) {
                        Some(v) => {
                            errors.extend(validate(schemas, sub, v, &format!("{at}.{name}")))
                        }
                        None if sub["required"] == Value::Bool(true) => {
                            errors.push(format!("{at}: '{name}' is required"));
                        }
                        None => {}
                    }
                }
            }
            "items" => {
                let Some(items) = value.as_array() else {
                    continue;
                };
                for (i, item) in items.iter().enumerate() {
                    errors.extend(validate(schemas, rule, item, &format!("{at}[{i}]")));
                }
            }
            "pattern" => {
                assert_eq!(rule, DATE_PATTERN, "{at}: pattern not implemented");
                if let Some(s) = value.as_str()
                    && !is_partial_date(s)
                {
                    errors.push(format!("{at}: '{s}' does not match {DATE_PATTERN}"));
                }
            }
            "format" => {
                let Some(s) = value.as_str() else { continue };
                let ok = match rule.as_str().unwrap() {
                    "uri" => s.split_once("://").is_some_and(|(scheme, rest)| {
                        !scheme.is_empty() && !rest.is_empty() && !s.contains(char::is_whitespace)
                    }),
                    "email" => s.contains('@'),
                    "date-time" => s.len() >= 20 && s.as_bytes()[10] == b'T',
                    other => panic!("{at}: format '{other}' is not implemented"),
                };
                if !ok {
                    errors.push(format!("{at}: '{s}' is not a {rule}"));
                }
            }
            other => panic!("{at}: keyword '{other}' is not implemented"),
        }
    }
    errors
}

#[test]
fn the_validator_refuses_what_the_schemas_refuse() {
    let s = schemas();
    let person = &s["person.json"];
    let good = serde_json::json!({
        "id": "person/1", "name": "Leyla", "birth_date": "1985",
        "other_names": [{ "name": "Лейла", "note": "transliteration (ru)" }],
        "sources": [{ "url": "https://example.org/a" }],
    });
    assert_eq!(validate(&s, person, &good, "person"), Vec::<String>::new());
    let bad = serde_json::json!({
        "name": 12, "birth_date": "85", "other_names": [{ "note": "no name" }],
        "sources": [{ "url": "not a url" }],
    });
    let errors = validate(&s, person, &bad, "person");
    assert_eq!(errors.len(), 4, "{errors:?}");
}

async fn open_data_downloads(db: &TestDb) {
    db.ok(&["demo", "--people", "150", "--seed", "6"]);
    let app = TestApp::new(db).await;
    app.refresh().await;

    let page = app.get("/data/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("<time id=\"generated\">{}</time>", today()))
    );
    assert!(page.body.contains("Creative Commons Attribution 4.0"));
    for f in ["people.csv", "people.json", "popolo.json", "README.txt"] {
        assert!(page.body.contains(&format!("href=\"/data/{f}\"")), "{f}");
        let r = app.get(&format!("/data/{f}")).await;
        assert_eq!(r.status, StatusCode::OK, "{f}");
        assert!(
            r.headers["link"]
                .to_str()
                .unwrap()
                .contains("rel=\"license\"")
        );
        assert!(
            r.headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains(&today().to_string())
        );
    }
    let readme = app.get("/data/README.txt").await.body;
    assert!(
        readme.contains(&format!("Made on {}", today())) && readme.contains("Licence: Creative")
    );
    assert_eq!(
        app.get("/data/secrets.csv").await.status,
        StatusCode::NOT_FOUND
    );

    // The files are the CLI's exports of the public record.
    let csv = app.get("/data/people.csv").await.body;
    assert_eq!(csv, db.ok(&["export", "--format", "csv"]));
    let json: Value = serde_json::from_str(&app.get("/data/people.json").await.body).unwrap();
    let cli: Value = serde_json::from_str(&db.ok(&["export", "--format", "json"])).unwrap();
    assert_eq!(json, cli);

    // Popolo: valid against the schemas, the same people, memberships that point at
    // persons and organisations in the file.
    let popolo: Value = serde_json::from_str(&app.get("/data/popolo.json").await.body).unwrap();
    assert_eq!(popolo["meta"]["generated"], today().to_string());
    assert!(
        popolo["meta"]["licence"]
            .as_str()
            .unwrap()
            .contains("CC BY 4.0")
    );
    let s = schemas();
    let mut errors = Vec::new();
    for (kind, schema) in [
        ("persons", "person.json"),
        ("organizations", "organization.json"),
        ("memberships", "membership.json"),
    ] {
        let items = popolo[kind].as_array().unwrap();
        assert!(!items.is_empty(), "{kind}");
        for (i, item) in items.iter().enumerate() {
            errors.extend(validate(&s, &s[schema], item, &format!("{kind}[{i}]")));
        }
    }
    assert_eq!(errors, Vec::<String>::new());
    let persons: BTreeSet<&str> = popolo["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let expected: BTreeSet<String> = cli
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("person/{}", p["id"]))
        .collect();
    assert_eq!(persons, expected.iter().map(String::as_str).collect());
    let organisations: BTreeSet<&str> = popolo["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    for m in popolo["memberships"].as_array().unwrap() {
        assert!(persons.contains(m["person_id"].as_str().unwrap()));
        assert!(organisations.contains(m["organization_id"].as_str().unwrap()));
    }
    let exported: Value = serde_json::from_str(&db.ok(&["export", "--format", "popolo"])).unwrap();
    assert_eq!(exported["persons"], popolo["persons"]);
    assert_eq!(exported["memberships"], popolo["memberships"]);
}
on_both!(open_data, open_data_downloads);
