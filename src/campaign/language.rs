//! How a letter's language writes dates, counts and "since": the facts a template
//! reads are phrases in the target's grammar, not values a template author has to
//! decline. ICU4X's compiled CLDR data gives month names in their grammatical case
//! (Russian "ноября" after a day or "с", "ноябрь" alone), grouped numbers ("1 095",
//! "1.095"), plural categories (день / дня / дней) and Azerbaijani ordinal classes
//! (2022-ci, 2023-cü, 2026-cı, 2029-cu). What CLDR does not hold, the prepositions
//! and case endings around a date, is the small per-language table below; a language
//! without one gets CLDR's own long date and a plain count.

use icu_calendar::{Date as IcuDate, Gregorian};
use icu_datetime::fieldsets::enums::DateFieldSet;
use icu_datetime::pattern::{DateTimePattern, FixedCalendarDateTimeNames};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use writeable::TryWriteable;

use crate::domain::{Date, PartialDate, Precision};

/// The CLDR locale a letter language is written in: English letters use British
/// day-month order, as the registry's pages do.
fn locale(lang: &str) -> Option<Locale> {
    let tag = if lang == "en" { "en-GB" } else { lang };
    Locale::try_from_str(tag).ok()
}

/// Formats `date` with a UTS 35 pattern in `lang`; `None` when CLDR lacks the data.
fn pattern(lang: &str, pattern: &str, date: Date) -> Option<String> {
    let locale = locale(lang)?;
    let pattern: DateTimePattern = pattern.parse().ok()?;
    let mut names: FixedCalendarDateTimeNames<Gregorian, DateFieldSet> =
        FixedCalendarDateTimeNames::try_new(locale.into()).ok()?;
    let formatter = names.include_for_pattern(&pattern).ok()?;
    let day = IcuDate::try_new_gregorian(date.year(), date.month(), date.day()).ok()?;
    formatter
        .format(&day)
        .try_write_to_string()
        .ok()
        .map(String::from)
}

/// The Azerbaijani suffix of an ordinal numeral ("2022-ci", "2026-cı"), by CLDR's
/// ordinal classes for az. CLDR puts round thousands in the "other" class, but
/// "min" takes -inci like "iki": 2000-ci.
fn az_ordinal(n: i32) -> &'static str {
    if n > 0 && n % 1000 == 0 {
        return "ci";
    }
    let class = locale("az")
        .and_then(|l| PluralRules::try_new_ordinal(l.into()).ok())
        .map(|rules| rules.category_for(n.unsigned_abs() as usize));
    match class {
        Some(PluralCategory::One) => "ci",
        Some(PluralCategory::Few) => "cü",
        Some(PluralCategory::Many) => "cı",
        _ => "cu",
    }
}

/// A date as a letter in `lang` writes it alone, to its precision: "1 March 2024",
/// "1 марта 2024 года", "1 mart 2024", "May 2024", "2024"; in another language, as
/// CLDR's long form writes it ("9. Mai 2024"). A date known only as "on or before"
/// says so. ISO form when CLDR has no data for the language.
pub fn long_date(date: PartialDate, lang: &str) -> String {
    let d = date.earliest();
    let written = match (lang, date.precision()) {
        (_, Precision::Year) => Some(d.year().to_string()),
        ("en" | "az", Precision::Day) => pattern(lang, "d MMMM y", d),
        ("en" | "az", Precision::Month) => pattern(lang, "LLLL y", d),
        // A letter writes the word, not CLDR's "г.".
        ("ru", Precision::Day) => pattern(lang, "d MMMM y 'года'", d),
        ("ru", Precision::Month) => pattern(lang, "LLLL y 'года'", d),
        (_, Precision::Day) => cldr_long(lang, d, false),
        (_, Precision::Month) => cldr_long(lang, d, true),
    };
    let Some(written) = written else {
        return date.to_string();
    };
    if !date.is_bound() {
        return written;
    }
    match lang {
        "ru" => format!("не позднее {written}"),
        "az" => format!("ən geci {written}"),
        "en" => format!("{written} or earlier"),
        _ => format!("≤ {written}"),
    }
}

/// CLDR's own long date (or month and year) in `lang`.
fn cldr_long(lang: &str, date: Date, month_only: bool) -> Option<String> {
    use icu_datetime::FixedCalendarDateTimeFormatter;
    use icu_datetime::fieldsets::{YM, YMD};
    let prefs = locale(lang)?.into();
    let day = IcuDate::try_new_gregorian(date.year(), date.month(), date.day()).ok()?;
    Some(if month_only {
        FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(prefs, YM::long())
            .ok()?
            .format(&day)
            .to_string()
    } else {
        FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(prefs, YMD::long())
            .ok()?
            .format(&day)
            .to_string()
    })
}

/// "Since" a date, in the grammar of `lang`: "since 12 November 2022", "с ноября
/// 2022 года", "2022-ci ilin noyabr ayından", "2022-ci ildən"; "at least since"
/// for a date known only as "on or before". Other languages get "since" as an
/// ISO-free long date only: their template writes the preposition.
pub fn since(date: PartialDate, lang: &str) -> String {
    let d = date.earliest();
    let y = d.year();
    let phrase = match (lang, date.precision()) {
        ("en", Precision::Day) => pattern(lang, "'since' d MMMM y", d),
        ("en", Precision::Month) => pattern(lang, "'since' MMMM y", d),
        ("en", Precision::Year) => Some(format!("since {y}")),
        ("ru", Precision::Day) => pattern(lang, "'с' d MMMM y 'года'", d),
        ("ru", Precision::Month) => pattern(lang, "'с' MMMM y 'года'", d),
        ("ru", Precision::Year) => Some(format!("с {y} года")),
        ("az", Precision::Day) => {
            pattern(lang, "d MMMM y", d).map(|day| format!("{day}-{} il tarixindən", az_ordinal(y)))
        }
        ("az", Precision::Month) => pattern(lang, "LLLL", d)
            .map(|month| format!("{y}-{} ilin {month} ayından", az_ordinal(y))),
        ("az", Precision::Year) => Some(format!("{y}-{} ildən", az_ordinal(y))),
        _ => None,
    };
    let Some(phrase) = phrase else {
        return long_date(date, lang);
    };
    if !date.is_bound() {
        return phrase;
    }
    match lang {
        "ru" => format!("по меньшей мере {phrase}"),
        "az" => format!("ən azı {phrase}"),
        _ => phrase.replacen("since", "since at least", 1),
    }
}

/// A whole number grouped as `lang` groups it: "1,095", "1 095", "1.095".
pub fn number(n: i64, lang: &str) -> String {
    locale(lang)
        .and_then(|l| DecimalFormatter::try_new(l.into(), Default::default()).ok())
        .map(|f| f.format(&Decimal::from(n)).to_string())
        .unwrap_or_else(|| n.to_string())
}

/// A count of days in `lang`, the noun agreeing with the number: "1 day", "42 days",
/// "21 день", "22 дня", "25 дней", "42 gün"; "at least" when the start is a bound.
pub fn days(n: i64, lang: &str, at_least: bool) -> String {
    let category = locale(lang)
        .and_then(|l| PluralRules::try_new_cardinal(l.into()).ok())
        .map(|rules| rules.category_for(n.unsigned_abs() as usize));
    let noun = match (lang, category) {
        ("en", Some(PluralCategory::One)) => "day",
        ("en", _) => "days",
        // After "не менее" the noun is genitive: "21 дня", "25 дней".
        ("ru", Some(PluralCategory::One)) if at_least => "дня",
        ("ru", _) if at_least => "дней",
        ("ru", Some(PluralCategory::One)) => "день",
        ("ru", Some(PluralCategory::Few)) => "дня",
        ("ru", _) => "дней",
        ("az", _) => "gün",
        _ => return number(n, lang),
    };
    let count = format!("{} {noun}", number(n, lang));
    if !at_least {
        return count;
    }
    match lang {
        "ru" => format!("не менее {count}"),
        "az" => format!("ən azı {count}"),
        _ => format!("at least {count}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn since_is_written_in_each_languages_grammar() {
        let cases = [
            ("2022-11", "ru", "с ноября 2022 года"),
            ("2022-11-12", "ru", "с 12 ноября 2022 года"),
            ("2022", "ru", "с 2022 года"),
            ("2022-11", "az", "2022-ci ilin noyabr ayından"),
            ("2026-03", "az", "2026-cı ilin mart ayından"),
            ("2023-12-05", "az", "5 dekabr 2023-cü il tarixindən"),
            ("2029", "az", "2029-cu ildən"),
            ("2000", "az", "2000-ci ildən"),
            ("2022-11", "en", "since November 2022"),
            ("2022-11-12", "en", "since 12 November 2022"),
            ("..2026-06-12", "en", "since at least 12 June 2026"),
            ("..2026-06-12", "ru", "по меньшей мере с 12 июня 2026 года"),
            ("..2026-06-12", "az", "ən azı 12 iyun 2026-cı il tarixindən"),
        ];
        for (date, lang, want) in cases {
            assert_eq!(since(d(date), lang), want, "{date} in {lang}");
        }
    }

    #[test]
    fn dates_alone_take_the_case_a_date_alone_takes() {
        assert_eq!(long_date(d("2024-03-01"), "az"), "1 mart 2024");
        assert_eq!(long_date(d("2024-05"), "ru"), "май 2024 года");
        assert_eq!(long_date(d("2024-05-09"), "ru"), "9 мая 2024 года");
        assert_eq!(long_date(d("2024-05-09"), "en"), "9 May 2024");
        assert_eq!(long_date(d("2024"), "en"), "2024");
        assert_eq!(
            long_date(d("..2026-06-12"), "en"),
            "12 June 2026 or earlier"
        );
        // CLDR knows other languages too; a template there writes its own "since".
        assert_eq!(long_date(d("2024-05-09"), "de"), "9. Mai 2024");
        assert_eq!(since(d("2024-05-09"), "de"), "9. Mai 2024");
        assert_eq!(long_date(d("2024-05"), "de"), "Mai 2024");
    }

    #[test]
    fn counts_agree_with_their_number() {
        let cases = [
            (1, "en", "1 day"),
            (1095, "en", "1,095 days"),
            (21, "ru", "21 день"),
            (22, "ru", "22 дня"),
            (25, "ru", "25 дней"),
            (11, "ru", "11 дней"),
            (1095, "az", "1.095 gün"),
        ];
        for (n, lang, want) in cases {
            assert_eq!(days(n, lang, false), want, "{n} in {lang}");
        }
        assert_eq!(days(1095, "ru", false).replace('\u{a0}', " "), "1 095 дней");
        assert_eq!(days(3, "ru", true), "не менее 3 дней");
        assert_eq!(days(21, "ru", true), "не менее 21 дня");
        assert_eq!(days(40, "en", true), "at least 40 days");
    }
}
