//! Letters: staff-written templates (minijinja, the Jinja2 language) filled with the
//! public facts of the people a campaign concerns, one letter per target, in the
//! target's language. Facts come only from [`PublicPerson`] views, so a letter can
//! never carry what the public may not read.
//!
//! A template is checked when it is saved: every variable it reads must be one of
//! [`VARIABLES`] (a misspelt `{{ nmae }}` is refused, not printed as a blank), and it
//! must render against sample facts with undefined values treated as errors, which
//! also catches a misspelt field inside a loop over `people`.

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use super::language::long_date;
use super::{NewCampaign, Target};
use crate::domain::{Date, DomainError, PartialDate, PersonId, Precision, Script, status_at};
use crate::public::PublicPerson;

/// The variables a letter template may use, with what they hold (shown to staff
/// next to the template editor and in `habeas campaign --help`).
pub const VARIABLES: &[(&str, &str)] = &[
    (
        "name",
        "the (first) person's name, in the letter's language or script when the registry holds such a spelling",
    ),
    (
        "arrest_date",
        "the date of their arrest, written out in the letter's language",
    ),
    (
        "held_since",
        "since when they are held, in the letter's grammar: \"since 12 November 2022\", \"с ноября 2022 года\", \"2022-ci ilin noyabr ayından\"",
    ),
    (
        "time_in_detention",
        "days in detention as words agree with them: \"1,095 days\", \"1 095 дней\", \"1.095 gün\"",
    ),
    ("charges", "the charges, e.g. \"206.3.2 (smuggling)\""),
    ("facility", "where they are held, if public (else empty)"),
    (
        "days_in_detention",
        "days from the arrest to today (or to the release)",
    ),
    (
        "people",
        "every person of the campaign, each with the seven fields above",
    ),
    (
        "target",
        "the addressee: target.name, .title, .address, .email, .salutation, .language",
    ),
    (
        "campaign",
        "campaign.title, .summary, .demands (a list), .deadline",
    ),
    ("today", "today's date, written out"),
];

const TARGET_FIELDS: &[&str] = &[
    "name",
    "title",
    "address",
    "email",
    "salutation",
    "language",
];
const CAMPAIGN_FIELDS: &[&str] = &["title", "summary", "demands", "deadline"];

/// Work a template may do before rendering stops (minijinja's fuel): far above any
/// real letter, far below a loop that would hang the server.
const FUEL: u64 = 100_000;

/// What a letter may say about one person: public facts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterFacts {
    pub person: PersonId,
    pub name: String,
    /// The public spellings, each with its script and language, for the letter's
    /// language to choose from.
    pub spellings: Vec<Spelling>,
    pub arrested: PartialDate,
    pub charges: Vec<String>,
    pub facility: Option<String>,
    pub days_in_detention: i64,
}

impl LetterFacts {
    /// The facts of the person's most recent public case on `today`, or `None` when
    /// the public record has no case with an arrest.
    pub fn of(person: &PublicPerson, today: Date) -> Option<LetterFacts> {
        let case = person
            .cases
            .iter()
            .filter(|c| c.arrested.is_some())
            .max_by_key(|c| c.arrested.map(|d| d.earliest()))?;
        let arrested = case.arrested?;
        // Detention ends at the first event after which the person is no longer held.
        let timeline = case.timeline();
        let mut days: Vec<Date> = timeline.iter().map(|e| e.data.date.earliest()).collect();
        days.sort();
        let end = days
            .into_iter()
            .filter(|d| *d > arrested.earliest() && *d <= today)
            .find(|d| status_at(&timeline, *d).is_some_and(|s| !s.is_held()))
            .unwrap_or(today);
        let facility = case
            .events
            .iter()
            .rev()
            .find_map(|e| e.facility.clone())
            .or_else(|| case.facility.clone());
        Some(LetterFacts {
            person: person.id,
            name: person.primary_name().to_string(),
            spellings: person
                .names
                .iter()
                .map(|n| Spelling {
                    text: n.text.clone(),
                    script: n.script,
                    lang: n.lang.clone(),
                })
                .collect(),
            arrested,
            charges: case
                .charges
                .iter()
                .map(|c| match &c.text {
                    Some(t) => format!("{} ({t})", c.article),
                    None => c.article.clone(),
                })
                .collect(),
            facility,
            days_in_detention: (end.to_days() - arrested.earliest().to_days()).max(0),
        })
    }

    /// The name a letter in `lang` writes: a spelling labelled with that language,
    /// else the first in the language's script, else the registry's own.
    pub fn name_in(&self, lang: &str) -> &str {
        let labelled = self
            .spellings
            .iter()
            .find(|s| s.lang.as_deref() == Some(lang));
        let script = Script::of_language(lang);
        let in_script = || self.spellings.iter().find(|s| s.script == script);
        labelled
            .or_else(in_script)
            .map_or(self.name.as_str(), |s| s.text.as_str())
    }

    fn context(&self, lang: &str) -> serde_json::Value {
        serde_json::json!({
            "name": self.name_in(lang),
            "arrest_date": long_date(self.arrested, lang),
            "held_since": super::language::since(self.arrested, lang),
            "time_in_detention": super::language::days(
                self.days_in_detention,
                lang,
                self.arrested.is_bound(),
            ),
            "charges": self.charges.join(", "),
            "facility": self.facility.clone().unwrap_or_default(),
            "days_in_detention": self.days_in_detention,
        })
    }
}

/// One spelling of a person's name, as the public record holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spelling {
    pub text: String,
    pub script: Script,
    pub lang: Option<String>,
}

/// One rendered letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Letter {
    pub target: Target,
    pub language: String,
    pub text: String,
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Letters are plain text; pages escape them when they show them.
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env
}

fn template_error(lang: &str, reason: impl std::fmt::Display) -> DomainError {
    DomainError::Invalid {
        field: "template",
        reason: format!("the '{lang}' letter: {reason}"),
    }
}

fn context(
    campaign: &NewCampaign,
    facts: &[LetterFacts],
    target: &Target,
    lang: &str,
    today: Date,
) -> serde_json::Value {
    let people: Vec<serde_json::Value> = facts.iter().map(|f| f.context(lang)).collect();
    let mut ctx = people
        .first()
        .cloned()
        .unwrap_or_else(|| serde_json::json!({}));
    let day = |d: Date| long_date(PartialDate::with_precision(d, Precision::Day), lang);
    if let Some(map) = ctx.as_object_mut() {
        map.insert("people".into(), serde_json::Value::Array(people));
        map.insert(
            "target".into(),
            serde_json::to_value(target).unwrap_or_default(),
        );
        map.insert(
            "campaign".into(),
            serde_json::json!({
                "title": campaign.title,
                "summary": campaign.summary,
                "demands": campaign.demands,
                "deadline": campaign.deadline.map(day).unwrap_or_default(),
            }),
        );
        map.insert("today".into(), day(today).into());
    }
    ctx
}

/// Checks a template when it is saved: it parses, reads only [`VARIABLES`] (and only
/// the fields they have), and fills against sample facts without an undefined value.
pub fn check_template(lang: &str, body: &str) -> Result<(), DomainError> {
    let env = environment();
    let template = env
        .template_from_str(body)
        .map_err(|e| template_error(lang, e))?;
    let mut unknown: Vec<String> = template
        .undeclared_variables(true)
        .into_iter()
        .filter(|v| {
            let mut parts = v.split('.');
            let root = parts.next().unwrap_or_default();
            let field = parts.next();
            let fields: &[&str] = match root {
                "target" => TARGET_FIELDS,
                "campaign" => CAMPAIGN_FIELDS,
                _ if VARIABLES.iter().any(|(n, _)| *n == root) => return false,
                // The language's own functions (range, namespace, dict...).
                _ if env.globals().any(|(g, _)| g == root) => return false,
                _ => return true,
            };
            field.is_some_and(|f| !fields.contains(&f))
        })
        .collect();
    unknown.sort();
    if let Some(first) = unknown.first() {
        let known: Vec<&str> = VARIABLES.iter().map(|(n, _)| *n).collect();
        return Err(template_error(
            lang,
            format!(
                "unknown variable '{first}'; a letter may use {}",
                known.join(", ")
            ),
        ));
    }
    // A sample with every fact present: a misspelt field inside a loop is undefined
    // here, and strict rendering refuses it.
    let sample = |n: i64| LetterFacts {
        person: PersonId(n),
        name: format!("Sample Person {n}"),
        spellings: Vec::new(),
        arrested: PartialDate::with_precision(Date::EPOCH, Precision::Day),
        charges: vec!["1.1 (sample)".into()],
        facility: Some("Sample prison".into()),
        days_in_detention: n,
    };
    let campaign = NewCampaign {
        title: "Sample".into(),
        people: vec![PersonId(1), PersonId(2)],
        summary: "Sample".into(),
        demands: vec!["Sample".into()],
        targets: Vec::new(),
        deadline: Some(Date::EPOCH),
        status: super::CampaignStatus::Draft,
        templates: Vec::new(),
        sources: Vec::new(),
    };
    let target = Target {
        name: "Sample".into(),
        title: "Sample".into(),
        address: "Sample".into(),
        email: Some("sample@example.org".into()),
        salutation: "Sample".into(),
        language: lang.into(),
    };
    let ctx = context(
        &campaign,
        &[sample(1), sample(2)],
        &target,
        lang,
        Date::EPOCH,
    );
    template
        .render(minijinja::Value::from(minijinja::value::Serde(ctx)))
        .map(|_| ())
        .map_err(|e| template_error(lang, e))
}

/// Every target's letter, in the target's language, for the people in `facts`.
pub fn render_letters(
    campaign: &NewCampaign,
    facts: &[LetterFacts],
    today: Date,
) -> Result<Vec<Letter>, DomainError> {
    let env = environment();
    campaign
        .targets
        .iter()
        .map(|target| {
            let lang = target.language.as_str();
            let template = campaign
                .template(lang)
                .ok_or_else(|| template_error(lang, "there is no template in this language"))?;
            let text = env
                .render_str(
                    &template.body,
                    minijinja::Value::from(minijinja::value::Serde(context(
                        campaign, facts, target, lang, today,
                    ))),
                )
                .map_err(|e| template_error(lang, e))?;
            Ok(Letter {
                target: target.clone(),
                language: lang.to_string(),
                text: text.trim().to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::tests::sample;

    fn facts() -> LetterFacts {
        LetterFacts {
            person: PersonId(1),
            name: "Leyla Məmmədova".into(),
            spellings: Vec::new(),
            arrested: PartialDate::parse("2024-03-01").unwrap_or_else(|_| unreachable!()),
            charges: vec!["206.3.2 (smuggling)".into()],
            facility: Some("Prison No. 3".into()),
            days_in_detention: 42,
        }
    }

    fn err_of(lang: &str, body: &str) -> String {
        check_template(lang, body)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn every_variable_is_substituted() {
        let mut c = sample();
        c.templates[0].body = "{{ target.salutation }} {{ target.name }}, {{ target.title }}\n\
            {{ name }} / {{ arrest_date }} / {{ charges }} / {{ facility }} / \
            {{ days_in_detention }} / {% for p in people %}{{ p.name }}{% endfor %} / \
            {{ campaign.title }} / {{ campaign.demands | join('; ') }} / {{ campaign.deadline }} / {{ today }}"
            .into();
        assert_eq!(c.validate(), Ok(()));
        let today = Date::new(2024, 4, 12).unwrap_or(Date::EPOCH);
        let letters = render_letters(&c, &[facts()], today).unwrap_or_default();
        assert_eq!(letters.len(), 1);
        assert_eq!(
            letters[0].text,
            "Dear Prosecutor General, Kamran Aliyev, Prosecutor General\n\
             Leyla Məmmədova / 1 March 2024 / 206.3.2 (smuggling) / Prison No. 3 / 42 / \
             Leyla Məmmədova / Free the reporters / Release them now / 31 December 2026 / \
             12 April 2024"
        );
    }

    #[test]
    fn each_target_gets_the_template_of_its_language() {
        let mut c = sample();
        c.templates.push(crate::campaign::LetterTemplate {
            language: "ru".into(),
            body: "{{ target.salutation }} {{ name }} задержана {{ arrest_date }}.".into(),
        });
        let mut ru = c.targets[0].clone();
        ru.language = "ru".into();
        ru.salutation = "Уважаемый прокурор,".into();
        c.targets.push(ru);
        assert_eq!(c.validate(), Ok(()));
        let letters = render_letters(&c, &[facts()], Date::EPOCH).unwrap_or_default();
        assert_eq!(letters.len(), 2);
        assert_eq!(letters[0].language, "en");
        assert!(letters[0].text.contains("was arrested on 1 March 2024"));
        assert_eq!(letters[1].language, "ru");
        assert_eq!(
            letters[1].text,
            "Уважаемый прокурор, Leyla Məmmədova задержана 1 марта 2024 года."
        );
    }

    #[test]
    fn an_unknown_variable_is_refused_when_saved() {
        let err = err_of("en", "Dear {{ target.salutation }}, {{ nmae }} is held.");
        assert!(err.contains("unknown variable 'nmae'"), "{err}");
        assert!(err.contains("'en' letter"), "{err}");
        let err = err_of("en", "{{ target.adress }}");
        assert!(err.contains("'target.adress'"), "{err}");
        let err = err_of("az", "{% for p in people %}{{ p.nme }}{% endfor %}");
        assert!(
            err.contains("'az' letter") && err.contains("undefined"),
            "{err}"
        );
        let err = err_of("en", "{{ name ");
        assert!(err.contains("syntax"), "{err}");
        // The check runs on save: a campaign with such a template is not valid.
        let mut c = sample();
        c.templates[0].body = "{{ prisoner }}".into();
        assert!(c.validate().is_err());
    }

    #[test]
    fn a_runaway_template_stops() {
        let err = err_of(
            "en",
            "{% for a in range(10000) %}{% for b in range(10000) %}x{% endfor %}{% endfor %}",
        );
        assert!(err.contains("fuel"), "{err}");
    }

    #[test]
    fn a_letter_names_the_person_in_its_own_language_and_grammar() {
        let spell = |text: &str, lang: Option<&str>| Spelling {
            text: text.into(),
            script: Script::detect(text),
            lang: lang.map(String::from),
        };
        let mut f = facts();
        f.arrested = PartialDate::parse("2022-11").unwrap_or_else(|_| unreachable!());
        f.days_in_detention = 1095;
        f.spellings = vec![
            spell("Leyla Məmmədova", Some("az")),
            spell("Leyla Mammadova", Some("en")),
            spell("Лейла Мамедова", None),
        ];
        let mut c = sample();
        let body = "{{ name }} {{ held_since }}: {{ time_in_detention }}.";
        c.templates = ["en", "ru", "az"]
            .into_iter()
            .map(|l| crate::campaign::LetterTemplate {
                language: l.into(),
                body: body.into(),
            })
            .collect();
        c.targets = ["en", "ru", "az"]
            .into_iter()
            .map(|l| Target {
                language: l.into(),
                ..c.targets[0].clone()
            })
            .collect();
        assert_eq!(c.validate(), Ok(()));
        let letters: Vec<String> = render_letters(&c, &[f], Date::EPOCH)
            .unwrap_or_default()
            .into_iter()
            .map(|l| l.text.replace('\u{a0}', " "))
            .collect();
        assert_eq!(
            letters,
            [
                "Leyla Mammadova since November 2022: 1,095 days.",
                "Лейла Мамедова с ноября 2022 года: 1 095 дней.",
                "Leyla Məmmədova 2022-ci ilin noyabr ayından: 1.095 gün.",
            ]
        );
    }

    #[test]
    fn person_fields_match_the_context() {
        // Every documented variable is in a letter's context, and nothing else is.
        let c = sample();
        let ctx = context(&c, &[facts()], &c.targets[0], "en", Date::EPOCH);
        let mut keys: Vec<&str> = ctx
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut documented: Vec<&str> = VARIABLES.iter().map(|(n, _)| *n).collect();
        keys.sort();
        documented.sort();
        assert_eq!(keys, documented);
        let person: Vec<String> = facts()
            .context("en")
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(person.len(), 7);
    }
}
