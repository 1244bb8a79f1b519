//! People: names in several scripts and spellings, and what the record says about them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{DomainError, Level, Leveled};

super::id_type!(PersonId);

/// Declares a closed vocabulary: an enum with its wire names, parsing that names the
/// allowed values on error, and serde through those names.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                $name::ALL.iter().copied().find(|v| v.as_str() == wanted).ok_or_else(|| {
                    $crate::domain::DomainError::Unknown {
                        what: $what,
                        value: s.to_string(),
                        allowed: $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
                    }
                })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary!(Category, "category", {
    Journalist => "journalist",
    HumanRightsDefender => "human_rights_defender",
    Lawyer => "lawyer",
    Activist => "activist",
    OppositionMember => "opposition_member",
    ReligiousBeliever => "religious_believer",
    Blogger => "blogger",
    Academic => "academic",
    TradeUnionist => "trade_unionist",
    Other => "other",
});

vocabulary!(Gender, "gender", {
    Female => "female",
    Male => "male",
    Other => "other",
    Unknown => "unknown",
});

vocabulary!(Script, "script", {
    Latin => "latin",
    Cyrillic => "cyrillic",
    Arabic => "arabic",
    Georgian => "georgian",
    Armenian => "armenian",
    Other => "other",
});

vocabulary!(NameKind, "name kind", {
    Legal => "legal",
    Transliteration => "transliteration",
    Alias => "alias",
});

impl Script {
    /// The script a language is written in today, for choosing a spelling: Cyrillic
    /// for Russian, Belarusian, Ukrainian, Kazakh, Kyrgyz, Tajik, Bulgarian,
    /// Macedonian, Mongolian and Serbian; Georgian, Armenian and Arabic script for
    /// their languages (Persian and Urdu too); Latin for the rest (Azerbaijani,
    /// Uzbek and Turkmen since the 1990s).
    pub fn of_language(lang: &str) -> Script {
        match lang {
            "ru" | "be" | "uk" | "kk" | "ky" | "tg" | "bg" | "mk" | "mn" | "sr" => Script::Cyrillic,
            "ka" => Script::Georgian,
            "hy" => Script::Armenian,
            "ar" | "fa" | "ur" | "ps" => Script::Arabic,
            _ => Script::Latin,
        }
    }

    /// The script most letters of `text` are written in.
    pub fn detect(text: &str) -> Script {
        let mut counts = [0usize; 5];
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            let slot = match c as u32 {
                0x0000..=0x024F | 0x1E00..=0x1EFF => 0,
                0x0400..=0x052F => 1,
                0x0600..=0x06FF | 0x0750..=0x077F => 2,
                0x10A0..=0x10FF => 3,
                0x0530..=0x058F => 4,
                _ => continue,
            };
            counts[slot] += 1;
        }
        let best = (0..counts.len()).max_by_key(|&i| (counts[i], usize::MAX - i));
        match best {
            Some(_) if counts.iter().all(|&c| c == 0) => Script::Other,
            Some(0) => Script::Latin,
            Some(1) => Script::Cyrillic,
            Some(2) => Script::Arabic,
            Some(3) => Script::Georgian,
            Some(4) => Script::Armenian,
            _ => Script::Other,
        }
    }
}

/// A non-empty, trimmed name of reasonable length.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct NameText(String);

impl NameText {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<NameText, DomainError> {
        let text = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return Err(DomainError::Invalid {
                field: "name",
                reason: "a name cannot be empty".into(),
            });
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(DomainError::Invalid {
                field: "name",
                reason: format!("a name is at most {} characters", Self::MAX_CHARS),
            });
        }
        if text.chars().any(char::is_control) || !text.chars().any(char::is_alphabetic) {
            return Err(DomainError::Invalid {
                field: "name",
                reason: format!("'{text}' does not look like a name"),
            });
        }
        Ok(NameText(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for NameText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        NameText::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for NameText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country([u8; 2]);

impl Country {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl FromStr for Country {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        match t.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Ok(Country([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => Err(DomainError::Invalid {
                field: "country",
                reason: format!("'{s}' is not a two-letter country code (ISO 3166-1, like AZ)"),
            }),
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Country {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    pub text: NameText,
    pub script: Script,
    /// BCP 47 language tag of the spelling (`az`, `ru`, `en`), when known.
    pub lang: Option<String>,
    pub kind: NameKind,
    pub level: Level,
}

impl PersonName {
    /// A public name whose script is detected from its letters.
    pub fn new(text: NameText, kind: NameKind) -> PersonName {
        let script = Script::detect(text.as_str());
        PersonName {
            text,
            script,
            lang: None,
            kind,
            level: Level::Public,
        }
    }
}

impl PersonName {
    /// Parses `Name` or `Name [kind]` or `Name [kind:lang]` (as exports write variants
    /// and as `--name` accepts them); without a label the name gets `default_kind`.
    pub fn parse_labelled(input: &str, default_kind: NameKind) -> Result<PersonName, DomainError> {
        let (name, kind, lang) = match input.trim().rsplit_once(" [") {
            Some((name, rest)) if rest.ends_with(']') => {
                let inner = &rest[..rest.len() - 1];
                let (kind, lang) = match inner.split_once(':') {
                    Some((k, l)) => (k, Some(l.trim())),
                    None => (inner, None),
                };
                (name, kind.parse::<NameKind>()?, lang)
            }
            _ => (input, default_kind, None),
        };
        if let Some(l) = lang
            && (l.is_empty()
                || l.len() > 15
                || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        {
            return Err(DomainError::Invalid {
                field: "name language",
                reason: format!("'{l}' is not a language tag (like az, ru, en, az-Cyrl)"),
            });
        }
        let text = NameText::parse(name)?;
        Ok(PersonName {
            lang: lang.map(String::from),
            ..PersonName::new(text, kind)
        })
    }
}

/// What is needed to record a person. The first name is the primary one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    pub names: Vec<PersonName>,
    pub birth_year: Option<i32>,
    pub gender: Option<Gender>,
    pub country: Option<Country>,
    pub categories: Vec<Category>,
    pub affiliations: Vec<String>,
    /// Public by default.
    pub bio: Option<Leveled>,
    /// Internal by default.
    pub notes: Option<Leveled>,
    /// Restricted by default: families' phone numbers, lawyers' addresses.
    pub contacts: Option<Leveled>,
    /// The level of the record as a whole; fields without their own level share it.
    pub level: Level,
}

impl NewPerson {
    /// Checks what no single field can: at least one name, a plausible birth year.
    pub fn validate(&self, this_year: i32) -> Result<(), DomainError> {
        if self.names.is_empty() {
            return Err(DomainError::Invalid {
                field: "name",
                reason: "a person needs at least one name".into(),
            });
        }
        if let Some(y) = self.birth_year
            && !(1900..=this_year).contains(&y)
        {
            return Err(DomainError::Invalid {
                field: "birth year",
                reason: format!("{y} is not between 1900 and {this_year}"),
            });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub data: NewPerson,
}

impl Person {
    pub fn primary_name(&self) -> &str {
        self.data
            .names
            .first()
            .map(|n| n.text.as_str())
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_empty_ones_refused() {
        assert_eq!(
            NameText::parse("  Leyla   Məmmədova ").unwrap().as_str(),
            "Leyla Məmmədova"
        );
        let err = NameText::parse("   ").unwrap_err();
        assert_eq!(err.to_string(), "invalid name: a name cannot be empty");
        assert!(NameText::parse("12345").is_err());
    }

    #[test]
    fn labelled_names_carry_kind_and_language() {
        let n = PersonName::parse_labelled("Лейла Мамедова [transliteration:ru]", NameKind::Legal)
            .unwrap();
        assert_eq!(
            (n.text.as_str(), n.kind, n.lang.as_deref(), n.script),
            (
                "Лейла Мамедова",
                NameKind::Transliteration,
                Some("ru"),
                Script::Cyrillic
            )
        );
        let plain = PersonName::parse_labelled("Leyla Mammadova", NameKind::Alias).unwrap();
        assert_eq!((plain.kind, plain.lang), (NameKind::Alias, None));
        assert!(
            PersonName::parse_labelled("Leyla [nickname]", NameKind::Legal)
                .unwrap_err()
                .to_string()
                .contains("unknown name kind")
        );
        assert!(PersonName::parse_labelled("Leyla [alias:r u]", NameKind::Legal).is_err());
    }

    #[test]
    fn scripts_are_detected_from_letters() {
        assert_eq!(Script::detect("Leyla Məmmədova"), Script::Latin);
        assert_eq!(Script::detect("Лейла Мамедова"), Script::Cyrillic);
        assert_eq!(Script::detect("1234"), Script::Other);
    }

    #[test]
    fn vocabularies_accept_spaced_forms_and_name_the_allowed_values() {
        assert_eq!(
            "human rights defender".parse::<Category>().unwrap(),
            Category::HumanRightsDefender
        );
        let err = "poet".parse::<Category>().unwrap_err().to_string();
        assert!(err.starts_with("unknown category 'poet'"), "{err}");
        assert!(err.contains("journalist"), "{err}");
        assert_eq!("az".parse::<Country>().unwrap().as_str(), "AZ");
        assert!("AZE".parse::<Country>().is_err());
    }
}
