//! What the workspace looks up on every page without reading the registry: for each
//! case, its person, next hearing, expected release and last event; for each person,
//! every spelling of their name and the text of their cases, folded for search. Built
//! with the public list from the same registry read (see `web::build_snapshot`), so a
//! change costs one rebuild in the background, and each request only filters.
//!
//! Entries keep their confidentiality level; a request sees only what its role reads.

use crate::domain::{
    Date, Event, Level, PartialDate, PersonId, Status, current_status, expected_release,
};
use crate::search::fold;
use crate::store::Registry;

/// One case, as the dashboard panels need it.
#[derive(Debug, Clone)]
pub struct CaseEntry {
    pub person: PersonId,
    pub name: String,
    /// The level of reader this entry is for: made from the events such a reader
    /// sees, and only for cases (and people) open to them.
    pub reader: Level,
    pub status: Option<Status>,
    /// The next hearing named by the latest event that names one.
    pub next_hearing: Option<PartialDate>,
    pub expected_release: Option<PartialDate>,
    pub last_event: Option<PartialDate>,
}

/// One person, for the search box.
#[derive(Debug, Clone)]
struct PersonEntry {
    id: PersonId,
    name: String,
    level: Level,
    /// Each spelling folded, with its level.
    names: Vec<(String, Level)>,
    /// Charges, places, courts, facilities and event details of visible cases, folded,
    /// with the level of the case they come from.
    case_text: Vec<(String, Level)>,
}

#[derive(Debug, Default)]
pub struct StaffIndex {
    cases: Vec<CaseEntry>,
    people: Vec<PersonEntry>,
}

/// A search hit: who, and where the words were found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub id: PersonId,
    pub name: String,
    pub found_in: &'static str,
}

/// How long without news before a case counts as stale.
pub const STALE_MONTHS: u32 = 6;

impl StaffIndex {
    pub fn build(registry: &Registry) -> StaffIndex {
        let mut index = StaffIndex::default();
        for p in &registry.people {
            // The first spelling as open as the record itself: a role that may read
            // the record may read it, even when the legal name is kept stricter.
            let name = p
                .data
                .names
                .iter()
                .find(|n| n.level <= p.data.level)
                .map_or_else(|| format!("person {}", p.id), |n| n.text.to_string());
            let mut case_text = Vec::new();
            for c in registry.cases_of(p.id) {
                let events = registry.events_of(c.id);
                let level = p.data.level.max(c.level);
                for e in &events {
                    let d = &e.data;
                    if let Some(details) = &d.details {
                        case_text.push((fold(details), level.max(d.level)));
                    }
                    if let Some(f) = &d.facility {
                        case_text.push((fold(f), level.max(d.level)));
                    }
                }
                // One entry per level of reader, each made only from the events that
                // reader may see, so a restricted event's hearing date or sentence
                // never shows to a role that reads internal data.
                for reader in Level::ALL {
                    if level > reader {
                        continue;
                    }
                    let seen: Vec<Event> = events
                        .iter()
                        .filter(|e| e.data.level <= reader)
                        .cloned()
                        .collect();
                    index.cases.push(CaseEntry {
                        person: p.id,
                        name: name.clone(),
                        reader,
                        status: current_status(&seen),
                        next_hearing: seen.iter().rev().find_map(|e| e.data.next_hearing),
                        expected_release: expected_release(&seen),
                        last_event: seen
                            .iter()
                            .map(|e| e.data.date)
                            .max_by_key(|d| d.earliest()),
                    });
                }
                let mut text: Vec<String> = c
                    .charges
                    .iter()
                    .map(|ch| format!("{} {}", ch.article, ch.text.as_deref().unwrap_or("")))
                    .collect();
                text.extend(
                    [&c.place, &c.arresting_body, &c.court, &c.facility]
                        .into_iter()
                        .flatten()
                        .cloned(),
                );
                case_text.push((fold(&text.join(" ")), level));
            }
            index.people.push(PersonEntry {
                id: p.id,
                name,
                level: p.data.level,
                names: p
                    .data
                    .names
                    .iter()
                    .map(|n| (fold(n.text.as_str()), n.level))
                    .collect(),
                case_text,
            });
        }
        index
    }

    /// Cases whose next hearing falls within `days` from `today`, soonest first.
    pub fn hearings(&self, today: Date, days: i64, reads: Level) -> Vec<&CaseEntry> {
        let end = today.add_days(days).unwrap_or(today);
        self.within(reads, |c| c.next_hearing, today, end)
    }

    /// Held people whose sentence ends within `days` from `today`, soonest first.
    pub fn releases(&self, today: Date, days: i64, reads: Level) -> Vec<&CaseEntry> {
        let end = today.add_days(days).unwrap_or(today);
        self.within(reads, |c| c.expected_release, today, end)
    }

    fn within(
        &self,
        reads: Level,
        date: impl Fn(&CaseEntry) -> Option<PartialDate>,
        from: Date,
        to: Date,
    ) -> Vec<&CaseEntry> {
        let mut hits: Vec<&CaseEntry> = self
            .cases
            .iter()
            .filter(|c| c.reader == reads)
            .filter(|c| date(c).is_some_and(|d| d.latest() >= from && d.earliest() <= to))
            .collect();
        hits.sort_by_key(|c| (date(c).map(|d| d.earliest()), c.person));
        hits
    }

    /// People still held whose last event is older than [`STALE_MONTHS`]: the cases to
    /// check on. Longest silence first; at most `limit`, with the total.
    pub fn stale(&self, today: Date, reads: Level, limit: usize) -> (Vec<&CaseEntry>, usize) {
        let mut hits: Vec<&CaseEntry> = self
            .cases
            .iter()
            .filter(|c| c.reader == reads && c.status.is_some_and(Status::is_held))
            .filter(|c| {
                c.last_event
                    .and_then(|d| d.latest().add_months(STALE_MONTHS))
                    .is_some_and(|due| due < today)
            })
            .collect();
        let total = hits.len();
        hits.sort_by_key(|c| (c.last_event.map(|d| d.earliest()), c.person));
        hits.truncate(limit);
        (hits, total)
    }

    /// People whose names (any spelling) or case text contain every word of `query`,
    /// folded; names first. At most `limit`.
    pub fn search(&self, query: &str, reads: Level, limit: usize) -> Vec<Hit> {
        let words: Vec<String> = fold(query).split_whitespace().map(String::from).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let all = |texts: &[(String, Level)]| {
            let visible: Vec<&str> = texts
                .iter()
                .filter(|(_, l)| *l <= reads)
                .map(|(t, _)| t.as_str())
                .collect();
            words
                .iter()
                .all(|w| visible.iter().any(|t| t.contains(w.as_str())))
        };
        let mut by_name = Vec::new();
        let mut by_case = Vec::new();
        for p in self.people.iter().filter(|p| p.level <= reads) {
            let hit = |found_in| Hit {
                id: p.id,
                name: p.name.clone(),
                found_in,
            };
            if all(&p.names) {
                by_name.push(hit("name"));
            } else if all(&p.case_text) {
                by_case.push(hit("case"));
            }
            if by_name.len() >= limit {
                break;
            }
        }
        by_name.extend(by_case);
        by_name.truncate(limit);
        by_name
    }
}
