//! The Atom 1.0 feed of public changes (issue 6): new cases (arrests), status changes
//! and releases, newest first, from the public list's recent events. Ids are built
//! from event ids, so an entry keeps its id however often the feed is made again.

use std::fmt::Write as _;

use super::list::{PublicList, RecentEvent};
use crate::domain::{Country, EventKind};

/// How many entries a feed carries.
pub const ENTRIES: usize = 100;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// "Arrested", "Sentenced to 96 months", "Released (pardoned)".
fn what(e: &RecentEvent) -> String {
    let kind = e.kind.as_str().replace('_', " ");
    let mut out = kind[..1].to_uppercase() + &kind[1..];
    if let Some(m) = e.sentence_months.filter(|_| e.kind == EventKind::Sentenced) {
        let _ = write!(out, " to {m} months");
    }
    if let Some(r) = e.release_reason {
        let _ = write!(out, " ({})", r.as_str().replace('_', " "));
    }
    out
}

/// The feed, for every country or one. `site` is the address the site is reached at
/// ("https://example.org"), for links.
pub fn atom(list: &PublicList, country: Option<Country>, site: &str) -> String {
    let entries: Vec<&RecentEvent> = list
        .recent()
        .iter()
        .filter(|e| country.is_none_or(|c| e.country == Some(c)))
        .take(ENTRIES)
        .collect();
    let stamp = |e: &RecentEvent| format!("{}T00:00:00Z", e.date.earliest());
    let updated = entries
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |e| stamp(e));
    let (feed_id, title, self_link) = match country {
        Some(c) => (
            format!("urn:habeas:feed:{c}"),
            format!("Political prisoners: changes ({c})"),
            format!("{site}/feed.atom?country={c}"),
        ),
        None => (
            "urn:habeas:feed".to_string(),
            "Political prisoners: changes".to_string(),
            format!("{site}/feed.atom"),
        ),
    };
    let mut xml = String::with_capacity(512 + entries.len() * 400);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(xml, "<id>{}</id>", escape(&feed_id));
    let _ = writeln!(xml, "<title>{}</title>", escape(&title));
    let _ = writeln!(xml, "<updated>{updated}</updated>");
    let _ = writeln!(xml, "<author><name>habeas</name></author>");
    let _ = writeln!(
        xml,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&self_link)
    );
    let _ = writeln!(xml, "<link rel=\"alternate\" href=\"{}/\"/>", escape(site));
    for e in entries {
        let title = format!("{}: {}", e.name, what(e));
        let _ = writeln!(xml, "<entry>");
        let _ = writeln!(xml, "<id>urn:habeas:event:{}</id>", e.event.0);
        let _ = writeln!(xml, "<title>{}</title>", escape(&title));
        let _ = writeln!(xml, "<updated>{}</updated>", stamp(e));
        let _ = writeln!(
            xml,
            "<link rel=\"alternate\" href=\"{}/people/{}\"/>",
            escape(site),
            e.person.0
        );
        let mut summary = format!("{} on {}", what(e), e.date);
        if let Some(c) = e.country {
            let _ = write!(summary, " ({c})");
        }
        let _ = writeln!(xml, "<summary>{}</summary>", escape(&summary));
        let _ = writeln!(xml, "</entry>");
    }
    xml.push_str("</feed>\n");
    xml
}
