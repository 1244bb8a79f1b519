//! Templates, compiled into the binary and rendered with automatic HTML escaping: our
//! data comes from hostile web pages and typing, so no HTML is ever built by hand.

use std::sync::Arc;

use fluent_bundle::FluentValue;
use minijinja::value::{Kwargs, Serde};
use minijinja::{Environment, State, Value};

use super::i18n::Translations;
use serde::Serialize;

#[derive(Clone)]
pub struct Templates(Arc<Environment<'static>>);

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("person.html", include_str!("../../templates/person.html")),
    ("error.html", include_str!("../../templates/error.html")),
    ("login.html", include_str!("../../templates/login.html")),
    ("staff.html", include_str!("../../templates/staff.html")),
    ("setup.html", include_str!("../../templates/setup.html")),
    (
        "staff_person.html",
        include_str!("../../templates/staff_person.html"),
    ),
    (
        "login_two_factor.html",
        include_str!("../../templates/login_two_factor.html"),
    ),
    (
        "staff_two_factor.html",
        include_str!("../../templates/staff_two_factor.html"),
    ),
    (
        "staff_two_factor_policy.html",
        include_str!("../../templates/staff_two_factor_policy.html"),
    ),
    (
        "staff_history.html",
        include_str!("../../templates/staff_history.html"),
    ),
    (
        "staff_audit.html",
        include_str!("../../templates/staff_audit.html"),
    ),
    ("stats.html", include_str!("../../templates/stats.html")),
    ("letters.html", include_str!("../../templates/letters.html")),
    ("report.html", include_str!("../../templates/report.html")),
    ("data.html", include_str!("../../templates/data.html")),
    ("actions.html", include_str!("../../templates/actions.html")),
    ("action.html", include_str!("../../templates/action.html")),
    (
        "staff_campaigns.html",
        include_str!("../../templates/staff_campaigns.html"),
    ),
    (
        "staff_campaign.html",
        include_str!("../../templates/staff_campaign.html"),
    ),
    (
        "staff_campaign_form.html",
        include_str!("../../templates/staff_campaign_form.html"),
    ),
    (
        "staff_proposals.html",
        include_str!("../../templates/staff_proposals.html"),
    ),
    (
        "staff_proposal.html",
        include_str!("../../templates/staff_proposal.html"),
    ),
    (
        "staff_source_form.html",
        include_str!("../../templates/staff_source_form.html"),
    ),
    (
        "staff_search.html",
        include_str!("../../templates/staff_search.html"),
    ),
    (
        "staff_macros.html",
        include_str!("../../templates/staff_macros.html"),
    ),
    (
        "staff_person_form.html",
        include_str!("../../templates/staff_person_form.html"),
    ),
    (
        "staff_case_form.html",
        include_str!("../../templates/staff_case_form.html"),
    ),
    (
        "staff_event_form.html",
        include_str!("../../templates/staff_event_form.html"),
    ),
];

impl Templates {
    /// Loads every template; an error here is a bug in a template, found by the test
    /// that renders each of them.
    pub fn load() -> Result<Templates, minijinja::Error> {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source)?;
        }
        env.add_filter("label", |s: String| s.replace('_', " "));
        let translations = Arc::new(
            Translations::load()
                .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e))?,
        );
        // `t("key", name=value)`: the message in the page's `lang` (see `i18n`).
        env.add_function(
            "t",
            move |state: &State, key: &str, kwargs: Kwargs| -> Result<String, minijinja::Error> {
                let lang = state.lookup("lang");
                let lang = lang.as_ref().and_then(Value::as_str).unwrap_or("en");
                let mut args: Vec<(&str, FluentValue<'_>)> = Vec::new();
                for name in kwargs.args() {
                    let value: Value = kwargs.get(name)?;
                    let value = match value.as_i64() {
                        Some(n) => FluentValue::from(n),
                        None => FluentValue::from(value.to_string()),
                    };
                    args.push((name, value));
                }
                kwargs.assert_all_used()?;
                Ok(translations.get(lang, key, &args))
            },
        );
        env.add_global("languages", Value::from(Serde(super::i18n::LANGUAGES)));
        Ok(Templates(Arc::new(env)))
    }

    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, minijinja::Error> {
        self.0
            .get_template(name)?
            .render(Value::from(Serde(context)))
    }
}
