//! The public list: a compact index of every public person, built only from
//! [`PublicPerson`] views, that answers the list page and the list API (filters,
//! search, sorting, pages) without touching the database. It is rebuilt when the
//! registry changes (see `web::state`).

use serde::Serialize;

use super::{CaseView, PublicPerson};
use crate::domain::{Category, Country, Date, PartialDate, PersonId, Status, status_at};
use crate::search::fold;
use crate::store::Registry;

/// One case, reduced to what a list needs.
#[derive(Debug, Clone)]
struct CaseLine {
    country: Option<Country>,
    arrested: Option<PartialDate>,
    /// Criminal-code articles of the public charges.
    charges: Vec<String>,
    expected_release: Option<PartialDate>,
    /// The status from each day on which it may change (the first possible day of
    /// each public event), in date order: `status_at` as a step function, so a query
    /// for any date is a binary search.
    changes: Vec<(Date, Option<Status>)>,
}

impl CaseLine {
    fn status_at(&self, as_of: Date) -> Option<Status> {
        let i = self.changes.partition_point(|(d, _)| *d <= as_of);
        i.checked_sub(1).and_then(|i| self.changes[i].1)
    }
}

impl Entry {
    /// The case that puts this person on the list for `query` on `as_of`, with its
    /// status: the most recent matching case speaks for the person.
    fn listed_case(&self, query: &ListQuery, as_of: Date) -> Option<(&CaseLine, Status)> {
        self.cases
            .iter()
            .filter(|c| {
                query
                    .country
                    .is_none_or(|want| c.country.or(self.country) == Some(want))
            })
            .filter_map(|c| c.status_at(as_of).map(|s| (c, s)))
            .filter(|(_, s)| match query.status {
                Some(want) => *s == want,
                None => s.is_held(),
            })
            .max_by_key(|(c, _)| c.arrested.map(|d| d.earliest()))
    }
}

#[derive(Debug, Clone)]
struct Entry {
    id: PersonId,
    name: String,
    /// Every public spelling, folded and joined, for search.
    folded: String,
    country: Option<Country>,
    categories: Vec<Category>,
    cases: Vec<CaseLine>,
}

/// What the list is asked for. Built from query parameters by `web`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListQuery {
    pub country: Option<Country>,
    /// `None`: everyone held on `as_of`.
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub as_of: Option<Date>,
    /// Free text matched against every public spelling of every name.
    pub q: Option<String>,
    pub sort: Sort,
    /// From 1.
    pub page: usize,
    pub per_page: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Name,
    /// Most recent arrest first.
    Arrested,
}

impl Sort {
    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "name" => Some(Sort::Name),
            "arrested" => Some(Sort::Arrested),
            _ => None,
        }
    }
}

/// One row of a list page or of the list API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListRow {
    pub id: PersonId,
    pub name: String,
    pub country: Option<Country>,
    pub categories: Vec<Category>,
    pub status: Status,
    pub arrested: Option<PartialDate>,
    pub expected_release: Option<PartialDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListPage {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub pages: usize,
    pub items: Vec<ListRow>,
}

#[derive(Debug, Default)]
pub struct PublicList {
    /// A digest of every public view the list was built from: it changes when public
    /// content changes, and only then (ETags and caches follow it, not staff writes).
    version: u64,
    entries: Vec<Entry>,
    /// Every country in the list, sorted, for the filter form (found once, at build).
    countries: Vec<Country>,
    /// The most recent public events, newest first, for the feed.
    recent: Vec<RecentEvent>,
}

/// FNV-1a (64 bits) over written bytes: a cheap, stable digest to tell versions of
/// public content apart; not for anything an attacker must not predict.
#[derive(Debug, Clone, Copy)]
pub struct ContentHash(u64);

impl Default for ContentHash {
    fn default() -> ContentHash {
        ContentHash(0xcbf2_9ce4_8422_2325)
    }
}

impl ContentHash {
    pub fn add(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub fn finish(&self) -> u64 {
        self.0
    }

    /// The digest of one value's JSON.
    pub fn of(value: &impl Serialize) -> u64 {
        let mut h = ContentHash::default();
        let _ = serde_json::to_writer(&mut h, value);
        h.finish()
    }
}

impl std::io::Write for ContentHash {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.add(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How many events the feed can show.
pub const RECENT_EVENTS: usize = 500;

/// A public event, with whom it concerns, for the feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecentEvent {
    pub event: crate::domain::EventId,
    pub person: PersonId,
    pub name: String,
    pub country: Option<Country>,
    pub kind: crate::domain::EventKind,
    pub date: PartialDate,
    pub sentence_months: Option<u32>,
    pub release_reason: Option<crate::domain::ReleaseReason>,
}

fn case_line(c: &CaseView) -> CaseLine {
    let events = c.timeline();
    let mut days: Vec<Date> = events.iter().map(|e| e.data.date.earliest()).collect();
    days.sort();
    days.dedup();
    CaseLine {
        country: c.country,
        arrested: c.arrested,
        charges: c.charges.iter().map(|ch| ch.article.clone()).collect(),
        expected_release: c.expected_release,
        changes: days
            .into_iter()
            .map(|d| (d, status_at(&events, d)))
            .collect(),
    }
}

impl PublicList {
    /// The list of every person the public may see, from their public views only.
    pub fn build(registry: &Registry) -> PublicList {
        let people = PublicPerson::all(registry);
        let mut digest = ContentHash::default();
        for p in &people {
            // Writing into a hash cannot fail; a view that would not serialize still
            // changes the digest through its id.
            let _ = serde_json::to_writer(&mut digest, p);
            digest.add(&p.id.0.to_le_bytes());
        }
        let version = digest.finish();
        // The newest events by (date, id), as positions first; names are copied only
        // for the ones kept (this runs at every rebuild of the list).
        let mut newest: Vec<(Date, crate::domain::EventId, usize, usize, usize)> = people
            .iter()
            .enumerate()
            .flat_map(|(pi, p)| {
                p.cases.iter().enumerate().flat_map(move |(ci, c)| {
                    c.events
                        .iter()
                        .enumerate()
                        .map(move |(ei, e)| (e.date.earliest(), e.id, pi, ci, ei))
                })
            })
            .collect();
        let order = |a: &(Date, crate::domain::EventId, usize, usize, usize),
                     b: &(Date, crate::domain::EventId, usize, usize, usize)| {
            (b.0, b.1).cmp(&(a.0, a.1))
        };
        if newest.len() > RECENT_EVENTS {
            newest.select_nth_unstable_by(RECENT_EVENTS - 1, order);
            newest.truncate(RECENT_EVENTS);
        }
        // Newest first; the same order for the same record, so feeds are stable.
        newest.sort_by(order);
        let recent: Vec<RecentEvent> = newest
            .into_iter()
            .map(|(_, _, pi, ci, ei)| {
                let (p, c) = (&people[pi], &people[pi].cases[ci]);
                let e = &c.events[ei];
                RecentEvent {
                    event: e.id,
                    person: p.id,
                    name: p.primary_name().to_string(),
                    country: c.country.or(p.country),
                    kind: e.kind,
                    date: e.date,
                    sentence_months: e.sentence_months,
                    release_reason: e.release_reason,
                }
            })
            .collect();
        let mut entries: Vec<Entry> = people
            .into_iter()
            .map(|p| Entry {
                id: p.id,
                name: p.primary_name().to_string(),
                folded: p
                    .names
                    .iter()
                    .map(|n| fold(&n.text))
                    .collect::<Vec<_>>()
                    .join(" | "),
                country: p.country,
                categories: p.categories.clone(),
                cases: p.cases.iter().map(case_line).collect(),
            })
            .collect();
        // Fold each name once, not at every comparison.
        entries.sort_by_cached_key(|e| (fold(&e.name), e.id));
        let mut countries: Vec<Country> = entries
            .iter()
            .flat_map(|e| e.cases.iter().filter_map(|c| c.country).chain(e.country))
            .collect();
        countries.sort();
        countries.dedup();
        PublicList {
            version,
            entries,
            countries,
            recent,
        }
    }

    /// The version of the public content (see the field).
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The most recent public events, newest first (at most [`RECENT_EVENTS`]).
    pub fn recent(&self) -> &[RecentEvent] {
        &self.recent
    }

    /// The countries that appear in the list, for the filter form.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The page of people matching `query` on `today` (when the query has no date).
    /// One pass over the index; rows are built only for the page returned.
    pub fn query(&self, query: &ListQuery, today: Date) -> ListPage {
        let as_of = query.as_of.unwrap_or(today);
        let needle = query.q.as_deref().map(fold).filter(|q| !q.is_empty());
        // (entry, case, status) for every match; rows are built for one page only.
        let mut hits: Vec<(&Entry, &CaseLine, Status)> = Vec::new();
        for e in &self.entries {
            if query.category.is_some_and(|c| !e.categories.contains(&c)) {
                continue;
            }
            if let Some(q) = &needle
                && !e.folded.contains(q.as_str())
            {
                continue;
            }
            if let Some((c, status)) = e.listed_case(query, as_of) {
                hits.push((e, c, status));
            }
        }
        if query.sort == Sort::Arrested {
            hits.sort_by(|(ea, a, _), (eb, b, _)| {
                b.arrested
                    .map(|d| d.earliest())
                    .cmp(&a.arrested.map(|d| d.earliest()))
                    .then(ea.id.cmp(&eb.id))
            });
        }
        let per_page = query.per_page.max(1);
        let total = hits.len();
        let pages = total.div_ceil(per_page).max(1);
        let page = query.page.max(1);
        let items = hits
            .into_iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .map(|(e, c, status)| ListRow {
                id: e.id,
                name: e.name.clone(),
                country: c.country.or(e.country),
                categories: e.categories.clone(),
                status,
                arrested: c.arrested,
                expected_release: c.expected_release.filter(|_| status == Status::Imprisoned),
            })
            .collect();
        ListPage {
            total,
            page,
            per_page,
            pages,
            items,
        }
    }
}

/// Counts for the statistics page, all from the public list, so they are the numbers
/// the list shows for the same dates.
impl PublicList {
    /// People held on `day`, by their derived status (the list for that date).
    pub fn held_on(&self, day: Date) -> std::collections::BTreeMap<Status, usize> {
        let query = ListQuery::default();
        let mut out = std::collections::BTreeMap::new();
        for e in &self.entries {
            if let Some((_, status)) = e.listed_case(&query, day) {
                *out.entry(status).or_insert(0) += 1;
            }
        }
        out
    }

    /// Arrests whose date falls in `[from, to]`, by month ("YYYY-MM") and category of
    /// the person ("none" when they have none; a person in two categories counts in
    /// both).
    pub fn arrests_by_month(
        &self,
        from: Date,
        to: Date,
    ) -> std::collections::BTreeMap<(String, String), usize> {
        let mut out = std::collections::BTreeMap::new();
        for e in &self.entries {
            for c in &e.cases {
                let Some(arrested) = c.arrested else { continue };
                let day = arrested.earliest();
                if day < from || day > to {
                    continue;
                }
                let month = format!("{:04}-{:02}", day.year(), day.month());
                let categories: Vec<&str> = if e.categories.is_empty() {
                    vec!["none"]
                } else {
                    e.categories.iter().map(|c| c.as_str()).collect()
                };
                for cat in categories {
                    *out.entry((month.clone(), cat.to_string())).or_insert(0) += 1;
                }
            }
        }
        out
    }

    /// People held on `day` by category, and by the articles of the case that lists
    /// them (a person counts once under each).
    pub fn held_by_category_and_charge(
        &self,
        day: Date,
    ) -> (
        std::collections::BTreeMap<String, usize>,
        std::collections::BTreeMap<String, usize>,
    ) {
        let query = ListQuery::default();
        let (mut categories, mut charges) = (
            std::collections::BTreeMap::new(),
            std::collections::BTreeMap::new(),
        );
        for e in &self.entries {
            let Some((case, _)) = e.listed_case(&query, day) else {
                continue;
            };
            if e.categories.is_empty() {
                *categories.entry("none".to_string()).or_insert(0) += 1;
            }
            for c in &e.categories {
                *categories.entry(c.as_str().to_string()).or_insert(0) += 1;
            }
            let mut articles = case.charges.clone();
            articles.sort();
            articles.dedup();
            for a in articles {
                *charges.entry(a).or_insert(0) += 1;
            }
        }
        (categories, charges)
    }
}

/// One person on the report of who was held on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldRow {
    pub id: PersonId,
    pub name: String,
    pub country: Option<Country>,
    pub status: Status,
    pub arrested: Option<PartialDate>,
    /// Criminal-code articles of the case that lists them.
    pub charges: Vec<String>,
}

impl PublicList {
    /// Everyone the list shows as held on `day`, by category ("none" when they have
    /// none; a person in two categories is in both groups), each group in name order.
    pub fn held_by_category(&self, day: Date) -> std::collections::BTreeMap<String, Vec<HeldRow>> {
        let query = ListQuery::default();
        let mut out: std::collections::BTreeMap<String, Vec<HeldRow>> = Default::default();
        for e in &self.entries {
            let Some((case, status)) = e.listed_case(&query, day) else {
                continue;
            };
            let row = HeldRow {
                id: e.id,
                name: e.name.clone(),
                country: case.country.or(e.country),
                status,
                arrested: case.arrested,
                charges: case.charges.clone(),
            };
            if e.categories.is_empty() {
                out.entry("none".into()).or_default().push(row.clone());
            }
            for c in &e.categories {
                out.entry(c.as_str().to_string())
                    .or_default()
                    .push(row.clone());
            }
        }
        out
    }
}
