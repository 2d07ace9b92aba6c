//! Two records of one person: found by the keys imports match on (profile link, email, name
//! at an organization) and by names one letter or two apart at one organization ("Jon
//! Smith", "John Smith"); then made one, the user choosing field by field, with everything
//! that hangs on either record moved to the one that stays.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::contacts::{self, Contact, ContactInput};
use crate::error::{Error, Result};
use crate::exchange::matching::{fold, url_key, Reason};

/// One side of a pair, as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Brief {
    pub id: i64,
    pub full_name: String,
    pub role: String,
    pub organization: String,
    pub emails: Vec<String>,
    pub interactions: i64,
    pub updated_at: DateTime<Utc>,
}

/// Two records that are probably one person, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pair {
    pub a: Brief,
    pub b: Brief,
    pub reason: Reason,
    pub because: String,
}

/// Every probable pair, the surest reasons first, not those the user said are two people.
pub fn find(conn: &Connection) -> Result<Vec<Pair>> {
    let people = contacts::all(conn)?;
    let dismissed: BTreeSet<(i64, i64)> = conn
        .prepare("SELECT first_id, second_id FROM not_duplicates")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;

    let mut found: BTreeMap<(i64, i64), Reason> = BTreeMap::new();
    let mut note = |a: i64, b: i64, reason: Reason| {
        let key = (a.min(b), a.max(b));
        if a != b && !dismissed.contains(&key) {
            found.entry(key).or_insert(reason);
        }
    };
    let mut by_url: HashMap<String, Vec<i64>> = HashMap::new();
    let mut by_email: HashMap<String, Vec<i64>> = HashMap::new();
    // Folded organization → folded last word of the name → people.
    let mut by_org: HashMap<String, HashMap<String, Vec<(i64, String)>>> = HashMap::new();
    for p in &people {
        if let Some(url) = url_key(&p.profile_url) {
            by_url.entry(url).or_default().push(p.id);
        }
        for email in &p.emails {
            by_email
                .entry(email.trim().to_lowercase())
                .or_default()
                .push(p.id);
        }
        let name = fold(&p.full_name);
        let org = fold(&p.organization);
        if !org.is_empty() {
            let last = name.rsplit(' ').next().unwrap_or_default().to_owned();
            by_org
                .entry(org)
                .or_default()
                .entry(last)
                .or_default()
                .push((p.id, name));
        }
    }
    for (reason, groups) in [(Reason::ProfileUrl, &by_url), (Reason::Email, &by_email)] {
        for ids in groups.values() {
            for (i, a) in ids.iter().enumerate() {
                for b in &ids[i + 1..] {
                    note(*a, *b, reason);
                }
            }
        }
    }
    for surnames in by_org.values() {
        for group in surnames.values() {
            for (i, (a, name_a)) in group.iter().enumerate() {
                for (b, name_b) in &group[i + 1..] {
                    if name_a == name_b {
                        note(*a, *b, Reason::NameAndOrganization);
                    } else if similar(name_a, name_b) {
                        note(*a, *b, Reason::SimilarName);
                    }
                }
            }
        }
    }

    let counts = interaction_counts(conn)?;
    let by_id: HashMap<i64, &Contact> = people.iter().map(|p| (p.id, p)).collect();
    let brief = |id: i64| {
        let p = by_id[&id];
        Brief {
            id,
            full_name: p.full_name.clone(),
            role: p.role.clone(),
            organization: p.organization.clone(),
            emails: p.emails.clone(),
            interactions: counts.get(&id).copied().unwrap_or(0),
            updated_at: p.updated_at,
        }
    };
    let mut pairs: Vec<Pair> = found
        .into_iter()
        .map(|((a, b), reason)| Pair {
            a: brief(a),
            b: brief(b),
            reason,
            because: reason.label().to_owned(),
        })
        .collect();
    pairs.sort_by_key(|p| (rank(p.reason), fold(&p.a.full_name), p.a.id));
    Ok(pairs)
}

fn rank(reason: Reason) -> u8 {
    match reason {
        Reason::ProfileUrl => 0,
        Reason::Email => 1,
        Reason::NameAndOrganization => 2,
        Reason::SimilarName => 3,
    }
}

/// Names with the same last word whose first part is one or two edits apart ("jon" and
/// "john", "katherine" and "catherine") or one the short form of the other ("dan",
/// "daniel"; "j.", "james").
fn similar(a: &str, b: &str) -> bool {
    let (head_a, head_b) = (
        a.rsplit_once(' ').map_or("", |(h, _)| h),
        b.rsplit_once(' ').map_or("", |(h, _)| h),
    );
    if head_a.is_empty() || head_b.is_empty() {
        return false;
    }
    let (short, long) = if head_a.len() <= head_b.len() {
        (head_a, head_b)
    } else {
        (head_b, head_a)
    };
    let initial = short.trim_end_matches('.');
    if initial.chars().count() == 1 {
        return long.starts_with(initial);
    }
    if short.chars().count() >= 3 && long.starts_with(short) {
        return true;
    }
    let allowed = if short.chars().count() >= 6 { 2 } else { 1 };
    strsim::damerau_levenshtein(head_a, head_b) <= allowed
}

fn interaction_counts(conn: &Connection) -> Result<HashMap<i64, i64>> {
    let mut stmt = conn.prepare(
        "SELECT contact_id, count(*) FROM interactions WHERE purpose IS NOT 'connected' \
         GROUP BY contact_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A field the two records may disagree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    FullName,
    Role,
    Organization,
    Industry,
    Location,
    Phone,
    PhoneExt,
    WorkAddress,
    ProfileUrl,
    Source,
    ReferredBy,
    InCommon,
    Notes,
    Stage,
    Checkin,
}

impl Field {
    const ALL: [Field; 15] = [
        Field::FullName,
        Field::Role,
        Field::Organization,
        Field::Industry,
        Field::Location,
        Field::Phone,
        Field::PhoneExt,
        Field::WorkAddress,
        Field::ProfileUrl,
        Field::Source,
        Field::ReferredBy,
        Field::InCommon,
        Field::Notes,
        Field::Stage,
        Field::Checkin,
    ];

    fn label(self) -> &'static str {
        match self {
            Field::FullName => "Name",
            Field::Role => "Role",
            Field::Organization => "Organization",
            Field::Industry => "Industry",
            Field::Location => "Location",
            Field::Phone => "Phone",
            Field::PhoneExt => "Extension",
            Field::WorkAddress => "Work address",
            Field::ProfileUrl => "Profile",
            Field::Source => "Source",
            Field::ReferredBy => "Referred by",
            Field::InCommon => "In common",
            Field::Notes => "Notes",
            Field::Stage => "Stage",
            Field::Checkin => "Check-in",
        }
    }

    /// Notes and what the two have in common can be kept from both.
    fn joinable(self) -> bool {
        matches!(self, Field::InCommon | Field::Notes)
    }

    fn shown(self, c: &Contact, names: &HashMap<i64, String>) -> String {
        match self {
            Field::FullName => c.full_name.clone(),
            Field::Role => c.role.clone(),
            Field::Organization => c.organization.clone(),
            Field::Industry => c.industry.clone(),
            Field::Location => c.location.clone(),
            Field::Phone => c.phone.clone(),
            Field::PhoneExt => c.phone_ext.clone(),
            Field::WorkAddress => c.work_address.clone(),
            Field::ProfileUrl => c.profile_url.clone(),
            Field::Source => c.source.map(|s| s.label().to_owned()).unwrap_or_default(),
            Field::ReferredBy => c
                .referred_by_id
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_default(),
            Field::InCommon => c.in_common.clone(),
            Field::Notes => c.notes.clone(),
            Field::Stage => c.stage.label().to_owned(),
            Field::Checkin => match (c.checkin_months, c.checkin_paused) {
                (Some(m), false) => format!("every {m} months"),
                (Some(m), true) => format!("every {m} months, paused"),
                (None, true) => "paused".to_owned(),
                (None, false) => String::new(),
            },
        }
    }

    /// Sets this field of `into` from `from` (or from both).
    fn take(self, into: &mut ContactInput, from: &Contact, other: &Contact, both: bool) {
        let join = |a: &str, b: &str| match (a.is_empty(), b.is_empty(), a == b) {
            (_, true, _) | (_, _, true) => a.to_owned(),
            (true, false, _) => b.to_owned(),
            _ => format!("{a}\n\n{b}"),
        };
        match self {
            Field::FullName => into.full_name = from.full_name.clone(),
            Field::Role => into.role = from.role.clone(),
            Field::Organization => into.organization = from.organization.clone(),
            Field::Industry => into.industry = from.industry.clone(),
            Field::Location => into.location = from.location.clone(),
            Field::Phone => into.phone = from.phone.clone(),
            Field::PhoneExt => into.phone_ext = from.phone_ext.clone(),
            Field::WorkAddress => into.work_address = from.work_address.clone(),
            Field::ProfileUrl => into.profile_url = from.profile_url.clone(),
            Field::Source => into.source = from.source,
            Field::ReferredBy => into.referred_by_id = from.referred_by_id,
            Field::InCommon if both => into.in_common = join(&from.in_common, &other.in_common),
            Field::InCommon => into.in_common = from.in_common.clone(),
            Field::Notes if both => into.notes = join(&from.notes, &other.notes),
            Field::Notes => into.notes = from.notes.clone(),
            Field::Stage => into.stage = from.stage,
            Field::Checkin => {
                into.checkin_months = from.checkin_months;
                into.checkin_paused = from.checkin_paused;
            }
        }
    }
}

/// Where the two records differ, field by field, with what each holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Difference {
    pub field: Field,
    pub label: &'static str,
    pub a: String,
    pub b: String,
    /// The side taken unless the user says otherwise: the one that is not blank, else `a`.
    pub suggested: Side,
    pub joinable: bool,
}

/// Which record a field is taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    A,
    B,
    Both,
}

/// The two records side by side: the fields they differ on.
pub fn compare(conn: &Connection, a: i64, b: i64) -> Result<Vec<Difference>> {
    let (ca, cb) = (contacts::get(conn, a)?, contacts::get(conn, b)?);
    let names = referrer_names(conn, &[&ca, &cb])?;
    Ok(Field::ALL
        .into_iter()
        .filter_map(|field| {
            let (va, vb) = (field.shown(&ca, &names), field.shown(&cb, &names));
            (va != vb).then(|| Difference {
                field,
                label: field.label(),
                suggested: if va.is_empty() { Side::B } else { Side::A },
                joinable: field.joinable() && !va.is_empty() && !vb.is_empty(),
                a: va,
                b: vb,
            })
        })
        .collect())
}

fn referrer_names(conn: &Connection, people: &[&Contact]) -> Result<HashMap<i64, String>> {
    let mut names = HashMap::new();
    for id in people.iter().filter_map(|p| p.referred_by_id) {
        names.insert(id, contacts::get(conn, id)?.full_name);
    }
    Ok(names)
}

/// Makes `a` and `b` one person: the record `keep` (one of the two) stays, each field as
/// `picks` says (a field not named is taken from the side [`compare`] suggests), emails and
/// tags from both. Interactions, interviews, the timeline, reminders already done or
/// notified and referrals both ways move to it; the other record goes. One transaction.
pub fn merge(
    conn: &mut Connection,
    keep: i64,
    gone: i64,
    picks: &HashMap<Field, Side>,
    now: DateTime<Utc>,
) -> Result<Contact> {
    if keep == gone {
        return Err(Error::invalid("merge", "Choose two different people."));
    }
    let tx = conn.transaction()?;
    let (k, g) = (contacts::get(&tx, keep)?, contacts::get(&tx, gone)?);
    let mut input = ContactInput::from(&k);
    let names = referrer_names(&tx, &[&k, &g])?;
    for field in Field::ALL {
        let (vk, vg) = (field.shown(&k, &names), field.shown(&g, &names));
        if vk == vg {
            continue;
        }
        let side =
            picks
                .get(&field)
                .copied()
                .unwrap_or(if vk.is_empty() { Side::B } else { Side::A });
        match side {
            Side::A => {}
            Side::B => field.take(&mut input, &g, &k, false),
            Side::Both => field.take(&mut input, &k, &g, true),
        }
    }
    for email in &g.emails {
        if !input.emails.iter().any(|e| e.eq_ignore_ascii_case(email)) {
            input.emails.push(email.clone());
        }
    }
    for tag in &g.tags {
        if !input.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            input.tags.push(tag.clone());
        }
    }
    // Neither record can be the survivor's referrer once they are one.
    if matches!(input.referred_by_id, Some(id) if id == keep || id == gone) {
        input.referred_by_id = None;
    }
    for sql in [
        "UPDATE interactions SET contact_id = ?1 WHERE contact_id = ?2",
        "UPDATE interviews SET contact_id = ?1 WHERE contact_id = ?2",
        "UPDATE contact_changes SET contact_id = ?1 WHERE contact_id = ?2",
        "UPDATE contacts SET referred_by_id = ?1 WHERE referred_by_id = ?2 AND id <> ?1",
        "UPDATE contacts SET referred_by_id = NULL WHERE id = ?1 AND referred_by_id = ?2",
        // Check-ins are the reminders kept by person; what was done or notified stays so.
        "UPDATE OR IGNORE reminder_log SET subject_id = ?1 WHERE kind = 'check_in' AND subject_id = ?2",
        "DELETE FROM reminder_log WHERE kind = 'check_in' AND subject_id = ?2",
        "UPDATE OR IGNORE not_duplicates SET first_id = min(?1, second_id), second_id = max(?1, second_id) \
         WHERE first_id = ?2 AND second_id <> ?1",
        "UPDATE OR IGNORE not_duplicates SET first_id = min(?1, first_id), second_id = max(?1, first_id) \
         WHERE second_id = ?2 AND first_id <> ?1",
    ] {
        tx.execute(sql, params![keep, gone])?;
    }
    tx.execute("DELETE FROM contacts WHERE id = ?1", [gone])?;
    contacts::merge_into(&tx, keep, input, now)?;
    tx.commit()?;
    contacts::get(conn, keep)
}

/// Remembers that `a` and `b` are two people, so they are not offered again.
pub fn dismiss(conn: &Connection, a: i64, b: i64) -> Result<()> {
    contacts::get(conn, a)?;
    contacts::get(conn, b)?;
    conn.execute(
        "INSERT OR IGNORE INTO not_duplicates (first_id, second_id) VALUES (?1, ?2)",
        params![a.min(b), a.max(b)],
    )?;
    Ok(())
}

/// Offers a dismissed pair again (the undo of [`dismiss`]).
pub fn undismiss(conn: &Connection, a: i64, b: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM not_duplicates WHERE first_id = ?1 AND second_id = ?2",
        params![a.min(b), a.max(b)],
    )?;
    Ok(())
}
