//! Advice a person gave, kept so the user acts on it and tells them how it went: the
//! articles' best check-in is "how I applied your advice".

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::contacts::{self, ContactInput, ContactRef, Source};
use crate::error::{Error, Result};
use crate::interactions;
use crate::reminders::{Kind, Reminder};
use crate::text;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Advice {
    pub id: i64,
    /// Who gave it.
    pub contact_id: i64,
    /// The conversation and the line of its notes it was marked on, if it was.
    pub interaction_id: Option<i64>,
    pub line: Option<usize>,
    pub text: String,
    pub given_at: DateTime<Utc>,
    pub acted_at: Option<DateTime<Utc>>,
    pub acted_note: String,
    /// The person it said to talk to, once they are a contact.
    pub referral: Option<ContactRef>,
    /// Whom it seems to name, while they are not a contact yet.
    pub names: Option<Named>,
}

/// Someone a piece of advice names: "Talk to Omar at the DA's office".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Named {
    pub full_name: String,
    pub organization: String,
}

const COLUMNS: &str = "a.id, a.contact_id, a.interaction_id, a.line, a.text, a.given_at,
        a.acted_at, a.acted_note, r.id, r.full_name, coalesce(o.name, '')";
const FROM: &str = "FROM advice a
    LEFT JOIN contacts r ON r.id = a.referral_id
    LEFT JOIN organizations o ON o.id = r.organization_id";
/// A person's advice, latest first.
const LATEST: &str = "a.given_at DESC, a.id DESC";

fn from_row(r: &Row) -> rusqlite::Result<Advice> {
    let text: String = r.get(4)?;
    let referral = match r.get::<_, Option<i64>>(8)? {
        Some(id) => Some(ContactRef {
            id,
            full_name: r.get(9)?,
            organization: r.get(10)?,
        }),
        None => None,
    };
    Ok(Advice {
        id: r.get(0)?,
        contact_id: r.get(1)?,
        interaction_id: r.get(2)?,
        line: r.get::<_, Option<i64>>(3)?.map(|l| l as usize),
        names: if referral.is_none() {
            person_in(&text)
        } else {
            None
        },
        text,
        given_at: r.get(5)?,
        acted_at: r.get(6)?,
        acted_note: r.get(7)?,
        referral,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Advice> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} {FROM} WHERE a.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::NotFound("advice"))
}

/// The advice a person gave, latest first.
pub fn for_contact(conn: &Connection, contact_id: i64) -> Result<Vec<Advice>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} {FROM} WHERE a.contact_id = ?1 ORDER BY {LATEST}"
    ))?;
    let rows = stmt.query_map([contact_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Most advice a check-in reminder shows; the rest is on the person's page.
const ON_A_CHECK_IN: usize = 3;

/// Gives each check-in the advice its person gave, latest first, so the user can say how
/// they applied it: one query for the page, whatever its length.
pub fn attach(conn: &Connection, reminders: &mut [Reminder]) -> Result<()> {
    let people: Vec<i64> = reminders
        .iter()
        .filter(|r| r.kind == Kind::CheckIn)
        .map(|r| r.contact_id)
        .collect();
    if people.is_empty() {
        return Ok(());
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT * FROM (
             SELECT {COLUMNS}, row_number() OVER (PARTITION BY a.contact_id ORDER BY {LATEST}) AS n
             {FROM} WHERE a.contact_id IN (SELECT value FROM json_each(?1)))
         WHERE n <= ?2 ORDER BY n"
    ))?;
    let ids = serde_json::to_string(&people).expect("ids always serialize");
    let mut given: HashMap<i64, Vec<Advice>> = HashMap::new();
    for a in stmt.query_map(params![ids, ON_A_CHECK_IN as i64], from_row)? {
        let a = a?;
        given.entry(a.contact_id).or_default().push(a);
    }
    for r in reminders.iter_mut().filter(|r| r.kind == Kind::CheckIn) {
        r.advice = given.get(&r.contact_id).cloned().unwrap_or_default();
    }
    Ok(())
}

/// What a line of a conversation's notes advises: without its bullet, and for a line call
/// mode wrote ("✓ question — note"), the note.
pub fn text_of_line(line: &str) -> String {
    let line = line.trim();
    let asked = line.starts_with('✓');
    let line = line.trim_start_matches(['-', '*', '•', '–', '✓']).trim();
    let line = match line.split_once(" — ") {
        Some((_, note)) if asked => note,
        _ => line,
    };
    text::line(line)
}

/// Marks line `line` (counted from 0) of a conversation's notes as advice from the person
/// it was with, given when the conversation was. Marking it again changes nothing.
pub fn mark_line(
    conn: &Connection,
    interaction_id: i64,
    line: usize,
    now: DateTime<Utc>,
) -> Result<Advice> {
    let conversation = interactions::get(conn, interaction_id)?;
    let existing = conn
        .query_row(
            "SELECT id FROM advice WHERE interaction_id = ?1 AND line = ?2",
            params![interaction_id, line as i64],
            |r| r.get::<_, i64>(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return get(conn, id);
    }
    let text = conversation
        .notes
        .lines()
        .nth(line)
        .map(text_of_line)
        .unwrap_or_default();
    if text.is_empty() {
        return Err(Error::invalid("line", "That line of the notes is empty."));
    }
    insert(
        conn,
        conversation.contact_id,
        Some((interaction_id, line)),
        &text,
        conversation.occurred_at,
        now,
    )
}

/// Takes the mark off a line of a conversation's notes.
pub fn unmark_line(conn: &Connection, interaction_id: i64, line: usize) -> Result<()> {
    conn.execute(
        "DELETE FROM advice WHERE interaction_id = ?1 AND line = ?2",
        params![interaction_id, line as i64],
    )?;
    Ok(())
}

/// Advice given outside a logged conversation (in an email, in passing), dated now.
pub fn add(conn: &Connection, contact_id: i64, text: &str, now: DateTime<Utc>) -> Result<Advice> {
    let text = text::line(text);
    if text.is_empty() {
        return Err(Error::invalid("text", "Write the advice they gave."));
    }
    contacts::get(conn, contact_id)?;
    insert(conn, contact_id, None, &text, now, now)
}

pub(crate) fn insert(
    conn: &Connection,
    contact_id: i64,
    at_line: Option<(i64, usize)>,
    text: &str,
    given_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Advice> {
    let (interaction_id, line) = at_line.unzip();
    conn.prepare_cached(
        "INSERT INTO advice (contact_id, interaction_id, line, text, given_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        contact_id,
        interaction_id,
        line.map(|l| l as i64),
        text,
        given_at,
        now
    ])?;
    get(conn, conn.last_insert_rowid())
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    match conn.execute("DELETE FROM advice WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound("advice")),
        _ => Ok(()),
    }
}

/// Records that the user acted on the advice, and how, in a line; acting again keeps the
/// first date and the new words.
pub fn act(conn: &Connection, id: i64, note: &str, now: DateTime<Utc>) -> Result<Advice> {
    let changed = conn.execute(
        "UPDATE advice SET acted_at = coalesce(acted_at, ?2), acted_note = ?3 WHERE id = ?1",
        params![id, now, text::line(note)],
    )?;
    changed_one(conn, id, changed)
}

/// Not acted on after all.
pub fn unact(conn: &Connection, id: i64) -> Result<Advice> {
    let changed = conn.execute(
        "UPDATE advice SET acted_at = NULL, acted_note = '' WHERE id = ?1",
        [id],
    )?;
    changed_one(conn, id, changed)
}

/// The advice as an update of `changed` rows left it: none means there is no such advice.
fn changed_one(conn: &Connection, id: i64, changed: usize) -> Result<Advice> {
    match changed {
        0 => Err(Error::NotFound("advice")),
        _ => get(conn, id),
    }
}

/// Follows advice to talk to someone: they become a contact referred by the person who gave
/// it, and the advice points to them. All or nothing.
pub fn refer(conn: &mut Connection, id: i64, person: &Named, now: DateTime<Utc>) -> Result<Advice> {
    let advice = get(conn, id)?;
    if let Some(referral) = &advice.referral {
        return Err(Error::invalid(
            "advice",
            format!("{} is already in your log.", referral.full_name),
        ));
    }
    let giver = contacts::get(conn, advice.contact_id)?;
    let tx = conn.transaction()?;
    let referral = contacts::insert(
        &tx,
        ContactInput {
            full_name: person.full_name.clone(),
            organization: person.organization.clone(),
            source: Some(Source::Referral),
            referred_by_id: Some(advice.contact_id),
            notes: format!(
                "{} suggested talking to them: “{}”",
                giver.full_name, advice.text
            ),
            ..Default::default()
        },
        now,
    )?;
    link_referral(&tx, id, referral)?;
    tx.commit()?;
    get(conn, id)
}

pub(crate) fn link_referral(conn: &Connection, id: i64, referral: i64) -> Result<()> {
    conn.execute(
        "UPDATE advice SET referral_id = ?2 WHERE id = ?1",
        params![id, referral],
    )?;
    Ok(())
}

/// Words that, before a name, make advice a referral: "talk to Omar", "ask Dana".
const TO_SOMEONE: &[&str] = &[
    "talk to",
    "talk with",
    "speak to",
    "speak with",
    "reach out to",
    "get in touch with",
    "connect with",
    "meet with",
    "write to",
    "contact",
    "call",
    "email",
    "ask",
    "meet",
    "see",
];

/// Whom advice tells the user to talk to, by the capitalised words after "talk to" and its
/// kin, and where they are ("at", "from" or "in" what follows). Only a suggestion for the
/// user to correct: names in scripts without capitals are not found.
pub fn person_in(advice: &str) -> Option<Named> {
    TO_SOMEONE.iter().find_map(|verb| {
        advice
            .char_indices()
            .filter(|&(at, _)| {
                advice[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            })
            .find_map(|(at, _)| {
                // The verbs are ASCII: a slice of their length compares without lower-casing
                // the text, whose length lower-casing may change.
                let head = advice.get(at..at + verb.len())?;
                let rest = &advice[at + verb.len()..];
                (head.eq_ignore_ascii_case(verb) && rest.starts_with(char::is_whitespace))
                    .then(|| named_at(rest))
                    .flatten()
            })
    })
}

/// The name at the start of `rest` (capitalised words), and the organization after it.
fn named_at(rest: &str) -> Option<Named> {
    let mut name = Vec::new();
    let mut tail = rest.trim_start();
    while let Some(word) = tail.split_whitespace().next() {
        let bare = word.trim_end_matches([',', '.', ';', ':', '!', '?', ')']);
        let capital = bare.chars().next().is_some_and(char::is_uppercase);
        if !capital || bare.is_empty() || name.len() == 4 || ["I", "The"].contains(&bare) {
            break;
        }
        name.push(bare);
        tail = tail[word.len()..].trim_start();
        if bare.len() != word.len() {
            // Punctuation ends the name.
            tail = "";
            break;
        }
    }
    if name.is_empty() {
        return None;
    }
    let organization = ["at ", "from ", "in "]
        .iter()
        .find_map(|p| tail.strip_prefix(p))
        .map(|org| {
            let org = org.strip_prefix("the ").unwrap_or(org);
            let end = org
                .find(['.', ',', ';', ':', '!', '?', '(', '—'])
                .unwrap_or(org.len());
            org[..end]
                .split(" about ")
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .unwrap_or_default();
    Some(Named {
        full_name: name.join(" "),
        organization,
    })
}

/// The advice a letter quotes: "“Take the certificate” and “Talk to Omar”".
pub fn quoted(items: &[&Advice]) -> Vec<String> {
    items
        .iter()
        .map(|a| format!("“{}”", a.text.trim_end_matches(['.', ';', '!'])))
        .collect()
}

/// What the user did with advice, as a check-in tells it: "You suggested “…”. I enrolled."
pub fn applied(items: &[&Advice]) -> String {
    items
        .iter()
        .filter(|a| a.acted_at.is_some())
        .map(|a| {
            let said = a.text.trim_end_matches(['.', ';', '!']);
            let note = a.acted_note.trim();
            if note.is_empty() {
                format!("You suggested “{said}”, and I did.")
            } else if note.ends_with(['.', '!', '?']) {
                format!("You suggested “{said}”. {note}")
            } else {
                format!("You suggested “{said}”. {note}.")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str, org: &str) -> Option<Named> {
        Some(Named {
            full_name: name.into(),
            organization: org.into(),
        })
    }

    #[test]
    fn a_line_of_notes_is_the_advice_it_holds() {
        assert_eq!(
            text_of_line("  - Take the supply-chain certificate "),
            "Take the supply-chain certificate"
        );
        assert_eq!(
            text_of_line("✓ Advice: what would you do in my place? — Take the APICS course"),
            "Take the APICS course"
        );
        // A line of the user's own with a dash is kept whole.
        assert_eq!(
            text_of_line("Apply in spring — they hire then"),
            "Apply in spring — they hire then"
        );
        assert_eq!(text_of_line("   "), "");
    }

    #[test]
    fn advice_to_talk_to_someone_names_them() {
        assert_eq!(
            person_in("Talk to Omar at the DA's office"),
            named("Omar", "DA's office")
        );
        assert_eq!(
            person_in("You should reach out to Dana Reyes from Northwind, she hires."),
            named("Dana Reyes", "Northwind")
        );
        assert_eq!(person_in("Ask Élodie Durand."), named("Élodie Durand", ""));
        assert_eq!(
            person_in("ask María José in Logistics about the rotation"),
            named("María José", "Logistics")
        );
        // Lower-casing changes the length of "İ"; the name after it is still found.
        assert_eq!(
            person_in("İstanbul office: talk to Ayşe Yılmaz at Koç"),
            named("Ayşe Yılmaz", "Koç")
        );
        assert_eq!(person_in("Take the supply-chain certificate"), None);
        assert_eq!(person_in("Talk to the recruiter first"), None);
        assert_eq!(person_in("Recall the names"), None, "“call” inside a word");
        assert_eq!(person_in(""), None);
    }
}
