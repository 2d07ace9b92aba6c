//! Everything in the contact log as one JSON file, and that file read back into a database
//! identical to the one it came from: each table's rows as they are stored, with the schema
//! version they were stored under, so a file from an older Rapport is read under its own
//! schema and then brought up to date by the same migrations as a database file.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;
use serde_json::{Map, Value as Json};

use crate::error::{Error, Result};
use crate::store;

/// Says what the file is, so a restore can tell it from any other JSON.
pub const FORMAT: &str = "rapport";
/// The layout of the file itself (not of the database inside it).
pub const FORMAT_VERSION: i64 = 1;

/// Every table that holds what the user recorded, parents before children. The search
/// index is left out: it is rebuilt from these by the database's own triggers.
pub const TABLES: [&str; 14] = [
    "organizations",
    "contacts",
    "contact_changes",
    "interactions",
    "interviews",
    "interview_questions",
    "question_bank",
    "ready_answers",
    "settings",
    "reminder_log",
    "not_duplicates",
    "advice",
    "sync_conflicts",
    // The log's tag in calendar UIDs: a log read back publishes as the same log.
    "log_identity",
];

/// Tables worked out from the others (the reminders kept for the scheduler, who holds
/// each tag): not exported, computed again from what is imported.
pub const DERIVED: [&str; 3] = ["pending_reminders", "reminders_recheck", "contact_tags"];

/// This computer's link to a sync server: not exported. A log read back from a file sets
/// up its account again, and its people are matched to their cards there.
pub const SYNC_STATE: [&str; 3] = ["sync_account", "sync_cards", "sync_items"];

/// Notes typed on this computer and not logged yet: not exported.
pub const UNLOGGED: [&str; 1] = ["log_drafts"];

/// The whole contact log as JSON text.
pub fn write(conn: &Connection, now: DateTime<Utc>) -> Result<String> {
    let mut tables = Map::new();
    for table in TABLES {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))?;
        let names: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut object = Map::new();
            for (i, name) in names.iter().enumerate() {
                object.insert(name.clone(), to_json(row.get_ref(i)?)?);
            }
            out.push(Json::Object(object));
        }
        tables.insert(table.to_owned(), Json::Array(out));
    }
    let file = serde_json::json!({
        "format": FORMAT,
        "formatVersion": FORMAT_VERSION,
        "schemaVersion": store::schema_version(conn)?,
        "exportedAt": now.to_rfc3339_opts(SecondsFormat::Secs, true),
        "tables": tables,
    });
    Ok(serde_json::to_string_pretty(&file).expect("JSON values always serialize") + "\n")
}

fn to_json(value: ValueRef<'_>) -> Result<Json> {
    Ok(match value {
        ValueRef::Null => Json::Null,
        ValueRef::Integer(i) => Json::from(i),
        ValueRef::Real(f) => Json::from(f),
        ValueRef::Text(t) => Json::from(String::from_utf8_lossy(t).into_owned()),
        // Nothing Rapport stores is binary.
        ValueRef::Blob(_) => {
            return Err(Error::BadFile(
                "The contact log holds binary data Rapport did not write.".into(),
            ))
        }
    })
}

/// Does this file look like a JSON export (as opposed to a database file)?
pub fn looks_like(bytes: &[u8]) -> bool {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    start.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// A fresh in-memory database holding what the file holds, at the app's schema version.
pub fn read(bytes: &[u8]) -> Result<Connection> {
    let bad = |why: String| Error::BadFile(format!("This is not a Rapport export: {why}"));
    let file: Json = serde_json::from_slice(bytes).map_err(|e| {
        Error::BadFile(format!(
            "The file is not valid JSON (line {}, column {}): {e}.",
            e.line(),
            e.column()
        ))
    })?;
    if file.get("format").and_then(Json::as_str) != Some(FORMAT) {
        return Err(bad("it does not say \"format\": \"rapport\".".into()));
    }
    let format_version = file.get("formatVersion").and_then(Json::as_i64);
    if format_version.is_none_or(|v| v > FORMAT_VERSION) {
        return Err(Error::BadFile(
            "This export was written by a newer version of Rapport; update Rapport to read it."
                .into(),
        ));
    }
    let schema = file
        .get("schemaVersion")
        .and_then(Json::as_i64)
        .ok_or_else(|| bad("it has no schema version.".into()))?;
    let latest = store::latest_schema_version();
    if schema > latest || schema < 1 {
        return Err(Error::BadFile(format!(
            "This export was written by a {} version of Rapport (schema {schema}); this one \
             reads schemas 1 to {latest}.",
            if schema > latest { "newer" } else { "unknown" }
        )));
    }
    let tables = file
        .get("tables")
        .and_then(Json::as_object)
        .ok_or_else(|| bad("it has no tables.".into()))?;
    if let Some(unknown) = tables.keys().find(|t| !TABLES.contains(&t.as_str())) {
        return Err(bad(format!(
            "it holds a table Rapport does not know, “{unknown}”."
        )));
    }

    let mut conn = store::empty_at(schema as usize)?;
    {
        let tx = conn.transaction()?;
        // A contact may be referred by one stored after them; checked at commit.
        tx.pragma_update(None, "defer_foreign_keys", true)?;
        // The export holds the user's own question bank and answers in place of the seeds.
        for table in TABLES {
            if tables.contains_key(table) && store::has_table(&tx, table)? {
                tx.execute(&format!("DELETE FROM {table}"), [])?;
            }
        }
        for table in TABLES {
            let Some(rows) = tables.get(table) else {
                continue;
            };
            let rows = rows
                .as_array()
                .ok_or_else(|| bad(format!("“{table}” is not a list of rows.")))?;
            let columns = store::columns(&tx, table)?;
            for (n, row) in rows.iter().enumerate() {
                let at = || format!("row {} of “{table}”", n + 1);
                let object = row
                    .as_object()
                    .ok_or_else(|| bad(format!("{} is not an object.", at())))?;
                let mut names = Vec::with_capacity(object.len());
                let mut values = Vec::with_capacity(object.len());
                for (name, value) in object {
                    if !columns.contains(name) {
                        return Err(bad(format!("{} has an unknown field “{name}”.", at())));
                    }
                    names.push(format!("\"{name}\""));
                    values.push(
                        to_value(value).ok_or_else(|| {
                            bad(format!("{} has a nested value in “{name}”.", at()))
                        })?,
                    );
                }
                let marks = vec!["?"; names.len()].join(", ");
                tx.execute(
                    &format!(
                        "INSERT INTO {table} ({}) VALUES ({marks})",
                        names.join(", ")
                    ),
                    rusqlite::params_from_iter(values),
                )
                .map_err(|e| Error::BadFile(format!("{} cannot be stored: {e}.", at())))?;
            }
        }
        tx.commit().map_err(|e| {
            Error::BadFile(format!(
                "The export's rows do not fit together (a link points nowhere): {e}."
            ))
        })?;
    }
    store::migrate(&mut conn)?;
    Ok(conn)
}

fn to_value(json: &Json) -> Option<Value> {
    Some(match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64()?),
        },
        Json::String(s) => Value::Text(s.clone()),
        Json::Array(_) | Json::Object(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_of_the_schema_is_exported() {
        let db = store::Db::open_in_memory().unwrap();
        let mut stmt = db
            .conn()
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 AND name NOT LIKE '%!_fts%' ESCAPE '!'",
            )
            .unwrap();
        let tables: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for table in &tables {
            assert!(
                TABLES.contains(&table.as_str())
                    || DERIVED.contains(&table.as_str())
                    || SYNC_STATE.contains(&table.as_str())
                    || UNLOGGED.contains(&table.as_str()),
                "{table} is not exported"
            );
        }
        assert_eq!(
            tables.len(),
            TABLES.len() + DERIVED.len() + SYNC_STATE.len() + UNLOGGED.len()
        );
    }

    #[test]
    fn other_json_is_refused_and_says_why() {
        for (bytes, says) in [
            (&b"{\"a\": 1}"[..], "not a Rapport export"),
            (b"{", "not valid JSON (line 1"),
            (b"{\"format\":\"rapport\",\"formatVersion\":99}", "newer version"),
            (
                b"{\"format\":\"rapport\",\"formatVersion\":1,\"schemaVersion\":999,\"tables\":{}}",
                "newer version of Rapport (schema 999)",
            ),
            (
                b"{\"format\":\"rapport\",\"formatVersion\":1,\"schemaVersion\":7,\"tables\":{\"contacts\":[{\"id\":1,\"full_name\":\"A\",\"created_at\":\"x\",\"updated_at\":\"x\",\"x; DROP TABLE contacts\":1}]}}",
                "unknown field",
            ),
            (
                b"{\"format\":\"rapport\",\"formatVersion\":1,\"schemaVersion\":7,\"tables\":{\"contacts\":[{\"id\":1,\"full_name\":\"A\",\"created_at\":\"x\",\"updated_at\":\"x\",\"organization_id\":9}]}}",
                "do not fit together",
            ),
        ] {
            let err = read(bytes).map(|_| ()).unwrap_err().to_string();
            assert!(err.contains(says), "{err}");
        }
    }
}
