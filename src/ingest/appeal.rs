//! What a page itself demands, and of whom (issue 14): "Caspian Media Defence calls
//! on the Azerbaijani authorities to release them immediately and to drop all
//! charges", "Мы требуем от властей Беларуси: …", "SMMM Azərbaycan hakimiyyətini …
//! azad etməyə çağırır". One demand per action, as the page phrases it (Azerbaijani
//! in the infinitive a campaign lists them in), and the addressees named with the
//! call, or under "Write to" in an appeal's address block.
//!
//! The page's own voice is told by tense: a page calls, urges and demands in the
//! present or the imperative (`calls.txt`); a report of someone else's call is in the
//! past ("called on", "призвал", "çağırıb") and is not the page's. Grammar that is the
//! same for every page of a language (an infinitive ends in -ть, an Azerbaijani
//! addressee takes the accusative) is code here; words are the lexicon's.

use super::lexicon::{Calls, Language, Pattern, calls};

/// The demands and addressees of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Appeal {
    pub demands: Vec<String>,
    pub targets: Vec<String>,
    /// The postal addresses the page gives for its addressees.
    pub addresses: Vec<Address>,
}

/// The vowels of Azerbaijani, by which its endings are told.
const AZ_VOWELS: &str = "aıoueəiöü";

/// The most demands (and addressees) read from one page.
const MAX_PHRASES: usize = 100;

/// A word of a sentence: where it is, and its bare lower-case form.
#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    lower: String,
    /// The raw word ends a clause (`,` `;` `:`).
    comma: bool,
    semicolon: bool,
    colon: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '\''
}

fn toks(text: &str, language: Language) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut start = None;
    let push = |out: &mut Vec<Tok>, s: usize, e: usize| {
        let raw = &text[s..e];
        let bare = raw.trim_matches(|c: char| !is_word_char(c));
        if bare.is_empty() {
            return;
        }
        let lead = raw.len() - raw.trim_start_matches(|c: char| !is_word_char(c)).len();
        let core_start = s + lead;
        let core_end = core_start + bare.len();
        let tail = &raw[lead + bare.len()..];
        out.push(Tok {
            start: core_start,
            end: core_end,
            lower: language.lower(bare),
            comma: tail.contains(','),
            semicolon: tail.contains(';'),
            colon: tail.contains(':'),
        });
    };
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                push(&mut out, s, i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        push(&mut out, s, text.len());
    }
    out
}

/// The text of words `a..b` of `text`, without the punctuation around it.
fn span(text: &str, t: &[Tok], a: usize, b: usize) -> Option<String> {
    if a >= b || b > t.len() {
        return None;
    }
    let s = text[t[a].start..t[b - 1].end].trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Sentences of a line: cut after `.`, `!` or `?` followed by a space and a capital
/// or a quote; a list line is one sentence.
fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for w in chars.windows(3) {
        let [(_, a), (_, b), (k, c)] = [w[0], w[1], w[2]];
        if matches!(a, '.' | '!' | '?')
            && b == ' '
            && (c.is_uppercase() || matches!(c, '"' | '«' | '“'))
        {
            out.push(&line[from..k]);
            from = k;
        }
    }
    out.push(&line[from..]);
    out
}

/// Whether word `i` opens an action in `language`: an English demand verb, a
/// Russian infinitive (after at most two adverbs), or an Azerbaijani infinitive.
fn opens_action(t: &[Tok], i: usize, language: Language, c: &Calls) -> bool {
    match language {
        Language::En => {
            let j = skip_aside(t, i);
            t.get(j).is_some_and(|w| c.act.contains(&w.lower))
        }
        Language::Ru => {
            let mut j = i;
            while t
                .get(j)
                .is_some_and(|w| c.act.contains(&w.lower) || w.lower == "и")
                && j < i + 3
            {
                j += 1;
            }
            t.get(j).is_some_and(|w| ru_infinitive(&w.lower))
        }
        Language::Az => (i..t.len().min(i + 12)).any(|j| az_infinitive(&t[j].lower).is_some()),
    }
}

/// Skips "to" and an aside ", pending her release," before an English action.
fn skip_aside(t: &[Tok], i: usize) -> usize {
    let mut j = i;
    if t.get(j).is_some_and(|w| w.lower == "to") {
        j += 1;
    }
    if t.get(j)
        .is_some_and(|w| w.lower == "pending" || w.lower == "meanwhile")
        && let Some(k) = (j..t.len().min(j + 6)).find(|&k| t[k].comma)
    {
        j = k + 1;
    }
    j
}

/// A Russian infinitive, as the bundled dictionary tags it ("освободить", "провести";
/// not "власти", which only ends like one).
fn ru_infinitive(w: &str) -> bool {
    let shaped = ["ть", "ти", "чь", "ться", "тись", "чься"]
        .iter()
        .any(|e| w.ends_with(e));
    if !shaped || w.chars().count() < 4 {
        return false;
    }
    match super::names::dictionary() {
        Some(d) => d.analyze(w).iter().any(|a| {
            a.tag
                .and_then(|t| d.tag(t))
                .is_some_and(|t| t.contains("INFN"))
        }),
        None => w.ends_with("ть") || w.ends_with("ться"),
    }
}

/// An Azerbaijani verb as the infinitive a demand is listed in: "etməyə" (to do,
/// as called on) and "etsin" (let them do, as demanded) are "etmək".
fn az_infinitive(w: &str) -> Option<String> {
    for (dative, infinitive) in [("məyə", "mək"), ("mağa", "maq")] {
        if let Some(stem) = w.strip_suffix(dative) {
            return (!stem.is_empty()).then(|| format!("{stem}{infinitive}"));
        }
    }
    for jussive in ["sin", "sın", "sun", "sün"] {
        if let Some(stem) = w.strip_suffix(jussive)
            && stem.chars().count() >= 2
        {
            let back = stem
                .chars()
                .rev()
                .find(|c| AZ_VOWELS.contains(*c))
                .is_some_and(|v| "aıou".contains(v));
            return Some(format!("{stem}{}", if back { "maq" } else { "mək" }));
        }
    }
    None
}

/// Cuts words `a..b` into actions at "and", commas and semicolons, where the part
/// after the cut opens an action of its own and the part before has one.
fn actions(text: &str, t: &[Tok], a: usize, b: usize, language: Language) -> Vec<String> {
    let c = calls(language);
    let and = match language {
        Language::En => "and",
        Language::Ru => "и",
        Language::Az => "və",
    };
    let mut cuts = vec![a];
    let mut left_has = false;
    for i in a + 1..b {
        let after_mark = t[i - 1].comma || t[i - 1].semicolon;
        let at_and = t[i].lower == and;
        let starts = if at_and { i + 1 } else { i };
        let opens = match language {
            Language::Az => t[i - 1].lower.ends_with("məyə") || t[i - 1].lower.ends_with("mağa"),
            _ => opens_action(t, starts, language, c),
        };
        // Whether the part since the last cut has an action (kept as words pass, so
        // the cutting stays linear in the sentence).
        left_has |= match language {
            Language::En => c.act.contains(&t[i - 1].lower),
            Language::Ru => ru_infinitive(&t[i - 1].lower),
            Language::Az => true,
        };
        let cut_here = match language {
            Language::Az => at_and && opens,
            _ => (at_and || after_mark || t[i - 1].semicolon) && opens && left_has,
        };
        if cut_here || (t[i - 1].semicolon && language != Language::Az) {
            cuts.push(if at_and { i + 1 } else { i });
            left_has = false;
        }
    }
    cuts.push(b);
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let (mut s, e) = (w[0], w[1]);
        // Drop a trailing "and" or "и" left before the next cut.
        let mut e2 = e;
        while e2 > s && (t[e2 - 1].lower == and) {
            e2 -= 1;
        }
        if language == Language::En {
            s = skip_aside(t, s);
        }
        let Some(mut phrase) = span(text, t, s, e2) else {
            continue;
        };
        let has_action = match language {
            Language::En => (s..e2).any(|k| c.act.contains(&t[k].lower)),
            Language::Ru => (s..e2).any(|k| ru_infinitive(&t[k].lower)),
            Language::Az => (s..e2).any(|k| az_infinitive(&t[k].lower).is_some()),
        };
        if !has_action {
            continue;
        }
        if language == Language::Az
            && let Some(last) = (s..e2)
                .rev()
                .find(|&k| az_infinitive(&t[k].lower).is_some())
            && let Some(inf) = az_infinitive(&t[last].lower)
        {
            let before = text[t[s].start..t[last].start].trim();
            phrase = if before.is_empty() {
                inf
            } else {
                format!("{before} {inf}")
            };
        }
        out.push(phrase.trim_end_matches(['.', ';', ',', ':']).to_string());
    }
    // "reveal the whereabouts of X and release him" is one demand about X.
    let mut joined: Vec<String> = Vec::with_capacity(out.len());
    for phrase in out {
        let short = phrase.split_whitespace().count() == 2
            && phrase.ends_with(|c: char| c.is_alphabetic())
            && matches!(phrase.rsplit(' ').next(), Some("him" | "her" | "them"));
        match joined.last_mut() {
            Some(prev) if short => *prev = format!("{prev} and {phrase}"),
            _ => joined.push(phrase),
        }
    }
    let mut out = joined;
    if language == Language::En {
        for i in 1..out.len() {
            let resolved = named_for_pronoun(&out[i - 1], &out[i]);
            if let Some(r) = resolved {
                out[i] = r;
            }
        }
    }
    out
}

/// "drop all charges against them" after "release Leyla Safarli and Tural Gasimli":
/// the pronoun that ends a demand stands for the people the demand before it names.
fn named_for_pronoun(before: &str, demand: &str) -> Option<String> {
    let (head, last) = demand.rsplit_once(' ')?;
    if !matches!(last, "him" | "her" | "them") {
        return None;
    }
    let words: Vec<&str> = before.split_whitespace().collect();
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // The people: from the first run of two capitalised words to the last such run.
    let first =
        (1..words.len().saturating_sub(1)).find(|&i| capital(words[i]) && capital(words[i + 1]))?;
    let last_cap = (first..words.len()).rev().find(|&i| capital(words[i]))?;
    let names = words[first..=last_cap]
        .join(" ")
        .trim_end_matches([',', ';', '.'])
        .to_string();
    Some(format!("{head} {names}"))
}

/// Addressees in words `a..b`, one per "and" (or ", and to").
fn addressees(text: &str, t: &[Tok], a: usize, b: usize, language: Language) -> Vec<String> {
    let and = match language {
        Language::En => "and",
        Language::Ru => "и",
        Language::Az => "və",
    };
    let pronoun = |w: &str| {
        matches!(
            w,
            "them"
                | "him"
                | "her"
                | "you"
                | "their"
                | "его"
                | "ее"
                | "их"
                | "вас"
                | "onu"
                | "onları"
        )
    };
    let mut out = Vec::new();
    let mut from = a;
    for i in a..=b {
        if i == b || t[i].lower == and {
            let mut s = from;
            if language == Language::En && t.get(s).is_some_and(|w| w.lower == "to") {
                s += 1;
            }
            // The case the call puts the addressee in: "требуем от властей" (Gen),
            // "обращаемся к президенту" (Dat), "призывает власти" (Acc).
            let mut case = "Acc";
            if language == Language::Ru
                && let Some(w) = t.get(s).filter(|w| w.lower == "от" || w.lower == "к")
            {
                case = if w.lower == "от" { "Gen" } else { "Dat" };
                s += 1;
            }
            let addressee_like = |k: usize| {
                let first = &text[t[k].start..t[k].end];
                // An address, a number or a lower-case phrase ("write to political
                // prisoners") is no authority; "the" may open one written in lower case.
                !text[t[s.min(i)].start..t[i.max(1) - 1].end].contains(['@', '/'])
                    && (language != Language::En
                        || first.chars().next().is_some_and(char::is_uppercase)
                        || t[k].lower == "the")
            };
            if s < i
                && !(i - s == 1 && pronoun(&t[s].lower))
                && addressee_like(s)
                && let Some(name) = span(text, t, s, i)
            {
                let name = match language {
                    Language::Az => az_nominative(&name),
                    Language::Ru => ru_nominative(&name, case),
                    Language::En => name,
                };
                out.push(name);
            }
            from = i + 1;
        }
    }
    out
}

/// A Russian addressee in the nominative: its opening adjectives and head noun,
/// read in the case the call put them in, are put in the nominative of the same
/// number ("Генерального прокурора Республики Беларусь" -> "Генеральный прокурор
/// Республики Беларусь", "власти Беларуси" stays); the words after the head keep
/// their case. Without the dictionary, the phrase as written.
fn ru_nominative(phrase: &str, case: &str) -> String {
    let Some(d) = super::names::dictionary() else {
        return phrase.to_string();
    };
    let words: Vec<&str> = phrase.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut head_done = false;
    for w in &words {
        if head_done {
            out.push((*w).to_string());
            continue;
        }
        let analyses = d.analyze(w);
        let fit = analyses.iter().find(|a| {
            d.ud_tag(a.ud).is_some_and(|t| {
                matches!(t.pos(), "ADJ" | "NOUN" | "PROPN") && t.feat("Case") == Some(case)
            })
        });
        let Some(a) = fit else {
            head_done = true;
            out.push((*w).to_string());
            continue;
        };
        let tag = d.ud_tag(a.ud);
        let number = tag.and_then(|t| t.feat("Number")).unwrap_or("Sing");
        let nominative = d
            .inflect(a, &[("Case", "Nom"), ("Number", number)])
            .map(|f| f.word)
            .filter(|f| !f.is_empty());
        let written = match nominative {
            Some(f) if w.chars().next().is_some_and(char::is_uppercase) => Language::Ru.title(&f),
            Some(f) => f,
            None => (*w).to_string(),
        };
        out.push(written);
        if tag.is_some_and(|t| t.pos() != "ADJ") {
            head_done = true;
        }
    }
    out.join(" ")
}

/// An Azerbaijani addressee out of the accusative or ablative it is called in:
/// "hakimiyyətini" and "hakimiyyətindən" are "hakimiyyəti", "Şurasını" "Şurası".
fn az_nominative(phrase: &str) -> String {
    let (head, last) = phrase.rsplit_once(' ').unwrap_or(("", phrase));
    let mut word = last.to_string();
    for ending in ["ndən", "ndan", "nı", "ni", "nu", "nü"] {
        if let Some(stem) = last.strip_suffix(ending)
            && stem.chars().last().is_some_and(|c| AZ_VOWELS.contains(c))
        {
            word = stem.to_string();
            break;
        }
    }
    if word == last
        && let Some(stem) = az_office_accusative(&Language::Az.lower(last))
    {
        word = last.chars().take(stem.chars().count()).collect();
    }
    if head.is_empty() {
        word
    } else {
        format!("{head} {word}")
    }
}

/// Whether an Azerbaijani word is an addressee as called: accusative or ablative
/// after a possessive ("hakimiyyətini", "İttifaqını", "hakimiyyətindən"), or an
/// office in the accusative ("Baş prokuroru", "Prezidenti").
fn az_addressee(w: &str) -> bool {
    let possessive = ["nı", "ni", "nu", "nü", "ndən", "ndan"].iter().any(|e| {
        w.strip_suffix(e)
            .and_then(|s| s.chars().last())
            .is_some_and(|c| AZ_VOWELS.contains(c))
    });
    possessive || az_office_accusative(w).is_some()
}

/// An office word in the accusative, and the office: "prokuroru" is "prokuror".
fn az_office_accusative(w: &str) -> Option<&str> {
    let stem = w.strip_suffix(['ı', 'i', 'u', 'ü'])?;
    let consonant = stem.chars().last().is_some_and(|c| !AZ_VOWELS.contains(c));
    (consonant && calls(Language::Az).office.contains(stem)).then_some(stem)
}

fn matches_any(patterns: &[Pattern], lower: &[String], i: usize) -> Option<usize> {
    patterns
        .iter()
        .filter(|p| p.matches_at(lower, i))
        .map(Pattern::words)
        .max()
}

/// The lines of a list after a call ending in ":", up to the first blank line.
fn list_after<'a>(lines: &[&'a str], from: usize) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut started = false;
    for line in lines.iter().skip(from) {
        let l = line.trim();
        if l.is_empty() {
            if started {
                break;
            }
            continue;
        }
        started = true;
        out.push(l.trim_start_matches(['-', '•', '*', '–', ' ']));
    }
    out
}

/// An addressee as an appeal's address block gives it: the heading line, the postal
/// lines under it, and the salutation and email when the block gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Address {
    pub name: String,
    pub lines: Vec<String>,
    pub salutation: Option<String>,
    pub email: Option<String>,
}

/// The addressees of an appeal's address block: after a line "Write to" (or one
/// ending "…to:"), each block's first line while it reads as a title, with the lines
/// under it.
fn address_block(lines: &[&str], from: usize) -> Vec<Address> {
    let mut out: Vec<Address> = Vec::new();
    let mut at_block_start = true;
    let mut open = false;
    for line in lines.iter().skip(from) {
        let l = line.trim();
        if l.is_empty() {
            at_block_start = true;
            continue;
        }
        if !at_block_start {
            let Some(last) = out.last_mut().filter(|_| open) else {
                continue;
            };
            let salutation = l.split_once(':').filter(|(label, _)| {
                matches!(
                    label.trim().to_lowercase().as_str(),
                    "salutation" | "обращение" | "müraciət"
                )
            });
            if let Some((_, s)) = salutation {
                let s = s.trim().to_string();
                last.salutation = Some(if s.ends_with([',', '!', '.']) {
                    s
                } else {
                    format!("{s},")
                });
            } else if l.contains('@') && !l.contains(' ') {
                last.email = Some(l.to_string());
            } else if last.lines.len() < 6 {
                last.lines.push(l.to_string());
            }
            continue;
        }
        at_block_start = false;
        let words = l.split_whitespace().count();
        let title_like = l.chars().next().is_some_and(char::is_uppercase)
            && words <= 10
            && !l.chars().any(|c| c.is_ascii_digit())
            && !l.ends_with('.')
            && !l.contains(':');
        if !title_like {
            break;
        }
        open = true;
        out.push(Address {
            name: l.to_string(),
            ..Address::default()
        });
    }
    out
}

/// An English demand in the voice of an op-ed or a statement: "Brussels should make
/// the release of X a condition of the agreement", "The authorities must immediately
/// release him", "It should also insist that …" (the subject of the sentence before).
/// Not in a quotation or a report of speech ("…," his lawyer said), and only with a
/// demand verb after the modal, so "the court should rule" and "he must be released"
/// are none.
fn modal_call(
    sentence: &str,
    t: &[Tok],
    c: &Calls,
    last_subject: &mut Option<String>,
) -> Option<(Option<String>, Vec<String>)> {
    let m = t
        .iter()
        .position(|w| w.lower == "must" || w.lower == "should")?;
    if sentence.contains(['"', '“', '”', '«'])
        || t.iter()
            .any(|w| matches!(w.lower.as_str(), "said" | "says" | "told" | "say"))
    {
        return None;
    }
    let mut verb = m + 1;
    while t
        .get(verb)
        .is_some_and(|w| w.lower == "also" || w.lower.ends_with("ly"))
        && verb < m + 3
    {
        verb += 1;
    }
    if !t.get(verb).is_some_and(|w| c.act.contains(&w.lower)) || m == 0 || m > 6 {
        return None;
    }
    let subject = span(sentence, t, 0, m)?;
    let first = &t[0].lower;
    let target = if matches!(first.as_str(), "it" | "they") && m == 1 {
        last_subject.clone()
    } else if subject.chars().next().is_some_and(char::is_uppercase)
        && !matches!(
            first.as_str(),
            "he" | "she" | "we" | "i" | "you" | "this" | "that"
        )
    {
        *last_subject = Some(subject.clone());
        Some(subject)
    } else {
        return None;
    };
    let demands = actions(sentence, t, verb, t.len(), Language::En);
    (!demands.is_empty()).then_some((target, demands))
}

/// Reads a page's demands and addressees.
pub fn read(text: &str, language: Language) -> Appeal {
    let c = calls(language);
    let lines: Vec<&str> = text.lines().collect();
    let mut appeal = Appeal::default();
    // The subject of the last "X must …" sentence, for an "It should also …" after it.
    let mut last_subject: Option<String> = None;
    for (n, line) in lines.iter().enumerate() {
        for sentence in sentences(line) {
            let t = toks(sentence, language);
            let lower: Vec<String> = t.iter().map(|w| w.lower.clone()).collect();
            // "Write to …": addressees up to the first comma; a line that is only
            // that opens an address block.
            for i in 0..t.len() {
                if let Some(k) = matches_any(&c.write, &lower, i) {
                    let from = i + k;
                    if from >= t.len() {
                        if language == Language::En || t[t.len() - 1].colon {
                            appeal.addresses.extend(address_block(&lines, n + 1));
                        }
                        break;
                    }
                    let end = (from..t.len())
                        .find(|&j| t[j].comma || t[j].colon || opens_action(&t, j, language, c))
                        .map_or(t.len(), |j| j + usize::from(t[j].comma || t[j].colon));
                    let end = end.min(t.len());
                    let end = (from..end)
                        .find(|&j| matches!(t[j].lower.as_str(), "immediately" | "urgently"))
                        .unwrap_or(end);
                    appeal
                        .targets
                        .extend(addressees(sentence, &t, from, end, language));
                    break;
                }
            }
            if language == Language::En
                && t.len() >= 2
                && t[t.len() - 1].lower == "to"
                && t[t.len() - 1].colon
                && lower.iter().any(|w| w == "appeals" || w == "letters")
            {
                appeal.addresses.extend(address_block(&lines, n + 1));
            }
            if language == Language::En
                && let Some((target, demands)) = modal_call(sentence, &t, c, &mut last_subject)
            {
                appeal.demands.extend(demands);
                appeal.targets.extend(target);
                continue;
            }
            let Some((i, k)) =
                (0..t.len()).find_map(|i| matches_any(&c.call, &lower, i).map(|k| (i, k)))
            else {
                continue;
            };
            match language {
                Language::En | Language::Ru => {
                    let from = i + k;
                    // The addressee runs to "to" (en) or to the first action (ru).
                    let mut j = from;
                    while j < t.len() {
                        if language == Language::En
                            && t[j].lower == "to"
                            && (opens_action(&t, j, language, c) || t[j].colon || j + 1 == t.len())
                        {
                            break;
                        }
                        if language == Language::Ru && opens_action(&t, j, language, c) {
                            break;
                        }
                        if t[j].colon {
                            j += 1;
                            break;
                        }
                        j += 1;
                    }
                    let mut demands = Vec::new();
                    let to_end = t.get(j).is_some_and(|w| w.lower == "to") && j + 1 == t.len();
                    // A list follows only a call that ends in a colon ("urging them
                    // to:", "требуем от властей Беларуси:"); a headline that runs out
                    // ("… Urges Release of X") opens none.
                    let colon = t.last().is_some_and(|w| w.colon);
                    if (j >= t.len() || to_end) && colon {
                        // "… urging them to:" or "Мы требуем от властей Беларуси:".
                        for item in list_after(&lines, n + 1) {
                            let it = toks(item, language);
                            demands.extend(actions(item, &it, 0, it.len(), language));
                        }
                    } else {
                        demands.extend(actions(sentence, &t, j, t.len(), language));
                    }
                    // A call with nothing asked is no call ("did not ask her a question").
                    if !demands.is_empty() {
                        appeal.demands.extend(demands);
                        appeal.targets.extend(addressees(
                            sentence,
                            &t,
                            from,
                            j.min(t.len()),
                            language,
                        ));
                    }
                }
                Language::Az => {
                    // "[Biz] X-i [və Y-i] … etməyə çağırırıq" or "X-dən tələb edirik:".
                    let Some(first) = (0..i).find(|&j| az_addressee(&t[j].lower)) else {
                        continue;
                    };
                    let mut start = first;
                    while start > 0
                        && first - start < 3
                        && t[start - 1].lower.chars().next().is_some_and(|_| {
                            !matches!(
                                t[start - 1].lower.as_str(),
                                "biz" | "həmçinin" | "də" | "isə"
                            )
                        })
                        && !sentence[t[start - 1].start..t[start - 1].end]
                            .chars()
                            .all(|ch| ch.is_uppercase() || !ch.is_alphabetic())
                        && !t[start - 1].comma
                    {
                        start -= 1;
                    }
                    let mut last = first;
                    while last + 2 < i && t[last + 1].lower == "və" {
                        match (last + 2..i.min(last + 6)).find(|&j| az_addressee(&t[j].lower)) {
                            Some(next) => last = next,
                            None => break,
                        }
                    }
                    let mut demands = Vec::new();
                    if t[i + k - 1].colon {
                        for item in list_after(&lines, n + 1) {
                            let it = toks(item, language);
                            demands.extend(actions(item, &it, 0, it.len(), language));
                        }
                    } else {
                        demands.extend(actions(sentence, &t, last + 1, i, language));
                    }
                    if !demands.is_empty() {
                        appeal.demands.extend(demands);
                        appeal
                            .targets
                            .extend(addressees(sentence, &t, start, last + 1, language));
                    }
                }
            }
        }
    }
    // A page makes a handful of demands; a flood of calls is cut, so the pairing
    // below stays small.
    appeal.demands.truncate(MAX_PHRASES);
    appeal.targets.truncate(MAX_PHRASES);
    appeal.demands = distinct(appeal.demands);
    // Addressees are those of the page's demands: a page that demands nothing has
    // none ("write to us at …").
    if appeal.demands.is_empty() {
        appeal.targets.clear();
        appeal.addresses.clear();
    } else {
        appeal.addresses.truncate(MAX_PHRASES);
        // An address block's heading is an addressee too (often the fullest name).
        let mut targets = std::mem::take(&mut appeal.targets);
        targets.extend(appeal.addresses.iter().map(|a| a.name.clone()));
        appeal.targets = distinct_targets(targets, language);
    }
    appeal
}

/// Keeps one of each group of demands that say the same thing: the same action
/// (the shorter's first stem is in the longer) on mostly the same words, and not
/// on different people. Names alone do not make two demands one ("release A and
/// B", "quash the convictions of A and B"); the same words for other people are
/// two ("drop all charges against A", "drop the charge against B"). The longest of
/// a group is kept.
fn distinct(phrases: Vec<String>) -> Vec<String> {
    merge(
        phrases,
        |a, b| {
            let (short, long) = if stems(a).len() <= stems(b).len() {
                (a, b)
            } else {
                (b, a)
            };
            let (x, y) = (named(a), named(b));
            same(a, b)
                && stems_in_order(short)
                    .first()
                    .is_some_and(|f| stems(long).contains(f))
                && (x.is_empty() || y.is_empty() || x.iter().any(|n| y.contains(n)))
        },
        |p| p.len(),
    )
}

/// The stems of the capitalised words after a phrase's first: the people it names.
fn named(phrase: &str) -> Vec<String> {
    phrase
        .split_whitespace()
        .skip(1)
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .flat_map(stems)
        .collect()
}

/// Keeps one addressee per office ("the President of Azerbaijan", "President Ilham
/// Aliyev", by `office` in `calls.txt`) and per phrase: the one with the most
/// capitalised words, which names the holder.
fn distinct_targets(phrases: Vec<String>, language: Language) -> Vec<String> {
    merge(
        phrases,
        |a, b| same_addressee(a, b, language),
        |p| {
            p.split_whitespace()
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .count()
        },
    )
}

/// Whether two addressees are one: they say the same, or open with the same office.
pub fn same_addressee(a: &str, b: &str, language: Language) -> bool {
    let office = &calls(language).office;
    let title = |p: &str| {
        p.split_whitespace()
            .map(|w| language.lower(w.trim_matches(|c: char| !c.is_alphanumeric())))
            .find(|w| !matches!(w.as_str(), "the" | "a"))
            .filter(|w| office.contains(w))
    };
    same(a, b) || title(a).is_some_and(|t| title(b) == Some(t))
}

fn merge(
    phrases: Vec<String>,
    alike: impl Fn(&str, &str) -> bool,
    weight: impl Fn(&str) -> usize,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in phrases {
        if p.chars().count() < 4 {
            continue;
        }
        match out.iter().position(|q| alike(q, &p)) {
            Some(k) if weight(&out[k]) < weight(&p) => out[k] = p,
            Some(_) => {}
            None => out.push(p),
        }
    }
    out
}

/// The meaning-carrying stems of a phrase in the order written.
fn stems_in_order(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(|w| w.to_lowercase().chars().take(5).collect())
        .collect()
}

/// The stems of a phrase's words that carry meaning: words of four letters or more,
/// cut to five, so that "Наталье" and "Наталью", "etməyə" and "etmək" meet.
pub fn stems(phrase: &str) -> Vec<String> {
    let mut out = stems_in_order(phrase);
    out.sort();
    out.dedup();
    out
}

/// Whether two phrases say the same: at least half the stems of the shorter are in
/// the other, and two of them when it has two or more ("the Azerbaijani
/// authorities" is not "the Prosecutor General of Azerbaijan").
pub fn same(a: &str, b: &str) -> bool {
    let (x, y) = (stems(a), stems(b));
    let small = x.len().min(y.len());
    if small == 0 {
        return a.trim().eq_ignore_ascii_case(b.trim());
    }
    let shared = x.iter().filter(|s| y.contains(s)).count();
    shared * 2 >= small && shared >= small.min(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_english_call_gives_its_addressee_and_one_demand_per_action() {
        let a = read(
            "The Observatory calls on the Public Prosecutor to end the practice of recycling \
             detainees and to release everyone held beyond the legal limit.",
            Language::En,
        );
        assert_eq!(a.targets, ["the Public Prosecutor"]);
        assert_eq!(
            a.demands,
            [
                "end the practice of recycling detainees",
                "release everyone held beyond the legal limit"
            ]
        );
    }

    #[test]
    fn an_op_eds_must_and_should_are_demands_but_not_in_quotes_or_reports() {
        let a = read(
            "Brussels should make the release of Anar Guliyev a condition of the agreement. \
             It should also insist that his family be allowed to visit him.",
            Language::En,
        );
        assert_eq!(a.targets, ["Brussels"]);
        assert_eq!(a.demands.len(), 2, "{a:?}");
        for news in [
            "\"The authorities must release him,\" his lawyer said.",
            "The court should rule next week.",
            "He must be released, the ombudsman says.",
        ] {
            assert_eq!(read(news, Language::En), Appeal::default(), "{news}");
        }
    }

    #[test]
    fn a_headline_that_urges_opens_no_list() {
        let a = read(
            "Watchdog Urges Release of Blogger Anar Guliyev\nHe was detained in March.\n- free speech",
            Language::En,
        );
        assert_eq!(a, Appeal::default());
    }

    #[test]
    fn a_reported_call_in_the_past_is_not_the_pages() {
        let a = read(
            "The EU called on the authorities to release him. Amnesty urged calm.",
            Language::En,
        );
        assert_eq!(a, Appeal::default());
    }

    #[test]
    fn a_list_after_the_call_and_an_address_block() {
        let text = "Write to the President and to the Prosecutor General, urging them to:\n\
                    release Anar Guliyev immediately and unconditionally, and drop all charges against him;\n\
                    pending his release, ensure that he has access to a lawyer.\n\n\
                    Write to\n\nPresident Ilham Aliyev\nOffice of the President\n\n\
                    Please take action before 1 June.";
        let a = read(text, Language::En);
        assert_eq!(
            a.demands,
            [
                "release Anar Guliyev immediately and unconditionally",
                "drop all charges against Anar Guliyev",
                "ensure that he has access to a lawyer"
            ]
        );
        assert_eq!(
            a.targets,
            ["President Ilham Aliyev", "the Prosecutor General"],
            "the address block names the president the call addressed"
        );
        assert_eq!(
            a.addresses,
            [Address {
                name: "President Ilham Aliyev".into(),
                lines: vec!["Office of the President".into()],
                salutation: None,
                email: None,
            }]
        );
    }

    #[test]
    fn russian_calls_with_an_infinitive_and_a_list() {
        let a = read(
            "«Азад Сёз» призывает власти Азербайджана немедленно освободить всех журналистов, \
             находящихся под стражей, и прекратить уголовное преследование.",
            Language::Ru,
        );
        assert_eq!(a.targets, ["власти Азербайджана"]);
        assert_eq!(
            a.demands,
            [
                "немедленно освободить всех журналистов, находящихся под стражей",
                "прекратить уголовное преследование"
            ]
        );
        let a = read(
            "Мы требуем от властей Беларуси:\n\nнемедленно и безусловно освободить всех; li\nпрекратить пытки.\n",
            Language::Ru,
        );
        assert_eq!(a.targets, ["власти Беларуси"]);
        assert_eq!(
            a.demands,
            [
                "немедленно и безусловно освободить всех",
                "прекратить пытки"
            ]
        );
        // A past call is a report.
        assert_eq!(
            read("ЕС призвал власти освободить его.", Language::Ru),
            Appeal::default()
        );
    }

    #[test]
    fn azerbaijani_calls_end_in_their_verb_and_list_in_the_infinitive() {
        let a = read(
            "SMMM Azərbaycan hakimiyyətini bütün şəxsləri dərhal azad etməyə və saxta ittihamı ləğv etməyə çağırır.",
            Language::Az,
        );
        assert_eq!(a.targets, ["Azərbaycan hakimiyyəti"]);
        assert_eq!(
            a.demands,
            [
                "bütün şəxsləri dərhal azad etmək",
                "saxta ittihamı ləğv etmək"
            ]
        );
        let a = read(
            "Biz azərbaycan hakimiyyətindən tələb edirik:\n- Vasif Cəlilovu azad etsin;\n- ittihamları ləğv etsin.\n",
            Language::Az,
        );
        assert_eq!(a.targets, ["azərbaycan hakimiyyəti"]);
        assert_eq!(
            a.demands,
            ["Vasif Cəlilovu azad etmək", "ittihamları ləğv etmək"]
        );
        assert_eq!(
            read("Məhkəmə onu azad etməyə çağırıb.", Language::Az),
            Appeal::default()
        );
    }

    #[test]
    fn phrases_meet_across_inflection() {
        assert!(same(
            "обеспечить Наталье Кулеш доступ",
            "обеспечить Наталью Кулеш доступом"
        ));
        assert!(same(
            "the Azerbaijani authorities",
            "the azerbaijani authorities"
        ));
        assert!(!same("the Russian authorities", "the European Union"));
        assert!(!same(
            "the Azerbaijani authorities",
            "the Prosecutor General of Azerbaijan"
        ));
    }
}
