//! Turns what a person types into a safe full-text query.

/// Builds an FTS5 MATCH expression in which every word typed must appear, each as a prefix
/// ("supply-chain analyt" finds "supply chain analytics"). Punctuation separates words and
/// never reaches FTS5 as syntax. `None` when nothing searchable was typed.
pub fn match_expression(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.to_lowercase()))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

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
    }

    #[test]
    fn accented_letters_are_kept() {
        assert_eq!(match_expression("Zoë").as_deref(), Some(r#""zoë"*"#));
    }
}
