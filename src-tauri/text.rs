//! User text as the core keeps it: one form for what is shown, stored, matched and searched.

use unicode_normalization::UnicodeNormalization;

/// Characters that draw nothing yet change how text runs or joins: a byte-order mark left
/// by Excel, soft hyphens, zero-width spaces and joiners, and directional marks, embeddings,
/// overrides and isolates.
pub const INVISIBLE: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
];

pub fn is_invisible(c: char) -> bool {
    INVISIBLE
        .iter()
        .any(|(low, high)| (*low..=*high).contains(&c))
}

fn trim_ends(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

/// A one-line value (a name, a role, an organization): composed (NFC), without blank or
/// invisible characters at either end, and with every run of spaces, tabs or line breaks
/// inside it made one space.
pub fn line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in trim_ends(s).nfc() {
        if c.is_whitespace() || c.is_control() {
            gap = true;
        } else {
            if gap {
                out.push(' ');
                gap = false;
            }
            out.push(c);
        }
    }
    out
}

/// A multi-line value (notes): composed (NFC), trimmed like [`line`], with Windows and old
/// Mac line ends made `\n` and other control characters dropped; lines and tabs are kept.
pub fn block(s: &str) -> String {
    trim_ends(&s.replace("\r\n", "\n"))
        .nfc()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// `s` as its own direction island inside a sentence (U+2068 … U+2069), so a name written
/// right to left, or one carrying an override, cannot reorder the words around it.
pub fn isolate(s: &str) -> String {
    format!("\u{2068}{s}\u{2069}")
}

/// The text a search compares: composed, with invisible characters removed (not turned
/// into gaps, so "Da\u{200B}na" is the word "Dana").
pub fn searchable(s: &str) -> String {
    s.nfc().filter(|c| !is_invisible(*c)).collect()
}

/// 12345 as "12,345", for counts in the core's own sentences.
pub fn group_digits(n: impl ToString) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A SQL expression for `expr` without the invisible characters, for the search index:
/// SQLite's tokenizer counts them as letters, so "\u{2066}Dana\u{2069}" would never match
/// "Dana". Plain SQL, so the index stays maintainable by any SQLite tool. Text is first
/// checked with one character class, since stripping each character in turn costs more
/// than the index itself and almost no text needs it.
pub fn sql_without_invisible(expr: &str) -> String {
    let mut stripped = expr.to_string();
    let mut class = String::new();
    for (low, high) in INVISIBLE {
        for c in *low..=*high {
            stripped = format!("replace({stripped}, char({}), '')", c as u32);
        }
        class.push(*low);
        if high > low {
            class.push('-');
            class.push(*high);
        }
    }
    format!("CASE WHEN {expr} GLOB '*[{class}]*' THEN {stripped} ELSE {expr} END")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_lose_invisible_ends_and_inner_runs_of_space() {
        assert_eq!(line("\u{FEFF}Contoso\u{FEFF} "), "Contoso");
        assert_eq!(line("\u{2066}Dana\u{2069}"), "Dana");
        assert_eq!(line("  Dana\t\tReyes \n"), "Dana Reyes");
        assert_eq!(line("\u{200B}\u{200E} "), "");
        // Invisible characters inside are the user's own and stay.
        assert_eq!(line("Ana\u{200D}Lu"), "Ana\u{200D}Lu");
    }

    #[test]
    fn text_is_composed_so_it_compares_as_it_reads() {
        assert_eq!(line("Garci\u{301}a"), "García");
        assert_eq!(line("García"), line("Garci\u{301}a"));
        assert_eq!(block("Zoe\u{308}\r\nsaid hi\rbye"), "Zoë\nsaid hi\nbye");
    }

    #[test]
    fn blocks_keep_lines_and_tabs_but_no_other_controls() {
        assert_eq!(
            block("  first\n\tsecond\u{7}\u{0}  \u{FEFF}"),
            "first\n\tsecond"
        );
    }

    #[test]
    fn searchable_text_drops_invisible_characters_inside_words() {
        assert_eq!(
            searchable("Da\u{200B}na \u{2066}Reyes\u{2069}"),
            "Dana Reyes"
        );
        assert_eq!(searchable("Garci\u{301}a"), "García");
    }

    #[test]
    fn the_sql_expression_removes_every_invisible_character() {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        let all: String = INVISIBLE
            .iter()
            .flat_map(|(low, high)| *low..=*high)
            .collect();
        let sql = format!("SELECT {}", sql_without_invisible("?1"));
        let strip = |text: String| -> String { db.query_row(&sql, [text], |r| r.get(0)).unwrap() };
        assert_eq!(strip(format!("a{all}b")), "ab");
        for c in all.chars() {
            assert_eq!(strip(format!("Da{c}na")), "Dana", "U+{:04X}", c as u32);
        }
        // Text without them passes as it is, accents and all.
        assert_eq!(
            strip("Zoë García 👩🏽‍💻".replace('\u{200D}', "")),
            "Zoë García 👩🏽💻"
        );
    }
}
