//! Templates, compiled into the binary and rendered with automatic HTML escaping: our
//! data comes from hostile web pages and typing, so no HTML is ever built by hand.

use std::sync::Arc;

use minijinja::value::Serde;
use minijinja::{Environment, Value};
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
        Ok(Templates(Arc::new(env)))
    }

    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, minijinja::Error> {
        self.0
            .get_template(name)?
            .render(Value::from(Serde(context)))
    }
}
