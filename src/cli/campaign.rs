//! `habeas campaign create | update | list | show | letters`: urgent actions from the
//! command line. A campaign is a TOML file (see `crate::campaign::file`); it is
//! checked whole (people public, every template known and filled) before it is saved.

use std::path::PathBuf;

use super::{CliError, Context};
use crate::campaign::{self, Campaign, CampaignFile, VARIABLES};
use crate::web::Templates;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
    Toml,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LetterFormat {
    Text,
    Html,
    Pdf,
}

fn variables_help() -> String {
    let vars: Vec<String> = VARIABLES
        .iter()
        .map(|(n, what)| format!("  {n:<18} {what}"))
        .collect();
    format!(
        "Letter templates (minijinja, the Jinja2 language) may use:\n{}\n\n\
         Example file:\n  title = \"Free Leyla Məmmədova\"\n  status = \"active\"\n  people = [12]\n  \
         summary = \"A reporter held since March.\"\n  demands = [\"Release her\"]\n  deadline = \"2026-12-31\"\n\n  \
         [[targets]]\n  name = \"K. Aliyev\"\n  title = \"Prosecutor General\"\n  address = \"7 Nizami St\\nBaku\"\n  \
         salutation = \"Dear Prosecutor General,\"\n  language = \"en\"\n\n  [templates]\n  \
         en = \"\"\"{{{{ target.salutation }}}}\n  {{{{ name }}}} has been held for {{{{ days_in_detention }}}} days.\"\"\"",
        vars.join("\n")
    )
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create a campaign from a TOML file; prints its id.
    #[command(
        after_help = "Example:\n  habeas campaign create --file urgent-action.toml",
        after_long_help = variables_help()
    )]
    Create {
        #[arg(long)]
        file: PathBuf,
    },
    /// A draft campaign from an article read by ingest: the people accepted from it,
    /// its demands and addressees, a letter in its language. Prints the id and what
    /// still stops the campaign from going live.
    #[command(
        after_help = "Example:\n  habeas campaign draft --from-source 12\n  habeas campaign show 4 --format toml > ua.toml   # add addresses, set status = \"active\"\n  habeas campaign update 4 --file ua.toml"
    )]
    Draft {
        /// The article's source id (`habeas ingest` prints it).
        #[arg(long)]
        from_source: i64,
    },
    /// Replace a campaign with the contents of a TOML file (status included).
    #[command(
        after_help = "Example:\n  habeas campaign show 3 --format toml > ua.toml && habeas campaign update 3 --file ua.toml"
    )]
    Update {
        id: i64,
        #[arg(long)]
        file: PathBuf,
    },
    /// Every campaign, newest first, with letters counted so far.
    #[command(
        after_help = "Examples:\n  habeas campaign list\n  habeas campaign list --format json"
    )]
    List {
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// One campaign, with the letters counted on each day.
    #[command(
        after_help = "Examples:\n  habeas campaign show 3\n  habeas campaign show 3 --format toml"
    )]
    Show {
        id: i64,
        #[arg(long, value_enum, default_value = "text")]
        format: ShowFormat,
    },
    /// Every target's letter, in the target's language: text, or the printable pack
    /// (HTML or PDF, one letter a page).
    #[command(
        after_help = "Examples:\n  habeas campaign letters 3\n  habeas campaign letters 3 --format pdf -o letters.pdf\n  habeas campaign letters 3 --format html -o letters.html"
    )]
    Letters {
        id: i64,
        #[arg(long, value_enum, default_value = "text")]
        format: LetterFormat,
        /// Write here instead of standard output (needed for PDF).
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
}

fn read_file(path: &PathBuf) -> Result<campaign::NewCampaign, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Message(format!("cannot read {}: {e}", path.display())))?;
    Ok(CampaignFile::parse(&text)?.to_campaign()?)
}

fn write_out(output: Option<&PathBuf>, bytes: &[u8]) -> Result<(), CliError> {
    use std::io::Write;
    match output {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|e| CliError::Message(format!("cannot write {}: {e}", path.display()))),
        None => Ok(std::io::stdout().lock().write_all(bytes)?),
    }
}

#[derive(serde::Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    campaign: &'a Campaign,
    letters_sent: i64,
}

pub async fn run(ctx: &Context, command: Command) -> Result<(), CliError> {
    let today = ctx.clock.today;
    match command {
        Command::Create { file } => {
            let checked = campaign::check(&ctx.store, read_file(&file)?, today).await?;
            let id = ctx.store.save_campaign(&ctx.stamp, None, &checked).await?;
            println!("{id}");
        }
        Command::Draft { from_source } => {
            let draft =
                campaign::draft::from_source(&ctx.store, crate::domain::SourceId(from_source))
                    .await?;
            let checked = campaign::check(&ctx.store, draft, today).await?;
            let id = ctx.store.save_campaign(&ctx.stamp, None, &checked).await?;
            println!("{id}");
            print_blockers(ctx, checked.campaign(), today).await?;
        }
        Command::Update { id, file } => {
            ctx.store.campaign(id).await?;
            let checked = campaign::check(&ctx.store, read_file(&file)?, today).await?;
            ctx.store
                .save_campaign(&ctx.stamp, Some(id), &checked)
                .await?;
            println!("{id}");
        }
        Command::List { format } => {
            let campaigns = ctx.store.campaigns().await?;
            let totals = ctx.store.letters_totals().await?;
            let listed: Vec<Listed> = campaigns
                .iter()
                .map(|c| Listed {
                    campaign: c,
                    letters_sent: totals.get(&c.id).copied().unwrap_or(0),
                })
                .collect();
            match format {
                ListFormat::Json => {
                    let text = serde_json::to_string_pretty(&listed)
                        .map_err(|e| CliError::Message(e.to_string()))?;
                    println!("{text}");
                }
                ListFormat::Table => {
                    for l in &listed {
                        let c = &l.campaign.data;
                        println!(
                            "{:>5}  {:<7}  {:<10}  {:>6} letters  {}",
                            l.campaign.id,
                            c.status.as_str(),
                            c.deadline.map(|d| d.to_string()).unwrap_or_default(),
                            l.letters_sent,
                            c.title
                        );
                    }
                }
            }
        }
        Command::Show { id, format } => {
            let c = ctx.store.campaign(id).await?;
            let days = ctx.store.letters_by_day(id).await?;
            match format {
                ShowFormat::Toml => print!("{}", CampaignFile::of(&c.data).to_toml()?),
                ShowFormat::Json => {
                    let text = serde_json::to_string_pretty(&serde_json::json!({
                        "campaign": c,
                        "letters_by_day": days,
                    }))
                    .map_err(|e| CliError::Message(e.to_string()))?;
                    println!("{text}");
                }
                ShowFormat::Text => {
                    let d = &c.data;
                    println!("{} [{}] (campaign {})", d.title, d.status, c.id);
                    if let Some(deadline) = d.deadline {
                        println!("deadline: {deadline}");
                    }
                    let people: Vec<String> = d.people.iter().map(|p| p.to_string()).collect();
                    println!("people: {}", people.join(", "));
                    println!("\n{}\n", d.summary);
                    for demand in &d.demands {
                        println!("- {demand}");
                    }
                    println!();
                    for t in &d.targets {
                        println!("to {} ({})", t.heading(), t.language);
                    }
                    if d.status == campaign::CampaignStatus::Draft {
                        print_blockers(ctx, d, today).await?;
                    }
                    let total: i64 = days.iter().map(|d| d.count).sum();
                    println!("\nletters sent: {total}");
                    for day in &days {
                        println!("  {}  {}", day.day, day.count);
                    }
                }
            }
        }
        Command::Letters { id, format, output } => {
            let c = ctx.store.campaign(id).await?;
            let letters = campaign::letters(&ctx.store, &c.data, today).await?;
            let bytes = match format {
                LetterFormat::Text => letters
                    .iter()
                    .map(|l| {
                        format!(
                            "=== to {} ({}) ===\n\n{}\n\n",
                            l.target.heading(),
                            l.language,
                            l.text
                        )
                    })
                    .collect::<String>()
                    .into_bytes(),
                LetterFormat::Html => {
                    let templates = Templates::load()
                        .map_err(|e| CliError::Message(format!("template: {e}")))?;
                    campaign::pack::html(&templates, &c.data.title, &letters, today)
                        .map_err(|e| CliError::Message(format!("template: {e}")))?
                        .into_bytes()
                }
                LetterFormat::Pdf => {
                    if output.is_none() {
                        return Err(CliError::Message(
                            "a PDF needs a file to go to: add -o FILE".into(),
                        ));
                    }
                    campaign::pack::pdf(&c.data.title, &letters, today)
                        .map_err(|e| CliError::Message(e.to_string()))?
                }
            };
            write_out(output.as_ref(), &bytes)?;
            if let Some(path) = &output {
                eprintln!("{} letters written to {}", letters.len(), path.display());
            }
        }
    }
    Ok(())
}

/// What still stops a draft from going live, or that nothing does.
async fn print_blockers(
    ctx: &Context,
    c: &campaign::NewCampaign,
    today: crate::domain::Date,
) -> Result<(), CliError> {
    let blockers = campaign::blockers(&ctx.store, c, today).await?;
    if blockers.is_empty() {
        println!("ready to go live: set status = \"active\"");
    } else {
        println!("before it can go live:");
        for b in blockers {
            println!("  - {b}");
        }
    }
    Ok(())
}
