//! `habeas person add|show|list|publish`.

use super::{CliError, Context, parse_all};
use crate::domain::{
    Level, Leveled, NameKind, NewPerson, PersonId, PersonName, current_status, expected_release,
};
use crate::store::Keys;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record a person; prints the new id.
    #[command(
        after_help = "Example:\n  habeas person add --name 'Leyla Məmmədova' --name 'Лейла Мамедова' --birth-year 1985 \\\n    --country AZ --category journalist --bio 'Investigative reporter.' --contact 'sister: +994 ...'"
    )]
    Add(AddArgs),
    /// Show everything staff may read about a person.
    #[command(after_help = "Example:\n  habeas person show 42")]
    Show { id: i64 },
    /// List people.
    #[command(after_help = "Example:\n  habeas person list")]
    List,
    /// Put a person on the public list (an audited act); with --with-records, also
    /// their cases, events and the sources those cite. Notes and contacts keep their
    /// own level.
    #[command(
        after_help = "Examples:\n  habeas person publish 42\n  habeas person publish 42 --with-records"
    )]
    Publish {
        id: i64,
        #[arg(long)]
        with_records: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The legal name first, then other spellings (repeat the flag). Label a spelling
    /// with its kind and language: 'Лейла Мамедова [transliteration:ru]', 'Leyla [alias]'.
    #[arg(long = "name", required = true)]
    names: Vec<String>,
    #[arg(long)]
    birth_year: Option<i32>,
    /// female, male, other or unknown.
    #[arg(long)]
    gender: Option<String>,
    /// ISO 3166-1 alpha-2 code, like AZ.
    #[arg(long)]
    country: Option<String>,
    /// journalist, human_rights_defender, lawyer, activist, opposition_member,
    /// religious_believer, blogger, academic, trade_unionist or other (repeat the flag).
    #[arg(long = "category")]
    categories: Vec<String>,
    #[arg(long = "affiliation")]
    affiliations: Vec<String>,
    /// Public biography.
    #[arg(long)]
    bio: Option<String>,
    #[arg(long, default_value = "public")]
    bio_level: Level,
    /// Internal note.
    #[arg(long)]
    note: Option<String>,
    #[arg(long, default_value = "internal")]
    note_level: Level,
    /// Contacts (family, lawyer): restricted and encrypted at rest.
    #[arg(long)]
    contact: Option<String>,
    #[arg(long, default_value = "restricted")]
    contact_level: Level,
    /// The level of the whole record.
    #[arg(long, default_value = "public")]
    level: Level,
}

fn new_person(args: AddArgs) -> Result<NewPerson, CliError> {
    let mut names = Vec::new();
    for (i, n) in args.names.iter().enumerate() {
        let kind = if i == 0 {
            NameKind::Legal
        } else {
            NameKind::Transliteration
        };
        names.push(PersonName {
            level: args.level,
            ..PersonName::parse_labelled(n, kind)?
        });
    }
    let text = |v: Option<String>, l: Level| v.map(|v| Leveled::new(v, l));
    Ok(NewPerson {
        names,
        birth_year: args.birth_year,
        gender: args.gender.as_deref().map(str::parse).transpose()?,
        country: args.country.as_deref().map(str::parse).transpose()?,
        categories: parse_all(&args.categories)?,
        affiliations: args.affiliations,
        bio: text(args.bio, args.bio_level),
        notes: text(args.note, args.note_level),
        contacts: text(args.contact, args.contact_level),
        level: args.level,
    })
}

pub async fn run(ctx: &Context, command: Command) -> Result<(), CliError> {
    match command {
        Command::Add(args) => {
            let person = new_person(args)?;
            let id = ctx.store.add_person(&ctx.stamp, &person).await?;
            println!("{id}");
        }
        Command::Show { id } => show(ctx, PersonId(id)).await?,
        Command::Publish { id, with_records } => {
            let what = crate::store::Publish::Person {
                id: PersonId(id),
                with_records,
            };
            super::publish::run(ctx, what).await?;
        }
        Command::List => {
            let reg = ctx.store.registry_without_sources().await?;
            println!(
                "{:>7}  {:<32}  {:<7}  {:<6}  categories",
                "id", "name", "country", "cases"
            );
            for p in &reg.people {
                let cats: Vec<&str> = p.data.categories.iter().map(|c| c.as_str()).collect();
                println!(
                    "{:>7}  {:<32}  {:<7}  {:<6}  {}",
                    p.id.0,
                    p.primary_name(),
                    p.data.country.map(|c| c.to_string()).unwrap_or_default(),
                    reg.cases_of(p.id).count(),
                    cats.join(" ")
                );
            }
        }
    }
    Ok(())
}

fn field(label: &str, f: &Option<Leveled>, keys: &Keys) {
    if let Some(f) = f {
        match (&f.value, keys.ring()) {
            (Some(v), _) => println!("{label} [{}]: {v}", f.level),
            (None, Err(e)) => println!("{label} [{}]: locked: {e}", f.level),
            (None, Ok(_)) => println!("{label} [{}]: locked", f.level),
        }
    }
}

async fn show(ctx: &Context, id: PersonId) -> Result<(), CliError> {
    let reg = ctx.store.registry_of(id).await?;
    let person = reg
        .people
        .first()
        .ok_or(crate::store::StoreError::NotFound {
            entity: "person",
            id: id.0,
        })?;
    let d = &person.data;
    println!("person {} [{}]", person.id, d.level);
    for n in &d.names {
        println!(
            "  name: {} ({}, {}, {}{})",
            n.text,
            n.kind,
            n.script,
            n.lang.as_deref().unwrap_or("-"),
            if n.level == Level::Public {
                String::new()
            } else {
                format!(", {}", n.level)
            }
        );
    }
    if let Some(y) = d.birth_year {
        println!("born: {y}");
    }
    if let Some(g) = d.gender {
        println!("gender: {g}");
    }
    if let Some(c) = d.country {
        println!("country: {c}");
    }
    if !d.categories.is_empty() {
        println!(
            "categories: {}",
            d.categories
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !d.affiliations.is_empty() {
        println!("affiliations: {}", d.affiliations.join("; "));
    }
    let keys = ctx.store.keys();
    field("bio", &d.bio, keys);
    field("notes", &d.notes, keys);
    field("contacts", &d.contacts, keys);
    for case in reg.cases_of(person.id) {
        let events = reg.events_of(case.id);
        let status = current_status(&events)
            .map(|s| s.to_string())
            .unwrap_or_else(|| "-".into());
        println!("case {} [{}]: {status}", case.id, case.level);
        if !case.charges.is_empty() {
            let charges: Vec<String> = case
                .charges
                .iter()
                .map(|c| match &c.text {
                    Some(t) => format!("{} ({t})", c.article),
                    None => c.article.clone(),
                })
                .collect();
            println!("  charges: {}", charges.join("; "));
        }
        if let Some(f) = &case.facility {
            println!("  facility: {f}");
        }
        if let Some(r) = expected_release(&events) {
            println!("  expected release: {r}");
        }
        if let Some(a) = &case.assessment {
            let criteria: Vec<&str> = a.criteria.iter().map(|c| c.as_str()).collect();
            println!(
                "  PACE 1900 [{}]: criteria {} by {} on {}: {}",
                a.level,
                criteria.join(","),
                a.assessor,
                a.date,
                a.reasoning
            );
        }
        let mut events = events;
        events.sort_by_key(|e| (e.data.date.earliest(), e.data.kind, e.id));
        for e in events {
            let mut extra = Vec::new();
            if let Some(m) = e.data.sentence_months {
                extra.push(format!("{m} months"));
            }
            if let Some(r) = e.data.release_reason {
                extra.push(r.to_string());
            }
            if let Some(f) = &e.data.facility {
                extra.push(f.clone());
            }
            for s in e.data.sources.iter().filter_map(|s| reg.source(*s)) {
                if let Some(u) = &s.data.url {
                    extra.push(u.clone());
                }
            }
            println!(
                "  event {}: {} {} {}",
                e.id,
                e.data.date,
                e.data.kind,
                extra.join("; ")
            );
        }
    }
    Ok(())
}
