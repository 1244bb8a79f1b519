//! Step 1 of ingest: bytes to the main text of a page, with its title, publisher,
//! author and publication date.
//!
//! HTML goes through dom_smoothie (a port of readability.js) for the article body.
//! Chosen by measurement (December 2026, this repo's HTML fixtures and a 400 KB page
//! made of one article repeated): rs-trafilatura kept the same body text with tables
//! better laid out, but ran at 3.6 MB/s against dom_smoothie's 27 MB/s and brings 116
//! crates against 59. The published benchmark gives rs-trafilatura the better F1
//! (0.957 against 0.866); what dom_smoothie loses there is mostly lists and tables it
//! drops or glues, and habeas renders the body HTML itself (`render`), so cells and
//! rows keep their separators. Both libraries took 16 to 21 s on a page nested 10,000
//! deep, so a page nested deeper than `MAX_DEPTH` is read without layout analysis:
//! the same renderer over the whole body, skipping navigation, headers, footers,
//! asides, forms, scripts and styles.
//!
//! Text passes through. Escaped markup inside the body (`&lt;p&gt;`, an escaped
//! `&lt;table&gt;`) is markup the publisher broke: it is turned back into markup
//! before rendering, so an escaped table comes out as rows like a real one.

use crate::domain::{Date, Precision};

use super::dates;
use super::repair::decode_entities;

/// Pages larger than this are refused rather than read.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Pages nested deeper than this skip layout analysis (see the module doc).
pub const MAX_DEPTH: usize = 400;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is binary, not a page or text (a NUL byte at offset {0})")]
    Binary(usize),
    #[error("the page is {0} bytes, over the limit of {MAX_BYTES}")]
    TooLarge(usize),
    #[error("the page declares the encoding {0:?}, which is not known")]
    UnknownEncoding(String),
    #[error("the page has no readable text")]
    NoText,
}

/// What a page says about itself, and its main text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<Date>,
    /// Paragraphs separated by blank lines; table rows one per line, cells by " | ".
    pub text: String,
    /// The layout analysis was skipped (nesting deeper than `MAX_DEPTH`) or failed.
    pub without_layout: bool,
}

/// Reads a page from its bytes. `content_type` is the HTTP header when the page was
/// fetched; `html_hint` says the file name ends in .html or .htm.
pub fn read(bytes: &[u8], content_type: Option<&str>, html_hint: bool) -> Result<Page, PageError> {
    let text = decode(bytes, content_type)?;
    let html = html_hint || looks_like_html(&text);
    let mut page = if html {
        read_html(&text)
    } else {
        read_text(&text)
    };
    if page.text.trim().is_empty() {
        return Err(PageError::NoText);
    }
    if page.published.is_none() {
        page.published = dateline(&page.text);
    }
    Ok(page)
}

/// A dateline in the first lines: a line that starts with a full date, or with a
/// place and a comma and then a date ("2 September 2026", "Baku, 17 March 2025 – ...").
/// A date inside a sentence is an event's, not the page's.
fn dateline(text: &str) -> Option<Date> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(8)
        .find_map(|line| {
            let head: String = line.chars().take(80).collect();
            let found = dates::dates_in(&head, None).into_iter().next()?;
            let before = head[..found.start].trim();
            // "MOSCOW, Friday 12 June 2026": the day of the week may stand between.
            let before = match before.rsplit_once(' ') {
                Some((rest, last)) if dates::is_weekday(last) => rest.trim(),
                _ => before,
            };
            let place = before.strip_suffix(',').is_some_and(|p| {
                let words = p.split_whitespace().count();
                (1..=3).contains(&words) && p.starts_with(char::is_uppercase)
            });
            // "Published: 12 June 2026", "… Date: 24 July 2026", "Posted on October 12",
            // "Dərc olunub: 04.05.2026": a label right before the date.
            let lower = before.to_lowercase();
            let lower = lower.trim_end_matches(':').trim();
            let lower = lower.strip_suffix(" on").unwrap_or(lower);
            // A verb label may follow other fields of a header line ("By A. B. Published
            // 12 June"); the bare noun "date" may not follow a word, which would make it
            // another date ("Expected release date: 12 June 2029").
            let label = PUBLISHED_LABELS.iter().any(|&(l, noun)| {
                lower == l
                    || lower.strip_suffix(l).is_some_and(|rest| {
                        rest.ends_with(' ')
                            && !(noun && rest.trim_end().ends_with(char::is_alphabetic))
                    })
            });
            // "Вольный Урал · Екатеринбург · 02.10.2026 · 15:10": a line of parts.
            let part = before.ends_with(['·', '|', '—']);
            let day = found.date.precision() == Precision::Day;
            (day && (before.is_empty() || place || label || part)).then(|| found.date.earliest())
        })
}

/// What a page writes before its own date, in English, Russian and Azerbaijani, and
/// whether it is a bare noun ("date"), which other words can qualify.
const PUBLISHED_LABELS: [(&str, bool); 10] = [
    ("published", false),
    ("posted", false),
    ("date", true),
    ("updated", false),
    ("опубликовано", false),
    ("дата публикации", false),
    ("дата", true),
    ("dərc olunub", false),
    ("dərc edilib", false),
    ("tarix", true),
];

/// The text of the bytes, in the encoding they declare (BOM, HTTP header, meta tag),
/// else UTF-8.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Result<String, PageError> {
    // A NUL is never text: dropped after the binary check, so no stored article holds one.
    decode_any(bytes, content_type).map(|t| {
        if t.contains('\0') {
            t.replace('\0', "")
        } else {
            t
        }
    })
}

fn decode_any(bytes: &[u8], content_type: Option<&str>) -> Result<String, PageError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(PageError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(PageError::TooLarge(bytes.len()));
    }
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return Ok(text.into_owned());
    }
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(at) = head.iter().position(|b| *b == 0) {
        return Err(PageError::Binary(at));
    }
    let declared = content_type
        .and_then(charset_param)
        .or_else(|| meta_charset(head));
    if let Some(label) = declared {
        let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| PageError::UnknownEncoding(label.clone()))?;
        let (text, _, _) = encoding.decode(bytes);
        return Ok(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        // Not UTF-8 and nothing declared: pages of this genre are then in the
        // single-byte encoding of their language (issue 13).
        Err(_) => Ok(guess_single_byte(bytes).decode(bytes).0.into_owned()),
    }
}

/// The single-byte encoding of a page that declares none and is not UTF-8. Cyrillic
/// text (windows-1251, or KOI8-R on older Russian sites) is made of runs of bytes from
/// 0xC0 up; Latin text (windows-1252, a superset of ISO 8859-1) has such bytes alone,
/// between ASCII letters. Between the two Cyrillic ones, the common Russian letters
/// decide.
fn guess_single_byte(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let high = |b: &u8| *b >= 0xC0;
    let mut runs = 0;
    let mut run = 0;
    for b in bytes {
        if high(b) {
            run += 1;
        } else {
            if run >= 3 {
                runs += 1;
            }
            run = 0;
        }
    }
    if run >= 3 {
        runs += 1;
    }
    let lone = bytes
        .windows(3)
        .filter(|w| w[1] >= 0x80 && w[0].is_ascii_alphabetic() && w[2].is_ascii_alphabetic())
        .count();
    if runs <= lone {
        return encoding_rs::WINDOWS_1252;
    }
    let common = |encoding: &'static encoding_rs::Encoding| {
        let (text, _, _) = encoding.decode(bytes);
        text.chars().filter(|c| "оеаинтсрвл".contains(*c)).count()
    };
    if common(encoding_rs::KOI8_R) > common(encoding_rs::WINDOWS_1251) {
        encoding_rs::KOI8_R
    } else {
        encoding_rs::WINDOWS_1251
    }
}

fn charset_param(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let value = lower[at + 8..]
        .split(';')
        .next()?
        .trim()
        .trim_matches(|c| c == '"' || c == '\'');
    (!value.is_empty()).then(|| value.to_string())
}

/// `<meta charset="...">` or `<meta http-equiv="Content-Type" content="...; charset=...">`
/// in the first bytes of the page.
fn meta_charset(head: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        let tag = &rest[at..];
        let end = tag.find('>').unwrap_or(tag.len());
        let tag = &tag[..end];
        if let Some(c) = tag.find("charset=") {
            let value: String = tag[c + 8..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
                .collect();
            if !value.is_empty() {
                return Some(value);
            }
        }
        rest = &rest[at + 5..];
    }
    None
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<body")
        || head.contains("<head")
}

fn read_text(text: &str) -> Page {
    let text = text.replace("\r\n", "\n");
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string);
    Page {
        title,
        text,
        ..Page::default()
    }
}

fn read_html(html: &str) -> Page {
    let mut page = Page::default();
    let readable = (nesting_depth(html) <= MAX_DEPTH)
        .then(|| {
            let config = dom_smoothie::Config {
                max_elements_to_parse: 200_000,
                ..Default::default()
            };
            dom_smoothie::Readability::new(html, None, Some(config))
                .and_then(|mut r| r.parse())
                .ok()
        })
        .flatten();
    match readable {
        Some(article) => {
            page.title = Some(article.title.trim().to_string()).filter(|t| !t.is_empty());
            page.author = article.byline.map(|b| b.trim().to_string());
            page.publisher = article.site_name.map(|s| s.trim().to_string());
            page.published = article
                .published_time
                .as_deref()
                .and_then(iso_day)
                .or_else(|| published_in_markup(html));
            page.text = render(&unescape_markup(&article.content));
        }
        None => {
            page.without_layout = true;
            page.title = title_tag(html);
            page.text = render(&unescape_markup(html));
        }
    }
    if page.publisher.is_none() {
        // "Headline | Publisher" in the title tag.
        page.publisher = title_tag(html)
            .and_then(|t| t.rsplit_once(" | ").map(|(_, p)| p.trim().to_string()))
            .filter(|p| !p.is_empty());
    }
    page.text = drop_furniture(&page.text);
    page
}

/// What sites put in every page, in short blocks the layout analysis sometimes keeps:
/// newsletter and cookie prompts, share and follow bars, "related" and "most read".
const FURNITURE: &[&str] = &[
    "newsletter",
    "cookie",
    "subscribe",
    "sign up",
    "sign in",
    "log in",
    "all rights reserved",
    "share this",
    "share on",
    "follow us",
    "related stories",
    "related articles",
    "read more",
    "most read",
    "advertisement",
];

/// Drops blocks (paragraphs) shorter than 160 characters that carry a furniture phrase.
fn drop_furniture(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for block in text.split("\n\n") {
        let lower = block.to_lowercase();
        let furniture = block.chars().count() < 160 && FURNITURE.iter().any(|f| lower.contains(f));
        if furniture || block.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(block.trim_end_matches('\n'));
    }
    out.push('\n');
    out
}

/// Escaped markup in the page's text (`&lt;/p&gt;&lt;p&gt;`, an escaped
/// `&lt;table&gt;`) is markup the publisher broke: it becomes markup again, so that
/// one rendering lays it out with the rest. Only what reads as a tag is turned back:
/// a known element name after `&lt;` or `&lt;/`, up to `&gt;` within 60 bytes.
fn unescape_markup(html: &str) -> String {
    const ELEMENTS: &[&str] = &[
        "p",
        "br",
        "div",
        "span",
        "b",
        "i",
        "em",
        "strong",
        "a",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "blockquote",
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("&lt;") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 4..];
        let window = &tail.as_bytes()[..tail.len().min(60)];
        let close = window.windows(4).position(|w| w == b"&gt;");
        let tag = close.and_then(|c| {
            let inner = tail.get(..c)?;
            let name: String = inner
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            let rest_of_tag = &inner.trim_start_matches('/')[name.len()..];
            let plain = rest_of_tag.is_empty() || rest_of_tag.starts_with([' ', '/']);
            (ELEMENTS.contains(&name.as_str()) && plain && !inner.contains(['<', '>']))
                .then_some((inner, c))
        });
        match tag {
            Some((inner, c)) => {
                out.push('<');
                out.push_str(inner);
                out.push('>');
                rest = &tail[c + 4..];
            }
            None => {
                out.push_str("&lt;");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// "2026-06-20T09:30:00+04:00" → 2026-06-20, the day as the publisher wrote it.
/// The publication day a page's markup states: a meta tag (`article:published_time`,
/// `dcterms.date`, `date`, `datePublished`), else its first `<time datetime>`. Read from
/// the head of the page only, as plain text: no second parse.
fn published_in_markup(html: &str) -> Option<Date> {
    let mut cut = html.len().min(64 * 1024);
    while !html.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &html[..cut];
    let lower = head.to_ascii_lowercase();
    let value_after = |at: usize, attribute: &str| -> Option<Date> {
        let tag_end = lower[at..].find('>').map_or(lower.len(), |e| at + e);
        let tag_start = lower[..at].rfind('<').unwrap_or(0);
        let tag = &lower[tag_start..tag_end];
        let key = format!("{attribute}=");
        let v = tag.find(&key)? + key.len();
        let quote = tag[v..].chars().next()?;
        let rest = &head[tag_start + v + quote.len_utf8()..tag_end];
        iso_day(rest.split(quote).next()?)
    };
    for name in [
        "\"article:published_time\"",
        "\"dcterms.date\"",
        "\"datepublished\"",
        "\"date\"",
    ] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(name) {
            let at = from + at;
            if let Some(d) = value_after(at, "content") {
                return Some(d);
            }
            from = at + name.len();
        }
    }
    let at = lower.find("<time")?;
    value_after(at + 1, "datetime")
}

fn iso_day(value: &str) -> Option<Date> {
    Date::parse(value.get(..10)?).ok()
}

fn title_tag(html: &str) -> Option<String> {
    let mut end = html.len().min(65_536);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let lower = html[..end].to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let end = open_end + lower[open_end..].find("</title")?;
    let title = decode_entities(html.get(open_end..end)?);
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

/// The deepest nesting of elements, counted by a linear scan of tags (void elements
/// and self-closed tags do not nest).
pub fn nesting_depth(html: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for tag in Tags::new(html) {
        let Tag::Element {
            name,
            closing,
            self_closing,
        } = tag
        else {
            continue;
        };
        if VOID.contains(&name.as_str()) || self_closing {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "!doctype",
];
/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "svg", "iframe", "head",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "ul",
    "ol",
    "dl",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "pre",
    "figure",
    "figcaption",
    "caption",
    "body",
    "html",
];

/// Text of an HTML fragment: blocks become paragraphs, list items and table rows
/// lines, table cells are separated by " | ", and entities are decoded. Linear in the
/// input; takes any input.
pub fn render(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut skipping: Option<(String, usize)> = None;
    let mut cell_open = false;
    for tag in Tags::new(html) {
        match tag {
            Tag::Text(t) => {
                if skipping.is_none() {
                    let decoded = decode_entities(t);
                    for word in decoded.split_whitespace() {
                        if !out.is_empty() && !out.ends_with(['\n', ' ']) {
                            out.push(' ');
                        }
                        out.push_str(word);
                    }
                }
            }
            Tag::Element {
                name,
                closing,
                self_closing,
            } => {
                if let Some((skipped, depth)) = &mut skipping {
                    if *skipped == name && !self_closing {
                        if closing {
                            *depth -= 1;
                            if *depth == 0 {
                                skipping = None;
                            }
                        } else {
                            *depth += 1;
                        }
                    }
                    continue;
                }
                let name = name.as_str();
                if !closing && !self_closing && SKIPPED.contains(&name) {
                    skipping = Some((name.to_string(), 1));
                    continue;
                }
                match name {
                    "br" | "li" | "tr" | "dt" | "dd" => {
                        cell_open = false;
                        newline(&mut out, 1);
                    }
                    "td" | "th" if !closing => {
                        if cell_open {
                            trim_end_spaces(&mut out);
                            out.push_str(" | ");
                        }
                        cell_open = true;
                    }
                    _ if BLOCKS.contains(&name) => {
                        cell_open = false;
                        let table_part = matches!(name, "thead" | "tbody" | "tfoot");
                        newline(&mut out, if table_part { 1 } else { 2 });
                    }
                    _ => {}
                }
            }
            Tag::Other => {}
        }
    }
    let lines: Vec<&str> = out.lines().map(str::trim).collect();
    let mut text = String::with_capacity(out.len());
    let mut blank = false;
    for line in lines {
        if line.is_empty() {
            blank = !text.is_empty();
            continue;
        }
        if blank {
            text.push('\n');
            blank = false;
        }
        text.push_str(line);
        text.push('\n');
    }
    text
}

fn newline(out: &mut String, count: usize) {
    trim_end_spaces(out);
    if out.is_empty() {
        return;
    }
    let have = out.chars().rev().take_while(|c| *c == '\n').count();
    for _ in have..count {
        out.push('\n');
    }
}

fn trim_end_spaces(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
}

enum Tag<'a> {
    Text(&'a str),
    Element {
        name: String,
        closing: bool,
        self_closing: bool,
    },
    /// Comments, doctype-like declarations and processing instructions.
    Other,
}

/// A linear scan of HTML into text runs and tags. A '<' that does not open a tag is
/// text; a comment runs to "-->".
struct Tags<'a> {
    rest: &'a str,
}

impl<'a> Tags<'a> {
    fn new(html: &'a str) -> Tags<'a> {
        Tags { rest: html }
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        let rest = self.rest;
        if !rest.starts_with('<') {
            let end = rest.find('<').unwrap_or(rest.len());
            self.rest = &rest[end..];
            return Some(Tag::Text(&rest[..end]));
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").map_or(rest.len(), |e| e + 4 + 3);
            self.rest = &rest[end.min(rest.len())..];
            return Some(Tag::Other);
        }
        let after = &rest[1..];
        let closing = after.starts_with('/');
        let name_start = if closing { &after[1..] } else { after };
        let name: String = name_start
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!' || *c == '?')
            .collect::<String>()
            .to_ascii_lowercase();
        let first = name.chars().next();
        if !first.is_some_and(|c| c.is_ascii_alphabetic() || c == '!' || c == '?') {
            // A lone '<' is text.
            let end = rest[1..].find('<').map_or(rest.len(), |e| e + 1);
            self.rest = &rest[end..];
            return Some(Tag::Text(&rest[..end]));
        }
        let end = tag_end(rest);
        let inner = &rest[..end];
        self.rest = &rest[end..];
        if name.starts_with('!') || name.starts_with('?') {
            return Some(Tag::Other);
        }
        let self_closing = inner.trim_end_matches('>').trim_end().ends_with('/');
        Some(Tag::Element {
            name,
            closing,
            self_closing,
        })
    }
}

/// The end of a tag starting at 0: just past the '>' that is not inside a quoted
/// attribute value, or the end of the input.
fn tag_end(s: &str) -> usize {
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_date_is_read_from_datelines_labels_and_markup() {
        let day = |s: &str| Date::parse(s).ok();
        for (text, want) in [
            ("Баку, 3 апреля 2026 года\nТекст.", "2026-04-03"),
            (
                "САРАНСК, 17 июля 2026, 12:40 — «Новая полоса». Текст.",
                "2026-07-17",
            ),
            ("Bakı, 26 iyun 2026 — Aydın Baxış\nMətn.", "2026-06-26"),
            ("BİRGƏ BƏYANAT\nBaşlıq\n18 mart 2026\nMətn.", "2026-03-18"),
            (
                "Başlıq\nDərc olunub: 04.05.2026 | Kateqoriya: Siyahılar",
                "2026-05-04",
            ),
            ("MOSCOW, Friday 12 June 2026 - Text.", "2026-06-12"),
            ("Headline\nPublished: 12 June 2026\nText.", "2026-06-12"),
            (
                "UA: 88/26 Index: SWI/EUR/46/088/2026 Date: 24 July 2026",
                "2026-07-24",
            ),
            (
                "Weekly bulletin\nPosted on October 12, 2026 by the unit",
                "2026-10-12",
            ),
            (
                "Вольный Урал · Екатеринбург · 02.10.2026 · 15:10\nТекст.",
                "2026-10-02",
            ),
            ("12.06.2026, 14:05\nText.", "2026-06-12"),
            ("By Jane Roe Published 12 June 2026\nText.", "2026-06-12"),
        ] {
            assert_eq!(dateline(text), day(want), "{text}");
        }
        // A date inside a sentence is an event's, not the page's.
        assert_eq!(
            dateline("The court sentenced him on 3 April 2026 to seven years."),
            None
        );
        // A qualified "date" is another date, not the page's.
        assert_eq!(
            dateline("Name: A. B. Expected release date: 12 June 2029"),
            None
        );
        for (html, want) in [
            (
                "<meta property=\"article:published_time\" content=\"2026-05-08T09:00:00Z\">",
                "2026-05-08",
            ),
            (
                "<meta name=\"dcterms.date\" content=\"2026-03-13\">",
                "2026-03-13",
            ),
            (
                "<p>x</p><time datetime='2026-04-24T16:20:00+03:00'>24 April</time>",
                "2026-04-24",
            ),
        ] {
            assert_eq!(published_in_markup(html), day(want), "{html}");
        }
        assert_eq!(published_in_markup("<time datetime=\"soon\">"), None);
        let long = format!("{}ə<time datetime=\"2026-01-01\">", "é".repeat(40_000));
        assert_eq!(
            published_in_markup(&long),
            None,
            "past the head, and no panic on a cut"
        );
    }

    #[test]
    fn a_nul_late_in_a_page_is_dropped_and_one_early_means_binary() {
        let mut late = "word ".repeat(2000).into_bytes();
        late.extend(b"arr\0ested");
        let text = decode(&late, None).unwrap();
        assert!(text.ends_with("arrested") && !text.contains('\0'));
        let utf16: Vec<u8> = [0xFF, 0xFE, b'a', 0, 0, 0, b'b', 0].to_vec();
        assert_eq!(decode(&utf16, None).unwrap(), "ab");
        assert!(matches!(decode(b"ab\0cd", None), Err(PageError::Binary(2))));
    }

    #[test]
    fn render_keeps_paragraphs_rows_and_cells_and_skips_chrome() {
        let html = "<nav><a>Home</a></nav><p>One &amp; two.</p><p>Three</p>\
            <table><tr><th>Name</th><th>Term</th></tr><tr><td>A B</td><td>9 years</td></tr></table>\
            <footer>Copyright</footer><script>var x = '<p>';</script>";
        assert_eq!(
            render(html),
            "One & two.\n\nThree\n\nName | Term\nA B | 9 years\n"
        );
    }

    #[test]
    fn short_blocks_of_site_furniture_are_dropped() {
        let text =
            "Police detained a reporter.\n\nSign up for our newsletter!\n\nHe was charged.\n";
        assert_eq!(
            drop_furniture(text),
            "Police detained a reporter.\n\nHe was charged.\n"
        );
    }

    #[test]
    fn escaped_markup_keeps_the_layout_around_it() {
        let page = read(
            b"<html><body><article><p>One.&lt;/p&gt;&lt;p&gt;Two.</p><p>Three 3 &lt; 5 &amp;lt;x&gt;.</p>\
              <table><tr><td>A B</td><td>held</td></tr><tr><td>C D</td><td>freed</td></tr></table></article></body></html>",
            None,
            true,
        )
        .map(|p| p.text)
        .unwrap_or_default();
        assert!(page.contains("One.\n\nTwo.\n\nThree 3 < 5"), "{page}");
        assert!(page.contains("A B | held\nC D | freed"), "{page}");
    }

    #[test]
    fn escaped_markup_is_read_again() {
        let page = read(
            b"<html><body><div><p>First.&lt;/p&gt;&lt;p&gt;Second.</p>\
              <p>&lt;table&gt;&lt;tr&gt;&lt;td&gt;A B&lt;/td&gt;&lt;td&gt;held&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</p></div></body></html>",
            None,
            true,
        )
        .map(|p| p.text);
        let text = page.unwrap_or_default();
        assert!(text.contains("First.\n\nSecond."), "{text}");
        assert!(text.contains("A B | held"), "{text}");
        assert!(!text.contains('<'), "{text}");
    }

    #[test]
    fn encodings_declared_are_honoured_and_bad_bytes_named() {
        // "Привет" in windows-1251, declared in a meta tag and in an HTTP header.
        let body = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2];
        let mut html = b"<html><head><meta charset=\"windows-1251\"></head><body><p>".to_vec();
        html.extend_from_slice(&body);
        html.extend_from_slice(b"</p></body></html>");
        assert!(decode(&html, None).is_ok_and(|t| t.contains("Привет")));
        assert!(
            decode(&body, Some("text/plain; charset=windows-1251")).is_ok_and(|t| t == "Привет")
        );
        // Undeclared, the single-byte encoding of the language is recognised.
        let (russian, _, _) = encoding_rs::WINDOWS_1251
            .encode("Журналист Фарид Гасымов задержан в Баку, сообщает правозащитный центр.");
        assert_eq!(
            decode(&russian, None).unwrap(),
            "Журналист Фарид Гасымов задержан в Баку, сообщает правозащитный центр."
        );
        let (koi8, _, _) =
            encoding_rs::KOI8_R.encode("Суд приговорил журналиста к семи годам лишения свободы.");
        assert_eq!(
            decode(&koi8, None).unwrap(),
            "Суд приговорил журналиста к семи годам лишения свободы."
        );
        let (latin, _, _) = encoding_rs::WINDOWS_1252
            .encode("Der Journalist wurde in München festgenommen, berichtet Amnesty; él también.");
        assert_eq!(
            decode(&latin, None).unwrap(),
            "Der Journalist wurde in München festgenommen, berichtet Amnesty; él también."
        );
        assert_eq!(decode(b"  \n", None), Err(PageError::Empty));
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00", None),
            Err(PageError::Binary(4))
        );
        assert_eq!(
            decode(b"<meta charset=\"klingon\">x", None),
            Err(PageError::UnknownEncoding("klingon".into()))
        );
    }

    #[test]
    fn a_dateline_is_the_publication_date_and_an_event_date_is_not() {
        let date = |t: &str| dateline(t).map(|d| d.to_string());
        assert_eq!(
            date("Ganja, 4 May 2025 – Police said"),
            Some("2025-05-04".into())
        );
        assert_eq!(
            date("Title\n\n2 September 2026\n\nWe"),
            Some("2026-09-02".into())
        );
        assert_eq!(date("The activist was detained on 3 May 2026."), None);
        assert_eq!(date("MONTHLY UPDATE — OCTOBER 2026"), None);
    }

    #[test]
    fn deep_nesting_is_read_without_layout_and_quickly() {
        let html = format!(
            "<html><body>{}<p>Deep text.</p>{}</body></html>",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        );
        assert_eq!(nesting_depth(&html), 10_003);
        let page = read(html.as_bytes(), None, true);
        assert!(page.as_ref().is_ok_and(|p| p.without_layout), "{page:?}");
        assert!(page.is_ok_and(|p| p.text.contains("Deep text.")));
    }

    #[test]
    fn broken_markup_never_panics() {
        for html in [
            "<",
            "<<>>",
            "<p",
            "<!--",
            "<a href='>",
            "</",
            "<!DOCTYPE",
            "&lt;<td",
        ] {
            let _ = render(html);
            let _ = nesting_depth(html);
        }
        assert_eq!(render("a < b"), "a < b\n");
    }
}
