//! `habeas list`: who was held (or had a given status) on a date, from the staff view
//! (public and internal records; restricted values are never needed), or with
//! `--level public` from the public view, as the public site counts.

use serde::Serialize;

use super::{CliError, Context};
use crate::domain::{Category, Country, Date, DomainError, PartialDate, Status};
use crate::public::{Audience, InternalPerson, PersonView, PublicPerson};
use crate::spreadsheet::neutralise;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The day the list is for (YYYY-MM-DD); today by default.
    #[arg(long)]
    as_of: Option<String>,
    /// One status; by default everyone held (not released, not deceased).
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    country: Option<String>,
    #[arg(long)]
    category: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Whose view: internal (staff, the default) or public (what the site shows).
    #[arg(long, value_enum, default_value = "internal")]
    level: ListLevel,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ListLevel {
    Public,
    Internal,
}

#[derive(Debug, Serialize)]
struct Line {
    person: i64,
    case: i64,
    name: String,
    country: Option<Country>,
    categories: String,
    status: Status,
    arrested: Option<PartialDate>,
    expected_release: Option<PartialDate>,
}

/// The CSV header: the fields of [`Line`], in order.
const LINE_COLUMNS: [&str; 8] = [
    "person",
    "case",
    "name",
    "country",
    "categories",
    "status",
    "arrested",
    "expected_release",
];

impl Line {
    /// The CSV cells, in the order of [`LINE_COLUMNS`].
    fn cells(&self) -> [String; 8] {
        let opt = |v: Option<String>| v.unwrap_or_default();
        [
            self.person.to_string(),
            self.case.to_string(),
            self.name.clone(),
            opt(self.country.map(|c| c.to_string())),
            self.categories.clone(),
            self.status.as_str().to_string(),
            opt(self.arrested.map(|d| d.to_string())),
            opt(self.expected_release.map(|d| d.to_string())),
        ]
    }
}

pub async fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let as_of = match &args.as_of {
        Some(d) => Date::parse(d).map_err(DomainError::from)?,
        None => ctx.clock.today,
    };
    let status: Option<Status> = args.status.as_deref().map(str::parse).transpose()?;
    let country: Option<Country> = args.country.as_deref().map(str::parse).transpose()?;
    let category: Option<Category> = args.category.as_deref().map(str::parse).transpose()?;
    let reg = ctx.store.registry_without_sources().await?;
    let filter = Filter {
        as_of,
        status,
        country,
        category,
    };
    let lines = match args.level {
        ListLevel::Internal => lines_of(InternalPerson::all(&reg), &filter),
        ListLevel::Public => lines_of(PublicPerson::all(&reg), &filter),
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &lines)
                .map_err(|e| CliError::Message(e.to_string()))?;
            println!();
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            let csv_error = |e: csv::Error| CliError::Message(e.to_string());
            w.write_record(LINE_COLUMNS).map_err(csv_error)?;
            for l in &lines {
                w.write_record(l.cells().iter().map(|c| neutralise(c).into_owned()))
                    .map_err(csv_error)?;
            }
            w.flush()?;
        }
        Format::Table => {
            use std::io::Write;
            writeln!(
                out,
                "{:>7}  {:>7}  {:<32}  {:<7}  {:<18}  {:<10}  expected release",
                "person", "case", "name", "country", "status", "arrested"
            )?;
            for l in &lines {
                writeln!(
                    out,
                    "{:>7}  {:>7}  {:<32}  {:<7}  {:<18}  {:<10}  {}",
                    l.person,
                    l.case,
                    l.name,
                    l.country.map(|c| c.to_string()).unwrap_or_default(),
                    l.status.as_str(),
                    l.arrested.map(|d| d.to_string()).unwrap_or_default(),
                    l.expected_release
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                )?;
            }
            match status {
                Some(s) => writeln!(out, "{} with status {s} on {as_of}", lines.len())?,
                None => writeln!(out, "{} held on {as_of}", lines.len())?,
            }
        }
    }
    Ok(())
}

struct Filter {
    as_of: Date,
    status: Option<Status>,
    country: Option<Country>,
    category: Option<Category>,
}

/// One line per case that matches, from the views of one audience.
fn lines_of<A: Audience>(views: Vec<PersonView<A>>, filter: &Filter) -> Vec<Line> {
    let mut lines = Vec::new();
    for p in views {
        if filter.category.is_some_and(|c| !p.categories.contains(&c)) {
            continue;
        }
        for c in &p.cases {
            let Some(s) = c.status_at(filter.as_of) else {
                continue;
            };
            let wanted = match filter.status {
                Some(want) => s == want,
                None => s.is_held(),
            };
            let case_country = c.country.or(p.country);
            if !wanted
                || filter
                    .country
                    .is_some_and(|want| case_country != Some(want))
            {
                continue;
            }
            lines.push(Line {
                person: p.id.0,
                case: c.id.0,
                name: p.primary_name().to_string(),
                country: case_country,
                categories: p
                    .categories
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                status: s,
                arrested: c.arrested,
                expected_release: c.expected_release.filter(|_| s == Status::Imprisoned),
            });
        }
    }
    lines
}
