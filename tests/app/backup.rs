//! Backup and restore: a consistent copy taken while writes go on, restored into an
//! empty database of either kind and verified; bad files and non-empty targets are
//! refused and change nothing.

use crate::helpers::{Backend, TestDb, on_both, stamp};

fn kind(db: &TestDb) -> Backend {
    if db.db.starts_with("postgres") {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}

/// A fresh database of `backend` sharing `db`'s key file.
async fn beside(db: &TestDb, backend: Backend) -> TestDb {
    let other = TestDb::new(backend).await;
    std::fs::copy(&db.key_file, &other.key_file).unwrap();
    other
}

async fn a_backup_restores_into_an_empty_database_of_either_kind(db: &TestDb) {
    let token = crate::audit::access_records(db).await;
    db.ok(&["demo", "--people", "40", "--seed", "5"]);
    let file = db.dir.path().join("registry.backup");
    let said = db.ok(&["backup", "-o", file.to_str().unwrap()]);
    assert!(said.starts_with("backed up "), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let before = db.ok(&["export", "--format", "json", "--level", "internal"]);
    let mut targets = vec![Backend::Sqlite];
    if cfg!(habeas_pg_tests) {
        targets.push(Backend::Postgres);
    }
    for target in targets {
        let other = beside(db, target).await;
        let restored = other.ok(&["restore", file.to_str().unwrap()]);
        assert!(restored.contains("audit log ok"), "{restored}");
        assert_eq!(
            other.ok(&["export", "--format", "json", "--level", "internal"]),
            before,
            "the same registry"
        );
        other.ok(&["audit", "verify"]);
        // Accounts, tokens and second factors came along, keyed as before.
        let app = crate::web::TestApp::new(&other).await;
        assert!(
            crate::api::token_opens(&app, &token).await,
            "the token opens"
        );
        drop(app);
        // A second restore into the same database is refused.
        let again = other.fails(&["restore", file.to_str().unwrap()]);
        assert!(again.contains("the database is not empty"), "{again}");
        other.finish().await;
    }
}
on_both!(
    a_backup_restores_into_an_empty_database_of_either_kind,
    a_backup_restores_into_an_empty_database_of_either_kind
);

async fn a_damaged_backup_or_a_missing_key_changes_nothing(db: &TestDb) {
    db.ok(&["demo", "--people", "5", "--seed", "5"]);
    let file = db.dir.path().join("registry.backup");
    db.ok(&["backup", "-o", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    let cut = db.dir.path().join("cut.backup");
    std::fs::write(&cut, &text[..text.len() / 2]).unwrap();
    let junk = db.dir.path().join("junk.backup");
    std::fs::write(&junk, "hello\n").unwrap();
    for (path, says) in [
        (&cut, "damaged or cut short"),
        (&junk, "not a habeas backup"),
    ] {
        let other = beside(db, kind(db)).await;
        let err = other.fails(&["restore", path.to_str().unwrap()]);
        assert!(err.contains(says), "{err}");
        assert_eq!(
            other.ok(&["export", "--format", "json"]).trim(),
            "[\n]",
            "nothing restored"
        );
        other.finish().await;
    }
    let keyless = TestDb::new(kind(db)).await;
    let err = keyless.fails(&["restore", file.to_str().unwrap()]);
    assert!(err.contains("restore needs the key file"), "{err}");
    keyless.finish().await;
}
on_both!(
    a_damaged_backup_or_a_missing_key_changes_nothing,
    a_damaged_backup_or_a_missing_key_changes_nothing
);

/// A backup taken while people are being written holds every write that was
/// acknowledged before it began, and its chain verifies on its own.
async fn a_backup_taken_under_writes_is_consistent(db: &TestDb) {
    let store = std::sync::Arc::new(db.store().await);
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            let mut ids = Vec::new();
            for n in 0..150 {
                let p = crate::store::person(&format!("Writer Person {n}"));
                ids.push(store.add_person(&stamp(), &p).await.unwrap());
                tokio::task::yield_now().await;
            }
            ids
        })
    };
    // Let some writes land first.
    while store.head().await.unwrap().0 < 20 {
        tokio::task::yield_now().await;
    }
    let acknowledged_before = store.registry().await.unwrap().people.len();
    let mut out = Vec::new();
    let summary = store
        .backup(&mut out, "2026-11-29T12:00:00Z")
        .await
        .unwrap();
    let written = writer.await.unwrap();
    assert_eq!(written.len(), 150);
    let other = beside(db, kind(db)).await;
    let file = other.dir.path().join("under-load.backup");
    std::fs::write(&file, &out).unwrap();
    let restored = other.ok(&["restore", file.to_str().unwrap()]);
    assert!(restored.contains("audit log ok"), "{restored}");
    let back = other.store().await;
    let people = back.registry().await.unwrap().people.len();
    assert!(
        people >= acknowledged_before,
        "{people} < {acknowledged_before}"
    );
    assert_eq!(
        i64::try_from(people).unwrap(),
        summary.audit_seq,
        "one entry per person: the snapshot is one moment"
    );
    back.close().await;
    other.finish().await;
}
on_both!(
    a_backup_taken_under_writes_is_consistent,
    a_backup_taken_under_writes_is_consistent
);
