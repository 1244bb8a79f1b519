//! Names of people and organisations in Russian and Azerbaijani text, in the
//! registry's form.
//!
//! A sentence declines a name ("журналиста Фарида Гасымова", "Vasif Cəlilovun"); the
//! registry holds it in the nominative ("Фарид Гасымов", "Vasif Cəlilov").
//!
//! - **Russian**: the OpenCorpora dictionary bundled with `rumorph` tags given names,
//!   surnames and patronymics, and its context model picks each word's reading in the
//!   sentence. A name is a run of two or three capitalised words holding a given name,
//!   the others surnames or patronymics (or words the dictionary does not know). The
//!   surname takes the given name's gender and case, and both are written in the
//!   nominative of that gender.
//! - **Azerbaijani**: a surname ends in one of the shapes of Azerbaijani surnames
//!   (-ov, -ova, -ev, -eva, -li, -lı, -lu, -lü, -zadə, ...), perhaps followed by a case
//!   ending ("Cəlilov-un", "Hüseynli-yə", "Nağıyeva-nın"); a name is a capitalised
//!   word and such a surname right after it. The case ending is taken off.
//!
//! Each name also gets a family key, the same for every case of the surname (and in
//! Russian for both genders: "Шахову", "Шаховой" and "Шахов" share one), by which
//! later mentions by surname alone are found.

use std::sync::OnceLock;

use rumorph::Dictionary;

use super::lexicon::{Language, Lexicon};

/// A name written in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameFound {
    /// Indexes of the name's first and last word among the sentence's words.
    pub first: usize,
    pub last: usize,
    /// The name in the registry's form.
    pub name: String,
}

/// The bundled Russian dictionary, read once.
pub(super) fn dictionary() -> Option<&'static Dictionary> {
    static DICTIONARY: OnceLock<Option<Dictionary>> = OnceLock::new();
    DICTIONARY
        .get_or_init(|| Dictionary::bundled().ok())
        .as_ref()
}

/// The names in a sentence's words (text and offset, as `findings::word_spans` gives
/// them), where `joined(k)` says whether word `k` and `k + 1` stand with only a space
/// between.
pub fn names_in(
    words: &[&str],
    joined: &dyn Fn(usize) -> bool,
    language: Language,
    lexicon: &Lexicon,
) -> Vec<NameFound> {
    match language {
        Language::Ru => russian(words, joined, lexicon),
        Language::Az => azerbaijani(words, joined, lexicon),
        Language::En => Vec::new(),
    }
}

fn capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.clone().next().is_some()
        // All capitals is an abbreviation or a shout, not a name.
        && chars.any(char::is_lowercase)
}

/// Runs of capitalised words joined by spaces: (first, last) word indexes.
fn runs(
    words: &[&str],
    joined: &dyn Fn(usize) -> bool,
    word_ok: &dyn Fn(&str) -> bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !(capitalised(words[i]) && word_ok(words[i])) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < words.len() && joined(j) && capitalised(words[j + 1]) && word_ok(words[j + 1])
        {
            j += 1;
        }
        out.push((i, j));
        i = j + 1;
    }
    out
}

/// What the dictionary says of a word: given name, surname or patronymic, place. A
/// reading counts when it is at least as likely as the others ("Савчица" is a surname
/// far likelier than a village).
#[derive(Debug, Default, Clone, Copy)]
struct Kinds {
    given: bool,
    family: bool,
    place: bool,
    known: bool,
}

fn kinds(dictionary: &Dictionary, word: &str) -> Kinds {
    let (mut given, mut family, mut place) = (0.0f64, 0.0f64, 0.0f64);
    for a in dictionary.analyze(word) {
        let Some(tag) = a.tag.and_then(|t| dictionary.tag(t)) else {
            continue;
        };
        if tag.contains("Name") {
            given += a.prob;
        }
        if tag.contains("Surn") || tag.contains("Patr") {
            family += a.prob;
        }
        if tag.contains("Geox") || tag.contains("Orgn") {
            place += a.prob;
        }
    }
    Kinds {
        given: given > 0.0 && given >= place,
        family: family > 0.0 && family >= place,
        place: place > given.max(family),
        known: dictionary.is_known(word),
    }
}

fn russian(words: &[&str], joined: &dyn Fn(usize) -> bool, lexicon: &Lexicon) -> Vec<NameFound> {
    let Some(dictionary) = dictionary() else {
        return Vec::new();
    };
    let cyrillic = |w: &str| {
        w.chars()
            .all(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' | '-'))
            && !lexicon.not_names.contains(&Language::Ru.lower(w))
    };
    let mut out = Vec::new();
    let mut context: Option<Vec<Vec<rumorph::Analysis>>> = None;
    for (first, last) in runs(words, joined, &cyrillic) {
        let run: Vec<Kinds> = (first..=last)
            .map(|k| kinds(dictionary, words[k]))
            .collect();
        // Two or three words: a given name with surnames, patronymics or unknown
        // words beside it.
        let Some(given) = run.iter().position(|k| k.given && !k.place) else {
            continue;
        };
        let mut from = given;
        let mut to = given;
        let other = |k: &Kinds| (k.family || !k.known) && !k.place;
        // After a given name a capitalised word is its surname even when the
        // dictionary knows it as a common word ("Наталья Кулеш").
        if to + 1 < run.len() && !run[to + 1].place && !run[to + 1].given {
            to += 1;
        }
        while to + 1 < run.len() && to - from < 2 && other(&run[to + 1]) {
            to += 1;
        }
        // Surname first, as lists write it ("Шахова Елена").
        if to == from && from > 0 && other(&run[from - 1]) {
            from -= 1;
        }
        if to == from {
            continue;
        }
        let analyses =
            context.get_or_insert_with(|| dictionary.analyze_sentence(words).unwrap_or_default());
        let name = nominative(
            dictionary,
            words,
            analyses,
            first + from,
            first + to,
            first + given,
        );
        out.push(NameFound {
            first: first + from,
            last: first + to,
            name,
        });
    }
    out
}

/// The words `from..=to` in the nominative, each in the gender and case the sentence
/// gives the given name at `given`.
fn nominative(
    dictionary: &Dictionary,
    words: &[&str],
    context: &[Vec<rumorph::Analysis>],
    from: usize,
    to: usize,
    given: usize,
) -> String {
    let feats = |a: &rumorph::Analysis| {
        dictionary
            .ud_tag(a.ud)
            .map(|t| {
                (
                    t.feat("Gender").map(str::to_string),
                    t.feat("Case").map(str::to_string),
                )
            })
            .unwrap_or_default()
    };
    let want = context
        .get(given)
        .and_then(|a| a.first())
        .map(feats)
        .unwrap_or_default();
    let nominative = want.1.as_deref() == Some("Nom");
    (from..=to)
        .map(|k| {
            // In the nominative already, the other words are written as the registry
            // holds them ("Арсений Клыков", not a reading of "клыков" as "клык").
            if nominative && k != given {
                return words[k].to_string();
            }
            let analyses = dictionary.analyze(words[k]);
            let name_like = |a: &&rumorph::Analysis| {
                a.tag
                    .and_then(|t| dictionary.tag(t))
                    .is_some_and(|t| t.contains("Name") || t.contains("Surn") || t.contains("Patr"))
            };
            let lemma = analyses
                .iter()
                .filter(name_like)
                .find(|a| feats(a) == want)
                .or_else(|| {
                    analyses
                        .iter()
                        .filter(name_like)
                        .find(|a| feats(a).0 == want.0)
                })
                .or_else(|| context.get(k).and_then(|a| a.first()))
                .map(|a| {
                    // The dictionary's lemma of a woman's surname is the man's
                    // ("Соколовской" -> "Соколовский"): hers is its own nominative.
                    let feminine = feats(a).0.as_deref() == Some("Fem");
                    feminine
                        .then(|| dictionary.inflect(a, &[("Case", "Nom"), ("Number", "Sing")]))
                        .flatten()
                        .map_or_else(|| a.lemma.clone(), |f| f.word)
                });
            match lemma {
                Some(l) if !l.is_empty() => Language::Ru.title(&l),
                _ => words[k].to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Organisations a sentence names, in a language read by lexicon:
///
/// - a name in quotation marks after a word for an organisation or a medium ("издания
///   «Северный берег»", "“Səs Dalğası”nın"), with that word and the capitalised words
///   before it when it is capitalised itself ("Правозащитный центр «Шлях»");
/// - Azerbaijani: a run of capitalised words up to an organisation word ("Bakı Ağır
///   Cinayətlər Məhkəməsinə" -> "Bakı Ağır Cinayətlər Məhkəməsi");
/// - Russian courts: capitalised adjective, lower-case adjectives, "суд", and the
///   place after it ("Октябрьский районный суд Екатеринбурга"), in the nominative.
pub fn organisations_in(
    sentence: &str,
    words: &[(usize, &str)],
    joined: &dyn Fn(usize) -> bool,
    language: Language,
    lexicon: &Lexicon,
) -> Vec<String> {
    let mut out = Vec::new();
    let lower: Vec<String> = words.iter().map(|(_, w)| language.lower(w)).collect();
    let org_word = |k: usize| {
        lexicon.organisations.contains(&lower[k])
            || (language == Language::Az
                && lexicon
                    .organisations
                    .contains(&Language::Az.lower(&azerbaijani_possessed(words[k].1))))
    };
    // Quoted names.
    for (k, &(at, w)) in words.iter().enumerate() {
        let opened = sentence[..at].ends_with(['«', '“', '"', '„']);
        if !opened || !capitalised(w) {
            continue;
        }
        let mut end = k;
        while end + 1 < words.len() && end - k < 3 && joined(end) {
            end += 1;
        }
        // The quotation closes right after one of the next words.
        let Some(last) = (k..=end).find(|&e| {
            let (a, w) = words[e];
            sentence[a + w.len()..].starts_with(['»', '”', '"', '“'])
        }) else {
            continue;
        };
        let quoted = &sentence[at..words[last].0 + words[last].1.len()];
        let Some(noun) = k.checked_sub(1).filter(|&n| org_word(n)) else {
            // Azerbaijani writes the case ending after the quotes ("Dalğası”nın"); a
            // name of two words or more quoted alone is an outlet's.
            if language == Language::Az && last > k {
                out.push(quoted.to_string());
            }
            continue;
        };
        let mut from = noun;
        while from > 0 && joined(from - 1) && capitalised(words[from - 1].1) {
            from -= 1;
        }
        if from < noun || capitalised(words[noun].1) {
            // The whole name, with its closing quotation mark.
            let close = words[last].0 + words[last].1.len();
            let mark = sentence[close..].chars().next().map_or(0, char::len_utf8);
            out.push(sentence[words[from].0..close + mark].to_string());
        } else {
            out.push(quoted.to_string());
        }
    }
    match language {
        Language::Az => {
            let mut k = 0;
            while k < words.len() {
                if !capitalised(words[k].1) {
                    k += 1;
                    continue;
                }
                let mut end = k;
                while end + 1 < words.len() && joined(end) && capitalised(words[end + 1].1) {
                    end += 1;
                }
                if let Some(last) = (k..=end).rev().find(|&e| org_word(e))
                    && last > k
                {
                    let mut name: Vec<String> = words[k..last]
                        .iter()
                        .map(|(_, w)| (*w).to_string())
                        .collect();
                    name.push(azerbaijani_possessed(words[last].1));
                    out.push(name.join(" "));
                }
                k = end + 1;
            }
        }
        Language::Ru => {
            let Some(dictionary) = dictionary() else {
                return out;
            };
            for k in 0..words.len() {
                if !lower[k].starts_with("суд")
                    || !matches!(
                        lower[k].as_str(),
                        "суд" | "суда" | "суде" | "суду" | "судом"
                    )
                {
                    continue;
                }
                // Back over lower-case adjectives to a capitalised one.
                let adjective = |w: &str| {
                    ["ый", "ий", "ой", "ого", "ому", "ым", "ом", "ая", "ую"]
                        .iter()
                        .any(|e| w.ends_with(e))
                };
                let mut from = k;
                while from > 0 && k - from < 3 && joined(from - 1) && adjective(&lower[from - 1]) {
                    from -= 1;
                    if capitalised(words[from].1) {
                        break;
                    }
                }
                if from == k || !capitalised(words[from].1) {
                    continue;
                }
                let mut name: Vec<String> = (from..k)
                    .map(|j| {
                        let lemma = dictionary
                            .analyze(words[j].1)
                            .into_iter()
                            .find(|a| dictionary.ud_tag(a.ud).is_some_and(|t| t.pos() == "ADJ"))
                            .map_or_else(|| words[j].1.to_string(), |a| a.lemma);
                        if j == from {
                            Language::Ru.title(&lemma)
                        } else {
                            lemma
                        }
                    })
                    .collect();
                name.push("суд".to_string());
                // "... суд Екатеринбурга": the place, in the genitive as written.
                if k + 1 < words.len() && joined(k) && capitalised(words[k + 1].1) {
                    name.push(words[k + 1].1.to_string());
                }
                out.push(name.join(" "));
            }
        }
        Language::En => {}
    }
    out
}

/// An Azerbaijani noun with its possessive ending, less a case ending after it
/// ("Məhkəməsinə" -> "Məhkəməsi", "Nazirliyinin" -> "Nazirliyi").
fn azerbaijani_possessed(word: &str) -> String {
    let lower = Language::Az.lower(word);
    for ending in [
        "ndən", "ndan", "nın", "nin", "nun", "nün", "ndə", "nda", "nə", "na", "nı", "ni", "nu",
        "nü",
    ] {
        if let Some(stem) = lower.strip_suffix(ending)
            && stem.ends_with(['i', 'ı', 'u', 'ü'])
        {
            return word.chars().take(stem.chars().count()).collect();
        }
    }
    word.to_string()
}

/// The shapes an Azerbaijani surname ends in, in its nominative.
const AZ_SURNAME_ENDS: &[&str] = &[
    "ov", "ova", "ev", "eva", "yev", "yeva", "li", "lı", "lu", "lü", "zadə", "zade", "ski", "oğlu",
    "qızı",
];

/// Case endings on an Azerbaijani name, longest first.
const AZ_CASE_ENDINGS: &[&str] = &[
    "ndan", "ndən", "nın", "nin", "nun", "nün", "nda", "ndə", "dan", "dən", "yla", "ylə", "un",
    "ün", "ın", "in", "ya", "yə", "nı", "ni", "nu", "nü", "da", "də", "la", "lə", "a", "ə", "u",
    "ü", "ı", "i",
];

fn surname_shaped(lower: &str) -> bool {
    lower.chars().count() >= 4 && AZ_SURNAME_ENDS.iter().any(|e| lower.ends_with(e))
}

/// An Azerbaijani surname without its case ending, if it is one: the word itself
/// when it has a surname's shape, else the word less its ending.
pub fn azerbaijani_surname(word: &str) -> Option<String> {
    let word = word.split(['\'', '’']).next().unwrap_or(word);
    let lower = Language::Az.lower(word);
    if surname_shaped(&lower) {
        return Some(word.to_string());
    }
    AZ_CASE_ENDINGS.iter().find_map(|ending| {
        let stem = lower.strip_suffix(ending)?;
        surname_shaped(stem).then(|| {
            let keep = stem.chars().count();
            word.chars().take(keep).collect()
        })
    })
}

fn azerbaijani(
    words: &[&str],
    joined: &dyn Fn(usize) -> bool,
    lexicon: &Lexicon,
) -> Vec<NameFound> {
    let latin = |w: &str| {
        w.chars().all(|c| {
            c.is_alphabetic() && !matches!(c, 'а'..='я' | 'А'..='Я')
                || matches!(c, '-' | '\'' | '’')
        })
    };
    let plain = |w: &str| {
        let lower = Language::Az.lower(w);
        !lexicon.not_names.contains(&lower)
            && !lexicon.organisations.contains(&lower)
            && !super::dates::MONTHS.contains(&lower.as_str())
    };
    let mut out = Vec::new();
    for (first, last) in runs(words, joined, &latin) {
        // The given name and the surname after it: the last pair in the run whose
        // second word is a surname (a descriptor may open the run: "Fəal Vasif Cəlilov").
        let mut k = first;
        while k < last {
            let (given, family) = (words[k], words[k + 1]);
            if plain(given)
                && plain(family)
                && azerbaijani_surname(given).is_none()
                && let Some(surname) = azerbaijani_surname(family)
            {
                out.push(NameFound {
                    first: k,
                    last: k + 1,
                    name: format!("{} {}", Language::Az.title(given), surname),
                });
                k += 2;
            } else {
                k += 1;
            }
        }
    }
    out
}

/// The key of a surname shared by all its cases (and in Russian, whose surnames
/// decline by gender in the same words, both genders). Elsewhere "Mehdiyeva" is not
/// "Mehdiyev": a wife or a sister is another person.
pub fn family_key(word: &str, language: Language) -> String {
    let lower = language.lower(word.trim_end_matches("'s").trim_end_matches("’s"));
    let stem = match language {
        Language::En => lower,
        Language::Az => azerbaijani_surname(&lower).unwrap_or(lower),
        Language::Ru => russian_family_stem(&lower),
    };
    crate::search::fold(&stem)
}

/// A Russian surname less its case ending ("шаховой" -> "шахов", "бяляцкого" ->
/// "бяляцк").
fn russian_family_stem(lower: &str) -> String {
    for base in ["ов", "ев", "ёв", "ин", "ын"] {
        for ending in ["ыми", "ым", "ых", "ой", "ою", "ом", "а", "у", "е", "ы", ""]
        {
            if let Some(stem) = lower.strip_suffix(ending)
                && stem.ends_with(base)
                && stem.chars().count() >= 4
            {
                return stem.to_string();
            }
        }
    }
    for ending in [
        "ского",
        "скому",
        "ским",
        "ской",
        "скую",
        "ском",
        "ская",
        "ский",
        "цкого",
        "цкому",
        "цким",
        "цкой",
        "цкую",
        "цком",
        "цкая",
        "цкий",
    ] {
        if let Some(stem) = lower.strip_suffix(ending) {
            return format!("{stem}{}", &ending[..4]);
        }
    }
    lower.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, language: Language) -> Vec<String> {
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '«' | '»'))
            .filter(|w| !w.is_empty())
            .collect();
        let lexicon = Lexicon::of(language).unwrap();
        names_in(&words, &|_| true, language, lexicon)
            .into_iter()
            .map(|n| n.name)
            .collect()
    }

    #[test]
    fn russian_names_come_out_in_the_nominative() {
        assert_eq!(
            names(
                "Суд арестовал журналиста Фарида Гасымова в среду",
                Language::Ru
            ),
            ["Фарид Гасымов"]
        );
        assert_eq!(
            names(
                "Учительницу истории Елену Шахову перевели из СИЗО",
                Language::Ru
            ),
            ["Елена Шахова"]
        );
        assert_eq!(
            names("коллега учитель Денис Руденко", Language::Ru),
            ["Денис Руденко"]
        );
        assert_eq!(
            names("Её соавтор Арсений Клыков получил 3 года", Language::Ru),
            ["Арсений Клыков"]
        );
        assert_eq!(
            names("задержана Елена Шахова", Language::Ru),
            ["Елена Шахова"]
        );
        assert_eq!(
            names(
                "была переведена политзаключённая Наталья Кулеш",
                Language::Ru
            ),
            ["Наталья Кулеш"]
        );
        // Places and courts are not names.
        assert!(names("Свердловский областной суд в Екатеринбурге", Language::Ru).is_empty());
    }

    #[test]
    fn azerbaijani_surnames_lose_their_case_endings() {
        for (word, want) in [
            ("Əliyevin", "Əliyev"),
            ("Cəlilovun", "Cəlilov"),
            ("Hüseynliyə", "Hüseynli"),
            ("Rzazadəyə", "Rzazadə"),
            ("Nağıyevanın", "Nağıyeva"),
            ("Qəhrəmanlı", "Qəhrəmanlı"),
            ("Kazımovaya", "Kazımova"),
        ] {
            assert_eq!(azerbaijani_surname(word).as_deref(), Some(want), "{word}");
        }
        assert_eq!(azerbaijani_surname("Bakı"), None);
        assert_eq!(
            names("Fəal Vasif Cəlilovun səhhəti pisləşib", Language::Az),
            ["Vasif Cəlilov"]
        );
        assert_eq!(
            names("jurnalist İlkin Əliyevi həbs edib", Language::Az),
            ["İlkin Əliyev"]
        );
        assert!(names("Bakı Apellyasiya Məhkəməsi", Language::Az).is_empty());
    }

    fn organisations(text: &str, language: Language) -> Vec<String> {
        let words = super::super::findings::word_spans(text);
        let joined = |k: usize| super::super::findings::spaced(text, &words, k);
        organisations_in(
            text,
            &words,
            &joined,
            language,
            Lexicon::of(language).unwrap(),
        )
    }

    #[test]
    fn organisations_in_russian_and_azerbaijani() {
        assert_eq!(
            organisations(
                "Октябрьский районный суд Екатеринбурга отправил её в СИЗО",
                Language::Ru
            ),
            ["Октябрьский районный суд Екатеринбурга"]
        );
        assert_eq!(
            organisations("Ранее Свердловского областного суда не было", Language::Ru),
            ["Свердловский областной суд"]
        );
        assert_eq!(
            organisations(
                "автор издания «Северный берег» и Правозащитный центр «Шлях»",
                Language::Ru
            ),
            ["Северный берег", "Правозащитный центр «Шлях»"]
        );
        // Speech in quotes is no organisation.
        assert!(organisations("сказал: «Суд наконец признал очевидное»", Language::Ru).is_empty());
        assert_eq!(
            organisations(
                "Bakı Ağır Cinayətlər Məhkəməsinə şikayət verəcək",
                Language::Az
            ),
            ["Bakı Ağır Cinayətlər Məhkəməsi"]
        );
        assert_eq!(
            organisations("“Səs Dalğası”nın əməkdaşları", Language::Az),
            ["Səs Dalğası"]
        );
    }

    #[test]
    fn a_family_key_is_shared_by_cases_and_genders() {
        let ru = |w| family_key(w, Language::Ru);
        assert_eq!(ru("Шахову"), ru("Шаховой"));
        assert_eq!(ru("Шахова"), ru("Шахов"));
        assert_eq!(ru("Бяляцкого"), ru("Бяляцкий"));
        assert_ne!(ru("Шахова"), ru("Руденко"));
        let az = |w| family_key(w, Language::Az);
        assert_eq!(az("Cəlilovun"), az("Cəlilov"));
        assert_eq!(az("Kazımovaya"), az("Kazımova"));
        assert_ne!(az("Kazımova"), az("Kazımov"));
        assert_ne!(
            family_key("Mehdiyeva", Language::En),
            family_key("Mehdiyev", Language::En)
        );
        assert_eq!(az("Hüseynliyə"), az("Hüseynli"));
    }
}
