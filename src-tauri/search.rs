//! Turns what a person types into a safe full-text query.

use unicode_normalization::char::is_combining_mark;

use crate::text;

/// Builds an FTS5 MATCH expression in which every word typed must appear, each as a prefix
/// ("supply-chain analyt" finds "supply chain analytics"). Punctuation separates words and
/// never reaches FTS5 as syntax. Text is read as the index stores it: composed, without
/// invisible characters; accents are the index's to ignore ("Garcia" finds "García").
/// `None` when nothing searchable was typed.
pub fn match_expression(text: &str) -> Option<String> {
    search(text).map(|s| s.expression)
}

/// A search: the full-text index it reads and what it asks of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// `contacts_fts` (everything) or `contacts_who_fts` (who people are).
    pub table: &'static str,
    pub expression: String,
}

/// What is typed as a search. The first letter or two typed are the start of a name: they
/// look in who people are (name, organization, role, tags), not in every word ever noted,
/// where nearly anything starts with "d".
pub fn search(text: &str) -> Option<Search> {
    let typed = text::searchable(text);
    let words: Vec<String> = typed
        .split(|c: char| !c.is_alphanumeric() && !is_combining_mark(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let terms: Vec<String> = words.iter().map(|w| format!("\"{w}\"*")).collect();
    let table = match words.as_slice() {
        [] => return None,
        [word] if word.chars().count() <= SHORT => "contacts_who_fts",
        _ => "contacts_fts",
    };
    Some(Search {
        table,
        expression: terms.join(" "),
    })
}

/// Up to this many letters, a lone word is the start of a name.
const SHORT: usize = 2;

#[cfg(test)]
mod tests {
    use super::match_expression;

    #[test]
    fn words_become_prefix_terms() {
        assert_eq!(
            match_expression("Supply-chain analyt").as_deref(),
            Some(r#""supply"* "chain"* "analyt"*"#)
        );
    }

    #[test]
    fn fts_syntax_is_neutralised() {
        assert_eq!(
            match_expression(r#"a" OR NEAR(b"#).as_deref(),
            Some(r#""a"* "or"* "near"* "b"*"#)
        );
        assert_eq!(match_expression("  -*()  "), None);
        assert_eq!(match_expression("}:"), None, "column syntax is punctuation");
    }

    #[test]
    fn a_letter_or_two_look_only_at_who_people_are() {
        let table = |text| super::search(text).unwrap().table;
        assert_eq!(table(" D"), "contacts_who_fts");
        assert_eq!(table("zö"), "contacts_who_fts");
        assert_eq!(table("dan"), "contacts_fts");
        assert_eq!(table("d r"), "contacts_fts");
    }

    #[test]
    fn accented_letters_are_kept() {
        assert_eq!(match_expression("Zoë").as_deref(), Some(r#""zoë"*"#));
    }

    #[test]
    fn typed_accents_and_invisible_characters_do_not_split_words() {
        assert_eq!(
            match_expression("Garci\u{301}a").as_deref(),
            Some(r#""garcía"*"#)
        );
        assert_eq!(
            match_expression("\u{2066}Dana\u{2069} Re\u{200B}yes").as_deref(),
            Some(r#""dana"* "reyes"*"#)
        );
        // A mark with no letter to compose with stays inside its word.
        assert_eq!(
            match_expression("q\u{303}x").as_deref(),
            Some("\"q\u{303}x\"*")
        );
    }
}
