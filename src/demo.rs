//! A deterministic generator of plausible, clearly fictional records for tests,
//! screenshots and benchmarks. The same seed gives the same people, cases and events
//! on any database (ids aside): the generator draws from its own SplitMix64 stream
//! and never reads the clock; every date falls on or before [`DEMO_END`].
//!
//! Names combine common Azerbaijani given names and surnames, written in Azerbaijani
//! Latin, Azerbaijani Cyrillic, Russian and English spellings, and Belarusian names in
//! Cyrillic and Latin. Every biography says the person is fictional; sources live
//! under example.org, a domain reserved for examples (RFC 2606).

use crate::domain::{
    Assessment, CaseId, Category, Charge, Country, Criterion, Date, EventKind, Gender, Level,
    Leveled, NameKind, NameText, NewCase, NewEvent, NewPerson, NewSource, PartialDate, PersonId,
    PersonName, ReleaseReason, Reliability,
};
use crate::store::{Dossier, DossierCase, DossierEvent};

/// The last day a demo event may fall on, so output does not depend on today.
pub const DEMO_END: (i32, u8, u8) = (2026, 6, 30);
const DEMO_START: (i32, u8, u8) = (2014, 1, 1);

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let len = u64::try_from(items.len()).unwrap_or(1);
        &items[usize::try_from(self.below(len)).unwrap_or(0)]
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + i64::try_from(self.below(u64::try_from(hi - lo + 1).unwrap_or(1))).unwrap_or(0)
    }
}

/// Azerbaijani Latin, Azerbaijani Cyrillic, Russian, English; and whether female.
const AZ_GIVEN: &[(&str, &str, &str, &str, bool)] = &[
    ("Leyla", "Лејла", "Лейла", "Leyla", true),
    ("Anar", "Анар", "Анар", "Anar", false),
    ("Rəşad", "Рәшад", "Рашад", "Rashad", false),
    ("Günel", "Ҝүнел", "Гюнель", "Gunel", true),
    ("Əli", "Әли", "Али", "Ali", false),
    ("Xədicə", "Хәдиҹә", "Хадиджа", "Khadija", true),
    ("Tofiq", "Тофиг", "Тофик", "Tofig", false),
    ("Səbinə", "Сәбинә", "Сабина", "Sabina", true),
    ("İlqar", "Илгар", "Ильгар", "Ilgar", false),
    ("Nərgiz", "Нәргиз", "Наргиз", "Nargiz", true),
    ("Elçin", "Елчин", "Эльчин", "Elchin", false),
    ("Aynur", "Ајнур", "Айнур", "Aynur", true),
    ("Tural", "Турал", "Турал", "Tural", false),
    ("Ülviyyə", "Үлвијјә", "Ульвия", "Ulviyya", true),
];

const AZ_FAMILY: &[(&str, &str, &str, &str)] = &[
    ("Məmmədov", "Мәммәдов", "Мамедов", "Mammadov"),
    ("Əliyev", "Әлијев", "Алиев", "Aliyev"),
    ("Hüseynov", "Һүсејнов", "Гусейнов", "Huseynov"),
    ("Quliyev", "Гулијев", "Кулиев", "Guliyev"),
    ("Həsənov", "Һәсәнов", "Гасанов", "Hasanov"),
    ("İsmayılov", "Исмајылов", "Исмаилов", "Ismayilov"),
    ("Cəfərov", "Ҹәфәров", "Джафаров", "Jafarov"),
    ("Səfərov", "Сәфәров", "Сафаров", "Safarov"),
    ("Rəhimov", "Рәһимов", "Рагимов", "Rahimov"),
    ("Xəlilov", "Хәлилов", "Халилов", "Khalilov"),
    ("Nəsirov", "Нәсиров", "Насиров", "Nasirov"),
    ("Bağırov", "Бағыров", "Багиров", "Bagirov"),
];

/// Belarusian Cyrillic, Latin transliteration; whether female.
const BY_GIVEN: &[(&str, &str, bool)] = &[
    ("Аляксандр", "Aliaksandr", false),
    ("Марыя", "Maryia", true),
    ("Ігар", "Ihar", false),
    ("Вольга", "Volha", true),
    ("Сяргей", "Siarhei", false),
    ("Наста", "Nasta", true),
];
const BY_FAMILY: &[(&str, &str)] = &[
    ("Каваленка", "Kavalenka"),
    ("Бандарэнка", "Bandarenka"),
    ("Марчанка", "Marchanka"),
    ("Лявончык", "Liavonchyk"),
];

/// Criminal-code articles often used against dissent in the region, with their text.
const AZ_CHARGES: &[(&str, &str)] = &[
    (
        "206.3.2",
        "Smuggling by a group of persons by prior agreement",
    ),
    (
        "192.3.2",
        "Illegal entrepreneurship generating large income",
    ),
    ("193-1.3.1", "Legalisation of property obtained by crime"),
    ("213.1", "Tax evasion"),
    (
        "234.4.3",
        "Illegal trafficking of narcotics in large amounts",
    ),
    ("221.3", "Hooliganism with a weapon"),
    ("283.2.3", "Incitement to hatred by an organised group"),
    ("233", "Organising actions that violate public order"),
];
const BY_CHARGES: &[(&str, &str)] = &[
    (
        "342",
        "Organisation of actions grossly violating public order",
    ),
    ("361-1", "Creation of an extremist formation"),
    ("130", "Incitement to social hatred"),
    ("368", "Insulting the President"),
];

const AZ_FACILITIES: &[&str] = &[
    "Pre-trial Detention Centre No. 1",
    "Penitentiary Institution No. 13",
    "Penitentiary Institution No. 2",
    "Prison No. 14",
];
const BY_FACILITIES: &[&str] = &[
    "Pre-trial Detention Centre No. 1",
    "Penal Colony No. 4",
    "Penal Colony No. 15",
    "Prison No. 4",
];
const BODIES: &[&str] = &[
    "Police",
    "State Security Service",
    "Main Police Department",
    "Investigative Committee",
];
const AFFILIATIONS: &[&str] = &[
    "Free Press Union (fictional)",
    "Rights Monitor (fictional)",
    "Citizens' Platform (fictional)",
    "Open Courts Network (fictional)",
];

#[allow(clippy::expect_used)] // Only ever called with the constants above.
fn date(d: (i32, u8, u8)) -> Date {
    Date::new(d.0, d.1, d.2).expect("the demo's bounds are valid dates")
}

fn name(text: &str) -> Option<NameText> {
    NameText::parse(text).ok()
}

fn names_az(rng: &mut Rng) -> (Vec<PersonName>, Gender) {
    let (g_az, g_azc, g_ru, g_en, female) = *rng.pick(AZ_GIVEN);
    let (f_az, f_azc, f_ru, f_en) = *rng.pick(AZ_FAMILY);
    let suffix = if female { "a" } else { "" };
    let suffix_c = if female { "а" } else { "" };
    let mut out = Vec::new();
    let forms = [
        (format!("{g_az} {f_az}{suffix}"), NameKind::Legal, "az"),
        (
            format!("{g_azc} {f_azc}{suffix_c}"),
            NameKind::Transliteration,
            "az-Cyrl",
        ),
        (
            format!("{g_ru} {f_ru}{suffix_c}"),
            NameKind::Transliteration,
            "ru",
        ),
        (
            format!("{g_en} {f_en}{suffix}"),
            NameKind::Transliteration,
            "en",
        ),
    ];
    for (text, kind, lang) in forms {
        if let Some(t) = name(&text) {
            out.push(PersonName {
                lang: Some(lang.to_string()),
                ..PersonName::new(t, kind)
            });
        }
    }
    (out, if female { Gender::Female } else { Gender::Male })
}

fn names_by(rng: &mut Rng) -> (Vec<PersonName>, Gender) {
    let (g_c, g_l, female) = *rng.pick(BY_GIVEN);
    let (f_c, f_l) = *rng.pick(BY_FAMILY);
    let mut out = Vec::new();
    for (text, kind, lang) in [
        (format!("{g_c} {f_c}"), NameKind::Legal, "be"),
        (format!("{g_l} {f_l}"), NameKind::Transliteration, "en"),
    ] {
        if let Some(t) = name(&text) {
            out.push(PersonName {
                lang: Some(lang.to_string()),
                ..PersonName::new(t, kind)
            });
        }
    }
    (out, if female { Gender::Female } else { Gender::Male })
}

fn partial(rng: &mut Rng, d: Date) -> PartialDate {
    match rng.below(100) {
        0..=84 => PartialDate::Day(d),
        85..=96 => PartialDate::Month(d.year(), d.month()),
        _ => PartialDate::Year(d.year()),
    }
}

struct Timeline<'a> {
    rng: &'a mut Rng,
    events: Vec<DossierEvent>,
    at: Date,
    end: Date,
    source_n: u64,
}

impl Timeline<'_> {
    /// Moves `days` forward and records `kind` there, unless that passes the end.
    fn step(&mut self, days: i64, kind: EventKind) -> Option<&mut NewEvent> {
        let at = self.at.add_days(days)?;
        if at > self.end {
            return None;
        }
        self.at = at;
        let url = format!(
            "https://example.org/news/{}",
            self.source_n + u64::try_from(self.events.len()).unwrap_or(0)
        );
        let source = NewSource {
            title: Some(format!("Demo report: {}", kind.as_str().replace('_', " "))),
            publisher: Some("Example Watch (fictional)".to_string()),
            published: Some(PartialDate::Day(at)),
            reliability: Reliability::Medium,
            ..NewSource::from_url(&url).ok()?
        };
        self.events.push(DossierEvent {
            event: NewEvent::new(CaseId(0), kind, PartialDate::Day(at)),
            sources: vec![source],
        });
        self.events.last_mut().map(|e| &mut e.event)
    }
}

fn case(rng: &mut Rng, country: Country, arrested: Date, end: Date, n: u64) -> DossierCase {
    let az = country.as_str() == "AZ";
    let charges_pool = if az { AZ_CHARGES } else { BY_CHARGES };
    let facilities = if az { AZ_FACILITIES } else { BY_FACILITIES };
    let mut charges: Vec<Charge> = Vec::new();
    for _ in 0..rng.range(1, 2) {
        let (article, text) = *rng.pick(charges_pool);
        if !charges.iter().any(|c| c.article == article) {
            charges.push(Charge {
                article: article.to_string(),
                text: Some(text.to_string()),
            });
        }
    }
    let facility = rng.pick(facilities).to_string();
    let mut t = Timeline {
        rng,
        events: Vec::new(),
        at: arrested,
        end,
        source_n: n * 100,
    };
    t.step(1, EventKind::Charged);
    if t.rng.chance(8) {
        t.step(3, EventKind::HouseArrest);
    } else {
        if let Some(e) = t.step(1, EventKind::Remanded) {
            e.facility = Some(facility.clone());
        }
    }
    let mut sentence = None;
    if t.rng.chance(85) {
        let d = t.rng.range(60, 200);
        t.step(d, EventKind::Hearing);
        let d = t.rng.range(20, 120);
        let months = u32::try_from(t.rng.range(2, 12) * 6).unwrap_or(12);
        if let Some(e) = t.step(d, EventKind::Sentenced) {
            e.sentence_months = Some(months);
            sentence = Some(months);
        }
    }
    if sentence.is_some() && t.rng.chance(50) {
        let d = t.rng.range(5, 20);
        t.step(d, EventKind::AppealFiled);
        let d = t.rng.range(40, 150);
        let reduce = t.rng.chance(25);
        if let Some(e) = t.step(d, EventKind::AppealDecided)
            && reduce
        {
            sentence = sentence.map(|m| (m / 2).max(6));
            e.sentence_months = sentence;
        }
    }
    if t.rng.chance(10) {
        let d = t.rng.range(30, 300);
        t.step(d, EventKind::HungerStrike);
    }
    let fate = t.rng.below(1000);
    if fate < 5 {
        let d = t.rng.range(30, 400);
        t.step(d, EventKind::DiedInCustody);
    } else if fate < 15 {
        let d = t.rng.range(30, 400);
        t.step(d, EventKind::Disappeared);
    } else if fate < 420 {
        let d = t.rng.range(60, 1500);
        let reason = *t.rng.pick(&[
            ReleaseReason::Pardoned,
            ReleaseReason::Amnesty,
            ReleaseReason::Served,
            ReleaseReason::Conditional,
            ReleaseReason::Acquitted,
        ]);
        if let Some(e) = t.step(d, EventKind::Released) {
            e.release_reason = Some(reason);
        }
    } else if let Some(months) = sentence
        && let Some(end) = arrested.add_months(months)
        && end <= t.end
    {
        // Served in full: released the day the sentence ends.
        let d = (end.to_days() - t.at.to_days()).max(1);
        if let Some(e) = t.step(d, EventKind::Released) {
            e.release_reason = Some(ReleaseReason::Served);
        }
    }
    let mut events = t.events;
    // Vague dates, as sources give them, on a share of events after the arrest.
    for e in &mut events {
        if matches!(e.event.kind, EventKind::Hearing | EventKind::HungerStrike) && rng.chance(20) {
            e.event.date = PartialDate::Month(
                e.event.date.earliest().year(),
                e.event.date.earliest().month(),
            );
        }
    }
    let assessment = rng.chance(60).then(|| Assessment {
        criteria: if rng.chance(50) {
            vec![Criterion::A, Criterion::E]
        } else {
            vec![Criterion::B]
        },
        reasoning: "Fictional assessment: detained after publishing criticism of officials."
            .to_string(),
        assessor: "Demo reviewer".to_string(),
        date: arrested
            .add_days(30)
            .filter(|d| *d <= end)
            .unwrap_or(arrested),
        level: Level::Public,
    });
    DossierCase {
        case: NewCase {
            person: PersonId(0),
            country: Some(country),
            arrested: partial(rng, arrested),
            place: Some(if az { "Baku" } else { "Minsk" }.to_string()),
            arresting_body: Some(rng.pick(BODIES).to_string()),
            charges,
            court: Some(
                if az {
                    "Baku Grave Crimes Court"
                } else {
                    "Minsk City Court"
                }
                .to_string(),
            ),
            facility: Some(facility),
            assessment,
            level: Level::Public,
        },
        events,
    }
}

/// The `n`-th demo dossier for `seed`: the same inputs always give the same dossier.
pub fn dossier(seed: u64, n: u64) -> Dossier {
    let mut rng = Rng(seed ^ n.wrapping_mul(0xA076_1D64_78BD_642F));
    let by = rng.chance(25);
    let (names, gender) = if by {
        names_by(&mut rng)
    } else {
        names_az(&mut rng)
    };
    #[allow(clippy::expect_used)] // Two constant, valid codes.
    let country: Country = if by { "BY" } else { "AZ" }
        .parse()
        .expect("a valid country code");
    let start = date(DEMO_START);
    let end = date(DEMO_END);
    let span = end.to_days() - start.to_days();
    let mut categories = vec![*rng.pick(Category::ALL)];
    if rng.chance(20) {
        let c = *rng.pick(Category::ALL);
        if !categories.contains(&c) {
            categories.push(c);
        }
    }
    let mut cases = Vec::new();
    if rng.chance(96) {
        if rng.chance(10) {
            // An earlier detention that ended in release.
            let first = start.add_days(rng.range(0, span / 3)).unwrap_or(start);
            let mut c = case(&mut rng, country, first, end, n * 2);
            let released = c.events.iter().any(|e| e.event.kind == EventKind::Released);
            if !released {
                c.events
                    .retain(|e| matches!(e.event.kind, EventKind::Charged | EventKind::Remanded));
                let last = c
                    .events
                    .iter()
                    .map(|e| e.event.date.earliest())
                    .max()
                    .unwrap_or(first);
                let mut e = NewEvent::new(
                    CaseId(0),
                    EventKind::Released,
                    PartialDate::Day(last.add_days(20).unwrap_or(last)),
                );
                e.release_reason = Some(ReleaseReason::Bail);
                c.events.push(DossierEvent {
                    event: e,
                    sources: Vec::new(),
                });
            }
            let first_ends = c
                .events
                .iter()
                .map(|e| e.event.date.latest())
                .max()
                .unwrap_or(first);
            cases.push(c);
            let second = start
                .add_days(rng.range(span / 2, span - 30))
                .unwrap_or(start);
            let second = second.max(first_ends.add_days(30).unwrap_or(first_ends));
            if second.add_days(30).is_some_and(|d| d <= end) {
                cases.push(case(&mut rng, country, second, end, n * 2 + 1));
            }
        } else {
            let arrested = start.add_days(rng.range(0, span - 30)).unwrap_or(start);
            cases.push(case(&mut rng, country, arrested, end, n * 2));
        }
    }
    let birth_year = i32::try_from(rng.range(1955, 2002)).ok();
    let affiliations = if rng.chance(40) {
        vec![rng.pick(AFFILIATIONS).to_string()]
    } else {
        Vec::new()
    };
    let primary = names
        .first()
        .map(|n| n.text.as_str().to_string())
        .unwrap_or_default();
    Dossier {
        person: NewPerson {
            names,
            birth_year,
            gender: Some(gender),
            country: Some(country),
            categories,
            affiliations,
            bio: Some(Leveled::new(
                format!(
                    "{primary} is a fictional person generated by habeas demo (seed {seed}, number {n})."
                ),
                Level::Public,
            )),
            notes: rng.chance(30).then(|| {
                Leveled::new(
                    "Fictional note: family visits on Tuesdays.",
                    Level::Internal,
                )
            }),
            contacts: rng.chance(30).then(|| {
                Leveled::new(
                    format!(
                        "Fictional contact: relative +000 {:07}",
                        rng.below(10_000_000)
                    ),
                    Level::Restricted,
                )
            }),
            level: if rng.chance(3) {
                Level::Internal
            } else {
                Level::Public
            },
        },
        cases,
    }
}

/// Dossiers `from .. from + count` for `seed`.
pub fn dossiers(seed: u64, from: u64, count: u64) -> Vec<Dossier> {
    (from..from + count).map(|n| dossier(seed, n)).collect()
}

/// Demo letter templates, one per language, using every fact a letter may use.
const DEMO_LETTERS: [(&str, &str); 3] = [
    (
        "en",
        "{{ target.salutation }}\n\n\
         I am writing to you about {{ name }}, who was arrested on {{ arrest_date }} and has \
         been held {{ held_since }} ({{ time_in_detention }}){% if facility %} in {{ facility }}{% endif %}\
         {% if charges %}, charged under {{ charges }}{% endif %}.\n\n\
         {{ name }} is held for peaceful work and opinions. I urge you to:\n\
         {% for d in campaign.demands %}- {{ d }}\n{% endfor %}\n\
         Yours sincerely,",
    ),
    (
        "az",
        "{{ target.salutation }}\n\n\
         Sizə {{ held_since }} həbsdə olan {{ name }} barədə yazıram \
         ({{ time_in_detention }}){% if facility %}, {{ facility }}{% endif %}\
         {% if charges %}; ittiham: {{ charges }}{% endif %}.\n\n\
         Sizdən xahiş edirəm:\n\
         {% for d in campaign.demands %}- {{ d }}\n{% endfor %}\n\
         Hörmətlə,",
    ),
    (
        "ru",
        "{{ target.salutation }}\n\n\
         Я пишу Вам по делу: {{ name }}, под стражей {{ held_since }} \
         ({{ time_in_detention }}){% if facility %}, {{ facility }}{% endif %}\
         {% if charges %}, обвинение по статьям {{ charges }}{% endif %}.\n\n\
         Прошу Вас:\n\
         {% for d in campaign.demands %}- {{ d }}\n{% endfor %}\n\
         С уважением,",
    ),
];

fn demo_target(
    name: &str,
    title: &str,
    salutation: &str,
    language: &str,
) -> crate::campaign::Target {
    crate::campaign::Target {
        name: name.into(),
        title: title.into(),
        address: format!("Office of the {title} (fictional)\n1 Example Square\nDemo City"),
        email: Some(format!(
            "{}@example.org",
            title.to_lowercase().replace(' ', ".")
        )),
        salutation: salutation.into(),
        language: language.into(),
    }
}

/// A few clearly fictional campaigns for the demo: one active (for `people[0]`), one
/// draft (the next two) and one closed (the fourth). `people` are public records
/// held at the time; fewer than four gives fewer campaigns.
pub fn campaigns(people: &[PersonId]) -> Vec<crate::campaign::NewCampaign> {
    use crate::campaign::{CampaignStatus, LetterTemplate, NewCampaign};
    let templates: Vec<LetterTemplate> = DEMO_LETTERS
        .iter()
        .map(|(language, body)| LetterTemplate {
            language: (*language).into(),
            body: (*body).into(),
        })
        .collect();
    let targets = vec![
        demo_target(
            "Rauf Quliyev",
            "Prosecutor General",
            "Hörmətli Baş Prokuror,",
            "az",
        ),
        demo_target(
            "Anna Petrova",
            "Ombudsperson",
            "Уважаемая госпожа Уполномоченный,",
            "ru",
        ),
        demo_target("John Example", "Ambassador", "Dear Ambassador,", "en"),
    ];
    let campaign =
        |title: &str, people: Vec<PersonId>, status, deadline: (i32, u8, u8)| NewCampaign {
            title: title.into(),
            people,
            summary: "A fictional urgent action of the demo registry: the person it concerns \
                      is held for their work, and letters from many countries help."
                .into(),
            demands: vec![
                "Release them immediately and unconditionally".into(),
                "Until then, allow visits by family and a lawyer of their choice".into(),
            ],
            targets: targets.clone(),
            deadline: Date::new(deadline.0, deadline.1, deadline.2).ok(),
            status,
            templates: templates.clone(),
            sources: Vec::new(),
        };
    let mut out = Vec::new();
    if let Some(p) = people.first() {
        out.push(campaign(
            "Urgent action: write for a detained journalist (demo)",
            vec![*p],
            CampaignStatus::Active,
            (2027, 3, 31),
        ));
    }
    if people.len() >= 3 {
        out.push(campaign(
            "Two activists held since the protests (demo draft)",
            people[1..3].to_vec(),
            CampaignStatus::Draft,
            (2027, 6, 30),
        ));
    }
    if let Some(p) = people.get(3) {
        out.push(campaign(
            "Appeal hearing: letters before the verdict (demo, closed)",
            vec![*p],
            CampaignStatus::Closed,
            (2026, 6, 30),
        ));
    }
    out
}

#[cfg(test)]
mod campaign_tests {
    use super::*;

    #[test]
    fn demo_campaigns_are_valid_and_one_is_active() {
        let people: Vec<PersonId> = (1..=4).map(PersonId).collect();
        let campaigns = campaigns(&people);
        assert_eq!(campaigns.len(), 3);
        for c in &campaigns {
            assert_eq!(c.validate(), Ok(()), "{}", c.title);
        }
        let active = campaigns
            .iter()
            .filter(|c| c.status == crate::campaign::CampaignStatus::Active)
            .count();
        assert_eq!(active, 1);
    }
}
