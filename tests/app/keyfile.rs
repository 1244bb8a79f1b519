//! A key file protected by a passphrase: a seized laptop holding the database and the
//! key file yields nothing without the passphrase; with it (a prompt, a file
//! descriptor or an environment variable) habeas works as before.

use std::process::{Command, Output};

use crate::helpers::TestDb;

const PASSPHRASE: &str = "a long passphrase nobody guesses";

/// habeas on `db` with extra environment variables, standard input closed.
fn run(db: &TestDb, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_habeas"));
    c.arg("--db")
        .arg(&db.db)
        .arg("--key-file")
        .arg(&db.key_file)
        .args(args)
        .current_dir(db.dir.path())
        .env_remove("HABEAS_KEY_PASSPHRASE")
        .env_remove("HABEAS_NEW_KEY_PASSPHRASE")
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test]
async fn a_protected_key_file_needs_its_passphrase() {
    let db = TestDb::new(crate::helpers::Backend::Sqlite).await;
    db.ok(&["init"]);
    let id = db.ok(&[
        "person",
        "add",
        "--name",
        "Leyla Məmmədova",
        "--contact",
        "sister +994 50 000 00 00",
    ]);
    let id = id.trim();

    let weak = run(
        &db,
        &[("HABEAS_NEW_KEY_PASSPHRASE", "short")],
        &["key", "protect"],
    );
    assert!(
        !weak.status.success() && text(&weak).contains("at least 12"),
        "{}",
        text(&weak)
    );
    let protect = run(
        &db,
        &[("HABEAS_NEW_KEY_PASSPHRASE", PASSPHRASE)],
        &["key", "protect"],
    );
    assert!(protect.status.success(), "{}", text(&protect));
    let file = std::fs::read_to_string(&db.key_file).unwrap();
    assert!(file.starts_with("habeas-key-v2:argon2id:"), "{file}");

    // The seized laptop: the database and the key file, no passphrase.
    let seized = run(&db, &[], &["person", "show", id]);
    assert!(seized.status.success(), "{}", text(&seized));
    assert!(!text(&seized).contains("+994"), "{}", text(&seized));
    assert!(
        text(&seized).contains("protected by a passphrase"),
        "{}",
        text(&seized)
    );
    let serve = run(&db, &[], &["serve", "--addr", "127.0.0.1:0"]);
    assert!(!serve.status.success(), "serve will not start locked");
    assert!(
        text(&serve).contains("protected by a passphrase"),
        "{}",
        text(&serve)
    );
    let wrong = run(
        &db,
        &[("HABEAS_KEY_PASSPHRASE", "not the passphrase")],
        &["person", "show", id],
    );
    assert!(
        text(&wrong).contains("does not open the key file"),
        "{}",
        text(&wrong)
    );
    assert!(!text(&wrong).contains("+994"));

    // With the passphrase, from the environment or a file descriptor.
    let opened = run(
        &db,
        &[("HABEAS_KEY_PASSPHRASE", PASSPHRASE)],
        &["person", "show", id],
    );
    assert!(
        text(&opened).contains("sister +994 50 000 00 00"),
        "{}",
        text(&opened)
    );
    let secret = db.dir.path().join("passphrase.txt");
    std::fs::write(&secret, format!("{PASSPHRASE}\n")).unwrap();
    let by_fd = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" --db \"$1\" --key-file \"$2\" --passphrase-fd 3 person show \"$3\" 3< \"$4\"")
        .arg(env!("CARGO_BIN_EXE_habeas"))
        .arg(&db.db)
        .arg(&db.key_file)
        .arg(id)
        .arg(&secret)
        .env_remove("HABEAS_KEY_PASSPHRASE")
        .output()
        .unwrap();
    assert!(
        text(&by_fd).contains("sister +994 50 000 00 00"),
        "{}",
        text(&by_fd)
    );

    // Writes seal under the same key; unprotecting gives the plain file back.
    let env = [("HABEAS_KEY_PASSPHRASE", PASSPHRASE)];
    let other = run(
        &db,
        &env,
        &[
            "person",
            "add",
            "--name",
            "Anar Əliyev",
            "--contact",
            "brother +994 55",
        ],
    );
    assert!(other.status.success(), "{}", text(&other));
    let back = run(&db, &env, &["key", "unprotect"]);
    assert!(back.status.success(), "{}", text(&back));
    assert!(
        std::fs::read_to_string(&db.key_file)
            .unwrap()
            .starts_with("habeas-key-v1:")
    );
    assert!(
        db.ok(&["person", "show", other_id(&other)])
            .contains("brother +994 55")
    );
    db.finish().await;
}

fn other_id(o: &Output) -> &str {
    std::str::from_utf8(&o.stdout).unwrap().trim()
}
