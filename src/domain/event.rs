//! Dated events on a case: the lifecycle of PRODUCT.md. Status is derived from them
//! (see `status.rs`), never typed.

use super::person::vocabulary;
use super::{CaseId, DomainError, Level, PartialDate, SourceId};

super::id_type!(EventId);

vocabulary!(EventKind, "event kind", {
    Arrested => "arrested",
    Charged => "charged",
    Remanded => "remanded",
    HouseArrest => "house_arrest",
    Transferred => "transferred",
    Hearing => "hearing",
    Sentenced => "sentenced",
    AppealFiled => "appeal_filed",
    AppealDecided => "appeal_decided",
    Released => "released",
    DiedInCustody => "died_in_custody",
    Disappeared => "disappeared",
    HealthConcern => "health_concern",
    HungerStrike => "hunger_strike",
    IllTreatmentReported => "ill_treatment_reported",
    VisitDenied => "visit_denied",
});

impl EventKind {
    /// Notes record what happened to a person without moving their status.
    pub fn is_note(self) -> bool {
        matches!(
            self,
            EventKind::HealthConcern
                | EventKind::HungerStrike
                | EventKind::IllTreatmentReported
                | EventKind::VisitDenied
        )
    }
}

vocabulary!(ReleaseReason, "release reason", {
    Served => "served",
    Pardoned => "pardoned",
    Amnesty => "amnesty",
    Acquitted => "acquitted",
    Conditional => "conditional",
    Bail => "bail",
    Exchanged => "exchanged",
    ChargesDropped => "charges_dropped",
    Other => "other",
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub case: CaseId,
    pub kind: EventKind,
    pub date: PartialDate,
    /// The sentence handed down (`sentenced`) or substituted on appeal (`appeal_decided`).
    pub sentence_months: Option<u32>,
    pub release_reason: Option<ReleaseReason>,
    pub facility: Option<String>,
    pub next_hearing: Option<PartialDate>,
    pub details: Option<String>,
    pub sources: Vec<SourceId>,
    pub level: Level,
}

/// Sentences longer than this are typing mistakes; life sentences are recorded without
/// a length.
pub const MAX_SENTENCE_MONTHS: u32 = 12 * 50;

impl NewEvent {
    /// A bare event of `kind` on `date`, public, with no details.
    pub fn new(case: CaseId, kind: EventKind, date: PartialDate) -> NewEvent {
        NewEvent {
            case,
            kind,
            date,
            sentence_months: None,
            release_reason: None,
            facility: None,
            next_hearing: None,
            details: None,
            sources: Vec::new(),
            level: Level::Public,
        }
    }

    /// Refuses details that do not belong to the kind, and dates after `today`.
    pub fn validate(&self, today: super::Date) -> Result<(), DomainError> {
        if self.date.earliest() > today {
            return Err(DomainError::Invalid {
                field: "date",
                reason: format!("{} is in the future (today is {today})", self.date),
            });
        }
        if let Some(m) = self.sentence_months {
            if !matches!(self.kind, EventKind::Sentenced | EventKind::AppealDecided) {
                return Err(DomainError::Invalid {
                    field: "sentence months",
                    reason: format!(
                        "a sentence belongs to a sentenced or appeal_decided event, not {}",
                        self.kind
                    ),
                });
            }
            if m == 0 || m > MAX_SENTENCE_MONTHS {
                return Err(DomainError::Invalid {
                    field: "sentence months",
                    reason: format!("{m} is not between 1 and {MAX_SENTENCE_MONTHS}"),
                });
            }
        }
        if self.release_reason.is_some() && self.kind != EventKind::Released {
            return Err(DomainError::Invalid {
                field: "release reason",
                reason: format!(
                    "a release reason belongs to a released event, not {}",
                    self.kind
                ),
            });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: EventId,
    pub data: NewEvent,
}
