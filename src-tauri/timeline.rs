//! A person's story, newest first: what was said and done, their interviews, whom they
//! suggested talking to, how their role changed, and how they came into the log.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use crate::contacts::{self, ContactDetail, ContactRef};
use crate::error::Result;
use crate::interactions::Interaction;
use crate::interviews::{self, Interview, Medium, Status};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub event: Event,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Event {
    /// Logged by hand, by "Done" on a reminder, or at the end of an interview (`interview_id`).
    Interaction {
        interaction: Interaction,
        interview_id: Option<i64>,
    },
    /// An interview not held yet, or cancelled: one that was held is its conversation.
    Interview {
        id: i64,
        status: Status,
        medium: Medium,
        duration_minutes: u32,
        prepared: u32,
    },
    /// Someone they suggested talking to, added to the log then.
    Referred { person: ContactRef },
    /// A new role or organization.
    Moved {
        field: String,
        from: String,
        to: String,
    },
    /// They came into the log, suggested by `referred_by` if anyone.
    Added { referred_by: Option<ContactRef> },
    /// A field changed both here and on the sync server between two syncs: the newer value
    /// was kept; this is the other, written `side` ("server" or "here"). Or the server's
    /// value was one the contact form refuses (`reason` "refused" rather than "older").
    SyncConflict {
        field: String,
        side: String,
        from: String,
        to: String,
        kept: String,
        reason: String,
    },
}

impl Event {
    /// Among entries of the same moment, the later step reads first.
    fn rank(&self) -> u8 {
        match self {
            Event::Interaction { .. } => 0,
            Event::Interview { .. } => 1,
            Event::Referred { .. } => 2,
            Event::Moved { .. } => 3,
            Event::Added { .. } => 4,
            Event::SyncConflict { .. } => 3,
        }
    }
}

/// The story of contact `id`, read from the log.
pub fn for_contact(conn: &Connection, id: i64) -> Result<Vec<Entry>> {
    let detail = contacts::detail(conn, id)?;
    let interviews = interviews::for_contact(conn, id)?;
    of(conn, &detail, &interviews)
}

/// The story of a contact whose page and interviews are already read.
pub fn of(
    conn: &Connection,
    detail: &ContactDetail,
    interviews: &[Interview],
) -> Result<Vec<Entry>> {
    let id = detail.contact.id;
    let mut out = Vec::new();

    let held: HashMap<i64, i64> = interviews
        .iter()
        .filter_map(|i| match i.interaction_id {
            Some(interaction) => Some((interaction, i.id)),
            None => {
                out.push(Entry {
                    at: i.scheduled_at,
                    event: Event::Interview {
                        id: i.id,
                        status: i.status,
                        medium: i.medium,
                        duration_minutes: i.duration_minutes,
                        prepared: i.readiness.percent,
                    },
                });
                None
            }
        })
        .collect();
    for interaction in &detail.interactions {
        out.push(Entry {
            at: interaction.occurred_at,
            event: Event::Interaction {
                interview_id: held.get(&interaction.id).copied(),
                interaction: interaction.clone(),
            },
        });
    }

    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.full_name, coalesce(o.name, ''), c.created_at FROM contacts c
         LEFT JOIN organizations o ON o.id = c.organization_id WHERE c.referred_by_id = ?1",
    )?;
    let referred = stmt.query_map([id], |r| {
        Ok(Entry {
            at: r.get(3)?,
            event: Event::Referred {
                person: ContactRef {
                    id: r.get(0)?,
                    full_name: r.get(1)?,
                    organization: r.get(2)?,
                },
            },
        })
    })?;
    for entry in referred {
        out.push(entry?);
    }

    let mut stmt = conn.prepare_cached(
        "SELECT changed_at, field, old_value, new_value FROM contact_changes WHERE contact_id = ?1",
    )?;
    let moves = stmt.query_map([id], |r| {
        Ok(Entry {
            at: r.get(0)?,
            event: Event::Moved {
                field: r.get(1)?,
                from: r.get(2)?,
                to: r.get(3)?,
            },
        })
    })?;
    for entry in moves {
        out.push(entry?);
    }

    let mut stmt = conn.prepare_cached(
        "SELECT at, field, side, from_value, to_value, kept, reason FROM sync_conflicts
         WHERE contact_id = ?1",
    )?;
    let conflicts = stmt.query_map([id], |r| {
        Ok(Entry {
            at: r.get(0)?,
            event: Event::SyncConflict {
                field: r.get(1)?,
                side: r.get(2)?,
                from: r.get(3)?,
                to: r.get(4)?,
                kept: r.get(5)?,
                reason: r.get(6)?,
            },
        })
    })?;
    for entry in conflicts {
        out.push(entry?);
    }

    out.push(Entry {
        at: detail.contact.created_at,
        event: Event::Added {
            referred_by: detail.referred_by.clone(),
        },
    });
    out.sort_by(|a, b| b.at.cmp(&a.at).then(a.event.rank().cmp(&b.event.rank())));
    Ok(out)
}
