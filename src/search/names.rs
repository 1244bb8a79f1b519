//! Matching a name to registry people across scripts and transliterations: Azerbaijani
//! Latin and Cyrillic, Russian Cyrillic, and the English and Russian romanisations of
//! both, in either order (surname first), in any case, and glued into one word.
//!
//! Each word is reduced to a *sound key*: after [`fold`] (one Latin spelling per
//! letter), the letters that the romanisations render differently are put in one class:
//!
//! - `c`, `ç`, `j`, `ch`, `dzh`, `dj`, `zh`: J (Cəfərov, Jafarov, Dzhafarov);
//! - `h`, `g`, `q`, `x`, `kh`, `gh`: G (Həsən, Hasan, Gasan; Quliyev, Guliyev; Xədicə,
//!   Khadija), since Russian writes Azerbaijani h as г or х depending on the word;
//! - `sh` and `s` (a name typed without its diacritics loses the difference);
//! - `a`, `e` (ə is written a, e or ä); `i`, `y`, `ı`; `o`, `ö`; `u`, `ü`;
//! - a `y` before a vowel is dropped (Rzayeva, Rzaeva; Gyunel, Gunel), and repeated
//!   letters count once (Məmmədov, Mamedov).
//!
//! Two names are the **same** when their words have the same keys in any order, or
//! when one is the other glued together. Otherwise they are **possible** when every
//! word of the shorter name is close to a word of the other (edit distance on keys),
//! and **different** below that. Only "same" may be acted on without a person's review.

use std::collections::HashMap;

use serde::Serialize;

use super::fold;
use crate::domain::PersonId;

/// How sure a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Different,
    Possible,
    Same,
}

/// Scores at or above this are "possible".
pub const POSSIBLE: f64 = 0.8;

/// The sound key of one folded word.
pub fn sound_key(word: &str) -> String {
    let b: Vec<char> = word.chars().collect();
    let mut classes: Vec<char> = Vec::with_capacity(b.len());
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
    let mut i = 0;
    while i < b.len() {
        let rest = |s: &str| b[i..].iter().take(s.len()).copied().eq(s.chars());
        let (class, used) = if rest("dzh") {
            (Some('J'), 3)
        } else if rest("dj") || rest("zh") || rest("ch") {
            (Some('J'), 2)
        } else if rest("kh") || rest("gh") {
            (Some('G'), 2)
        } else if rest("sh") {
            (Some('S'), 2)
        } else {
            let c = b[i];
            let class = match c {
                'c' | 'j' => Some('J'),
                'h' | 'g' | 'q' | 'x' => Some('G'),
                's' => Some('S'),
                'a' | 'e' => Some('A'),
                'i' => Some('I'),
                'o' => Some('O'),
                'u' => Some('U'),
                'w' | 'v' => Some('V'),
                'y' => {
                    // Before a vowel it only softens (ya, ye, yu): dropped.
                    if b.get(i + 1).is_some_and(|n| is_vowel(*n)) {
                        None
                    } else {
                        Some('I')
                    }
                }
                c if c.is_ascii_alphanumeric() => Some(c.to_ascii_uppercase()),
                // Letters fold does not know stay as they are, in upper case.
                c if c.is_alphabetic() => c.to_uppercase().next(),
                _ => None,
            };
            (class, 1)
        };
        if let Some(c) = class
            && classes.last() != Some(&c)
        {
            classes.push(c);
        }
        i += used;
    }
    classes.into_iter().collect()
}

/// A name as sound keys: one per word, and the key of all words glued together.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameKey {
    pub words: Vec<String>,
    /// The word keys in sorted order, for order-free comparison.
    sorted: Vec<String>,
    /// Keys of the words glued in the order written and reversed (for surname first).
    pub glued: [String; 2],
}

impl NameKey {
    pub fn of(name: &str) -> NameKey {
        let folded = fold(name);
        let words: Vec<&str> = folded.split_whitespace().collect();
        let forward: String = words.concat();
        let backward: String = words.iter().rev().copied().collect::<Vec<_>>().concat();
        let keys: Vec<String> = words
            .iter()
            .map(|w| sound_key(w))
            .filter(|k| !k.is_empty())
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        NameKey {
            words: keys,
            sorted,
            glued: [sound_key(&forward), sound_key(&backward)],
        }
    }
}

impl NameKey {
    /// The word keys in sorted order, joined: two names of two or more words each are
    /// `same` exactly when this is equal, so it can key a hash map.
    pub fn order_free(&self) -> String {
        self.sorted.join(" ")
    }
}

/// Edit distance between two keys, as a similarity from 0 to 1.
fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    // Keys are almost always ASCII: compare bytes then, characters otherwise.
    if a.is_ascii() && b.is_ascii() {
        return edit_similarity(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edit_similarity(&a, &b)
}

fn edit_similarity<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    // Two rows, reused; keys are short, so they live on the stack when they fit.
    const STACK: usize = 32;
    let n = b.len() + 1;
    let (mut heap_prev, mut heap_cur);
    let (mut stack_prev, mut stack_cur) = ([0usize; STACK], [0usize; STACK]);
    let (prev, cur): (&mut [usize], &mut [usize]) = if n <= STACK {
        (&mut stack_prev[..n], &mut stack_cur[..n])
    } else {
        heap_prev = vec![0; n];
        heap_cur = vec![0; n];
        (&mut heap_prev[..], &mut heap_cur[..])
    };
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev.copy_from_slice(cur);
    }
    1.0 - prev[b.len()] as f64 / longest as f64
}

/// How alike two names are, and what that means.
pub fn compare(a: &NameKey, b: &NameKey) -> (f64, Decision) {
    let (aw, bw) = (&a.sorted, &b.sorted);
    if !aw.is_empty() && aw == bw {
        return (1.0, Decision::Same);
    }
    // One written as a single glued word.
    let glued_match = |single: &NameKey, many: &NameKey| {
        single.words.len() == 1 && many.words.len() > 1 && many.glued.contains(&single.words[0])
    };
    if glued_match(a, b) || glued_match(b, a) {
        return (1.0, Decision::Same);
    }
    let (short, long) = if aw.len() <= bw.len() {
        (&aw, &bw)
    } else {
        (&bw, &aw)
    };
    if short.is_empty() {
        return (0.0, Decision::Different);
    }
    // Each word of the shorter name against its best partner; a name with more words
    // (a patronymic) costs a little.
    let mut total = 0.0;
    let mut worst: f64 = 1.0;
    for w in short.iter() {
        let best = long.iter().map(|o| similarity(w, o)).fold(0.0, f64::max);
        total += best;
        worst = worst.min(best);
    }
    let extra = (long.len() - short.len()) as f64 * 0.05;
    let score = (total / short.len() as f64 - extra).max(0.0);
    let decision = if score >= POSSIBLE && worst >= 0.6 {
        Decision::Possible
    } else {
        Decision::Different
    };
    (score, decision)
}

/// A registry person a name may be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub person_id: PersonId,
    /// The spelling on record that matched best.
    pub name: String,
    pub score: f64,
    pub decision: Decision,
}

/// A word shared by at most this many spellings brings them all to be scored.
const RARE: usize = 256;

/// Appends the values in both sorted lists.
fn intersect(a: &[u32], b: &[u32], out: &mut Vec<u32>) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
}

/// Every spelling of every registry person. Spellings with the same keys share one
/// entry (a common full name is compared once, not once per holder), and entries are
/// indexed by the keys of their words and their glued forms, so a lookup scores only
/// entries that share something with the query.
#[derive(Debug, Default)]
pub struct NameIndex {
    spellings: Vec<(PersonId, String)>,
    /// Distinct keys, and the spellings that have each.
    keys: Vec<(NameKey, Vec<u32>)>,
    by_key: HashMap<String, Vec<u32>>,
}

impl NameIndex {
    pub fn build<'a>(names: impl IntoIterator<Item = (PersonId, &'a str)>) -> NameIndex {
        let mut index = NameIndex::default();
        let mut ids: HashMap<NameKey, u32> = HashMap::new();
        for (person, text) in names {
            let key = NameKey::of(text);
            let spelling = u32::try_from(index.spellings.len()).unwrap_or(u32::MAX);
            index.spellings.push((person, text.to_string()));
            if let Some(id) = ids.get(&key) {
                if let Some((_, holders)) = index.keys.get_mut(*id as usize) {
                    holders.push(spelling);
                }
                continue;
            }
            let id = u32::try_from(index.keys.len()).unwrap_or(u32::MAX);
            let mut seen: Vec<&String> = Vec::new();
            for k in key.words.iter().chain(key.glued.iter()) {
                if !seen.contains(&k) {
                    seen.push(k);
                    index.by_key.entry(k.clone()).or_default().push(id);
                }
            }
            ids.insert(key.clone(), id);
            index.keys.push((key, vec![spelling]));
        }
        index
    }

    pub fn len(&self) -> usize {
        self.spellings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spellings.is_empty()
    }

    /// The distinct keys worth scoring: those with the query's glued key, those
    /// sharing two of its words (intersecting the sorted lists, so common names cost a
    /// merge, not a score each), and those sharing a word that few keys have. A key
    /// sharing only a common word (a frequent given name) is not scored.
    fn shortlist(&self, key: &NameKey) -> Vec<u32> {
        let empty: Vec<u32> = Vec::new();
        let list = |k: &String| self.by_key.get(k).unwrap_or(&empty);
        let mut out: Vec<u32> = Vec::new();
        for g in &key.glued {
            out.extend_from_slice(list(g));
        }
        let mut words: Vec<&String> = key.words.iter().collect();
        words.sort();
        words.dedup();
        for (i, a) in words.iter().enumerate() {
            let la = list(a);
            if la.len() <= RARE {
                out.extend_from_slice(la);
            }
            for b in &words[i + 1..] {
                intersect(la, list(b), &mut out);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The people `name` may be, best first (one entry per person, with the spelling
    /// that matched best), at most `limit`, leaving out "different" ones.
    pub fn candidates(&self, name: &str, limit: usize) -> Vec<Candidate> {
        let key = NameKey::of(name);
        // Best spelling per person; the text is copied only for the ones returned.
        let mut hits: Vec<(PersonId, (f64, Decision, u32))> = Vec::new();
        for id in self.shortlist(&key) {
            let Some((other, holders)) = self.keys.get(id as usize) else {
                continue;
            };
            let (score, decision) = compare(&key, other);
            if decision == Decision::Different {
                continue;
            }
            for &at in holders {
                if let Some((person, _)) = self.spellings.get(at as usize) {
                    hits.push((*person, (score, decision, at)));
                }
            }
        }
        // One entry per person: their best spelling (the first written, on a tie).
        hits.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.0.total_cmp(&a.1.0))
                .then(a.1.2.cmp(&b.1.2))
        });
        hits.dedup_by_key(|h| h.0);
        let mut ranked = hits;
        let order = |a: &(PersonId, (f64, Decision, u32)), b: &(PersonId, (f64, Decision, u32))| {
            b.1.0.total_cmp(&a.1.0).then(a.0.cmp(&b.0))
        };
        // A common name can have thousands of namesakes: pick the best `limit`, then
        // sort only those.
        if ranked.len() > limit && limit > 0 {
            ranked.select_nth_unstable_by(limit - 1, order);
            ranked.truncate(limit);
        }
        ranked.sort_by(order);
        ranked
            .into_iter()
            .take(limit)
            .filter_map(|(person, (score, decision, at))| {
                let (_, text) = self.spellings.get(at as usize)?;
                Some(Candidate {
                    person_id: person,
                    name: text.clone(),
                    score: (score * 1000.0).round() / 1000.0,
                    decision,
                })
            })
            .collect()
    }
}

/// Two registry people whose names match: candidates for a reviewer to merge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LikelyDuplicate {
    pub a: PersonId,
    pub b: PersonId,
    pub a_name: String,
    pub b_name: String,
    pub score: f64,
    pub decision: Decision,
}

impl NameIndex {
    /// Pairs of different people whose spellings match ("same" or "possible"), best
    /// first, at most `limit`. `block` gives what two records of one person must share
    /// when both know it (a birth year, a country): pairs whose blocks differ are left
    /// out, which keeps namesakes of different ages apart and the work bounded.
    pub fn duplicates(
        &self,
        block: impl Fn(PersonId) -> Option<u64>,
        limit: usize,
    ) -> Vec<LikelyDuplicate> {
        let mut best: HashMap<(PersonId, PersonId), (f64, Decision, u32, u32)> = HashMap::new();
        for (id, (key, holders)) in self.keys.iter().enumerate() {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            for other in self.shortlist(key) {
                if other < id {
                    continue;
                }
                let Some((other_key, other_holders)) = self.keys.get(other as usize) else {
                    continue;
                };
                let (score, decision) = if other == id {
                    (1.0, Decision::Same)
                } else {
                    compare(key, other_key)
                };
                if decision == Decision::Different {
                    continue;
                }
                // Holders grouped by block: a pair needs equal blocks or an unknown one.
                let mut groups: HashMap<Option<u64>, Vec<(PersonId, u32)>> = HashMap::new();
                for &at in other_holders {
                    if let Some((p, _)) = self.spellings.get(at as usize) {
                        groups.entry(block(*p)).or_default().push((*p, at));
                    }
                }
                for &at in holders {
                    let Some((pa, _)) = self.spellings.get(at as usize) else {
                        continue;
                    };
                    let ba = block(*pa);
                    let matching: Vec<&(PersonId, u32)> = match ba {
                        None => groups.values().flatten().collect(),
                        Some(_) => groups
                            .get(&ba)
                            .into_iter()
                            .chain(groups.get(&None))
                            .flatten()
                            .collect(),
                    };
                    for (pb, bt) in matching {
                        if pa == pb {
                            continue;
                        }
                        let pair = if pa < pb {
                            (*pa, *pb, at, *bt)
                        } else {
                            (*pb, *pa, *bt, at)
                        };
                        let e = best
                            .entry((pair.0, pair.1))
                            .or_insert((score, decision, pair.2, pair.3));
                        if score > e.0 {
                            *e = (score, decision, pair.2, pair.3);
                        }
                    }
                }
            }
        }
        let mut ranked: Vec<_> = best.into_iter().collect();
        ranked.sort_by(|x, y| y.1.0.total_cmp(&x.1.0).then(x.0.cmp(&y.0)));
        ranked
            .into_iter()
            .take(limit)
            .filter_map(|((a, b), (score, decision, at_a, at_b))| {
                Some(LikelyDuplicate {
                    a,
                    b,
                    a_name: self.spellings.get(at_a as usize)?.1.clone(),
                    b_name: self.spellings.get(at_b as usize)?.1.clone(),
                    score: (score * 1000.0).round() / 1000.0,
                    decision,
                })
            })
            .collect()
    }
}

/// How the matcher did on labelled names: groups of spellings of one person each, and
/// pairs of different people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameScores {
    pub groups: usize,
    /// Groups whose every spelling found their person first, decided "same".
    pub groups_matched: usize,
    pub spellings: usize,
    /// Spellings whose best candidate was their person, decided "same".
    pub spellings_matched: usize,
    pub pairs: usize,
    /// Distinct pairs not decided "same".
    pub pairs_apart: usize,
    /// What went wrong, for a person to read.
    pub misses: Vec<String>,
}

/// Scores the matcher: each group becomes one person holding its first spelling;
/// every other spelling is looked up among all of them.
pub fn evaluate(groups: &[Vec<String>], pairs: &[(String, String)]) -> NameScores {
    let index = NameIndex::build(groups.iter().enumerate().filter_map(|(i, g)| {
        g.first()
            .map(|first| (PersonId(i64::try_from(i).unwrap_or(0) + 1), first.as_str()))
    }));
    let mut scores = NameScores {
        groups: groups.len(),
        groups_matched: 0,
        spellings: 0,
        spellings_matched: 0,
        pairs: pairs.len(),
        pairs_apart: 0,
        misses: Vec::new(),
    };
    for (i, group) in groups.iter().enumerate() {
        let person = PersonId(i64::try_from(i).unwrap_or(0) + 1);
        let mut all = true;
        for spelling in group.iter().skip(1) {
            scores.spellings += 1;
            let found = index.candidates(spelling, 3);
            match found.first() {
                Some(c) if c.person_id == person && c.decision == Decision::Same => {
                    scores.spellings_matched += 1;
                }
                other => {
                    all = false;
                    scores.misses.push(format!(
                        "'{spelling}' (of '{}') found {}",
                        group[0],
                        other.map_or("nobody".to_string(), |c| format!(
                            "'{}' ({:?}, {:.2})",
                            c.name, c.decision, c.score
                        ))
                    ));
                }
            }
        }
        if all {
            scores.groups_matched += 1;
        }
    }
    for (a, b) in pairs {
        let (score, decision) = compare(&NameKey::of(a), &NameKey::of(b));
        if decision == Decision::Same {
            scores.misses.push(format!(
                "'{a}' and '{b}' are different people but decided same ({score:.2})"
            ));
        } else {
            scores.pairs_apart += 1;
        }
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        compare(&NameKey::of(a), &NameKey::of(b)).1 == Decision::Same
    }

    #[test]
    fn spellings_across_scripts_and_romanisations_are_the_same_person() {
        // Invented names, built from the rules the module names.
        assert!(same("Fərid Qasımov", "Farid Gasimov"));
        assert!(same("Fərid Qasımov", "Фарид Гасымов"));
        assert!(same("Fərid Qasımov", "QASIMOV Fərid"));
        assert!(same("Fərid Qasımov", "Qasımov, Fərid"));
        assert!(same("Fərid Qasımov", "faridgasimov"));
        assert!(same("Səbinə Cəlilova", "Sabina Dzhalilova"));
        assert!(same("Səbinə Cəlilova", "Сабина Джалилова"));
        assert!(same("Xəyal Rəhimov", "Khayal Rahimov"));
        assert!(same("Rəşad Əliyev", "Rashad Aliev"));
        assert!(same("Nərmin Bayramova", "Нармин Байрамова"));
    }

    #[test]
    fn near_names_are_possible_or_different_never_same() {
        let (score, d) = compare(
            &NameKey::of("Fərid Qasımov"),
            &NameKey::of("Fərid Qasımova"),
        );
        assert_eq!(d, Decision::Possible, "{score}");
        assert!(!same("Rəşad Əliyev", "Rəşid Əliyev"));
        assert_eq!(
            compare(
                &NameKey::of("Rəşad Əliyev"),
                &NameKey::of("Nərmin Bayramova")
            )
            .1,
            Decision::Different
        );
        assert!(!same("", ""));
    }

    #[test]
    fn duplicates_pair_matching_names_unless_their_blocks_differ() {
        let index = NameIndex::build([
            (PersonId(1), "Fərid Qasımov"),
            (PersonId(2), "Farid Gasimov"),
            (PersonId(3), "Фарид Гасымов"),
            (PersonId(4), "Nərmin Bayramova"),
        ]);
        // Person 3 was born another year than 1 and 2.
        let block = |p: PersonId| Some(if p.0 == 3 { 1990 } else { 1985 });
        let pairs = index.duplicates(block, 10);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        assert_eq!((pairs[0].a, pairs[0].b), (PersonId(1), PersonId(2)));
        assert_eq!(pairs[0].decision, Decision::Same);
        let unknown = index.duplicates(|p: PersonId| (p.0 != 3).then_some(1985), 10);
        assert_eq!(
            unknown.len(),
            3,
            "an unknown year pairs with any: {unknown:?}"
        );
    }

    #[test]
    fn the_index_finds_a_person_by_any_spelling_best_first() {
        let index = NameIndex::build([
            (PersonId(1), "Fərid Qasımov"),
            (PersonId(1), "Фарид Гасымов"),
            (PersonId(2), "Fərid Qasımova"),
            (PersonId(3), "Nərmin Bayramova"),
        ]);
        let found = index.candidates("GASIMOV Farid", 5);
        assert_eq!(found[0].person_id, PersonId(1));
        assert_eq!(found[0].decision, Decision::Same);
        assert_eq!(found[1].person_id, PersonId(2));
        assert_eq!(found[1].decision, Decision::Possible);
        assert!(found.iter().all(|c| c.person_id != PersonId(3)));
    }
}
