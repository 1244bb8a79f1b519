//! The record as Popolo JSON (<https://www.popoloproject.com/>): `persons`, the
//! `organizations` they are affiliated with, and the `memberships` between them, from
//! the views only, with a `meta` block naming the licence and the day it was made.
//! Popolo has no notion of detention: cases and their timelines are in the CSV and
//! JSON exports; each person's `summary` says their status and since when.

use std::collections::HashMap;
use std::io::Write;

use serde_json::{Value, json};

use super::export::ExportError;
use crate::domain::{Level, NameKind};
use crate::public::{Audience, Internal, PersonView, Public};
use crate::store::Registry;

/// What every download carries besides the data.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DataMeta {
    /// The day the file was made (YYYY-MM-DD).
    pub generated: String,
    pub licence: String,
}

/// The licence the public record is published under unless the organisation says
/// otherwise.
pub const DEFAULT_LICENCE: &str = "Creative Commons Attribution 4.0 International (CC BY 4.0), \
     https://creativecommons.org/licenses/by/4.0/";

fn name_note(n: &crate::public::NameView) -> String {
    let kind = match n.kind {
        NameKind::Legal => "legal name",
        NameKind::Transliteration => "transliteration",
        NameKind::Alias => "alias",
    };
    match &n.lang {
        Some(lang) => format!("{kind} ({lang})"),
        None => kind.to_string(),
    }
}

fn person_json<A: Audience>(p: &PersonView<A>) -> Value {
    let mut person = serde_json::Map::new();
    person.insert("id".into(), format!("person/{}", p.id).into());
    person.insert("name".into(), p.primary_name().into());
    let others: Vec<Value> = p
        .names
        .iter()
        .skip(1)
        .map(|n| json!({ "name": n.text, "note": name_note(n) }))
        .collect();
    if !others.is_empty() {
        person.insert("other_names".into(), others.into());
    }
    person.insert(
        "identifiers".into(),
        json!([{ "identifier": p.id.to_string(), "scheme": "habeas" }]),
    );
    if let Some(g) = p.gender {
        person.insert("gender".into(), g.as_str().into());
    }
    if let Some(y) = p.birth_year {
        person.insert("birth_date".into(), format!("{y:04}").into());
    }
    if let Some(c) = p.country {
        person.insert("national_identity".into(), c.to_string().into());
    }
    if let Some(bio) = &p.bio {
        person.insert("biography".into(), bio.clone().into());
    }
    // The latest case's status, as the list shows it.
    let latest = p
        .cases
        .iter()
        .max_by_key(|c| c.arrested.map(|d| d.earliest()));
    let categories: Vec<&str> = p.categories.iter().map(|c| c.as_str()).collect();
    let status = latest.and_then(|c| {
        c.status.map(|s| match c.arrested {
            Some(a) => format!("{}, arrested {a}", s.as_str().replace('_', " ")),
            None => s.as_str().replace('_', " "),
        })
    });
    let summary: Vec<String> = [
        Some(categories.join(", ").replace('_', " ")).filter(|s| !s.is_empty()),
        status,
    ]
    .into_iter()
    .flatten()
    .collect();
    if !summary.is_empty() {
        person.insert("summary".into(), summary.join("; ").into());
    }
    let mut sources: Vec<Value> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for e in p.cases.iter().flat_map(|c| &c.events) {
        for s in &e.sources {
            if let Some(url) = &s.url
                && seen.insert(url.clone())
            {
                let mut link = json!({ "url": url });
                if let Some(t) = &s.title {
                    link["note"] = t.clone().into();
                }
                sources.push(link);
            }
        }
    }
    if !sources.is_empty() {
        person.insert("sources".into(), sources.into());
    }
    Value::Object(person)
}

/// Writes the Popolo document of everyone visible at `level` (public or internal).
pub fn popolo(
    registry: &Registry,
    level: Level,
    meta: &DataMeta,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    match level {
        Level::Public => write::<Public>(registry, meta, out),
        Level::Internal => write::<Internal>(registry, meta, out),
        Level::Restricted => Err(ExportError::Restricted),
    }
}

fn write<A: Audience>(
    registry: &Registry,
    meta: &DataMeta,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    write!(out, "{{\n\"meta\": ")?;
    serde_json::to_writer(
        &mut *out,
        &json!({
            "generated": meta.generated,
            "licence": meta.licence,
            "format": "Popolo JSON, https://www.popoloproject.com/",
            "about": "People jailed for their work or opinions, from the public record. \
                      Detentions are in the CSV and JSON downloads.",
        }),
    )?;
    write!(out, ",\n\"persons\": [")?;
    // Organisations by name, in the order first met; memberships as (person, org).
    let mut organisations: HashMap<String, usize> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut memberships: Vec<(crate::domain::PersonId, usize)> = Vec::new();
    let mut n = 0;
    for p in registry
        .people
        .iter()
        .filter_map(|p| PersonView::<A>::build(p, registry))
    {
        out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &person_json(&p))?;
        n += 1;
        for a in &p.affiliations {
            let next = names.len();
            let org = *organisations.entry(a.clone()).or_insert(next);
            if org == next {
                names.push(a.clone());
            }
            memberships.push((p.id, org));
        }
    }
    write!(out, "\n],\n\"organizations\": [")?;
    for (i, name) in names.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(
            &mut *out,
            &json!({ "id": format!("organization/{}", i + 1), "name": name, "classification": "affiliation" }),
        )?;
    }
    write!(out, "\n],\n\"memberships\": [")?;
    for (i, (person, org)) in memberships.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(
            &mut *out,
            &json!({
                "id": format!("membership/{}-{}", person, org + 1),
                "person_id": format!("person/{person}"),
                "organization_id": format!("organization/{}", org + 1),
                "label": "affiliation",
            }),
        )?;
    }
    writeln!(out, "\n]\n}}")?;
    Ok(n)
}
