//! Detention cases (one episode of deprivation of liberty) and their assessment
//! against PACE Resolution 1900 (2012).

use serde::{Deserialize, Serialize};

use super::person::vocabulary;
use super::{Country, Date, DomainError, Level, PartialDate, PersonId};

super::id_type!(CaseId);

/// A criminal-code article as the charge sheet cites it ("168.1", "283.2.3"), with the
/// article's text when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    pub article: String,
    pub text: Option<String>,
}

impl Charge {
    /// Accepts `ARTICLE` or `ARTICLE=TEXT`; the article is digits and dots, as in codes
    /// of the former Soviet states ("188.2", "221.3").
    pub fn parse(input: &str) -> Result<Charge, DomainError> {
        let (article, text) = match input.split_once('=') {
            Some((a, t)) => (
                a.trim(),
                Some(t.trim().to_string()).filter(|t| !t.is_empty()),
            ),
            None => (input.trim(), None),
        };
        let article = article
            .trim_start_matches("Art.")
            .trim_start_matches("art.")
            .trim();
        let valid = !article.is_empty()
            && article.len() <= 20
            && article.starts_with(|c: char| c.is_ascii_digit())
            && article
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !valid {
            return Err(DomainError::Invalid {
                field: "charge",
                reason: format!(
                    "'{input}' is not a criminal-code article (like 168.1 or 283.2.3=Incitement)"
                ),
            });
        }
        Ok(Charge {
            article: article.to_string(),
            text,
        })
    }
}

vocabulary!(
    /// The five criteria of PACE Resolution 1900 (2012), paragraph 3.
    Criterion, "PACE 1900 criterion", {
    /// (a) detention violates a fundamental guarantee of the ECHR (thought, conscience,
    /// religion, expression, assembly and association).
    A => "a",
    /// (b) detention for purely political reasons, unconnected with any offence.
    B => "b",
    /// (c) for political motives, length or conditions clearly out of proportion.
    C => "c",
    /// (d) for political motives, detention in a discriminatory manner.
    D => "d",
    /// (e) proceedings clearly unfair and connected with political motives.
    E => "e",
});

/// Which PACE 1900 criteria apply to a case, why, who assessed it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub criteria: Vec<Criterion>,
    pub reasoning: String,
    pub assessor: String,
    pub date: Date,
    pub level: Level,
}

impl Assessment {
    /// Whether the assessment finds the person a political prisoner: any criterion applies.
    pub fn political_prisoner(&self) -> bool {
        !self.criteria.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub person: PersonId,
    pub country: Option<Country>,
    /// The arrest opens the case; the store records it as its first `arrested` event.
    pub arrested: PartialDate,
    pub place: Option<String>,
    pub arresting_body: Option<String>,
    pub charges: Vec<Charge>,
    pub court: Option<String>,
    pub facility: Option<String>,
    pub assessment: Option<Assessment>,
    pub level: Level,
}

/// A stored case. Its arrest date and status live in its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: CaseId,
    pub person: PersonId,
    pub country: Option<Country>,
    pub place: Option<String>,
    pub arresting_body: Option<String>,
    pub charges: Vec<Charge>,
    pub court: Option<String>,
    pub facility: Option<String>,
    pub assessment: Option<Assessment>,
    pub level: Level,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_accept_articles_with_optional_text() {
        let c = Charge::parse("283.2.3=Incitement to hatred").unwrap();
        assert_eq!(c.article, "283.2.3");
        assert_eq!(c.text.as_deref(), Some("Incitement to hatred"));
        assert_eq!(Charge::parse("Art. 168.1").unwrap().article, "168.1");
        let err = Charge::parse("smuggling").unwrap_err().to_string();
        assert!(
            err.contains("'smuggling' is not a criminal-code article"),
            "{err}"
        );
    }
}
