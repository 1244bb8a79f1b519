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

/// A registry with every kind of access record: accounts (one with a second factor),
/// a token, the policy, and proposals (one accepted, one rejected, one pending).
/// Returns the editor's token.
pub async fn access_records(db: &TestDb) -> String {
    use habeas::domain::{Login, Password, Role};
    let store = db.store().await;
    let hash =
        habeas::accounts::hash_password(&Password::parse("correct horse battery staple").unwrap())
            .unwrap();
    for (login, role) in [
        ("leyla", Role::Editor),
        ("amina", Role::Admin),
        ("vera", Role::Viewer),
    ] {
        store
            .add_user(&stamp(), &Login::parse(login).unwrap(), role, &hash)
            .await
            .unwrap();
    }
    store
        .enrol_totp(
            &stamp(),
            2,
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            &["d1".into(), "d2".into()],
            0,
        )
        .await
        .unwrap();
    let (token, digest) = habeas::accounts::new_token().unwrap();
    store
        .add_token(&stamp(), &Login::parse("leyla").unwrap(), None, &digest)
        .await
        .unwrap();
    store
        .set_two_factor_required(&stamp(), Role::Editor, true)
        .await
        .unwrap();
    let article = habeas::ingest::read_article(
        b"Police detained the blogger Zaur Qurbanli on 3 May 2025. The journalist Rauf Mirzayev was detained on 4 May 2025. The activist Samir Quliyev was detained on 5 May 2025.",
        None,
        false,
        &[],
    )
    .unwrap();
    let stored = store
        .add_article(
            &stamp(),
            &habeas::store::NewArticle {
                origin: "statement.txt",
                url: None,
                article: &article,
                candidates: &[None, None, None],
                level: habeas::domain::Level::Internal,
            },
        )
        .await
        .unwrap();
    assert_eq!(stored.proposals.len(), 3, "{article:?}");
    store
        .accept_proposal(&stamp(), 1, &Default::default())
        .await
        .unwrap();
    store
        .reject_proposal(&stamp(), 2, "not a case")
        .await
        .unwrap();
    // Campaign 1, about a public person held today.
    let p = store
        .add_person(&stamp(), &person("Leyla Məmmədova"))
        .await
        .unwrap();
    store
        .add_case(&stamp(), &case(p, "2024-03-01"))
        .await
        .unwrap();
    crate::campaigns::save(&store, &[p.0], habeas::campaign::CampaignStatus::Active).await;
    assert!(store.verify_audit().await.unwrap().is_ok());
    store.close().await;
    token
}

/// Each way to tamper with the database behind habeas's back, and what verify names.
/// The drill `drills/audit-tamper.sh` runs this test and prints the table.
async fn every_kind_of_tamper_is_named(db: &TestDb) {
    let forged_sha = habeas::accounts::token_digest("hb_forged_by_hand");
    let kinds: Vec<(&str, String, &str)> = vec![
        ("an altered entry", "UPDATE audit_log SET actor = 'x' WHERE seq = 2".into(), "audit entry 2 is bad: its content was altered"),
        ("a removed entry", "DELETE FROM audit_log WHERE seq = 3".into(), "audit entry 3 is bad: it is missing"),
        ("a MAC removed", "UPDATE audit_log SET mac = NULL WHERE seq = 4".into(), "audit entry 4 is bad: it carries no valid MAC"),
        ("a token inserted", format!("INSERT INTO api_tokens (id, user_id, role, token_hash, created_at) VALUES (99, 1, 'admin', '{forged_sha}', '2026-01-01')"), "api_token 99 was added outside habeas"),
        ("a token's role raised", "UPDATE api_tokens SET role = 'admin' WHERE id = 1".into(), "api_token 1 was changed outside habeas"),
        ("a revoked token revived", "UPDATE api_tokens SET revoked_at = NULL WHERE id = 1; UPDATE api_tokens SET token_hash = 'k1:00' WHERE id = 1".into(), "api_token 1 was changed outside habeas"),
        ("an account's role raised", "UPDATE users SET role = 'admin' WHERE login = 'vera'".into(), "user 3 was changed outside habeas"),
        ("a password hash replaced", "UPDATE users SET password_hash = 'x' WHERE login = 'leyla'".into(), "user 1 was changed outside habeas"),
        ("an account added", "INSERT INTO users (id, login, role, password_hash, disabled, created_at, password_changed_at) VALUES (9, 'mallory', 'admin', 'x', 0, 'now', 'now')".into(), "user 9 was added outside habeas"),
        ("a second factor removed", "DELETE FROM recovery_codes WHERE user_id = 2; DELETE FROM two_factor WHERE user_id = 2".into(), "user 2 was changed outside habeas"),
        ("the policy relaxed", "UPDATE two_factor_policy SET required = 0 WHERE role = 'admin'".into(), "two-factor-policy 1 was changed outside habeas"),
        ("a decision changed", "UPDATE proposals SET state = 'accepted' WHERE id = 2".into(), "proposal 2 was changed outside habeas"),
        ("a proposal removed", "DELETE FROM proposals WHERE id = 3".into(), "proposal 3 was deleted outside habeas"),
        ("a campaign's demands changed", "UPDATE campaigns SET body = replace(body, 'Release', 'Forget') WHERE id = 1".into(), "campaign 1 was changed outside habeas"),
    ];
    let mut named = 0;
    for (kind, sql, says) in &kinds {
        let fresh = db.another().await;
        access_records(&fresh).await;
        fresh.ok(&["audit", "verify"]);
        raw(&fresh, sql).await;
        let err = fresh.fails(&["audit", "verify"]);
        assert!(err.contains(says), "{kind}: {err}");
        println!("tamper: {kind:<28} named: {}", err.trim());
        named += 1;
        fresh.finish().await;
    }
    assert_eq!(named, kinds.len());
}
on_both!(every_kind_of_tamper_is_named, every_kind_of_tamper_is_named);

/// An entry appended behind habeas's back, well formed for the SHA-256 chain (anyone
/// can compute it), has no valid MAC: verify names it even when the old head, kept
/// elsewhere, is still in the chain. A token inserted straight into the database,
/// with its plain digest, opens nothing on a live server.
async fn an_appended_entry_and_a_planted_token_are_refused(db: &TestDb) {
    let token = access_records(db).await;
    let out = db.ok(&["audit", "verify"]);
    let head = out.trim().rsplit(' ').next().unwrap().to_string();
    let (seq, _) = {
        let store = db.store().await;
        let h = store.head().await.unwrap();
        store.close().await;
        h
    };
    let forged = habeas::accounts::token_digest("hb_forged_by_hand");
    let next = seq + 1;
    let after = r#"{"login":"vera","role":"admin","row":null}"#.to_string();
    let hash = habeas::audit::entry_hash(
        &head,
        next,
        "2026-11-29T12:00:00Z",
        "cli:root",
        "create",
        "api_token",
        98,
        None,
        Some(&after),
    );
    raw(
        db,
        &format!(
            "INSERT INTO api_tokens (id, user_id, role, token_hash, created_at) VALUES (98, 3, 'admin', '{forged}', 'now'); \
             INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash) \
             VALUES ({next}, '2026-11-29T12:00:00Z', 'cli:root', 'create', 'api_token', 98, NULL, '{after}', '{head}', '{hash}'); \
             UPDATE audit_head SET seq = {next}, hash = '{hash}' WHERE id = 1"
        ),
    )
    .await;
    let err = db.fails(&["audit", "verify", "--expect-head", &head]);
    assert!(
        err.contains(&format!(
            "audit entry {next} is bad: it carries no valid MAC"
        )),
        "{err}"
    );
    println!("tamper: {:<28} named: {}", "an entry appended", err.trim());

    let app = crate::web::TestApp::new(db).await;
    let planted = app.get_with("/api/v1/people", &[]).await;
    assert_eq!(planted.status, axum::http::StatusCode::OK);
    assert!(!crate::api::token_opens(&app, "hb_forged_by_hand").await);
    assert!(crate::api::token_opens(&app, &token).await);
    println!(
        "tamper: {:<28} refused: 401 on a live server",
        "a token planted by hand"
    );
}
on_both!(
    an_appended_entry_and_a_planted_token_are_refused,
    an_appended_entry_and_a_planted_token_are_refused
);

/// A database from before entries carried MACs (none has one, no mark, plain token
/// digests) is brought up to date once, at the first open with the key: it verifies,
/// and its token still works. A second open changes nothing.
async fn an_older_database_is_upgraded_once(db: &TestDb) {
    let token = access_records(db).await;
    let plain = habeas::accounts::token_digest(&token);
    raw(
        db,
        &format!(
            "UPDATE audit_log SET mac = NULL; DELETE FROM meta WHERE key = 'audit_v2'; \
             UPDATE api_tokens SET token_hash = '{plain}'"
        ),
    )
    .await;
    let first = db.cli(&["audit", "verify"]);
    let said = String::from_utf8_lossy(&first.stderr).to_string();
    assert!(first.status.success(), "{said}");
    assert!(said.contains("audit log upgraded"), "{said}");
    assert!(said.contains("1 secret digests keyed"), "{said}");
    let again = db.cli(&["audit", "verify"]);
    assert!(again.status.success());
    assert!(!String::from_utf8_lossy(&again.stderr).contains("upgraded"));
    let app = crate::web::TestApp::new(db).await;
    assert!(
        crate::api::token_opens(&app, &token).await,
        "the token still opens"
    );
}
on_both!(
    an_older_database_is_upgraded_once,
    an_older_database_is_upgraded_once
);
