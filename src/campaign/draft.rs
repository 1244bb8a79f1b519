//! A draft campaign from an article (issue 14): the people a reviewer accepted from
//! it, the demands it makes and the authorities it addresses (as ingest reads them,
//! `ingest::appeal`), with the postal address and salutation its address block gives,
//! the article as its source, and a letter in the article's language that repeats the
//! demands. Staff then add addresses and publish the
//! people; [`super::blockers`] says what is left. Nothing here is public, and the
//! words of a restricted article (sealed at rest) are never copied into a campaign.

use super::{CampaignStatus, LetterTemplate, NewCampaign, Target};
use crate::domain::{DomainError, SourceId};
use crate::ingest::appeal;
use crate::ingest::lexicon::{Language, detect};
use crate::store::{Store, StoreError};

/// The letter a draft starts from, per language: every person with since when and
/// how long they are held and their charges, then the page's demands as a list
/// (English verbs after "I urge you to", Russian and Azerbaijani infinitives after
/// "Прошу Вас" and "xahiş edirəm", as ingest lists them).
pub const DRAFT_LETTERS: [(&str, &str); 3] = [
    (
        "en",
        "{{ target.salutation }}\n\n\
         I am writing to you about{% if people|length > 1 %} these people{% endif %}:\n\
         {% for p in people %}- {{ p.name }}, held {{ p.held_since }} ({{ p.time_in_detention }})\
         {% if p.charges %}, charged under {{ p.charges }}{% endif %}\n{% endfor %}\n\
         I urge you to:\n\
         {% for d in campaign.demands %}- {{ d }}\n{% endfor %}\n\
         Yours sincerely,",
    ),
    (
        "ru",
        "{{ target.salutation }}\n\n\
         Я пишу Вам в связи с делом:\n\
         {% for p in people %}- {{ p.name }}, под стражей {{ p.held_since }} ({{ p.time_in_detention }})\
         {% if p.charges %}, обвинение по статьям {{ p.charges }}{% endif %}\n{% endfor %}\n\
         Прошу Вас:\n\
         {% for d in campaign.demands %}- {{ d }}\n{% endfor %}\n\
         С уважением,",
    ),
    (
        "az",
        "{{ target.salutation }}\n\n\
         Sizə aşağıdakı iş barədə yazıram:\n\
         {% for p in people %}- {{ p.name }}, {{ p.held_since }} həbsdədir ({{ p.time_in_detention }})\
         {% if p.charges %}, ittiham: {{ p.charges }}{% endif %}\n{% endfor %}\n\
         Sizdən xahiş edirəm:\n\
         {% for d in campaign.demands %}- {{ d }}\n{% endfor %}\n\
         Hörmətlə,",
    ),
];

/// How a letter in each language opens when the addressee's name is not known.
fn salutation(language: Language) -> &'static str {
    match language {
        Language::En => "Dear Sir or Madam,",
        Language::Ru => "Уважаемые господа!",
        Language::Az => "Hörmətli cənablar!",
    }
}

fn refused(reason: impl Into<String>) -> StoreError {
    StoreError::Invalid(DomainError::Invalid {
        field: "draft",
        reason: reason.into(),
    })
}

/// An addressee as a letter's heading writes it: "the Azerbaijani authorities" is
/// "Azerbaijani authorities"; the first letter is a capital.
fn heading(phrase: &str, language: Language) -> String {
    let bare = match language {
        Language::En => phrase
            .strip_prefix("the ")
            .or_else(|| phrase.strip_prefix("The "))
            .unwrap_or(phrase),
        _ => phrase,
    };
    let mut words = bare.split(' ');
    let first = words.next().map(|w| language.title(w)).unwrap_or_default();
    std::iter::once(first.as_str())
        .chain(words)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first paragraph of the article's body that reads as one (twenty words or
/// more), cut to 600 characters: the summary staff start from.
fn summary(text: &str) -> Option<String> {
    let paragraph = text
        .split("\n\n")
        .map(str::trim)
        .find(|p| p.split_whitespace().count() >= 20)?;
    let cut: String = paragraph.chars().take(600).collect();
    Some(if cut.len() < paragraph.len() {
        format!("{cut}…")
    } else {
        cut
    })
}

/// A draft campaign from the article stored as `source`. Refused, saying why, when
/// no proposal of it was accepted, when it is in a language ingest does not read, or
/// when it demands nothing of anyone.
pub async fn from_source(store: &Store, source: SourceId) -> Result<NewCampaign, StoreError> {
    let (article, text) = match store.article_of_source(source).await {
        Ok(a) => a,
        Err(StoreError::NotFound { .. }) => {
            return Err(refused(format!(
                "source {source} is not an article read by ingest"
            )));
        }
        Err(e) => return Err(e),
    };
    let found = store.source(source).await?;
    // A restricted article's words are sealed at rest; a campaign is not.
    if found.data.level == crate::domain::Level::Restricted {
        return Err(refused(format!(
            "source {source} is restricted: its words stay sealed, so write the campaign \
             from a file"
        )));
    }
    let people = store.accepted_people(article).await?;
    if people.is_empty() {
        return Err(refused(format!(
            "no proposal of source {source} is accepted yet: accept the people first \
             (habeas proposals list)"
        )));
    }
    let (code, language) = detect(&text);
    let Some(language) = language else {
        return Err(refused(format!(
            "source {source} is in '{code}', a language ingest does not read"
        )));
    };
    let read = appeal::read(&text, language);
    if read.demands.is_empty() {
        return Err(refused(format!(
            "source {source} makes no demand of its own: write the campaign from a file"
        )));
    }
    if read.targets.is_empty() {
        return Err(refused(format!(
            "source {source} names no one to write to: write the campaign from a file"
        )));
    }
    let title = found.data.title;
    let lang = language.code();
    let template = DRAFT_LETTERS
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, body)| body.to_string())
        .unwrap_or_default();
    let campaign = NewCampaign {
        title: title
            .clone()
            .unwrap_or_else(|| format!("Urgent action from source {source}")),
        people,
        summary: summary(&text)
            .or(title)
            .unwrap_or_else(|| format!("Drafted from source {source}.")),
        demands: read.demands,
        targets: read
            .targets
            .iter()
            .map(|t| {
                // The page's own address block, when it gives one for this addressee.
                let block = read
                    .addresses
                    .iter()
                    .find(|a| appeal::same_addressee(&a.name, t, language));
                Target {
                    name: heading(t, language),
                    title: String::new(),
                    address: block.map(|a| a.lines.join("\n")).unwrap_or_default(),
                    email: block.and_then(|a| a.email.clone()),
                    salutation: block
                        .and_then(|a| a.salutation.clone())
                        .unwrap_or_else(|| salutation(language).to_string()),
                    language: lang.to_string(),
                }
            })
            .collect(),
        deadline: None,
        status: CampaignStatus::Draft,
        templates: vec![LetterTemplate {
            language: lang.to_string(),
            body: template,
        }],
        sources: vec![source],
    };
    campaign.validate()?;
    Ok(campaign)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_draft_letter_passes_the_template_check() {
        for (lang, body) in DRAFT_LETTERS {
            assert_eq!(super::super::check_template(lang, body), Ok(()), "{lang}");
        }
    }

    #[test]
    fn addressees_become_headings() {
        assert_eq!(
            heading("the azerbaijani authorities", Language::En),
            "Azerbaijani authorities"
        );
        assert_eq!(heading("власти Беларуси", Language::Ru), "Власти Беларуси");
        assert_eq!(
            heading("Azərbaycan hakimiyyəti", Language::Az),
            "Azərbaycan hakimiyyəti"
        );
    }
}
