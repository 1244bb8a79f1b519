//! Confidentiality levels, carried by every record and by the fields whose
//! sensitivity can differ from their record's.
//!
//! `public` may appear on the public site and in public exports; `internal` is for any
//! staff member; `restricted` is for named roles and is encrypted at rest.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Public,
    Internal,
    Restricted,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Public, Level::Internal, Level::Restricted];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Public => "public",
            Level::Internal => "internal",
            Level::Restricted => "restricted",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown confidentiality level '{0}': use public, internal or restricted")]
pub struct UnknownLevel(pub String);

impl FromStr for Level {
    type Err = UnknownLevel;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| UnknownLevel(s.to_string()))
    }
}

/// A text field with its own level. `value` is `None` only when the field is
/// restricted and could not be decrypted (no key, or the wrong key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leveled {
    pub value: Option<String>,
    pub level: Level,
}

impl Leveled {
    pub fn new(value: impl Into<String>, level: Level) -> Leveled {
        Leveled {
            value: Some(value.into()),
            level,
        }
    }

    /// The value if this field may be shown to an audience that reads up to `max`.
    pub fn visible_to(&self, max: Level) -> Option<&str> {
        if self.level <= max {
            self.value.as_deref()
        } else {
            None
        }
    }
}
