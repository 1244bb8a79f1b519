//! Small facts of article text, in English, Russian and Azerbaijani: the criminal-code
//! articles a charge names ("under Article 221.3", "Articles 206.3.2 and 193-1.3.1",
//! "ч. 2 ст. 207.3 УК", "по статье 284.1", "206.3.2 və 193-1.3.1-ci maddələri") and the
//! length of a sentence ("seven years", "8 years and 6 months", "a five-year sentence",
//! "7,5 года", "3 года и 6 месяцев", "семь с половиной лет", "5 il 6 ay",
//! "yeddi il yarım"), in months.

/// Words after which article numbers follow.
const ARTICLE_WORDS: &[&str] = &[
    "article",
    "articles",
    "art.",
    "art",
    "arts.",
    "ст.",
    "ст",
    "статья",
    "статьи",
    "статье",
    "статью",
    "статьей",
    "статьёй",
    "статьям",
    "статьями",
];
/// Words joining article numbers in a list.
const AND: &[&str] = &["and", "or", "&", "и", "или", "və", "və ya"];

/// Article numbers named after "article(s)", "art.", "ст." or "статья", or before an
/// Azerbaijani "maddə" ("maddəsi", "maddələri"), in order, once each.
pub fn charges(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut add = |token: &str| {
        if !out.iter().any(|a| a == token) {
            out.push(token.to_string());
        }
    };
    let mut i = 0;
    while i < words.len() {
        let w = words[i]
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
            .to_lowercase();
        if ARTICLE_WORDS.contains(&w.as_str()) {
            let mut j = i + 1;
            while let Some(next) = words.get(j) {
                let token = next.trim_end_matches([',', ';', ':', ')', '.']);
                let token = token.trim_start_matches('(');
                if is_article(token) {
                    add(token);
                    j += 1;
                    if next.ends_with(['.', ';', ':', ')']) && !next.ends_with(',') {
                        break;
                    }
                } else if AND.contains(&token.to_lowercase().as_str()) {
                    j += 1;
                } else {
                    break;
                }
            }
            i = j.max(i + 1);
            continue;
        }
        // Azerbaijani writes the numbers first: "206.3.2, 192.3.2 və 193-1.3.1-ci
        // maddələri", with a gloss in brackets perhaps between.
        if w.starts_with("maddə") {
            let mut found = Vec::new();
            let mut j = i;
            let mut bracket = false;
            while j > 0 && i - j < 40 {
                j -= 1;
                let word = words[j];
                if bracket {
                    bracket = !word.starts_with('(');
                    continue;
                }
                if word.ends_with(')') {
                    bracket = !word.starts_with('(');
                    continue;
                }
                let token = ordinal_less(word.trim_end_matches([',', ';']));
                if is_article(token) {
                    found.push(token);
                } else if !AND.contains(&word.to_lowercase().as_str()) {
                    break;
                }
            }
            for token in found.into_iter().rev() {
                add(token);
            }
        }
        i += 1;
    }
    out
}

/// Article numbers written bare in a table's articles column ("206.3.2, 193-1.3.1",
/// "130 ч.1, 368"), not a date nor a length ("14.11.2024", "3 г.", "7.5 years").
/// In a cell of its own (`whole_cell`) any number of one to three digits is one; in a
/// row run together only a number of three digits or with its parts ("221.3").
pub fn listed_articles(cell: &str, whole_cell: bool) -> Vec<String> {
    let words: Vec<&str> = cell.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let token = ordinal_less(word.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')')));
        let head = token.split(['.', '-']).next().unwrap_or("");
        let parts = token.contains(['.', '-']);
        let a_date = token.split('.').any(|p| p.len() == 4);
        let a_length = words.get(i + 1).is_some_and(|next| {
            let next = next
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            unit(&next).is_some() || matches!(next.as_str(), "г" | "мес" | "y" | "yrs")
        });
        if is_article(token)
            && (1..=3).contains(&head.len())
            && (whole_cell || parts || head.len() == 3)
            && !a_date
            && !a_length
            && !out.iter().any(|a| a == token)
        {
            out.push(token.to_string());
        }
    }
    out
}

/// An article number less its Azerbaijani ordinal ending ("193-1.3.1-ci").
fn ordinal_less(token: &str) -> &str {
    ["-ci", "-cı", "-cu", "-cü"]
        .iter()
        .find_map(|e| token.strip_suffix(e))
        .unwrap_or(token)
}

/// "221.3", "206.3.2", "193-1.3.1", "283": digits first, then digits, dots and dashes.
fn is_article(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= 20
        && token.starts_with(|c: char| c.is_ascii_digit())
        && token
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && !token.ends_with(['.', '-'])
}

/// Numbers written in words, in the forms a sentence's length takes.
fn number_word(word: &str) -> Option<f32> {
    const EN: [&str; 20] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    const AZ: [&str; 12] = [
        "bir", "iki", "üç", "dörd", "beş", "altı", "yeddi", "səkkiz", "doqquz", "on", "on bir",
        "on iki",
    ];
    if let Some(i) = EN.iter().chain(&AZ).position(|n| *n == word) {
        return Some(if i < EN.len() {
            i + 1
        } else {
            i - EN.len() + 1
        } as f32);
    }
    Some(match word {
        "a" | "an" | "один" | "одному" | "одного" | "одну" | "одна" => 1.0,
        "два" | "две" | "двух" | "двум" => 2.0,
        "три" | "трех" | "трём" | "трем" | "трёх" => 3.0,
        "четыре" | "четырех" | "четырём" | "четырем" | "четырёх" => {
            4.0
        }
        "пять" | "пяти" => 5.0,
        "шесть" | "шести" => 6.0,
        "семь" | "семи" => 7.0,
        "восемь" | "восьми" => 8.0,
        "девять" | "девяти" => 9.0,
        "десять" | "десяти" => 10.0,
        "полтора" | "полутора" => 1.5,
        _ => return None,
    })
}

fn number(word: &str) -> Option<f32> {
    number_word(word).or_else(|| {
        word.replace(',', ".")
            .parse::<f32>()
            .ok()
            .filter(|n| *n > 0.0 && *n <= 600.0)
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Year,
    Month,
}

fn unit(word: &str) -> Option<Unit> {
    match word {
        "year" | "years" | "год" | "года" | "году" | "годам" | "годами" | "лет" | "il" => {
            Some(Unit::Year)
        }
        "month" | "months" | "месяц" | "месяца" | "месяцев" | "месяцам" | "месяцами" | "ay" => {
            Some(Unit::Month)
        }
        _ => None,
    }
}

/// The text with a number glued to the unit after it set apart ("7il 6ay" -> "7 il 6
/// ay", "3года" -> "3 года"): only where the letters after the digits are a unit of a
/// sentence's length, whole.
pub fn space_number_and_unit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        out.push(c);
        let Some(&(j, next)) = chars.peek() else {
            continue;
        };
        if c.is_ascii_digit() && next.is_alphabetic() {
            let letters: String = text[j..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            // A unit word, not the start of a longer word ("3il" yes, "3ilə" no).
            if unit(&letters.to_lowercase()).is_some() {
                out.push(' ');
            }
        }
    }
    out
}

/// Words of a text for reading lengths: lower case, split at anything but letters and
/// digits, and between digits and letters ("7il" is "7 il"); a decimal ("7,5", "7.5")
/// stays one word.
fn length_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (k, &c) in chars.iter().enumerate() {
        let decimal = matches!(c, ',' | '.')
            && k > 0
            && chars[k - 1].is_ascii_digit()
            && chars.get(k + 1).is_some_and(char::is_ascii_digit);
        let boundary = word.chars().last().is_some_and(|p| {
            p.is_alphanumeric() && c.is_alphanumeric() && p.is_ascii_digit() != c.is_ascii_digit()
        });
        if !(c.is_alphanumeric() || decimal) || boundary {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if !c.is_alphanumeric() {
                continue;
            }
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Sentence lengths in months, in the order written.
pub fn sentence_months(text: &str) -> Vec<u32> {
    let words = length_words(text);
    let get = |k: usize| words.get(k).map_or("", String::as_str);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let Some(mut n) = number(get(i)) else {
            i += 1;
            continue;
        };
        let mut at = i + 1;
        // "семь с половиной лет"
        if get(at) == "с" && get(at + 1) == "половиной" {
            n += 0.5;
            at += 2;
        }
        let Some(first) = unit(get(at)) else {
            i += 1;
            continue;
        };
        at += 1;
        let mut months = match first {
            Unit::Year => n * 12.0,
            Unit::Month => n,
        };
        // "yeddi il yarım", "8 лет с половиной"
        if first == Unit::Year {
            if get(at) == "yarım" {
                months += 6.0;
                at += 1;
            } else if get(at) == "с" && get(at + 1) == "половиной" {
                months += 6.0;
                at += 2;
            }
        }
        // "8 years and 6 months", "3 года и 6 месяцев", "5 il 6 ay"
        let and = usize::from(AND.contains(&get(at)));
        if first == Unit::Year
            && let Some(m) = number(get(at + and))
            && unit(get(at + and + 1)) == Some(Unit::Month)
        {
            months += m;
            at += and + 2;
        }
        // "a year ago", "two years old", "2 il əvvəl" are not sentences.
        let after = get(at);
        let not_a_term = matches!(
            after,
            "ago" | "old" | "earlier" | "later" | "назад" | "спустя" | "əvvəl" | "sonra"
        );
        if !not_a_term && months >= 1.0 {
            out.push(months.round() as u32);
        }
        i = at;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_glued_to_their_unit_are_set_apart() {
        assert_eq!(
            space_number_and_unit("7il 6ay və 3года"),
            "7 il 6 ay və 3 года"
        );
        assert_eq!(
            space_number_and_unit("COP29, 3ilə, 1,5млн, 2026-cı"),
            "COP29, 3ilə, 1,5млн, 2026-cı"
        );
    }

    #[test]
    fn articles_in_a_column_are_read_bare() {
        assert_eq!(listed_articles("117", true), ["117"]);
        assert_eq!(
            listed_articles(
                "Sahil News 14.11.2024 Sentenced 20.06.2026 206.3.2, 193-1.3.1 8 years 6 months",
                false
            ),
            ["206.3.2", "193-1.3.1"]
        );
        assert_eq!(
            listed_articles("130 ч.1, 368 3 г. 6 мес. общего режима", false),
            ["130", "368"]
        );
        assert_eq!(
            listed_articles("Gunel 7.5 years 34", false),
            Vec::<String>::new()
        );
        assert_eq!(
            listed_articles("34 228.4, 233-cü", true),
            ["34", "228.4", "233"]
        );
    }

    #[test]
    fn charges_are_the_article_numbers_named() {
        assert_eq!(
            charges("accused of hooliganism under Article 221.3 of the Criminal Code, a charge"),
            ["221.3"]
        );
        assert_eq!(
            charges("charged under Articles 206.3.2 and 193-1.3.1; later art. 283."),
            ["206.3.2", "193-1.3.1", "283"]
        );
        assert!(charges("an article in the press, 221.3 times").is_empty());
    }

    #[test]
    fn sentences_are_counted_in_months() {
        assert_eq!(sentence_months("sentenced to seven years in prison"), [84]);
        assert_eq!(sentence_months("8 years and 6 months"), [102]);
        assert_eq!(sentence_months("8 years 6 months"), [102]);
        assert_eq!(sentence_months("serving a five-year sentence"), [60]);
        assert_eq!(sentence_months("18 months of pre-trial detention"), [18]);
        assert!(sentence_months("two years ago, a 30-year-old man").is_empty());
    }

    #[test]
    fn russian_and_azerbaijani_terms_are_counted_in_months() {
        for (text, want) in [
            ("приговорил к 8 годам колонии", 96),
            ("получил 3 года и 6 месяцев колонии-поселения", 42),
            ("7,5 года колонии усиленного режима", 90),
            ("к семи с половиной годам колонии", 90),
            ("осуждён на пять лет", 60),
            ("полтора года", 18),
            ("7il 6ay azadlıqdan məhrumetmə cəzasına", 90),
            ("5 il 6 ay azadlıqdan məhrum edib", 66),
            ("yeddi il yarım", 90),
            ("10 il azadlıqdan məhrum edilmişdi", 120),
            ("7.5 years", 90),
        ] {
            assert_eq!(sentence_months(text), [want], "{text}");
        }
        assert!(sentence_months("2 il əvvəl, 3 года назад").is_empty());
    }

    #[test]
    fn russian_and_azerbaijani_articles_are_read() {
        assert_eq!(
            charges("по ч. 2 ст. 207.3 УК и ч. 2 ст. 205.2 УК"),
            ["207.3", "205.2"]
        );
        assert_eq!(charges("по статье 284.1 УК РФ"), ["284.1"]);
        assert_eq!(
            charges("Cinayət Məcəlləsinin 206.3.2, 192.3.2 və 193-1.3.1-ci maddələri ilə"),
            ["206.3.2", "192.3.2", "193-1.3.1"]
        );
        assert_eq!(
            charges(
                "221.3 (xuliqanlıq) və 315.2-ci (hakimiyyət nümayəndəsinə qarşı zor) maddələri"
            ),
            ["221.3", "315.2"]
        );
        assert_eq!(charges("228.4 və 233-cü maddələri"), ["228.4", "233"]);
        // A year with an ordinal ending is no article.
        assert!(charges("2025-ci ilin iyulunda həbs edilib").is_empty());
    }
}
