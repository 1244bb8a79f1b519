//! Campaigns (urgent actions): who they are for, what they demand, whom to write to,
//! and the letters, written by staff as templates and filled with the public facts of
//! the people concerned. A campaign is checked whole before it is saved: an unknown
//! variable in a template, or a target whose language has no template, is refused
//! with a message naming it, never left as a blank in a printed letter.

pub mod draft;
pub mod file;
pub mod language;
pub mod letters;
pub mod pack;

use serde::{Deserialize, Serialize};

use crate::domain::{Date, DomainError, Level, PersonId, SourceId};
use crate::public::PublicPerson;
use crate::store::{Store, StoreError};

pub use file::CampaignFile;
pub use letters::{Letter, LetterFacts, VARIABLES, check_template, render_letters};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CampaignStatus {
    /// Being written: staff only.
    Draft,
    /// Published: the action page is public and takes "I sent a letter".
    Active,
    /// Over: the page says so and takes no more letters.
    Closed,
}

impl CampaignStatus {
    pub const ALL: [CampaignStatus; 3] = [
        CampaignStatus::Draft,
        CampaignStatus::Active,
        CampaignStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Active => "active",
            CampaignStatus::Closed => "closed",
        }
    }
}

impl std::str::FromStr for CampaignStatus {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<CampaignStatus, DomainError> {
        CampaignStatus::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| DomainError::Unknown {
                what: "campaign status",
                value: s.to_string(),
                allowed: "draft, active, closed".into(),
            })
    }
}

impl std::fmt::Display for CampaignStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An authority to write to. Public office holders: not personal data of the
/// people the registry protects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub name: String,
    /// The office, when the name does not say it ("Prosecutor General"); may be empty.
    pub title: String,
    /// Postal address; lines separated by newlines. A draft may leave it empty (its
    /// addressees read from an article); a campaign goes live only with one.
    pub address: String,
    pub email: Option<String>,
    /// "Dear Prosecutor General," as the letter should open.
    pub salutation: String,
    /// The language of the letter this target receives (ISO 639-1, e.g. "az").
    pub language: String,
}

impl Target {
    /// "Kamran Aliyev, Prosecutor General", or the name alone when the office is
    /// in it.
    pub fn heading(&self) -> String {
        if self.title.trim().is_empty() {
            self.name.clone()
        } else {
            format!("{}, {}", self.name, self.title)
        }
    }

    /// The lines a letter is addressed with: name, office (if any), address.
    pub fn address_lines(&self) -> String {
        [&self.name, &self.title, &self.address]
            .into_iter()
            .filter(|l| !l.trim().is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The letter in one language, as a template (see [`VARIABLES`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterTemplate {
    pub language: String,
    pub body: String,
}

/// A campaign as written by staff; [`NewCampaign::validate`] checks it whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCampaign {
    pub title: String,
    pub people: Vec<PersonId>,
    pub summary: String,
    pub demands: Vec<String>,
    pub targets: Vec<Target>,
    pub deadline: Option<Date>,
    pub status: CampaignStatus,
    pub templates: Vec<LetterTemplate>,
    /// The sources it was drafted from (an appeal read by ingest).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: i64,
    #[serde(flatten)]
    pub data: NewCampaign,
    pub created_at: String,
    pub updated_at: String,
}

/// Bounds that keep a campaign's page, letters and pack quick to make.
pub const MAX_PEOPLE: usize = 50;
pub const MAX_TARGETS: usize = 50;

fn invalid(field: &'static str, reason: impl Into<String>) -> DomainError {
    DomainError::Invalid {
        field,
        reason: reason.into(),
    }
}

fn required(field: &'static str, value: &str, max: usize) -> Result<(), DomainError> {
    if value.trim().is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(invalid(field, format!("is longer than {max} characters")));
    }
    Ok(())
}

/// A language code as letters and pages use it: two or three lower-case letters.
pub fn check_language(code: &str) -> Result<(), DomainError> {
    if (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(())
    } else {
        Err(invalid(
            "language",
            format!("'{code}' is not a language code like en, az or ru"),
        ))
    }
}

impl NewCampaign {
    /// Everything that can be checked without the registry: fields present and
    /// bounded, languages well-formed, one template per language, a template for
    /// every target's language, and templates that use only known variables.
    pub fn validate(&self) -> Result<(), DomainError> {
        required("title", &self.title, 200)?;
        required("summary", &self.summary, 10_000)?;
        if self.people.is_empty() {
            return Err(invalid("people", "a campaign concerns at least one person"));
        }
        if self.people.len() > MAX_PEOPLE {
            return Err(invalid(
                "people",
                format!("a campaign concerns at most {MAX_PEOPLE} people"),
            ));
        }
        if self.targets.len() > MAX_TARGETS {
            return Err(invalid(
                "targets",
                format!("a campaign writes to at most {MAX_TARGETS} targets"),
            ));
        }
        let mut people = self.people.clone();
        people.sort();
        people.dedup();
        if people.len() != self.people.len() {
            return Err(invalid("people", "a person is listed twice"));
        }
        if self.demands.iter().all(|d| d.trim().is_empty()) {
            return Err(invalid("demands", "a campaign makes at least one demand"));
        }
        for d in &self.demands {
            required("demand", d, 2_000)?;
        }
        if self.targets.is_empty() {
            return Err(invalid(
                "targets",
                "a campaign writes to at least one target",
            ));
        }
        let mut languages = Vec::new();
        for t in &self.templates {
            check_language(&t.language)?;
            if languages.contains(&t.language.as_str()) {
                return Err(invalid(
                    "templates",
                    format!("two letter templates in '{}'", t.language),
                ));
            }
            languages.push(&t.language);
            required("template", &t.body, 50_000)?;
            check_template(&t.language, &t.body)?;
        }
        for t in &self.targets {
            required("target name", &t.name, 300)?;
            if t.title.chars().count() > 300 {
                return Err(invalid("target title", "is longer than 300 characters"));
            }
            if self.status == CampaignStatus::Draft && t.address.trim().is_empty() {
                // Checked when it goes live (see `blockers`).
            } else {
                required("target address", &t.address, 1_000)?;
            }
            required("target salutation", &t.salutation, 300)?;
            check_language(&t.language)?;
            if let Some(email) = &t.email {
                let ok = email.split_once('@').is_some_and(|(user, host)| {
                    !user.is_empty() && host.contains('.') && !email.contains(char::is_whitespace)
                });
                if !ok {
                    return Err(invalid(
                        "target email",
                        format!("'{email}' is not an email address"),
                    ));
                }
            }
            if !languages.contains(&t.language.as_str()) {
                return Err(invalid(
                    "templates",
                    format!(
                        "{} writes in '{}' but there is no letter template in that language",
                        t.name, t.language
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The template in `language`, if the campaign has one.
    pub fn template(&self, language: &str) -> Option<&LetterTemplate> {
        self.templates.iter().find(|t| t.language == language)
    }
}

/// A campaign that passed [`check`]: the only thing the store saves.
#[derive(Debug, Clone)]
pub struct Checked {
    campaign: NewCampaign,
}

impl Checked {
    pub fn campaign(&self) -> &NewCampaign {
        &self.campaign
    }
}

/// The letter facts of each person, from their public record on `today`. A person
/// who is not public, or whose public record has no arrest, is refused by name: a
/// public campaign can only speak of what the public list shows.
pub async fn facts(
    store: &Store,
    people: &[PersonId],
    today: Date,
) -> Result<Vec<LetterFacts>, StoreError> {
    let mut out = Vec::with_capacity(people.len());
    for id in people {
        let refused = |why: &str| {
            StoreError::Invalid(invalid(
                "people",
                format!("person {id} {why}; a campaign speaks only of public records"),
            ))
        };
        let registry = match store.registry_of(*id).await {
            Ok(r) => r,
            Err(StoreError::NotFound { .. }) => return Err(refused("does not exist")),
            Err(e) => return Err(e),
        };
        let person = registry
            .people
            .first()
            .and_then(|p| PublicPerson::build(p, &registry))
            .ok_or_else(|| refused("is not on the public list"))?;
        out.push(
            LetterFacts::of(&person, today)
                .ok_or_else(|| refused("has no public case with an arrest date"))?,
        );
    }
    Ok(out)
}

/// Checks a campaign whole before it is saved: [`NewCampaign::validate`], then, for
/// a campaign that is or was live, the people public and every target's letter
/// rendered from their facts. A draft needs only its people to exist: what stops it
/// from going live is listed by [`blockers`], and checked again when it is activated.
pub async fn check(
    store: &Store,
    campaign: NewCampaign,
    today: Date,
) -> Result<Checked, StoreError> {
    campaign.validate()?;
    if campaign.status == CampaignStatus::Draft {
        for id in &campaign.people {
            match store.person(*id).await {
                Ok(_) => {}
                Err(StoreError::NotFound { .. }) => {
                    return Err(StoreError::Invalid(invalid(
                        "people",
                        format!("person {id} does not exist"),
                    )));
                }
                Err(e) => return Err(e),
            }
        }
        return Ok(Checked { campaign });
    }
    let facts = facts(store, &campaign.people, today).await?;
    render_letters(&campaign, &facts, today)?;
    Ok(Checked { campaign })
}

/// What still stops a campaign from going live, one line each, in the order to deal
/// with them: a person not on the public list (or with no public arrest), a target
/// without a postal address, a letter that does not render. Empty when it may go
/// live.
pub async fn blockers(
    store: &Store,
    campaign: &NewCampaign,
    today: Date,
) -> Result<Vec<String>, StoreError> {
    let mut out = Vec::new();
    let mut all_facts = Vec::new();
    for id in &campaign.people {
        let registry = match store.registry_of(*id).await {
            Ok(r) => r,
            Err(StoreError::NotFound { .. }) => {
                out.push(format!("person {id} does not exist"));
                continue;
            }
            Err(e) => return Err(e),
        };
        let Some(record) = registry.people.first() else {
            continue;
        };
        // Every staff role reads these lines: a restricted person, or a restricted
        // spelling, is named by number only.
        let name = record
            .data
            .names
            .first()
            .filter(|n| n.level <= Level::Internal && record.data.level <= Level::Internal)
            .map(|n| format!(" ({})", n.text.as_str()))
            .unwrap_or_default();
        match PublicPerson::build(record, &registry) {
            None => out.push(format!(
                "person {id}{name} is not on the public list: publish them \
                 (habeas person publish {id} --with-records)"
            )),
            Some(p) => match LetterFacts::of(&p, today) {
                None => out.push(format!(
                    "person {id}{name} has no public case with an arrest date"
                )),
                Some(f) => all_facts.push(f),
            },
        }
    }
    for t in &campaign.targets {
        if t.address.trim().is_empty() {
            out.push(format!("{} has no postal address", t.name));
        }
    }
    if out.is_empty()
        && let Err(e) = render_letters(campaign, &all_facts, today)
    {
        out.push(e.to_string());
    }
    Ok(out)
}

/// Every target's letter of a saved campaign, from today's public facts.
pub async fn letters(
    store: &Store,
    campaign: &NewCampaign,
    today: Date,
) -> Result<Vec<Letter>, StoreError> {
    let facts = facts(store, &campaign.people, today).await?;
    Ok(render_letters(campaign, &facts, today)?)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn sample() -> NewCampaign {
        NewCampaign {
            title: "Free the reporters".into(),
            people: vec![PersonId(1)],
            summary: "Two reporters are held for their work.".into(),
            demands: vec!["Release them now".into()],
            targets: vec![Target {
                name: "Kamran Aliyev".into(),
                title: "Prosecutor General".into(),
                address: "7 Nizami St\nBaku".into(),
                email: Some("office@example.org".into()),
                salutation: "Dear Prosecutor General,".into(),
                language: "en".into(),
            }],
            deadline: Date::new(2026, 12, 31).ok(),
            status: CampaignStatus::Draft,
            templates: vec![LetterTemplate {
                language: "en".into(),
                body: "{{ target.salutation }}\n{{ name }} was arrested on {{ arrest_date }}."
                    .into(),
            }],
            sources: Vec::new(),
        }
    }

    #[test]
    fn a_complete_campaign_is_valid() {
        assert_eq!(sample().validate(), Ok(()));
    }

    #[test]
    fn a_target_without_a_template_in_its_language_is_refused() {
        let mut c = sample();
        c.targets[0].language = "az".into();
        let err = c
            .validate()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("writes in 'az'"), "{err}");
    }

    #[test]
    fn missing_and_malformed_fields_are_named() {
        type Break = fn(&mut NewCampaign);
        let cases: Vec<(Break, &str)> = vec![
            (|c| c.title = " ".into(), "title"),
            (|c| c.people.clear(), "people"),
            (|c| c.people.push(PersonId(1)), "twice"),
            (
                |c| c.people = (1..=51).map(PersonId).collect(),
                "at most 50",
            ),
            (|c| c.demands = vec![String::new()], "demand"),
            (|c| c.targets.clear(), "targets"),
            (|c| c.targets[0].email = Some("no-at".into()), "email"),
            (|c| c.targets[0].language = "EN".into(), "language"),
            (
                |c| {
                    let t = c.templates[0].clone();
                    c.templates.push(t)
                },
                "two letter templates",
            ),
        ];
        for (break_it, word) in cases {
            let mut c = sample();
            break_it(&mut c);
            let err = c
                .validate()
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains(word), "{word}: {err}");
        }
    }

    #[test]
    fn statuses_parse_and_unknown_ones_are_named() {
        for s in CampaignStatus::ALL {
            assert_eq!(s.as_str().parse::<CampaignStatus>(), Ok(s));
        }
        let err = "open"
            .parse::<CampaignStatus>()
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("'open'")));
    }
}
