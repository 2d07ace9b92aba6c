//! Message templates: the letters and the call script the articles describe, built in and
//! editable. A template names placeholders (`{first_name}`) and parts drawn only when a
//! value exists (`{?referrer}…{/referrer}`); whatever has no value is written as a marked
//! gap (`[their role]`) for the user to fill, never sent blank or as `{role}`.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldError, Result};
use crate::settings;
use crate::text_enum::text_enum;

text_enum! {
    /// Which message a template writes.
    Kind {
        FirstOutreach => "first_outreach", "First letter or email";
        FollowUp => "follow_up", "Follow-up after no reply";
        PhoneCall => "phone_call", "Phone call after a letter";
        GracefulNo => "graceful_no", "When they say no";
        ConfirmCall => "confirm_call", "Before the call";
        ThankYou => "thank_you", "Thank-you note";
        CheckIn => "check_in", "Check-in update";
    }
}

/// Every placeholder a template may name, with the words its gap is marked with.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("first_name", "their first name"),
    ("name", "their name"),
    ("role", "their role"),
    ("organization", "their organization"),
    ("referrer", "who suggested them"),
    ("in_common", "what you have in common"),
    ("my_name", "your name"),
    ("my_background", "one line about you"),
    ("my_standing", "where you stand"),
    ("my_fields", "the fields you are exploring"),
    ("my_roles", "the roles you are curious about"),
    ("my_places", "where you would like to work"),
    ("dates", "a window of dates"),
    ("last_sent", "when you last wrote"),
    ("last_call", "when you talked"),
    ("next_call", "when you will talk"),
    ("call_place", "where you will talk"),
    ("specific", "something specific from your conversation"),
    ("advice", "the advice they gave"),
    ("advice_applied", "what you did with their advice"),
];

fn label(name: &str) -> Option<&'static str> {
    PLACEHOLDERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, label)| *label)
}

/// The text Rapport ships for a kind: subject (none for the call script) and body.
pub fn builtin(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::FirstOutreach => (
            "A short conversation about your work at {organization}?",
            "Dear {first_name},

{?referrer}{referrer} suggested I reach out to you. {/referrer}My name is {my_name}; I am {my_standing}. {my_background}

I am exploring {my_fields}, and your path as {role} at {organization} is the kind I would like to understand better.{?in_common} We have {in_common} in common, which made me think of you first.{/in_common} I am not asking about a job: twenty minutes of your time to hear how you got where you are would help me a great deal.

Would you have a moment {dates}? A call or a coffee, whichever suits you; I will work around your schedule.

Thank you for considering it,
{my_name}",
        ),
        Kind::FollowUp => (
            "Following up: a short conversation about {organization}",
            "Dear {first_name},

I wrote {last_sent} to ask for a short conversation about your work at {organization}. Inboxes fill quickly, so I am writing once more in case my note slipped by.

I am {my_standing}, exploring {my_fields}, and twenty minutes of your experience would help me see the field more clearly. Would {dates} work, by phone or over coffee?

Thank you,
{my_name}",
        ),
        Kind::PhoneCall => (
            "",
            "Hi {first_name}, this is {my_name}. I wrote to you {last_sent} about a short conversation.

I am {my_standing}, and I am really interested in {my_fields}. Your work as {role} at {organization} is why I thought of you.

Would you have twenty minutes to talk sometime soon? I am free {dates}, but it is up to you: I will work around your schedule.

If they are too busy: would a short phone call at a time of your choosing be easier?
If still no: thank you for thinking about it. Is there someone else you would suggest I talk to?",
        ),
        Kind::GracefulNo => (
            "Thank you, {first_name}",
            "Dear {first_name},

Thank you for letting me know; I understand how busy you are. Would a fifteen-minute phone call at a time of your choosing be easier? If not, I would be grateful for the name of anyone else at {organization} you think I should talk to.

And if you find more time later on, I would be glad to hear from you.

With thanks,
{my_name}",
        ),
        Kind::ConfirmCall => (
            "Our conversation {next_call}",
            "Dear {first_name},

Thank you again for making time for me. I am looking forward to our conversation {next_call}{?call_place} ({call_place}){/call_place}.

If anything changes on your side, just let me know and I will work around your schedule.

Best wishes,
{my_name}",
        ),
        Kind::ThankYou => (
            "Thank you, {first_name}",
            "Dear {first_name},

Thank you for taking the time to talk with me {last_call}. I keep coming back to what you said about {specific}; it had not occurred to me before.

{?advice}I am already following your advice: {advice}. {/advice}I will let you know how things go.

With gratitude,
{my_name}",
        ),
        Kind::CheckIn => (
            "An update from {my_name}",
            "Dear {first_name},

It has been a while since we talked{?last_call} {last_call}{/last_call}, and I wanted to tell you how things are going. {advice_applied}

Thank you again for setting me on this path. I hope all is well at {organization}.

Best wishes,
{my_name}",
        ),
    }
}

/// A template as the user has it: their own text, or the built-in one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub kind: Kind,
    pub label: &'static str,
    pub subject: String,
    pub body: String,
    /// Whether the user's text replaces the built-in one.
    pub edited: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Stored {
    subject: String,
    body: String,
}

const KEY: &str = "templates";
const SUBJECT_MAX: usize = 200;
const BODY_MAX: usize = 10_000;

fn stored(conn: &Connection) -> Result<BTreeMap<String, Stored>> {
    settings::load(conn, KEY)
}

pub fn get(conn: &Connection, kind: Kind) -> Result<Template> {
    Ok(template(kind, stored(conn)?.remove(kind.as_str())))
}

pub fn list(conn: &Connection) -> Result<Vec<Template>> {
    let mut mine = stored(conn)?;
    Ok(Kind::ALL
        .iter()
        .map(|&kind| template(kind, mine.remove(kind.as_str())))
        .collect())
}

/// The user's text for a kind if they have one, else the built-in one.
fn template(kind: Kind, mine: Option<Stored>) -> Template {
    let (subject, body) = builtin(kind);
    Template {
        kind,
        label: kind.label(),
        edited: mine.is_some(),
        subject: mine
            .as_ref()
            .map_or_else(|| subject.to_string(), |m| m.subject.clone()),
        body: mine.map_or_else(|| body.to_string(), |m| m.body),
    }
}

/// Keeps the user's text for a kind once it reads as a template; the built-in text saved
/// back is the built-in one again. Nothing changes when either part is refused.
pub fn save(conn: &Connection, kind: Kind, subject: &str, body: &str) -> Result<Template> {
    let subject = crate::text::line(subject);
    let body = body.replace("\r\n", "\n").trim_end().to_string();
    // Too long, or not reading as a template: what is wrong, in words.
    let problem = |text: &str, max: usize, what: &str| {
        if text.chars().count() > max {
            Some(format!("Keep the {what} under {max} characters."))
        } else {
            parse(text).err()
        }
    };
    let subject_problem = if kind == Kind::PhoneCall && !subject.is_empty() {
        Some("A call script has no subject line.".to_string())
    } else {
        problem(&subject, SUBJECT_MAX, "subject")
    };
    let body_problem = if body.trim().is_empty() {
        Some("Write the message, or reset it to Rapport's text.".to_string())
    } else {
        problem(&body, BODY_MAX, "message")
    };
    let errors: Vec<FieldError> = [("subject", subject_problem), ("body", body_problem)]
        .into_iter()
        .filter_map(|(field, message)| Some(FieldError::new(field, message?)))
        .collect();
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let mut all = stored(conn)?;
    if (subject.as_str(), body.as_str()) == builtin(kind) {
        all.remove(kind.as_str());
    } else {
        all.insert(kind.as_str().to_string(), Stored { subject, body });
    }
    settings::store(conn, KEY, &all)?;
    get(conn, kind)
}

/// Back to Rapport's own text.
pub fn reset(conn: &Connection, kind: Kind) -> Result<Template> {
    let mut all = stored(conn)?;
    if all.remove(kind.as_str()).is_some() {
        settings::store(conn, KEY, &all)?;
    }
    get(conn, kind)
}

#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    Text(String),
    Value(&'a str),
    Open(&'a str),
    Close(&'a str),
}

fn all_names() -> String {
    PLACEHOLDERS
        .iter()
        .map(|(n, _)| format!("{{{n}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A template's pieces, or what is wrong with it in words for the person who wrote it.
fn parse(template: &str) -> std::result::Result<Vec<Token<'_>>, String> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut open: Vec<&str> = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        text.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            text.push(tail.as_bytes()[0] as char);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('}') {
            return Err("A “}” without its “{”: write “}}” for a brace itself.".into());
        }
        let Some(end) = tail.find('}') else {
            return Err("A “{” without its “}”: write “{{” for a brace itself.".into());
        };
        let inside = &tail[1..end];
        let (token, name) = match inside.as_bytes().first() {
            Some(b'?') => (Token::Open(&inside[1..]), &inside[1..]),
            Some(b'/') => (Token::Close(&inside[1..]), &inside[1..]),
            _ => (Token::Value(inside), inside),
        };
        if label(name).is_none() {
            return Err(format!(
                "“{{{inside}}}” is not a placeholder Rapport knows. Use one of: {}.",
                all_names()
            ));
        }
        match token {
            Token::Open(n) => open.push(n),
            Token::Close(n) if open.pop() != Some(n) => {
                return Err(format!(
                    "“{{/{n}}}” closes a part that was not opened with “{{?{n}}}” just before."
                ));
            }
            _ => {}
        }
        if !text.is_empty() {
            tokens.push(Token::Text(std::mem::take(&mut text)));
        }
        tokens.push(token);
        rest = &tail[end + 1..];
    }
    if let Some(n) = open.pop() {
        return Err(format!(
            "“{{?{n}}}” opens a part that is never closed: end it with “{{/{n}}}”."
        ));
    }
    text.push_str(rest);
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }
    Ok(tokens)
}

/// A template filled in: its text, and the gaps left marked in it (`[their role]`), each
/// named once, in the order they first appear.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Filled {
    pub text: String,
    pub missing: Vec<String>,
}

/// The marker a gap is written with.
pub fn gap(label: &str) -> String {
    format!("[{label}]")
}

/// The gaps still marked in a text the user edited, in words.
pub fn gaps_in(text: &str) -> Vec<&'static str> {
    PLACEHOLDERS
        .iter()
        .filter(|(_, label)| text.contains(&gap(label)))
        .map(|(_, label)| *label)
        .collect()
}

/// Fills a template from values by placeholder name; an empty or absent value is a gap.
pub fn fill(template: &str, values: &BTreeMap<&str, String>) -> Result<Filled> {
    let tokens = parse(template).map_err(|m| Error::Invalid(vec![FieldError::new("body", m)]))?;
    let has = |name: &str| values.get(name).is_some_and(|v| !v.trim().is_empty());
    let mut out = Filled::default();
    // How many enclosing parts are left out: their text and gaps are skipped.
    let mut skipping = 0usize;
    for token in &tokens {
        match token {
            Token::Open(name) => {
                if skipping > 0 || !has(name) {
                    skipping += 1;
                }
            }
            Token::Close(_) => skipping = skipping.saturating_sub(1),
            _ if skipping > 0 => {}
            Token::Text(t) => out.text.push_str(t),
            Token::Value(name) if has(name) => out.text.push_str(values[name].trim()),
            Token::Value(name) => {
                let words = label(name).expect("parse knows every name");
                out.text.push_str(&gap(words));
                if !out.missing.iter().any(|m| m == words) {
                    out.missing.push(words.to_string());
                }
            }
        }
    }
    out.text = tidy(&out.text);
    Ok(out)
}

/// No spaces left at line ends, and at most one blank line in a row, where a part left out
/// took its words but not the breaks around it.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&'static str, &str)]) -> BTreeMap<&'static str, String> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn every_builtin_template_reads() {
        for &kind in Kind::ALL {
            let (subject, body) = builtin(kind);
            parse(subject).unwrap_or_else(|e| panic!("{kind:?} subject: {e}"));
            parse(body).unwrap_or_else(|e| panic!("{kind:?} body: {e}"));
        }
    }

    #[test]
    fn values_fill_and_gaps_are_marked_once() {
        let filled = fill(
            "Dear {first_name}, {role} at {organization}; {role} again.",
            &values(&[("first_name", "Dana"), ("organization", "  Northwind ")]),
        )
        .unwrap();
        assert_eq!(
            filled.text,
            "Dear Dana, [their role] at Northwind; [their role] again."
        );
        assert_eq!(filled.missing, vec!["their role"]);
    }

    #[test]
    fn a_part_is_drawn_only_when_its_value_exists() {
        let t = "{?referrer}{referrer} suggested I write. {/referrer}I am {my_name}.";
        let with = fill(t, &values(&[("referrer", "Liz"), ("my_name", "Sam")])).unwrap();
        assert_eq!(with.text, "Liz suggested I write. I am Sam.");
        let without = fill(t, &values(&[("my_name", "Sam")])).unwrap();
        assert_eq!(without.text, "I am Sam.");
        assert!(without.missing.is_empty(), "a part left out leaves no gap");
        // Nested parts, the outer one missing: nothing inside is drawn or missed.
        let nested = "A{?advice}B{?referrer}{referrer}{/referrer}{role}{/advice}C";
        let out = fill(nested, &values(&[("referrer", "Liz")])).unwrap();
        assert_eq!((out.text.as_str(), out.missing.len()), ("AC", 0));
    }

    #[test]
    fn parts_left_out_leave_no_pile_of_blank_lines() {
        let t = "Hello\n\n{?advice}{advice}{/advice}\n\n\nBye  ";
        assert_eq!(fill(t, &values(&[])).unwrap().text, "Hello\n\nBye");
    }

    #[test]
    fn braces_are_written_doubled_and_mistakes_are_named() {
        assert_eq!(
            fill("{{not}} a {{placeholder}}", &values(&[]))
                .unwrap()
                .text,
            "{not} a {placeholder}"
        );
        for (bad, says) in [
            ("Dear {firstname}", "“{firstname}” is not a placeholder"),
            ("Dear {first_name", "A “{” without its “}”"),
            ("Dear first_name}", "A “}” without its “{”"),
            ("{?referrer}Liz", "never closed: end it with “{/referrer}”"),
            ("Liz{/referrer}", "closes a part that was not opened"),
            (
                "{?advice}{?referrer}{/advice}{/referrer}",
                "“{/advice}” closes",
            ),
        ] {
            let said = parse(bad).unwrap_err();
            assert!(said.contains(says), "{bad}: {said}");
        }
    }
}
