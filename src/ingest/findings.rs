//! Step 4 of ingest: what a repaired article says about people in detention.
//!
//! The reading works sentence by sentence, as a reader does:
//!
//! - **Event words** ("was detained", "sentenced", "freed", "began a hunger strike",
//!   "died") are found in every sentence, with the date written nearest to them.
//!   Demands and possibilities are not events: "to release", "calls for the release",
//!   "could be arrested", "was not detained".
//! - **Names** are runs of two to four capitalised words, each of them a name rather
//!   than an English word (the shipped frequency list decides: "Blogger Tural Hasanli"
//!   is the blogger Tural Hasanli), or a name the registry holds. Runs that end in an
//!   organisation word ("Court", "Watch", "Institute") are organisations.
//! - **Roles**: a name right after "lawyer", "judge", "prosecutor", "minister",
//!   "member", or a few words after "said", belongs to someone who speaks or acts on a
//!   case, never to a case (journalists, editors and heads of groups are not left out:
//!   they are who gets arrested). Someone only mentioned, with no event word in their
//!   sentence, is no case either.
//! - A person's later mentions by family name alone ("Hasanli is accused ..."), unless
//!   two people on the page share it, and a sentence opening with He, She or They
//!   after one that names them, add to what is known of them.
//! - In a sentence naming several people, a clause after "while", "but" or ";" about
//!   one of them is not read for the others ("X was released, while Y remains held").
//! - A list under a heading ("Those released under the decree:") takes the heading's
//!   event; a table takes its row's status word, else the event the text before it
//!   reports. An event without a date there takes the date of the nearest earlier
//!   event of the same kind in the article.
//! - Of several events for one person, the article reports the last: a release or a
//!   death over everything, else the latest dated, else the furthest in the lifecycle.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::{Date, EventKind, PartialDate, ReleaseReason, Status};
use crate::search::names::NameKey;

use super::dates::{FoundDate, dates_in};
use super::facts;
use super::lexicon::{self, Language, Lexicon, TableWords, runs_where};
use super::names;
use super::repair::{Words, has_surname_ending};
use super::tables::{Table, tables};

/// A person whose detention the article reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub name: String,
    pub status: Option<Status>,
    pub event: Option<EventKind>,
    pub date: Option<PartialDate>,
    pub charges: Vec<String>,
    pub sentence_months: Option<u32>,
    pub release_reason: Option<ReleaseReason>,
    pub facility: Option<String>,
    pub next_hearing: Option<PartialDate>,
    /// The sentence the event was read from, for the reviewer.
    pub evidence: String,
    /// The name as the page also writes it, in another script, in brackets after it
    /// ("Артём Беляев" for Artyom Belyaev): for the reviewer to add as a variant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
}

/// Everything read out of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// ISO 639-1 code of the article's language; `"und"` when it cannot be told. A
    /// language ingest does not read gives no people.
    pub language: String,
    pub people: Vec<Finding>,
    pub organisations: Vec<String>,
    /// ISO 3166-1 alpha-2 of the country most named (countries and cities).
    pub country: Option<String>,
}

/// Reads a repaired article. `known` are registry names, taken as names even when
/// their words are English words.
pub fn read(text: &str, published: Option<Date>, known: &[String]) -> Reading {
    read_in(text, published, known, lexicon::detect(text).0)
}

/// Reads a repaired article whose language (ISO 639-1, as [`lexicon::detect`] told
/// it) is already known.
pub fn read_in(text: &str, published: Option<Date>, known: &[String], code: &str) -> Reading {
    let Some(language) = Language::of_code(code) else {
        return Reading {
            language: code.to_string(),
            country: country(text),
            ..Reading::default()
        };
    };
    let lexicon = Lexicon::of(language);
    let words = Words::english();
    let known_words: std::collections::HashSet<String> = known
        .iter()
        .flat_map(|n| n.split_whitespace())
        .map(str::to_lowercase)
        .collect();
    let name_like = |w: &str| {
        let lower = w.to_lowercase();
        // A word in capitals that English has ("JAILED ACTIVIST'S WHEREABOUTS") is a
        // heading's, however rare the word: names in capitals are not in the list.
        let shouted = w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.chars().any(char::is_lowercase);
        let bare = lower.trim_end_matches("'s").trim_end_matches("’s");
        known_words.contains(&lower)
            || looks_like_name_word(&lower)
                && !words.is_common(&lower)
                && !(shouted && words.contains(bare))
    };
    let name_spans = |body: &str| -> Vec<(usize, usize)> {
        match lexicon {
            Some(l) => names_of(body, language, l)
                .into_iter()
                .map(|(from, to, _)| (from, to))
                .collect(),
            None => capitalised_runs(body)
                .iter()
                .filter_map(|run| {
                    // A status cell's word ("Detained", "Released") is no name's.
                    let in_row = |w: &str| {
                        name_like(w)
                            && TableWords::of(language)
                                .status_in(&[w.to_lowercase()])
                                .is_none()
                    };
                    let (first, mut last) = person_span(run, &in_row)?;
                    // In a row run together, the words after a given and a family
                    // name are the next cell's ("Sevda Jalilova Qala TV"), unless
                    // they end as family names do.
                    if let Some(k) = (first + 2..=last)
                        .find(|&k| !has_surname_ending(&run.words[k].to_lowercase()))
                    {
                        last = k - 1;
                    }
                    Some((
                        run.offsets[first],
                        run.offsets[last] + run.words[last].len(),
                    ))
                })
                .collect(),
        }
    };
    let mut found_tables = tables(text, language, &name_spans);
    let masked = mask(text, &found_tables);
    let sentences = sentences(&masked);

    // Event words of every sentence, with their dates.
    let mut events: Vec<EventMention> = Vec::new();
    let mut sentence_dates: Vec<Vec<FoundDate>> = Vec::with_capacity(sentences.len());
    for (index, s) in sentences.iter().enumerate() {
        let body = &masked[s.start..s.end];
        let dates = dates_in(body, published);
        // "... were released the same evening", "the next day", "на следующий день":
        // an undated sentence dated by the event before it.
        let said = lower_words(body, language);
        let (same, next) = lexicon::relative(language);
        let same_day = same.iter().any(|p| p.matches_in(&said));
        let next_day = next.iter().any(|p| p.matches_in(&said));
        // The release reason is the sentence's: read once, however many events.
        let reason_here = std::cell::OnceCell::new();
        let long_ago =
            |d: &PartialDate| published.is_some_and(|p| d.latest().to_days() < p.to_days() - 366);
        // "Ранее суд уже отказывал ...", "Previously, she served ...".
        let opening: Vec<String> = word_spans(body)
            .iter()
            .take(2)
            .map(|(_, w)| language.lower(w))
            .collect();
        let about_the_past = lexicon::past(language)
            .iter()
            .any(|p| p.matches_at(&opening, 0));
        // An undated sentence is told in the time of the one before it in its
        // paragraph.
        let told_long_ago = dates.is_empty()
            && index > 0
            && sentences[index - 1].line == s.line
            && sentence_dates.last().is_some_and(|d: &Vec<FoundDate>| {
                !d.is_empty() && d.iter().all(|d| long_ago(&d.date))
            });
        for (kind, at) in events_of(body, language, lexicon) {
            // "... were released the same evening": the date of the event before.
            let own_date = nearest_date(&dates, at, body, language);
            // A year alone near the event ("Case No. 2210 of 2026") says less than
            // "the next day".
            let own_date = own_date.filter(|d| {
                !(same_day || next_day) || d.precision() != crate::domain::Precision::Year
            });
            let date = own_date.or_else(|| {
                let before = events.iter().rev().find_map(|e| e.date)?;
                if same_day {
                    Some(before)
                } else if next_day && before.precision() == crate::domain::Precision::Day {
                    let day = before.earliest().add_days(1)?;
                    Some(PartialDate::with_precision(
                        day,
                        crate::domain::Precision::Day,
                    ))
                } else {
                    None
                }
            });
            let background = about_the_past || own_date.as_ref().map_or(told_long_ago, long_ago);
            events.push(EventMention {
                background,
                sentence: index,
                kind,
                at: s.start + at,
                date,
                reason: (kind == EventKind::Released)
                    .then(|| *reason_here.get_or_init(|| reason_of(body, language, lexicon)))
                    .flatten(),
                inherited: false,
            });
        }
        sentence_dates.push(dates);
    }

    // Names, organisations and roles.
    let mut people = People::default();
    let mut organisations: Vec<String> = Vec::new();
    let mut seen_organisations: std::collections::HashSet<String> =
        std::collections::HashSet::new();
    // Order-free keys of the names of people who speak or act on cases.
    let mut excluded: std::collections::HashSet<String> = std::collections::HashSet::new();
    // Byte ranges of every full name written, so a family name inside one is not
    // taken for a mention by family name alone.
    let mut full_names: Vec<(usize, usize)> = Vec::new();
    // Other spellings written in brackets after a name, by the name's order-free key;
    // and the key of the last full name written.
    let mut variants: HashMap<String, Vec<String>> = HashMap::new();
    let mut last_key: Option<String> = None;
    for (index, s) in sentences.iter().enumerate() {
        let body = &masked[s.start..s.end];
        if let Some(lexicon) = lexicon {
            for org in organisations_of(body, language, lexicon) {
                if seen_organisations.insert(org.to_lowercase()) {
                    organisations.push(org);
                }
            }
            for (at, end, name) in names_of(body, language, lexicon) {
                let key = NameKey::of(&name);
                let again = restates(body, at, s.start, &full_names);
                full_names.push((s.start + at, s.start + end));
                if again {
                    add_variant(&mut variants, last_key.as_deref(), &name);
                    continue;
                }
                last_key = Some(key.order_free());
                if role_near(body, at, end, language, lexicon) && !name_follows(body, end) {
                    excluded.insert(key.order_free());
                    continue;
                }
                people.get_or_add(&name, key).mentions.push(Mention {
                    sentence: index,
                    at: Some(s.start + at),
                });
            }
            continue;
        }
        for run in capitalised_runs(body) {
            if let Some(org) = organisation(&run) {
                if seen_organisations.insert(org.to_lowercase()) {
                    organisations.push(org);
                }
                continue;
            }
            let Some((first, last)) = person_span(&run, &name_like) else {
                continue;
            };
            // "Artyom Belyaev's whereabouts" names Artyom Belyaev.
            let joined = run.words[first..=last].join(" ");
            let name = joined
                .strip_suffix("'s")
                .or_else(|| joined.strip_suffix("’s"))
                .unwrap_or(&joined)
                .to_string();
            let at = run.offsets[first];
            let key = NameKey::of(&name);
            let again = restates(body, at, s.start, &full_names);
            full_names.push((
                s.start + at,
                s.start + run.offsets[last] + run.words[last].len(),
            ));
            if again {
                add_variant(&mut variants, last_key.as_deref(), &name);
                continue;
            }
            last_key = Some(key.order_free());
            let end = run.offsets[last] + run.words[last].len();
            // "Human rights lawyer X was arrested": a lawyer or official who is the
            // subject of a detention is a case.
            let detained = is_held_subject(body, end);
            if !detained
                && (has_role_before(body, at)
                    || has_role_before_run(&run, first)
                    || has_role_after(body, end)
                    || acts_after(body, end, language))
            {
                excluded.insert(key.order_free());
                continue;
            }
            let person = people.get_or_add(&name, key);
            person.mentions.push(Mention {
                sentence: index,
                at: Some(s.start + at),
            });
        }
    }
    let kept: Vec<Person> = std::mem::take(&mut people.list)
        .into_iter()
        .filter(|p| !excluded.contains(&p.key.order_free()))
        .collect();
    people = People::default();
    for p in kept {
        let k = p.key.order_free();
        people.list.push(p);
        people.by_key.insert(k, people.list.len() - 1);
    }

    // Mentions by family name alone.
    let families: HashMap<String, Vec<usize>> =
        people
            .list
            .iter()
            .enumerate()
            .fold(HashMap::new(), |mut map, (i, p)| {
                if let Some(last) = p.name.split_whitespace().last() {
                    map.entry(names::family_key(last, language))
                        .or_default()
                        .push(i);
                }
                map
            });

    for (index, s) in sentences.iter().enumerate() {
        let body = &masked[s.start..s.end];
        let spans = word_spans(body);
        for (k, &(at, word)) in spans.iter().enumerate() {
            let capital = word.starts_with(char::is_uppercase);
            // A name in lower case ("vüqar əsgərov", "елене шаховой") counts only
            // with its given name before it.
            let previous = k.checked_sub(1).map(|j| spans[j]);
            if !capital && previous.is_none() {
                continue;
            }
            // A family name two people share says nothing of which one is meant.
            let Some(&[i]) = families
                .get(&names::family_key(word, language))
                .map(Vec::as_slice)
            else {
                continue;
            };
            // "коллега Шаховой", "адвокат Шаховой": the surname of the person
            // whose colleague or lawyer the sentence is about.
            let possessor = lexicon.is_some_and(|l| {
                previous.is_some_and(|(_, w)| l.roles.contains(&language.lower(w)))
            });
            if possessor {
                continue;
            }
            let start = match previous {
                _ if capital => s.start + at,
                Some((given_at, given))
                    if people.list[i]
                        .name
                        .split_whitespace()
                        .next()
                        .is_some_and(|g| same_given_name(given, g, language)) =>
                {
                    s.start + given_at
                }
                _ => continue,
            };
            // Part of a full name written there (this person's or another's); the
            // ranges are in the order written.
            let before = full_names.partition_point(|(from, _)| *from <= start);
            if before > 0 && (full_names[before - 1].0..full_names[before - 1].1).contains(&start) {
                continue;
            }
            people.list[i].mentions.push(Mention {
                sentence: index,
                at: Some(start),
            });
        }
    }

    // "He was charged ...", "They are held ...": a sentence that opens with a pronoun
    // and names no one continues the sentence before it (also across a paragraph).
    let mut named: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, p) in people.list.iter().enumerate() {
        for m in &p.mentions {
            let in_sentence = named.entry(m.sentence).or_default();
            if !in_sentence.contains(&i) {
                in_sentence.push(i);
            }
        }
    }
    for (index, s) in sentences.iter().enumerate().skip(1) {
        if named.contains_key(&index) {
            continue;
        }
        let first = word_spans(&masked[s.start..s.end])
            .first()
            .map(|(_, w)| w.to_string())
            .unwrap_or_default();
        let Some(before) = named.get(&(index - 1)) else {
            continue;
        };
        let refers = match lexicon {
            Some(l) => {
                let body = &masked[s.start..s.end];
                // "Задержан 2 апреля ...": a sentence opening with its verb has the
                // subject of the one before (the style of lists and bulletins).
                let subjectless = || {
                    let opening = word_spans(body).first().map(|(at, _)| s.start + at);
                    in_sentence(&events, index)
                        .first()
                        .is_some_and(|e| Some(e.at) == opening)
                };
                // Russian and Azerbaijani leave a known subject unsaid ("2026-cı il
                // yanvarın 20-də məhkəmə onu ... məhrum edib"): in the paragraph of a
                // sentence about one person, a sentence naming no one is about them.
                let same_paragraph = sentences[index - 1].line == s.line;
                let first = language.lower(&first);
                (l.many.contains(&first) && before.len() > 1)
                    || (l.one.contains(&first) && before.len() == 1)
                    || (before.len() == 1 && (same_paragraph || subjectless()))
            }
            None => match first.as_str() {
                "They" | "Their" | "Both" => before.len() > 1,
                "He" | "She" | "His" | "Her" => before.len() == 1,
                _ => false,
            },
        };
        if refers {
            let before = before.clone();
            for &i in &before {
                people.list[i].mentions.push(Mention {
                    sentence: index,
                    at: None,
                });
            }
            named.insert(index, before);
        }
    }

    // "X pardoned 16 people. Seven of them are known, among them A and B": people
    // named as members of a group, in a sentence with no event of its own, take the
    // events of the sentence before (in the same paragraph).
    for (index, s) in sentences.iter().enumerate().skip(1) {
        let Some(members) = named.get(&index) else {
            continue;
        };
        let before = &sentences[index - 1];
        if before.line != s.line
            || !in_sentence(&events, index).is_empty()
            || in_sentence(&events, index - 1).is_empty()
        {
            continue;
        }
        let group = lower_words(&masked[s.start..s.end], language)
            .iter()
            .any(|w| match lexicon {
                Some(l) => l.group.contains(w),
                None => matches!(w.as_str(), "them" | "whom"),
            });
        if group {
            for &i in members {
                people.list[i].mentions.push(Mention {
                    sentence: index - 1,
                    at: None,
                });
            }
        }
    }

    // A row run together whose name lost its capitals ("самира аллахвердиева фриланс
    // ...") is found by the people the prose names.
    for table in found_tables.iter_mut().filter(|t| t.flattened) {
        table.rows = split_at_known_names(std::mem::take(&mut table.rows), &people.list, language);
    }

    // Table rows.
    for (t, table) in found_tables.iter().enumerate() {
        let column = table.name_column;
        for row in &table.rows {
            let Some(cell) = row.get(column) else {
                continue;
            };
            // A list writes its names in the nominative, as the registry does: the
            // name is the cell's words, and two or three capitalised words the
            // dictionary does not know ("Нигяр Гусейнли") are a name in this column.
            let name = match lexicon {
                Some(lexicon) => names_of(cell, language, lexicon)
                    .into_iter()
                    .next()
                    .map(|(from, to, _)| cell[from..to].to_string())
                    .or_else(|| cell_name(cell, language, lexicon)),
                None => table_name(cell, &people.list, &name_like),
            };
            let Some(name) = name else {
                continue;
            };
            let key = NameKey::of(&name);
            if excluded.contains(&key.order_free()) {
                continue;
            }
            let rest: Vec<&str> = row
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != column)
                .map(|(_, c)| c.as_str())
                .collect();
            let articles = table
                .articles
                .and_then(|c| row.get(c))
                .map(|cell| facts::listed_articles(cell, !table.flattened))
                .unwrap_or_default();
            let person = people.get_or_add(&name, key);
            person.rows.push(TableRow {
                table: t,
                cells: rest.join(" | "),
                articles,
            });
        }
    }

    // "The next hearing is set for ...": per paragraph, the first such date.
    let mut next_hearings: HashMap<usize, PartialDate> = HashMap::new();
    for (s, dates) in sentences.iter().zip(&sentence_dates) {
        let body = &masked[s.start..s.end];
        let lower = body.to_lowercase();
        let announces = [
            "next hearing",
            "adjourned until",
            "postponed until",
            "adjourned to",
            "postponed to",
        ]
        .iter()
        .any(|p| lower.contains(p));
        if next_hearings.contains_key(&s.line) || !announces {
            continue;
        }
        if let Some(d) = dates.iter().find(|d| is_next_hearing(body, d.start)) {
            next_hearings.insert(s.line, ahead_of(d.date, published));
        }
    }
    let clause_breaks: Vec<Vec<usize>> = sentences
        .iter()
        .map(|s| clause_breaks_of(&masked, s, lexicon))
        .collect();
    // Where each person is named, sentence by sentence, so that a clause about one
    // person is not read for another named in the same sentence.
    let mut written: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    for (i, p) in people.list.iter().enumerate() {
        for m in &p.mentions {
            if let Some(at) = m.at {
                written.entry(m.sentence).or_default().push((at, i));
            }
        }
    }
    // The urgent appeal: a person whose release the headline or the opening demands is
    // held, by the page's own account, though the body gives no event.
    let opening = sentences.len().min(4);
    let demanding: Vec<bool> = sentences[..opening]
        .iter()
        .map(|s| {
            lower_words(&masked[s.start..s.end], language)
                .iter()
                .any(|w| lexicon::demands(language).contains(w))
        })
        .collect();
    // ... and whose body says they are held ("remains in detention", "was detained"):
    // the whole text is read for it only on a page that demands someone's release.
    let held = demanding.contains(&true)
        && lower_words(&masked, language)
            .iter()
            .any(|w| lexicon::held(language).contains(w));
    let demanded: std::collections::HashSet<usize> = people
        .list
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            held && p
                .mentions
                .iter()
                .any(|m| m.at.is_some() && demanding.get(m.sentence).copied().unwrap_or(false))
        })
        .map(|(i, _)| i)
        .collect();
    let findings = people
        .list
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let found = Found {
                text,
                masked: &masked,
                clause_breaks: &clause_breaks,
                next_hearings: &next_hearings,
                sentences: &sentences,
                events: &events,
                tables: &found_tables,
                written: &written,
                published,
                language,
                lexicon,
            };
            finding(&found, i, p)
                .or_else(|| demanded.contains(&i).then(|| held_by_appeal(&found, p)))
                .map(|mut f| {
                    f.variants = variants
                        .get(&p.key.order_free())
                        .cloned()
                        .unwrap_or_default();
                    f
                })
        })
        .collect::<Vec<Finding>>()
        .into_iter()
        // A name the page gives an outlet or a body ("the news website Gündem
        // Ekspres") is that organisation's wherever else it stands alone.
        .filter(|f| {
            !organisations
                .iter()
                .any(|o| o.eq_ignore_ascii_case(&f.name))
        })
        .collect();
    Reading {
        language: code.to_string(),
        people: findings,
        organisations,
        country: country(text),
    }
}

/// Whether `written` is the given name `name`, perhaps declined ("елене" for Елена,
/// "фарида" for Фарид): the name less at most its last letter, then at most two
/// letters of ending.
fn same_given_name(written: &str, name: &str, language: Language) -> bool {
    let (a, b) = (language.lower(written), language.lower(name));
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let shared = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    b.len() >= 3 && shared + 1 >= b.len() && (b.len()..=b.len() + 2).contains(&a.len())
}

/// The rows of a flattened table, with a row split where its rest writes a person of
/// the page by given and family name in lower case.
fn split_at_known_names(
    rows: Vec<Vec<String>>,
    people: &[Person],
    language: Language,
) -> Vec<Vec<String>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let [name, rest] = match <[String; 2]>::try_from(row) {
            Ok(cells) => cells,
            Err(row) => {
                out.push(row);
                continue;
            }
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let known = |k: usize| -> Option<&Person> {
            let (given, family) = (words.get(k)?, words.get(k + 1)?);
            if given.starts_with(char::is_uppercase) {
                return None;
            }
            people.iter().find(|p| {
                let mut parts = p.name.split_whitespace();
                let (Some(g), Some(f)) = (parts.next(), parts.next_back()) else {
                    return false;
                };
                same_given_name(given, g, language)
                    && names::family_key(family, language) == names::family_key(f, language)
            })
        };
        let mut cut = vec![(name, 0usize)];
        let mut k = 0;
        while k + 1 < words.len() {
            match known(k) {
                Some(p) => {
                    cut.push((p.name.clone(), k));
                    k += 2;
                }
                None => k += 1,
            }
        }
        for (i, (name, from)) in cut.iter().enumerate() {
            let skip = if i == 0 { 0 } else { 2 };
            let to = cut.get(i + 1).map_or(words.len(), |(_, next)| *next);
            let rest = words[(from + skip).min(to)..to].join(" ");
            out.push(vec![name.clone(), rest]);
        }
    }
    out
}

/// Records `name` as another spelling of the person whose key is `of`.
fn add_variant(variants: &mut HashMap<String, Vec<String>>, of: Option<&str>, name: &str) {
    if let Some(of) = of {
        let list = variants.entry(of.to_string()).or_default();
        if !list.iter().any(|v| v == name) {
            list.push(name.to_string());
        }
    }
}

/// Whether the name at `at` of a sentence (starting at byte `start` of the text) is
/// the name just written, again in brackets: "Artyom Belyaev (Артём Беляев)",
/// "Алексей Грицук (Аляксей Грыцук)" name one person.
fn restates(sentence: &str, at: usize, start: usize, full_names: &[(usize, usize)]) -> bool {
    let Some(before) = sentence[..at].trim_end().strip_suffix('(') else {
        return false;
    };
    full_names
        .last()
        .is_some_and(|(_, end)| *end == start + before.trim_end().len())
}

/// The event words of a sentence, with their byte offsets: by the English rules, or by
/// the language's lexicon.
fn events_of(
    sentence: &str,
    language: Language,
    lexicon: Option<&Lexicon>,
) -> Vec<(EventKind, usize)> {
    let mut events = match lexicon {
        None => event_words(sentence),
        Some(lexicon) => {
            let words = word_spans(sentence);
            let lower: Vec<String> = words.iter().map(|(_, w)| language.lower(w)).collect();
            lexicon
                .events_in(&lower)
                .into_iter()
                .map(|(kind, i)| (kind, words[i].0))
                .collect()
        }
    };
    // "transferred to house arrest", "перевёл ... под домашний арест": the move is the
    // house arrest.
    if events.iter().any(|(k, _)| *k == EventKind::HouseArrest) {
        events.retain(|(k, _)| *k != EventKind::Transferred);
    }
    events
}

/// Why a release happened, as the sentence says.
fn reason_of(
    sentence: &str,
    language: Language,
    lexicon: Option<&Lexicon>,
) -> Option<ReleaseReason> {
    match lexicon {
        None => release_reason(sentence),
        Some(lexicon) => lexicon.release_reason(&lower_words(sentence, language)),
    }
}

fn lower_words(text: &str, language: Language) -> Vec<String> {
    word_spans(text)
        .iter()
        .map(|(_, w)| language.lower(w))
        .collect()
}

/// The names of a sentence in a language read by lexicon: (start, end, name).
fn names_of(sentence: &str, language: Language, lexicon: &Lexicon) -> Vec<(usize, usize, String)> {
    let words = word_spans(sentence);
    let texts: Vec<&str> = words.iter().map(|(_, w)| *w).collect();
    let joined = |k: usize| spaced(sentence, &words, k);
    names::names_in(&texts, &joined, language, lexicon)
        .into_iter()
        .map(|n| {
            let (last_at, last) = words[n.last];
            (words[n.first].0, last_at + last.len(), n.name)
        })
        .collect()
}

/// The organisations of a sentence in a language read by lexicon.
fn organisations_of(sentence: &str, language: Language, lexicon: &Lexicon) -> Vec<String> {
    let words = word_spans(sentence);
    let joined = |k: usize| spaced(sentence, &words, k);
    names::organisations_in(sentence, &words, &joined, language, lexicon)
}

/// Whether word `k` of `words` (from [`word_spans`]) and the next stand with only
/// spaces between them.
pub(super) fn spaced(sentence: &str, words: &[(usize, &str)], k: usize) -> bool {
    let end = words[k].0 + words[k].1.len();
    words
        .get(k + 1)
        .is_some_and(|(next, _)| sentence[end..*next].chars().all(char::is_whitespace))
}

/// Whether the name at `at..end` belongs to an official, a lawyer, a relative or a
/// speaker: a role word right before it, or a verb of speaking a few words around.
fn role_near(sentence: &str, at: usize, end: usize, language: Language, lexicon: &Lexicon) -> bool {
    // Six words back and three on: look at 160 and 80 bytes only.
    let from = floor_char(sentence, at.saturating_sub(160));
    let window = &sentence[from..floor_char(sentence, at)];
    let spans = word_spans(window);
    let lower = |k: usize| -> Option<String> {
        spans
            .len()
            .checked_sub(k + 1)
            .map(|i| language.lower(spans[i].1))
    };
    // The role right before the name, also set off by a comma ("его матери, Галины
    // Лапицкой"), or one word further with nothing but a space between ("адвокат
    // Шаховой Артём Лисин").
    let role = |k: usize| lower(k).is_some_and(|w| lexicon.roles.contains(&w));
    let spaced_pair = spans.len() >= 2 && {
        let (a, b) = (spans[spans.len() - 2], spans[spans.len() - 1]);
        window[a.0 + a.1.len()..b.0].trim().is_empty()
    };
    // A speaker is in the name's own phrase: "По его словам, теперь Елене Шаховой ..."
    // is no speaker's name.
    let phrase = window
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, ',' | ';' | ':' | '—' | '«' | '»' | '(' | ')'))
        .map_or(window, |(cut, c)| &window[cut + c.len_utf8()..]);
    let before: Vec<String> = word_spans(phrase)
        .iter()
        .rev()
        .take(6)
        .map(|(_, w)| language.lower(w))
        .collect();
    let after: Vec<String> = word_spans(following(sentence, end, 80))
        .iter()
        .take(3)
        .map(|(_, w)| language.lower(w))
        .collect();
    role(0)
        || (spaced_pair && role(1))
        || before
            .iter()
            .chain(&after)
            .any(|w| lexicon.speaking.contains(w))
        || acts_after(sentence, end, language)
}

/// Whether another name (two capitalised words) follows right after `end`: then a
/// role before the first is the second's, and the first its possessor ("Адвокат
/// Нигяр Гусейнли Намик Алекперов", Nigar Huseynli's lawyer Namik Alakbarov).
fn name_follows(sentence: &str, end: usize) -> bool {
    let next = following(sentence, end, 80);
    let words = word_spans(next);
    let spaced = |k: usize| spaced(next, &words, k);
    words.len() >= 2
        && next[..words[0].0].trim().is_empty()
        && spaced(0)
        && words[..2].iter().all(|(_, w)| {
            w.starts_with(char::is_uppercase) && w.chars().skip(1).all(char::is_lowercase)
        })
}

/// Whether the name ending at `end` is the subject of what only an authority does
/// ("X pardoned 16 people", "Лукашенко помиловал"): the act right after the name, or
/// within the clause in Azerbaijani, which puts its verb last.
fn acts_after(sentence: &str, end: usize, language: Language) -> bool {
    // Eight words are enough: look at the next 160 bytes only.
    let after: Vec<String> = word_spans(following(sentence, end, 160))
        .iter()
        .take(8)
        .map(|(_, w)| language.lower(w))
        .collect();
    let window = match language {
        Language::Az => 6,
        Language::En | Language::Ru => 1,
    };
    (0..window.min(after.len())).any(|i| {
        lexicon::acts(language)
            .iter()
            .any(|p| p.matches_at(&after, i))
    })
}

#[derive(Debug, Clone)]
struct EventMention {
    sentence: usize,
    kind: EventKind,
    at: usize,
    date: Option<PartialDate>,
    reason: Option<ReleaseReason>,
    inherited: bool,
    /// Told as the person's past: dated more than a year before the page, or written
    /// undated right after a sentence that is ("He was freed then under a pardon").
    background: bool,
}

#[derive(Debug)]
struct Mention {
    sentence: usize,
    /// Where the name is written; `None` for a pronoun standing for it.
    at: Option<usize>,
}

#[derive(Debug)]
struct TableRow {
    table: usize,
    cells: String,
    /// The articles written bare in the row's articles column.
    articles: Vec<String>,
}

#[derive(Debug)]
struct Person {
    name: String,
    key: NameKey,
    mentions: Vec<Mention>,
    rows: Vec<TableRow>,
}

/// The people of an article, found by the order-free key of their name (names here
/// have two words or more, so equal keys are exactly the matcher's `same`).
#[derive(Default)]
struct People {
    list: Vec<Person>,
    by_key: HashMap<String, usize>,
}

impl People {
    fn get_or_add(&mut self, name: &str, key: NameKey) -> &mut Person {
        let k = key.order_free();
        let at = match self.by_key.get(&k) {
            Some(at) => *at,
            None => {
                self.list.push(Person {
                    name: name.to_string(),
                    key,
                    mentions: Vec::new(),
                    rows: Vec::new(),
                });
                self.by_key.insert(k, self.list.len() - 1);
                self.list.len() - 1
            }
        };
        &mut self.list[at]
    }
}

/// Sentence of the text, with what kind of line it stands on.
#[derive(Debug, Clone)]
struct Sentence {
    start: usize,
    end: usize,
    /// Index of the line's paragraph (lines separated by line breaks).
    line: usize,
    /// A list item ("- ...", "1. ...", "* ...").
    item: bool,
    /// The sentence ends with ':' and list items follow.
    heading: bool,
}

/// Replaces the tables' text with spaces, so sentences and names skip them.
fn mask(text: &str, tables: &[Table]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for t in tables {
        let (Some(before), Some(range)) = (text.get(at..t.start), text.get(t.start..t.end)) else {
            continue;
        };
        out.push_str(before);
        // Every byte becomes a space, line breaks stay: offsets keep their meaning.
        for c in range.chars() {
            if c == '\n' {
                out.push('\n');
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        at = t.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// Words a period follows without ending a sentence (single letters are abbreviations
/// too: "ч. 1", "п. «д»").
const ABBREVIATIONS: &[&str] = &[
    "no", "nos", "art", "arts", "mr", "mrs", "ms", "dr", "st", "jr", "gen", "col", "lt", "vs",
    "prof", "sr", "capt", "sgt", "p", "pp", "para", "ст", "гг", "ул", "обл", "мес", "тыс", "млн",
    "млрд", "руб", "им", "пр",
];

fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (line_index, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let item = is_list_item(trimmed);
        let bytes = line.as_bytes();
        let mut s = 0;
        let mut i = 0;
        let mut pieces = Vec::new();
        while i < bytes.len() {
            let b = bytes[i];
            if matches!(b, b'.' | b'!' | b'?') {
                let next_space = bytes.get(i + 1).is_some_and(|n| n.is_ascii_whitespace());
                let after = line[i + 1..].trim_start();
                let next_starts = after.chars().next().is_some_and(|c| {
                    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '*' | '-')
                });
                let word: String = line[..i]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric())
                    .collect::<String>()
                    .chars()
                    .rev()
                    .collect::<String>()
                    .to_lowercase();
                let abbreviation = ABBREVIATIONS.contains(&word.as_str())
                    || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic));
                // "1." opening a list item is not a sentence end.
                let item_number =
                    s == 0 && i < 6 && line[..i].trim().chars().all(|c| c.is_ascii_digit());
                if next_space && next_starts && !abbreviation && !item_number {
                    pieces.push((s, i + 1));
                    s = i + 1;
                }
            }
            i += 1;
        }
        pieces.push((s, line.len()));
        let count = pieces.len();
        for (n, (a, b)) in pieces.into_iter().enumerate() {
            let piece = line[a..b].trim();
            if piece.is_empty() {
                continue;
            }
            let heading = n + 1 == count && piece.ends_with(':');
            out.push(Sentence {
                start: start + a,
                end: start + b,
                line: line_index,
                item,
                heading,
            });
        }
    }
    out
}

fn is_list_item(line: &str) -> bool {
    if line.starts_with(['-', '*', '•', '–']) {
        return true;
    }
    let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
    !digits.is_empty() && digits.len() <= 3 && line[digits.len()..].starts_with(['.', ')'])
}

/// Whether word `k` (if there is one) starts with a capital.
fn capitalised_at(words: &[(usize, &str)], k: usize) -> bool {
    words
        .get(k)
        .is_some_and(|(_, w)| w.starts_with(char::is_uppercase))
}

/// Words of a text with their byte offsets, trimmed of surrounding punctuation.
pub(super) fn word_spans(text: &str) -> Vec<(usize, &str)> {
    runs_where(text, |c| {
        c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'
    })
    .into_iter()
    .map(|(s, w)| {
        let lead = w.len() - w.trim_start_matches(['-', '\'', '’']).len();
        (s + lead, w.trim_matches(['-', '\'', '’']))
    })
    .filter(|(_, w)| !w.is_empty())
    .collect()
}

/// Event words in a sentence, with the byte offset of each.
fn event_words(sentence: &str) -> Vec<(EventKind, usize)> {
    let words = word_spans(sentence);
    let lower: Vec<String> = words.iter().map(|(_, w)| w.to_lowercase()).collect();
    let at = |i: usize| words[i].0;
    let word = |i: usize| lower.get(i).map_or("", String::as_str);
    let mut out = Vec::new();
    for i in 0..words.len() {
        let w = word(i);
        let before = |k: usize| i.checked_sub(k).map_or("", |j| word(j));
        // Demands, denials and possibilities.
        let modal = [
            "to", "not", "never", "could", "may", "might", "would", "should", "must", "will",
        ];
        // "If convicted, she faces up to 12 years": a condition, not an event.
        let hedged = modal.contains(&before(1))
            || (before(1) == "be" && modal.contains(&before(2)))
            || matches!(before(1), "faces" | "face" | "facing" | "risk" | "risks")
            || matches!(before(1), "if" | "unless")
            || (before(1) == "found" && matches!(before(2), "if" | "unless"));
        let kind = match w {
            // "was ordered detained for 15 days", "ordered student X detained"
            "detained" if (1..=5).any(|k| before(k) == "ordered") => Some(EventKind::Remanded),
            "arrested" | "detained" | "apprehended" => Some(EventKind::Arrested),
            "arrest"
                if matches!(
                    before(1),
                    "the" | "his" | "her" | "their" | "after" | "since"
                ) && word(i + 1) != "warrant" =>
            {
                Some(EventKind::Arrested)
            }
            "arrest" if before(1) == "house" => Some(EventKind::HouseArrest),
            "custody" if before(1) == "into" && before(2) == "taken" => Some(EventKind::Arrested),
            "remanded" => Some(EventKind::Remanded),
            // "placed in pre-trial detention", "ordered ... pre-trial detention"
            "detention"
                if before(1) == "pre-trial"
                    && (2..=6).any(|k| matches!(before(k), "placed" | "ordered" | "sent")) =>
            {
                Some(EventKind::Remanded)
            }
            // "renewed the pretrial detention of X", "extended his detention"
            "renewed" | "extended"
                if (1..=3).any(|k| matches!(word(i + k), "detention" | "custody")) =>
            {
                Some(EventKind::Remanded)
            }
            // "adjourned the trial", "adjourned to 2 November the trial of ..."
            "adjourned" | "postponed" => Some(EventKind::Hearing),
            "charged" if matches!(word(i + 1), "with" | "under") => Some(EventKind::Charged),
            "indicted" => Some(EventKind::Charged),
            "hearing" if before(1) != "next" => Some(EventKind::Hearing),
            "trial"
                if matches!(word(i + 1), "opened" | "began" | "started" | "resumed")
                    || matches!(before(1), "on" | "stood") =>
            {
                Some(EventKind::Hearing)
            }
            // "The trial of the blogger X opened ..."
            "opened" | "began" | "started" | "resumed"
                if before(1) != "trial" && (2..=8).any(|k| before(k) == "trial") =>
            {
                Some(EventKind::Hearing)
            }
            "sentenced" | "convicted" | "jailed" => Some(EventKind::Sentenced),
            "guilty" if before(1) == "found" => Some(EventKind::Sentenced),
            "upheld" => Some(EventKind::AppealDecided),
            "appealed" => Some(EventKind::AppealFiled),
            "transferred" => Some(EventKind::Transferred),
            "released" | "freed" | "frees" | "pardoned" | "acquitted" | "amnestied" => {
                Some(EventKind::Released)
            }
            "free" if matches!(before(1), "set" | "walked" | "went") => Some(EventKind::Released),
            "died" => Some(EventKind::DiedInCustody),
            "death" if word(i + 1) == "in" && word(i + 2) == "custody" => {
                Some(EventKind::DiedInCustody)
            }
            "strike" if before(1) == "hunger" => Some(EventKind::HungerStrike),
            "hunger-strike" => Some(EventKind::HungerStrike),
            "disappeared" => Some(EventKind::Disappeared),
            "tortured" | "beaten" => Some(EventKind::IllTreatmentReported),
            _ => None,
        };
        if let Some(kind) = kind
            && !hedged
        {
            out.push((kind, at(i)));
        }
    }
    out
}

/// The date written nearest to an event word in its sentence, not one that is a next
/// hearing's.
fn nearest_date(
    dates: &[FoundDate],
    at: usize,
    sentence: &str,
    language: Language,
) -> Option<PartialDate> {
    // Dates are in the order written: only the few on either side of the event word
    // can be nearest, so a sentence with thousands of dates stays linear.
    let split = dates.partition_point(|d| d.start < at);
    let near = &dates[split.saturating_sub(8)..(split + 8).min(dates.len())];
    near.iter()
        .filter(|d| !is_next_hearing(sentence, d.start) && !ends_a_measure(sentence, d, language))
        // A date after the event word ("detained on 3 May", "a strike that began on
        // 20 January") is likelier its date than one as near before it, which often
        // belongs to an earlier clause.
        .min_by_key(|d| {
            if d.start >= at {
                (d.start - at) * 2
            } else {
                (at - d.end) * 3
            }
        })
        .map(|d| d.date)
}

/// A date that is to come (a next hearing) written without its year, which the reader
/// put in the past: the same day a year on ("adjourned to 2 November", posted in
/// October).
fn ahead_of(date: PartialDate, published: Option<Date>) -> PartialDate {
    let Some(published) = published else {
        return date;
    };
    if date.latest() >= published || date.precision() != crate::domain::Precision::Day {
        return date;
    }
    let day = date.earliest();
    Date::new(day.year() + 1, day.month(), day.day())
        .ok()
        .filter(|next| next.to_days() - published.to_days() <= 366)
        .map_or(date, |next| {
            PartialDate::with_precision(next, crate::domain::Precision::Day)
        })
}

/// Whether a date is the end of a measure ("remanded until 14 November", "арест до
/// 14.08.2026", "14 noyabra qədər"), not the day something happened.
fn ends_a_measure(sentence: &str, date: &FoundDate, language: Language) -> bool {
    let (before, after) = lexicon::until(language);
    let from = floor_char(sentence, date.start.saturating_sub(40));
    let word_before = word_spans(&sentence[from..date.start])
        .last()
        .map(|(_, w)| language.lower(w));
    let word_after = word_spans(following(sentence, date.end, 40))
        .first()
        .map(|(_, w)| language.lower(w));
    word_before.is_some_and(|w| before.contains(&w))
        || word_after.is_some_and(|w| after.contains(&w))
}

fn is_next_hearing(sentence: &str, date_at: usize) -> bool {
    let mut from = date_at.saturating_sub(80);
    while !sentence.is_char_boundary(from) {
        from -= 1;
    }
    let window = sentence[from..date_at].to_lowercase();
    window.contains("next hearing")
        || window.contains("adjourned until")
        || window.contains("postponed until")
        || window.trim_end().ends_with("adjourned to")
        || window.trim_end().ends_with("postponed to")
}

fn release_reason(sentence: &str) -> Option<ReleaseReason> {
    let lower = sentence.to_lowercase();
    let has = |w: &str| lower.contains(w);
    if has("pardon") {
        Some(ReleaseReason::Pardoned)
    } else if has("amnest") {
        Some(ReleaseReason::Amnesty)
    } else if has("acquit") {
        Some(ReleaseReason::Acquitted)
    } else if has("suspended") || has("conditional") || has("parole") || has("probation") {
        Some(ReleaseReason::Conditional)
    } else if has("bail") {
        Some(ReleaseReason::Bail)
    } else if has("exchange") || has("swap") {
        Some(ReleaseReason::Exchanged)
    } else if has("charges were dropped") || has("dropped the charges") {
        Some(ReleaseReason::ChargesDropped)
    } else if has("served")
        || (has("serving") && (has("sentence") || has(" term")))
        || has("end of his sentence")
        || has("end of her sentence")
    {
        Some(ReleaseReason::Served)
    } else {
        None
    }
}

/// A word that can be part of a name: letters (and inner hyphens or apostrophes),
/// not a month, weekday, or a word of the page's furniture.
pub fn looks_like_name_word(lower: &str) -> bool {
    let letters = lower.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && lower
            .chars()
            // Combining marks too: "İ" lower-cases to "i" and a combining dot above.
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '\u{300}'..='\u{36f}'))
        && !super::dates::MONTHS.contains(&lower)
        && !super::dates::WEEKDAYS.contains(&lower)
        && !NOT_NAMES.contains(&lower)
}

/// Table headers and the vocabulary of detention, which a title-case heading
/// ("Pre-trial Detention", "Criminal Code") capitalises.
const NOT_NAMES: &[&str] = &[
    "the",
    "and",
    "name",
    "status",
    "note",
    "article",
    "articles",
    "criminal",
    "code",
    "penitentiary",
    "institution",
    "colony",
    "prison",
    "detention",
    "pre-trial",
    "pretrial",
    "custody",
    "trial",
    "hearing",
    "verdict",
    "sentence",
    "charges",
    "amnesty",
    "pardon",
    "appeal",
    "district",
    "city",
    "region",
    "republic",
    "street",
];

/// Words that end an organisation's name.
const ORGANISATION_WORDS: &[&str] = &[
    "court",
    "watch",
    "forum",
    "initiative",
    "institute",
    "front",
    "party",
    "union",
    "committee",
    "ministry",
    "office",
    "service",
    "centre",
    "center",
    "council",
    "association",
    "foundation",
    "network",
    "monitor",
    "agency",
    "bureau",
    "movement",
    "coalition",
    "alliance",
    "society",
    "federation",
    "international",
    "group",
    "commission",
    "tribunal",
    "parliament",
    "assembly",
    "club",
    "fund",
    "project",
    "campaign",
    "league",
    "organisation",
    "organization",
    "house",
    "chamber",
    "prosecutor's",
    "procuracy",
    "police",
    "press",
    "tv",
    "radio",
    "channel",
    "news",
];
/// Nouns after which a capitalised run names a medium or organisation ("the channel
/// Kanal 9", "the newspaper Azadliq").
const MEDIUM_NOUNS: &[&str] = &[
    "channel",
    "newspaper",
    "outlet",
    "magazine",
    "website",
    "station",
    "agency",
    "party",
    "organisation",
    "organization",
    "group",
];

#[derive(Debug)]
struct Run {
    words: Vec<String>,
    offsets: Vec<usize>,
    /// The lower-case word before the run, if any.
    before: String,
}

/// Runs of capitalised words (with "of", "for", "on", "and" inside when a capitalised
/// word follows, and numbers after an organisation word or a medium noun).
fn capitalised_runs(sentence: &str) -> Vec<Run> {
    let words = word_spans(sentence);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let capital = |k: usize| capitalised_at(&words, k);
        if !capital(i) {
            i += 1;
            continue;
        }
        let before = i
            .checked_sub(1)
            .map_or(String::new(), |j| words[j].1.to_lowercase());
        let mut run = Run {
            words: Vec::new(),
            offsets: Vec::new(),
            before,
        };
        let mut j = i;
        loop {
            run.words.push(words[j].1.to_string());
            run.offsets.push(words[j].0);
            // A run stops at punctuation after the word.
            let end = words[j].0 + words[j].1.len();
            let next_at = words.get(j + 1).map_or(sentence.len(), |(a, _)| *a);
            let gap = &sentence[end..next_at];
            if !gap.trim().is_empty() && !gap.trim().chars().all(|c| c == '\'' || c == '’') {
                break;
            }
            if capital(j + 1) {
                j += 1;
                continue;
            }
            let connector = words.get(j + 1).is_some_and(|(_, w)| {
                matches!(w.to_lowercase().as_str(), "of" | "for" | "on" | "and")
            });
            let gap2_ok = words.get(j + 2).is_some_and(|(a, _)| {
                let e = words[j + 1].0 + words[j + 1].1.len();
                sentence[e..*a].trim().is_empty()
            });
            let number_follows = words
                .get(j + 1)
                .is_some_and(|(_, w)| w.chars().all(|c| c.is_ascii_digit()));
            let org_so_far = run
                .words
                .iter()
                .any(|w| ORGANISATION_WORDS.contains(&w.to_lowercase().as_str()))
                || MEDIUM_NOUNS.contains(&run.before.as_str());
            let calendar = words.get(j + 2).is_some_and(|(_, w)| {
                let w = w.to_lowercase();
                super::dates::MONTHS.contains(&w.as_str())
                    || super::dates::WEEKDAYS.contains(&w.as_str())
            });
            if connector && gap2_ok && capital(j + 2) && org_so_far && !calendar {
                run.words.push(words[j + 1].1.to_string());
                run.offsets.push(words[j + 1].0);
                j += 2;
                continue;
            }
            if number_follows && MEDIUM_NOUNS.contains(&run.before.as_str()) {
                run.words.push(words[j + 1].1.to_string());
                run.offsets.push(words[j + 1].0);
            }
            break;
        }
        out.push(run);
        i = j + 1;
    }
    out
}

/// The run as an organisation's name, if it is one: it holds an organisation word, or
/// follows a medium noun; a place of detention ("Baku Pre-Trial Detention Centre")
/// is not one. Leading words that are not part of it ("The", a place
/// adjective is kept) are dropped.
fn organisation(run: &Run) -> Option<String> {
    let lower: Vec<String> = run.words.iter().map(|w| w.to_lowercase()).collect();
    if lower
        .iter()
        .any(|w| FACILITY_WORDS.contains(&w.as_str()) || w.ends_with("detention"))
    {
        return None;
    }
    let last_org = lower
        .iter()
        .rposition(|w| ORGANISATION_WORDS.contains(&w.as_str()));
    let medium = MEDIUM_NOUNS.contains(&run.before.as_str());
    let end = match last_org {
        // "Court of Appeal": the connector and the words after it belong to it.
        Some(at) => {
            let mut end = at;
            while end + 2 < lower.len() + 1
                && lower
                    .get(end + 1)
                    .is_some_and(|w| matches!(w.as_str(), "of" | "for" | "on" | "and"))
                && lower.get(end + 2).is_some()
            {
                end += 2;
            }
            if end + 1 < lower.len()
                && lower[end + 1..]
                    .iter()
                    .all(|w| !matches!(w.as_str(), "of" | "for" | "on" | "and"))
            {
                end = lower.len() - 1;
            }
            end
        }
        None if medium => lower.len() - 1,
        None => return None,
    };
    let mut start = 0;
    while start < end && matches!(lower[start].as_str(), "the" | "a" | "an" | "signed" | "we") {
        start += 1;
    }
    let words = &run.words[start..=end];
    if words.len() < 2 && !medium {
        return None;
    }
    // A single word after a medium noun must not be a common word.
    Some(words.join(" "))
}

/// The words of a run that name a person: two to four name words, after any leading
/// descriptors ("Blogger", "Journalist").
fn person_span(run: &Run, name_like: &dyn Fn(&str) -> bool) -> Option<(usize, usize)> {
    let first = run.words.iter().position(|w| name_like(w))?;
    let mut last = first;
    // A name written with letters English does not use ("Đặng Thu Hằng", "Võ Hoàng
    // Nam") is a name in full, its short common-looking parts too.
    let foreign = |w: &str| w.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    let part = |w: &str, so_far: &[String]| {
        name_like(w)
            || (so_far.iter().any(|s| foreign(s))
                && w.chars().all(char::is_alphabetic)
                && !ORGANISATION_WORDS.contains(&w.to_lowercase().as_str())
                && !FACILITY_WORDS.contains(&w.to_lowercase().as_str()))
    };
    while last + 1 < run.words.len()
        && last - first < 3
        && part(&run.words[last + 1], &run.words[first..=last])
    {
        last += 1;
    }
    let len = last - first + 1;
    // Words after the name that are not names (a verb at a headline's end) are fine;
    // a run with another name later is two names, which the caller sees as separate
    // runs only when punctuation separates them.
    (2..=4).contains(&len).then_some((first, last))
}

/// Words right before a name that make its bearer a speaker or an official, not a case:
/// the offices, and these.
const ROLES: &[&str] = &[
    "lawyers",
    "member",
    "deputy",
    "mp",
    "governor",
    "mayor",
    "officer",
    "said",
    "says",
    "told",
    "according",
    "by",
    "representative",
];
/// Verbs that make the name after them a speaker's, a few words on: "said the
/// institute's director, X".
const SPEAKING: &[&str] = &["said", "says", "told", "added", "stated"];

fn has_role_before(sentence: &str, at: usize) -> bool {
    // Four words back are enough: look at the last 80 bytes only.
    let mut from = at.saturating_sub(80);
    while !sentence.is_char_boundary(from) {
        from -= 1;
    }
    let before = &sentence[from..at];
    let words: Vec<String> = word_spans(before)
        .iter()
        .rev()
        .take(4)
        .map(|(_, w)| w.to_lowercase())
        .collect();
    // Journalists, editors, directors and chairs of groups are who gets arrested:
    // only officials, lawyers and speakers are left out.
    let first = words.iter().find(|w| {
        !matches!(
            w.as_str(),
            "the" | "his" | "her" | "their" | "its" | "a" | "to"
        )
    });
    // "according to X" names a source; "according to the union, X was ..." does not.
    let according = words.len() >= 2 && words[0] == "to" && words[1] == "according";
    let first_is_role = first.is_some_and(|w| {
        (ROLES.contains(&w.as_str())
            || OFFICES.contains(&w.as_str())
            || RELATIVES.contains(&w.as_str()))
            && w != "according"
    });
    first_is_role || according || words.iter().any(|w| SPEAKING.contains(&w.as_str()))
}

/// A role written after the name, set off by a comma: "X, the wife of ...",
/// "X, the prosecutor, ...", "X, said it would appeal".
fn has_role_after(sentence: &str, end: usize) -> bool {
    let Some(rest) = following(sentence, end, 80).strip_prefix(',') else {
        return false;
    };
    word_spans(rest)
        .iter()
        .take(3)
        .map(|(_, w)| w.to_lowercase())
        .find(|w| !matches!(w.as_str(), "the" | "his" | "her" | "their" | "a"))
        .is_some_and(|w| {
            RELATIVES.contains(&w.as_str())
                || OFFICES.contains(&w.as_str())
                || SPEAKING.contains(&w.as_str())
        })
}

/// Offices that, set off after a name ("X, the prosecutor, ..."), make its bearer an
/// official or a lawyer. Not membership: "X, member of the Popular Front" is a case.
const OFFICES: &[&str] = &[
    "lawyer",
    "attorney",
    "advocate",
    "counsel",
    "judge",
    "prosecutor",
    "investigator",
    "minister",
    "official",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "president",
    "ambassador",
    "ombudsman",
    "rapporteur",
    "commissioner",
    "envoy",
];

/// At most `len` bytes of `sentence` from `at` (less, to end on a character).
fn following(sentence: &str, at: usize, len: usize) -> &str {
    let to = floor_char(sentence, (at + len).min(sentence.len()));
    sentence.get(at..to).unwrap_or("")
}

/// Whether the name ending at `end` is the subject of a passive event written right
/// after it ("X was arrested", "X has been detained", "X were sentenced").
fn is_held_subject(sentence: &str, end: usize) -> bool {
    let next = following(sentence, end, 60);
    let spans = word_spans(next);
    let lower: Vec<String> = spans
        .iter()
        .take(3)
        .map(|(_, w)| w.to_lowercase())
        .collect();
    let verb = match lower.first().map(String::as_str) {
        Some("was" | "were") => 1,
        Some("has" | "had") if lower.get(1).is_some_and(|w| w == "been") => 2,
        _ => return false,
    };
    let (Some(&(first_at, _)), Some(&(verb_at, _))) = (spans.first(), spans.get(verb)) else {
        return false;
    };
    // The event word right after the auxiliary, as the sentence's reading finds it.
    next[..first_at].trim().is_empty()
        && event_words(next).iter().any(|(kind, at)| {
            *at == verb_at
                && matches!(
                    kind,
                    EventKind::Arrested | EventKind::Remanded | EventKind::Sentenced
                )
        })
}

/// Relatives speak for the people held; they are not cases themselves.
const RELATIVES: &[&str] = &[
    "wife", "husband", "mother", "father", "son", "daughter", "brother", "sister", "widow",
    "parents", "cousin", "uncle", "aunt", "fiancée", "fiancee",
];

fn has_role_before_run(run: &Run, first: usize) -> bool {
    run.words[..first].iter().any(|w| {
        let w = w.to_lowercase();
        ROLES.contains(&w.as_str()) || OFFICES.contains(&w.as_str())
    })
}

/// The person a table's name cell names: a name of two to four name words, or a
/// glued cell ("Turalhasanli") that starts with the glued name of a person the page
/// already names.
fn table_name(cell: &str, people: &[Person], name_like: &dyn Fn(&str) -> bool) -> Option<String> {
    let words: Vec<&str> = cell.split_whitespace().collect();
    // A person the prose names, whatever the cell's case ("đặng thu hằng").
    let folded = crate::search::fold(cell);
    if let Some(p) = people
        .iter()
        .find(|p| p.name.contains(' ') && crate::search::fold(&p.name) == folded)
    {
        return Some(p.name.clone());
    }
    let foreign = words
        .iter()
        .any(|w| w.chars().any(|c| c.is_alphabetic() && !c.is_ascii()));
    let part = |w: &&str| {
        name_like(w)
            || (foreign && w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic))
    };
    if (2..=4).contains(&words.len()) && words.iter().all(part) {
        return Some(
            words
                .iter()
                .map(|w| title_case(w))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    if words.len() == 1 {
        let folded = crate::search::fold(words[0]).replace(' ', "");
        return people
            .iter()
            .find(|p| {
                let glued = crate::search::fold(&p.name).replace(' ', "");
                glued.len() >= 6 && folded.starts_with(&glued)
            })
            .map(|p| p.name.clone());
    }
    None
}

/// A name cell of two or three capitalised words of letters, none of them a word that
/// is never a name's.
fn cell_name(cell: &str, language: Language, lexicon: &Lexicon) -> Option<String> {
    let words: Vec<&str> = cell.split_whitespace().collect();
    let name_word = |w: &&str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase)
            && chars.all(|c| c.is_alphabetic() && c.is_lowercase() || c == '-')
            && !lexicon.not_names.contains(&language.lower(w))
    };
    ((2..=3).contains(&words.len()) && words.iter().all(name_word)).then(|| words.join(" "))
}

fn title_case(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| {
            f.to_uppercase()
                .chain(c.flat_map(char::to_lowercase))
                .collect()
        })
        .unwrap_or_default()
}

/// An event the reader settles on for a person, with where it was read.
#[derive(Debug, Clone)]
struct Chosen {
    mention: EventMention,
    sentence_text: String,
}

/// What the reading of one article has found, for the findings of its people.
#[derive(Clone, Copy)]
struct Found<'a> {
    text: &'a str,
    /// The text with its tables blanked out.
    masked: &'a str,
    /// Where each sentence's clauses break.
    clause_breaks: &'a [Vec<usize>],
    /// The next hearing each paragraph (line) announces.
    next_hearings: &'a HashMap<usize, PartialDate>,
    sentences: &'a [Sentence],
    events: &'a [EventMention],
    tables: &'a [Table],
    /// Where each person is named, by sentence: (byte offset, person index).
    written: &'a HashMap<usize, Vec<(usize, usize)>>,
    published: Option<Date>,
    language: Language,
    lexicon: Option<&'static Lexicon>,
}

/// The finding for person `index` of the article, if an event of theirs is reported.
fn finding(found: &Found<'_>, index: usize, person: &Person) -> Option<Finding> {
    let Found {
        text,
        masked,
        clause_breaks,
        next_hearings,
        sentences,
        events,
        tables,
        written,
        published,
        language,
        lexicon,
    } = *found;
    let mut candidates: Vec<Chosen> = Vec::new();
    let mut context = String::new();
    let mut charges: Vec<String> = Vec::new();
    let mut facility = None;
    let mut next_hearing = None;
    let mut sentence_months = None;
    let add_charges = |charges: &mut Vec<String>, found: Vec<String>| {
        for c in found {
            if !charges.contains(&c) {
                charges.push(c);
            }
        }
    };
    // Each clause is read once for a person, however often it names them.
    let mut read_clauses: std::collections::HashSet<(usize, usize)> =
        std::collections::HashSet::new();
    for m in &person.mentions {
        let s = &sentences[m.sentence];
        let others = written
            .get(&m.sentence)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|(_, p)| *p != index)
            .map(|(at, _)| *at);
        let (from, to) = own_clause(s, &clause_breaks[m.sentence], m.at, others);
        if !read_clauses.insert((from, to)) {
            continue;
        }
        let body = &masked[from..to];
        context.push_str(body);
        context.push(' ');
        add_charges(&mut charges, facts::charges(body));
        facility = facility.or_else(|| facility_in(body));
        let own = in_sentence(events, m.sentence);
        let own = &own[own.partition_point(|e| e.at < from)..own.partition_point(|e| e.at < to)];
        for e in own {
            candidates.push(Chosen {
                mention: e.clone(),
                sentence_text: body.trim().to_string(),
            });
        }
        // A list item takes its heading's events.
        if s.item
            && let Some(heading) = heading_of(sentences, m.sentence)
        {
            for e in in_sentence(events, heading) {
                candidates.push(Chosen {
                    mention: inherit(e, events),
                    sentence_text: body.trim().to_string(),
                });
            }
        }
        // "The next hearing is set for ..." in the same paragraph.
        next_hearing = next_hearing.or_else(|| next_hearings.get(&s.line).copied());
    }
    for row in &person.rows {
        let table = &tables[row.table];
        context.push_str(&row.cells);
        context.push(' ');
        add_charges(&mut charges, row.articles.clone());
        add_charges(&mut charges, facts::charges(&row.cells));
        // The status cell's words, and where they stand: the row's date is the one
        // written with them ("Detained 14.11.2024 Sentenced 20.06.2026").
        let cell_words = word_spans(&row.cells);
        let lower: Vec<String> = cell_words.iter().map(|(_, w)| language.lower(w)).collect();
        let own = TableWords::of(language)
            .status_in(&lower)
            .map(|(kind, i)| (kind, cell_words[i].0))
            .or_else(|| {
                events_of(&row.cells, language, lexicon)
                    .first()
                    .map(|(k, at)| (*k, *at))
            });
        let months = facts::sentence_months(&row.cells).first().copied();
        match own {
            Some((kind, status_at)) => {
                // A row writes its status first, then its date ("Sentenced
                // 20.06.2026", "House arrest since 23.01.2026"); the end of a measure
                // ("арест до 14.08.2026") is no event's date.
                let dates = dates_in(&row.cells, published);
                let date = dates
                    .iter()
                    .find(|d| d.start >= status_at && !ends_a_measure(&row.cells, d, language))
                    .map(|d| d.date)
                    .or_else(|| nearest_date(&dates, status_at, &row.cells, language));
                let mention = EventMention {
                    background: false,
                    sentence: usize::MAX,
                    kind,
                    at: table.start,
                    date,
                    reason: (kind == EventKind::Released)
                        .then(|| reason_of(&row.cells, language, lexicon))
                        .flatten(),
                    inherited: false,
                };
                candidates.push(Chosen {
                    mention: inherit_if_near(&mention, events, table.start),
                    sentence_text: row.cells.clone(),
                });
                // The term of a row whose person was sentenced, whatever happened since.
                if months.is_some() && stage(kind) >= 2 && kind != EventKind::Hearing {
                    sentence_months = months;
                }
            }
            None => {
                // The event the text before the table reports, and its charges.
                let before: Vec<EventMention> = written_before(events, table.start)
                    .iter()
                    .rev()
                    .take_while(|e| table.start - e.at < 1500)
                    .cloned()
                    .collect();
                if let Some(best) = choose(before) {
                    let s = &sentences[best.sentence];
                    if best.kind == EventKind::Sentenced {
                        sentence_months = sentence_months.or(months);
                    }
                    candidates.push(Chosen {
                        mention: best,
                        sentence_text: masked[s.start..s.end].trim().to_string(),
                    });
                }
                if charges.is_empty() {
                    let window_start = floor_char(text, table.start.saturating_sub(1500));
                    add_charges(
                        &mut charges,
                        facts::charges(&masked[window_start..table.start]),
                    );
                }
            }
        }
    }
    let mentions: Vec<EventMention> = candidates.iter().map(|c| c.mention.clone()).collect();
    // A note (a hunger strike, ill-treatment) does not move a status: the status is
    // that of the person's other events, when the page reports any.
    let standing = choose(
        mentions
            .iter()
            .filter(|e| !e.kind.is_note())
            .cloned()
            .collect(),
    );
    let best = choose(mentions)?;
    let evidence = candidates
        .iter()
        .find(|c| c.mention.at == best.at && c.mention.kind == best.kind)
        .map(|c| c.sentence_text.clone())
        .unwrap_or_default();
    // Undated: the nearest earlier dated event of the same stage within a paragraph
    // or two ("the arrest on 28 August ... Police detained X ... remanded").
    let mut best = best;
    if best.date.is_none() {
        best = inherit_if_near(&best, events, best.at);
    }
    let serving = lexicon.is_some_and(|l| {
        lower_words(&context, language)
            .iter()
            .any(|w| l.serving.contains(w))
    });
    let status = status_of(
        standing.as_ref().map_or(best.kind, |e| e.kind),
        &context.to_lowercase(),
        facility.as_deref(),
        serving,
    );
    let sentenced = matches!(best.kind, EventKind::Sentenced | EventKind::AppealDecided);
    // The term of a sentence the page reports, whatever happened since: a person
    // freed, moved or dead after their sentence keeps its length on the record.
    let acquitted = matches!(
        best.reason,
        Some(ReleaseReason::Acquitted | ReleaseReason::ChargesDropped)
    );
    let term_given = sentenced
        || sentence_months.is_some()
        || (stage(best.kind) >= 2
            && !acquitted
            && best.kind != EventKind::Hearing
            && (candidates.iter().any(|c| {
                matches!(
                    c.mention.kind,
                    EventKind::Sentenced | EventKind::AppealDecided
                )
            }) || matches!(
                best.reason,
                Some(
                    ReleaseReason::Served
                        | ReleaseReason::Pardoned
                        | ReleaseReason::Amnesty
                        | ReleaseReason::Conditional
                )
            )));
    if term_given && sentence_months.is_none() {
        // "A got 9 years, B 8 years and 6 months": the term written after the
        // person's own name, before the next person's; else the sentence's first.
        let own_term = person.mentions.iter().find_map(|m| {
            let s = &sentences[m.sentence];
            let at = m.at?;
            let next = written
                .get(&m.sentence)
                .into_iter()
                .flatten()
                .filter(|(o, p)| *p != index && *o > at)
                .map(|(o, _)| *o)
                .min()
                .unwrap_or(s.end);
            facts::sentence_months(&masked[at..next]).first().copied()
        });
        sentence_months = own_term.or_else(|| {
            person.mentions.iter().find_map(|m| {
                let s = &sentences[m.sentence];
                facts::sentence_months(&masked[s.start..s.end])
                    .first()
                    .copied()
            })
        });
    }
    let released = best.kind == EventKind::Released;
    let keeps_facility = matches!(
        best.kind,
        EventKind::Transferred
            | EventKind::DiedInCustody
            | EventKind::Arrested
            | EventKind::Remanded
            | EventKind::Released
    );
    Some(Finding {
        name: person.name.clone(),
        status: Some(status),
        event: Some(best.kind),
        date: best.date,
        charges,
        sentence_months: if term_given { sentence_months } else { None },
        release_reason: if released { best.reason } else { None },
        facility: if keeps_facility { facility } else { None },
        next_hearing: if best.kind == EventKind::Hearing {
            next_hearing
        } else {
            None
        },
        evidence,
        variants: Vec::new(),
    })
}

/// The finding of a person an appeal demands freed and the page reports no event of:
/// held, since an unknown date; serving a sentence when the page says so.
fn held_by_appeal(found: &Found<'_>, person: &Person) -> Finding {
    let context: String = person
        .mentions
        .iter()
        .map(|m| {
            let s = &found.sentences[m.sentence];
            &found.masked[s.start..s.end]
        })
        .collect::<Vec<_>>()
        .join(" ");
    // Serving a sentence when the page gives its term or its sentencing.
    let serving = !facts::sentence_months(&context).is_empty()
        || events_of(&context, found.language, found.lexicon)
            .iter()
            .any(|(k, _)| matches!(k, EventKind::Sentenced | EventKind::AppealDecided));
    let evidence = person
        .mentions
        .first()
        .map(|m| {
            let s = &found.sentences[m.sentence];
            found.masked[s.start..s.end].trim().to_string()
        })
        .unwrap_or_default();
    Finding {
        name: person.name.clone(),
        status: Some(if serving {
            Status::Imprisoned
        } else {
            Status::DetainedPretrial
        }),
        event: Some(EventKind::Arrested),
        date: None,
        charges: facts::charges(&context),
        sentence_months: None,
        release_reason: None,
        facility: None,
        next_hearing: None,
        evidence,
        variants: Vec::new(),
    }
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn heading_of(sentences: &[Sentence], index: usize) -> Option<usize> {
    let mut i = index;
    while i > 0 {
        i -= 1;
        if sentences[i].heading {
            return Some(i);
        }
        if !sentences[i].item {
            return None;
        }
    }
    None
}

/// Where the clauses of a sentence break (absolute byte offsets, in order).
fn clause_breaks_of(text: &str, s: &Sentence, lexicon: Option<&Lexicon>) -> Vec<usize> {
    let body = &text[s.start..s.end];
    let extra = lexicon.map_or(&[][..], |l| l.clauses.as_slice());
    let mut breaks: Vec<usize> = CLAUSE_BREAKS
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .flat_map(|b| body.match_indices(b).map(|(i, _)| s.start + i))
        .collect();
    breaks.sort_unstable();
    breaks
}

/// Words that open a clause about someone else: "X was released, while Y remains".
const CLAUSE_BREAKS: &[&str] = &[
    "; ",
    " while ",
    " whereas ",
    " whilst ",
    " but ",
    " although ",
];

/// The byte range of the clause of sentence `s` that names the person at `at`, when
/// another clause of it names someone else (`others`); else the whole sentence.
fn own_clause(
    s: &Sentence,
    breaks: &[usize],
    at: Option<usize>,
    others: impl Iterator<Item = usize>,
) -> (usize, usize) {
    let whole = (s.start, s.end);
    let Some(at) = at else { return whole };
    if breaks.is_empty() {
        return whole;
    }
    let clause_of = |p: usize| breaks.partition_point(|b| *b <= p);
    let mine = clause_of(at);
    // A few of the others tell; a sentence naming thousands is not prose.
    if !others.take(64).any(|o| clause_of(o) != mine) {
        return whole;
    }
    let from = if mine == 0 { s.start } else { breaks[mine - 1] };
    let to = breaks.get(mine).copied().unwrap_or(s.end);
    (from, to)
}

/// The events of a sentence (events are in the order written, so by sentence too).
fn in_sentence(events: &[EventMention], sentence: usize) -> &[EventMention] {
    let from = events.partition_point(|e| e.sentence < sentence);
    let to = events.partition_point(|e| e.sentence <= sentence);
    &events[from..to]
}

/// The events written before byte `at`.
fn written_before(events: &[EventMention], at: usize) -> &[EventMention] {
    &events[..events.partition_point(|e| e.at < at)]
}

/// An undated event takes the date (and release reason) of the nearest earlier dated
/// event of the same kind anywhere in the article.
fn inherit(e: &EventMention, events: &[EventMention]) -> EventMention {
    if e.date.is_some() {
        return e.clone();
    }
    // The nearest one; a search bounded so that a huge page stays linear.
    let source = written_before(events, e.at)
        .iter()
        .rev()
        .take(10_000)
        .find(|o| o.kind == e.kind && o.date.is_some());
    match source {
        Some(o) => EventMention {
            date: o.date,
            reason: e.reason.or(o.reason),
            inherited: true,
            ..e.clone()
        },
        None => e.clone(),
    }
}

/// Like `inherit`, for events of the same stage written at most 600 bytes before.
fn inherit_if_near(e: &EventMention, events: &[EventMention], at: usize) -> EventMention {
    if e.date.is_some() {
        return e.clone();
    }
    let source = written_before(events, at)
        .iter()
        .rev()
        .take_while(|o| at - o.at <= 600)
        .find(|o| stage(o.kind) == stage(e.kind) && o.date.is_some());
    match source {
        Some(o) => EventMention {
            date: o.date,
            inherited: true,
            ..e.clone()
        },
        None => e.clone(),
    }
}

fn stage(kind: EventKind) -> u8 {
    match kind {
        EventKind::Arrested | EventKind::Charged | EventKind::Remanded | EventKind::HouseArrest => {
            1
        }
        EventKind::Hearing => 2,
        EventKind::Sentenced | EventKind::AppealFiled | EventKind::AppealDecided => 3,
        EventKind::Transferred
        | EventKind::HungerStrike
        | EventKind::HealthConcern
        | EventKind::IllTreatmentReported
        | EventKind::VisitDenied
        | EventKind::Disappeared => 2,
        EventKind::Released => 5,
        EventKind::DiedInCustody => 6,
    }
}

/// The event an article reports for a person (see the module doc).
fn choose(mut events: Vec<EventMention>) -> Option<EventMention> {
    // The person's past (an older conviction, a pardon years ago) is not the news,
    // unless the page tells nothing newer.
    if events.iter().any(|e| !e.background) {
        events.retain(|e| !e.background);
    }
    if let Some(terminal) = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Released | EventKind::DiedInCustody))
        .max_by_key(|e| (e.date.is_some(), e.date.map(PartialDate::earliest)))
    {
        return Some(terminal.clone());
    }
    // Within a stage the more telling event wins: a remand over the arrest it
    // follows, an arrest over the charge brought with it.
    events.sort_by_key(|e| {
        (
            e.date.map(PartialDate::earliest),
            stage(e.kind),
            specificity(e.kind),
            !e.inherited,
        )
    });
    let dated = events.iter().rev().find(|e| e.date.is_some()).cloned();
    let undated_later = events
        .iter()
        .filter(|e| e.date.is_none())
        .max_by_key(|e| (stage(e.kind), specificity(e.kind)))
        .cloned();
    match (dated, undated_later) {
        (Some(d), Some(u)) if stage(u.kind) == stage(d.kind) && u.kind == EventKind::Remanded => {
            Some(EventMention {
                date: d.date,
                inherited: true,
                ..u
            })
        }
        (Some(d), Some(u)) if stage(u.kind) > stage(d.kind) && stage(u.kind) >= 3 => Some(u),
        (Some(d), _) => Some(d),
        (None, u) => u,
    }
}

fn specificity(kind: EventKind) -> u8 {
    match kind {
        EventKind::Remanded | EventKind::HouseArrest => 3,
        EventKind::Arrested => 2,
        EventKind::Charged => 1,
        _ => 0,
    }
}

/// The status an event leaves a person in; `serving` when the text says they serve a
/// sentence in words of another language than English.
fn status_of(kind: EventKind, context: &str, facility: Option<&str>, serving: bool) -> Status {
    let serving = serving
        || context.contains("imprisoned")
        || context.contains("serving")
        || facility.is_some_and(|f| {
            let f = f.to_lowercase();
            f.contains("penitentiary") || f.contains("colony") || f.contains("prison")
        });
    match kind {
        EventKind::DiedInCustody => Status::Deceased,
        EventKind::Released => Status::Released,
        EventKind::Sentenced | EventKind::AppealDecided | EventKind::AppealFiled => {
            Status::Imprisoned
        }
        EventKind::Hearing => Status::OnTrial,
        EventKind::HouseArrest => Status::HouseArrest,
        EventKind::Disappeared => Status::WhereaboutsUnknown,
        // A remand is pre-trial detention, wherever it is served.
        EventKind::Remanded => Status::DetainedPretrial,
        EventKind::Arrested | EventKind::Charged => {
            if serving {
                Status::Imprisoned
            } else {
                Status::DetainedPretrial
            }
        }
        EventKind::Transferred
        | EventKind::HungerStrike
        | EventKind::HealthConcern
        | EventKind::IllTreatmentReported
        | EventKind::VisitDenied => {
            if serving || context.contains("sentence") {
                Status::Imprisoned
            } else {
                Status::DetainedPretrial
            }
        }
    }
}

/// Words that make a capitalised run a place of detention.
const FACILITY_WORDS: &[&str] = &[
    "penitentiary",
    "prison",
    "colony",
    "jail",
    "gaol",
    "isolator",
    "detention",
    "camp",
    "institution",
];

/// A place of detention named in a sentence: a capitalised run with a facility word,
/// with its number ("Penitentiary Institution No. 4", "Prison No. 2"). Of a transfer
/// "from A to B", B.
fn facility_in(sentence: &str) -> Option<String> {
    let words = word_spans(sentence);
    let mut found: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let capital = |k: usize| capitalised_at(&words, k);
        if !capital(i) {
            i += 1;
            continue;
        }
        let mut j = i;
        while capital(j + 1) && !words[j + 1].1.eq_ignore_ascii_case("no") {
            let end = words[j].0 + words[j].1.len();
            if !sentence[end..words[j + 1].0].trim().is_empty() {
                break;
            }
            j += 1;
        }
        let run: Vec<&str> = words[i..=j].iter().map(|(_, w)| *w).collect();
        if run
            .iter()
            .any(|w| FACILITY_WORDS.contains(&w.to_lowercase().as_str()))
        {
            let mut name = run.join(" ");
            // "No. 4"
            if words
                .get(j + 1)
                .is_some_and(|(_, w)| w.eq_ignore_ascii_case("no"))
                && let Some((_, n)) = words.get(j + 2)
                && n.chars().all(|c| c.is_ascii_digit())
            {
                name.push_str(" No. ");
                name.push_str(n);
                j += 2;
            }
            found.push(name);
        }
        i = j + 1;
    }
    found.pop()
}

const COUNTRIES: &str = include_str!("../../data/countries.tsv");
const CITIES: &str = include_str!("../../data/cities.tsv");

/// Country and city names by their first word (lower case): (the name's words, code).
type Places = HashMap<String, Vec<(Vec<String>, &'static str)>>;

fn places() -> &'static Places {
    static PLACES: std::sync::OnceLock<Places> = std::sync::OnceLock::new();
    PLACES.get_or_init(|| {
        let mut out: Places = HashMap::new();
        for line in COUNTRIES.lines().chain(CITIES.lines()) {
            let mut parts = line.split('\t');
            let Some(code) = parts.next() else { continue };
            for name in parts {
                let words: Vec<String> = name
                    .to_lowercase()
                    .split(|c: char| !c.is_alphanumeric() && c != '-')
                    .filter(|w| !w.is_empty())
                    .map(String::from)
                    .collect();
                if let Some(first) = words.first() {
                    out.entry(first.clone()).or_default().push((words, code));
                }
            }
        }
        out
    })
}

/// The country named most often, counting its cities.
fn country(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let places = places();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        let Some(named) = places.get(*w) else {
            continue;
        };
        for (name, code) in named {
            let here = words.get(i..i + name.len());
            if here.is_some_and(|h| h.iter().zip(name).all(|(a, b)| a == b)) {
                *counts.entry(code).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(code, n)| (*n, std::cmp::Reverse(*code)))
        .map(|(code, _)| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_in_capitals_is_no_person_but_a_name_in_capitals_is() {
        let published = Date::parse("2026-07-24").ok();
        let heading = read(
            "RUSSIAN FEDERATION: JAILED ACTIVIST'S WHEREABOUTS UNKNOWN AFTER TRANSFER\n\n\
             Police arrested ANAR GULIYEV in Moscow on 12 July 2026.",
            published,
            &[],
        );
        let names: Vec<&str> = heading.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(names[0].eq_ignore_ascii_case("Anar Guliyev"), "{names:?}");
    }

    #[test]
    fn an_outlet_named_like_a_person_is_not_one_anywhere_on_the_page() {
        let published = Date::parse("2026-11-06").ok();
        let r = read(
            "Police detained Deniz Karaca, a reporter for the news website Gündem Ekspres, \
             on Tuesday.\n\nGündem Ekspres said it stood by its reporting and was \
             detained by nobody.",
            published,
            &[],
        );
        let names: Vec<&str> = r.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Deniz Karaca"]);
        assert!(
            r.organisations.iter().any(|o| o == "Gündem Ekspres"),
            "{:?}",
            r.organisations
        );
    }

    #[test]
    fn a_sentence_a_person_only_faces_is_no_event() {
        for hedged in [
            "If convicted, Anar Guliyev faces up to 12 years in prison.",
            "If found guilty, he could be jailed for ten years.",
            "Unless acquitted, she risks seven years.",
        ] {
            assert_eq!(event_words(hedged), [], "{hedged}");
        }
        let kinds: Vec<EventKind> = event_words("Anar Guliyev was convicted in May.")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(kinds, [EventKind::Sentenced]);
    }

    #[test]
    fn a_name_in_lower_case_is_a_mention_with_its_given_name() {
        let published = Date::parse("2026-10-02").ok();
        let az = read(
            "Bloger Vüqar Əsgərov ötən il həbs edilib.\n\nSiyahıdan çıxarılanlar: \
             vüqar əsgərov 24 aprel tarixində cəzasını çəkərək azadlığa çıxıb.",
            published,
            &[],
        );
        assert_eq!(az.people.len(), 1, "{:?}", az.people);
        assert_eq!(az.people[0].event, Some(EventKind::Released));
        assert_eq!(az.people[0].release_reason, Some(ReleaseReason::Served));
        assert!(same_given_name("елене", "Елена", Language::Ru));
        assert!(!same_given_name("его", "Егор", Language::Ru));
    }

    #[test]
    fn a_name_restated_in_another_script_is_one_person() {
        let published = Date::parse("2026-07-24").ok();
        let en = read(
            "The activist Artyom Belyaev (Артём Беляев) was detained on 14 July. Belyaev, 29, \
             is charged under Article 207.3 of the Criminal Code.",
            published,
            &[],
        );
        let names: Vec<&str> = en.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Artyom Belyaev"]);
        assert_eq!(en.people[0].charges, ["207.3"]);
        assert_eq!(en.people[0].variants, ["Артём Беляев"]);
        let ru = read(
            "Алексей Грицук (Аляксей Грыцук), 41 год, инженер из Гомеля. Задержан 2 апреля \
             2026 года по ч. 1 ст. 361-4 УК, содержится в СИЗО-3 Гомеля.",
            published,
            &[],
        );
        assert_eq!(ru.language, "ru");
        let names: Vec<&str> = ru.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Алексей Грицук"]);
        assert_eq!(ru.people[0].variants, ["Аляксей Грыцук"]);
        assert_eq!(ru.people[0].event, Some(EventKind::Arrested));
        assert_eq!(
            ru.people[0].date.map(|d| d.to_string()).as_deref(),
            Some("2026-04-02")
        );
        assert_eq!(ru.people[0].charges, ["361-4"]);
    }

    #[test]
    fn russian_and_azerbaijani_pages_are_read_and_others_are_named() {
        let published = Date::parse("2026-10-02").ok();
        let ru = read(
            "Суд в четверг перевёл учительницу Елену Шахову под домашний арест. Адвокат \
             Шаховой Артём Лисин сказал, что её обвиняют по ч. 1 ст. 280.3 УК.",
            published,
            &[],
        );
        assert_eq!(ru.people.len(), 1, "{:?}", ru.people);
        let shahova = &ru.people[0];
        assert_eq!(shahova.name, "Елена Шахова");
        assert_eq!(shahova.event, Some(EventKind::HouseArrest));
        assert_eq!(shahova.status, Some(Status::HouseArrest));
        assert_eq!(
            shahova.date.map(|d| d.to_string()).as_deref(),
            Some("2026-10-01")
        );
        let az = read(
            "Fəal Vasif Cəlilov 2025-ci ilin iyulunda həbs edilib. Ötən cümə məhkəmə \
             Cəlilovu Cinayət Məcəlləsinin 221.3-cü maddəsi ilə 5 il 6 ay azadlıqdan məhrum \
             edib. Onun vəkili Nail Əzizov bildirib ki, hökm ədalətsizdir.",
            published,
            &[],
        );
        assert_eq!(az.language, "az");
        assert_eq!(az.people.len(), 1, "{:?}", az.people);
        let celilov = &az.people[0];
        assert_eq!(celilov.name, "Vasif Cəlilov");
        assert_eq!(celilov.event, Some(EventKind::Sentenced));
        assert_eq!(celilov.sentence_months, Some(66));
        assert_eq!(celilov.charges, ["221.3"]);
        assert_eq!(
            celilov.date.map(|d| d.to_string()).as_deref(),
            Some("2026-09-25")
        );
        // A language ingest does not read says so and proposes no one.
        let be = read(
            "Журналіста Андрэя Кузьмініча затрымалі ў панядзелак у Мінску.",
            published,
            &[],
        );
        assert_eq!((be.language.as_str(), be.people.len()), ("be", 0));
    }

    /// Each person of a flattened table takes their own row: its status, its date
    /// beside the status, its bare articles and its term.
    #[test]
    fn rows_of_a_flattened_table_belong_to_their_names() {
        let published = Date::parse("2026-10-16").ok();
        let by_name = |reading: Reading| -> HashMap<String, Finding> {
            reading
                .people
                .into_iter()
                .map(|f| (f.name.clone(), f))
                .collect()
        };
        let en = by_name(read(
            "The table below lists the changes.\n\nName Outlet Detained Status Charges \
             Sentence Kamran Eyvazov Sahil News 14.11.2024 Sentenced 20.06.2026 206.3.2, \
             193-1.3.1 8 years 6 months Orkhan Badalov freelance 03.03.2026 Pre-trial \
             detention 192.3.2 – Ramiz Aghayev blogger 02.05.2023 Released 02.09.2026 \
             (sentence served) 221.3 3 years 4 months\n\nSources: court records.",
            published,
            &[],
        ));
        assert_eq!(en.len(), 3, "{en:?}");
        let eyvazov = &en["Kamran Eyvazov"];
        assert_eq!(eyvazov.status, Some(Status::Imprisoned));
        assert_eq!(
            eyvazov.date.map(|d| d.to_string()).as_deref(),
            Some("2026-06-20")
        );
        assert_eq!(eyvazov.charges, ["206.3.2", "193-1.3.1"]);
        assert_eq!(eyvazov.sentence_months, Some(102));
        assert_eq!(en["Orkhan Badalov"].status, Some(Status::DetainedPretrial));
        let aghayev = &en["Ramiz Aghayev"];
        assert_eq!(aghayev.status, Some(Status::Released));
        assert_eq!(aghayev.release_reason, Some(ReleaseReason::Served));
        assert_eq!(aghayev.sentence_months, Some(40));
        let ru = by_name(read(
            "Суд перевёл учительницу под домашний арест.\n\nФигуранты дела: Имя Мера \
             пресечения Статья Елена Шахова домашний арест ч. 1 ст. 280.3 Денис Руденко \
             освобождён под залог ч. 1 ст. 280.3\n\nДалее.",
            published,
            &[],
        ));
        assert_eq!(ru["Елена Шахова"].status, Some(Status::HouseArrest));
        assert_eq!(ru["Денис Руденко"].status, Some(Status::Released));
        assert_eq!(ru["Денис Руденко"].charges, ["280.3"]);
        let az = by_name(read(
            "Siyahı yeniləndi.\n\nDəyişikliklər cədvəli: Ad, soyad Maddələr Cəza Status \
             Ramil Hüseynli 234.4.3 4 ay həbs İstintaq altında td ><td > Aysel Qurbanova \
             td ><td > 206.3.2 td ><td > 7 il 6 ay td ><td > Məhkum < /tr >\n\nSon.",
            published,
            &[],
        ));
        // Rows that ran on after a piped table, a name the dictionary does not know
        // at the head of a row, a name in lower case inside one, and the possessor
        // between a role word and the role's holder.
        let ru = by_name(read(
            "Имя | Издание | Мера / приговор\nТогрул Мамедли | «Ачыг Сёз» | арест до \
             14.08.2026\n\nНигяр Гусейнли «Ачыг Сёз» 8 лет лишения свободы 15 мая осуждена \
             Эльвин Керимзаде «Ишыг ТВ» 9 лет лишения свободы 27 мая осужден самира \
             аллахвердиева фриланс домашний арест 26 мая переведена под домашний арест\n\n\
             Самиру Аллахвердиеву перевели под домашний арест. Адвокат Нигяр Гусейнли Намик \
             Алекперов сообщил, что приговор обжалован.",
            Date::parse("2026-06-08").ok(),
            &[],
        ));
        assert_eq!(
            ru["Нигяр Гусейнли"].status,
            Some(Status::Imprisoned),
            "{ru:?}"
        );
        assert_eq!(ru["Эльвин Керимзаде"].sentence_months, Some(108));
        let samira = &ru["Самира Аллахвердиева"];
        assert_eq!(samira.status, Some(Status::HouseArrest));
        assert_eq!(
            samira.date.map(|d| d.to_string()).as_deref(),
            Some("2026-05-26")
        );
        assert!(!ru.contains_key("Намик Алекперов"));
        assert_eq!(az["Ramil Hüseynli"].status, Some(Status::DetainedPretrial));
        assert_eq!(az["Ramil Hüseynli"].sentence_months, None);
        assert_eq!(az["Aysel Qurbanova"].status, Some(Status::Imprisoned));
        assert_eq!(az["Aysel Qurbanova"].sentence_months, Some(90));
        assert_eq!(az["Aysel Qurbanova"].charges, ["206.3.2"]);
    }

    /// A relative who speaks for a prisoner and a head of state who pardons are named
    /// beside the case; neither is one. A party member set off the same way is.
    #[test]
    fn relatives_and_those_who_pardon_are_not_cases() {
        let published = Date::parse("2026-08-20").ok();
        let names = |text: &str, code: &str| -> Vec<String> {
            read_in(text, published, &[], code)
                .people
                .into_iter()
                .map(|f| f.name)
                .collect()
        };
        assert_eq!(
            names(
                "Police detained Leyla Safarli on 17 February. Her husband, Ramil Safarli, \
                 said she had lost weight. Iryna Zhaleznjak, the wife of a jailed leader, \
                 wrote to the court. On 17 August Aliaksandr Lukashenka pardoned 16 people. \
                 Rauf Abdullayev, member of the Popular Front, was arrested on 3 May.",
                "en"
            ),
            ["Leyla Safarli", "Rauf Abdullayev"]
        );
        assert_eq!(
            names(
                "В четверг по помилованию вышла Ольга Бранцевич. Ранее Александр Лукашенко \
                 помиловал ещё 16 человек.",
                "ru"
            ),
            ["Ольга Бранцевич"]
        );
        // A role set off by a comma before the name is still its bearer's; a speaker
        // in another phrase of the sentence is not.
        assert_eq!(
            names(
                "14 февраля Андрея Лапицкого этапировали из колонии. МВД ответило на запрос \
                 его матери, Галины Лапицкой, что сведений нет. Суд арестовал Елену Шахову \
                 в четверг. По словам адвоката Шаховой Артёма Лисина, теперь Елене Шаховой \
                 запрещено выходить из квартиры.",
                "ru"
            ),
            ["Андрей Лапицкий", "Елена Шахова"]
        );
        assert_eq!(
            names(
                "Dünən Orxan Bağırlı əfv sərəncamı ilə azad edilib. Ötən ay Rəşad Məmmədov \
                 16 məhbusu əfv edib.",
                "az"
            ),
            ["Orxan Bağırlı"]
        );
    }

    /// An event takes the date of its own clause; the end of a measure ("until 14
    /// November") is no event's date; a sentence opening "Ранее" tells the past.
    #[test]
    fn dates_bind_to_their_events() {
        let date = |f: &Finding| f.date.map(|d| d.to_string());
        let found = people(
            "Nikolai Surmin, sentenced in 2024 to six years, died in custody on 12 July.",
            Date::parse("2026-07-20").ok(),
        );
        assert_eq!(found[0].event, Some(EventKind::DiedInCustody));
        assert_eq!(date(&found[0]).as_deref(), Some("2026-07-12"));
        let found = people(
            "On Thursday the court placed Elena Shakhova under house arrest until 14 November.",
            Date::parse("2026-10-02").ok(),
        );
        assert_eq!(found[0].event, Some(EventKind::HouseArrest));
        assert_eq!(date(&found[0]).as_deref(), Some("2026-10-01"));
        let ru = read_in(
            "Суд в четверг перевёл учительницу Елену Шахову под домашний арест до 14 ноября. \
             Ранее суд уже отказывал Шаховой в домашнем аресте, когда защита обжаловала её \
             арест.",
            Date::parse("2026-10-02").ok(),
            &[],
            "ru",
        );
        assert_eq!(ru.people[0].event, Some(EventKind::HouseArrest));
        assert_eq!(date(&ru.people[0]).as_deref(), Some("2026-10-01"));
    }

    /// The forms of a detention bulletin: renewals, adjournments, a lawyer who is
    /// himself arrested.
    #[test]
    fn a_bulletin_renews_adjourns_and_arrests_lawyers() {
        let published = Date::parse("2026-10-12").ok();
        let one = |text: &str| {
            let found = people(text, published);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            found.into_iter().next().unwrap()
        };
        let hoda = one(
            "On 6 October the SSSP renewed the pretrial detention of blogger Hoda \
             Abdel-Rahman for 15 days. She has been held in al-Qanater Women's Prison since May.",
        );
        assert_eq!(hoda.event, Some(EventKind::Remanded));
        assert_eq!(
            hoda.status,
            Some(Status::DetainedPretrial),
            "a remand is pre-trial"
        );
        assert_eq!(
            hoda.date.map(|d| d.to_string()).as_deref(),
            Some("2026-10-06")
        );
        let gamal = one(
            "On Saturday the court adjourned to 2 November the trial of 14 defendants, \
             among them the blogger Mostafa Gamal.",
        );
        assert_eq!(gamal.event, Some(EventKind::Hearing));
        assert_eq!(
            gamal.date.map(|d| d.to_string()).as_deref(),
            Some("2026-10-10")
        );
        assert_eq!(
            gamal.next_hearing.map(|d| d.to_string()).as_deref(),
            Some("2026-11-02"),
            "a hearing to come is ahead of the page"
        );
        let mansour = one(
            "Human rights lawyer Karim Mansour was arrested at dawn on 8 October. His \
             lawyer Nabil Hafez said the arrest was unlawful.",
        );
        assert_eq!(mansour.name, "Karim Mansour");
        assert_eq!(mansour.event, Some(EventKind::Arrested));
        let saber = one("On 5 October the SSSP ordered student Ahmed Saber detained for 15 days.");
        assert_eq!(saber.event, Some(EventKind::Remanded));
        // "The next day" dates a sentence by the event before it, over a year alone.
        let mansour = one(
            "Karim Mansour was arrested at dawn on 8 October. He appeared before the SSSP \
             the next day and was ordered detained in Case No. 2210 of 2026.",
        );
        assert_eq!(mansour.event, Some(EventKind::Remanded));
        assert_eq!(
            mansour.date.map(|d| d.to_string()).as_deref(),
            Some("2026-10-09")
        );
        let az = read_in(
            "Ramil Hüseynli 11 aprel 2026-cı ildə saxlanılıb. Növbəti gün məhkəmə onun \
             barəsində həbs qətimkan tədbiri seçib.",
            published,
            &[],
            "az",
        );
        assert_eq!(az.people[0].event, Some(EventKind::Remanded));
        assert_eq!(
            az.people[0].date.map(|d| d.to_string()).as_deref(),
            Some("2026-04-12")
        );
    }

    /// Members of a group the sentence before spoke of take its events; a name with
    /// letters English does not write is a name in full.
    #[test]
    fn members_of_a_group_and_names_in_full() {
        let published = Date::parse("2026-09-01").ok();
        let found = people(
            "On 17 August Aliaksandr Lukashenka pardoned 16 people. Abarona has identified \
             seven of them, among them Ihar Shapavalau and Nina Rudzko.",
            published,
        );
        let names: Vec<&str> = found.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Ihar Shapavalau", "Nina Rudzko"]);
        for f in &found {
            assert_eq!(f.event, Some(EventKind::Released));
            assert_eq!(f.release_reason, Some(ReleaseReason::Pardoned));
            assert_eq!(f.date.map(|d| d.to_string()).as_deref(), Some("2026-08-17"));
        }
        // Without the group word, a later sentence's names are not the pardoned.
        let found = people(
            "On 17 August Aliaksandr Lukashenka pardoned 16 people. Ihar Shapavalau and \
             Nina Rudzko wrote about it.",
            published,
        );
        assert!(found.is_empty(), "{found:?}");
        let found = people(
            "Võ Hoàng Nam was sentenced on 3 May to seven years.",
            published,
        );
        assert_eq!(found[0].name, "Võ Hoàng Nam");
        assert_eq!(found[0].sentence_months, Some(84));
        let ru = read_in(
            "В среду помиловали 16 человек. Среди них Игорь Ляхович и Ольга Бранцевич.",
            published,
            &[],
            "ru",
        );
        assert_eq!(ru.people.len(), 2, "{:?}", ru.people);
        assert!(
            ru.people
                .iter()
                .all(|f| f.event == Some(EventKind::Released))
        );
    }

    /// The urgent appeal: the person whose release the headline demands, and whom the
    /// body says is held, is held by the page's own account, with no date; named in two
    /// scripts, one finding.
    #[test]
    fn an_appeal_reports_the_person_it_demands_freed_as_held() {
        let published = Date::parse("2026-10-12").ok();
        let one = |text: &str, code: &str| {
            let found = read_in(text, published, &[], code).people;
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            found.into_iter().next().unwrap()
        };
        let en = one(
            "Free Ales Bialiatski now\n\nWe call on the authorities to release Ales \
             Bialiatski (Алесь Бяляцкі) immediately and unconditionally. The human rights \
             defender remains in detention.",
            "en",
        );
        assert_eq!(en.name, "Ales Bialiatski");
        assert_eq!(en.status, Some(Status::DetainedPretrial));
        assert_eq!(en.date, None, "no date the page does not give");
        assert_eq!(en.variants, ["Алесь Бяляцкі"]);
        let ru = one(
            "Свободу Наталье Кулеш!\n\nМы требуем немедленно освободить Наталью Кулеш, \
             осуждённую на 4 года. Она находится в колонии.",
            "ru",
        );
        assert_eq!(ru.name, "Наталья Кулеш");
        assert_eq!(ru.status, Some(Status::Imprisoned));
        let az = one(
            "Ramin Əliyevi azad edin!\n\nBiz jurnalist Ramin Əliyevin dərhal azad \
             edilməsini tələb edirik. O, hazırda həbsdədir.",
            "az",
        );
        assert_eq!(az.name, "Ramin Əliyev");
        assert_eq!(az.status, Some(Status::DetainedPretrial));
        // A name in the body of a page with no demand in its opening is no finding.
        let news = read_in(
            "Elections were held on Sunday.\n\nVoters queued for hours. Later, Ales \
             Bialiatski said the vote was not free.",
            published,
            &[],
            "en",
        );
        assert!(news.people.is_empty(), "{:?}", news.people);
    }

    /// An older conviction and an old pardon are the person's past, not the news; the
    /// term of a sentence since served stays on the record.
    #[test]
    fn the_past_is_not_the_news_and_a_served_term_is_kept() {
        let published = Date::parse("2026-07-23").ok();
        let found = people(
            "A court on Wednesday sentenced Rauf Mammadzada to nine years in prison. \
             Mammadzada spent two years in prison between 2014 and 2016. He was freed then \
             under a pardon.",
            published,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].event, Some(EventKind::Sentenced));
        assert_eq!(found[0].status, Some(Status::Imprisoned));
        assert_eq!(found[0].sentence_months, Some(108));
        assert_eq!(found[0].release_reason, None);
        let found = people(
            "Igor Lyakhovich was released on 21 July after serving his full term. He was \
             sentenced in 2023 to three years for taking part in protests.",
            published,
        );
        assert_eq!(found[0].status, Some(Status::Released));
        assert_eq!(found[0].sentence_months, Some(36));
        let found = people(
            "On Monday the appeal court acquitted Ulviyya Hasanova, who had been sentenced \
             to four years, and she was released in the courtroom.",
            published,
        );
        assert_eq!(found[0].event, Some(EventKind::Released));
        assert_eq!(
            found[0].sentence_months, None,
            "an acquittal leaves no term"
        );
    }

    fn people(text: &str, published: Option<Date>) -> Vec<Finding> {
        read(text, published, &[]).people
    }

    #[test]
    fn an_arrest_with_its_date_and_charge() {
        let found = people(
            "Police in Ganja detained the journalist Zaur Qurbanli on 3 May 2025. \
             Qurbanli is charged under Article 188.2 of the Criminal Code.",
            None,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert_eq!(f.name, "Zaur Qurbanli");
        assert_eq!(f.event, Some(EventKind::Arrested));
        assert_eq!(f.status, Some(Status::DetainedPretrial));
        assert_eq!(f.date.map(|d| d.to_string()).as_deref(), Some("2025-05-03"));
        assert_eq!(f.charges, ["188.2"]);
    }

    #[test]
    fn lawyers_judges_and_speakers_are_not_cases() {
        let found = people(
            "Judge Elmar Rzazade sentenced Aygun Tapdiqli to six years. Her lawyer, Vugar Sadiqli, \
             said the hearing was unfair. \"It is a reprisal,\" said Nurlan Bagirli of the Press Union.",
            None,
        );
        let names: Vec<&str> = found.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Aygun Tapdiqli"]);
        assert_eq!(found[0].event, Some(EventKind::Sentenced));
        assert_eq!(found[0].sentence_months, Some(72));
    }

    #[test]
    fn demands_and_mentions_without_events_are_not_findings() {
        let found = people(
            "We call on the authorities to release Samira Valiyeva. Orkhan Zeynalli attended.",
            None,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn relative_dates_resolve_against_publication() {
        let published = Date::new(2026, 6, 20).ok();
        let found = people(
            "The court on Thursday sentenced Aygun Tapdiqli to 8 years.",
            published,
        );
        assert_eq!(
            found[0].date.map(|d| d.to_string()).as_deref(),
            Some("2026-06-18")
        );
    }

    #[test]
    fn a_release_beats_the_arrest_before_it_and_keeps_its_reason() {
        let found = people(
            "An amnesty act signed on 9 May 2024 freed several prisoners.\n\
             Those released under the act:\n\
             1. Zaur Qurbanli, arrested in 2022\n",
            None,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].event, Some(EventKind::Released));
        assert_eq!(
            found[0].date.map(|d| d.to_string()).as_deref(),
            Some("2024-05-09")
        );
        assert_eq!(found[0].release_reason, Some(ReleaseReason::Amnesty));
    }

    #[test]
    fn organisations_and_country() {
        let reading = read(
            "The Tbilisi City Court remanded Zaur Qurbanli. The Georgian Press Union and the \
             Human Rights House protested in Tbilisi.",
            None,
            &[],
        );
        assert!(
            reading
                .organisations
                .contains(&"Tbilisi City Court".to_string()),
            "{reading:?}"
        );
        assert!(
            reading
                .organisations
                .contains(&"Human Rights House".to_string()),
            "{reading:?}"
        );
        assert_eq!(reading.country.as_deref(), Some("GE"));
    }

    #[test]
    fn one_endless_sentence_of_names_and_dates_is_read_once() {
        // Thousands of mentions, events and dates in one sentence: each clause is read
        // once and each event looks at its neighbouring dates only.
        let text = "police detained Anar Quliyev on 3 May 2025 while Vugar Sadiqli was released on 4 May 2025; "
            .repeat(5_000);
        let found = people(&text, None);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].event, Some(EventKind::Arrested));
        assert_eq!(found[1].event, Some(EventKind::Released));
        assert_eq!(
            found[1].date.map(|d| d.to_string()).as_deref(),
            Some("2025-05-04")
        );
    }

    #[test]
    fn names_with_turkic_dotted_capitals_are_names() {
        let found = people("Police detained İlqar İsmayılov on 2 May 2025.", None);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].name, "İlqar İsmayılov");
    }

    #[test]
    fn pronouns_continue_the_sentence_before_and_clauses_keep_people_apart() {
        let found = people(
            "Police detained Zaur Qurbanli and Aygun Tapdiqli on 3 May 2025.\n\n\
             They are charged under Article 221.3.\n\n\
             Tapdiqli was released on bail the same evening, while Qurbanli remains in custody.",
            None,
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].name, "Zaur Qurbanli");
        assert_eq!(found[0].event, Some(EventKind::Arrested));
        assert_eq!(found[0].charges, ["221.3"]);
        assert_eq!(found[1].event, Some(EventKind::Released));
        assert_eq!(found[1].release_reason, Some(ReleaseReason::Bail));
        assert_eq!(
            found[1].date.map(|d| d.to_string()).as_deref(),
            Some("2025-05-03")
        );
    }

    #[test]
    fn facility_of_a_transfer_is_the_destination() {
        assert_eq!(
            facility_in("moved from the Ganja Prison to Penitentiary Institution No. 12 for men"),
            Some("Penitentiary Institution No. 12".into())
        );
    }
}
