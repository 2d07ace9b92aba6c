//! Contacts both ways through one address book. What changed on the server comes first
//! (through sync-collection where the server keeps tokens, else by comparing ETags), is
//! merged with what changed here since the two last agreed, and then what changed here is
//! sent, each write conditional on the card the server had, so a card changed meanwhile is
//! never overwritten: it is merged at the next sync.

use std::collections::HashMap;

use chrono::{DateTime, Local, Utc};
use libdav::carddav::GetAddressBookResources;
use libdav::dav::{ListResources, SyncCollection, WebDavError};
use rusqlite::{params, Connection, OptionalExtension};

use super::card::{self, Conflict, Fields, Reason, ServerCard, Side};
use super::connection::{self, classify, timed, Dav};
use super::{log_tag, Log, Progress, Report, Step};
use crate::contacts::{self, Contact};
use crate::error::{Error, Result};
use crate::exchange::matching::{Index, Keys};

/// A person from a card with no name, email or organization the log can hold.
const UNNAMED: &str = "Unnamed contact";

/// Cards asked for in one request and merged in one transaction; people read from the log
/// at a time to be sent. The window waits on the log a few milliseconds at most, even in a
/// first sync of 50,000.
const BATCH: usize = 100;
const VCARD: &str = "text/vcard; charset=utf-8";

pub(super) async fn sync<L: Log>(
    log: &L,
    dav: &Dav,
    book: &str,
    now: DateTime<Local>,
    progress: &(dyn Fn(Progress) + Sync),
    report: &mut Report,
) -> Result<()> {
    let now = now.with_timezone(&Utc);
    receive(log, dav, book, now, progress, report).await?;
    send(log, dav, book, now, progress, report).await
}

/// What changed on the server since the last sync.
struct Changes {
    changed: Vec<String>,
    deleted: Vec<String>,
    token: String,
}

async fn receive<L: Log>(
    log: &L,
    dav: &Dav,
    book: &str,
    now: DateTime<Utc>,
    progress: &(dyn Fn(Progress) + Sync),
    report: &mut Report,
) -> Result<()> {
    let (token, known) = log.read(|conn| {
        let token: String =
            conn.query_row("SELECT card_token FROM sync_account", [], |r| r.get(0))?;
        let mut stmt = conn.prepare("SELECT href, etag FROM sync_cards")?;
        let known = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<HashMap<String, String>>>()?;
        Ok((token, known))
    })?;
    let changes = changes(dav, book, &token, &known).await?;
    let total = changes.changed.len();
    let mut index = None;
    for (n, hrefs) in changes.changed.chunks(BATCH).enumerate() {
        progress(Progress {
            step: Step::Receiving,
            done: n * BATCH,
            total,
        });
        let fetched = timed(dav.request(GetAddressBookResources::new(book).with_hrefs(hrefs)))
            .await?
            .map_err(|e| classify(&e, dav.base_url()))?
            .resources;
        log.write(|conn| {
            let tag = log_tag(conn)?;
            if index.is_none() {
                index = Some(Index::load(conn)?);
            }
            let index = index.as_mut().expect("just loaded");
            let tx = conn.transaction()?;
            for resource in fetched {
                let Ok(content) = resource.content else {
                    continue;
                };
                take(
                    &tx,
                    &tag,
                    index,
                    &resource.href,
                    &content.data,
                    &content.etag,
                    now,
                    report,
                )?;
            }
            tx.commit()?;
            Ok(())
        })?;
    }
    log.write(|conn| {
        let tx = conn.transaction()?;
        for href in &changes.deleted {
            report.gone_from_server += tx.execute(
                "UPDATE sync_cards SET gone_from_server = 1
                 WHERE href = ?1 AND contact_id IS NOT NULL AND gone_from_server = 0",
                [href],
            )?;
            tx.execute(
                "DELETE FROM sync_cards WHERE href = ?1 AND contact_id IS NULL",
                [href],
            )?;
        }
        // Only now: a sync cut short asks again for the same changes.
        tx.execute("UPDATE sync_account SET card_token = ?1", [&changes.token])?;
        tx.commit()?;
        Ok(())
    })
}

/// The cards that changed and the ones that went: since the token where the server keeps
/// them (an expired token starts over), otherwise every card's ETag against the known ones.
async fn changes(
    dav: &Dav,
    book: &str,
    token: &str,
    known: &HashMap<String, String>,
) -> Result<Changes> {
    let mut request = SyncCollection::new(book);
    if !token.is_empty() {
        request = request.with_sync_token(token);
    }
    let listed = match timed(dav.request(request)).await? {
        Ok(r) => Some((r.changed, r.deleted, r.new_sync_token)),
        Err(WebDavError::PreconditionFailed(_)) if !token.is_empty() => {
            timed(dav.request(SyncCollection::new(book)))
                .await?
                .ok()
                .map(|r| (r.changed, r.deleted, r.new_sync_token))
        }
        Err(_) => None,
    };
    let (listed, deleted, token) = match listed {
        Some((changed, deleted, token)) if !token.is_empty() => (changed, deleted, token),
        _ => {
            let all = timed(dav.request(ListResources::new(book)))
                .await?
                .map_err(|e| classify(&e, dav.base_url()))?
                .resources;
            let present: std::collections::HashSet<&str> =
                all.iter().map(|r| r.href.as_str()).collect();
            let deleted = known
                .keys()
                .filter(|h| !present.contains(h.as_str()))
                .cloned()
                .collect();
            (all, deleted, String::new())
        }
    };
    let changed = listed
        .into_iter()
        .filter(|r| r.href.trim_end_matches('/') != book.trim_end_matches('/'))
        .filter(|r| r.etag.is_none() || known.get(&r.href) != r.etag.as_ref())
        .map(|r| r.href)
        .collect();
    Ok(Changes {
        changed,
        deleted,
        token,
    })
}

/// One card from the server, merged into the log.
#[allow(clippy::too_many_arguments)]
fn take(
    conn: &Connection,
    tag: &str,
    index: &mut Index,
    href: &str,
    text: &str,
    etag: &str,
    now: DateTime<Utc>,
    report: &mut Report,
) -> Result<()> {
    let Some(mut server) = card::read(text) else {
        return Ok(());
    };
    let row: Option<(Option<i64>, String, String)> = conn
        .query_row(
            "SELECT contact_id, fields, card FROM sync_cards WHERE href = ?1",
            [href],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (id, base) = match row {
        // Deleted here: the card goes at the sending step, whatever changed on it.
        Some((None, ..)) => {
            conn.execute(
                "UPDATE sync_cards SET etag = ?2, card = ?3 WHERE href = ?1",
                params![href, etag, text],
            )?;
            return Ok(());
        }
        Some((Some(id), fields, last)) => {
            let base = serde_json::from_str(&fields).unwrap_or_default();
            server.fields = card::changed_since(&server.fields, &last, &base);
            (id, base)
        }
        None => match ours(conn, tag, index, &server)? {
            // Met for the first time: what only one side has is taken, a value both have
            // differently is a conflict.
            Some(id) => (id, Fields::default()),
            None => {
                let (id, refused, kept) = add(conn, &server, now)?;
                record(conn, id, now, &refused)?;
                report.conflicts += refused.len();
                index.add(id, &keys(&server.fields));
                report.added_here += 1;
                // Agreed as the log holds them: a value it refused (a note too long for it)
                // was never the log's, so a later change to it on the phone is the phone's
                // alone.
                let agreed = Agreed {
                    href,
                    uid: &server.uid,
                    etag,
                    fields: &kept,
                    card: text,
                };
                return agree(conn, id, &agreed, Some(updated_at(conn, id)?));
            }
        },
    };
    let contact = contacts::get(conn, id)?;
    let here = Fields::of(&contact);
    // A card that does not say when it changed is not taken as newer than the user's edit.
    let server_is_newer = server.revised.is_some_and(|rev| rev > contact.updated_at);
    let (tried, mut conflicts) = card::merge(&base, &here, &server, server_is_newer);
    let merged = valid(tried.clone(), &here);
    let refused = refused(&base, &tried, &merged);
    conflicts.retain(|c| !refused.iter().any(|r| r.field == c.field));
    // A value the log cannot hold stays on the card, and is read again whenever the card
    // changes elsewhere: told once.
    for r in refused {
        if !told_before(conn, id, &r)? {
            conflicts.push(r);
        }
    }
    if merged != here {
        contacts::update_in(
            conn,
            contact.id,
            merged.clone().into_input(Some(&contact)),
            now,
        )?;
        report.changed_here += 1;
    }
    record(conn, id, now, &conflicts)?;
    report.conflicts += conflicts.len();
    let agreed_on = if server.has_own {
        server.fields.clone()
    } else {
        // What the card does not carry stays as agreed.
        let mut f = server.fields.clone();
        f.location = merged.location.clone();
        f.industry = merged.industry.clone();
        f.in_common = merged.in_common.clone();
        f
    };
    let agreed = Agreed {
        href,
        uid: &server.uid,
        etag,
        fields: &agreed_on,
        card: text,
    };
    // When the server lacks what changed here, not agreed: the sending step sends it.
    let as_of = (merged == agreed_on)
        .then(|| updated_at(conn, id))
        .transpose()?;
    agree(conn, id, &agreed, as_of)
}

fn updated_at(conn: &Connection, id: i64) -> Result<DateTime<Utc>> {
    Ok(
        conn.query_row("SELECT updated_at FROM contacts WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}

/// The person a new card is: one of this log's own cards (a sync cut short before it heard
/// back), else a person not yet on a card who matches as an import would match them.
fn ours(conn: &Connection, tag: &str, index: &Index, server: &ServerCard) -> Result<Option<i64>> {
    let own = server
        .uid
        .strip_prefix(&format!("rapport-{tag}-contact-"))
        .and_then(|id| id.parse::<i64>().ok());
    let candidate = own.or_else(|| index.find(&keys(&server.fields)).map(|(id, _)| id));
    let Some(id) = candidate else {
        return Ok(None);
    };
    let free: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM contacts WHERE id = ?1)
            AND NOT EXISTS (SELECT 1 FROM sync_cards WHERE contact_id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    Ok(free.then_some(id))
}

fn keys(f: &Fields) -> Keys {
    Keys::new(&f.name, &f.organization, &f.emails, &f.profile_url)
}

/// A person from a card made elsewhere, with what the log holds of them. What the log
/// cannot hold (a "phone number" of words) is left out rather than the person, and told
/// on their timeline.
fn add(
    conn: &Connection,
    server: &ServerCard,
    now: DateTime<Utc>,
) -> Result<(i64, Vec<Conflict>, Fields)> {
    let mut fields = server.fields.clone();
    if fields.name.is_empty() {
        fields.name = fields
            .emails
            .first()
            .cloned()
            .or_else(|| (!fields.organization.is_empty()).then(|| fields.organization.clone()))
            .unwrap_or_else(|| UNNAMED.into());
    }
    let fallback = Fields {
        name: UNNAMED.into(),
        ..Fields::default()
    };
    let kept = valid(fields.clone(), &fallback);
    let refused = refused(&Fields::default(), &fields, &kept);
    let id = contacts::insert(conn, kept.into_input(None), now)?;
    Ok((id, refused, Fields::of(&contacts::get(conn, id)?)))
}

/// The server's values the contact form refused: `merged` holds what was kept instead.
fn refused(base: &Fields, tried: &Fields, merged: &Fields) -> Vec<Conflict> {
    card::FIELDS
        .iter()
        .filter(|f| f.text(tried) != f.text(merged))
        .map(|f| Conflict {
            field: f.label,
            lost_side: Side::Server,
            from: f.text(base),
            lost: f.text(tried),
            kept: f.text(merged),
            reason: Reason::Refused,
        })
        .collect()
}

/// Whether the person's timeline already tells that the form refused this value.
fn told_before(conn: &Connection, id: i64, refused: &Conflict) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sync_conflicts WHERE contact_id = ?1 AND field = ?2
             AND to_value = ?3 AND reason = ?4)",
        params![id, refused.field, refused.lost, refused.reason.as_str()],
        |r| r.get(0),
    )?)
}

/// Tells the person's timeline what was not kept.
fn record(conn: &Connection, id: i64, now: DateTime<Utc>, conflicts: &[Conflict]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sync_conflicts
             (contact_id, at, field, side, from_value, to_value, kept, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for c in conflicts {
        stmt.execute(params![
            id,
            now,
            c.field,
            c.lost_side.as_str(),
            c.from,
            c.lost,
            c.kept,
            c.reason.as_str()
        ])?;
    }
    Ok(())
}

/// `fields` with each value the contact form would refuse replaced by `fallback`'s.
pub(super) fn valid(mut fields: Fields, fallback: &Fields) -> Fields {
    for _ in 0..card::FIELDS.len() {
        let Err(Error::Invalid(errors)) = contacts::validate(fields.clone().into_input(None))
        else {
            break;
        };
        for e in errors {
            match e.field {
                "fullName" => fields.name = fallback.name.clone(),
                "role" => fields.role = fallback.role.clone(),
                "organization" => fields.organization = fallback.organization.clone(),
                "industry" => fields.industry = fallback.industry.clone(),
                "location" => fields.location = fallback.location.clone(),
                "phone" => fields.phone = fallback.phone.clone(),
                "phoneExt" => fields.phone_ext = fallback.phone_ext.clone(),
                "workAddress" => fields.work_address = fallback.work_address.clone(),
                "profileUrl" => fields.profile_url = fallback.profile_url.clone(),
                "inCommon" => fields.in_common = fallback.in_common.clone(),
                "notes" => fields.notes = fallback.notes.clone(),
                "emails" => fields.emails = fallback.emails.clone(),
                // A label too long for a tag stays on the card; the others are taken.
                "tags" => fields.tags.retain(|t| contacts::holds_tag(t)),
                _ => {}
            }
        }
    }
    fields
}

/// One card as the server and the log now agree on it.
struct Agreed<'a> {
    href: &'a str,
    uid: &'a str,
    etag: &'a str,
    fields: &'a Fields,
    card: &'a str,
}

/// Records what the server and the log agree on for person `id`'s card, as of their
/// `updated_at` then; None when the log holds changes the server still lacks (the sending
/// step sends them).
fn agree(conn: &Connection, id: i64, card: &Agreed, as_of: Option<DateTime<Utc>>) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_cards (href, uid, contact_id, etag, fields, card, agreed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, ''))
         ON CONFLICT (href) DO UPDATE SET uid = ?2, contact_id = ?3, etag = ?4, fields = ?5,
             card = ?6, agreed_at = coalesce(?7, ''), gone_from_server = 0",
        params![
            card.href,
            card.uid,
            id,
            card.etag,
            serde_json::to_string(card.fields).expect("fields serialize"),
            card.card,
            as_of
        ],
    )?;
    Ok(())
}

/// The card of a person deleted here, and the ETag its delete is conditional on.
type Gone = (String, String);

/// A card to write: a person new here, or changed here since the server last agreed.
struct Outgoing {
    contact: Contact,
    href: String,
    uid: String,
    /// The server's ETag of the card this replaces; none for a new card.
    etag: Option<String>,
    /// The card the server last had, and what the log held when the two last agreed.
    last: Option<(String, Fields)>,
}

async fn send<L: Log>(
    log: &L,
    dav: &Dav,
    book: &str,
    now: DateTime<Utc>,
    progress: &(dyn Fn(Progress) + Sync),
    report: &mut Report,
) -> Result<()> {
    let (candidates, gone, tag) =
        log.read(|conn| Ok((candidates(conn)?, gone_here(conn)?, log_tag(conn)?)))?;
    let total = candidates.len() + gone.len();
    let mut done = 0;
    for batch in candidates.chunks(BATCH) {
        let (outgoing, settled) = log.read(|conn| outgoing(conn, book, &tag, batch))?;
        let (answers, failed) = connection::a_few_at_once(
            outgoing,
            |out| async move {
                let last = out.last.as_ref().map(|(card, held)| (card.as_str(), held));
                let text = card::write(&out.contact, &out.uid, last, now);
                let written =
                    connection::put(dav, &out.href, &text, VCARD, out.etag.as_deref()).await;
                (out, written.map(|etag| (text, etag)))
            },
            Progress::every_25(progress, Step::Sending, done, total),
        )
        .await;
        // A card not written changed on the server meanwhile (or was made by a sync cut
        // short): the next sync reads it and merges.
        let sent: Vec<_> = answers
            .into_iter()
            .filter_map(|(out, (text, etag))| Some((out, text, etag?)))
            .collect();
        // What the server took, and the cards still as agreed, are agreed in one write per
        // batch, before a failure is told.
        log.record(|conn| {
            let tx = conn.transaction()?;
            for (href, as_of) in &settled {
                tx.execute(
                    "UPDATE sync_cards SET agreed_at = ?2 WHERE href = ?1",
                    params![href, as_of],
                )?;
            }
            for (out, text, etag) in &sent {
                // Agreed as the person was read; a change made meanwhile is sent next time.
                let agreed = Agreed {
                    href: &out.href,
                    uid: &out.uid,
                    etag,
                    fields: &Fields::of(&out.contact),
                    card: text,
                };
                agree(&tx, out.contact.id, &agreed, Some(out.contact.updated_at))?;
            }
            tx.commit()?;
            Ok(())
        })?;
        report.sent += sent.len();
        if let Some(problem) = failed {
            return Err(problem.into());
        }
        done += batch.len();
    }
    for (href, etag) in gone {
        if !connection::delete(dav, &href, &etag).await? {
            continue;
        }
        log.record(|conn| {
            conn.execute("DELETE FROM sync_cards WHERE href = ?1", [&href])?;
            Ok(())
        })?;
        report.deleted_there += 1;
    }
    Ok(())
}

/// A person who may need their card written: new here, or changed since agreed; with the
/// card as last agreed, when there is one.
struct Candidate {
    id: i64,
    href: Option<String>,
    uid: Option<String>,
    etag: Option<String>,
    card: Option<String>,
    fields: Option<String>,
}

fn candidates(conn: &Connection) -> Result<Vec<Candidate>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, s.href, s.uid, s.etag, s.card, s.fields FROM contacts c
         LEFT JOIN sync_cards s ON s.contact_id = c.id
         WHERE s.href IS NULL OR (s.gone_from_server = 0 AND c.updated_at > s.agreed_at)
         ORDER BY c.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Candidate {
            id: r.get(0)?,
            href: r.get(1)?,
            uid: r.get(2)?,
            etag: r.get(3)?,
            card: r.get(4)?,
            fields: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The cards of people deleted here, with the ETag each delete is conditional on.
fn gone_here(conn: &Connection) -> Result<Vec<Gone>> {
    let mut stmt =
        conn.prepare("SELECT href, etag FROM sync_cards WHERE contact_id IS NULL ORDER BY href")?;
    let gone = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(gone.collect::<rusqlite::Result<_>>()?)
}

/// Of `batch`, the people to write, and the cards whose person changed only in what a card
/// does not carry (the stage, a check-in), with the time they are agreed as of.
fn outgoing(
    conn: &Connection,
    book: &str,
    tag: &str,
    batch: &[Candidate],
) -> Result<(Vec<Outgoing>, Vec<Settled>)> {
    let mut out = Vec::new();
    let mut settled = Vec::new();
    for candidate in batch {
        let contact = contacts::get(conn, candidate.id)?;
        match (&candidate.href, &candidate.uid) {
            (Some(href), Some(uid)) => {
                let agreed: Fields = candidate
                    .fields
                    .as_deref()
                    .and_then(|f| serde_json::from_str(f).ok())
                    .unwrap_or_default();
                if Fields::of(&contact) == agreed {
                    settled.push((href.clone(), contact.updated_at));
                    continue;
                }
                out.push(Outgoing {
                    contact,
                    href: href.clone(),
                    uid: uid.clone(),
                    etag: candidate.etag.clone().filter(|e| !e.is_empty()),
                    last: candidate.card.clone().map(|card| (card, agreed)),
                });
            }
            _ => {
                let uid = format!("rapport-{tag}-contact-{}", candidate.id);
                out.push(Outgoing {
                    href: format!("{}/{uid}.vcf", book.trim_end_matches('/')),
                    uid,
                    contact,
                    etag: None,
                    last: None,
                });
            }
        }
    }
    Ok((out, settled))
}

/// A card still as agreed, and the person's latest change it is agreed as of.
type Settled = (String, DateTime<Utc>);

/// The people whose card was deleted on the server, for the user to confirm.
pub fn gone_from_server(conn: &Connection) -> Result<Vec<contacts::ContactRef>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.full_name, coalesce(o.name, '') FROM sync_cards s
         JOIN contacts c ON c.id = s.contact_id
         LEFT JOIN organizations o ON o.id = c.organization_id
         WHERE s.gone_from_server = 1 ORDER BY c.full_name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(contacts::ContactRef {
            id: r.get(0)?,
            full_name: r.get(1)?,
            organization: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The user's answer about a person whose card was deleted on the server: delete them here
/// too, or keep them (their card is written again at the next sync).
pub fn settle_gone(conn: &mut Connection, id: i64, delete: bool) -> Result<()> {
    let tx = conn.transaction()?;
    let href: Option<String> = tx
        .query_row(
            "SELECT href FROM sync_cards WHERE contact_id = ?1 AND gone_from_server = 1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(href) = href else {
        return Err(Error::NotFound("card deleted on the server"));
    };
    tx.execute("DELETE FROM sync_cards WHERE href = ?1", [&href])?;
    if delete {
        contacts::delete(&tx, id)?;
    }
    tx.commit()?;
    Ok(())
}
