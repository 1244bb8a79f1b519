//! Repair of Russian pages, by the bundled OpenCorpora dictionary (rumorph): words
//! glued together ("колонииусиленногорежима", "подзалогв1,5млнрублей") are split into
//! the words the dictionary knows, and names and places written in lower case
//! ("в беларуси", "николай сурмин") get their capital.
//!
//! Clean text stays as written: a word the dictionary knows is never split, a run is
//! split only into known words (short ones only from a list of prepositions and
//! particles), and a word is re-cased only when every reading the dictionary has of it
//! is a proper name's ("орёл" is also a bird, so it stays).

use rumorph::{Dictionary, Source};

use super::names;

/// Short words a glued run may hold: prepositions, conjunctions, particles and the
/// abbreviations written with numbers.
const SHORT: &[&str] = &[
    "в", "во", "на", "и", "а", "о", "об", "у", "к", "ко", "с", "со", "по", "под", "над", "без",
    "за", "из", "до", "от", "не", "но", "ни", "же", "бы", "ли", "что", "как", "так", "для", "при",
    "про", "его", "её", "ее", "их", "она", "они", "он", "все", "уже", "еще", "ещё", "млн", "млрд",
    "тыс", "руб",
];

/// Prepositions a place name follows.
const PLACE_PREPOSITIONS: &[&str] = &[
    "в",
    "во",
    "из",
    "на",
    "по",
    "к",
    "ко",
    "от",
    "у",
    "с",
    "со",
    "между",
    "для",
    "до",
    "под",
    "над",
    "через",
    "против",
];

/// The longest run the splitter looks at, in letters: longer is not glued prose.
const LONGEST_RUN: usize = 48;

/// The text with its glued Russian words split and its lower-case names and places
/// capitalised.
pub fn repair(text: &str) -> String {
    let Some(dictionary) = names::dictionary() else {
        return text.to_string();
    };
    recase(dictionary, &resegment(dictionary, text))
}

/// The text with each glued run of Cyrillic letters split into its words.
fn resegment(dictionary: &Dictionary, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut rest = text;
    while let Some(start) = rest.find(is_cyrillic) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let len = from.find(|c: char| !is_cyrillic(c)).unwrap_or(from.len());
        let (run, after) = from.split_at(len);
        let previous = out.chars().next_back();
        let next = after.chars().next();
        let digit_after = next.is_some_and(|c| c.is_ascii_digit());
        // A part of a hyphenated word ("когда-нибудь", "всего-навсего") is not glued.
        let hyphened = previous == Some('-') || next == Some('-');
        // After a given name comes a family name the dictionary may not know
        // ("николай сурмин"): it is not split.
        let after_given = out
            .strip_suffix(' ')
            .and_then(last_word)
            .is_some_and(|w| proper(dictionary, w) == Proper::Given);
        let parts = if after_given || hyphened {
            None
        } else {
            split(dictionary, run, digit_after)
        };
        match parts {
            Some(parts) => {
                // "подзалогв1,5": the last part stands apart from the number too.
                if previous.is_some_and(|c| c.is_ascii_digit()) {
                    out.push(' ');
                }
                out.push_str(&parts.join(" "));
                if digit_after {
                    out.push(' ');
                }
            }
            None => out.push_str(run),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// What every dictionary reading of a lower-case word says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Proper {
    Place,
    Given,
    Family,
    /// A common word, or one the dictionary does not know.
    No,
}

fn proper(dictionary: &Dictionary, word: &str) -> Proper {
    if word.chars().count() < 4 || !word.starts_with(|c: char| c.is_lowercase()) {
        return Proper::No;
    }
    let tags = tags(dictionary, word);
    let all = |f: &dyn Fn(&str) -> bool| !tags.is_empty() && tags.iter().all(|t| f(t));
    if all(&|t| t.contains("Geox") && t.contains("NOUN")) {
        Proper::Place
    } else if all(&|t| t.contains("Name")) {
        Proper::Given
    } else if all(&|t| t.contains("Surn") || t.contains("Patr")) {
        Proper::Family
    } else {
        Proper::No
    }
}

/// The text with lower-case places capitalised ("в беларуси"), and given names with
/// the family names after them ("николай сурмин"); a family-name reading alone is not
/// enough ("донатов" is a plural too).
fn recase(dictionary: &Dictionary, text: &str) -> String {
    let words: Vec<(usize, &str)> = cyrillic_words(text);
    let kinds: Vec<Proper> = words.iter().map(|(_, w)| proper(dictionary, w)).collect();
    let adjacent = |k: usize| {
        words.get(k + 1).is_some_and(|(next, _)| {
            let end = words[k].0 + words[k].1.len();
            text[end..*next] == *" "
        })
    };
    // A family name, or a word the dictionary does not know that reads as one with
    // its capital ("сурмин").
    let family = |k: usize| {
        kinds[k] == Proper::Family
            || (!dictionary.is_known(words[k].1) && {
                let mut chars = words[k].1.chars();
                let titled: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                dictionary.analyze(&titled).iter().any(|a| {
                    a.prob >= 0.3
                        && a.tag
                            .and_then(|t| dictionary.tag(t))
                            .is_some_and(|t| t.contains("Surn"))
                })
            })
    };
    let mut capital = vec![false; words.len()];
    for k in 0..words.len() {
        match kinds[k] {
            // "в беларуси", "между россией": a place after a preposition.
            Proper::Place
                if k > 0 && adjacent(k - 1) && PLACE_PREPOSITIONS.contains(&words[k - 1].1) =>
            {
                capital[k] = true
            }
            Proper::Given if adjacent(k) && family(k + 1) => {
                capital[k] = true;
                capital[k + 1] = true;
                if adjacent(k + 1) && k + 2 < words.len() && family(k + 2) {
                    capital[k + 2] = true;
                }
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for ((start, word), cap) in words.iter().zip(capital) {
        if !cap {
            continue;
        }
        out.push_str(&text[at..*start]);
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
        at = start + word.len();
    }
    out.push_str(&text[at..]);
    out
}

/// The Cyrillic word `text` ends with, if it ends with one.
fn last_word(text: &str) -> Option<&str> {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_cyrillic(*c))
        .last()
        .map(|(i, _)| i)?;
    Some(&text[start..])
}

fn cyrillic_words(text: &str) -> Vec<(usize, &str)> {
    super::lexicon::runs_where(text, is_cyrillic)
}

/// The OpenCorpora tags of the dictionary's own readings of a word (not guesses).
fn tags<'d>(dictionary: &'d Dictionary, word: &str) -> Vec<&'d str> {
    dictionary
        .analyze(word)
        .into_iter()
        .filter(|a| a.source == Source::Dictionary)
        .filter_map(|a| a.tag.and_then(|t| dictionary.tag(t)))
        .collect()
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё')
}

/// A run the dictionary does not know, as the fewest known words it is made of, when
/// it is made of two or more. A word of one or two letters is a preposition or a
/// conjunction from the list, and stands before a word of three letters or more (or
/// before the number after the run: "в 1,5"); longer words have a common reading.
fn split(dictionary: &Dictionary, run: &str, digit_after: bool) -> Option<Vec<String>> {
    let chars: Vec<char> = run.chars().collect();
    let n = chars.len();
    // A capital opens a name, which the dictionary may not know ("Грицук").
    if !(5..=LONGEST_RUN).contains(&n) || chars[0].is_uppercase() || dictionary.is_known(run) {
        return None;
    }
    let common = |part: &str| {
        tags(dictionary, part).iter().any(|t| {
            !["Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Init"]
                .iter()
                .any(|p| t.contains(p))
        })
    };
    let word_ok = |from: usize, to: usize| -> bool {
        let part: String = chars[from..to].iter().collect();
        if SHORT.contains(&part.as_str()) {
            return true;
        }
        to - from >= 3 && common(&part)
    };
    let short = |from: usize, to: usize| to - from <= 2;
    // best[i]: the fewest parts that make the first i letters, and where the last
    // begins; a short part must not end the run or stand before another short one.
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for to in 1..=n {
        for from in to.saturating_sub(24)..to {
            let Some((count, start)) = best[from] else {
                continue;
            };
            if from > 0 && short(start, from) && short(from, to) {
                continue;
            }
            if word_ok(from, to) && best[to].is_none_or(|(c, _)| count + 1 < c) {
                best[to] = Some((count + 1, from));
            }
        }
    }
    let (count, last) = best[n]?;
    if count < 2 || (short(last, n) && !digit_after) {
        return None;
    }
    // Lost spaces glue whole words, most often around a preposition or a conjunction;
    // a word the dictionary does not know that cuts into short pieces ("сыроедческие",
    // "буратта") is a new word, not a glued one.
    let mut parts: Vec<String> = Vec::with_capacity(count);
    let mut to = n;
    while to > 0 {
        let (_, from) = best[to]?;
        parts.push(chars[from..to].iter().collect());
        to = from;
    }
    parts.reverse();
    let len = |p: &String| p.chars().count();
    let joined_by_short = parts.iter().any(|p| SHORT.contains(&p.as_str()));
    // Long words side by side: every part but the last of six letters or more
    // ("колонии усиленного режима"; not "синем аграфии", "смузи боулы").
    let long_parts = parts
        .iter()
        .enumerate()
        .all(|(i, p)| len(p) >= if i + 1 == parts.len() { 5 } else { 6 });
    let grammatical = parts
        .windows(2)
        .all(|pair| governs(dictionary, &pair[0], &pair[1]));
    let fits = if joined_by_short {
        parts
            .iter()
            .all(|p| SHORT.contains(&p.as_str()) || len(p) >= 4)
    } else {
        long_parts
    };
    (fits && grammatical).then_some(parts)
}

/// The cases a preposition takes, as OpenCorpora writes them.
fn cases_after(preposition: &str) -> Option<&'static [&'static str]> {
    Some(match preposition {
        "в" | "во" | "на" | "о" | "об" => &["accs", "loct", "loc2"],
        "по" => &["datv", "accs", "loct"],
        "под" | "за" => &["accs", "ablt"],
        "над" => &["ablt"],
        "без" | "из" | "до" | "от" | "у" | "для" => &["gent", "gen2"],
        "к" | "ко" => &["datv"],
        "с" | "со" => &["gent", "gen2", "ablt"],
        "при" => &["loct"],
        "про" => &["accs"],
        _ => return None,
    })
}

/// Whether `next` can follow `word` as glued text would have it: after a preposition,
/// a noun, adjective, pronoun or numeral in a case the preposition takes ("под залог",
/// "без пауз"; not "под пылить", "с веже", "до рада").
fn governs(dictionary: &Dictionary, word: &str, next: &str) -> bool {
    let Some(cases) = cases_after(word) else {
        return true;
    };
    tags(dictionary, next).iter().any(|tag| {
        ["NOUN", "ADJF", "NPRO", "NUMR", "PRTF"]
            .iter()
            .any(|pos| tag.contains(pos))
            && cases.iter().any(|case| tag.contains(case))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_words_are_split_into_the_words_the_dictionary_knows() {
        assert_eq!(
            repair("колонииусиленногорежима и вночьнасреду"),
            "колонии усиленного режима и в ночь на среду"
        );
        assert_eq!(
            repair("Суд отпустил его подзалогв1,5млнрублей."),
            "Суд отпустил его под залог в 1,5 млн рублей."
        );
        assert_eq!(
            repair("читал быстро, почтибезпауз; немедленноибезусловно"),
            "читал быстро, почти без пауз; немедленно и безусловно"
        );
    }

    #[test]
    fn names_and_places_in_lower_case_get_their_capital() {
        assert_eq!(
            repair("эколог из Твери николай сурмин умер в мордовии"),
            "эколог из Твери Николай Сурмин умер в Мордовии"
        );
    }

    #[test]
    fn clean_russian_is_left_as_written() {
        let clean = "Суд в четверг перевёл учительницу истории Елену Шахову из СИЗО-1 под \
                     домашний арест. Правозащитники назвали приговор «инкоммуникадо» и \
                     потребовали освободить всех политзаключённых. Орёл и вера, роман и лев \
                     остаются словами; фейков и донатов тоже.";
        assert_eq!(repair(clean), clean);
        // Words the dictionary does not know that cut into known ones: a prefix is no
        // preposition before a verb or a word in the wrong case, and loanwords stay.
        let recipe = "На завтрак смузибоулы, синемаграфии, дорада, свежемолотый перец, доперчить и \
                      подпылить; смореброды. Когда-нибудь, всего-навсего, Wday.ru! 1 ст.л. соли";
        assert_eq!(repair(recipe), recipe);
    }
}
