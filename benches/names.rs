//! Matching one name against 100,000 registry people (issue 5): p50 and p99 per query
//! through the index, next to two baselines measured in the same run: an exact lookup
//! of the folded name in a hash map (the floor) and a scan that compares the query
//! with every spelling (what the index avoids). Run: cargo bench --bench names
//! (HABEAS_BENCH_PEOPLE to change the size).

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use habeas::domain::PersonId;
use habeas::search::{NameIndex, NameKey, compare, fold};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let people: u64 = std::env::var("HABEAS_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dossiers = habeas::demo::dossiers(7, 0, people);
    let spellings: Vec<(PersonId, String)> = dossiers
        .iter()
        .enumerate()
        .flat_map(|(i, d)| {
            let id = PersonId(i as i64 + 1);
            d.person.names.iter().map(move |n| (id, n.text.to_string()))
        })
        .collect();
    let started = Instant::now();
    let index = NameIndex::build(spellings.iter().map(|(p, s)| (*p, s.as_str())));
    let build = started.elapsed();
    let exact: HashMap<String, PersonId> = spellings.iter().map(|(p, s)| (fold(s), *p)).collect();

    // Queries: a person's primary name written surname first in capitals, as lists
    // and court papers often have it.
    let queries: Vec<String> = dossiers
        .iter()
        .step_by((people as usize / 2000).max(1))
        .filter_map(|d| d.person.names.first())
        .map(|n| {
            let words: Vec<&str> = n.text.as_str().split_whitespace().collect();
            words
                .iter()
                .rev()
                .map(|w| w.to_uppercase())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();

    let mut times = Vec::with_capacity(queries.len());
    let mut same = 0;
    for q in &queries {
        let t = Instant::now();
        let found = black_box(index.candidates(q, 10));
        times.push(t.elapsed());
        same += usize::from(
            found
                .first()
                .is_some_and(|c| c.decision == habeas::search::Decision::Same),
        );
    }
    times.sort();

    let mut floor = Vec::with_capacity(queries.len());
    for q in &queries {
        let t = Instant::now();
        black_box(exact.get(&fold(q)));
        floor.push(t.elapsed());
    }
    floor.sort();
    let keys: Vec<NameKey> = spellings.iter().map(|(_, s)| NameKey::of(s)).collect();
    let mut scan = Vec::new();
    for q in queries.iter().take(20) {
        let t = Instant::now();
        let k = NameKey::of(q);
        black_box(
            keys.iter()
                .filter(|o| compare(&k, o).1 != habeas::search::Decision::Different)
                .count(),
        );
        scan.push(t.elapsed());
    }
    scan.sort();
    let p50 = percentile(&times, 0.5);
    println!(
        "== {people} people, {} spellings; index built in {:.2?}",
        spellings.len(),
        build
    );
    println!(
        "index lookup ({} queries, surname first, capitals): p50 {:.1?}  p99 {:.1?}  ({} of them 'same' first)",
        queries.len(),
        p50,
        percentile(&times, 0.99),
        same
    );
    println!(
        "baseline, exact folded-name hash lookup:             p50 {:.1?}  p99 {:.1?}",
        percentile(&floor, 0.5),
        percentile(&floor, 0.99)
    );
    let scan50 = percentile(&scan, 0.5);
    println!(
        "baseline, compare with every spelling (20 queries):  p50 {:.1?}  ({:.0}x the index)",
        scan50,
        scan50.as_secs_f64() / p50.as_secs_f64().max(1e-9)
    );
}
