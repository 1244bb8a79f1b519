//! The words ingest reads by, as data: one list per concept and language in
//! `data/lexicon/<language>/` (its README gives the format). English is still read by
//! the rules of `findings`; Russian and Azerbaijani by these lists.

use std::sync::OnceLock;

use crate::domain::{EventKind, ReleaseReason};

/// A language ingest reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    En,
    Ru,
    Az,
}

impl Language {
    /// The language ingest reads for an ISO 639-1 code, if it reads it.
    pub fn of_code(code: &str) -> Option<Language> {
        [Language::En, Language::Ru, Language::Az]
            .into_iter()
            .find(|l| l.code() == code)
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ru => "ru",
            Language::Az => "az",
        }
    }

    /// A word in lower case as this language writes it: Azerbaijani `I` is `ı` and
    /// `İ` is `i` (Turkic casing); Russian `ё` is read as `е`.
    pub fn lower(self, word: &str) -> String {
        match self {
            Language::Az => {
                let mut out = String::with_capacity(word.len());
                for c in word.chars() {
                    match c {
                        'I' => out.push('ı'),
                        'İ' => out.push('i'),
                        // A decomposed "İ" is "I" and a combining dot above.
                        '\u{307}' => {
                            if out.ends_with('ı') {
                                out.pop();
                                out.push('i');
                            }
                        }
                        c => out.extend(c.to_lowercase()),
                    }
                }
                out
            }
            Language::Ru => word.to_lowercase().replace('ё', "е"),
            Language::En => word.to_lowercase(),
        }
    }

    /// A word in title case as this language writes it (`ismayıl` -> `İsmayıl`).
    pub fn title(self, word: &str) -> String {
        let lower = self.lower(word);
        let mut chars = lower.chars();
        let Some(first) = chars.next() else {
            return String::new();
        };
        let upper: String = match (self, first) {
            (Language::Az, 'i') => "İ".to_string(),
            (Language::Az, 'ı') => "I".to_string(),
            _ => first.to_uppercase().collect(),
        };
        upper + chars.as_str()
    }
}

/// The language of a text: its ISO 639-1 code, and the language ingest reads it in,
/// if it reads it. Told by script and by letters and words only one language of those
/// habeas's users meet writes (Azerbaijani `ə`, Belarusian `ў`, English function
/// words); a language it cannot tell is `"und"`.
pub fn detect(text: &str) -> (&'static str, Option<Language>) {
    #[derive(Default)]
    struct Letters {
        cyrillic: usize,
        latin: usize,
        schwa: usize,
        belarusian: usize,
        ukrainian: usize,
        turkic: usize,
        other: usize,
    }
    let mut n = Letters::default();
    for c in text.chars().take(200_000) {
        let count = match c {
            'ə' | 'Ə' => &mut n.schwa,
            'ў' | 'Ў' => &mut n.belarusian,
            'ї' | 'Ї' | 'є' | 'Є' | 'ґ' | 'Ґ' => &mut n.ukrainian,
            'ı' | 'ğ' | 'Ğ' | 'ş' | 'Ş' | 'İ' => &mut n.turkic,
            '\u{400}'..='\u{4ff}' => &mut n.cyrillic,
            c if c.is_ascii_alphabetic() => &mut n.latin,
            c if c.is_alphabetic() => &mut n.other,
            _ => continue,
        };
        *count += 1;
    }
    let latin_all = n.latin + n.schwa + n.turkic;
    let cyrillic_all = n.cyrillic + n.belarusian + n.ukrainian;
    let letters = latin_all + cyrillic_all + n.other;
    if letters == 0 {
        return ("und", None);
    }
    if cyrillic_all > latin_all && cyrillic_all * 2 > letters {
        // A few marked letters are a quoted name; a page in the language has many.
        return if n.belarusian * 200 > cyrillic_all {
            ("be", None)
        } else if n.ukrainian * 200 > cyrillic_all {
            ("uk", None)
        } else {
            ("ru", Some(Language::Ru))
        };
    }
    if latin_all * 2 <= letters {
        return ("und", None);
    }
    // Addresses are no language's words ("amzn.to/2hWxAKk").
    let words: Vec<String> = text
        .split_whitespace()
        .filter(|t| !t.contains(['/', '@']))
        .flat_map(|t| t.split(|c: char| !c.is_alphabetic()))
        .filter(|w| !w.is_empty())
        .take(20_000)
        .map(str::to_lowercase)
        .collect();
    let count = |list: &[&str]| words.iter().filter(|w| list.contains(&w.as_str())).count();
    // Not "in", "a" or "on": Italian, Spanish and others write them too.
    let english = count(&[
        "the", "and", "of", "to", "was", "is", "for", "that", "with", "are", "this", "has", "by",
    ]);
    // The commonest small words of the other languages in Latin letters habeas's users
    // meet (Italian, Spanish, Portuguese, French, German, Turkish).
    let other = count(&[
        "il", "di", "che", "della", "el", "los", "las", "que", "del", "não", "uma", "les", "des",
        "et", "est", "une", "der", "die", "und", "das", "ist", "ve", "bir", "bu", "ile", "için",
    ]);
    if english * 100 >= words.len() * 6 && english > other {
        ("en", Some(Language::En))
    } else if n.schwa * 200 > latin_all {
        ("az", Some(Language::Az))
    } else if n.turkic * 200 > latin_all && other > 0 {
        ("tr", None)
    } else if other == 0 && (english > 0 || words.len() < 40) {
        // A line or two with no other language's words: English, the default (a
        // Turkic letter is then a name's, "İlqar İsmayılov").
        ("en", Some(Language::En))
    } else {
        ("und", None)
    }
}

/// The maximal runs of characters that `part` accepts, with their byte offsets.
pub fn runs_where(text: &str, part: impl Fn(char) -> bool) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (part(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// One word of a pattern: any of its alternatives, each exact or a prefix (`stem*`).
#[derive(Debug, Clone)]
struct Word(Vec<(String, bool)>);

impl Word {
    fn parse(text: &str) -> Word {
        Word(
            text.split('|')
                .filter(|a| !a.is_empty())
                .map(|a| match a.strip_suffix('*') {
                    Some(stem) => (stem.to_string(), true),
                    None => (a.to_string(), false),
                })
                .collect(),
        )
    }

    fn matches(&self, lower: &str) -> bool {
        self.0.iter().any(|(w, prefix)| {
            if *prefix {
                lower.starts_with(w.as_str())
            } else {
                lower == w
            }
        })
    }
}

/// Words matched against consecutive words of a sentence.
#[derive(Debug, Clone)]
pub struct Pattern(Vec<Word>);

impl Pattern {
    fn parse(text: &str) -> Option<Pattern> {
        let words: Vec<Word> = text.split_whitespace().map(Word::parse).collect();
        (!words.is_empty() && words.iter().all(|w| !w.0.is_empty())).then_some(Pattern(words))
    }

    /// Whether the pattern matches `lower` (lower-case words) from word `i`.
    pub fn matches_at(&self, lower: &[String], i: usize) -> bool {
        lower.get(i..).is_some_and(|rest| {
            self.0.len() <= rest.len() && self.0.iter().zip(rest).all(|(p, w)| p.matches(w))
        })
    }

    /// How many words the pattern takes.
    pub fn words(&self) -> usize {
        self.0.len()
    }

    /// Whether the pattern matches anywhere in `lower`.
    pub fn matches_in(&self, lower: &[String]) -> bool {
        (0..lower.len()).any(|i| self.matches_at(lower, i))
    }
}

/// A list of single-word patterns.
#[derive(Debug, Clone, Default)]
pub struct Words(Vec<Word>);

impl Words {
    pub fn contains(&self, lower: &str) -> bool {
        self.0.iter().any(|w| w.matches(lower))
    }
}

/// Everything ingest reads a language by.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub events: Vec<(EventKind, Pattern)>,
    pub release: Vec<(ReleaseReason, Pattern)>,
    pub hedges: Words,
    pub roles: Words,
    pub speaking: Words,
    /// Pronouns for one person and for several.
    pub one: Words,
    pub many: Words,
    /// Words naming people as members of the group the sentence before spoke of.
    pub group: Words,
    /// Words opening a clause about someone else, with spaces around (" а ").
    pub clauses: Vec<String>,
    pub serving: Words,
    pub organisations: Words,
    pub not_names: Words,
}

/// The lines of a lexicon file that hold something.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `label: pattern` lines; a line whose label or pattern does not parse is left out
/// (the tests check that none is).
fn labelled<T: std::str::FromStr>(text: &str) -> Vec<(T, Pattern)> {
    lines(text)
        .filter_map(|l| {
            let (label, pattern) = l.split_once(':')?;
            Some((label.trim().parse().ok()?, Pattern::parse(pattern)?))
        })
        .collect()
}

fn words(text: &str) -> Words {
    Words(lines(text).map(Word::parse).collect())
}

fn labelled_words(text: &str, want: &str) -> Words {
    Words(
        lines(text)
            .filter_map(|l| l.split_once(':'))
            .filter(|(label, _)| label.trim() == want)
            .flat_map(|(_, w)| w.split_whitespace().map(Word::parse))
            .collect(),
    )
}

/// The text of one list of a language, built into the binary.
macro_rules! list {
    ($lang:literal, $file:literal) => {
        include_str!(concat!("../../data/lexicon/", $lang, "/", $file, ".txt"))
    };
}

/// A list of each language read once, from `data/lexicon/<language>/<file>.txt`.
macro_rules! per_language {
    ($ty:ty, $language:expr, $file:literal, $read:expr) => {{
        static CELLS: [OnceLock<$ty>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let (i, text) = match $language {
            Language::En => (0, list!("en", $file)),
            Language::Ru => (1, list!("ru", $file)),
            Language::Az => (2, list!("az", $file)),
        };
        CELLS[i].get_or_init(|| $read(text))
    }};
    // Two lists of each language, read together.
    ($ty:ty, $language:expr, $file:literal, $second:literal, $read:expr) => {{
        static CELLS: [OnceLock<$ty>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let (i, text, second) = match $language {
            Language::En => (0, list!("en", $file), list!("en", $second)),
            Language::Ru => (1, list!("ru", $file), list!("ru", $second)),
            Language::Az => (2, list!("az", $file), list!("az", $second)),
        };
        CELLS[i].get_or_init(|| $read(text, second))
    }};
}

macro_rules! lexicon_of {
    ($lang:literal) => {
        Lexicon {
            events: labelled(list!($lang, "events")),
            release: labelled(list!($lang, "release")),
            hedges: words(list!($lang, "hedges")),
            roles: words(list!($lang, "roles")),
            speaking: words(list!($lang, "speaking")),
            one: labelled_words(list!($lang, "pronouns"), "one"),
            many: labelled_words(list!($lang, "pronouns"), "many"),
            group: labelled_words(list!($lang, "pronouns"), "group"),
            clauses: lines(list!($lang, "clauses"))
                .map(|l| format!(" {l} "))
                .collect(),
            serving: words(list!($lang, "serving")),
            organisations: words(list!($lang, "organisations")),
            not_names: words(list!($lang, "not_names")),
        }
    };
}

impl Lexicon {
    /// The lexicon of a language read by lists; `None` for English.
    pub fn of(language: Language) -> Option<&'static Lexicon> {
        static RU: OnceLock<Lexicon> = OnceLock::new();
        static AZ: OnceLock<Lexicon> = OnceLock::new();
        match language {
            Language::En => None,
            Language::Ru => Some(RU.get_or_init(|| lexicon_of!("ru"))),
            Language::Az => Some(AZ.get_or_init(|| lexicon_of!("az"))),
        }
    }

    /// Event words in lower-case words, with the index of the first word of each;
    /// one event per place, the first listed.
    pub fn events_in(&self, lower: &[String]) -> Vec<(EventKind, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < lower.len() {
            let hedged = (1..=2).any(|k| {
                i.checked_sub(k)
                    .is_some_and(|j| self.hedges.contains(&lower[j]))
            });
            match self.events.iter().find(|(_, p)| p.matches_at(lower, i)) {
                // The words of a match are not read again ("под домашний арест").
                Some((kind, pattern)) => {
                    if !hedged {
                        out.push((*kind, i));
                    }
                    i += pattern.0.len();
                }
                None => i += 1,
            }
        }
        out
    }

    /// The release reason a sentence gives, if any.
    pub fn release_reason(&self, lower: &[String]) -> Option<ReleaseReason> {
        self.release
            .iter()
            .find(|(_, p)| p.matches_in(lower))
            .map(|(r, _)| *r)
    }
}

/// How a language writes a list of people (`tables.txt`, `status.txt`): what the
/// column of names is headed, what its other columns are, and the words of its status
/// cells.
#[derive(Debug, Default)]
pub struct TableWords {
    pub names: Vec<Pattern>,
    /// The column of criminal-code articles.
    pub articles: Vec<Pattern>,
    pub columns: Vec<Pattern>,
    pub status: Vec<(EventKind, Pattern)>,
}

impl TableWords {
    pub fn of(language: Language) -> &'static TableWords {
        per_language!(
            TableWords,
            language,
            "tables",
            "status",
            |text: &str, status: &str| TableWords {
                names: labelled_patterns(text, "name"),
                articles: labelled_patterns(text, "articles"),
                columns: labelled_patterns(text, "column"),
                status: labelled(status),
            }
        )
    }

    /// The event kind of a table's status cell: the first status words written (the
    /// list's order breaks a tie), with the index of their first word.
    pub fn status_in(&self, lower: &[String]) -> Option<(EventKind, usize)> {
        (0..lower.len()).find_map(|i| {
            self.status
                .iter()
                .find(|(_, p)| p.matches_at(lower, i))
                .map(|(k, _)| (*k, i))
        })
    }

    /// How many words from `i` a name column's header takes, the longest that matches.
    pub fn name_at(&self, lower: &[String], i: usize) -> Option<usize> {
        longest(&self.names, lower, i)
    }

    /// How many words from `i` the articles column's header takes.
    pub fn articles_at(&self, lower: &[String], i: usize) -> Option<usize> {
        longest(&self.articles, lower, i)
    }

    /// How many words from `i` another column's header (articles too) takes.
    pub fn column_at(&self, lower: &[String], i: usize) -> Option<usize> {
        longest(&self.columns, lower, i).max(self.articles_at(lower, i))
    }
}

/// What only an authority does to prisoners, in the active voice (`acts.txt`): a name
/// written right before it is the official's who did it ("X pardoned 16 people").
pub fn acts(language: Language) -> &'static [Pattern] {
    per_language!(Vec<Pattern>, language, "acts", |text: &str| lines(text)
        .filter_map(Pattern::parse)
        .collect::<Vec<_>>())
}

/// The words that make a date the end of a measure (`until.txt`): written right before
/// it, and right after it.
pub fn until(language: Language) -> &'static (Words, Words) {
    per_language!((Words, Words), language, "until", |text: &str| (
        labelled_words(text, "before"),
        labelled_words(text, "after")
    ))
}

/// Words that open a sentence about a person's past (`past.txt`).
pub fn past(language: Language) -> &'static [Pattern] {
    per_language!(Vec<Pattern>, language, "past", |text: &str| lines(text)
        .filter_map(Pattern::parse)
        .collect::<Vec<_>>())
}

/// Words that date an undated sentence by the event before it (`relative.txt`): the
/// same day, and the day after.
pub fn relative(language: Language) -> &'static (Vec<Pattern>, Vec<Pattern>) {
    per_language!(
        (Vec<Pattern>, Vec<Pattern>),
        language,
        "relative",
        |text: &str| (
            labelled_patterns(text, "same"),
            labelled_patterns(text, "next")
        )
    )
}

/// Words saying a person is held (`held.txt`).
pub fn held(language: Language) -> &'static Words {
    per_language!(Words, language, "held", words)
}

/// How a page makes its own demands (`calls.txt`).
pub struct Calls {
    /// The page calls on an addressee: "calls on", "призывает", "çağırır".
    pub call: Vec<Pattern>,
    /// The addressees follow: "write to", "напишите", "yazın".
    pub write: Vec<Pattern>,
    /// Words a demand opens with (en verbs; ru and az adverbs before the verb).
    pub act: Words,
    /// Titles of one office holder: two addressees opening with one are one.
    pub office: Words,
}

pub fn calls(language: Language) -> &'static Calls {
    per_language!(Calls, language, "calls", |text: &str| Calls {
        call: labelled_patterns(text, "call"),
        write: labelled_patterns(text, "write"),
        act: labelled_words(text, "act"),
        office: labelled_words(text, "office"),
    })
}

/// Words with which a page demands a person's release (`demands.txt`).
pub fn demands(language: Language) -> &'static Words {
    per_language!(Words, language, "demands", words)
}

fn longest(patterns: &[Pattern], lower: &[String], i: usize) -> Option<usize> {
    patterns
        .iter()
        .filter(|p| p.matches_at(lower, i))
        .map(Pattern::words)
        .max()
}

fn labelled_patterns(text: &str, want: &str) -> Vec<Pattern> {
    lines(text)
        .filter_map(|l| l.split_once(':'))
        .filter(|(label, _)| label.trim() == want)
        .filter_map(|(_, p)| Pattern::parse(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of every list parses: a typo is a test failure, not a silent gap.
    #[test]
    fn every_lexicon_line_is_read() {
        for (language, folder) in [(Language::Ru, "ru"), (Language::Az, "az")] {
            let lexicon = Lexicon::of(language).expect("a lexicon");
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("data/lexicon")
                .join(folder);
            let count =
                |file: &str| lines(&std::fs::read_to_string(dir.join(file)).expect(file)).count();
            assert_eq!(lexicon.events.len(), count("events.txt"), "{folder} events");
            assert_eq!(
                lexicon.release.len(),
                count("release.txt"),
                "{folder} release"
            );
            assert_eq!(lexicon.roles.0.len(), count("roles.txt"), "{folder} roles");
            assert!(!lexicon.one.0.is_empty() && !lexicon.many.0.is_empty());
            assert!(!lexicon.group.0.is_empty());
        }
        for (language, folder) in [
            (Language::En, "en"),
            (Language::Ru, "ru"),
            (Language::Az, "az"),
        ] {
            let headers = TableWords::of(language);
            let count = |file: &str| {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("data/lexicon")
                    .join(folder)
                    .join(file);
                lines(&std::fs::read_to_string(path).expect(file)).count()
            };
            assert_eq!(
                headers.names.len() + headers.articles.len() + headers.columns.len(),
                count("tables.txt"),
                "{folder} tables"
            );
            assert_eq!(headers.status.len(), count("status.txt"), "{folder} status");
            assert_eq!(acts(language).len(), count("acts.txt"), "{folder} acts");
            assert_eq!(past(language).len(), count("past.txt"), "{folder} past");
            assert_eq!(
                demands(language).0.len(),
                count("demands.txt"),
                "{folder} demands"
            );
            assert_eq!(held(language).0.len(), count("held.txt"), "{folder} held");
            let (same, next) = relative(language);
            assert_eq!(
                same.len() + next.len(),
                count("relative.txt"),
                "{folder} relative"
            );
            let (before, after) = until(language);
            assert!(
                !before.0.is_empty() || !after.0.is_empty(),
                "{folder} until"
            );
        }
    }

    fn lower(language: Language, text: &str) -> Vec<String> {
        text.split_whitespace().map(|w| language.lower(w)).collect()
    }

    /// The kinds of the events the language's lexicon reads in `text`.
    fn kinds(language: Language, text: &str) -> Vec<EventKind> {
        Lexicon::of(language)
            .expect("a lexicon")
            .events_in(&lower(language, text))
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    #[test]
    fn events_are_read_and_hedged_ones_are_not() {
        let kinds = |t: &str| self::kinds(Language::Ru, t);
        assert_eq!(kinds("журналиста задержали в среду"), [EventKind::Arrested]);
        assert_eq!(kinds("её освободили под залог"), [EventKind::Released]);
        assert_eq!(
            kinds("его перевели под домашний арест"),
            [EventKind::Transferred, EventKind::HouseArrest]
        );
        assert!(kinds("его не задержали").is_empty());
        assert!(kinds("правозащитники требуют освобождения").is_empty());
        let az = Lexicon::of(Language::Az).unwrap();
        let kinds = |t: &str| self::kinds(Language::Az, t);
        assert_eq!(kinds("jurnalist həbs edilib"), [EventKind::Arrested]);
        assert_eq!(kinds("O, azadlığa çıxıb"), [EventKind::Released]);
        // Negation is a suffix: "həbs edilməyib" is no arrest.
        assert!(kinds("jurnalist həbs edilməyib").is_empty());
        assert_eq!(
            az.release_reason(&lower(Language::Az, "əfv sərəncamı ilə azad edilib")),
            Some(ReleaseReason::Pardoned)
        );
    }

    #[test]
    fn the_language_is_told_and_unread_ones_are_named() {
        let en = "The journalist was detained on Monday and taken to the police station in Baku.";
        let ru = "Журналиста задержали в понедельник и доставили в отдел полиции в Баку.";
        let az = "Jurnalist bazar ertəsi saxlanılıb və Bakıda polis bölməsinə aparılıb.";
        let be = "Журналіста затрымалі ў панядзелак і даставілі ў аддзел міліцыі ў Мінску.";
        let tr = "Gazeteci pazartesi günü gözaltına alındı ve İstanbul'da karakola götürüldü.";
        assert_eq!(detect(en), ("en", Some(Language::En)));
        assert_eq!(detect(ru), ("ru", Some(Language::Ru)));
        assert_eq!(detect(az), ("az", Some(Language::Az)));
        assert_eq!(detect(be), ("be", None));
        assert_eq!(detect(tr), ("tr", None));
        assert_eq!(
            detect("Der Journalist wurde am Montag festgenommen."),
            ("und", None)
        );
        assert_eq!(detect("12 34 !!"), ("und", None));
        // An English page quoting an Azerbaijani name is English.
        let quoting = format!("{en} Lawyer Əli Həsənov said that the charges were false.");
        assert_eq!(detect(&quoting).0, "en");
        assert_eq!(
            detect("Police detained İlqar İsmayılov on 2 May 2025.").0,
            "en"
        );
    }

    #[test]
    fn azerbaijani_is_cased_as_a_turkic_language() {
        assert_eq!(Language::Az.lower("İLHAM"), "ilham");
        assert_eq!(Language::Az.lower("IŞIQ"), "ışıq");
        assert_eq!(Language::Az.lower("I\u{307}lham"), "ilham");
        assert_eq!(Language::Az.title("ismayıl"), "İsmayıl");
        assert_eq!(Language::Az.title("ılqar"), "Ilqar");
        assert_eq!(Language::En.lower("ILHAM"), "ilham");
        assert_eq!(Language::Ru.lower("Шахова"), "шахова");
        assert_eq!(Language::Ru.lower("Пётр"), "петр");
    }
}
