//! Organizations people work for: created as they are first named on a contact.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: i64,
    pub name: String,
    pub industry: String,
    pub website: String,
    pub location: String,
    pub notes: String,
    pub contact_count: i64,
}

impl Organization {
    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok(Organization {
            id: row.get("id")?,
            name: row.get("name")?,
            industry: row.get("industry")?,
            website: row.get("website")?,
            location: row.get("location")?,
            notes: row.get("notes")?,
            contact_count: row.get("contact_count")?,
        })
    }
}

/// Every organization, by name, with how many contacts work there.
pub fn list(conn: &Connection) -> Result<Vec<Organization>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.*, (SELECT count(*) FROM contacts c WHERE c.organization_id = o.id) AS contact_count
         FROM organizations o ORDER BY o.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], Organization::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The id of the organization called `name` (any letter case), created when new.
/// A blank name means "no organization".
pub fn resolve(conn: &Connection, name: &str, now: DateTime<Utc>) -> Result<Option<i64>> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(None);
    }
    let existing = conn
        .query_row(
            "SELECT id FROM organizations WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(Some(id));
    }
    conn.execute(
        "INSERT INTO organizations (name, created_at, updated_at) VALUES (?1, ?2, ?2)",
        params![name, now],
    )?;
    Ok(Some(conn.last_insert_rowid()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;

    #[test]
    fn resolve_reuses_an_organization_whatever_the_case() {
        let db = Db::open_in_memory().unwrap();
        let now = Utc::now();
        let a = resolve(db.conn(), "Northwind Logistics", now).unwrap();
        let b = resolve(db.conn(), "  northwind logistics ", now).unwrap();
        assert!(a.is_some());
        assert_eq!(a, b);
        assert_eq!(resolve(db.conn(), "   ", now).unwrap(), None);
        let all = list(db.conn()).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].name, "Northwind Logistics");
    }
}
