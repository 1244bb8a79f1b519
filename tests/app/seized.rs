//! A seized disk: restricted records are sealed as a whole. Markers are planted in
//! every text field of restricted people, cases, events and assessments, including
//! fields whose own level is public, and of records that became restricted later;
//! none may be readable in the SQLite file and its WAL, or in a `pg_dump`, while staff
//! with the key still read every one of them.

use habeas::domain::*;
use habeas::store::Store;

use crate::helpers::{Backend, TestDb, stamp};
use crate::store::{case, event, person};

/// The marker prefix: 'z', 'q' and 's' never occur in the hex of sealed values.
const MARK: &str = "zqseized";

fn mark(field: &str) -> String {
    format!("{MARK}-{field}")
}

/// A person with a marker in every text field.
fn marked_person(who: &str, level: Level) -> NewPerson {
    let mut p = person(&format!("Zqseized {who}"));
    p.names.push(PersonName::new(
        NameText::parse(&format!("Zqseized {who} Translit")).unwrap(),
        NameKind::Transliteration,
    ));
    p.bio = Some(Leveled::new(mark(&format!("{who}-bio")), Level::Public));
    p.notes = Some(Leveled::new(mark(&format!("{who}-notes")), Level::Internal));
    p.contacts = Some(Leveled::new(
        mark(&format!("{who}-contacts")),
        Level::Restricted,
    ));
    p.affiliations = vec![mark(&format!("{who}-affiliation"))];
    p.level = level;
    p
}

/// A case with a marker in every text field, its assessment at `assessment`.
fn marked_case(person: PersonId, who: &str, level: Level, assessment: Level) -> NewCase {
    let mut c = case(person, "2024-03-01");
    c.place = Some(mark(&format!("{who}-place")));
    c.arresting_body = Some(mark(&format!("{who}-body")));
    c.court = Some(mark(&format!("{who}-court")));
    c.facility = Some(mark(&format!("{who}-facility")));
    c.charges =
        vec![Charge::parse(&format!("9ZQSEIZED={}", mark(&format!("{who}-charge")))).unwrap()];
    let a = c.assessment.as_mut().unwrap();
    a.reasoning = mark(&format!("{who}-reasoning"));
    a.assessor = mark(&format!("{who}-assessor"));
    a.level = assessment;
    c.level = level;
    c
}

fn marked_event(case: CaseId, who: &str, level: Level) -> NewEvent {
    let mut e = event(case, EventKind::Transferred, "2024-05-01");
    e.details = Some(mark(&format!("{who}-details")));
    e.facility = Some(mark(&format!("{who}-event-facility")));
    e.level = level;
    e
}

/// Restricted records of every kind; returns the markers that must be sealed.
async fn plant(store: &Store) -> Vec<String> {
    let s = stamp();
    let mut sealed = Vec::new();
    // A restricted person: everything under them, even "public" fields.
    let p = store
        .add_person(&s, &marked_person("rp", Level::Restricted))
        .await
        .unwrap();
    let c = store
        .add_case(&s, &marked_case(p, "rp", Level::Public, Level::Public))
        .await
        .unwrap();
    store
        .add_event(&s, &marked_event(c, "rp", Level::Public), &[])
        .await
        .unwrap();
    // A public person with a restricted case, and a public event in it.
    let q = store
        .add_person(&s, &person("Leyla Məmmədova"))
        .await
        .unwrap();
    let rc = store
        .add_case(&s, &marked_case(q, "rc", Level::Restricted, Level::Public))
        .await
        .unwrap();
    store
        .add_event(&s, &marked_event(rc, "rc", Level::Public), &[])
        .await
        .unwrap();
    // A public case with a restricted event and a restricted assessment.
    let pc = store
        .add_case(&s, &{
            let mut c = case(q, "2020-01-01");
            let a = c.assessment.as_mut().unwrap();
            a.reasoning = mark("ra-reasoning");
            a.assessor = mark("ra-assessor");
            a.level = Level::Restricted;
            c
        })
        .await
        .unwrap();
    store
        .add_event(&s, &marked_event(pc, "re", Level::Restricted), &[])
        .await
        .unwrap();
    // A person made restricted after their case and event were written in clear.
    let later = store
        .add_person(&s, &marked_person("lp", Level::Internal))
        .await
        .unwrap();
    let lc = store
        .add_case(
            &s,
            &marked_case(later, "lp", Level::Internal, Level::Internal),
        )
        .await
        .unwrap();
    store
        .add_event(&s, &marked_event(lc, "lp", Level::Internal), &[])
        .await
        .unwrap();
    store
        .update_person(&s, later, &marked_person("lp", Level::Restricted))
        .await
        .unwrap();
    // An event made restricted after it was written in clear.
    let ev = store
        .add_event(&s, &marked_event(pc, "ev", Level::Internal), &[])
        .await
        .unwrap();
    store
        .update_event(&s, ev, &marked_event(pc, "ev", Level::Restricted), &[])
        .await
        .unwrap();

    for who in ["rp", "lp"] {
        for f in ["bio", "notes", "contacts", "affiliation"] {
            sealed.push(mark(&format!("{who}-{f}")));
        }
        sealed.push(format!("Zqseized {who}"));
    }
    for who in ["rp", "rc", "lp"] {
        for f in [
            "place",
            "body",
            "court",
            "facility",
            "charge",
            "reasoning",
            "assessor",
        ] {
            sealed.push(mark(&format!("{who}-{f}")));
        }
        sealed.push("9ZQSEIZED".into());
    }
    for who in ["rp", "rc", "re", "lp", "ev"] {
        for f in ["details", "event-facility"] {
            sealed.push(mark(&format!("{who}-{f}")));
        }
    }
    sealed.push(mark("ra-reasoning"));
    sealed.push(mark("ra-assessor"));
    sealed
}

/// Staff with the key read every marker back: they were written, then sealed.
async fn staff_read_them_all(store: &Store, markers: &[String]) {
    let reg = store.registry().await.unwrap();
    let all = format!("{:?}{:?}{:?}", reg.people, reg.cases, reg.events);
    let unread: Vec<_> = markers
        .iter()
        .filter(|m| !all.contains(m.as_str()))
        .collect();
    assert!(unread.is_empty(), "staff cannot read {unread:?}");
    assert!(
        store.verify_audit().await.unwrap().is_ok(),
        "the chain holds with sealed history"
    );
}

fn found_in(bytes: &[u8], markers: &[String]) -> Vec<String> {
    let lower = bytes.to_ascii_lowercase();
    let mut found: Vec<String> = markers
        .iter()
        .filter(|m| {
            let m = m.to_ascii_lowercase();
            lower.windows(m.len()).any(|w| w == m.as_bytes())
        })
        .cloned()
        .collect();
    found.dedup();
    found
}

#[tokio::test]
async fn a_seized_sqlite_file_and_its_wal_reveal_no_restricted_record() {
    let db = TestDb::new(Backend::Sqlite).await;
    let store = db.store().await;
    let markers = plant(&store).await;
    staff_read_them_all(&store, &markers).await;
    let files = |when: &str| {
        let mut scanned = 0;
        for name in ["habeas.db", "habeas.db-wal"] {
            let Ok(bytes) = std::fs::read(db.dir.path().join(name)) else {
                continue;
            };
            scanned += bytes.len();
            let found = found_in(&bytes, &markers);
            assert!(found.is_empty(), "{when}, {name} reveals {found:?}");
            // The scan sees clear text: the public name is there.
            assert!(
                !found_in(&bytes, &["Leyla".into()]).is_empty()
                    || name.ends_with("wal")
                    || when == "open"
            );
        }
        assert!(scanned > 0);
    };
    files("open");
    store.close().await;
    files("closed");
    let main = std::fs::read(db.dir.path().join("habeas.db")).unwrap();
    assert_eq!(
        found_in(&main, &["Leyla".to_string()]).len(),
        1,
        "the scan reads clear text"
    );
    db.finish().await;
}

#[tokio::test]
#[cfg_attr(
    not(habeas_pg_tests),
    ignore = "PostgreSQL: set HABEAS_TEST_PG_URL to run (.ci/run does)"
)]
async fn a_pg_dump_reveals_no_restricted_record() {
    let db = TestDb::new(Backend::Postgres).await;
    let store = db.store().await;
    let markers = plant(&store).await;
    staff_read_them_all(&store, &markers).await;
    store.close().await;
    let dump = std::process::Command::new("pg_dump")
        .arg("--no-owner")
        .arg(&db.db)
        .output()
        .expect("pg_dump (Debian: postgresql-client) must be installed");
    assert!(
        dump.status.success(),
        "{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let found = found_in(&dump.stdout, &markers);
    assert!(found.is_empty(), "pg_dump reveals {found:?}");
    assert_eq!(
        found_in(&dump.stdout, &["Leyla".to_string()]).len(),
        1,
        "the dump holds clear text"
    );
    db.finish().await;
}
