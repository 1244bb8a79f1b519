//! `/staff/people/new` and `/staff/people/{id}/edit`: the person form. A new person may
//! come with their arrest (a case), so one form records someone from an article. Every
//! field shows its confidentiality; a refused form comes back as typed, each error
//! next to its field.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::form::{Errors, Fields};
use super::{failure, gate, page, posted_form, problem, stamp_of};
use crate::domain::{
    Action, Category, Charge, Gender, Level, NameKind, NewCase, NewPerson, PartialDate, PersonId,
    PersonName,
};
use crate::store::{Dossier, DossierCase, Session, StoreError};
use crate::web::Shared;
use crate::web::error::Problem;
use crate::web::params::positive_id;

/// Domain field names and the person form fields they belong to.
pub(crate) const FIELDS: &[(&str, &str)] = &[
    ("name", "names"),
    ("name language", "names"),
    ("birth year", "birth_year"),
    ("country", "country"),
    ("date", "arrested"),
    ("charge", "charges"),
];

/// A name as one line of the names box: plain for the usual kind (legal first,
/// transliterations after), labelled otherwise.
/// A name's own level, when it differs from the record's, follows a `|`.
fn name_line(n: &PersonName, first: bool, record: Level) -> String {
    let usual = if first {
        NameKind::Legal
    } else {
        NameKind::Transliteration
    };
    let line = match (&n.lang, n.kind == usual) {
        (None, true) => n.text.to_string(),
        (None, false) => format!("{} [{}]", n.text, n.kind),
        (Some(l), _) => format!("{} [{}:{l}]", n.text, n.kind),
    };
    if n.level == record {
        line
    } else {
        format!("{line} | {}", n.level)
    }
}

/// Splits `Name [kind:lang] | level` into the labelled name and its level, if given.
fn split_level(line: &str) -> (&str, Option<&str>) {
    match line.rsplit_once('|') {
        Some((name, level)) => (name.trim(), Some(level.trim())),
        None => (line, None),
    }
}

/// The form's fields filled from a stored person.
fn values_of(p: &NewPerson) -> Value {
    let names: Vec<String> = p
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| name_line(n, i == 0, p.level))
        .collect();
    let text = |f: &Option<crate::domain::Leveled>| {
        f.as_ref().and_then(|f| f.value.clone()).unwrap_or_default()
    };
    let level = |f: &Option<crate::domain::Leveled>, d: Level| f.as_ref().map_or(d, |f| f.level);
    json!({
        "names": names.join("\n"),
        "birth_year": p.birth_year.map(|y| y.to_string()).unwrap_or_default(),
        "gender": p.gender.map(|g| g.as_str()).unwrap_or_default(),
        "country": p.country.map(|c| c.to_string()).unwrap_or_default(),
        "category": p.categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "affiliations": p.affiliations.join("\n"),
        "bio": text(&p.bio),
        "bio_level": level(&p.bio, Level::Public).as_str(),
        "notes": text(&p.notes),
        "notes_level": level(&p.notes, Level::Internal).as_str(),
        "contacts": text(&p.contacts),
        "contacts_level": level(&p.contacts, Level::Restricted).as_str(),
        "contacts_locked": p.contacts.as_ref().is_some_and(|c| c.value.is_none()),
        "level": p.level.as_str(),
    })
}

/// The spellings given, each with the level given for it (if any). From the form: a
/// line each, `Name [kind:lang] | level`. From the API: its fields, literally (a name
/// sent as "Leyla | internal" is that text).
fn name_entries(f: &Fields, errors: &mut Errors) -> Vec<(Option<PersonName>, Option<Level>)> {
    let mut out = Vec::new();
    if f.literal() {
        let texts = f.each("name_text");
        let (kinds, langs, levels) = (
            f.each("name_kind"),
            f.each("name_lang"),
            f.each("name_level"),
        );
        for (i, text) in texts.into_iter().enumerate() {
            let usual = if i == 0 {
                NameKind::Legal
            } else {
                NameKind::Transliteration
            };
            let kind = match kinds.get(i).copied().unwrap_or("") {
                "" => Some(usual),
                k => errors.check("names", k.parse::<NameKind>()),
            };
            let level = match levels.get(i).copied().unwrap_or("") {
                "" => None,
                l => errors.check("names", l.parse::<Level>().map_err(|e| e.to_string())),
            };
            let lang =
                Some(langs.get(i).copied().unwrap_or("").to_string()).filter(|l| !l.is_empty());
            let name = kind.and_then(|kind| {
                errors
                    .check("names", crate::domain::NameText::parse(text))
                    .map(|t| PersonName {
                        lang: lang.clone(),
                        ..PersonName::new(t, kind)
                    })
            });
            out.push((name, level));
        }
        return out;
    }
    for (i, line) in f.lines("names").into_iter().enumerate() {
        let kind = if i == 0 {
            NameKind::Legal
        } else {
            NameKind::Transliteration
        };
        let (labelled, own_level) = split_level(line);
        let own_level = own_level.and_then(|l| {
            errors.check(
                "names",
                l.parse::<Level>()
                    .map_err(|e| format!("{e} (after '|' on the line of {labelled})")),
            )
        });
        out.push((
            errors.check("names", PersonName::parse_labelled(labelled, kind)),
            own_level,
        ));
    }
    out
}

/// Reads the person part of the form. Names already on record keep their own level.
pub(crate) fn person_of(f: &Fields, errors: &mut Errors, before: Option<&NewPerson>) -> NewPerson {
    let level = f.level("level", Level::Public, errors);
    let mut names = Vec::new();
    for (n, own_level) in name_entries(f, errors) {
        let Some(n) = n else { continue };
        // A spelling takes the level given for it, else the one it had, else the
        // record's, and is never more public than the record.
        let kept = own_level
            .or_else(|| {
                before
                    .and_then(|b| b.names.iter().find(|o| o.text == n.text))
                    .map(|o| o.level)
            })
            .unwrap_or(level)
            .max(level);
        names.push(PersonName { level: kept, ..n });
    }
    if names.is_empty() {
        errors.add(
            "names",
            "A person needs a name: type the legal name on the first line.",
        );
    }
    let birth_year = f.opt("birth_year").and_then(|y| {
        errors.check(
            "birth_year",
            y.parse::<i32>()
                .map_err(|_| format!("'{y}' is not a year: type four digits, like 1985")),
        )
    });
    let gender = f
        .opt("gender")
        .and_then(|g| errors.check("gender", g.parse::<Gender>()));
    let country = f
        .opt("country")
        .and_then(|c| errors.check("country", c.parse()));
    let categories = f
        .all("category")
        .into_iter()
        .filter_map(|c| errors.check("category", c.parse::<Category>()))
        .collect();
    NewPerson {
        names,
        birth_year,
        gender,
        country,
        categories,
        affiliations: f
            .lines("affiliations")
            .into_iter()
            .map(String::from)
            .collect(),
        bio: f.leveled("bio", Level::Public, errors),
        notes: f.leveled("notes", Level::Internal, errors),
        contacts: f.leveled("contacts", Level::Restricted, errors),
        level,
    }
}

/// Reads the arrest part of a new person's form: `None` when no arrest date is given.
pub(crate) fn arrest_of(f: &Fields, errors: &mut Errors, person: &NewPerson) -> Option<NewCase> {
    let arrested = f.opt("arrested")?;
    let arrested = errors.check("arrested", PartialDate::parse(&arrested));
    let charges = f
        .lines("charges")
        .into_iter()
        .filter_map(|c| errors.check("charges", Charge::parse(c)))
        .collect();
    let country = match f.opt("case_country") {
        Some(c) => errors.check("case_country", c.parse()),
        None => person.country,
    };
    Some(NewCase {
        person: PersonId(0),
        country,
        arrested: arrested?,
        place: f.opt("place"),
        arresting_body: f.opt("arresting_body"),
        charges,
        court: f.opt("court"),
        facility: f.opt("facility"),
        assessment: None,
        level: f.level("case_level", person.level, errors),
    })
}

fn form_page(
    state: &Shared,
    session: &Session,
    status: StatusCode,
    person: Option<i64>,
    values: Value,
    errors: &Errors,
) -> Response {
    page(
        state,
        status,
        "staff_person_form.html",
        json!({
            "login": session.account.login,
            "role": session.account.role.as_str(),
            "csrf": session.csrf,
            "person_id": person,
            "form": values,
            "errors": errors.to_json(),
            "levels": Level::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            "genders": Gender::ALL.iter().map(|g| g.as_str()).collect::<Vec<_>>(),
            "categories": Category::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        }),
    )
}

pub async fn new_form(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let session = match gate(&state, &headers, Some(Action::EditRecord)).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let values = json!({
        "level": "public", "bio_level": "public", "notes_level": "internal",
        "contacts_level": "restricted", "case_level": "public",
    });
    form_page(
        &state,
        &session,
        StatusCode::OK,
        None,
        values,
        &Errors::default(),
    )
}

pub async fn create(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let (session, f) = match posted_form(&state, &headers, &body, Some(Action::EditRecord)).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut errors = Errors::default();
    let person = person_of(&f, &mut errors, None);
    let case = arrest_of(&f, &mut errors, &person);
    if errors.is_empty() {
        let dossier = Dossier {
            person,
            cases: case
                .into_iter()
                .map(|case| DossierCase {
                    case,
                    events: Vec::new(),
                })
                .collect(),
        };
        match state
            .store
            .add_dossiers(&stamp_of(&state, &session), &[dossier])
            .await
        {
            Ok(ids) => {
                if let Some(id) = ids.first() {
                    return Redirect::to(&format!("/staff/people/{id}")).into_response();
                }
            }
            Err((_, e)) => {
                if let Err(e) = errors.refused(e, FIELDS) {
                    return failure(&state, e);
                }
            }
        }
    }
    form_page(
        &state,
        &session,
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
        f.values(),
        &errors,
    )
}

/// Whether any part of a person is restricted: the record, a name or a field.
fn holds_restricted(p: &NewPerson) -> bool {
    p.level == Level::Restricted
        || p.names.iter().any(|n| n.level == Level::Restricted)
        || [&p.bio, &p.notes, &p.contacts]
            .iter()
            .any(|f| f.as_ref().is_some_and(|f| f.level == Level::Restricted))
}

/// The person to edit, if the role may read the record.
async fn editable(
    state: &Shared,
    session: &Session,
    raw: &str,
) -> Result<(PersonId, NewPerson), Response> {
    let id = positive_id(raw)
        .map(PersonId)
        .ok_or_else(|| problem(state, Problem::NotFound))?;
    match state.store.person(id).await {
        // The form would show (and saving would rewrite) restricted fields.
        Ok(p) if session.reads() < Level::Restricted && holds_restricted(&p.data) => {
            Err(problem(state, Problem::SecondFactor))
        }
        Ok(p) if p.data.level <= session.reads() => Ok((id, p.data)),
        Ok(_) | Err(StoreError::NotFound { .. }) => Err(problem(state, Problem::NotFound)),
        Err(e) => Err(failure(state, e)),
    }
}

pub async fn edit_form(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    let session = match gate(&state, &headers, Some(Action::EditRecord)).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    match editable(&state, &session, &raw).await {
        Ok((id, p)) => form_page(
            &state,
            &session,
            StatusCode::OK,
            Some(id.0),
            values_of(&p),
            &Errors::default(),
        ),
        Err(r) => r,
    }
}

pub async fn update(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let (session, f) = match posted_form(&state, &headers, &body, Some(Action::EditRecord)).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (id, before) = match editable(&state, &session, &raw).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut errors = Errors::default();
    let person = person_of(&f, &mut errors, Some(&before));
    if errors.is_empty() {
        match state
            .store
            .update_person(&stamp_of(&state, &session), id, &person)
            .await
        {
            Ok(()) => return Redirect::to(&format!("/staff/people/{id}")).into_response(),
            Err(e) => {
                if let Err(e) = errors.refused(e, FIELDS) {
                    return failure(&state, e);
                }
            }
        }
    }
    form_page(
        &state,
        &session,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(id.0),
        f.values(),
        &errors,
    )
}
