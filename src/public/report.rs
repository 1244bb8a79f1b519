//! "List as of date": everyone the public list shows as held on a chosen day, grouped
//! by category with counts, for briefings. Built from the public list only, so its
//! numbers are the list's (and the statistics page's) for the same day. Printed as an
//! HTML page (`templates/report.html`) or a PDF.

use serde::Serialize;

use super::{HeldRow, PublicList};
use crate::domain::Date;
use crate::print::{Block, Doc};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub category: String,
    pub count: usize,
    pub people: Vec<HeldRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub as_of: Date,
    /// People held, each counted once.
    pub total: usize,
    pub groups: Vec<Group>,
    /// The day the report was made.
    pub generated: Date,
}

impl Report {
    pub fn build(list: &PublicList, as_of: Date, today: Date) -> Report {
        let by_category = list.held_by_category(as_of);
        let mut ids: Vec<_> = by_category
            .values()
            .flat_map(|rows| rows.iter().map(|r| r.id))
            .collect();
        ids.sort();
        ids.dedup();
        let mut groups: Vec<Group> = by_category
            .into_iter()
            .map(|(category, people)| Group {
                category,
                count: people.len(),
                people,
            })
            .collect();
        // Largest groups first; "none" last.
        groups.sort_by(|a, b| {
            (
                a.category == "none",
                std::cmp::Reverse(a.count),
                &a.category,
            )
                .cmp(&(
                    b.category == "none",
                    std::cmp::Reverse(b.count),
                    &b.category,
                ))
        });
        Report {
            as_of,
            total: ids.len(),
            groups,
            generated: today,
        }
    }

    pub fn title(&self) -> String {
        format!("People held on {}", self.as_of)
    }

    /// The report as a printable document: counts first, then one section a group.
    pub fn doc(&self) -> Doc {
        let label = |c: &str| c.replace('_', " ");
        let mut first = vec![
            Block::Title(self.title()),
            Block::Small(format!(
                "{} {} held, from the public record; made on {}. A person in two \
                 categories is listed in both.",
                self.total,
                if self.total == 1 { "person" } else { "people" },
                self.generated
            )),
            Block::Space,
        ];
        for g in &self.groups {
            first.push(Block::Text(format!("{}: {}", label(&g.category), g.count)));
        }
        let mut sections = vec![first];
        for g in &self.groups {
            let mut section = vec![Block::Heading(format!(
                "{} ({})",
                label(&g.category),
                g.count
            ))];
            for p in &g.people {
                let mut line = p.name.clone();
                if let Some(c) = p.country {
                    line.push_str(&format!(" · {c}"));
                }
                line.push_str(&format!(" · {}", label(p.status.as_str())));
                if let Some(a) = p.arrested {
                    line.push_str(&format!(" · arrested {a}"));
                }
                if !p.charges.is_empty() {
                    line.push_str(&format!(" · art. {}", p.charges.join(", ")));
                }
                section.push(Block::Text(line));
            }
            sections.push(section);
        }
        Doc {
            title: self.title(),
            lang: "en".into(),
            sections,
        }
    }
}
