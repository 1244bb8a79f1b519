//! The statistics page (issue 6): people held over time by derived status, arrests per
//! month by category, and the current list by category and by charge article. Every
//! number comes from the public list, so a month's bar is the count the list shows for
//! that month's last day. Charts are inline SVG drawn here (no JavaScript); the numbers
//! behind each are one click away as CSV.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::list::PublicList;
use crate::domain::{Date, Status, days_in_month};

/// How many months the time charts cover, ending with the current one.
pub const MONTHS: usize = 24;
/// How many charge articles the charge chart shows (the most frequent).
pub const TOP_CHARGES: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub as_of: Date,
    /// Month ("YYYY-MM"), the day counted (its last day, or today), held by status.
    pub held: Vec<(String, Date, BTreeMap<Status, usize>)>,
    /// (month, category) → arrests.
    pub arrests: BTreeMap<(String, String), usize>,
    pub by_category: BTreeMap<String, usize>,
    pub by_charge: Vec<(String, usize)>,
}

/// The last day of each of the `count` months ending with `today`'s (today for it).
pub fn month_ends(today: Date, count: usize) -> Vec<(String, Date)> {
    let (mut year, mut month) = (today.year(), today.month());
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let end = if i == 0 {
            Some(today)
        } else {
            Date::new(year, month, days_in_month(year, month)).ok()
        };
        if let Some(end) = end {
            out.push((format!("{year:04}-{month:02}"), end));
        }
        if month == 1 {
            year -= 1;
            month = 12;
        } else {
            month -= 1;
        }
    }
    out.reverse();
    out
}

impl Stats {
    pub fn build(list: &PublicList, today: Date) -> Stats {
        let months = month_ends(today, MONTHS);
        let held = months
            .iter()
            .map(|(m, end)| (m.clone(), *end, list.held_on(*end)))
            .collect();
        let from = months
            .first()
            .and_then(|(m, _)| Date::parse(&format!("{m}-01")).ok())
            .unwrap_or(today);
        let arrests = list.arrests_by_month(from, today);
        let (by_category, charges) = list.held_by_category_and_charge(today);
        let mut by_charge: Vec<(String, usize)> = charges.into_iter().collect();
        by_charge.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        by_charge.truncate(TOP_CHARGES);
        Stats {
            as_of: today,
            held,
            arrests,
            by_category,
            by_charge,
        }
    }

    /// `month,day,status,people` for every held status of every month.
    pub fn held_csv(&self) -> String {
        let mut out = String::from("month,day,status,people\n");
        for (month, day, counts) in &self.held {
            for s in Status::ALL.iter().filter(|s| s.is_held()) {
                let n = counts.get(s).copied().unwrap_or(0);
                let _ = writeln!(out, "{month},{day},{},{n}", s.as_str());
            }
        }
        out
    }

    /// `month,category,arrests`.
    pub fn arrests_csv(&self) -> String {
        let mut out = String::from("month,category,arrests\n");
        for ((month, category), n) in &self.arrests {
            let _ = writeln!(out, "{month},{},{n}", csv_field(category));
        }
        out
    }

    /// `category,people` held today.
    pub fn categories_csv(&self) -> String {
        let mut out = String::from("category,people\n");
        for (c, n) in &self.by_category {
            let _ = writeln!(out, "{},{n}", csv_field(c));
        }
        out
    }

    /// `article,people` held today, the most frequent first.
    pub fn charges_csv(&self) -> String {
        let mut out = String::from("article,people\n");
        for (a, n) in &self.by_charge {
            let _ = writeln!(out, "{},{n}", csv_field(a));
        }
        out
    }

    /// The four charts as inline SVG, in page order.
    /// Each chart's name (its CSV's and its title's key, `stats-chart-NAME` in the
    /// translations) and its SVG.
    pub fn charts(&self) -> Vec<(&'static str, String)> {
        let held: Vec<(String, Vec<(String, usize)>)> = self
            .held
            .iter()
            .map(|(m, _, counts)| {
                let parts = Status::ALL
                    .iter()
                    .filter(|s| s.is_held())
                    .map(|s| (s.as_str().to_string(), counts.get(s).copied().unwrap_or(0)))
                    .collect();
                (m.clone(), parts)
            })
            .collect();
        let mut by_month: BTreeMap<&str, Vec<(String, usize)>> = BTreeMap::new();
        for (m, _, _) in &self.held {
            by_month.entry(m.as_str()).or_default();
        }
        for ((m, c), n) in &self.arrests {
            by_month
                .entry(m.as_str())
                .or_default()
                .push((c.clone(), *n));
        }
        let arrests: Vec<(String, Vec<(String, usize)>)> = by_month
            .into_iter()
            .map(|(m, parts)| (m.to_string(), parts))
            .collect();
        let categories: Vec<(String, usize)> = self
            .by_category
            .iter()
            .map(|(c, n)| (c.replace('_', " "), *n))
            .collect();
        vec![
            ("held", columns(&held)),
            ("arrests", columns(&arrests)),
            ("categories", rows(&categories)),
            ("charges", rows(&self.by_charge)),
        ]
    }
}

/// A cell of the statistics CSVs: quoted when it must be, never a formula.
fn csv_field(value: &str) -> String {
    let value = crate::spreadsheet::neutralise(value);
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Colours for the parts of a stacked column, by position (readable in print as
/// shades too).
const PALETTE: [&str; 12] = [
    "#1b4965", "#5fa8d3", "#bf4342", "#e9c46a", "#2a9d8f", "#8d99ae", "#6d597a", "#f4a261",
    "#3a5a40", "#c9184a", "#7f5539", "#48cae4",
];

/// Stacked columns, one per label, with a legend; scales to its container.
fn columns(data: &[(String, Vec<(String, usize)>)]) -> String {
    let (w, h, left, bottom) = (720.0_f64, 300.0_f64, 40.0_f64, 40.0_f64);
    let max = data
        .iter()
        .map(|(_, parts)| parts.iter().map(|(_, n)| n).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut keys: Vec<&str> = Vec::new();
    for (_, parts) in data {
        for (k, _) in parts {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
    }
    let step = (w - left) / data.len().max(1) as f64;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {w} {}\" role=\"img\" class=\"chart\" preserveAspectRatio=\"xMinYMin meet\">",
        h + 30.0 + 18.0 * keys.len().div_ceil(4) as f64
    );
    let _ = write!(
        svg,
        "<text x=\"0\" y=\"12\" class=\"axis\">{}</text><line x1=\"{left}\" y1=\"{}\" x2=\"{w}\" y2=\"{}\" class=\"axis\"/>",
        max as usize,
        h - bottom,
        h - bottom
    );
    for (i, (label, parts)) in data.iter().enumerate() {
        let x = left + i as f64 * step;
        let mut y = h - bottom;
        for (k, n) in parts {
            if *n == 0 {
                continue;
            }
            let bar = (*n as f64 / max) * (h - bottom - 20.0);
            y -= bar;
            let colour = PALETTE[keys.iter().position(|c| c == k).unwrap_or(0) % PALETTE.len()];
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bar:.1}\" fill=\"{colour}\"><title>{} {}: {n}</title></rect>",
                x + 1.0,
                (step - 2.0).max(1.0),
                escape(label),
                escape(&k.replace('_', " "))
            );
        }
        if i % 3 == 0 {
            let _ = write!(
                svg,
                "<text x=\"{x:.1}\" y=\"{}\" class=\"axis\">{}</text>",
                h - bottom + 14.0,
                escape(label)
            );
        }
    }
    for (i, k) in keys.iter().enumerate() {
        let (x, y) = ((i % 4) as f64 * 180.0, h + 4.0 + (i / 4) as f64 * 18.0);
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>",
            PALETTE[i % PALETTE.len()],
            x + 16.0,
            y + 11.0,
            escape(&k.replace('_', " "))
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars with their numbers, one per label.
fn rows(data: &[(String, usize)]) -> String {
    let (w, row, label_w) = (720.0_f64, 22.0_f64, 220.0_f64);
    let max = data.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {w} {}\" role=\"img\" class=\"chart\" preserveAspectRatio=\"xMinYMin meet\">",
        (data.len().max(1) as f64) * row + 4.0
    );
    for (i, (label, n)) in data.iter().enumerate() {
        let y = i as f64 * row;
        let bar = (*n as f64 / max) * (w - label_w - 60.0);
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.1}\" class=\"legend\">{}</text><rect x=\"{label_w}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"legend\">{n}</text>",
            y + 15.0,
            escape(label),
            y + 3.0,
            row - 6.0,
            PALETTE[0],
            label_w + bar + 6.0,
            y + 15.0
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_cells_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("206.3.2"), "206.3.2");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("@x,\"y\""), "\"'@x,\"\"y\"\"\"");
    }

    #[test]
    fn month_ends_run_back_from_today() {
        let shown = Date::new(2026, 3, 15).map(|today| {
            month_ends(today, 4)
                .iter()
                .map(|(m, d)| format!("{m} {d}"))
                .collect::<Vec<_>>()
        });
        let want = [
            "2025-12 2025-12-31",
            "2026-01 2026-01-31",
            "2026-02 2026-02-28",
            "2026-03 2026-03-15",
        ];
        assert_eq!(shown, Ok(want.map(String::from).to_vec()));
    }

    #[test]
    fn charts_escape_their_labels() {
        let svg = rows(&[("<b>".to_string(), 3)]);
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
    }
}
