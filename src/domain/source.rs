//! Sources: the articles, statements and documents every fact rests on.

use super::person::vocabulary;
use super::{Date, DomainError, Level, PartialDate};

super::id_type!(SourceId);

vocabulary!(Reliability, "reliability", {
    High => "high",
    Medium => "medium",
    Low => "low",
    Unknown => "unknown",
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSource {
    pub url: Option<String>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<PartialDate>,
    pub retrieved: Option<Date>,
    pub language: Option<String>,
    pub excerpt: Option<String>,
    pub reliability: Reliability,
    pub level: Level,
}

impl NewSource {
    /// A public source known only by its address.
    pub fn from_url(url: &str) -> Result<NewSource, DomainError> {
        Ok(NewSource {
            url: Some(parse_url(url)?),
            title: None,
            publisher: None,
            published: None,
            retrieved: None,
            language: None,
            excerpt: None,
            reliability: Reliability::Unknown,
            level: Level::Public,
        })
    }
}

/// Accepts absolute http(s) addresses without spaces or control characters.
pub fn parse_url(input: &str) -> Result<String, DomainError> {
    let url = input.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host)
            if !host.is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control()) =>
        {
            Ok(url.to_string())
        }
        _ => Err(DomainError::Invalid {
            field: "source",
            reason: format!("'{input}' is not an http(s) address"),
        }),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: SourceId,
    pub data: NewSource,
}
