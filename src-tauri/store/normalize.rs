//! Migration 5's second half: text stored before the core normalized it, normalized, so
//! what is stored is what is shown, matched and searched.

use std::collections::HashMap;

use rusqlite::{params, Transaction};
use rusqlite_migration::HookResult;

use crate::text;

#[derive(Clone, Copy)]
enum Form {
    Line,
    Block,
    /// A JSON list of one-line values (emails, tags).
    Lines,
}

/// Every column of user text, and whether it must keep some text (a `CHECK` says so).
const COLUMNS: &[(&str, &str, Form, bool)] = &[
    ("contacts", "full_name", Form::Line, true),
    ("contacts", "role", Form::Line, false),
    ("contacts", "industry", Form::Line, false),
    ("contacts", "location", Form::Line, false),
    ("contacts", "phone", Form::Line, false),
    ("contacts", "phone_ext", Form::Line, false),
    ("contacts", "profile_url", Form::Line, false),
    ("contacts", "work_address", Form::Block, false),
    ("contacts", "in_common", Form::Block, false),
    ("contacts", "notes", Form::Block, false),
    ("contacts", "emails", Form::Lines, false),
    ("contacts", "tags", Form::Lines, false),
    ("organizations", "industry", Form::Line, false),
    ("organizations", "website", Form::Line, false),
    ("organizations", "location", Form::Line, false),
    ("organizations", "notes", Form::Block, false),
    ("interactions", "notes", Form::Block, false),
    ("interviews", "place", Form::Line, false),
    ("interviews", "goal", Form::Block, false),
    ("interviews", "industry_notes", Form::Block, false),
    ("interviews", "organization_notes", Form::Block, false),
    ("interviews", "individual_notes", Form::Block, false),
    ("interviews", "elevator_speech", Form::Block, false),
    ("interview_questions", "text", Form::Line, true),
    ("interview_questions", "note", Form::Line, false),
    ("question_bank", "text", Form::Line, true),
    ("ready_answers", "answer", Form::Block, false),
];

fn normalized(value: &str, form: Form) -> String {
    match form {
        Form::Line => text::line(value),
        Form::Block => text::block(value),
        Form::Lines => {
            let items: Vec<String> = serde_json::from_str(value).unwrap_or_default();
            let clean: Vec<String> = items
                .iter()
                .map(|i| text::line(i))
                .filter(|i| !i.is_empty())
                .collect();
            serde_json::to_string(&clean).unwrap_or_else(|_| value.to_string())
        }
    }
}

pub fn stored_text(tx: &Transaction) -> HookResult {
    merge_organizations(tx)?;
    for (table, column, form, required) in COLUMNS {
        let rows: Vec<(i64, String)> = tx
            .prepare(&format!("SELECT rowid, {column} FROM {table}"))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut update = tx.prepare(&format!(
            "UPDATE {table} SET {column} = ?2 WHERE rowid = ?1"
        ))?;
        for (id, value) in rows {
            let clean = normalized(&value, *form);
            // A value that was nothing but invisible characters stays as it was rather
            // than break the rule that it holds some text.
            if clean != value && !(*required && clean.is_empty()) {
                update.execute(params![id, clean])?;
            }
        }
    }
    Ok(())
}

/// Organizations whose names differ only by what normalizing removes ("\u{FEFF}Contoso" and
/// "Contoso") are one: the oldest keeps its id, takes the others' people and fills its
/// blanks from theirs.
fn merge_organizations(tx: &Transaction) -> HookResult {
    let orgs: Vec<(i64, String)> = tx
        .prepare("SELECT id, name FROM organizations ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // The name's column compares without ASCII letter case; so does this.
    let mut kept: HashMap<String, i64> = HashMap::new();
    let mut renames = Vec::new();
    for (id, name) in orgs {
        let clean = text::line(&name);
        if clean.is_empty() {
            continue;
        }
        match kept.get(&clean.to_ascii_lowercase()) {
            Some(&keep) => absorb(tx, keep, id)?,
            None => {
                kept.insert(clean.to_ascii_lowercase(), id);
                if clean != name {
                    renames.push((id, clean));
                }
            }
        }
    }
    // After the duplicates are gone, so the clean names are free.
    for (id, name) in renames {
        tx.execute(
            "UPDATE organizations SET name = ?2 WHERE id = ?1",
            params![id, name],
        )?;
    }
    Ok(())
}

fn absorb(tx: &Transaction, keep: i64, duplicate: i64) -> HookResult {
    tx.execute(
        "UPDATE contacts SET organization_id = ?1 WHERE organization_id = ?2",
        [keep, duplicate],
    )?;
    tx.execute(
        "UPDATE organizations SET
             industry = CASE WHEN industry = '' THEN (SELECT industry FROM organizations WHERE id = ?2) ELSE industry END,
             website = CASE WHEN website = '' THEN (SELECT website FROM organizations WHERE id = ?2) ELSE website END,
             location = CASE WHEN location = '' THEN (SELECT location FROM organizations WHERE id = ?2) ELSE location END,
             notes = trim(notes || char(10) || char(10) || (SELECT notes FROM organizations WHERE id = ?2), char(10))
         WHERE id = ?1",
        [keep, duplicate],
    )?;
    tx.execute("DELETE FROM organizations WHERE id = ?1", [duplicate])?;
    Ok(())
}
