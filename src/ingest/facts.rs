//! Small facts of article text: the criminal-code articles a charge names ("under
//! Article 221.3", "Articles 206.3.2 and 193-1.3.1", "Art. 283") and the length of a
//! sentence ("seven years", "8 years and 6 months", "a five-year sentence",
//! "18 months"), in months.

/// Article numbers named after "article(s)" or "art.", in order, once each.
pub fn charges(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i]
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
            .to_lowercase();
        if matches!(
            w.as_str(),
            "article" | "articles" | "art." | "art" | "arts."
        ) {
            let mut j = i + 1;
            while let Some(next) = words.get(j) {
                let token = next.trim_end_matches([',', ';', ':', ')', '.']);
                let token = token.trim_start_matches('(');
                if is_article(token) {
                    if !out.iter().any(|a| a == token) {
                        out.push(token.to_string());
                    }
                    j += 1;
                    if next.ends_with(['.', ';', ':', ')']) && !next.ends_with(',') {
                        break;
                    }
                } else if matches!(token.to_lowercase().as_str(), "and" | "or" | "&") {
                    j += 1;
                } else {
                    break;
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
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

const NUMBER_WORDS: [&str; 20] = [
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

fn number(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    if w == "a" || w == "an" {
        return Some(1);
    }
    if let Some(i) = NUMBER_WORDS.iter().position(|n| *n == w) {
        return u32::try_from(i + 1).ok();
    }
    w.parse().ok().filter(|n| (1..=600).contains(n))
}

/// Sentence lengths in months, in the order written.
pub fn sentence_months(text: &str) -> Vec<u32> {
    // "five-year" reads as "five year".
    let spaced = text.replace('-', " ");
    let words: Vec<String> = spaced
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let Some(n) = number(&words[i]) else {
            i += 1;
            continue;
        };
        let unit = words.get(i + 1).map(String::as_str);
        match unit {
            Some("year" | "years") => {
                let mut months = n * 12;
                let mut used = 2;
                // "8 years and 6 months", "8 years 6 months"
                let and = usize::from(words.get(i + 2).map(String::as_str) == Some("and"));
                if let Some(m) = words.get(i + 2 + and).and_then(|w| number(w))
                    && matches!(
                        words.get(i + 3 + and).map(String::as_str),
                        Some("month" | "months")
                    )
                {
                    months += m;
                    used = 4 + and;
                }
                // "a year ago", "two years old" are not sentences.
                let after = words.get(i + used).map(String::as_str);
                if !matches!(after, Some("ago" | "old" | "earlier" | "later")) {
                    out.push(months);
                }
                i += used;
            }
            Some("month" | "months") => {
                let after = words.get(i + 2).map(String::as_str);
                if !matches!(after, Some("ago" | "old" | "earlier" | "later")) {
                    out.push(n);
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
