//! Status derived from events, expected release, and the rules that refuse a timeline
//! that contradicts itself. Everything here is a pure function of the events and a
//! date passed in: the list "as of any date" is a query, not a copy.
//!
//! Ordering: events sort by the first day their date can stand for, then by lifecycle
//! order (an arrest before a hearing on the same day), then by id. The arrest always
//! comes first, since it opens the case. An event counts "as of" a day when its first
//! possible day is on or before it.

use std::cmp::Ordering;

use super::person::vocabulary;
use super::{Date, Event, EventId, EventKind, NewEvent, PartialDate, Precision};

vocabulary!(Status, "status", {
    DetainedPretrial => "detained_pretrial",
    HouseArrest => "house_arrest",
    OnTrial => "on_trial",
    Imprisoned => "imprisoned",
    Released => "released",
    Deceased => "deceased",
    WhereaboutsUnknown => "whereabouts_unknown",
});

impl Status {
    /// Deprived of liberty (or disappeared from custody) on that day: the people the
    /// published list counts.
    pub fn is_held(self) -> bool {
        !matches!(self, Status::Released | Status::Deceased)
    }
}

/// One event as the rules see it; `id` is `None` for an event not yet stored.
#[derive(Debug, Clone, Copy)]
struct Step {
    id: Option<EventId>,
    kind: EventKind,
    date: PartialDate,
    sentence_months: Option<u32>,
}

impl Step {
    fn of(e: &Event) -> Step {
        Step {
            id: Some(e.id),
            kind: e.data.kind,
            date: e.data.date,
            sentence_months: e.data.sentence_months,
        }
    }

    fn new(e: &NewEvent) -> Step {
        Step {
            id: None,
            kind: e.kind,
            date: e.date,
            sentence_months: e.sentence_months,
        }
    }

    fn describe(&self) -> String {
        match self.id {
            Some(id) => format!("{} on {} (event {id})", self.kind, self.date),
            None => format!("{} on {} (the new event)", self.kind, self.date),
        }
    }
}

fn order(a: &Step, b: &Step) -> Ordering {
    let opens = |s: &Step| s.kind != EventKind::Arrested;
    opens(a)
        .cmp(&opens(b))
        .then(a.date.earliest().cmp(&b.date.earliest()))
        .then(a.kind.cmp(&b.kind))
        // Stored events (Some) before the new one (None) on a full tie.
        .then(match (a.id, b.id) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
}

fn sorted(events: &[Event]) -> Vec<Step> {
    let mut steps: Vec<Step> = events.iter().map(Step::of).collect();
    steps.sort_by(order);
    steps
}

/// The status one event moves a case to, from the status before it.
fn next(before: Option<Status>, step: &Step) -> Option<Status> {
    use EventKind as K;
    if before == Some(Status::Deceased) {
        return before;
    }
    match step.kind {
        K::Arrested | K::Remanded => Some(Status::DetainedPretrial),
        K::HouseArrest => Some(Status::HouseArrest),
        K::Hearing if before == Some(Status::DetainedPretrial) => Some(Status::OnTrial),
        K::Sentenced => Some(Status::Imprisoned),
        K::Released => Some(Status::Released),
        K::DiedInCustody => Some(Status::Deceased),
        K::Disappeared => Some(Status::WhereaboutsUnknown),
        _ => before,
    }
}

/// The status of a case on `as_of`, or `None` before its arrest.
pub fn status_at(events: &[Event], as_of: Date) -> Option<Status> {
    sorted(events)
        .iter()
        .filter(|s| s.date.earliest() <= as_of)
        .fold(None, next)
}

/// The latest status of a case, whatever the date.
pub fn current_status(events: &[Event]) -> Option<Status> {
    sorted(events).iter().fold(None, next)
}

/// When a sentence ends: the last sentence handed down (or substituted on appeal) runs
/// from the start of the custody it is served in, and custody in earlier periods
/// (before a release on bail, say) is deducted. Time in pre-trial detention and house
/// arrest counts as served. `None` when there is no sentence of known length, or the
/// person has since been released or died. The precision is the coarsest of the dates
/// used.
pub fn expected_release(events: &[Event]) -> Option<PartialDate> {
    let steps = sorted(events);
    let (sentence_at, months) = steps
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s.kind, EventKind::Sentenced | EventKind::AppealDecided))
        .filter_map(|(i, s)| s.sentence_months.map(|m| (i, m)))
        .next_back()?;

    let mut status = None;
    let mut custody_start: Option<PartialDate> = None;
    let mut served_days: i64 = 0;
    let mut precision = Precision::Day;
    for (i, step) in steps.iter().enumerate() {
        let after = next(status, step);
        let held_before = status.is_some_and(Status::is_held);
        let held_after = after.is_some_and(Status::is_held);
        if !held_before && held_after && i <= sentence_at {
            custody_start = Some(step.date);
        }
        if held_before && !held_after {
            if i < sentence_at {
                let start = custody_start?;
                served_days += step.date.earliest().to_days() - start.earliest().to_days();
                precision = precision.min(step.date.precision()).min(start.precision());
                custody_start = None;
            } else {
                // Released or died after the sentence: nothing left to expect.
                return None;
            }
        }
        status = after;
    }
    let start = custody_start.unwrap_or(steps[sentence_at].date);
    precision = precision.min(start.precision());
    let end = start
        .earliest()
        .add_months(months)?
        .add_days(-served_days)?;
    // Custody known only to have begun by a day ends by that day plus the term.
    if start.is_bound() {
        return Some(PartialDate::By(end));
    }
    Some(PartialDate::with_precision(end, precision))
}

/// A timeline that contradicts itself; the message names both events.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TimelineError(pub String);

/// Refuses `new` if adding it to `existing` makes a timeline that cannot be true:
/// a second arrest, an event before the arrest, a release while not held, a second
/// sentence without an appeal in between, an appeal decided that was never filed,
/// anything after a death in custody.
pub fn check_timeline(existing: &[Event], new: &NewEvent) -> Result<(), TimelineError> {
    let candidate = Step::new(new);
    let err = |msg: String| Err(TimelineError(msg));
    let steps = sorted(existing);
    let arrest = steps.iter().find(|s| s.kind == EventKind::Arrested);

    if let Some(arrest) = arrest {
        if candidate.kind == EventKind::Arrested {
            return err(format!(
                "{} cannot be added: the case already has {}; a new detention is a new case",
                candidate.describe(),
                arrest.describe()
            ));
        }
        if candidate.kind != EventKind::Charged && candidate.date.surely_before(arrest.date) {
            return err(format!(
                "{} is before {}",
                candidate.describe(),
                arrest.describe()
            ));
        }
    }

    let mut all = steps.clone();
    all.push(candidate);
    all.sort_by(order);

    let mut status = None;
    let mut last_release: Option<Step> = None;
    let mut unappealed_sentence: Option<Step> = None;
    let mut appeal_filed = false;
    let mut death: Option<Step> = None;
    for step in &all {
        let involves_new = |other: &Step| step.id.is_none() || other.id.is_none();
        if let Some(d) = death.filter(|d| involves_new(d)) {
            return err(format!("{} comes after {}", step.describe(), d.describe()));
        }
        match step.kind {
            EventKind::Released => {
                if !status.is_some_and(Status::is_held)
                    && let Some(prev) = last_release.filter(|p| involves_new(p))
                {
                    return err(format!(
                        "{} but the person was not held then: {} came first",
                        step.describe(),
                        prev.describe()
                    ));
                }
                last_release = Some(*step);
            }
            EventKind::Sentenced => {
                if let Some(prev) = unappealed_sentence.filter(|p| involves_new(p)) {
                    return err(format!(
                        "{} and {}: a second sentence needs an appeal in between",
                        prev.describe(),
                        step.describe()
                    ));
                }
                unappealed_sentence = Some(*step);
                appeal_filed = false;
            }
            EventKind::AppealFiled => {
                unappealed_sentence = None;
                appeal_filed = true;
            }
            EventKind::AppealDecided if !appeal_filed && step.id.is_none() => {
                let sentence = all.iter().find(|s| s.kind == EventKind::Sentenced);
                return err(match sentence {
                    Some(s) => format!(
                        "{} but no appeal was filed after {}",
                        step.describe(),
                        s.describe()
                    ),
                    None => format!("{} but no appeal was filed", step.describe()),
                });
            }
            EventKind::DiedInCustody => death = Some(*step),
            _ => {}
        }
        status = next(status, step);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CaseId, ReleaseReason};

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    struct Timeline(Vec<Event>);

    impl Timeline {
        fn arrested(date: &str) -> Timeline {
            let mut t = Timeline(Vec::new());
            t.push(EventKind::Arrested, date, None);
            t
        }

        fn new_event(kind: EventKind, date: &str, months: Option<u32>) -> NewEvent {
            let mut e = NewEvent::new(CaseId(1), kind, d(date));
            e.sentence_months = months;
            if kind == EventKind::Released {
                e.release_reason = Some(ReleaseReason::Pardoned);
            }
            e
        }

        /// Adds an event through the same check the store uses.
        fn push(&mut self, kind: EventKind, date: &str, months: Option<u32>) -> &mut Self {
            let e = Self::new_event(kind, date, months);
            check_timeline(&self.0, &e).unwrap();
            let id = EventId(self.0.len() as i64 + 1);
            self.0.push(Event { id, data: e });
            self
        }

        fn refuse(&self, kind: EventKind, date: &str, months: Option<u32>) -> String {
            check_timeline(&self.0, &Self::new_event(kind, date, months))
                .unwrap_err()
                .to_string()
        }

        fn at(&self, date: &str) -> Option<Status> {
            status_at(&self.0, day(date))
        }
    }

    #[test]
    fn every_lifecycle_transition_moves_status() {
        use EventKind as K;
        let mut t = Timeline::arrested("2024-01-10");
        t.push(K::Charged, "2024-01-11", None)
            .push(K::Remanded, "2024-01-12", None)
            .push(K::HouseArrest, "2024-03-01", None)
            .push(K::Remanded, "2024-04-01", None)
            .push(K::Transferred, "2024-04-15", None)
            .push(K::Hearing, "2024-05-01", None)
            .push(K::Sentenced, "2024-06-01", Some(60))
            .push(K::AppealFiled, "2024-06-10", None)
            .push(K::HungerStrike, "2024-07-01", None)
            .push(K::AppealDecided, "2024-08-01", Some(48))
            .push(K::Disappeared, "2024-09-01", None)
            .push(K::Transferred, "2024-10-01", None)
            .push(K::Released, "2025-01-01", None);
        assert_eq!(t.at("2024-01-09"), None);
        assert_eq!(t.at("2024-01-10"), Some(Status::DetainedPretrial));
        assert_eq!(t.at("2024-01-11"), Some(Status::DetainedPretrial));
        assert_eq!(t.at("2024-03-15"), Some(Status::HouseArrest));
        assert_eq!(t.at("2024-04-20"), Some(Status::DetainedPretrial));
        assert_eq!(t.at("2024-05-01"), Some(Status::OnTrial));
        assert_eq!(t.at("2024-06-01"), Some(Status::Imprisoned));
        assert_eq!(t.at("2024-07-15"), Some(Status::Imprisoned));
        assert_eq!(t.at("2024-09-02"), Some(Status::WhereaboutsUnknown));
        assert_eq!(t.at("2024-12-31"), Some(Status::WhereaboutsUnknown));
        assert_eq!(t.at("2025-01-01"), Some(Status::Released));
        assert_eq!(current_status(&t.0), Some(Status::Released));
    }

    #[test]
    fn death_in_custody_is_final_and_nothing_may_follow() {
        let mut t = Timeline::arrested("2023-02-01");
        t.push(EventKind::DiedInCustody, "2023-05-05", None);
        assert_eq!(t.at("2023-06-01"), Some(Status::Deceased));
        assert_eq!(
            t.refuse(EventKind::Released, "2023-06-01", None),
            "released on 2023-06-01 (the new event) comes after died_in_custody on 2023-05-05 (event 2)"
        );
    }

    #[test]
    fn a_release_before_the_arrest_is_refused_naming_both_events() {
        let t = Timeline::arrested("2024-05-02");
        assert_eq!(
            t.refuse(EventKind::Released, "2024-03-01", None),
            "released on 2024-03-01 (the new event) is before arrested on 2024-05-02 (event 1)"
        );
    }

    #[test]
    fn a_vague_date_that_may_fall_after_the_arrest_is_accepted() {
        let mut t = Timeline::arrested("2024-05-02");
        t.push(EventKind::Released, "2024", None);
        assert!(t.0.len() == 2);
        // "In 2024" still cannot be in 2023.
        assert!(
            t.refuse(EventKind::Sentenced, "2023-12", Some(12))
                .contains("is before arrested")
        );
    }

    #[test]
    fn an_arrest_known_only_by_a_day_holds_from_that_day_and_refuses_nothing_earlier() {
        let mut t = Timeline::arrested("..2026-06-12");
        assert_eq!(t.at("2026-06-11"), None);
        assert_eq!(t.at("2026-06-12"), Some(Status::DetainedPretrial));
        // A later source may tell of a hearing before the day the appeal was written.
        t.push(EventKind::Hearing, "2026-06-01", None);
        t.push(EventKind::Sentenced, "2026-06-20", Some(24));
        assert_eq!(t.at("2026-06-21"), Some(Status::Imprisoned));
        // Custody began by 12 June, so two years end by 12 June 2028, perhaps earlier.
        assert_eq!(
            expected_release(&t.0).map(|d| d.to_string()),
            Some("..2028-06-12".to_string())
        );
    }

    #[test]
    fn a_second_arrest_is_refused() {
        let t = Timeline::arrested("2024-05-02");
        let msg = t.refuse(EventKind::Arrested, "2024-06-01", None);
        assert!(
            msg.contains("already has arrested on 2024-05-02 (event 1)"),
            "{msg}"
        );
    }

    #[test]
    fn sentencing_twice_needs_an_appeal_in_between() {
        let mut t = Timeline::arrested("2024-01-10");
        t.push(EventKind::Sentenced, "2024-06-01", Some(60));
        assert_eq!(
            t.refuse(EventKind::Sentenced, "2024-09-01", Some(36)),
            "sentenced on 2024-06-01 (event 2) and sentenced on 2024-09-01 (the new event): \
             a second sentence needs an appeal in between"
        );
        t.push(EventKind::AppealFiled, "2024-07-01", None);
        t.push(EventKind::Sentenced, "2024-09-01", Some(36));
        assert_eq!(t.0.len(), 4);
    }

    #[test]
    fn an_appeal_cannot_be_decided_before_it_is_filed() {
        let mut t = Timeline::arrested("2024-01-10");
        t.push(EventKind::Sentenced, "2024-06-01", Some(60));
        let msg = t.refuse(EventKind::AppealDecided, "2024-07-01", None);
        assert_eq!(
            msg,
            "appeal_decided on 2024-07-01 (the new event) but no appeal was filed after sentenced on 2024-06-01 (event 2)"
        );
    }

    #[test]
    fn releasing_someone_already_released_is_refused() {
        let mut t = Timeline::arrested("2024-01-10");
        t.push(EventKind::Released, "2024-02-01", None);
        let msg = t.refuse(EventKind::Released, "2024-03-01", None);
        assert!(
            msg.contains("released on 2024-03-01 (the new event) but the person was not held then"),
            "{msg}"
        );
        assert!(
            msg.contains("released on 2024-02-01 (event 2) came first"),
            "{msg}"
        );
        // Held again, a release is fine.
        t.push(EventKind::Sentenced, "2024-05-01", Some(24));
        t.push(EventKind::Released, "2024-08-01", None);
        assert_eq!(t.at("2024-06-01"), Some(Status::Imprisoned));
    }

    #[test]
    fn expected_release_counts_from_the_arrest() {
        let mut t = Timeline::arrested("2024-03-01");
        assert_eq!(expected_release(&t.0), None);
        t.push(EventKind::Sentenced, "2024-09-10", Some(60));
        assert_eq!(expected_release(&t.0), Some(d("2029-03-01")));
    }

    #[test]
    fn expected_release_follows_the_sentence_changed_on_appeal() {
        let mut t = Timeline::arrested("2024-03-01");
        t.push(EventKind::Sentenced, "2024-09-10", Some(60))
            .push(EventKind::AppealFiled, "2024-10-01", None)
            .push(EventKind::AppealDecided, "2025-01-15", Some(36));
        assert_eq!(expected_release(&t.0), Some(d("2027-03-01")));
        // An appeal that upholds without a new length keeps the first sentence.
        let mut u = Timeline::arrested("2024-03-01");
        u.push(EventKind::Sentenced, "2024-09-10", Some(60))
            .push(EventKind::AppealFiled, "2024-10-01", None)
            .push(EventKind::AppealDecided, "2025-01-15", None);
        assert_eq!(expected_release(&u.0), Some(d("2029-03-01")));
    }

    #[test]
    fn expected_release_deducts_earlier_custody_and_keeps_partial_precision() {
        // Held 31 days, out on bail, sentenced later to 12 months.
        let mut t = Timeline::arrested("2024-01-01");
        t.push(EventKind::Released, "2024-02-01", None).push(
            EventKind::Sentenced,
            "2024-06-01",
            Some(12),
        );
        assert_eq!(expected_release(&t.0), Some(d("2025-05-01")));

        let mut m = Timeline::arrested("2023-03");
        m.push(EventKind::Sentenced, "2023-11-20", Some(24));
        assert_eq!(expected_release(&m.0), Some(d("2025-03")));
    }

    #[test]
    fn no_expected_release_once_released_or_for_a_life_sentence() {
        let mut t = Timeline::arrested("2024-03-01");
        t.push(EventKind::Sentenced, "2024-09-10", None);
        assert_eq!(expected_release(&t.0), None);
        let mut u = Timeline::arrested("2024-03-01");
        u.push(EventKind::Sentenced, "2024-09-10", Some(60)).push(
            EventKind::Released,
            "2025-05-28",
            None,
        );
        assert_eq!(expected_release(&u.0), None);
    }

    #[test]
    fn partial_dates_count_from_their_first_day_as_of_a_date() {
        let mut t = Timeline::arrested("2024-03");
        t.push(EventKind::Released, "2024-06", None);
        assert_eq!(t.at("2024-02-29"), None);
        assert_eq!(t.at("2024-03-01"), Some(Status::DetainedPretrial));
        assert_eq!(t.at("2024-05-31"), Some(Status::DetainedPretrial));
        assert_eq!(t.at("2024-06-01"), Some(Status::Released));
    }
}
