//! Query parameters of the list page and the list API, parsed at the edge: each bad
//! value is a 400 that names its parameter. Empty values (as a form sends them) mean
//! "not given"; unknown parameters are ignored.

use crate::domain::{Category, Country, Date, Status};
use crate::public::{ListQuery, Sort};
use crate::web::error::Problem;

/// A record id from a path: a positive integer, else nothing (which is "not found").
pub fn positive_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|n| *n > 0)
}

/// List pages show this many people; the API lets callers ask for up to `MAX_PER_PAGE`.
pub const PER_PAGE: usize = 50;
pub const MAX_PER_PAGE: usize = 200;
const MAX_QUERY_CHARS: usize = 200;
const MAX_PAGE: usize = 100_000;

/// What the visitor asked for, as typed (for refilling the form and building links).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Form {
    pub q: String,
    pub status: String,
    pub country: String,
    pub category: String,
    pub as_of: String,
    pub sort: String,
    /// The language chosen with the switcher (`?lang=`), kept in links.
    pub lang: String,
}

fn number(name: &'static str, v: &str, max: usize) -> Result<usize, Problem> {
    match v.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(Problem::bad(
            name,
            format!("'{v}' is not a whole number from 1 to {max}"),
        )),
    }
}

pub fn parse(pairs: &[(String, String)], api: bool) -> Result<(ListQuery, Form), Problem> {
    let mut query = ListQuery {
        page: 1,
        per_page: PER_PAGE,
        ..ListQuery::default()
    };
    let mut form = Form {
        sort: "name".into(),
        ..Form::default()
    };
    for (key, value) in pairs {
        let v = value.trim();
        if v.is_empty() {
            continue;
        }
        match key.as_str() {
            "q" => {
                if v.chars().count() > MAX_QUERY_CHARS {
                    return Err(Problem::bad(
                        "q",
                        format!("a search is at most {MAX_QUERY_CHARS} characters"),
                    ));
                }
                query.q = Some(v.to_string());
                form.q = v.to_string();
            }
            "status" => {
                let s: Status = v.parse().map_err(|e: crate::domain::DomainError| {
                    Problem::bad("status", e.to_string())
                })?;
                query.status = Some(s);
                form.status = s.as_str().to_string();
            }
            "country" => {
                let c: Country = v.parse().map_err(|e: crate::domain::DomainError| {
                    Problem::bad("country", e.to_string())
                })?;
                query.country = Some(c);
                form.country = c.to_string();
            }
            "category" => {
                let c: Category = v.parse().map_err(|e: crate::domain::DomainError| {
                    Problem::bad("category", e.to_string())
                })?;
                query.category = Some(c);
                form.category = c.as_str().to_string();
            }
            "as_of" => {
                let d = Date::parse(v).map_err(|e| Problem::bad("as_of", e.to_string()))?;
                query.as_of = Some(d);
                form.as_of = d.to_string();
            }
            "sort" => {
                query.sort = Sort::parse(v).ok_or_else(|| {
                    Problem::bad("sort", format!("'{v}' is not one of name, arrested"))
                })?;
                form.sort = v.to_string();
            }
            "lang" => form.lang = super::i18n::chosen(Some(v)).unwrap_or_default().to_string(),
            "page" => query.page = number("page", v, MAX_PAGE)?,
            "per_page" if api => query.per_page = number("per_page", v, MAX_PER_PAGE)?,
            _ => {}
        }
    }
    Ok((query, form))
}

/// The address of the list with the same filters on another page.
pub fn page_url(form: &Form, page: usize) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (k, v) in [
        ("q", &form.q),
        ("status", &form.status),
        ("country", &form.country),
        ("category", &form.category),
        ("as_of", &form.as_of),
    ] {
        if !v.is_empty() {
            pairs.push((k, v.clone()));
        }
    }
    if form.sort != "name" && !form.sort.is_empty() {
        pairs.push(("sort", form.sort.clone()));
    }
    if page > 1 {
        pairs.push(("page", page.to_string()));
    }
    if !form.lang.is_empty() {
        pairs.push(("lang", form.lang.clone()));
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if query.is_empty() {
        "/".to_string()
    } else {
        format!("/?{}", query.join("&"))
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass).
fn encode(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn bad_values_name_their_parameter() {
        for (k, v) in [
            ("country", "Azerbaijan"),
            ("status", "jailed"),
            ("as_of", "2026-02-30"),
            ("page", "0"),
            ("page", "x"),
            ("sort", "age"),
            ("category", "poet"),
        ] {
            match parse(&pairs(&[(k, v)]), false) {
                Err(Problem::BadParameter { name, .. }) => assert_eq!(name, k),
                other => panic!("{k}={v}: {other:?}"),
            }
        }
        assert!(parse(&pairs(&[("per_page", "500")]), true).is_err());
        assert!(
            parse(&pairs(&[("per_page", "500")]), false).is_ok(),
            "pages ignore per_page"
        );
    }

    #[test]
    fn empty_values_are_not_given_and_links_keep_filters() {
        let (q, form) = parse(
            &pairs(&[
                ("q", ""),
                ("country", "az"),
                ("q", "Məm & co"),
                ("sort", "arrested"),
            ]),
            false,
        )
        .unwrap();
        assert_eq!(q.country.map(|c| c.to_string()), Some("AZ".into()));
        assert_eq!(q.q.as_deref(), Some("Məm & co"));
        assert_eq!(
            page_url(&form, 2),
            "/?q=M%C9%99m%20%26%20co&country=AZ&sort=arrested&page=2"
        );
        assert_eq!(
            page_url(
                &Form {
                    sort: "name".into(),
                    ..Form::default()
                },
                1
            ),
            "/"
        );
    }
}
