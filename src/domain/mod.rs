//! Pure types and rules of the registry: people, cases, events, sources, dates with
//! precision, confidentiality and derived status. No database, no clock, no
//! randomness: rules that need "today" take it as a parameter.

/// Declares a record id: a copyable newtype over the database's integer key.
macro_rules! id_type {
    ($name:ident) => {
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}
use id_type;

mod account;
mod case;
mod date;
mod event;
mod level;
mod person;
mod source;
mod status;

pub use account::{Action, Login, POLICY, Password, Role};
pub use case::{Assessment, Case, CaseId, Charge, Criterion, NewCase};
pub use date::{Date, DateError, PartialDate, Precision, days_in_month};
pub use event::{Event, EventId, EventKind, MAX_SENTENCE_MONTHS, NewEvent, ReleaseReason};
pub use level::{Level, Leveled, UnknownLevel};
pub use person::{
    Category, Country, Gender, NameKind, NameText, NewPerson, Person, PersonId, PersonName, Script,
};
pub use source::{NewSource, Reliability, Source, SourceId, parse_url};
pub use status::{
    Status, TimelineError, check_timeline, current_status, expected_release, status_at,
};

/// A value from outside that the registry cannot accept; the message names it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("unknown {what} '{value}': use one of {allowed}")]
    Unknown {
        what: &'static str,
        value: String,
        allowed: String,
    },
    #[error("invalid {field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error(transparent)]
    Date(#[from] DateError),
    #[error(transparent)]
    Timeline(#[from] TimelineError),
}
