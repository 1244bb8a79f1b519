//! Folding names to a plain lower-case Latin key: "Məmmədova", "Мамедова" and
//! "MAMMADOVA" all fold to forms a search can compare. Azerbaijani letters are mapped
//! first (ə is neither a nor e to every writer, so it folds to `a`, as in the common
//! English spelling "Mammadov"); Cyrillic follows the usual Russian and Azerbaijani
//! romanisation (Ж zh, Х kh, Ч ch, Ш sh, Щ shch, Ы y, Ү u, Ҹ j, Ғ g, Һ h, Ә a). Anything
//! that is not a letter or digit becomes a single space.

/// The folded form of `text`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars() {
        let mapped = map(c);
        match mapped {
            Some(s) => {
                out.push_str(s);
                space = false;
            }
            None if c.is_alphanumeric() => {
                out.extend(c.to_lowercase());
                space = false;
            }
            None => {
                if !space {
                    out.push(' ');
                    space = true;
                }
            }
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

fn map(c: char) -> Option<&'static str> {
    Some(match c {
        'A'..='Z' | 'a'..='z' => return ascii_lower(c),
        'Ə' | 'ə' | 'Ә' | 'ә' | 'Ä' | 'ä' | 'Á' | 'á' | 'À' | 'à' | 'Â' | 'â' | 'А' | 'а' => {
            "a"
        }
        'İ' | 'ı' | 'Í' | 'í' | 'Î' | 'î' | 'Ï' | 'ï' | 'И' | 'и' | 'І' | 'і' => "i",
        'Ј' | 'ј' | 'Й' | 'й' | 'Ы' | 'ы' => "y",
        'Ö' | 'ö' | 'Ó' | 'ó' | 'Ô' | 'ô' | 'О' | 'о' | 'Ө' | 'ө' => "o",
        'Ü' | 'ü' | 'Ú' | 'ú' | 'Û' | 'û' | 'Ū' | 'ū' | 'У' | 'у' | 'Ү' | 'ү' | 'Ў' | 'ў' => {
            "u"
        }
        'Ş' | 'ş' | 'Š' | 'š' | 'Ш' | 'ш' => "sh",
        'Ç' | 'ç' | 'Č' | 'č' | 'Ч' | 'ч' => "ch",
        'Ğ' | 'ğ' | 'Ғ' | 'ғ' => "g",
        'É' | 'é' | 'È' | 'è' | 'Ê' | 'ê' | 'Ë' | 'ë' | 'Е' | 'е' | 'Э' | 'э' => "e",
        'Ё' | 'ё' => "yo",
        'Ñ' | 'ñ' | 'Н' | 'н' => "n",
        'Ž' | 'ž' | 'Ж' | 'ж' => "zh",
        'Б' | 'б' => "b",
        'В' | 'в' => "v",
        'Г' | 'г' | 'Ҝ' | 'ҝ' => "g",
        'Д' | 'д' => "d",
        'З' | 'з' => "z",
        'К' | 'к' | 'Ҡ' | 'ҡ' => "k",
        'Л' | 'л' => "l",
        'М' | 'м' => "m",
        'П' | 'п' => "p",
        'Р' | 'р' => "r",
        'С' | 'с' => "s",
        'Т' | 'т' => "t",
        'Ф' | 'ф' => "f",
        'Х' | 'х' => "kh",
        'Һ' | 'һ' => "h",
        'Ц' | 'ц' => "ts",
        'Щ' | 'щ' => "shch",
        'Ҹ' | 'ҹ' | 'Џ' | 'џ' => "j",
        'Ю' | 'ю' => "yu",
        'Я' | 'я' => "ya",
        'Ъ' | 'ъ' | 'Ь' | 'ь' | '\'' | '’' => "",
        _ => return None,
    })
}

fn ascii_lower(c: char) -> Option<&'static str> {
    const LOWER: [&str; 26] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
        "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    let i = (c.to_ascii_lowercase() as u32).checked_sub('a' as u32)?;
    LOWER.get(usize::try_from(i).ok()?).copied()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn spellings_of_one_name_fold_together() {
        assert_eq!(fold("Məmmədova"), "mammadova");
        assert_eq!(fold("MAMMADOVA"), "mammadova");
        assert_eq!(fold("Мамедова"), "mamedova");
        assert_eq!(fold("Мәммәдова"), "mammadova");
        assert_eq!(fold("Ülviyyə  İsmayılova"), "ulviyya ismayilova");
        assert_eq!(fold("Хадиджа Исмаилова"), "khadidzha ismailova");
        assert_eq!(fold("Xədicə"), "xadica");
        assert_eq!(fold("  Leyla, (Məmmədova) "), "leyla mammadova");
        assert_eq!(fold("Аляксандр Лявончык"), "alyaksandr lyavonchyk");
    }
}
