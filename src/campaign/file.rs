//! A campaign as a TOML file, the form the command line reads and writes
//! (`habeas campaign create --file`, `habeas campaign show ID --format toml`), so a
//! campaign can be written in an editor, kept beside its translations, and round-
//! tripped. Templates are a table keyed by language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{CampaignStatus, LetterTemplate, NewCampaign, Target};
use crate::domain::{Date, DomainError, PersonId, SourceId};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignFile {
    pub title: String,
    #[serde(default = "draft")]
    pub status: String,
    pub people: Vec<i64>,
    pub summary: String,
    pub demands: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    pub targets: Vec<TargetFile>,
    /// Letter templates by language: `[templates]` then `en = """..."""`.
    pub templates: BTreeMap<String, String>,
    /// The sources it was drafted from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<i64>,
}

fn draft() -> String {
    CampaignStatus::Draft.as_str().to_string()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetFile {
    pub name: String,
    pub title: String,
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub salutation: String,
    pub language: String,
}

impl CampaignFile {
    /// Reads a campaign file; a syntax error or an unknown key names its line.
    pub fn parse(text: &str) -> Result<CampaignFile, DomainError> {
        toml::from_str(text).map_err(|e| DomainError::Invalid {
            field: "campaign file",
            reason: e.to_string().trim().to_string(),
        })
    }

    pub fn to_campaign(&self) -> Result<NewCampaign, DomainError> {
        Ok(NewCampaign {
            title: self.title.trim().to_string(),
            people: self.people.iter().map(|p| PersonId(*p)).collect(),
            summary: self.summary.trim().to_string(),
            demands: self.demands.iter().map(|d| d.trim().to_string()).collect(),
            targets: self
                .targets
                .iter()
                .map(|t| Target {
                    name: t.name.trim().to_string(),
                    title: t.title.trim().to_string(),
                    address: t.address.trim().to_string(),
                    email: t
                        .email
                        .as_ref()
                        .map(|e| e.trim().to_string())
                        .filter(|e| !e.is_empty()),
                    salutation: t.salutation.trim().to_string(),
                    language: t.language.trim().to_string(),
                })
                .collect(),
            deadline: self
                .deadline
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(Date::parse)
                .transpose()?,
            status: self.status.parse()?,
            templates: self
                .templates
                .iter()
                .map(|(language, body)| LetterTemplate {
                    language: language.clone(),
                    body: body.clone(),
                })
                .collect(),
            sources: self.sources.iter().map(|s| SourceId(*s)).collect(),
        })
    }

    pub fn of(c: &NewCampaign) -> CampaignFile {
        CampaignFile {
            title: c.title.clone(),
            status: c.status.as_str().to_string(),
            people: c.people.iter().map(|p| p.0).collect(),
            summary: c.summary.clone(),
            demands: c.demands.clone(),
            deadline: c.deadline.map(|d| d.to_string()),
            targets: c
                .targets
                .iter()
                .map(|t| TargetFile {
                    name: t.name.clone(),
                    title: t.title.clone(),
                    address: t.address.clone(),
                    email: t.email.clone(),
                    salutation: t.salutation.clone(),
                    language: t.language.clone(),
                })
                .collect(),
            templates: c
                .templates
                .iter()
                .map(|t| (t.language.clone(), t.body.clone()))
                .collect(),
            sources: c.sources.iter().map(|s| s.0).collect(),
        }
    }

    pub fn to_toml(&self) -> Result<String, DomainError> {
        toml::to_string(self).map_err(|e| DomainError::Invalid {
            field: "campaign file",
            reason: e.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_campaign_round_trips_through_its_file() {
        let c = crate::campaign::tests::sample();
        let text = CampaignFile::of(&c).to_toml().unwrap_or_default();
        let back = CampaignFile::parse(&text).and_then(|f| f.to_campaign());
        assert_eq!(back, Ok(c));
    }

    #[test]
    fn an_unknown_key_and_a_bad_date_are_named() {
        let c = crate::campaign::tests::sample();
        let text = CampaignFile::of(&c).to_toml().unwrap_or_default();
        let err = CampaignFile::parse(&format!("colour = 'red'\n{text}"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("colour"), "{err}");
        let bad = text.replace("2026-12-31", "2026-02-30");
        let err = CampaignFile::parse(&bad)
            .and_then(|f| f.to_campaign())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("2026-02-30") || err.contains("day"), "{err}");
    }
}
