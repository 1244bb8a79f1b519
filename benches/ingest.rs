//! Ingest throughput on one core (issue 5): MB/s of HTML through the main-text
//! reading, the repair, and the findings, each step alone and all three together, with
//! a baseline measured in the same run: copying the same bytes into a lower-cased
//! String (a floor for anything that touches every byte). Pages are generated from
//! the demo registry's names: an article of reports in ten paragraphs, a table, some
//! damage (glued words, escaped tags), a lawyer whose name is not in the demo pools
//! (a namesake of the lawyer is rightly not read as a case), and the furniture of a
//! news site around it. Run: cargo bench --bench ingest (HABEAS_BENCH_PAGES to change the count).

use std::hint::black_box;
use std::time::Instant;

use habeas::ingest::{findings, page, repair};

const EVENTS: [&str; 5] = [
    "was detained by police in Baku on 3 May 2026 and charged under Article 221.3",
    "was sentenced on Thursday to seven years in prison under Article 206.3.2",
    "was released on 12 March 2026 after a presidential pardon",
    "began a hunger strike on 2 October 2026 in Penitentiary Institution No. 12",
    "was transferred on 4 April 2026 to Prison No. 3",
];

fn page_of(names: &[String], n: usize) -> String {
    let mut body = String::new();
    for (i, name) in names.iter().enumerate() {
        let event = EVENTS[(n + i) % EVENTS.len()];
        body.push_str(&format!(
            "<p>The activist {name} {event}, rights groups said.Observers called itareprisalforhisreporting \
             and &lt;/p&gt;&lt;p&gt;his lawyer, Zeynal Qarabaghli, said the hearing was closed.</p>\n"
        ));
    }
    let rows: String = names
        .iter()
        .take(3)
        .map(|n| format!("<tr><td>{n}</td><td>reporter</td><td>8 years</td></tr>"))
        .collect();
    format!(
        "<!DOCTYPE html><html><head><title>Court jails reporters | News Site</title>\
         <meta property=\"article:published_time\" content=\"2026-06-20T09:30:00+04:00\">\
         <script>var x = 1;</script></head><body>\
         <div class=\"cookie\">We use cookies. <button>Accept</button></div>\
         <nav><a href=\"/\">Home</a> <a href=\"/politics\">Politics</a></nav>\
         <main><article><h1>Court jails reporters</h1>{body}\
         <table><tr><th>Name</th><th>Role</th><th>Sentence</th></tr>{rows}</table></article></main>\
         <aside><h3>Related stories</h3><ul><li><a href=\"/a\">Another story</a></li></ul></aside>\
         <footer>All rights reserved.</footer></body></html>"
    )
}

/// The same article inside the furniture a real news page carries (measured pages
/// of news sites run 100 to 300 KB of HTML around 5 to 10 KB of text): scripts,
/// menus of links, an inline icon sprite, a footer of links. About 90 KB.
fn site_page_of(names: &[String], n: usize) -> String {
    let article = page_of(names, n);
    let links: String = (0..300)
        .map(|i| format!("<li class=\"menu-item\"><a href=\"/section/{i}\" data-track=\"nav-{i}\">Section {i}</a></li>"))
        .collect();
    let script = format!(
        "<script>window.__STATE__ = {{{}}};</script>",
        "\"k\":\"v\",".repeat(2_000)
    );
    let icons: String = (0..100)
        .map(|i| format!("<symbol id=\"i{i}\" viewBox=\"0 0 24 24\"><path d=\"M12 2L2 7l10 5 10-5-10-5z\"/></symbol>"))
        .collect();
    article
        .replace(
            "<nav>",
            &format!("{script}<svg style=\"display:none\">{icons}</svg><nav><ul>{links}</ul>"),
        )
        .replace("<footer>", &format!("<footer><ul>{links}</ul>"))
}

fn main() {
    let count: usize = std::env::var("HABEAS_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dossiers = habeas::demo::dossiers(11, 0, (count * 10) as u64);
    let names: Vec<String> = dossiers
        .iter()
        .filter_map(|d| d.person.names.first())
        .map(|n| n.text.to_string())
        .collect();
    let dense: Vec<String> = names
        .chunks(10)
        .enumerate()
        .map(|(i, chunk)| page_of(chunk, i))
        .collect();
    let site: Vec<String> = names
        .chunks(10)
        .enumerate()
        .map(|(i, chunk)| site_page_of(chunk, i))
        .collect();
    // People reported: the distinct names of each page (namesakes on one page are
    // one person to a reader too).
    let reported: usize = names
        .chunks(10)
        .map(|chunk| {
            let mut keys: Vec<String> = chunk
                .iter()
                .map(|n| habeas::search::NameKey::of(n).order_free())
                .collect();
            keys.sort();
            keys.dedup();
            keys.len()
        })
        .sum();
    measure("bare article pages (text-dense)", &dense, reported);
    measure("news-site pages (article + furniture)", &site, reported);
}

fn measure(label: &str, pages: &[String], reported: usize) {
    let bytes: usize = pages.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;

    let t = Instant::now();
    for p in pages {
        black_box(p.to_lowercase());
    }
    let floor = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let texts: Vec<page::Page> = pages
        .iter()
        .filter_map(|p| page::read(p.as_bytes(), None, true).ok())
        .collect();
    let clean = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let repaired: Vec<String> = texts.iter().map(|p| repair(&p.text, &[])).collect();
    let repair_time = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut people = 0;
    for (text, p) in repaired.iter().zip(&texts) {
        people += black_box(findings::read(text, p.published, &[]))
            .people
            .len();
    }
    let findings_time = t.elapsed().as_secs_f64();

    let t = Instant::now();
    for p in pages {
        black_box(habeas::ingest::read_article(p.as_bytes(), None, true, &[]).ok());
    }
    let whole = t.elapsed().as_secs_f64();

    println!(
        "== {label}: {} pages, {:.1} MB of HTML, {:.0} KB a page ({} people read of {} reported)",
        pages.len(),
        mb,
        bytes as f64 / 1e3 / pages.len() as f64,
        people,
        reported
    );
    let row = |label: &str, secs: f64| {
        println!(
            "{label:<38} {:>8.1} MB/s  {:>8.2} ms/page  ({:.1}x the floor's time)",
            mb / secs,
            secs * 1e3 / pages.len() as f64,
            secs / floor
        );
    };
    row("baseline: lower-case copy", floor);
    row("main text (dom_smoothie + render)", clean);
    row("repair", repair_time);
    row("findings", findings_time);
    row("whole reading (read_article)", whole);
}
