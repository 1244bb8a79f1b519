//! Translations of the public site, in Fluent (<https://projectfluent.org/>), from
//! `i18n/{en,az,ru}.ftl` compiled into the binary. English is the source and is
//! complete; a message missing in another language falls back to English. Templates
//! call `t("key", name=value)`; the page's language is the `lang` of its context,
//! chosen by [`negotiate`] from `?lang=` (the switcher) or `Accept-Language`.

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The languages of the site: code and name in that language, English first.
pub const LANGUAGES: [(&str, &str); 3] =
    [("en", "English"), ("az", "Azərbaycanca"), ("ru", "Русский")];

const SOURCES: [(&str, &str); 3] = [
    ("en", include_str!("../../i18n/en.ftl")),
    ("az", include_str!("../../i18n/az.ftl")),
    ("ru", include_str!("../../i18n/ru.ftl")),
];

pub struct Translations {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Translations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Translations").finish_non_exhaustive()
    }
}

impl Translations {
    /// Parses every language; a syntax error in a file is a bug, named here (and
    /// found by the test that loads them).
    pub fn load() -> Result<Translations, String> {
        let mut bundles = HashMap::new();
        for (code, source) in SOURCES {
            let resource = FluentResource::try_new(source.to_string())
                .map_err(|(_, errors)| format!("i18n/{code}.ftl: {errors:?}"))?;
            let lang = code
                .parse()
                .map_err(|e| format!("language {code}: {e:?}"))?;
            let mut bundle = FluentBundle::new_concurrent(vec![lang]);
            // No Unicode isolation marks around arguments: pages are plain HTML.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| format!("i18n/{code}.ftl: {errors:?}"))?;
            bundles.insert(code, bundle);
        }
        Ok(Translations { bundles })
    }

    fn format(&self, lang: &str, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        let bundle = self.bundles.get(lang)?;
        let message = bundle.get_message(key)?;
        let pattern = message.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }

    /// The message `key` in `lang`, else in English, else the key itself (so a
    /// missing message shows, and the test that lists them finds it).
    pub fn get(&self, lang: &str, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        let args = (!args.is_empty()).then_some(&fluent);
        self.format(lang, key, args)
            .or_else(|| self.format("en", key, args))
            .unwrap_or_else(|| key.to_string())
    }

    /// Whether `lang` has its own `key` (not the English fallback).
    #[cfg(test)]
    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.bundles
            .get(lang)
            .is_some_and(|b| b.get_message(key).is_some())
    }

    /// Every message id of a language's file.
    #[cfg(test)]
    pub fn keys(lang: &str) -> Vec<String> {
        SOURCES
            .iter()
            .filter(|(code, _)| *code == lang)
            .flat_map(|(_, source)| source.lines())
            .filter(|l| {
                l.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && l.contains(" =")
            })
            .filter_map(|l| l.split(" =").next())
            .map(|k| k.trim().to_string())
            .collect()
    }
}

/// The switcher's parameter, for pages that take no other query.
#[derive(Debug, serde::Deserialize)]
pub struct LangQuery {
    #[serde(default)]
    pub lang: Option<String>,
}

/// The language of a public page: `?lang=` (already read into `explicit`) or the
/// request's `Accept-Language`.
pub fn page_lang(headers: &axum::http::HeaderMap, explicit: Option<&str>) -> &'static str {
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    negotiate(explicit, accept)
}

/// `?lang=` when it names a supported language: kept in the page's links.
pub fn chosen(explicit: Option<&str>) -> Option<&'static str> {
    explicit.and_then(supported)
}

/// Marks a translated page as varying with `Accept-Language`, for caches.
pub fn vary(mut response: axum::response::Response) -> axum::response::Response {
    response.headers_mut().append(
        axum::http::header::VARY,
        axum::http::HeaderValue::from_static("accept-language"),
    );
    response
}

/// A supported language code, if `code` (or its primary subtag) is one.
fn supported(code: &str) -> Option<&'static str> {
    let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    LANGUAGES.iter().map(|(c, _)| *c).find(|c| *c == primary)
}

/// The page's language: `?lang=` when it names a supported language, else the
/// best of `Accept-Language` by quality, else English.
pub fn negotiate(explicit: Option<&str>, accept_language: Option<&str>) -> &'static str {
    if let Some(lang) = explicit.and_then(supported) {
        return lang;
    }
    let mut best: Option<(f32, usize, &'static str)> = None;
    for (i, part) in accept_language.unwrap_or("").split(',').enumerate() {
        let mut pieces = part.split(';');
        let Some(lang) = pieces.next().and_then(supported) else {
            continue;
        };
        let q = pieces
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q > 0.0 && best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
            best = Some((q, i, lang));
        }
    }
    best.map_or("en", |(_, _, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t() -> Translations {
        match Translations::load() {
            Ok(t) => t,
            Err(e) => unreachable!("{e}"),
        }
    }

    #[test]
    fn every_language_parses_and_has_only_english_keys() {
        let en: std::collections::BTreeSet<String> = Translations::keys("en").into_iter().collect();
        assert!(en.len() > 100, "{}", en.len());
        for (lang, _) in LANGUAGES {
            for key in Translations::keys(lang) {
                assert!(en.contains(&key), "{lang} has '{key}', which English lacks");
            }
        }
    }

    /// Pages in English only so far: statistics, the report, open data, the pack.
    const ENGLISH_ONLY: [&str; 4] = ["stats-", "report-", "data-", "letters-"];

    #[test]
    fn azerbaijani_and_russian_cover_every_key_of_the_translated_pages() {
        let t = t();
        for lang in ["az", "ru"] {
            for key in Translations::keys("en") {
                if ENGLISH_ONLY.iter().any(|p| key.starts_with(p)) {
                    continue;
                }
                assert!(t.has(lang, &key), "{lang} lacks '{key}'");
            }
        }
    }

    #[test]
    fn every_message_a_template_names_is_in_english() {
        let t = t();
        let templates = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/templates"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default());
        let mut named = 0;
        for text in templates {
            // t("key" ...) with a literal key; keys built with ~ are checked by prefix.
            for part in text.split("t(\"").skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                if key.ends_with('-') {
                    let prefix = key.to_string();
                    assert!(
                        Translations::keys("en")
                            .iter()
                            .any(|k| k.starts_with(&prefix)),
                        "no message starts with '{prefix}'"
                    );
                } else {
                    assert!(t.has("en", key), "'{key}' is not in en.ftl");
                }
                named += 1;
            }
        }
        assert!(named > 100, "{named}");
    }

    #[test]
    fn every_vocabulary_value_has_its_label_in_each_language() {
        use crate::domain::{Category, EventKind, ReleaseReason, Status};
        let t = t();
        let keys: Vec<String> = Status::ALL
            .iter()
            .map(|s| format!("status-{}", s.as_str()))
            .chain(
                Category::ALL
                    .iter()
                    .map(|c| format!("category-{}", c.as_str())),
            )
            .chain(
                EventKind::ALL
                    .iter()
                    .map(|e| format!("event-{}", e.as_str())),
            )
            .chain(
                ReleaseReason::ALL
                    .iter()
                    .map(|r| format!("reason-{}", r.as_str())),
            )
            .collect();
        for (lang, _) in LANGUAGES {
            for key in &keys {
                assert!(t.has(lang, key), "{lang} lacks '{key}'");
            }
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        let t = t();
        let n = |lang, count: i64| {
            t.get(
                lang,
                "action-person",
                &[("date", "2024-03-01".into()), ("days", count.into())],
            )
        };
        assert_eq!(n("en", 1), "arrested 2024-03-01, held 1 day");
        assert_eq!(n("en", 5), "arrested 2024-03-01, held 5 days");
        assert!(n("ru", 2).ends_with("2 дня"), "{}", n("ru", 2));
        assert!(n("ru", 5).ends_with("5 дней"), "{}", n("ru", 5));
        assert!(n("ru", 21).ends_with("21 день"), "{}", n("ru", 21));
        assert!(n("az", 5).contains("5 gündür"), "{}", n("az", 5));
    }

    #[test]
    fn a_missing_message_falls_back_to_english_then_to_its_key() {
        let t = t();
        assert_eq!(t.get("en", "nav-feed", &[]), "Feed");
        assert_eq!(t.get("xx", "nav-feed", &[]), "Feed");
        assert_eq!(t.get("ru", "no-such-key", &[]), "no-such-key");
    }

    #[test]
    fn the_language_follows_the_switcher_then_accept_language() {
        assert_eq!(negotiate(Some("ru"), Some("az")), "ru");
        assert_eq!(negotiate(Some("de"), Some("az-AZ,en;q=0.5")), "az");
        assert_eq!(negotiate(None, Some("de-DE, ru;q=0.8, en;q=0.9")), "en");
        assert_eq!(negotiate(None, Some("de-DE, ru;q=0.9, en;q=0.8")), "ru");
        assert_eq!(negotiate(None, Some("ru;q=0, az")), "az");
        assert_eq!(negotiate(None, Some("*")), "en");
        assert_eq!(negotiate(None, None), "en");
    }
}
