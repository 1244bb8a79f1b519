//! What the workspace looks up on every page without reading the registry: for each
//! case, its person, next hearing, expected release and last event; for each person,
//! every spelling of their name and the text of their cases, folded for search. Built
//! with the public list from the same registry read (see `web::build_snapshot`), so a
//! change costs one rebuild in the background, and each request only filters.
//!
//! Entries keep their confidentiality level; a request sees only what its role reads.

use crate::domain::{Date, Level, PartialDate, PersonId, Status, current_status, expected_release};
use crate::search::fold;
use crate::store::Registry;

/// One case, as the dashboard panels need it.
#[derive(Debug, Clone)]
pub struct CaseEntry {
    pub person: PersonId,
    pub name: String,
    /// The stricter of the person's and the case's level.
    pub level: Level,
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
            let name = p.primary_name().to_string();
            let mut case_text = Vec::new();
            for c in registry.cases_of(p.id) {
                let events = registry.events_of(c.id);
                let level = p.data.level.max(c.level);
                let mut hearing = None;
                let mut last = None;
                for e in &events {
                    let d = &e.data;
                    if last.is_none_or(|l: PartialDate| d.date.earliest() >= l.earliest()) {
                        last = Some(d.date);
                    }
                    if d.next_hearing.is_some() {
                        hearing = d.next_hearing;
                    }
                    if let Some(details) = &d.details {
                        case_text.push((fold(details), level.max(d.level)));
                    }
                    if let Some(f) = &d.facility {
                        case_text.push((fold(f), level.max(d.level)));
                    }
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
                index.cases.push(CaseEntry {
                    person: p.id,
                    name: name.clone(),
                    level,
                    status: current_status(&events),
                    next_hearing: hearing,
                    expected_release: expected_release(&events),
                    last_event: last,
                });
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
            .filter(|c| c.level <= reads)
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
            .filter(|c| c.level <= reads && c.status.is_some_and(Status::is_held))
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
