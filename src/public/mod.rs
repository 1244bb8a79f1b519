//! The only constructors of data that leaves habeas: views of a person for the public
//! (`PublicPerson`), for staff exports (`InternalPerson`), and for the staff page of
//! roles that read restricted records (`RestrictedPerson`), built by one function,
//! [`PersonView::build`], from the full record.
//!
//! `build` destructures every record without `..`, so a new field does not compile
//! until someone decides whether the view shows it. Exports never use the restricted
//! view, and no view holds contacts (the staff page shows them apart, to the roles
//! that may read them). Status and expected release are computed
//! from the events the audience may see, so a hidden event cannot be inferred from a
//! status.

pub mod feed;
mod list;
pub mod report;
pub mod stats;

use std::marker::PhantomData;

use serde::Serialize;

use crate::domain::{
    Assessment, Case, Category, Charge, Country, Criterion, Date, Event, Gender, Level, Leveled,
    NameKind, NewEvent, NewPerson, NewSource, PartialDate, Person, PersonName, ReleaseReason,
    Reliability, Script, Source, Status, current_status, expected_release, status_at,
};
use crate::domain::{CaseId, EventId, EventKind, PersonId, SourceId};
use crate::store::Registry;

pub use list::{ContentHash, HeldRow, ListPage, ListQuery, ListRow, PublicList, RecentEvent, Sort};

/// Who a view is for.
pub trait Audience {
    /// The widest level this audience may read.
    const MAX: Level;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Public;
impl Audience for Public {
    const MAX: Level = Level::Public;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Internal;
impl Audience for Internal {
    const MAX: Level = Level::Internal;
}

/// The staff page of admins and editors: restricted cases, events and spellings too.
/// Never exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Restricted;
impl Audience for Restricted {
    const MAX: Level = Level::Restricted;
}

pub type PublicPerson = PersonView<Public>;
pub type InternalPerson = PersonView<Internal>;
pub type RestrictedPerson = PersonView<Restricted>;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonView<A: Audience> {
    pub id: PersonId,
    pub names: Vec<NameView>,
    pub birth_year: Option<i32>,
    pub gender: Option<Gender>,
    pub country: Option<Country>,
    pub categories: Vec<Category>,
    pub affiliations: Vec<String>,
    pub bio: Option<String>,
    /// Present only in internal views.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    pub cases: Vec<CaseView>,
    #[serde(skip)]
    audience: PhantomData<A>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameView {
    pub text: String,
    pub script: Script,
    pub lang: Option<String>,
    pub kind: NameKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseView {
    pub id: CaseId,
    pub country: Option<Country>,
    pub arrested: Option<PartialDate>,
    pub place: Option<String>,
    pub arresting_body: Option<String>,
    pub charges: Vec<Charge>,
    pub court: Option<String>,
    pub facility: Option<String>,
    pub status: Option<Status>,
    pub expected_release: Option<PartialDate>,
    pub assessment: Option<AssessmentView>,
    pub events: Vec<EventView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentView {
    pub criteria: Vec<Criterion>,
    pub political_prisoner: bool,
    pub reasoning: String,
    pub assessor: String,
    pub date: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventView {
    pub id: EventId,
    pub kind: EventKind,
    pub date: PartialDate,
    pub sentence_months: Option<u32>,
    pub release_reason: Option<ReleaseReason>,
    pub facility: Option<String>,
    pub next_hearing: Option<PartialDate>,
    pub details: Option<String>,
    pub sources: Vec<SourceView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceView {
    pub id: SourceId,
    pub url: Option<String>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<PartialDate>,
    pub language: Option<String>,
    pub excerpt: Option<String>,
    pub reliability: Reliability,
}

fn shown(field: &Option<Leveled>, max: Level) -> Option<String> {
    field
        .as_ref()
        .and_then(|f| f.visible_to(max))
        .map(str::to_string)
}

impl<A: Audience> PersonView<A> {
    /// The view of `person` for audience `A`, or `None` if the person's record is
    /// above the audience's level.
    pub fn build(person: &Person, registry: &Registry) -> Option<PersonView<A>> {
        let max = A::MAX;
        let Person { id, data } = person;
        let NewPerson {
            names,
            birth_year,
            gender,
            country,
            categories,
            affiliations,
            bio,
            notes,
            // Contacts are restricted by purpose; no view ever shows them.
            contacts: _,
            level,
        } = data;
        if *level > max {
            return None;
        }
        let names = names
            .iter()
            .filter(|n| n.level <= max)
            .map(
                |PersonName {
                     text,
                     script,
                     lang,
                     kind,
                     level: _,
                 }| NameView {
                    text: text.as_str().to_string(),
                    script: *script,
                    lang: lang.clone(),
                    kind: *kind,
                },
            )
            .collect::<Vec<_>>();
        if names.is_empty() {
            return None;
        }
        let cases = registry
            .cases_of(*id)
            .filter_map(|c| CaseView::build(c, &registry.events_of(c.id), registry, max))
            .collect();
        Some(PersonView {
            id: *id,
            names,
            birth_year: *birth_year,
            gender: *gender,
            country: *country,
            categories: categories.clone(),
            affiliations: affiliations.clone(),
            bio: shown(bio, max),
            notes: if max >= Level::Internal {
                shown(notes, max)
            } else {
                None
            },
            cases,
            audience: PhantomData,
        })
    }

    pub fn primary_name(&self) -> &str {
        self.names.first().map_or("", |n| n.text.as_str())
    }

    /// Every visible view in the registry, in id order.
    pub fn all(registry: &Registry) -> Vec<PersonView<A>> {
        registry
            .people
            .iter()
            .filter_map(|p| Self::build(p, registry))
            .collect()
    }
}

impl CaseView {
    fn build(case: &Case, events: &[Event], registry: &Registry, max: Level) -> Option<CaseView> {
        let Case {
            id,
            person: _,
            country,
            place,
            arresting_body,
            charges,
            court,
            facility,
            assessment,
            level,
        } = case;
        if *level > max {
            return None;
        }
        let visible: Vec<Event> = events
            .iter()
            .filter(|e| e.data.level <= max)
            .cloned()
            .collect();
        let arrested = visible
            .iter()
            .find(|e| e.data.kind == EventKind::Arrested)
            .map(|e| e.data.date);
        let mut event_views: Vec<EventView> = visible
            .iter()
            .map(|e| EventView::build(e, registry, max))
            .collect();
        event_views.sort_by_key(|e| (e.date.earliest(), e.kind, e.id));
        Some(CaseView {
            id: *id,
            country: *country,
            arrested,
            place: place.clone(),
            arresting_body: arresting_body.clone(),
            charges: charges.clone(),
            court: court.clone(),
            facility: facility.clone(),
            status: current_status(&visible),
            expected_release: expected_release(&visible),
            assessment: assessment.as_ref().filter(|a| a.level <= max).map(
                |Assessment {
                     criteria,
                     reasoning,
                     assessor,
                     date,
                     level: _,
                 }| AssessmentView {
                    criteria: criteria.clone(),
                    political_prisoner: !criteria.is_empty(),
                    reasoning: reasoning.clone(),
                    assessor: assessor.clone(),
                    date: *date,
                },
            ),
            events: event_views,
        })
    }

    /// The events this view shows, as the status rules take them.
    pub fn timeline(&self) -> Vec<Event> {
        self.events
            .iter()
            .map(|e| Event {
                id: e.id,
                data: NewEvent {
                    sentence_months: e.sentence_months,
                    ..NewEvent::new(self.id, e.kind, e.date)
                },
            })
            .collect()
    }

    /// The status on `as_of`, from the events this view shows.
    pub fn status_at(&self, as_of: Date) -> Option<Status> {
        status_at(&self.timeline(), as_of)
    }
}

impl EventView {
    fn build(event: &Event, registry: &Registry, max: Level) -> EventView {
        let Event { id, data } = event;
        let NewEvent {
            case: _,
            kind,
            date,
            sentence_months,
            release_reason,
            facility,
            next_hearing,
            details,
            sources,
            level: _,
        } = data;
        EventView {
            id: *id,
            kind: *kind,
            date: *date,
            sentence_months: *sentence_months,
            release_reason: *release_reason,
            facility: facility.clone(),
            next_hearing: *next_hearing,
            details: details.clone(),
            sources: sources
                .iter()
                .filter_map(|s| registry.source(*s))
                .filter_map(|s| SourceView::build(s, max))
                .collect(),
        }
    }
}

impl SourceView {
    fn build(source: &Source, max: Level) -> Option<SourceView> {
        let Source { id, data } = source;
        let NewSource {
            url,
            title,
            publisher,
            published,
            retrieved: _,
            language,
            excerpt,
            reliability,
            level,
        } = data;
        if *level > max {
            return None;
        }
        Some(SourceView {
            id: *id,
            url: url.clone(),
            title: title.clone(),
            publisher: publisher.clone(),
            published: *published,
            language: language.clone(),
            excerpt: excerpt.clone(),
            reliability: *reliability,
        })
    }
}
