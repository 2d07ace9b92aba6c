//! An import in two steps: a preview of what it would do with each person (new, updated,
//! unchanged, or skipped and why), then that plan carried out in one transaction. What the
//! user typed (notes, tags, stage, cadence) is never overwritten; a new role or
//! organization is taken and kept on the timeline.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::contacts::{self, Contact, ContactInput, Source, Stage};
use crate::error::{Error, Result};
use crate::exchange::matching::{Index, Keys, Reason};
use crate::interactions::{self, Channel, Direction, InteractionInput, Purpose};

/// A person as a file describes them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Candidate {
    /// The file's line where the person starts, for every message about them.
    pub line: u64,
    pub full_name: String,
    pub role: String,
    pub organization: String,
    pub emails: Vec<String>,
    pub phone: String,
    pub profile_url: String,
    pub location: String,
    pub work_address: String,
    pub industry: String,
    pub in_common: String,
    pub phone_ext: String,
    pub notes: String,
    pub tags: Vec<String>,
    pub source: Option<Source>,
    /// Where they stand, when the file says so (Rapport's own exports do).
    pub stage: Option<Stage>,
    /// When they connected (LinkedIn), kept as a dated "Connected" interaction.
    pub connected_on: Option<DateTime<Utc>>,
    /// What the reader left out, in words.
    pub warnings: Vec<String>,
}

/// A person's phone numbers as a file gives them, sorted out for the contact form.
#[derive(Debug, Default)]
pub(crate) struct Phones {
    pub phone: String,
    /// An extension written after the number ("x12").
    pub ext: String,
    /// The other numbers, each after the kind the file names, for the notes.
    pub others: Vec<String>,
    pub warnings: Vec<String>,
}

/// The numbers a file gives for a person, the likeliest first, each with the kind the file
/// names ("Work") or none: the first the contact form takes is their phone; the others are
/// for the notes, with one the form would refuse ("call after six"), which is told.
pub(crate) fn phones(numbers: &[(String, String)]) -> Phones {
    let mut out = Phones::default();
    for (kind, number) in numbers {
        match contacts::phone_parts(number) {
            // A number the form takes has digits: none is chosen while the phone is empty.
            Some((phone, ext)) if out.phone.is_empty() => {
                out.phone = phone;
                out.ext = ext;
                continue;
            }
            Some(_) => {}
            None => out.warnings.push(format!(
                "“{number}” is not a phone number; it was kept in the notes."
            )),
        }
        out.others.push(if kind.is_empty() {
            number.clone()
        } else {
            format!("{kind} {number}")
        });
    }
    out
}

impl Candidate {
    fn input(&self) -> ContactInput {
        ContactInput {
            full_name: self.full_name.clone(),
            role: self.role.clone(),
            organization: self.organization.clone(),
            emails: self.emails.clone(),
            phone: self.phone.clone(),
            profile_url: self.profile_url.clone(),
            location: self.location.clone(),
            work_address: self.work_address.clone(),
            industry: self.industry.clone(),
            in_common: self.in_common.clone(),
            phone_ext: self.phone_ext.clone(),
            stage: self.stage.unwrap_or_default(),
            notes: self.notes.clone(),
            tags: self.tags.clone(),
            source: self.source,
            ..Default::default()
        }
    }
}

/// What an import does with one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "action",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Action {
    New,
    Update {
        contact_id: i64,
        changes: Vec<Change>,
    },
    Unchanged {
        contact_id: i64,
    },
    Skip {
        reason: String,
    },
}

/// One thing an update changes: a field filled in or replaced, or a date added.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub what: &'static str,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Planned {
    pub line: u64,
    pub name: String,
    pub role: String,
    pub organization: String,
    pub emails: Vec<String>,
    #[serde(flatten)]
    pub action: Action,
    pub matched_by: Option<Reason>,
    pub warnings: Vec<String>,
}

/// What an import would do (a preview) or did (after it committed).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub rows: Vec<Planned>,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
}

impl Preview {
    fn push(&mut self, row: Planned) {
        match row.action {
            Action::New => self.new += 1,
            Action::Update { .. } => self.updated += 1,
            Action::Unchanged { .. } => self.unchanged += 1,
            Action::Skip { .. } => self.skipped += 1,
        }
        self.rows.push(row);
    }
}

/// A person ready to be written, with what writing them takes.
struct Step {
    input: ContactInput,
    connected_on: Option<DateTime<Utc>>,
}

/// What importing `candidates` would do, changing nothing.
pub fn preview(conn: &Connection, candidates: &[Candidate], now: DateTime<Utc>) -> Result<Preview> {
    Ok(plan(conn, candidates, now)?.0)
}

/// Imports `candidates` as the preview showed, all or nothing. `progress` hears how many of
/// them are done.
pub fn commit(
    conn: &mut Connection,
    candidates: &[Candidate],
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Preview> {
    let tx = conn.transaction()?;
    let (preview, steps) = plan(&tx, candidates, now)?;
    let total = steps.len();
    for (done, (row, step)) in preview.rows.iter().zip(steps).enumerate() {
        if let Some(step) = step {
            let id = match row.action {
                Action::New => contacts::insert(&tx, step.input, now)?,
                Action::Update { contact_id, .. } => {
                    contacts::update_in(&tx, contact_id, step.input, now)?;
                    contact_id
                }
                Action::Unchanged { .. } | Action::Skip { .. } => continue,
            };
            if let Some(at) = step.connected_on {
                let connected = InteractionInput {
                    contact_id: id,
                    occurred_at: at,
                    channel: Channel::Other,
                    direction: Direction::In,
                    outcome: None,
                    notes: String::new(),
                    purpose: Some(Purpose::Connected),
                };
                interactions::insert(&tx, &connected, now)?;
            }
        }
        if done % 100 == 0 || done + 1 == total {
            progress(done + 1, total);
        }
    }
    tx.commit()?;
    Ok(preview)
}

fn plan(
    conn: &Connection,
    candidates: &[Candidate],
    now: DateTime<Utc>,
) -> Result<(Preview, Vec<Option<Step>>)> {
    let mut index = Index::load(conn)?;
    // A person of the file already planned, by the line they were first seen on.
    let mut seen: HashMap<i64, u64> = HashMap::new();
    let mut preview = Preview::default();
    let mut steps = Vec::with_capacity(candidates.len());
    for (n, candidate) in candidates.iter().enumerate() {
        let mut warnings = candidate.warnings.clone();
        let connected_on = candidate.connected_on.filter(|at| {
            let sane = *at >= earliest() && *at <= now;
            if !sane {
                warnings.push(format!(
                    "The connection date {} is not a possible one; it was left out.",
                    at.format("%Y-%m-%d")
                ));
            }
            sane
        });
        let mut row = Planned {
            line: candidate.line,
            name: candidate.full_name.clone(),
            role: candidate.role.clone(),
            organization: candidate.organization.clone(),
            emails: candidate.emails.clone(),
            action: Action::New,
            matched_by: None,
            warnings,
        };
        let input = match contacts::validate(candidate.input()) {
            Ok(input) => input,
            Err(Error::Invalid(problems)) => {
                let reasons: Vec<String> = problems.into_iter().map(|p| p.message).collect();
                row.action = Action::Skip {
                    reason: reasons.join(" "),
                };
                preview.push(row);
                steps.push(None);
                continue;
            }
            Err(other) => return Err(other),
        };
        row.name = input.full_name.clone();
        row.role = input.role.clone();
        row.organization = input.organization.clone();
        let keys = Keys::new(
            &input.full_name,
            &input.organization,
            &input.emails,
            &input.profile_url,
        );
        let step = match index.find(&keys) {
            Some((id, reason)) if seen.contains_key(&id) => {
                row.matched_by = Some(reason);
                row.action = Action::Skip {
                    reason: format!(
                        "The same person as line {} ({}).",
                        seen[&id],
                        reason.label()
                    ),
                };
                None
            }
            Some((id, reason)) => {
                seen.insert(id, candidate.line);
                row.matched_by = Some(reason);
                let existing = contacts::get(conn, id)?;
                let has_connected = has_connected(conn, id)?;
                let (merged, mut changes) = merge(&existing, &input);
                let connected_on = connected_on.filter(|_| !has_connected);
                if let Some(at) = connected_on {
                    changes.push(Change {
                        what: "Connected on LinkedIn",
                        from: String::new(),
                        to: at.format("%-d %b %Y").to_string(),
                    });
                }
                if changes.is_empty() {
                    row.action = Action::Unchanged { contact_id: id };
                    None
                } else {
                    row.action = Action::Update {
                        contact_id: id,
                        changes,
                    };
                    Some(Step {
                        input: merged,
                        connected_on,
                    })
                }
            }
            None => {
                // Later lines of the file match this one through the pseudo-id.
                let pseudo = -(n as i64) - 1;
                seen.insert(pseudo, candidate.line);
                index.add(pseudo, &keys);
                Some(Step {
                    input,
                    connected_on,
                })
            }
        };
        preview.push(row);
        steps.push(step);
    }
    Ok((preview, steps))
}

fn earliest() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0)
        .single()
        .expect("a valid date")
}

fn has_connected(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM interactions WHERE contact_id = ?1 AND purpose = 'connected'",
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// `existing` with what the file adds: a new role or organization replaces the old one;
/// blanks are filled; emails are added. What the user wrote themselves stays.
fn merge(existing: &Contact, file: &ContactInput) -> (ContactInput, Vec<Change>) {
    let mut merged = ContactInput::from(existing);
    let mut changes = Vec::new();
    let mut replace = |what, field: &mut String, new: &String, when: bool| {
        if when {
            changes.push(Change {
                what,
                from: field.clone(),
                to: new.clone(),
            });
            *field = new.clone();
        }
    };
    let role_moved = !file.role.is_empty() && file.role != merged.role;
    replace("Role", &mut merged.role, &file.role, role_moved);
    let organization_moved = !file.organization.is_empty()
        && file.organization.to_lowercase() != merged.organization.to_lowercase();
    replace(
        "Organization",
        &mut merged.organization,
        &file.organization,
        organization_moved,
    );
    for (what, field, new) in [
        ("Profile link", &mut merged.profile_url, &file.profile_url),
        ("Phone", &mut merged.phone, &file.phone),
        ("Location", &mut merged.location, &file.location),
        ("Work address", &mut merged.work_address, &file.work_address),
    ] {
        let blank = field.is_empty() && !new.is_empty();
        replace(what, field, new, blank);
    }
    for email in &file.emails {
        if !merged.emails.iter().any(|e| e.eq_ignore_ascii_case(email)) {
            changes.push(Change {
                what: "Email",
                from: String::new(),
                to: email.clone(),
            });
            merged.emails.push(email.clone());
        }
    }
    if let (None, Some(source)) = (merged.source, file.source) {
        changes.push(Change {
            what: "Found through",
            from: String::new(),
            to: source.label().into(),
        });
        merged.source = Some(source);
    }
    (merged, changes)
}
