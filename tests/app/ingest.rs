//! Ingest on the first set of damaged articles (tests/fixtures/articles/first-set): what the repair step restores, the quality
//! of the whole reading, `habeas ingest` on files, folders and a local web server,
//! and the review queue (`habeas proposals`) on both databases.

use std::io::{Read, Write};
use std::path::PathBuf;

use serde_json::Value;

use crate::helpers::{TestDb, on_both};

fn articles() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles/first-set")
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

/// The whole reading of the first set meets the targets: people F1 at
/// least 0.95, event and status right for at least 90% of the people found, dates for
/// at least 90%, every damaged span clean, no one reported whom the labels call no
/// case, and no boilerplate in the main text of the HTML pages.
#[test]
fn the_reading_of_the_first_set_meets_the_quality_targets() {
    let scores = habeas::ingest::eval::evaluate(&articles()).unwrap();
    assert_meets_targets(&scores, 5);
    assert!(scores.boilerplate_checks >= 6, "{scores:#?}");
}

/// The quality targets, on `articles` labelled articles.
fn assert_meets_targets(scores: &habeas::ingest::eval::Scores, articles: usize) {
    let report = format!("{scores:#?}");
    assert_eq!(scores.articles, articles, "{report}");
    assert!(scores.errors.is_empty(), "{report}");
    assert!(scores.people.f1() >= 0.95, "{report}");
    assert!(scores.accuracy("event") >= 0.9, "{report}");
    assert!(scores.accuracy("status") >= 0.9, "{report}");
    assert!(scores.accuracy("date") >= 0.9, "{report}");
    assert!(scores.not_cases_reported.is_empty(), "{report}");
    assert_eq!(scores.spans_clean, scores.spans, "{report}");
    assert_eq!(
        scores.boilerplate_passed, scores.boilerplate_checks,
        "{report}"
    );
}

/// The same targets on articles written for habeas's tests after the reading was built
/// (tests/fixtures/articles/held-out): the reading is not fitted to the first set alone.
#[test]
fn the_reading_of_articles_written_later_meets_the_same_targets() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles/held-out");
    let scores = habeas::ingest::eval::evaluate(&dir).unwrap();
    assert_meets_targets(&scores, 4);
}

/// A tiny HTTP server on a free port: each path maps to (status, content type, body).
/// Runs until the test process ends.
fn serve(pages: Vec<(&'static str, u16, &'static str, Vec<u8>)>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, ctype, body) = pages
                .iter()
                .find(|(p, ..)| *p == path)
                .map(|(_, s, c, b)| (*s, *c, b.clone()))
                .unwrap_or((404, "text/plain", b"not here".to_vec()));
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    format!("http://{addr}")
}

/// `habeas ingest --dry-run --json` reads pages from a web server (HTML with its
/// metadata, a windows-1251 page declared in the header), reports a missing page, an
/// oversized page and an empty file at the end without stopping, and stores nothing.
async fn ingest_reads_urls_and_files_and_reports_bad_ones_at_the_end(db: &TestDb) {
    let page = std::fs::read(articles().join("02-sentencing-page.html")).unwrap();
    // "Суд арестовал журналиста" and a sentence in windows-1251.
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251
        .encode("<html><body><article><p>Суд в Баку арестовал журналиста 3 мая 2026 года.</p></article></body></html>");
    let base = serve(vec![
        ("/sentencing", 200, "text/html; charset=utf-8", page),
        (
            "/cp1251",
            200,
            "text/html; charset=windows-1251",
            cp1251.into_owned(),
        ),
        ("/big", 200, "text/html", vec![b'a'; 300_000]),
    ]);
    // A server that accepts and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_addr = silent.local_addr().unwrap();
    std::thread::spawn(move || {
        let held: Vec<_> = silent.incoming().take(1).collect();
        std::thread::sleep(std::time::Duration::from_secs(20));
        drop(held);
    });
    let empty = db.dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let out = db.cli(&[
        "ingest",
        &format!("{base}/sentencing"),
        &format!("{base}/cp1251"),
        &format!("{base}/missing"),
        &format!("{base}/big"),
        &format!("http://{silent_addr}/never"),
        empty.to_str().unwrap(),
        "--dry-run",
        "--json",
        "--max-bytes",
        "200000",
        "--timeout",
        "1",
    ]);
    assert!(
        !out.status.success(),
        "bad inputs make the batch fail at the end"
    );
    let read: Value = serde_json::from_slice(&out.stdout).unwrap();
    let read = read.as_array().unwrap();
    assert_eq!(read.len(), 6, "{read:#?}");
    let article = &read[0];
    assert_eq!(
        article["title"],
        "Baku court jails three reporters of Kanal 9"
    );
    assert_eq!(article["published"], "2026-06-20");
    assert_eq!(article["language"], "en");
    assert_eq!(article["country"], "AZ");
    assert!(article["stored"].is_null());
    let text = article["text"].as_str().unwrap();
    assert!(text.contains("sentenced three journalists"), "{text}");
    assert!(
        !text.contains("We use cookies") && !text.contains("Related stories"),
        "{text}"
    );
    let people: Vec<&str> = article["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        people,
        ["Leyla Mustafayeva", "Orkhan Aliyev", "Samir Najafov"]
    );
    let leyla = &article["people"][0];
    assert_eq!(leyla["event"], "sentenced");
    assert_eq!(leyla["date"], "2026-06-18");
    assert_eq!(leyla["sentence_months"], 108);
    assert_eq!(leyla["charges"], serde_json::json!(["206.3.2", "192.3.2"]));
    assert!(leyla["candidates"].as_array().unwrap().is_empty());
    assert!(
        read[1]["text"]
            .as_str()
            .unwrap()
            .contains("Суд в Баку арестовал журналиста")
    );
    let errors: Vec<String> = read[2..]
        .iter()
        .map(|e| e["error"].as_str().unwrap().to_string())
        .collect();
    assert!(errors[0].contains("404"), "{errors:?}");
    assert!(errors[1].contains("over the limit"), "{errors:?}");
    assert!(errors[2].contains("no answer within 1 s"), "{errors:?}");
    assert!(errors[3].contains("empty"), "{errors:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("4 of the inputs could not be read"),
        "{stderr}"
    );
    let stored: Value =
        serde_json::from_str(&db.ok(&["proposals", "list", "--state", "all", "--json"])).unwrap();
    assert_eq!(stored, serde_json::json!([]), "a dry run stores nothing");
}
on_both!(
    ingest_reads_urls_and_files_and_reports_bad_ones_at_the_end,
    ingest_reads_urls_and_files_and_reports_bad_ones_at_the_end
);

fn proposal_of<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|p| p["finding"]["name"] == name)
        .unwrap_or_else(|| panic!("no proposal for {name}: {list:#}"))
}

/// Ingesting the first set's folder stores each article once with a proposal per person;
/// nothing in the registry changes until a reviewer accepts (on the registry person the
/// matcher found, across transliterations, or on a new person and case) or rejects
/// with a reason. A second ingest of the same pages adds nothing.
async fn proposals_change_the_registry_only_when_accepted(db: &TestDb) {
    let ramin = db.ok(&[
        "person",
        "add",
        "--name",
        "Ramin Hüseynov",
        "--country",
        "AZ",
    ]);
    let ramin = ramin.trim();
    db.ok(&["case", "add", "--person", ramin, "--arrested", "2026-08-28"]);
    let before = db.ok(&["export", "--format", "json", "--level", "internal"]);

    let dir = articles();
    let out = db.ok(&["ingest", dir.to_str().unwrap()]);
    assert!(
        out.contains("stored 5 article(s) with 18 proposal(s)"),
        "{out}"
    );
    assert_eq!(
        db.ok(&["export", "--format", "json", "--level", "internal"]),
        before
    );
    let again = db.ok(&["ingest", dir.to_str().unwrap()]);
    assert!(
        again.contains("stored 0 article(s) with 0 proposal(s)"),
        "{again}"
    );

    let pending: Value = serde_json::from_str(&db.ok(&["proposals", "list", "--json"])).unwrap();
    assert_eq!(pending.as_array().unwrap().len(), 18);
    let guseynov = proposal_of(&pending, "Ramin Guseynov");
    assert_eq!(guseynov["person_id"].as_i64().unwrap().to_string(), ramin);
    assert_eq!(guseynov["decision"], "same");
    assert_eq!(guseynov["state"], "pending");

    // Accepted on the registry person: a remand on their case, with the article.
    let id = guseynov["id"].as_i64().unwrap().to_string();
    let shown: Value = serde_json::from_str(&db.ok(&["proposals", "show", &id, "--json"])).unwrap();
    assert!(
        shown["article_text"]
            .as_str()
            .unwrap()
            .contains("Police detained Ramin Guseynov")
    );
    let done = db.ok(&["proposals", "accept", &id]);
    assert!(
        done.contains(&format!("of person {ramin}")) && !done.contains("(new)"),
        "{done}"
    );
    let person = db.ok(&["person", "show", ramin]);
    assert!(person.contains("remanded"), "{person}");
    let twice = db.fails(&["proposals", "accept", &id]);
    assert!(twice.contains("already accepted"), "{twice}");

    // A new person and case, from an arrest.
    let tural = proposal_of(&pending, "Tural Hasanli");
    let id = tural["id"].as_i64().unwrap().to_string();
    let done = db.ok(&["proposals", "accept", &id]);
    assert!(
        done.contains("(new) of person") && done.ends_with("(new)\n"),
        "{done}"
    );
    // The registry knows more now; the same pages are still the same articles.
    let again = db.ok(&["ingest", dir.to_str().unwrap()]);
    assert!(again.contains("stored 0 article(s)"), "{again}");
    let listed = db.ok(&["export", "--format", "json"]);
    assert!(
        !listed.contains("Tural Hasanli"),
        "a file's records stay internal: {listed}"
    );
    let internal = db.ok(&["export", "--format", "json", "--level", "internal"]);
    assert!(
        internal.contains("Tural Hasanli") && internal.contains("221.3"),
        "{internal}"
    );

    // Rejected with a reason: nothing changes.
    let id = proposal_of(&pending, "Nigar Rzayeva")["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let before = db.ok(&["export", "--format", "json", "--level", "internal"]);
    let missing = db.fails(&["proposals", "reject", &id, "--reason", " "]);
    assert!(missing.contains("needs a reason"), "{missing}");
    db.ok(&[
        "proposals",
        "reject",
        &id,
        "--reason",
        "related case, reported elsewhere",
    ]);
    assert_eq!(
        db.ok(&["export", "--format", "json", "--level", "internal"]),
        before
    );
    let rejected: Value =
        serde_json::from_str(&db.ok(&["proposals", "list", "--state", "rejected", "--json"]))
            .unwrap();
    assert_eq!(rejected[0]["reason"], "related case, reported elsewhere");
    let pending: Value = serde_json::from_str(&db.ok(&["proposals", "list", "--json"])).unwrap();
    assert_eq!(pending.as_array().unwrap().len(), 15);
    let verified = db.ok(&["audit", "verify"]);
    assert!(
        verified.contains("ok") || verified.contains("intact"),
        "{verified}"
    );
}
on_both!(
    proposals_change_the_registry_only_when_accepted,
    proposals_change_the_registry_only_when_accepted
);

/// `habeas eval ingest` scores each language's pages on their own too, and those add
/// up to the whole: the figures the reading in Russian and Azerbaijani is judged by.
#[test]
fn the_evaluation_splits_its_figures_by_language() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles/second-set");
    let scores = habeas::ingest::eval::evaluate(&dir).unwrap();
    let pages: Vec<(&str, usize)> = scores
        .by_language
        .iter()
        .map(|(l, s)| (l.as_str(), s.articles))
        .collect();
    assert_eq!(pages, [("az", 5), ("en", 14), ("ru", 7)]);
    let people = |f: fn(&habeas::ingest::eval::Counts) -> usize| {
        scores
            .by_language
            .values()
            .map(|s| f(&s.people))
            .sum::<usize>()
    };
    assert_eq!(people(|c| c.tp), scores.people.tp);
    assert_eq!(people(|c| c.fp), scores.people.fp);
    assert_eq!(people(|c| c.fn_), scores.people.fn_);
    let published: usize = scores
        .by_language
        .values()
        .map(|s| s.published.tp + s.published.fn_)
        .sum();
    assert_eq!(published, scores.published.tp + scores.published.fn_);
    assert!(published >= 20, "most pages give their date: {published}");
}

/// Russian and Azerbaijani pages are read, not passed over: their people are found in
/// the registry's form, with a status and the term of their sentence. (A floor under
/// the figures measured: people F1 0.905 and 0.971, status 0.84 and 1.0, terms 0.75
/// and 1.0 on 2026-12-07; the goal is 0.95 each.)
#[test]
fn russian_and_azerbaijani_pages_give_their_people() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles/second-set");
    let scores = habeas::ingest::eval::evaluate(&dir).unwrap();
    for language in ["ru", "az"] {
        let s = &scores.by_language[language];
        let report = format!("{language}: {s:#?}");
        assert!(s.people.f1() >= 0.88, "{report}");
        assert!(s.accuracy("status") >= 0.8, "{report}");
        assert!(s.accuracy("sentence_months") >= 0.7, "{report}");
        assert_eq!(s.published.recall(), 1.0, "{report}");
    }
}

/// Relatives, heads of state who pardon and officials are named on these pages beside
/// the cases; at most a few of the labelled not-cases are proposed (11 before the
/// rules for relatives and for those who pardon, 3 after).
#[test]
fn the_second_set_proposes_few_of_its_not_cases() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles/second-set");
    let scores = habeas::ingest::eval::evaluate(&dir).unwrap();
    assert!(
        scores.not_cases_reported.len() <= 4,
        "{:?}",
        scores.not_cases_reported
    );
    assert!(
        !scores
            .not_cases_reported
            .iter()
            .any(|n| n.contains("Lukashenk") || n.contains("Лукашенко")),
        "{:?}",
        scores.not_cases_reported
    );
}

/// What a page itself demands, and of whom, in three languages (issue 14): on the
/// second set, each language's demands and addressees are at least 0.9 in precision
/// and recall (measured on 2026-12-08: demands 1.000/1.000 in all three; addressees
/// 0.917/0.917 in English, the op-ed's "Brussels" for "the European Union", 1.000 in
/// Russian and Azerbaijani); news pages demand nothing.
#[test]
fn the_pages_own_demands_and_addressees_are_read() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles/second-set");
    let scores = habeas::ingest::eval::evaluate(&dir).unwrap();
    for (language, s) in &scores.by_language {
        let report = format!("{language}: {:#?}", (s.demands, s.targets));
        assert!(s.demands.tp >= 7, "{report}");
        assert!(
            s.demands.precision() >= 0.9 && s.demands.recall() >= 0.9,
            "{report}"
        );
        assert!(
            s.targets.precision() >= 0.9 && s.targets.recall() >= 0.9,
            "{report}"
        );
    }
}

/// The appeals written for the urgent-action tests, one per language, read whole:
/// each action a demand, pronouns named, Azerbaijani verbs in the infinitive, and the
/// addressees in the form a letter opens with.
#[test]
fn an_appeal_gives_its_demands_and_addressees_in_its_language() {
    let read = |name: &str| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/appeals")
            .join(name);
        habeas::ingest::article::read_article(&std::fs::read(path).unwrap(), None, false, &[])
            .unwrap()
    };
    let en = read("appeal-en.txt");
    assert_eq!(
        en.demands,
        [
            "release human rights defender Elmar Zeynalli immediately and unconditionally",
            "drop all charges against Elmar Zeynalli",
            "ensure that Elmar Zeynalli has access to a lawyer of his choosing and to his family"
        ]
    );
    assert_eq!(
        en.targets,
        [
            "the Azerbaijani authorities",
            "Prosecutor General of the Republic of Azerbaijan"
        ],
        "the address block's heading is the fullest name of the office"
    );
    let ru = read("appeal-ru.txt");
    assert_eq!(
        ru.demands,
        [
            "немедленно и безусловно освободить Веру Соколовскую",
            "прекратить уголовное преследование правозащитников",
            "обеспечить Вере Соколовской доступ к адвокату по её выбору",
            "разрешить ей свидания с семьёй"
        ]
    );
    assert_eq!(
        ru.targets,
        [
            "власти Беларуси",
            "Генеральный прокурор Республики Беларусь"
        ]
    );
    let names: Vec<&str> = ru.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["Вера Соколовская"],
        "her surname in her own nominative"
    );
    let az = read("appeal-az.txt");
    assert_eq!(
        az.demands,
        [
            "Nərmin Qasımovanı dərhal və qeyd-şərtsiz azad etmək",
            "ona qarşı bütün ittihamları ləğv etmək",
            "Nərmin Qasımovanın vəkil seçmək hüququnu təmin etmək"
        ]
    );
    assert_eq!(az.targets, ["Azərbaycan hakimiyyəti", "Baş prokuror"]);
}
