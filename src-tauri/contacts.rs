//! People in the contact log: who they are, how they were found, where things stand.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldError, Result};
use crate::interactions::{self, Interaction};
use crate::text_enum::text_enum;
use crate::{organizations, search, text};

text_enum! {
    /// Where a person stands in the life of an informational interview.
    #[derive(Default)]
    Stage {
        #[default]
        ToContact => "to_contact", "To contact";
        ReachedOut => "reached_out", "Reached out";
        Scheduled => "scheduled", "Scheduled";
        Interviewed => "interviewed", "Interviewed";
        KeepingInTouch => "keeping_in_touch", "Keeping in touch";
        Declined => "declined", "Declined";
        NotNow => "not_now", "Not now";
    }
}

text_enum! {
    /// How the user found this person.
    Source {
        LinkedIn => "linkedin", "LinkedIn";
        AlumniDirectory => "alumni_directory", "Alumni directory";
        WorkDirectory => "work_directory", "Work directory";
        Referral => "referral", "Referral";
        Event => "event", "Event";
        Other => "other", "Other";
    }
}

/// What the contact form sends: free text as typed, checked by [`validate`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ContactInput {
    pub full_name: String,
    pub role: String,
    pub organization: String,
    pub industry: String,
    pub location: String,
    pub emails: Vec<String>,
    pub phone: String,
    pub phone_ext: String,
    pub work_address: String,
    pub profile_url: String,
    pub source: Option<Source>,
    pub referred_by_id: Option<i64>,
    pub in_common: String,
    pub tags: Vec<String>,
    pub notes: String,
    pub stage: Stage,
    /// Months between check-ins for this person; `None` follows the setting.
    pub checkin_months: Option<u32>,
    pub checkin_paused: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub id: i64,
    pub full_name: String,
    pub role: String,
    pub organization_id: Option<i64>,
    pub organization: String,
    pub industry: String,
    pub location: String,
    pub emails: Vec<String>,
    pub phone: String,
    pub phone_ext: String,
    pub work_address: String,
    pub profile_url: String,
    pub source: Option<Source>,
    pub referred_by_id: Option<i64>,
    pub in_common: String,
    pub tags: Vec<String>,
    pub notes: String,
    pub stage: Stage,
    pub checkin_months: Option<u32>,
    pub checkin_paused: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&Contact> for ContactInput {
    /// The contact as its form would send it back unchanged.
    fn from(c: &Contact) -> Self {
        ContactInput {
            full_name: c.full_name.clone(),
            role: c.role.clone(),
            organization: c.organization.clone(),
            industry: c.industry.clone(),
            location: c.location.clone(),
            emails: c.emails.clone(),
            phone: c.phone.clone(),
            phone_ext: c.phone_ext.clone(),
            work_address: c.work_address.clone(),
            profile_url: c.profile_url.clone(),
            source: c.source,
            referred_by_id: c.referred_by_id,
            in_common: c.in_common.clone(),
            tags: c.tags.clone(),
            notes: c.notes.clone(),
            stage: c.stage,
            checkin_months: c.checkin_months,
            checkin_paused: c.checkin_paused,
        }
    }
}

/// Enough to name a person in a link.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactRef {
    pub id: i64,
    pub full_name: String,
    pub organization: String,
}

/// Everything the contact page shows.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactDetail {
    pub contact: Contact,
    pub referred_by: Option<ContactRef>,
    pub referrals: Vec<ContactRef>,
    pub interactions: Vec<Interaction>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Name,
    LastInteraction,
}

impl Sort {
    /// The list's order, as SQL over `contacts c`; each has an index of its own.
    fn order(self) -> &'static str {
        match self {
            Sort::Name => "c.full_name COLLATE NOCASE, c.id",
            Sort::LastInteraction => {
                "c.last_interaction_at IS NULL, c.last_interaction_at DESC, \
                 c.full_name COLLATE NOCASE, c.id"
            }
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ContactQuery {
    pub text: String,
    pub stage: Option<Stage>,
    pub tag: Option<String>,
    pub sort: Sort,
    pub limit: Option<u32>,
    /// Where the page starts, for a list scrolled far down.
    pub offset: u32,
}

/// One row of the contacts list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactSummary {
    pub id: i64,
    pub full_name: String,
    pub role: String,
    pub organization: String,
    pub stage: Stage,
    pub tags: Vec<String>,
    pub last_interaction_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactList {
    pub items: Vec<ContactSummary>,
    /// How many match in all; more than `items.len()` when the list was cut at the limit.
    pub total: i64,
}

const DEFAULT_LIMIT: u32 = 500;
const MAX_TEXT: usize = 20_000;
const MAX_LINE: usize = 300;
const MAX_PHONE: usize = 40;
const MAX_PHONE_EXT: usize = 10;
const MAX_TAG: usize = 40;

/// Normalizes and checks a contact as typed; every problem is reported at once, per field.
pub fn validate(mut input: ContactInput) -> Result<ContactInput> {
    let mut errors = Vec::new();
    let line: fn(&str) -> String = text::line;
    let block: fn(&str) -> String = text::block;
    for (field, value, max, form) in [
        ("fullName", &mut input.full_name, MAX_LINE, line),
        ("role", &mut input.role, MAX_LINE, line),
        ("organization", &mut input.organization, MAX_LINE, line),
        ("industry", &mut input.industry, MAX_LINE, line),
        ("location", &mut input.location, MAX_LINE, line),
        ("phone", &mut input.phone, MAX_PHONE, line),
        ("phoneExt", &mut input.phone_ext, MAX_PHONE_EXT, line),
        ("workAddress", &mut input.work_address, 1_000, block),
        ("profileUrl", &mut input.profile_url, 2_000, line),
        ("inCommon", &mut input.in_common, MAX_TEXT, block),
        ("notes", &mut input.notes, MAX_TEXT, block),
    ] {
        *value = form(value);
        if value.chars().count() > max {
            errors.push(FieldError::new(
                field,
                format!("Keep this under {max} characters."),
            ));
        }
    }
    if input.full_name.is_empty() {
        errors.push(FieldError::new("fullName", "A name is required."));
    }

    input.emails = clean_list(&input.emails);
    if let Some(bad) = input.emails.iter().find(|e| !is_email(e)) {
        errors.push(FieldError::new(
            "emails",
            format!("“{bad}” is not an email address, like name@example.com."),
        ));
    }

    if !input.phone.is_empty() && phone_parts(&input.phone).is_none() {
        errors.push(FieldError::new(
            "phone",
            "Use digits, spaces and + - ( ) . only, like +1 415 555 0134 (x12 after it for an extension).",
        ));
    }
    // The same extension after the number and in its own field is kept once, in its field.
    if let Some((number, ext)) = phone_parts(&input.phone) {
        if !ext.is_empty() && ext == input.phone_ext {
            input.phone = number;
        }
    }
    if !input.phone_ext.chars().all(|c| c.is_ascii_digit()) {
        errors.push(FieldError::new("phoneExt", "An extension is digits only."));
    }

    if !input.profile_url.is_empty() {
        match normalize_url(&input.profile_url) {
            Some(url) => input.profile_url = url,
            None => errors.push(FieldError::new(
                "profileUrl",
                "This is not a web address, like https://www.linkedin.com/in/name.",
            )),
        }
    }

    if input.checkin_months.is_some_and(|m| !(1..=60).contains(&m)) {
        errors.push(FieldError::new(
            "checkinMonths",
            "Choose between 1 and 60 months.",
        ));
    }

    input.tags = clean_list(&input.tags);
    if !input.tags.iter().all(|t| holds_tag(t)) {
        errors.push(FieldError::new(
            "tags",
            format!("Keep each tag under {MAX_TAG} characters."),
        ));
    }

    if errors.is_empty() {
        Ok(input)
    } else {
        Err(Error::Invalid(errors))
    }
}

/// Normalized, without blanks, without repeats that differ only by letter case.
fn clean_list(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items
        .iter()
        .map(|s| text::line(s))
        .filter(|s| !s.is_empty())
    {
        if !out.iter().any(|o| o.to_lowercase() == item.to_lowercase()) {
            out.push(item);
        }
    }
    out
}

pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !s.chars().any(char::is_whitespace)
        && !domain.contains('@')
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// Whether the contact form takes `tag` as one of a person's tags.
pub(crate) fn holds_tag(tag: &str) -> bool {
    tag.chars().count() <= MAX_TAG
}

fn is_phone(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        && s.chars().filter(char::is_ascii_digit).count() >= 3
}

/// A number the contact form takes, and the extension written after it as address books
/// do ("+1 415 555 0134 x12", "ext. 12", "#12", RFC 3966's ";ext=12"), apart; None when
/// the form would refuse it ("call after six").
pub(crate) fn phone_parts(s: &str) -> Option<(String, String)> {
    let s = s.trim();
    if is_phone(s) && s.chars().count() <= MAX_PHONE {
        return Some((s.to_string(), String::new()));
    }
    let head = s.trim_end_matches(|c: char| c.is_ascii_digit());
    let ext = &s[head.len()..];
    let head = head.trim_end().to_ascii_lowercase();
    let number = ["extension", "ext.", "ext:", "ext", ";ext=", "x", "#"]
        .iter()
        .find_map(|marker| head.strip_suffix(marker))?
        .trim_end_matches([' ', ',', ';']);
    (!ext.is_empty()
        && ext.len() <= MAX_PHONE_EXT
        && is_phone(number)
        && number.chars().count() <= MAX_PHONE)
        // Lower case changes no ASCII length: the number is the same stretch of `s`.
        .then(|| (s[..number.len()].to_string(), ext.to_string()))
}

/// A web address with a host; "linkedin.com/in/x" is taken to mean https.
pub(crate) fn normalize_url(s: &str) -> Option<String> {
    let with_scheme = if s.contains("://") {
        s.to_string()
    } else {
        format!("https://{s}")
    };
    let url = url::Url::parse(&with_scheme).ok()?;
    let host = url.host_str()?;
    let ok = matches!(url.scheme(), "http" | "https") && host.contains('.');
    ok.then(|| url.to_string())
}

/// A link Rapport may hand to the OS: a web page (http, https) or an email address
/// (mailto). Anything else (file:, javascript:, a custom scheme) is refused.
pub fn external_link(link: &str) -> Result<String> {
    let refused = || {
        Error::invalid(
            "link",
            "Only web pages (http, https) and email addresses open from Rapport.",
        )
    };
    let url = url::Url::parse(link.trim()).map_err(|_| refused())?;
    let ok = match url.scheme() {
        "http" | "https" => url.host_str().is_some_and(|h| !h.is_empty()),
        // A subject and a body may be prefilled; no hidden copy to anyone else.
        "mailto" => {
            let address = percent_decoded(url.path());
            is_email(&address)
                && url
                    .query_pairs()
                    .all(|(k, _)| matches!(k.as_ref(), "subject" | "body"))
        }
        _ => false,
    };
    if ok {
        Ok(url.to_string())
    } else {
        Err(refused())
    }
}

fn percent_decoded(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn check_referrer(conn: &Connection, referred_by: Option<i64>, this: Option<i64>) -> Result<()> {
    let Some(referrer) = referred_by else {
        return Ok(());
    };
    if Some(referrer) == this {
        return Err(Error::invalid(
            "referredBy",
            "A person cannot refer themselves.",
        ));
    }
    let exists = conn
        .query_row("SELECT 1 FROM contacts WHERE id = ?1", [referrer], |_| {
            Ok(())
        })
        .optional()?
        .is_some();
    if exists {
        Ok(())
    } else {
        Err(Error::invalid(
            "referredBy",
            "Choose the person who referred them from your contacts.",
        ))
    }
}

pub fn create(conn: &mut Connection, input: ContactInput, now: DateTime<Utc>) -> Result<Contact> {
    let tx = conn.transaction()?;
    let id = insert(&tx, input, now)?;
    tx.commit()?;
    get(conn, id)
}

/// Adds a contact inside the caller's transaction; returns its id.
pub(crate) fn insert(conn: &Connection, input: ContactInput, now: DateTime<Utc>) -> Result<i64> {
    let c = validate(input)?;
    check_referrer(conn, c.referred_by_id, None)?;
    let organization_id = organizations::resolve(conn, &c.organization, now)?;
    conn.prepare_cached(
        "INSERT INTO contacts (full_name, role, organization_id, industry, location, emails,
             phone, phone_ext, work_address, profile_url, source, referred_by_id, in_common,
             tags, notes, stage, checkin_months, checkin_paused, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?19)",
    )?
    .execute(params![
        c.full_name,
        c.role,
        organization_id,
        c.industry,
        c.location,
        json(&c.emails),
        c.phone,
        c.phone_ext,
        c.work_address,
        c.profile_url,
        c.source,
        c.referred_by_id,
        c.in_common,
        json(&c.tags),
        c.notes,
        c.stage,
        c.checkin_months,
        c.checkin_paused,
        now,
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn update(
    conn: &mut Connection,
    id: i64,
    input: ContactInput,
    now: DateTime<Utc>,
) -> Result<Contact> {
    let tx = conn.transaction()?;
    update_in(&tx, id, input, now)?;
    tx.commit()?;
    get(conn, id)
}

/// Updates a contact inside the caller's transaction, keeping a new role or organization
/// on their timeline.
pub(crate) fn update_in(
    conn: &Connection,
    id: i64,
    input: ContactInput,
    now: DateTime<Utc>,
) -> Result<()> {
    write_update(conn, id, input, now, true)
}

/// The same, for two records of one person made one: the fields chosen are no move.
pub(crate) fn merge_into(
    conn: &Connection,
    id: i64,
    input: ContactInput,
    now: DateTime<Utc>,
) -> Result<()> {
    write_update(conn, id, input, now, false)
}

fn write_update(
    conn: &Connection,
    id: i64,
    input: ContactInput,
    now: DateTime<Utc>,
    record_moves: bool,
) -> Result<()> {
    let c = validate(input)?;
    check_referrer(conn, c.referred_by_id, Some(id))?;
    let before = get(conn, id)?;
    let organization_id = organizations::resolve(conn, &c.organization, now)?;
    let changed = conn.execute(
        "UPDATE contacts SET full_name = ?2, role = ?3, organization_id = ?4, industry = ?5,
             location = ?6, emails = ?7, phone = ?8, phone_ext = ?9, work_address = ?10,
             profile_url = ?11, source = ?12, referred_by_id = ?13, in_common = ?14, tags = ?15,
             notes = ?16, stage = ?17, checkin_months = ?18, checkin_paused = ?19,
             updated_at = ?20
         WHERE id = ?1",
        params![
            id,
            c.full_name,
            c.role,
            organization_id,
            c.industry,
            c.location,
            json(&c.emails),
            c.phone,
            c.phone_ext,
            c.work_address,
            c.profile_url,
            c.source,
            c.referred_by_id,
            c.in_common,
            json(&c.tags),
            c.notes,
            c.stage,
            c.checkin_months,
            c.checkin_paused,
            now,
        ],
    )?;
    if changed == 0 {
        return Err(Error::NotFound("contact"));
    }
    if !record_moves {
        return Ok(());
    }
    record_move(conn, id, "role", &before.role, &c.role, now)?;
    if organization_id != before.organization_id {
        record_move(
            conn,
            id,
            "organization",
            &before.organization,
            &c.organization,
            now,
        )?;
    }
    Ok(())
}

/// Keeps a new role or organization on the person's timeline. Filling in what was blank is
/// no move, only learning more; an organization renamed on its own page is no move either.
fn record_move(
    conn: &Connection,
    id: i64,
    field: &str,
    old: &str,
    new: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    if old.is_empty() || old == new {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO contact_changes (contact_id, changed_at, field, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, now, field, old, new],
    )?;
    Ok(())
}

/// A contact's stage, or that they are gone.
pub(crate) fn stage_of(conn: &Connection, id: i64) -> Result<Stage> {
    conn.prepare_cached("SELECT stage FROM contacts WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound("contact"))
}

/// Changes only the stage, as logging an interaction does.
pub(crate) fn set_stage(
    conn: &Connection,
    id: i64,
    stage: Stage,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "UPDATE contacts SET stage = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, stage, now],
    )?;
    Ok(())
}

/// Deletes the person and their interactions; people they referred keep existing.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    match conn.execute("DELETE FROM contacts WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound("contact")),
        _ => Ok(()),
    }
}

pub fn get(conn: &Connection, id: i64) -> Result<Contact> {
    conn.query_row(
        "SELECT c.*, coalesce(o.name, '') AS organization
         FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
         WHERE c.id = ?1",
        [id],
        contact_from_row,
    )
    .optional()?
    .ok_or(Error::NotFound("contact"))
}

/// Everyone, every field, by name: for exports.
pub fn all(conn: &Connection) -> Result<Vec<Contact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.*, coalesce(o.name, '') AS organization
         FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
         ORDER BY c.full_name COLLATE NOCASE, c.id",
    )?;
    let rows = stmt.query_map([], contact_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn detail(conn: &Connection, id: i64) -> Result<ContactDetail> {
    let contact = get(conn, id)?;
    let referred_by = match contact.referred_by_id {
        Some(rid) => refs(conn, "c.id = ?1", rid)?.pop(),
        None => None,
    };
    Ok(ContactDetail {
        referred_by,
        referrals: refs(conn, "c.referred_by_id = ?1", id)?,
        interactions: interactions::for_contact(conn, id)?,
        contact,
    })
}

fn refs(conn: &Connection, condition: &str, id: i64) -> Result<Vec<ContactRef>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.full_name, coalesce(o.name, '') FROM contacts c
         LEFT JOIN organizations o ON o.id = c.organization_id
         WHERE {condition} ORDER BY c.full_name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([id], |r| {
        Ok(ContactRef {
            id: r.get(0)?,
            full_name: r.get(1)?,
            organization: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The contacts list: full-text search over people and what was said with them, filters,
/// order, a page at `offset`. Costs the same whatever the size of the log: who meets the
/// search and filters is read by id along their indexes; when they are many, the page is
/// found walking the order's index against them and stops at the page's end; when they
/// are few, they are looked up and sorted.
pub fn list(conn: &Connection, query: &ContactQuery) -> Result<ContactList> {
    let order = query.sort.order();
    let tag = query
        .tag
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let search = search::search(&query.text);
    let text = search.as_ref().map(|s| (s.table, s.expression.as_str()));
    let everyone = count(conn)?;
    let limit = i64::from(query.limit.unwrap_or(DEFAULT_LIMIT));
    // Walking the order's index until the page is full reads about (offset + limit) ×
    // everyone / n entries; looking the n up and sorting them costs some ten times more a
    // row.
    let walk = |n: i64| n * n * 10 > (i64::from(query.offset) + limit) * everyone;
    let mut offset = query.offset;
    // Whom the page is taken from (?1 bound to their ids), and how many they are.
    let (within, listed, total) = if text.is_some() || query.stage.is_some() || tag.is_some() {
        let ids = meeting_all(conn, text, query.stage, tag)?;
        let n = ids.len() as i64;
        // Many: their page is found here, rather than by SQLite indexing every one of them
        // first (2 ms for 21,000) or reading each person's row on the way.
        let listed = if walk(n) {
            offset = 0;
            page_along(conn, order, &ids, query.offset, limit)?
        } else {
            ids
        };
        let listed = serde_json::Value::from(listed).to_string();
        ("c.id IN (SELECT value FROM json_each(?1))", Some(listed), n)
    } else {
        ("?1 IS NULL", None, everyone)
    };
    // The page is found along the index alone, then only its rows are read: skipping
    // 49,900 people to the end of the list costs index steps, not rows.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.full_name, c.role, coalesce(o.name, '') AS organization, c.stage, c.tags,
                c.last_interaction_at
         FROM (SELECT c.id FROM contacts c WHERE {within} ORDER BY {order} LIMIT ?2 OFFSET ?3)
              AS page
         JOIN contacts c ON c.id = page.id
         LEFT JOIN organizations o ON o.id = c.organization_id
         ORDER BY {order}"
    ))?;
    let rows = stmt.query_map(params![listed, limit, offset], |r| {
        Ok(ContactSummary {
            id: r.get(0)?,
            full_name: r.get(1)?,
            role: r.get(2)?,
            organization: r.get(3)?,
            stage: r.get(4)?,
            tags: json_column(r, "tags")?,
            last_interaction_at: r.get(6)?,
        })
    })?;
    let items = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ContactList { items, total })
}

/// Who meets the search and every filter given, by id. Each one's people come in id order
/// along its own index (the full-text index keeps its rows by id too) and are merged here:
/// SQLite would look every match of one up in the others, a step per match rather than an
/// id read (words a third of the log holds, with a stage: 8 ms at 50,000 people).
fn meeting_all(
    conn: &Connection,
    text: Option<(&str, &str)>,
    stage: Option<Stage>,
    tag: Option<&str>,
) -> Result<Vec<i64>> {
    let ids = |sql: &str, value: &dyn rusqlite::ToSql| -> Result<Vec<i64>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([value], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let mut sets = Vec::new();
    if let Some((index, m)) = text {
        let sql = format!("SELECT rowid FROM {index} WHERE {index} MATCH ?1 ORDER BY rowid");
        sets.push(ids(&sql, &m)?);
    }
    if let Some(stage) = stage {
        sets.push(ids(STAGE_IDS, &stage)?);
    }
    if let Some(tag) = tag {
        sets.push(ids(TAG_IDS, &tag)?);
    }
    sets.sort_by_key(Vec::len);
    let mut sets = sets.into_iter();
    let mut all = sets.next().unwrap_or_default();
    for set in sets {
        // Both in id order: one pass along each.
        let mut other = set.iter().peekable();
        all.retain(|id| {
            while other.next_if(|o| *o < id).is_some() {}
            other.peek() == Some(&id)
        });
    }
    Ok(all)
}

/// The `limit` of `ids` (in id order) that come after the first `offset` of them in the
/// list's `order`, found walking the order's index.
fn page_along(
    conn: &Connection,
    order: &str,
    ids: &[i64],
    offset: u32,
    limit: i64,
) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT c.id FROM contacts c ORDER BY {order}"))?;
    let mut rows = stmt.query([])?;
    let (mut skip, mut page) = (offset, Vec::new());
    while let Some(row) = rows.next()? {
        let id = row.get(0)?;
        if ids.binary_search(&id).is_err() {
            continue;
        }
        if skip > 0 {
            skip -= 1;
            continue;
        }
        page.push(id);
        if page.len() as i64 >= limit {
            break;
        }
    }
    Ok(page)
}

/// How many people the log holds.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?)
}

/// Every tag in use, for the filter: once in any letter case, as the filter compares
/// them, spelled as the first person to hold it has it.
pub fn tags(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(TAGS_IN_USE)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Who holds a tag (in any letter case), who stands at a stage, by id.
const TAG_IDS: &str = "SELECT contact_id FROM contact_tags WHERE tag = ?1 ORDER BY contact_id";
const STAGE_IDS: &str = "SELECT id FROM contacts WHERE stage = ?1 ORDER BY id";

/// From one tag to the next along their index, a step per tag rather than per person.
const TAGS_IN_USE: &str = "WITH RECURSIVE menu (tag) AS (
        SELECT (SELECT min(tag) FROM contact_tags)
        UNION ALL
        SELECT (SELECT min(tag) FROM contact_tags WHERE tag > menu.tag)
        FROM menu WHERE menu.tag IS NOT NULL
    )
    SELECT tag FROM menu WHERE tag IS NOT NULL";

fn json(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

fn json_column(row: &Row, name: &str) -> rusqlite::Result<Vec<String>> {
    let text: String = row.get(name)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn contact_from_row(row: &Row) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: row.get("id")?,
        full_name: row.get("full_name")?,
        role: row.get("role")?,
        organization_id: row.get("organization_id")?,
        organization: row.get("organization")?,
        industry: row.get("industry")?,
        location: row.get("location")?,
        emails: json_column(row, "emails")?,
        phone: row.get("phone")?,
        phone_ext: row.get("phone_ext")?,
        work_address: row.get("work_address")?,
        profile_url: row.get("profile_url")?,
        source: row.get("source")?,
        referred_by_id: row.get("referred_by_id")?,
        in_common: row.get("in_common")?,
        tags: json_column(row, "tags")?,
        notes: row.get("notes")?,
        stage: row.get("stage")?,
        checkin_months: row.get("checkin_months")?,
        checkin_paused: row.get("checkin_paused")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_read_with_the_extension_written_after_it() {
        let parts = phone_parts;
        let both = |n: &str, e: &str| Some((n.to_string(), e.to_string()));
        assert_eq!(parts("+1 415 555 0134"), both("+1 415 555 0134", ""));
        assert_eq!(parts(" (415) 555-0134 x12 "), both("(415) 555-0134", "12"));
        assert_eq!(
            parts("+1 415 555 0134 Ext. 345"),
            both("+1 415 555 0134", "345")
        );
        assert_eq!(
            parts("+1 415 555 0134, extension 7"),
            both("+1 415 555 0134", "7")
        );
        assert_eq!(parts("+14155550134;ext=99"), both("+14155550134", "99"));
        assert_eq!(parts("020 7946 0958 #2"), both("020 7946 0958", "2"));
        assert_eq!(parts("call after six"), None);
        assert_eq!(parts("PO Box 12"), None);
        assert_eq!(parts("x12"), None);
        assert_eq!(parts("+1 415 555 0134 x"), None);
        assert_eq!(parts("+1 415 555 0134 x12345678901"), None);
        // The form takes a number with its extension as typed, or apart, and nothing else.
        let takes = |phone: &str, phone_ext: &str| {
            validate(ContactInput {
                full_name: "Ana".into(),
                phone: phone.into(),
                phone_ext: phone_ext.into(),
                ..Default::default()
            })
            .is_ok()
        };
        for s in [
            "+1 (415) 555-0134 x12",
            "555 0134",
            "1-800-FLOWERS",
            "12 x 3",
            "call after six",
        ] {
            assert_eq!(takes(s, ""), phone_parts(s).is_some(), "{s}");
            if let Some((number, ext)) = phone_parts(s) {
                assert!(takes(&number, &ext), "{s}");
            }
        }
        assert!(takes("+1 (415) 555-0134 x12", ""));
        assert!(!takes("1-800-FLOWERS", ""));
        // The same extension in both places is kept once, in its field; another stays.
        let kept = |phone: &str, phone_ext: &str| {
            let c = validate(ContactInput {
                full_name: "Ana".into(),
                phone: phone.into(),
                phone_ext: phone_ext.into(),
                ..Default::default()
            })
            .unwrap();
            (c.phone, c.phone_ext)
        };
        let pair = |n: &str, e: &str| (n.to_string(), e.to_string());
        assert_eq!(kept("555 0134 x12", "12"), pair("555 0134", "12"));
        assert_eq!(kept("555 0134 x12", "34"), pair("555 0134 x12", "34"));
        assert_eq!(kept("555 0134 x12", ""), pair("555 0134 x12", ""));
    }

    /// The tag menu steps from tag to tag, and a tag's or a stage's people are listed by
    /// id along an index: none of them reads every person or sorts.
    #[test]
    fn the_filters_read_their_indexes() {
        for (sql, index) in [
            (TAGS_IN_USE, "contact_tags_tag"),
            (TAG_IDS, "contact_tags_tag"),
            (STAGE_IDS, "contacts_stage"),
        ] {
            let plan = crate::store::query_plan(sql);
            assert!(
                plan.iter().any(|step| step.contains(index))
                    && plan.iter().all(|step| !step.starts_with("SCAN contact"))
                    && plan.iter().all(|step| !step.contains("TEMP B-TREE")),
                "{sql}: {plan:#?}"
            );
        }
    }

    /// Many meeting two filters, their page is found walking either order along its
    /// index, never by sorting everyone.
    #[test]
    fn each_order_is_walked_along_its_index() {
        for sort in [Sort::Name, Sort::LastInteraction] {
            let sql = format!("SELECT c.id FROM contacts c ORDER BY {}", sort.order());
            let plan = crate::store::query_plan(&sql);
            assert!(
                plan.iter().all(|step| !step.contains("TEMP B-TREE")),
                "{sql}: {plan:#?}"
            );
        }
    }

    fn named(name: &str) -> ContactInput {
        ContactInput {
            full_name: name.into(),
            ..Default::default()
        }
    }

    fn fields(err: Error) -> Vec<&'static str> {
        match err {
            Error::Invalid(fields) => fields.into_iter().map(|f| f.field).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_name_is_required() {
        assert_eq!(fields(validate(named("   ")).unwrap_err()), ["fullName"]);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let input = ContactInput {
            emails: vec!["dana@".into()],
            profile_url: "not a url".into(),
            phone: "call me".into(),
            phone_ext: "12a".into(),
            ..named("")
        };
        let mut got = fields(validate(input).unwrap_err());
        got.sort();
        assert_eq!(
            got,
            ["emails", "fullName", "phone", "phoneExt", "profileUrl"]
        );
    }

    #[test]
    fn email_shapes() {
        for good in [
            "dana@example.com",
            "d.reyes+jobs@mail.example.co.uk",
            "zoë@exämple.org",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "dana",
            "dana@",
            "@example.com",
            "dana@example",
            "da na@example.com",
            "a@b@example.com",
            "dana@-example.com",
            "dana@example..com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn input_is_trimmed_and_lists_deduplicated() {
        let input = ContactInput {
            emails: vec![
                " dana@example.com ".into(),
                "".into(),
                "DANA@example.com".into(),
            ],
            tags: vec!["Logistics".into(), "logistics".into(), " alumni ".into()],
            profile_url: "linkedin.com/in/dana".into(),
            ..named("  Dana Reyes ")
        };
        let c = validate(input).unwrap();
        assert_eq!(c.full_name, "Dana Reyes");
        assert_eq!(c.emails, ["dana@example.com"]);
        assert_eq!(c.tags, ["Logistics", "alumni"]);
        assert_eq!(c.profile_url, "https://linkedin.com/in/dana");
    }

    #[test]
    fn only_web_and_email_links_leave_the_app() {
        assert_eq!(
            external_link("mailto:dana@northwind.example").unwrap(),
            "mailto:dana@northwind.example"
        );
        assert!(external_link("mailto:zo%C3%AB@ex%C3%A4mple.org").is_ok());
        assert!(external_link("mailto:dana@northwind.example?subject=Thanks&body=Hi%0A").is_ok());
        assert!(external_link("https://www.linkedin.com/in/dana").is_ok());
        assert!(external_link(" http://example.com/x ").is_ok());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "mailto:not-an-address",
            "mailto:a@b.example?bcc=x@y.example&body=hi%0A",
            "ftp://example.com",
            "vscode://open",
            "https://",
            "",
        ] {
            assert!(external_link(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls_need_a_real_host() {
        assert_eq!(normalize_url("ftp://example.com"), None);
        assert_eq!(normalize_url("https://localhost"), None);
        assert!(normalize_url("http://example.com/x").is_some());
    }
}
