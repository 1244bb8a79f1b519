//! The command line as a documentation officer uses it, on both databases.

use crate::helpers::{TestDb, on_both};

fn audit_entries(db: &TestDb) -> String {
    db.ok(&["audit", "verify"])
        .split(" entries")
        .next()
        .unwrap()
        .to_string()
}

async fn an_officer_records_a_case_and_lists_who_is_held(db: &TestDb) {
    let id = db.ok(&[
        "person",
        "add",
        "--name",
        "Leyla Məmmədova",
        "--name",
        "Лейла Мамедова",
        "--birth-year",
        "1985",
        "--country",
        "az",
        "--category",
        "journalist",
        "--bio",
        "Reporter.",
        "--note",
        "Visits on Tuesdays.",
        "--contact",
        "sister +994",
    ]);
    assert_eq!(id.trim(), "1");
    let case = db.ok(&[
        "case",
        "add",
        "--person",
        "1",
        "--arrested",
        "2024-03-01",
        "--place",
        "Baku",
        "--charge",
        "206.3.2=Smuggling",
        "--pace",
        "a",
        "--pace",
        "e",
        "--pace-reasoning",
        "Detained for reporting.",
        "--pace-assessor",
        "N. Aliyeva",
        "--pace-date",
        "2024-04-01",
    ]);
    assert_eq!(case.trim(), "1");
    let ev = db.ok(&[
        "event",
        "add",
        "--case",
        "1",
        "--kind",
        "sentenced",
        "--date",
        "2024-09-10",
        "--sentence-months",
        "60",
        "--source",
        "https://example.org/verdict",
    ]);
    assert_eq!(ev.trim(), "2");

    let show = db.ok(&["person", "show", "1"]);
    assert!(
        show.contains("name: Лейла Мамедова (transliteration, cyrillic"),
        "{show}"
    );
    assert!(
        show.contains("contacts [restricted]: sister +994"),
        "{show}"
    );
    assert!(
        show.contains("notes [internal]: Visits on Tuesdays."),
        "{show}"
    );
    assert!(
        show.contains(
            "PACE 1900 [public]: criteria a,e by N. Aliyeva on 2024-04-01: Detained for reporting."
        ),
        "{show}"
    );
    assert!(
        show.contains("case 1 [public]: imprisoned")
            && show.contains("expected release: 2029-03-01"),
        "{show}"
    );

    let held = db.ok(&["list", "--as-of", "2025-01-01", "--format", "csv"]);
    assert_eq!(held.lines().count(), 2, "{held}");
    assert!(
        held.contains("Leyla Məmmədova,AZ,journalist,imprisoned,2024-03-01,2029-03-01"),
        "{held}"
    );
    let before = db.ok(&["list", "--as-of", "2024-01-01", "--format", "json"]);
    assert_eq!(before.trim(), "[]");
    let pretrial = db.ok(&[
        "list",
        "--as-of",
        "2024-05-01",
        "--status",
        "detained_pretrial",
    ]);
    assert!(
        pretrial.contains("1 with status detained_pretrial on 2024-05-01"),
        "{pretrial}"
    );
    let by = db.ok(&["list", "--as-of", "2025-01-01", "--country", "BY"]);
    assert!(by.contains("0 held on 2025-01-01"), "{by}");
    let bloggers = db.ok(&["list", "--as-of", "2025-01-01", "--category", "blogger"]);
    assert!(bloggers.contains("0 held"), "{bloggers}");

    db.ok(&[
        "event",
        "add",
        "--case",
        "1",
        "--kind",
        "released",
        "--date",
        "2025-05-28",
        "--release-reason",
        "pardoned",
    ]);
    let released = db.ok(&["list", "--status", "released", "--format", "csv"]);
    assert!(released.contains(",released,2024-03-01,"), "{released}");
    let people = db.ok(&["person", "list"]);
    assert!(
        people.contains("Leyla Məmmədova") && people.contains("journalist"),
        "{people}"
    );
}
on_both!(
    an_officer_records_a_case_and_lists_who_is_held,
    an_officer_records_a_case_and_lists_who_is_held
);

async fn bad_input_is_refused_with_a_clear_error_and_nothing_written(db: &TestDb) {
    db.ok(&["person", "add", "--name", "Anar Əliyev", "--country", "AZ"]);
    db.ok(&["case", "add", "--person", "1", "--arrested", "2024-05-02"]);
    let entries = audit_entries(db);
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "event",
                "add",
                "--case",
                "1",
                "--kind",
                "jailed",
                "--date",
                "2024-06-01",
            ],
            "unknown event kind 'jailed': use one of arrested, charged",
        ),
        (
            &[
                "event",
                "add",
                "--case",
                "1",
                "--kind",
                "hearing",
                "--date",
                "2026-02-30",
            ],
            "'2026-02-30' is not a real date: month 2 of 2026 has 28 days",
        ),
        (
            &[
                "event",
                "add",
                "--case",
                "1",
                "--kind",
                "hearing",
                "--date",
                "2099-01-01",
            ],
            "2099-01-01 is in the future",
        ),
        (
            &[
                "event",
                "add",
                "--case",
                "1",
                "--kind",
                "released",
                "--date",
                "2024-03-01",
            ],
            "released on 2024-03-01 (the new event) is before arrested on 2024-05-02 (event 1)",
        ),
        (
            &[
                "event",
                "add",
                "--case",
                "9",
                "--kind",
                "hearing",
                "--date",
                "2024-06-01",
            ],
            "there is no case with id 9",
        ),
        (
            &[
                "event",
                "add",
                "--case",
                "1",
                "--kind",
                "hearing",
                "--date",
                "2024-06-01",
                "--sentence-months",
                "12",
            ],
            "a sentence belongs to a sentenced or appeal_decided event",
        ),
        (
            &[
                "event",
                "add",
                "--case",
                "1",
                "--kind",
                "hearing",
                "--date",
                "2024-06-01",
                "--source",
                "not a url",
            ],
            "'not a url' is not an http(s) address",
        ),
        (
            &["person", "add", "--name", "   "],
            "invalid name: a name cannot be empty",
        ),
        (
            &["person", "add", "--name", "X Y", "--category", "poet"],
            "unknown category 'poet'",
        ),
        (
            &["person", "add", "--name", "X Y", "--country", "Azerbaijan"],
            "is not a two-letter country code",
        ),
        (
            &["person", "add", "--name", "X Y", "--birth-year", "1850"],
            "1850 is not between 1900",
        ),
        (
            &["case", "add", "--person", "5", "--arrested", "2024-01-01"],
            "there is no person with id 5",
        ),
        (
            &["case", "add", "--person", "1", "--arrested", "2024-13-01"],
            "there is no month 13",
        ),
        (
            &[
                "case",
                "add",
                "--person",
                "1",
                "--arrested",
                "2024-01-01",
                "--charge",
                "hooliganism",
            ],
            "is not a criminal-code article",
        ),
        (
            &["list", "--as-of", "yesterday"],
            "'yesterday' is not a date",
        ),
        (&["list", "--status", "jailed"], "unknown status 'jailed'"),
        (&["person", "show", "99"], "there is no person with id 99"),
        (
            &[
                "case",
                "add",
                "--person",
                "1",
                "--arrested",
                "2024-01-01",
                "--pace",
                "z",
                "--pace-assessor",
                "X",
            ],
            "unknown PACE 1900 criterion 'z'",
        ),
        (
            &[
                "case",
                "add",
                "--person",
                "1",
                "--arrested",
                "2024-01-01",
                "--pace",
                "a",
            ],
            "--pace needs --pace-assessor",
        ),
    ];
    for (args, expected) in cases {
        let err = db.fails(args);
        assert!(
            err.contains(expected),
            "habeas {args:?}: expected {expected:?} in {err:?}"
        );
        assert!(err.starts_with("error: "), "{err}");
    }
    assert_eq!(audit_entries(db), entries, "nothing was written");
}
on_both!(
    bad_input_is_refused_with_a_clear_error_and_nothing_written,
    bad_input_is_refused_with_a_clear_error_and_nothing_written
);

#[tokio::test]
async fn every_command_documents_itself_with_an_example() {
    let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
    let top = db.ok(&["--help"]);
    for command in [
        "init", "demo", "person", "case", "event", "source", "list", "export", "import", "audit",
        "serve", "user",
    ] {
        assert!(top.contains(command), "--help lists {command}");
    }
    for args in [
        &["init", "--help"][..],
        &["demo", "--help"],
        &["person", "add", "--help"],
        &["person", "show", "--help"],
        &["person", "list", "--help"],
        &["case", "add", "--help"],
        &["event", "add", "--help"],
        &["source", "add", "--help"],
        &["list", "--help"],
        &["export", "--help"],
        &["import", "--help"],
        &["audit", "verify", "--help"],
        &["serve", "--help"],
        &["user", "add", "--help"],
        &["user", "list", "--help"],
        &["user", "disable", "--help"],
        &["user", "reset-password", "--help"],
        &["user", "token", "--help"],
        &["user", "revoke-token", "--help"],
    ] {
        let help = db.ok(args);
        assert!(
            help.contains("Example"),
            "habeas {args:?} shows an example:\n{help}"
        );
    }
}

#[tokio::test]
async fn init_creates_a_private_key_file_and_says_where() {
    let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
    let out = db.ok(&["init"]);
    assert!(out.contains("key file:"), "{out}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&db.key_file), 0o600);
        assert_eq!(mode(std::path::Path::new(&db.db)), 0o600);
    }
    // A second init keeps the same key.
    let again = db.ok(&["init"]);
    assert_eq!(out, again);
}

async fn sources_and_labelled_names_are_recorded_once(db: &TestDb) {
    db.ok(&[
        "person",
        "add",
        "--name",
        "Leyla Məmmədova",
        "--name",
        "Лейла Мамедова [transliteration:ru]",
        "--name",
        "Leyla [alias]",
    ]);
    db.ok(&["case", "add", "--person", "1", "--arrested", "2024-03-01"]);
    let url = "https://example.org/verdict";
    let first = db.ok(&[
        "source",
        "add",
        "--url",
        url,
        "--title",
        "Sentenced",
        "--published",
        "2024-09",
        "--reliability",
        "high",
    ]);
    let again = db.ok(&["source", "add", "--url", url]);
    assert_eq!(first, again, "one address, one source");
    db.ok(&[
        "event",
        "add",
        "--case",
        "1",
        "--kind",
        "sentenced",
        "--date",
        "2024-09-10",
        "--sentence-months",
        "60",
        "--source",
        url,
    ]);
    let show = db.ok(&["person", "show", "1"]);
    assert!(
        show.contains("name: Лейла Мамедова (transliteration, cyrillic, ru)"),
        "{show}"
    );
    assert!(show.contains("name: Leyla (alias, latin, -)"), "{show}");
    assert!(show.contains(url), "{show}");
    let json = db.ok(&["export", "--format", "json"]);
    assert!(
        json.contains("\"title\": \"Sentenced\"") && json.contains("\"reliability\": \"high\""),
        "{json}"
    );
    let err = db.fails(&["source", "add", "--url", "ftp://example.org/x"]);
    assert!(err.contains("is not an http(s) address"), "{err}");
    let err = db.fails(&["person", "add", "--name", "Leyla [alias:r u]"]);
    assert!(err.contains("is not a language tag"), "{err}");
}
on_both!(
    sources_and_labelled_names_are_recorded_once,
    sources_and_labelled_names_are_recorded_once
);
