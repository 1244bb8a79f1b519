//! The cleaner and the reading after it on arbitrary bytes: page reading (encodings,
//! HTML or text), repair, tables and findings must return a value or a named error,
//! never panic, on any input. Run: cargo +nightly fuzz run clean -- -max_total_time=600
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = data.first().is_some_and(|b| b & 1 == 1);
    if let Ok(article) = habeas::ingest::read_article(data, None, html, &[]) {
        // What was read is text the rest of habeas can hold.
        assert!(!article.text.contains('\0') || data.contains(&0));
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = habeas::ingest::page::render(text);
        let _ = habeas::ingest::repair(text, &["Anar Quliyev".to_string()]);
    }
});
