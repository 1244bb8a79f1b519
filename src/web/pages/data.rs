//! `/data/`: open data downloads of the public record, each made from the public
//! views by the same code as `habeas export` (CSV, JSON, Popolo JSON), with the
//! licence and the day they were made on the page, in `README.txt` beside them, in a
//! `Link: rel="license"` header and (Popolo) in the file's `meta`. Files are made on
//! first request and kept in the page cache until the registry or the day changes.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use crate::domain::Level;
use crate::exchange::{DEFAULT_LICENCE, DataMeta, ExportFormat, export, popolo};
use crate::web::Shared;
use crate::web::error::{PageError, Problem, log_internal};

/// The downloads: file name, content type, what it holds.
pub const FILES: [(&str, &str, &str); 4] = [
    (
        "people.csv",
        "text/csv; charset=utf-8",
        "one row per detention (a person without one has one row); the timeline as JSON in the last column",
    ),
    (
        "people.json",
        "application/json",
        "every person with their names, cases, events and sources",
    ),
    (
        "popolo.json",
        "application/json",
        "Popolo JSON: persons, the organisations they are affiliated with, memberships",
    ),
    (
        "README.txt",
        "text/plain; charset=utf-8",
        "what the files are, the licence, the day they were made",
    ),
];

const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";

fn meta(state: &Shared) -> DataMeta {
    DataMeta {
        generated: state.today().to_string(),
        licence: DEFAULT_LICENCE.to_string(),
    }
}

pub async fn index(State(state): State<Shared>) -> Response {
    let files: Vec<_> = FILES
        .iter()
        .map(|(name, _, what)| json!({ "name": name, "what": what }))
        .collect();
    match state
        .templates
        .render("data.html", json!({ "files": files, "meta": meta(&state) }))
    {
        Ok(html) => Html(html).into_response(),
        Err(e) => PageError(
            Problem::Internal(log_internal(&format!("data template: {e}"))),
            state.templates.clone(),
        )
        .into_response(),
    }
}

fn readme(meta: &DataMeta) -> String {
    let mut text = format!(
        "Open data: people jailed for their work or opinions\n\n\
         Made on {} from the public record; nothing confidential is in these files.\n\
         Licence: {}\n\nFiles:\n",
        meta.generated, meta.licence
    );
    for (name, _, what) in FILES {
        text.push_str(&format!("  {name:<12} {what}\n"));
    }
    text
}

/// A download made from the public views (not README.txt, which `file` writes).
async fn made(state: &Shared, file: &str) -> Result<Vec<u8>, String> {
    let meta = meta(state);
    let registry = state.store.registry().await.map_err(|e| e.to_string())?;
    let file = file.to_string();
    tokio::task::spawn_blocking(move || {
        let mut out = Vec::new();
        let written = match file.as_str() {
            "people.csv" => export(&registry, Level::Public, ExportFormat::Csv, &mut out),
            "people.json" => export(&registry, Level::Public, ExportFormat::Json, &mut out),
            _ => popolo(&registry, Level::Public, &meta, &mut out),
        };
        written.map(|_| out).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

pub async fn file(State(state): State<Shared>, Path(file): Path<String>) -> Response {
    let fail = |p: Problem| PageError(p, state.templates.clone()).into_response();
    let Some((name, content_type, _)) = FILES.iter().find(|(n, _, _)| *n == file) else {
        return fail(Problem::NotFound);
    };
    let (seq, today) = (state.snapshot().public, state.today());
    let body = if *name == "README.txt" {
        Bytes::from(readme(&meta(&state)))
    } else {
        match state
            .slow_file(seq, today, format!("/data/{name}"), made(&state, name))
            .await
        {
            Ok(b) => b,
            Err(p) => return fail(p),
        }
    };
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"habeas-{stem}-{today}.{ext}\""),
            ),
            (header::LINK, format!("<{LICENCE_URL}>; rel=\"license\"")),
        ],
        body,
    )
        .into_response()
}
