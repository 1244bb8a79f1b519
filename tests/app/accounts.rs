//! Staff accounts and API tokens from the CLI, on both databases.

use habeas::accounts::{token_digest, verify_password};
use habeas::domain::{Login, Role};

use crate::helpers::{TestDb, on_both};

fn run_with_stdin(db: &TestDb, args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_habeas"))
        .arg("--db")
        .arg(&db.db)
        .arg("--key-file")
        .arg(&db.key_file)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

async fn accounts_are_added_with_hashed_passwords_and_can_be_disabled(db: &TestDb) {
    let out = run_with_stdin(
        db,
        &["user", "add", "--login", "Leyla", "--role", "editor"],
        "correct horse battery staple\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("added leyla (editor)") && !stdout.contains("password"),
        "{stdout}"
    );

    let generated = db.ok(&["user", "add", "--login", "admin", "--role", "admin"]);
    let password = generated
        .lines()
        .find_map(|l| l.strip_prefix("password (shown once): "))
        .unwrap()
        .to_string();
    assert_eq!(password.chars().count(), 20);

    let store = db.store().await;
    let leyla = store
        .credentials(&Login::parse("leyla").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(leyla.password_hash.starts_with("$argon2id$"));
    assert!(verify_password(
        "correct horse battery staple",
        &leyla.password_hash
    ));
    let admin = store
        .credentials(&Login::parse("admin").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(verify_password(&password, &admin.password_hash));
    store.close().await;

    let err = db.fails(&["user", "add", "--login", "leyla", "--role", "viewer"]);
    assert!(err.contains("'leyla' is already taken"), "{err}");
    let err = db.fails(&["user", "add", "--login", "anar", "--role", "boss"]);
    assert!(err.contains("unknown role 'boss'"), "{err}");
    let short = run_with_stdin(
        db,
        &["user", "add", "--login", "anar", "--role", "viewer"],
        "short\n",
    );
    assert!(
        !short.status.success() && String::from_utf8_lossy(&short.stderr).contains("12 to 256")
    );

    let reset = run_with_stdin(
        db,
        &["user", "reset-password", "leyla"],
        "another long passphrase\n",
    );
    assert!(reset.status.success());
    db.ok(&["user", "disable", "leyla"]);
    let list = db.ok(&["user", "list"]);
    assert!(
        list.lines()
            .any(|l| l.starts_with("leyla") && l.contains("editor") && l.contains("disabled")),
        "{list}"
    );
    assert!(
        list.lines()
            .any(|l| l.starts_with("admin") && l.contains("active")),
        "{list}"
    );
    assert!(!list.contains("argon2"), "no hash is shown");

    let store = db.store().await;
    let leyla = store
        .credentials(&Login::parse("leyla").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(leyla.account.disabled);
    assert!(verify_password(
        "another long passphrase",
        &leyla.password_hash
    ));
    assert!(!verify_password(
        "correct horse battery staple",
        &leyla.password_hash
    ));
    // Every change is audited, and no entry holds a password or its hash.
    let (entries, _) = store.verify_audit().await.unwrap().unwrap();
    assert_eq!(entries, 4, "two accounts, a reset, a disable");
    store.close().await;
    let export = db.ok(&["export", "--format", "json", "--level", "internal"]);
    assert!(!export.contains("argon2"));
}
on_both!(
    accounts_are_added_with_hashed_passwords_and_can_be_disabled,
    accounts_are_added_with_hashed_passwords_and_can_be_disabled
);

async fn api_tokens_are_shown_once_stored_hashed_and_revocable(db: &TestDb) {
    db.ok(&["user", "add", "--login", "leyla", "--role", "editor"]);
    let out = db.ok(&["user", "token", "leyla"]);
    let token = out.lines().nth(1).unwrap().trim().to_string();
    assert!(token.starts_with("hb_"), "{out}");
    let store = db.store().await;
    let holder = store
        .token_holder(&token_digest(&token))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (holder.account.login.as_str(), holder.role),
        ("leyla", Role::Editor)
    );
    assert!(
        store
            .token_holder(&token_digest("hb_guess"))
            .await
            .unwrap()
            .is_none()
    );
    store.close().await;

    let err = db.fails(&["user", "token", "leyla", "--role", "admin"]);
    assert!(
        err.contains("a editor cannot hold a admin token") || err.contains("cannot hold"),
        "{err}"
    );
    let viewer = db.ok(&["user", "token", "leyla", "--role", "viewer"]);
    let viewer_id: i64 = viewer.split_whitespace().nth(1).unwrap().parse().unwrap();
    db.ok(&["user", "revoke-token", &viewer_id.to_string()]);
    let again = db.fails(&["user", "revoke-token", &viewer_id.to_string()]);
    assert!(again.contains("there is no live API token"), "{again}");

    db.ok(&["user", "disable", "leyla"]);
    let store = db.store().await;
    assert!(
        store
            .token_holder(&token_digest(&token))
            .await
            .unwrap()
            .is_none(),
        "a disabled account's tokens stop working"
    );
    store.close().await;
    let err = db.fails(&["user", "token", "leyla"]);
    assert!(err.contains("is disabled"), "{err}");
}
on_both!(
    api_tokens_are_shown_once_stored_hashed_and_revocable,
    api_tokens_are_shown_once_stored_hashed_and_revocable
);
