//! Organizations people work for: created as they are first named on a contact.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::contacts::{self, Stage};
use crate::error::{Error, FieldError, Result};
use crate::text;

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

/// Every organization's name, in any letter case's alphabetical order: what the forms
/// suggest as the user types one. Read along the names' own index, the people unread.
pub fn names(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(NAMES)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const NAMES: &str = "SELECT name FROM organizations ORDER BY name";

/// The id of the organization called `name` (any letter case), created when new.
/// A blank name means "no organization".
pub fn resolve(conn: &Connection, name: &str, now: DateTime<Utc>) -> Result<Option<i64>> {
    let name = text::line(name);
    let name = name.as_str();
    if name.is_empty() {
        return Ok(None);
    }
    let existing = conn
        .prepare_cached("SELECT id FROM organizations WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        return Ok(Some(id));
    }
    conn.prepare_cached(
        "INSERT INTO organizations (name, created_at, updated_at) VALUES (?1, ?2, ?2)",
    )?
    .execute(params![name, now])?;
    Ok(Some(conn.last_insert_rowid()))
}

/// What the organization form sends.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct OrganizationInput {
    pub name: String,
    pub industry: String,
    pub website: String,
    pub location: String,
    pub notes: String,
}

/// Someone who works there, for the organization page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub id: i64,
    pub full_name: String,
    pub role: String,
    pub stage: Stage,
}

/// An organization with its people and how it answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationPage {
    pub organization: Organization,
    /// Whether it is among the user's target organizations.
    pub target: bool,
    pub people: Vec<Member>,
    /// Outgoing attempts to its people, and the answers that came back.
    pub attempts: i64,
    pub replies: i64,
}

pub fn get(conn: &Connection, id: i64) -> Result<OrganizationPage> {
    let (organization, target) = conn
        .query_row(
            "SELECT o.*, (SELECT count(*) FROM contacts c WHERE c.organization_id = o.id) AS contact_count
             FROM organizations o WHERE o.id = ?1",
            [id],
            |r| Ok((Organization::from_row(r)?, r.get("target")?)),
        )
        .optional()?
        .ok_or(Error::NotFound("organization"))?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, full_name, role, stage FROM contacts WHERE organization_id = ?1
         ORDER BY full_name COLLATE NOCASE",
    )?;
    let people = stmt
        .query_map([id], |r| {
            Ok(Member {
                id: r.get(0)?,
                full_name: r.get(1)?,
                role: r.get(2)?,
                stage: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (attempts, replies) = conn.query_row(
        "SELECT coalesce(sum(i.direction = 'out'), 0), coalesce(sum(i.direction = 'in'), 0)
         FROM interactions i JOIN contacts c ON c.id = i.contact_id
         WHERE c.organization_id = ?1 AND i.purpose IS NOT 'connected'",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(OrganizationPage {
        organization,
        target,
        people,
        attempts,
        replies,
    })
}

/// Edits an organization; a name another one has is refused, and nothing changes.
pub fn update(
    conn: &Connection,
    id: i64,
    mut input: OrganizationInput,
    now: DateTime<Utc>,
) -> Result<OrganizationPage> {
    for value in [
        &mut input.name,
        &mut input.industry,
        &mut input.website,
        &mut input.location,
    ] {
        *value = text::line(value);
    }
    input.notes = text::block(&input.notes);
    let mut errors = Vec::new();
    if input.name.is_empty() {
        errors.push(FieldError::new("name", "A name is required."));
    }
    if !input.website.is_empty() {
        match contacts::normalize_url(&input.website) {
            Some(url) => input.website = url,
            None => errors.push(FieldError::new(
                "website",
                "This is not a web address, like https://example.com.",
            )),
        }
    }
    let taken: Option<i64> = conn
        .query_row(
            "SELECT id FROM organizations WHERE name = ?1 AND id != ?2",
            params![input.name, id],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        errors.push(FieldError::new(
            "name",
            format!("Another organization is already called “{}”.", input.name),
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let changed = conn.execute(
        "UPDATE organizations SET name = ?2, industry = ?3, website = ?4, location = ?5, notes = ?6,
             updated_at = ?7 WHERE id = ?1",
        params![id, input.name, input.industry, input.website, input.location, input.notes, now],
    )?;
    if changed == 0 {
        return Err(Error::NotFound("organization"));
    }
    get(conn, id)
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
        assert_eq!(names(db.conn()).unwrap(), ["Northwind Logistics"]);
    }

    #[test]
    fn names_come_in_any_letter_case_s_order_along_their_index() {
        let db = Db::open_in_memory().unwrap();
        for name in ["contoso", "Northwind", "Aperture", "Émile & Co"] {
            resolve(db.conn(), name, Utc::now()).unwrap();
        }
        assert_eq!(
            names(db.conn()).unwrap(),
            ["Aperture", "contoso", "Northwind", "Émile & Co"]
        );
        let plan = crate::store::query_plan(NAMES);
        assert!(
            plan.iter().all(|step| !step.contains("TEMP B-TREE")),
            "{plan:#?}"
        );
    }
}
