//! Dates in article text, with their precision: "14 March 2026", "March 14, 2026",
//! "14.03.2026", "2026-03-14" (days); "March 2026" (a month); "in 2023" (a year); and
//! dates relative to the publication date: "14 March" (the latest such day not after
//! it), "on Thursday", "last Thursday", "yesterday", "today", "two days ago".
//! Impossible dates ("30 February 2024") are not dates.

use crate::domain::{Date, PartialDate};

/// A date found in the text, and the byte range it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub date: PartialDate,
    pub start: usize,
    pub end: usize,
}

/// Month names, lower case, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
/// Day names, lower case, Monday first.
pub(crate) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const NUMBERS: [&str; 10] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// Days of the week in Russian (in the cases a dateline uses) and Azerbaijani.
const OTHER_WEEKDAYS: [&str; 16] = [
    "понедельник",
    "вторник",
    "среда",
    "среду",
    "четверг",
    "пятница",
    "пятницу",
    "суббота",
    "субботу",
    "воскресенье",
    "bazar",
    "çərşənbə",
    "cümə",
    "şənbə",
    "ertəsi",
    "axşamı",
];

/// Words before a weekday that make it the one of the week before ("last Friday",
/// "в прошлую пятницу", "ötən cümə").
const LAST: [&str; 6] = ["last", "прошлую", "прошлый", "прошлое", "ötən", "keçən"];

/// A Russian or Azerbaijani day of the week written at `word` (and `next`): its index
/// (Monday 0) and how many words it takes. Azerbaijani names some days in two words
/// ("bazar ertəsi" Monday, "çərşənbə axşamı" Tuesday, "cümə axşamı" Thursday).
fn other_weekday(word: &str, next: &str) -> Option<(usize, usize)> {
    Some(match (word, next) {
        ("понедельник", _) => (0, 1),
        ("вторник", _) => (1, 1),
        ("среда" | "среду", _) => (2, 1),
        ("четверг", _) => (3, 1),
        ("пятница" | "пятницу", _) => (4, 1),
        ("суббота" | "субботу", _) => (5, 1),
        ("воскресенье", _) => (6, 1),
        ("bazar", "ertəsi") => (0, 2),
        ("çərşənbə", "axşamı") => (1, 2),
        ("çərşənbə", _) => (2, 1),
        ("cümə", "axşamı") => (3, 2),
        ("cümə", _) => (4, 1),
        ("şənbə", _) => (5, 1),
        ("bazar", _) => (6, 1),
        _ => return None,
    })
}

/// Whether `word` (any case, with a comma after it or not) names a day of the week.
pub(crate) fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.']).to_lowercase();
    WEEKDAYS.contains(&w.as_str()) || OTHER_WEEKDAYS.contains(&w.as_str())
}

/// A word of the text: its lower-case form and byte range.
struct Word {
    lower: String,
    start: usize,
    end: usize,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let part = c.is_alphanumeric() || ((c == '-' || c == '.' || c == '/') && start.is_some());
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let w = text[s..i].trim_end_matches(['-', '.', '/']);
                out.push(Word {
                    lower: w.to_lowercase(),
                    start: s,
                    end: s + w.len(),
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Month stems in Russian (in any case: "апреля", "апрель", "апреле") and
/// Azerbaijani (with its case suffixes: "aprel", "aprelin", "apreldə"), January first,
/// each with the endings a month name takes in that language. A word is a month when
/// it is a stem and one of its language's endings: "мая" is May, "мал" and "mayor"
/// are not.
const MONTH_STEMS: [([&str; 12], &[&str]); 2] = [
    (
        [
            "январ",
            "феврал",
            "март",
            "апрел",
            "ма",
            "июн",
            "июл",
            "август",
            "сентябр",
            "октябр",
            "ноябр",
            "декабр",
        ],
        &["", "ь", "я", "е", "ем", "й", "а", "у", "ом"],
    ),
    (
        [
            "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr",
            "oktyabr", "noyabr", "dekabr",
        ],
        &[
            "", "ın", "in", "un", "ün", "da", "də", "dan", "dən", "a", "ə", "ı", "i", "u", "ü",
            "ında", "ində", "unda", "ündə",
        ],
    ),
];

fn month(word: &str) -> Option<u8> {
    let english = MONTHS
        .iter()
        .position(|m| *m == word || ((3..=4).contains(&word.len()) && m.starts_with(word)));
    let other = || {
        MONTH_STEMS.iter().find_map(|(stems, endings)| {
            stems.iter().position(|stem| {
                word.strip_prefix(stem).is_some_and(|ending| {
                    endings.contains(&ending) && (!ending.is_empty() || *stem != "ма")
                })
            })
        })
    };
    english
        .or_else(other)
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn day(word: &str) -> Option<u8> {
    // Azerbaijani case suffixes after a hyphen: "20-də", "5-i", "12-si".
    let word = match word.split_once('-') {
        Some((d, suffix))
            if [
                "də", "da", "i", "ı", "u", "ü", "si", "sı", "su", "sü", "dən", "dan",
            ]
            .contains(&suffix) =>
        {
            d
        }
        _ => word,
    };
    let digits = word.trim_end_matches(|c: char| c.is_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<i32> {
    // Azerbaijani writes the year as an ordinal: "2026-cı il", "2025-ci ilin".
    let word = word
        .strip_suffix("-cı")
        .or_else(|| word.strip_suffix("-ci"))
        .or_else(|| word.strip_suffix("-cu"))
        .or_else(|| word.strip_suffix("-cü"))
        .unwrap_or(word);
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|y| (1950..=2100).contains(y))
}

/// "2026-03-14", "14.03.2026", "14/03/2026".
fn numeric(word: &str) -> Option<Date> {
    let parts: Vec<&str> = word.split(['-', '.', '/']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let n = |s: &str| s.parse::<u32>().ok();
    if a.len() == 4 {
        Date::new(
            i32::try_from(n(a)?).ok()?,
            u8::try_from(n(b)?).ok()?,
            u8::try_from(n(c)?).ok()?,
        )
        .ok()
    } else if c.len() == 4 {
        Date::new(
            i32::try_from(n(c)?).ok()?,
            u8::try_from(n(b)?).ok()?,
            u8::try_from(n(a)?).ok()?,
        )
        .ok()
    } else {
        None
    }
}

/// The latest date with this month and day that is not after `published`.
fn latest(month: u8, day: u8, published: Date) -> Option<Date> {
    let this = Date::new(published.year(), month, day).ok();
    match this {
        Some(d) if d <= published => Some(d),
        _ => Date::new(published.year() - 1, month, day).ok(),
    }
}

/// Every date the text gives, in order. Relative ones need `published`.
pub fn dates_in(text: &str, published: Option<Date>) -> Vec<FoundDate> {
    let w = words(text);
    let mut found = Vec::new();
    let mut i = 0;
    let get = |j: usize| w.get(j).map(|x| x.lower.as_str()).unwrap_or("");
    while i < w.len() {
        let at = |len: usize, date: PartialDate| FoundDate {
            date,
            start: w[i].start,
            end: w[(i + len - 1).min(w.len() - 1)].end,
        };
        // 14 March 2026 / 14 March
        if let (Some(d), Some(m)) = (day(get(i)), month(get(i + 1))) {
            if let Some(y) = year(get(i + 2)) {
                if let Ok(date) = Date::new(y, m, d) {
                    found.push(at(3, PartialDate::Day(date)));
                }
                i += 3;
                continue;
            }
            if let Some(date) = published.and_then(|p| latest(m, d, p)) {
                found.push(at(2, PartialDate::Day(date)));
            }
            i += 2;
            continue;
        }
        if let Some(m) = month(get(i)) {
            // "ötən ilin noyabrında", "в ноябре прошлого года", "bu ilin martında": a
            // month of the year before publication, or of its year.
            if let Some(p) = published {
                let back = |k: usize| i.checked_sub(k).map_or("", get);
                let before = (back(2), back(1));
                let after = (get(i + 1), get(i + 2));
                // Years before publication, and words the date takes.
                let relative = match (before, after) {
                    (("ötən" | "keçən", "ilin"), _) => Some((1, 1)),
                    (("bu", "ilin"), _) => Some((0, 1)),
                    (_, ("прошлого", "года")) => Some((1, 3)),
                    (_, ("этого" | "текущего", "года")) => Some((0, 3)),
                    _ => None,
                };
                if let Some((years, len)) = relative {
                    found.push(at(len, PartialDate::Month(p.year() - years, m)));
                    i += len;
                    continue;
                }
            }
            // Azerbaijani "noyabrında" (in November) is followed by no day; a day
            // after a month takes its own ending ("mayın 15-də").
            let locative = ["nda", "ndə"].iter().any(|e| get(i).ends_with(e));
            // March 14, 2026 / March 14
            if let Some(d) = day(get(i + 1)).filter(|_| !locative) {
                if let Some(y) = year(get(i + 2)) {
                    if let Ok(date) = Date::new(y, m, d) {
                        found.push(at(3, PartialDate::Day(date)));
                    }
                    i += 3;
                    continue;
                }
                if get(i) != "may"
                    && let Some(date) = published.and_then(|p| latest(m, d, p))
                {
                    found.push(at(2, PartialDate::Day(date)));
                }
                i += 2;
                continue;
            }
            // March 2026
            if let Some(y) = year(get(i + 1)) {
                found.push(at(2, PartialDate::Month(y, m)));
                i += 2;
                continue;
            }
        }
        if let Some(date) = numeric(get(i)) {
            found.push(at(1, PartialDate::Day(date)));
            i += 1;
            continue;
        }
        if let Some(y) = year(get(i)) {
            // Azerbaijani: "2025-ci ilin iyulunda" (July 2025), "2026-cı il yanvarın
            // 20-də" (20 January 2026).
            if matches!(get(i + 1), "il" | "ilin" | "ildə")
                && let Some(m) = month(get(i + 2))
            {
                if let Some(d) = day(get(i + 3))
                    && let Ok(date) = Date::new(y, m, d)
                {
                    found.push(at(4, PartialDate::Day(date)));
                    i += 4;
                } else {
                    found.push(at(3, PartialDate::Month(y, m)));
                    i += 3;
                }
                continue;
            }
            found.push(at(1, PartialDate::Year(y)));
            i += 1;
            continue;
        }
        if let Some(p) = published {
            let back = |days: i64| p.add_days(-days).map(PartialDate::Day);
            // The latest such weekday not after publication; "last Friday" on a Friday
            // is a week before.
            let weekday = |wanted: usize, len: usize| {
                // 1970-01-01 was a Thursday (index 3).
                let today = (p.to_days() + 3).rem_euclid(7);
                let mut diff = (today - wanted as i64).rem_euclid(7);
                let last = i > 0 && LAST.contains(&get(i - 1));
                if diff == 0 && last {
                    diff = 7;
                }
                back(diff).map(|d| (len, d))
            };
            let relative = match get(i) {
                "yesterday" | "вчера" | "dünən" => back(1).map(|d| (1, d)),
                "позавчера" | "srağagün" => back(2).map(|d| (1, d)),
                "today" | "сегодня" => Some((1, PartialDate::Day(p))),
                "bu" if get(i + 1) == "gün" => Some((2, PartialDate::Day(p))),
                w if WEEKDAYS.contains(&w) => {
                    weekday(WEEKDAYS.iter().position(|d| *d == w).unwrap_or(0), 1)
                }
                w if let Some((wanted, len)) = other_weekday(w, get(i + 1)) => weekday(wanted, len),
                w => NUMBERS
                    .iter()
                    .position(|n| *n == w)
                    .map(|n| n as i64 + 1)
                    .or_else(|| w.parse::<i64>().ok().filter(|n| (1..=60).contains(n)))
                    .filter(|_| {
                        let unit = get(i + 1);
                        let ago = get(i + 2);
                        (unit.starts_with("day") && ago == "ago")
                            || (matches!(unit, "день" | "дня" | "дней") && ago == "назад")
                            || (unit == "gün" && ago == "əvvəl")
                    })
                    .and_then(back)
                    .map(|d| (3, d)),
            };
            if let Some((len, date)) = relative {
                found.push(at(len, date));
                i += len;
                continue;
            }
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_days_in_russian_and_azerbaijani_count_back_from_publication() {
        // Friday 2 October 2026.
        let published = Date::parse("2026-10-02").ok();
        let first = |text: &str| {
            dates_in(text, published)
                .first()
                .map(|d| d.date.to_string())
        };
        for (text, want) in [
            ("суд в четверг удовлетворил жалобу", "2026-10-01"),
            ("его задержали вчера вечером", "2026-10-01"),
            ("в понедельник из-под стражи был освобождён", "2026-09-28"),
            ("в прошлую пятницу", "2026-09-25"),
            ("в пятницу", "2026-10-02"),
            ("3 дня назад", "2026-09-29"),
            ("Ötən cümə məhkəmə qərar verib", "2026-09-25"),
            ("cümə axşamı saxlanılıb", "2026-10-01"),
            ("Ötən çərşənbə axşamı köçürülüb", "2026-09-29"),
            ("bazar ertəsi", "2026-09-28"),
            ("dünən", "2026-10-01"),
            (
                "Qasımlı ötən ilin noyabrında 8 il azadlıqdan məhrum edilib",
                "2025-11",
            ),
            ("в ноябре прошлого года", "2025-11"),
            ("bu ilin martında", "2026-03"),
            ("mayın 15-də", "2026-05-15"),
        ] {
            assert_eq!(first(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(dates_in("в четверг", None), []);
    }

    #[test]
    fn russian_and_azerbaijani_month_names_and_years_are_read() {
        let first = |t: &str| dates_in(t, None).first().map(|f| f.date.to_string());
        for (text, want) in [
            ("3 апреля 2026 года", "2026-04-03"),
            ("в марте 2025 года", "2025-03"),
            ("до 15 мая 2026 г.", "2026-05-15"),
            ("1 may 2026-cı il tarixinə", "2026-05-01"),
            ("2025-ci ilin iyulunda", "2025-07"),
            ("2026-cı il yanvarın 20-də", "2026-01-20"),
            ("26 iyun 2026", "2026-06-26"),
        ] {
            assert_eq!(first(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(month("мая"), Some(5));
        assert_eq!(month("мал"), None);
        assert_eq!(month("mayor"), None);
        assert_eq!(month("aprelin"), Some(4));
        assert_eq!(month("сентябре"), Some(9));
        assert_eq!(year("2026-cı"), Some(2026));
    }

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    fn dates(text: &str, published: &str) -> Vec<PartialDate> {
        dates_in(text, Some(Date::parse(published).unwrap()))
            .into_iter()
            .map(|f| f.date)
            .collect()
    }

    #[test]
    fn absolute_dates_in_the_usual_forms() {
        assert_eq!(
            dates(
                "detained on 14 March 2026, then on March 20, 2026 and 2026-04-02",
                "2026-05-01"
            ),
            [d("2026-03-14"), d("2026-03-20"), d("2026-04-02")]
        );
        assert_eq!(
            dates("held since january 2024", "2026-05-01"),
            [d("2024-01")]
        );
        assert_eq!(
            dates("arrested in 2023 on charges", "2026-05-01"),
            [d("2023")]
        );
        assert_eq!(
            dates("on 05.11.2025 the court", "2026-05-01"),
            [d("2025-11-05")]
        );
        assert_eq!(
            dates("the 1st of nothing, 30 February 2024", "2026-05-01"),
            []
        );
        assert!(dates("Article 221.3 and 154 prisoners", "2026-05-01").is_empty());
    }

    #[test]
    fn relative_dates_count_back_from_publication() {
        // 2026-03-19 is a Thursday.
        assert_eq!(
            dates("detained on Tuesday", "2026-03-19"),
            [d("2026-03-17")]
        );
        assert_eq!(dates("on Thursday", "2026-03-19"), [d("2026-03-19")]);
        assert_eq!(dates("last Thursday", "2026-03-19"), [d("2026-03-12")]);
        assert_eq!(
            dates("yesterday and two days ago", "2026-03-19"),
            [d("2026-03-18"), d("2026-03-17")]
        );
        assert_eq!(dates("on 14 March", "2026-03-19"), [d("2026-03-14")]);
        assert_eq!(dates("on 20 December", "2026-03-19"), [d("2025-12-20")]);
        assert!(
            dates_in("on Tuesday", None).is_empty(),
            "no publication date, no guess"
        );
    }

    #[test]
    fn the_range_is_where_the_date_is_written() {
        let text = "Freed on 16 March 2025 by decree";
        let f = dates_in(text, None);
        assert_eq!(&text[f[0].start..f[0].end], "16 March 2025");
    }
}
