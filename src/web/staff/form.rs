//! Workspace forms: the posted fields as typed (so a refused form comes back with what
//! was typed), and the errors found, each attached to the field it is about.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::domain::{DomainError, Level, Leveled};
use crate::store::{Session, StoreError};

/// The fields of a posted form, in order; a name may repeat (checkboxes). Fields from
/// the JSON API are literal: a list arrives as one field per item, and no text is read
/// for the form's syntax (a line per item, `Name [kind:lang] | level`).
#[derive(Debug, Default)]
pub struct Fields(Vec<(String, String)>, bool);

/// Largest form body read; a person with long notes fits many times over.
pub const MAX_BODY: usize = 256 * 1024;

impl Fields {
    pub fn parse(body: &[u8]) -> Fields {
        Fields(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            false,
        )
    }

    /// Literal fields from name and value pairs (the JSON API builds them from its
    /// bodies, so both go through the same checks): each item of a list is one pair.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Fields {
        Fields(pairs, true)
    }

    /// Whether these fields came from the JSON API, value by value.
    pub fn literal(&self) -> bool {
        self.1
    }

    /// The first value of `name`, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// The first value of `name`, or `None` when absent or blank.
    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name).to_string()).filter(|v| !v.is_empty())
    }

    /// Every value of `name` (repeated fields, checkboxes).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// Every value of `name`, blanks included, so repeated groups of fields (one
    /// target's name, title, address...) stay aligned by position.
    pub fn each(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .collect()
    }

    /// The value of `name` as typed (not trimmed): letter templates keep their layout.
    pub fn raw_each(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The non-blank lines of a text area; from the API, its items as sent (a
    /// newline inside an item does not make two).
    pub fn lines(&self, name: &str) -> Vec<&str> {
        if self.1 {
            return self.all(name);
        }
        self.get(name)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// Whether the form carries this session's CSRF token.
    pub fn csrf_ok(&self, session: &Session) -> bool {
        let sent = self.get("csrf");
        !sent.is_empty() && sent == session.csrf
    }

    /// The fields as typed, for the template to fill the form again: a name seen once
    /// maps to its text, a repeated one to a list.
    pub fn values(&self) -> Value {
        let mut out = Map::new();
        for (k, v) in &self.0 {
            if k == "csrf" {
                continue;
            }
            match out.get_mut(k) {
                Some(Value::Array(list)) => list.push(Value::from(v.as_str())),
                Some(first) => {
                    let first = first.take();
                    out.insert(
                        k.clone(),
                        Value::Array(vec![first, Value::from(v.as_str())]),
                    );
                }
                None => {
                    out.insert(k.clone(), Value::from(v.as_str()));
                }
            }
        }
        Value::Object(out)
    }

    /// A level chosen in a `<select>`; `default` when absent.
    pub fn level(&self, name: &'static str, default: Level, errors: &mut Errors) -> Level {
        match self.get(name) {
            "" => default,
            v => errors
                .check(
                    name,
                    v.parse()
                        .map_err(|e: crate::domain::UnknownLevel| e.to_string()),
                )
                .unwrap_or(default),
        }
    }

    /// A text with its own level (`NAME` and `NAME_level`); `None` when blank.
    pub fn leveled(
        &self,
        name: &'static str,
        default: Level,
        errors: &mut Errors,
    ) -> Option<Leveled> {
        let level = self.level(level_field(name), default, errors);
        self.opt(name).map(|v| Leveled::new(v, level))
    }
}

fn level_field(name: &str) -> &'static str {
    match name {
        "bio" => "bio_level",
        "notes" => "notes_level",
        "contacts" => "contacts_level",
        _ => "level",
    }
}

/// Errors by field name; `""` holds those about the form as a whole.
#[derive(Debug, Default)]
pub struct Errors(BTreeMap<&'static str, String>);

impl Errors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| message.into());
    }

    /// The value, or `None` with the error recorded against `field`.
    pub fn check<T>(&mut self, field: &'static str, r: Result<T, impl ToString>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e.to_string());
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn to_json(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|(k, v)| (k.to_string(), Value::from(v.as_str())))
                .collect(),
        )
    }

    /// Files a refusal from the store under the field it names (via `fields`, which
    /// maps the domain's field names to the form's), or under the whole form. Returns
    /// `Err` for failures that are not the user's to fix.
    pub fn refused(
        &mut self,
        e: StoreError,
        fields: &[(&str, &'static str)],
    ) -> Result<(), StoreError> {
        match e {
            StoreError::Invalid(DomainError::Invalid { field, reason }) => {
                let target = fields.iter().find(|(d, _)| *d == field).map_or("", |f| f.1);
                self.add(target, reason);
            }
            StoreError::Invalid(DomainError::Timeline(t)) => {
                let target = fields
                    .iter()
                    .find(|(d, _)| *d == "date")
                    .map_or("", |f| f.1);
                self.add(
                    target,
                    format!("This does not fit the case's timeline: {t}. Check the date and the kind of event."),
                );
            }
            StoreError::Invalid(other) => self.add("", other.to_string()),
            StoreError::Crypto(c) => self.add(
                "",
                format!("Restricted fields cannot be written on this server: {c}"),
            ),
            StoreError::NotFound { entity, id } => {
                self.add("", format!("There is no {entity} with id {id} any more."))
            }
            other => return Err(other),
        }
        Ok(())
    }
}
