//! Target organizations, ranked the way the LAMP method ranks them: first where someone the
//! user knows is there (worked out from the log), then by the user's motivation, then by
//! whether it is hiring. The user may also place them by hand.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::organizations;
use crate::text_enum::text_enum;

text_enum! {
    /// Whether the organization has openings, as the user last saw.
    #[derive(Default)]
    Hiring {
        Yes => "yes", "Hiring";
        #[default]
        Unknown => "unknown", "Not known";
        No => "no", "Not hiring";
    }
}

text_enum! {
    /// Why someone there may speak for the user, strongest first.
    AdvocateKind {
        Referral => "referral", "Referred to you";
        Alumnus => "alumnus", "An alumnus";
        Contact => "contact", "Someone you know";
    }
}

impl AdvocateKind {
    fn strength(self) -> u8 {
        match self {
            AdvocateKind::Referral => 3,
            AdvocateKind::Alumnus => 2,
            AdvocateKind::Contact => 1,
        }
    }
}

impl Hiring {
    fn rank(self) -> u8 {
        match self {
            Hiring::Yes => 2,
            Hiring::Unknown => 1,
            Hiring::No => 0,
        }
    }
}

/// The person who makes the organization one where the user has an advocate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Advocate {
    pub kind: AdvocateKind,
    pub contact_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    pub id: i64,
    pub name: String,
    pub industry: String,
    pub location: String,
    /// 1 (curious) to 3 (would love to work there).
    pub motivation: u8,
    pub hiring: Hiring,
    pub advocate: Option<Advocate>,
    /// People there in the log, and how far the user got with them.
    pub people: i64,
    pub reached_out: i64,
    pub replied: i64,
    pub talked: i64,
    /// Placed by hand rather than by the LAMP order.
    pub placed: bool,
}

/// What the user sets on a target.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetInput {
    pub motivation: u8,
    pub hiring: Hiring,
}

struct Row {
    target: Target,
    position: Option<i64>,
}

/// Every target organization in the user's order: those placed by hand first, as placed,
/// then the rest by advocacy, motivation, hiring and name.
pub fn list(conn: &Connection) -> Result<Vec<Target>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, industry, location, motivation, hiring, target_position
         FROM organizations WHERE target = 1",
    )?;
    let mut rows: Vec<Row> = stmt
        .query_map([], |r| {
            let position: Option<i64> = r.get(6)?;
            Ok(Row {
                target: Target {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    industry: r.get(2)?,
                    location: r.get(3)?,
                    motivation: r.get(4)?,
                    hiring: r.get(5)?,
                    advocate: None,
                    people: 0,
                    reached_out: 0,
                    replied: 0,
                    talked: 0,
                    placed: position.is_some(),
                },
                position,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let at: HashMap<i64, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| (row.target.id, i))
        .collect();
    // Each person at a target: how far the user got, and whether they may speak for them.
    let mut people = conn.prepare_cached(
        "SELECT c.organization_id, c.id, c.full_name,
                EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = c.id
                        AND i.direction = 'out' AND i.purpose IS NOT 'connected') AS reached,
                EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = c.id
                        AND i.direction = 'in' AND i.purpose IS NOT 'connected') AS replied,
                c.stage IN ('interviewed', 'keeping_in_touch')
                    OR EXISTS (SELECT 1 FROM interviews v WHERE v.contact_id = c.id
                               AND v.status = 'done') AS talked,
                CASE
                    WHEN c.referred_by_id IS NOT NULL OR c.source = 'referral' THEN 'referral'
                    WHEN c.source = 'alumni_directory' THEN 'alumnus'
                    WHEN c.stage IN ('scheduled', 'interviewed', 'keeping_in_touch')
                        OR EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = c.id
                                   AND (i.direction = 'in' OR i.purpose = 'connected'))
                        THEN 'contact'
                END AS advocacy
         FROM contacts c JOIN organizations o ON o.id = c.organization_id
         WHERE o.target = 1
         ORDER BY c.full_name COLLATE NOCASE, c.id",
    )?;
    let mut found = people.query([])?;
    while let Some(r) = found.next()? {
        let Some(&i) = at.get(&r.get::<_, i64>(0)?) else {
            continue;
        };
        let t = &mut rows[i].target;
        t.people += 1;
        t.reached_out += r.get::<_, i64>(3)?;
        t.replied += r.get::<_, i64>(4)?;
        t.talked += r.get::<_, i64>(5)?;
        if let Some(kind) = r.get::<_, Option<AdvocateKind>>(6)? {
            if t.advocate
                .as_ref()
                .is_none_or(|a| a.kind.strength() < kind.strength())
            {
                t.advocate = Some(Advocate {
                    kind,
                    contact_id: r.get(1)?,
                    name: r.get(2)?,
                });
            }
        }
    }
    rows.sort_by(|a, b| {
        let lamp = |r: &Row| {
            (
                std::cmp::Reverse(r.target.advocate.as_ref().map_or(0, |a| a.kind.strength())),
                std::cmp::Reverse(r.target.motivation),
                std::cmp::Reverse(r.target.hiring.rank()),
            )
        };
        (a.position.is_none(), a.position, lamp(a))
            .cmp(&(b.position.is_none(), b.position, lamp(b)))
            .then_with(|| {
                a.target
                    .name
                    .to_lowercase()
                    .cmp(&b.target.name.to_lowercase())
            })
    });
    Ok(rows.into_iter().map(|r| r.target).collect())
}

/// Makes the organization called `name` a target, creating it when new; one placed by hand
/// list goes at its end. Returns its id.
pub fn mark(conn: &Connection, name: &str, now: DateTime<Utc>) -> Result<i64> {
    let id = organizations::resolve(conn, name, now)?
        .ok_or_else(|| Error::invalid("name", "Name the organization."))?;
    mark_id(conn, id, now)?;
    Ok(id)
}

/// Makes an existing organization a target (nothing changes when it is one already).
pub fn mark_id(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<()> {
    let changed = conn.execute(
        "UPDATE organizations SET target = 1, updated_at = ?2,
             target_position = (SELECT max(target_position) + 1 FROM organizations
                                WHERE target = 1)
         WHERE id = ?1 AND target = 0",
        params![id, now],
    )?;
    if changed == 0 {
        exists(conn, id)?;
    }
    Ok(())
}

/// No longer a target; the organization and its people stay, and so do motivation and
/// hiring, should it become one again.
pub fn unmark(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<()> {
    let changed = conn.execute(
        "UPDATE organizations SET target = 0, target_position = NULL, updated_at = ?2
         WHERE id = ?1",
        params![id, now],
    )?;
    if changed == 0 {
        return Err(Error::NotFound("organization"));
    }
    Ok(())
}

pub fn set(conn: &Connection, id: i64, input: TargetInput, now: DateTime<Utc>) -> Result<()> {
    if !(1..=3).contains(&input.motivation) {
        return Err(Error::invalid(
            "motivation",
            "Motivation goes from 1 (curious) to 3 (would love to work there).",
        ));
    }
    let changed = conn.execute(
        "UPDATE organizations SET motivation = ?2, hiring = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, input.motivation, input.hiring, now],
    )?;
    if changed == 0 {
        return Err(Error::NotFound("organization"));
    }
    Ok(())
}

/// Places a target at `index` in the list as it stands (0 first, past the end last); the
/// whole list keeps the order it was shown in, by hand from now on.
pub fn move_to(conn: &mut Connection, id: i64, index: usize) -> Result<()> {
    let tx = conn.transaction()?;
    let mut order: Vec<i64> = list(&tx)?.into_iter().map(|t| t.id).collect();
    let from = order
        .iter()
        .position(|&t| t == id)
        .ok_or(Error::NotFound("target"))?;
    order.remove(from);
    order.insert(index.min(order.len()), id);
    {
        let mut place =
            tx.prepare_cached("UPDATE organizations SET target_position = ?2 WHERE id = ?1")?;
        for (position, id) in order.iter().enumerate() {
            place.execute(params![id, position as i64])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Forgets the places given by hand: the list follows the LAMP order again.
pub fn sort_by_lamp(conn: &Connection) -> Result<()> {
    conn.execute(
        "UPDATE organizations SET target_position = NULL WHERE target_position IS NOT NULL",
        [],
    )?;
    Ok(())
}

fn exists(conn: &Connection, id: i64) -> Result<()> {
    conn.query_row(
        "SELECT 1 FROM organizations WHERE id = ?1",
        [id],
        |_| Ok(()),
    )
    .optional()?
    .ok_or(Error::NotFound("organization"))
}
