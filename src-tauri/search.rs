//! Turns what a person types into a safe full-text query.

use unicode_normalization::char::is_combining_mark;

use crate::text;

/// Builds an FTS5 MATCH expression in which every word typed must appear, each as a prefix
/// ("supply-chain analyt" finds "supply chain analytics"). Punctuation separates words and
/// never reaches FTS5 as syntax. Text is read as the index stores it: composed, without
/// invisible characters; accents are the index's to ignore ("Garcia" finds "García").
/// `None` when nothing searchable was typed.
///
/// The first letter or two typed are the start of a name: they look in who people are
/// (name, organization, role, tags), not in every word ever noted, where nearly anything
/// starts with "d".
pub fn match_expression(text: &str) -> Option<String> {
    let typed = text::searchable(text);
    let words: Vec<String> = typed
        .split(|c: char| !c.is_alphanumeric() && !is_combining_mark(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let terms: Vec<String> = words.iter().map(|w| format!("\"{w}\"*")).collect();
    match words.as_slice() {
        [] => None,
        [word] if word.chars().count() <= SHORT => Some(format!("{{{WHO}}} : {}", terms[0])),
        _ => Some(terms.join(" ")),
    }
}

/// Up to this many letters, a lone word is the start of a name.
const SHORT: usize = 2;
/// The index's columns that say who a person is.
const WHO: &str = "full_name organization role tags";

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
        assert_eq!(
            match_expression("}:").as_deref(),
            None,
            "column syntax typed is punctuation"
        );
    }

    #[test]
    fn a_letter_or_two_look_only_at_who_people_are() {
        assert_eq!(
            match_expression(" D").as_deref(),
            Some(r#"{full_name organization role tags} : "d"*"#)
        );
        assert_eq!(
            match_expression("zö").as_deref(),
            Some(r#"{full_name organization role tags} : "zö"*"#)
        );
        assert_eq!(match_expression("dan").as_deref(), Some(r#""dan"*"#));
        assert_eq!(match_expression("d r").as_deref(), Some(r#""d"* "r"*"#));
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
