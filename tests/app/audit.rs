//! The audit chain: every write leaves an entry; tampering directly in the database is
//! found and the first bad entry named, by the store and by `habeas audit verify`.

use sqlx::Connection;

use crate::helpers::{TestDb, on_both, stamp};
use crate::store::{case, person};

pub async fn raw(db: &TestDb, sql: &str) {
    let url = if db.db.starts_with("postgres") {
        db.db.clone()
    } else {
        format!("sqlite://{}", db.db)
    };
    let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}

async fn three_entries(db: &TestDb) {
    let store = db.store().await;
    let p = store
        .add_person(&stamp(), &person("Leyla Məmmədova"))
        .await
        .unwrap();
    store
        .add_case(&stamp(), &case(p, "2024-03-01"))
        .await
        .unwrap();
    // person, case, arrest event
    assert_eq!(store.verify_audit().await.unwrap().unwrap().0, 3);
    store.close().await;
}

async fn an_untouched_log_verifies(db: &TestDb) {
    three_entries(db).await;
    let out = db.ok(&["audit", "verify"]);
    assert!(out.starts_with("audit log ok: 3 entries, head "), "{out}");
}
on_both!(an_untouched_log_verifies, an_untouched_log_verifies);

async fn an_altered_entry_is_named(db: &TestDb) {
    three_entries(db).await;
    raw(
        db,
        "UPDATE audit_log SET actor = 'someone else' WHERE seq = 2",
    )
    .await;
    let err = db.fails(&["audit", "verify"]);
    assert!(
        err.contains("audit entry 2 is bad: its content was altered"),
        "{err}"
    );
}
on_both!(an_altered_entry_is_named, an_altered_entry_is_named);

async fn a_removed_entry_is_named(db: &TestDb) {
    three_entries(db).await;
    raw(db, "DELETE FROM audit_log WHERE seq = 2").await;
    let err = db.fails(&["audit", "verify"]);
    assert!(err.contains("audit entry 2 is bad: it is missing"), "{err}");
}
on_both!(a_removed_entry_is_named, a_removed_entry_is_named);

async fn reordered_entries_are_named(db: &TestDb) {
    three_entries(db).await;
    raw(db, "UPDATE audit_log SET seq = 100 WHERE seq = 1; UPDATE audit_log SET seq = 1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 100;").await;
    let err = db.fails(&["audit", "verify"]);
    assert!(
        err.contains("audit entry 1 is bad: it does not follow"),
        "{err}"
    );
}
on_both!(reordered_entries_are_named, reordered_entries_are_named);

async fn a_truncated_log_is_found(db: &TestDb) {
    three_entries(db).await;
    raw(db, "DELETE FROM audit_log WHERE seq = 3").await;
    let err = db.fails(&["audit", "verify"]);
    assert!(
        err.contains("audit entry 3 is bad") && err.contains("removed from the end"),
        "{err}"
    );
}
on_both!(a_truncated_log_is_found, a_truncated_log_is_found);

async fn a_rewritten_log_fails_against_a_head_kept_elsewhere(db: &TestDb) {
    three_entries(db).await;
    let out = db.ok(&["audit", "verify"]);
    let head = out.trim().rsplit(' ').next().unwrap().to_string();
    db.ok(&["audit", "verify", "--expect-head", &head]);
    let err = db.fails(&["audit", "verify", "--expect-head", "00ff"]);
    assert!(err.contains("does not contain the head 00ff"), "{err}");
}
on_both!(
    a_rewritten_log_fails_against_a_head_kept_elsewhere,
    a_rewritten_log_fails_against_a_head_kept_elsewhere
);

async fn rows_changed_outside_habeas_are_named_even_with_the_chain_intact(db: &TestDb) {
    db.ok(&["demo", "--people", "40", "--seed", "9"]);
    let person = db.ok(&[
        "person",
        "add",
        "--name",
        "Leyla Məmmədova",
        "--contact",
        "sister +994",
    ]);
    let case = db.ok(&[
        "case",
        "add",
        "--person",
        person.trim(),
        "--arrested",
        "2024-03-01",
        "--charge",
        "206.3.2",
    ]);
    db.ok(&[
        "event",
        "add",
        "--case",
        case.trim(),
        "--kind",
        "hearing",
        "--date",
        "2024-06-01",
        "--source",
        "https://example.org/b",
        "--source",
        "https://example.org/a",
    ]);
    let out = db.ok(&["audit", "verify"]);
    assert!(
        out.starts_with("audit log ok:"),
        "demo, CLI and bulk writes all verify: {out}"
    );

    raw(db, "UPDATE people SET bio = 'rewritten' WHERE id = 3").await;
    let err = db.fails(&["audit", "verify"]);
    assert!(
        err.contains(
            "the registry does not match its audit log: person 3 differs from audit entry"
        ),
        "{err}"
    );
    assert!(err.contains("changed outside habeas"), "{err}");
}
on_both!(
    rows_changed_outside_habeas_are_named_even_with_the_chain_intact,
    rows_changed_outside_habeas_are_named_even_with_the_chain_intact
);

async fn added_renamed_and_deleted_rows_are_named(db: &TestDb) {
    three_entries(db).await;
    raw(
        db,
        "UPDATE person_names SET name = 'Someone Else' WHERE person_id = 1",
    )
    .await;
    let err = db.fails(&["audit", "verify"]);
    assert!(err.contains("person 1 differs from audit entry 1"), "{err}");
    raw(
        db,
        "UPDATE person_names SET name = 'Leyla Məmmədova' WHERE person_id = 1",
    )
    .await;
    db.ok(&["audit", "verify"]);

    raw(db, "INSERT INTO sources (id, url, reliability, level, created_at) VALUES (50, 'https://example.org/forged', 'high', 'public', 'x')").await;
    let err = db.fails(&["audit", "verify"]);
    assert!(
        err.contains("source 50 has no audit entry: it was added outside habeas"),
        "{err}"
    );
    raw(db, "DELETE FROM sources WHERE id = 50").await;

    raw(db, "DELETE FROM events WHERE id = 1").await;
    let err = db.fails(&["audit", "verify"]);
    assert!(
        err.contains(
            "event 1 was recorded by audit entry 3 but is gone: it was deleted outside habeas"
        ),
        "{err}"
    );
}
on_both!(
    added_renamed_and_deleted_rows_are_named,
    added_renamed_and_deleted_rows_are_named
);
