//! A person as the address book holds them, and back: the fields a card and Rapport share,
//! the card written for the server (keeping what other apps put on it), and the three-way
//! merge that tells which side changed what since the two last agreed.

use calcard::vcard::{VCard, VCardEntry, VCardProperty, VCardValue, VCardVersion};
use calcard::{Entry, Parser};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::contacts::{self, Contact, ContactInput};
use crate::error::Error;
use crate::exchange::import::Candidate;
use crate::exchange::vcard;
use crate::text;

/// What Rapport and a card both hold of a person. Stage, source, who referred them and
/// the check-in rhythm are Rapport's alone and stay in the log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Fields {
    pub name: String,
    pub organization: String,
    pub role: String,
    pub emails: Vec<String>,
    pub phone: String,
    pub profile_url: String,
    pub work_address: String,
    pub notes: String,
    pub tags: Vec<String>,
    /// Rapport's own, carried as X-RAPPORT- properties other apps may drop.
    pub location: String,
    pub industry: String,
    pub in_common: String,
    pub phone_ext: String,
}

/// One field's name for the timeline, and how to read and write it as text.
pub(crate) struct Field {
    pub label: &'static str,
    /// Kept only in Rapport's own properties: a card without them says nothing of it.
    own: bool,
    get: fn(&Fields) -> String,
    set: fn(&mut Fields, &Fields),
}

macro_rules! field {
    ($label:literal, $name:ident, $own:literal, text) => {
        Field {
            label: $label,
            own: $own,
            get: |f| f.$name.clone(),
            set: |to, from| to.$name = from.$name.clone(),
        }
    };
    ($label:literal, $name:ident, list) => {
        Field {
            label: $label,
            own: false,
            get: |f| f.$name.join(", "),
            set: |to, from| to.$name = from.$name.clone(),
        }
    };
}

pub(crate) const FIELDS: [Field; 13] = [
    field!("Name", name, false, text),
    field!("Organization", organization, false, text),
    field!("Role", role, false, text),
    field!("Email", emails, list),
    field!("Phone", phone, false, text),
    field!("Profile link", profile_url, false, text),
    field!("Work address", work_address, false, text),
    field!("Notes", notes, false, text),
    field!("Tags", tags, list),
    field!("Location", location, true, text),
    field!("Industry", industry, true, text),
    field!("In common", in_common, true, text),
    // After the number, where every address book keeps it.
    field!("Phone extension", phone_ext, false, text),
];

impl Field {
    pub fn text(&self, f: &Fields) -> String {
        (self.get)(f)
    }
}

impl Fields {
    /// The contact as its card reads back: an extension written after the number, with
    /// none in its own field, is apart as a card read gives it.
    pub fn of(c: &Contact) -> Fields {
        let (phone, phone_ext) = match contacts::phone_parts(&c.phone) {
            Some((number, ext)) if c.phone_ext.is_empty() && !ext.is_empty() => (number, ext),
            _ => (c.phone.clone(), c.phone_ext.clone()),
        };
        Fields {
            name: c.full_name.clone(),
            organization: c.organization.clone(),
            role: c.role.clone(),
            emails: c.emails.clone(),
            phone,
            profile_url: c.profile_url.clone(),
            work_address: c.work_address.clone(),
            notes: c.notes.clone(),
            tags: c.tags.clone(),
            location: c.location.clone(),
            industry: c.industry.clone(),
            in_common: c.in_common.clone(),
            phone_ext,
        }
    }

    /// What Rapport reads of a card.
    fn on(person: Candidate) -> Fields {
        Fields {
            name: person.full_name,
            organization: person.organization,
            role: person.role,
            emails: person.emails,
            phone: person.phone,
            profile_url: person.profile_url,
            work_address: person.work_address,
            notes: person.notes,
            tags: person.tags,
            location: person.location,
            industry: person.industry,
            in_common: person.in_common,
            phone_ext: person.phone_ext,
        }
    }

    /// The contact's form with these fields in it; the rest as the contact has it.
    pub fn into_input(self, c: Option<&Contact>) -> ContactInput {
        let mut input = c.map(ContactInput::from).unwrap_or_default();
        input.full_name = self.name;
        input.organization = self.organization;
        input.role = self.role;
        input.emails = self.emails;
        input.phone = self.phone;
        input.profile_url = self.profile_url;
        input.work_address = self.work_address;
        input.notes = self.notes;
        input.tags = self.tags;
        input.location = self.location;
        input.industry = self.industry;
        input.in_common = self.in_common;
        input.phone_ext = self.phone_ext;
        input
    }
}

/// A card as the server sent it.
pub(crate) struct ServerCard {
    pub uid: String,
    pub fields: Fields,
    /// Whether Rapport's own properties are on it (another app may have dropped them).
    pub has_own: bool,
    /// When it was last changed, when the card says (REV).
    pub revised: Option<DateTime<Utc>>,
}

/// The card in `text`, or None when it is not one.
pub(crate) fn read(text: &str) -> Option<ServerCard> {
    let card = parse(text)?;
    let person = vcard::person_on(&card);
    let uid = first_text(&card, &VCardProperty::Uid).unwrap_or_default();
    let has_own = card
        .entries
        .iter()
        .any(|e| matches!(&e.name, VCardProperty::Other(n) if n.starts_with("X-RAPPORT-")));
    let revised = card
        .properties(&VCardProperty::Rev)
        .next()
        .and_then(|e| e.values.first())
        .and_then(|v| match v {
            VCardValue::PartialDateTime(at) => at
                .to_timestamp()
                .and_then(|t| DateTime::from_timestamp(t, 0)),
            other => other.as_text().and_then(revision),
        });
    Some(ServerCard {
        uid,
        has_own,
        revised,
        fields: Fields::on(person),
    })
}

fn parse(text: &str) -> Option<VCard> {
    let mut parser = Parser::new(text);
    loop {
        match parser.entry() {
            Entry::VCard(card) => return Some(card),
            Entry::Eof => return None,
            _ => {}
        }
    }
}

fn first_text(card: &VCard, prop: &VCardProperty) -> Option<String> {
    card.properties(prop)
        .next()
        .and_then(|e| e.values.first())
        .and_then(|v| v.as_text().map(str::to_string))
}

/// REV as vCard 3.0 and 4.0 write it: 2026-11-23T10:00:00Z or 20261123T100000Z.
fn revision(text: &str) -> Option<DateTime<Utc>> {
    let compact: String = text.chars().filter(|c| !matches!(c, '-' | ':')).collect();
    let compact = compact.trim_end_matches('Z');
    NaiveDateTime::parse_from_str(compact, "%Y%m%dT%H%M%S")
        .ok()
        .map(|t| t.and_utc())
}

/// The card to send for `contact`: Rapport's fields written as the export writes them, and
/// from the card the server last had, everything Rapport does not keep (photos, birthdays,
/// a second phone or address, an address it cannot read, Google's own groups, a value too
/// long for the contact form), so syncing never strips what the phone added. A value
/// unchanged here stays as the phone wrote it, with its labels (mobile, work) and parts (a
/// title before the name, a department, an address's town and postcode).
///
/// `last` is the card the server last had, with what the log held when the two last
/// agreed: of a list the card keeps (phones, links, addresses), the value Rapport held is
/// the one it writes anew.
pub(crate) fn write(
    contact: &Contact,
    uid: &str,
    last: Option<(&str, &Fields)>,
    now: DateTime<Utc>,
) -> String {
    let mut card = vcard::card(contact, uid);
    card.entries.push(
        VCardEntry::new(VCardProperty::Rev)
            .with_value(now.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
    );
    if let Some((old, held)) = last.and_then(|(card, held)| Some((parse(card)?, held))) {
        let read = Fields::on(vcard::person_on(&old));
        let theirs = left_as_written(&read);
        card.entries.retain(|e| !theirs.contains(&e.name));
        // Of a name, an organization and a title, Rapport reads the first; another (a
        // card may have two) stays as it is.
        let mut seen = Vec::new();
        let (mut old, others): (Vec<VCardEntry>, Vec<VCardEntry>) =
            old.entries.into_iter().partition(|e| {
                let one_of_a_kind = matches!(
                    e.name,
                    VCardProperty::Fn
                        | VCardProperty::N
                        | VCardProperty::Org
                        | VCardProperty::Title
                );
                if !one_of_a_kind {
                    return true;
                }
                let first = !seen.contains(&e.name);
                seen.push(e.name.clone());
                first
            });
        for own in &mut card.entries {
            let unchanged = old
                .iter()
                .position(|e| holds_the_same(e, own, &read, contact));
            if let Some(i) = unchanged {
                let mut theirs = old.remove(i);
                if theirs.name == VCardProperty::Tel {
                    add_extension(&mut theirs, &contact.phone_ext);
                }
                *own = theirs;
            }
        }
        let kept = old.into_iter().filter_map(|e| {
            if theirs.contains(&e.name) {
                Some(e)
            } else {
                not_rapports(e, held)
            }
        });
        card.entries.extend(kept.chain(others));
    }
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = card.write_to(&mut out, VCardVersion::V3_0);
    out
}

/// A phone's entry for the number Rapport holds, with `ext` after the number where it has
/// none, so the phone shows and dials it; its labels stay.
fn add_extension(tel: &mut VCardEntry, ext: &str) {
    let Some(VCardValue::Text(number)) = tel.values.first_mut() else {
        return;
    };
    let has_one = contacts::phone_parts(number.trim_start_matches("tel:"))
        .is_none_or(|(_, theirs)| !theirs.is_empty());
    if ext.is_empty() || has_one {
        return;
    }
    *number = if number.starts_with("tel:") {
        format!("{number};ext={ext}")
    } else {
        vcard::tel_value(number, ext)
    };
}

/// The properties of a card whose value the contact form refuses (a note longer than it
/// takes): Rapport never held that value, so it writes none of its own in their place and
/// they stay as the phone wrote them. A list (phones, emails, labels) keeps each such value
/// on its own, in `not_rapports`.
fn left_as_written(read: &Fields) -> Vec<VCardProperty> {
    let Err(Error::Invalid(errors)) = contacts::validate(read.clone().into_input(None)) else {
        return Vec::new();
    };
    let own = |name: &str| vec![VCardProperty::Other(name.into())];
    errors
        .iter()
        .flat_map(|e| match e.field {
            // A card without a name gets Rapport's.
            "fullName" if !read.name.is_empty() => vec![VCardProperty::Fn, VCardProperty::N],
            "organization" => vec![VCardProperty::Org],
            "role" => vec![VCardProperty::Title],
            "workAddress" => vec![VCardProperty::Adr],
            "profileUrl" => vec![VCardProperty::Url],
            "notes" => vec![VCardProperty::Note],
            "location" => own(vcard::X_LOCATION),
            "industry" => own(vcard::X_INDUSTRY),
            "inCommon" => own(vcard::X_IN_COMMON),
            "phoneExt" => own(vcard::X_PHONE_EXT),
            _ => Vec::new(),
        })
        .collect()
}

/// Whether the server's entry `old` says what Rapport's `own` says, as Rapport reads it.
fn holds_the_same(old: &VCardEntry, own: &VCardEntry, read: &Fields, contact: &Contact) -> bool {
    if old.name != own.name {
        return false;
    }
    let first = |e: &VCardEntry| {
        e.values
            .first()
            .and_then(|v| v.as_text())
            .map(text::line)
            .unwrap_or_default()
    };
    match &own.name {
        VCardProperty::Fn | VCardProperty::Org | VCardProperty::Title => first(old) == first(own),
        // The name's parts, while the name is as the card had it.
        VCardProperty::N => read.name == contact.full_name,
        // The same number; one written before Rapport put the extension after it too.
        VCardProperty::Tel => {
            let (theirs, ours) = (first(old), first(own));
            let theirs = theirs.trim_start_matches("tel:");
            theirs == ours
                || match (contacts::phone_parts(theirs), contacts::phone_parts(&ours)) {
                    (Some((number, ext)), Some((our_number, our_ext))) => {
                        number == our_number && (ext == our_ext || ext.is_empty())
                    }
                    _ => false,
                }
        }
        VCardProperty::Email => vcard::email_address(&first(old)) == first(own),
        VCardProperty::Url => contacts::normalize_url(&first(old)).as_deref() == Some(&first(own)),
        VCardProperty::Adr => {
            !vcard::is_home_address(old) && vcard::address_of(old) == vcard::address_of(own)
        }
        _ => false,
    }
}

/// What of an entry of the server's card Rapport does not write anew: all of it, none of
/// it (its own fields, the card's bookkeeping, and the one phone, link and work address it
/// `held` of that card), or of a list, the values Rapport does not read.
fn not_rapports(e: VCardEntry, held: &Fields) -> Option<VCardEntry> {
    let value = || {
        e.values
            .first()
            .and_then(|v| v.as_text())
            .unwrap_or_default()
            .trim()
            .trim_start_matches("tel:")
            .to_string()
    };
    let rapports = match &e.name {
        VCardProperty::Begin
        | VCardProperty::End
        | VCardProperty::Version
        | VCardProperty::Uid
        | VCardProperty::Rev
        | VCardProperty::Prodid
        | VCardProperty::Fn
        | VCardProperty::N
        | VCardProperty::Org
        | VCardProperty::Title
        | VCardProperty::Note => true,
        VCardProperty::Other(name) => name.starts_with("X-RAPPORT-"),
        // An address the log cannot hold was never read: it stays as the phone wrote it.
        VCardProperty::Email => {
            let address = vcard::email_address(&value());
            address.is_empty() || contacts::is_email(&address)
        }
        // Google's own groups, and a label too long for a tag, stay as the phone wrote them.
        VCardProperty::Categories => {
            let theirs: Vec<VCardValue> = e
                .values
                .iter()
                .filter(|v| {
                    v.as_text().is_some_and(|t| {
                        vcard::is_their_group(t) || !contacts::holds_tag(&text::line(t))
                    })
                })
                .cloned()
                .collect();
            return (!theirs.is_empty()).then_some(VCardEntry {
                values: theirs,
                ..e
            });
        }
        // Rapport keeps one of each; the others stay as the phone wrote them, as does a
        // number the log cannot hold ("call after six"). Rapport's is as it writes it, or
        // as it was before it wrote the extension after the number.
        VCardProperty::Tel => {
            let value = value();
            [
                held.phone.clone(),
                vcard::tel_value(&held.phone, &held.phone_ext),
            ]
            .contains(&value)
                && contacts::phone_parts(&value).is_some()
        }
        VCardProperty::Url => value() == held.profile_url,
        VCardProperty::Adr => {
            !vcard::is_home_address(&e) && vcard::address_of(&e) == held.work_address
        }
        _ => false,
    };
    (!rapports).then_some(e)
}

/// One field both sides changed differently since they last agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Conflict {
    pub field: &'static str,
    /// Where the value that was not kept was written.
    pub lost_side: Side,
    pub from: String,
    pub lost: String,
    pub kept: String,
    pub reason: Reason,
}

/// Why a value was not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    /// The other side's change was newer.
    Older,
    /// The contact form refuses it (a "phone number" of words).
    Refused,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Older => "older",
            Reason::Refused => "refused",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Server,
    Here,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Server => "server",
            Side::Here => "here",
        }
    }
}

/// The server's `fields` as changes since the card `last` agreed with the log's `base`: a
/// field the card still holds as it did then reads as `base` holds it, so what the log
/// never held of it (a number beside a phone cleared here, a note too long for the log) is
/// not taken for a change made on the phone.
pub(crate) fn changed_since(fields: &Fields, last: &str, base: &Fields) -> Fields {
    let Some(last) = read(last) else {
        return fields.clone();
    };
    let mut out = fields.clone();
    for f in &FIELDS {
        if (f.get)(fields) == (f.get)(&last.fields) {
            (f.set)(&mut out, base);
        }
    }
    out
}

/// The fields after both sides' changes since `base`: a field changed on one side takes
/// that side's value; changed on both to different values, the newer side's, and the other
/// is told as a conflict. A card without Rapport's own properties leaves those as they are.
pub(crate) fn merge(
    base: &Fields,
    here: &Fields,
    server: &ServerCard,
    server_is_newer: bool,
) -> (Fields, Vec<Conflict>) {
    let mut out = here.clone();
    let mut conflicts = Vec::new();
    for f in &FIELDS {
        if f.own && !server.has_own {
            continue;
        }
        let (b, h, s) = ((f.get)(base), (f.get)(here), (f.get)(&server.fields));
        let server_changed = s != b;
        let here_changed = h != b;
        if !server_changed || s == h {
            continue;
        }
        if !here_changed || server_is_newer {
            (f.set)(&mut out, &server.fields);
        }
        if here_changed {
            let (lost_side, lost, kept) = if server_is_newer {
                (Side::Here, h, s)
            } else {
                (Side::Server, s, h)
            };
            conflicts.push(Conflict {
                field: f.label,
                lost_side,
                from: b,
                lost,
                kept,
                reason: Reason::Older,
            });
        }
    }
    (out, conflicts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(fields: Fields) -> ServerCard {
        ServerCard {
            uid: "x".into(),
            fields,
            has_own: true,
            revised: None,
        }
    }

    fn person(phone: &str, role: &str) -> Fields {
        Fields {
            name: "Ana Lima".into(),
            phone: phone.into(),
            role: role.into(),
            ..Default::default()
        }
    }

    #[test]
    fn each_side_keeps_its_own_changes() {
        let base = person("1", "Analyst");
        let here = person("1", "Lead");
        let (out, conflicts) = merge(&base, &here, &server(person("2", "Analyst")), true);
        assert_eq!(out, person("2", "Lead"));
        assert!(conflicts.is_empty());
    }

    #[test]
    fn a_field_changed_on_both_sides_keeps_the_newer_and_tells_the_other() {
        let base = person("1", "Analyst");
        let here = person("3", "Analyst");
        let (out, conflicts) = merge(&base, &here, &server(person("2", "Analyst")), false);
        assert_eq!(out.phone, "3");
        assert_eq!(
            conflicts,
            vec![Conflict {
                field: "Phone",
                lost_side: Side::Server,
                from: "1".into(),
                lost: "2".into(),
                kept: "3".into(),
                reason: Reason::Older,
            }]
        );
        let (out, conflicts) = merge(&base, &here, &server(person("2", "Analyst")), true);
        assert_eq!(out.phone, "2");
        assert_eq!(conflicts[0].lost_side, Side::Here);
        assert_eq!(conflicts[0].lost, "3");
    }

    #[test]
    fn a_card_that_lost_rapports_own_properties_changes_none_of_them() {
        let mut base = person("1", "Analyst");
        base.industry = "Energy".into();
        let mut card = server(person("1", "Analyst"));
        card.has_own = false;
        let (out, _) = merge(&base, &base, &card, true);
        assert_eq!(out.industry, "Energy");
    }

    fn contact_of(fields: Fields) -> Contact {
        let db = crate::store::Db::open_in_memory().unwrap();
        let id = crate::contacts::insert(db.conn(), fields.into_input(None), Utc::now()).unwrap();
        crate::contacts::get(db.conn(), id).unwrap()
    }

    fn contact_with(address: &str) -> Contact {
        contact_of(Fields {
            name: "Ana Lima".into(),
            work_address: address.into(),
            ..Default::default()
        })
    }

    fn lines<'a>(card: &'a str, property: &str) -> Vec<&'a str> {
        card.lines()
            .filter(|l| l.split([':', ';']).next() == Some(property))
            .collect()
    }

    #[test]
    fn what_rapport_does_not_read_stays_on_the_card_and_reads_back_the_same() {
        let server = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nN:Lima;Ana;;Dr.;\r\n\
            ORG:Acme;Research;Lab 4\r\nTITLE:Analyst\r\n\
            item1.TEL;TYPE=CELL:+351 912 345 678\r\nitem1.X-ABLabel:_$!<Mobile>!$_\r\n\
            EMAIL;TYPE=INTERNET,WORK:ana@acme.example\r\nEMAIL:ana@intranet\r\n\
            ADR;TYPE=WORK:;;2 Office Rd;Porto;;4000;Portugal\r\n\
            CATEGORIES:myContacts,Friends,starred\r\nEND:VCARD\r\n";
        let fields = read(server).unwrap().fields;
        assert_eq!(fields.organization, "Acme");
        assert_eq!(fields.emails, ["ana@acme.example"]);
        assert_eq!(fields.tags, ["Friends"]);

        // A new role here: the rest goes back as the phone wrote it.
        let changed = Fields {
            role: "Lead analyst".into(),
            ..fields.clone()
        };
        let sent = write(
            &contact_of(changed.clone()),
            "x",
            Some((server, &fields)),
            Utc::now(),
        );
        assert_eq!(lines(&sent, "N"), ["N:Lima;Ana;;Dr.;"], "{sent}");
        assert_eq!(lines(&sent, "ORG"), ["ORG:Acme;Research;Lab 4"]);
        assert_eq!(lines(&sent, "TITLE"), ["TITLE:Lead analyst"]);
        assert_eq!(
            lines(&sent, "item1.TEL"),
            ["item1.TEL;TYPE=CELL:+351 912 345 678"]
        );
        assert_eq!(lines(&sent, "TEL"), Vec::<&str>::new());
        assert_eq!(lines(&sent, "item1.X-ABLabel").len(), 1);
        assert_eq!(
            lines(&sent, "ADR"),
            ["ADR;TYPE=WORK:;;2 Office Rd;Porto;;4000;Portugal"]
        );
        let mut emails = lines(&sent, "EMAIL");
        emails.sort();
        assert_eq!(
            emails,
            [
                "EMAIL:ana@intranet",
                "EMAIL;TYPE=INTERNET,WORK:ana@acme.example"
            ]
        );
        let mut categories = lines(&sent, "CATEGORIES");
        categories.sort();
        assert_eq!(
            categories,
            ["CATEGORIES:Friends", "CATEGORIES:myContacts,starred"]
        );
        // The next sync reads what it sent: nothing to merge, nothing to send again.
        assert_eq!(read(&sent).unwrap().fields, changed);

        // Changed here, a value is Rapport's: the department went with the old organization,
        // the name's parts with the old name, the mobile label with the old number.
        let held = fields.clone();
        let moved = Fields {
            name: "Ana Lima Costa".into(),
            organization: "Globex".into(),
            phone: "+351 220 000 000".into(),
            ..fields
        };
        let sent = write(
            &contact_of(moved.clone()),
            "x",
            Some((server, &held)),
            Utc::now(),
        );
        assert_eq!(lines(&sent, "ORG"), ["ORG:Globex"], "{sent}");
        assert_eq!(lines(&sent, "N"), ["N:Costa;Ana Lima;;;"]);
        assert_eq!(lines(&sent, "TEL"), ["TEL:+351 220 000 000"]);
        assert_eq!(lines(&sent, "item1.TEL"), Vec::<&str>::new());
        assert_eq!(read(&sent).unwrap().fields, moved);
    }

    #[test]
    fn a_home_address_stays_on_the_card_and_the_work_one_is_rapports() {
        let home_only = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\n\
            ADR;TYPE=HOME:;;1 Home St;Lisbon;;1000;Portugal\r\nEND:VCARD\r\n";
        assert_eq!(read(home_only).unwrap().fields.work_address, "");
        let held = read(home_only).unwrap().fields;
        let sent = write(&contact_with(""), "x", Some((home_only, &held)), Utc::now());
        assert_eq!(
            lines(&sent, "ADR"),
            ["ADR;TYPE=HOME:;;1 Home St;Lisbon;;1000;Portugal"]
        );

        let both = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\n\
            ADR;TYPE=HOME:;;1 Home St;Lisbon;;1000;Portugal\r\n\
            ADR;TYPE=WORK:;;2 Office Rd;Porto;;4000;Portugal\r\nEND:VCARD\r\n";
        let read_work = read(both).unwrap().fields.work_address;
        assert_eq!(read_work, "2 Office Rd\n4000 Porto\nPortugal");
        let sent = write(
            &contact_with("9 New Ave\nBraga"),
            "x",
            Some((both, &read(both).unwrap().fields)),
            Utc::now(),
        );
        let adr = lines(&sent, "ADR");
        assert_eq!(adr.len(), 2, "{sent}");
        assert!(adr
            .iter()
            .any(|a| a.contains("1 Home St") && a.contains("HOME")));
        assert!(adr
            .iter()
            .any(|a| a.contains("9 New Ave") && a.contains("WORK")));
    }

    #[test]
    fn a_number_the_log_cannot_hold_stays_on_the_card_even_when_preferred() {
        let server = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\n\
            TEL;TYPE=HOME,pref:call after six\r\nTEL;TYPE=CELL:+1 555 0001\r\nEND:VCARD\r\n";
        let fields = read(server).unwrap().fields;
        assert_eq!(fields.phone, "+1 555 0001");
        let sent = write(
            &contact_of(fields.clone()),
            "x",
            Some((server, &fields)),
            Utc::now(),
        );
        assert_eq!(
            lines(&sent, "TEL"),
            [
                "TEL;TYPE=CELL:+1 555 0001",
                "TEL;TYPE=HOME,pref:call after six"
            ],
            "{sent}"
        );
        assert_eq!(read(&sent).unwrap().fields, fields);

        // A number with its extension: the extension is the log's field, and the number
        // goes back as the phone wrote it.
        let extension = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\n\
            TEL;TYPE=WORK:+1 555 0001 ext. 12\r\nEND:VCARD\r\n";
        let fields = read(extension).unwrap().fields;
        assert_eq!(
            (fields.phone.as_str(), fields.phone_ext.as_str()),
            ("+1 555 0001", "12")
        );
        let sent = write(
            &contact_of(fields.clone()),
            "x",
            Some((extension, &fields)),
            Utc::now(),
        );
        assert_eq!(lines(&sent, "TEL"), ["TEL;TYPE=WORK:+1 555 0001 ext. 12"]);

        // The only number is words: the log has none, and the card keeps them.
        let words = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\n\
            TEL:call after six\r\nEND:VCARD\r\n";
        let held = read(words).unwrap().fields;
        let sent = write(&contact_with(""), "x", Some((words, &held)), Utc::now());
        assert_eq!(lines(&sent, "TEL"), ["TEL:call after six"]);
    }

    #[test]
    fn an_extension_goes_after_the_number_where_the_phone_dials_it() {
        let ana = Fields {
            name: "Ana Lima".into(),
            phone: "+1 555 0100".into(),
            phone_ext: "12".into(),
            ..Default::default()
        };
        let sent = write(&contact_of(ana.clone()), "x", None, Utc::now());
        assert_eq!(lines(&sent, "TEL"), ["TEL:+1 555 0100 x12"], "{sent}");
        assert!(lines(&sent, "X-RAPPORT-PHONE-EXT").is_empty(), "{sent}");
        assert_eq!(read(&sent).unwrap().fields, ana);

        // The phone changes the extension, takes it off, or gives a new number without
        // one: that is what the next sync reads.
        for (on_phone, number, ext) in [
            ("+1 555 0100 x34", "+1 555 0100", "34"),
            ("+1 555 0100", "+1 555 0100", ""),
            ("+1 555 0200", "+1 555 0200", ""),
        ] {
            let edited = sent.replace("TEL:+1 555 0100 x12", &format!("TEL:{on_phone}"));
            let back = read(&edited).unwrap().fields;
            assert_eq!(
                (back.phone.as_str(), back.phone_ext.as_str()),
                (number, ext)
            );
        }

        // A card written before the extension went after the number has it in Rapport's
        // own property only. A new number here replaces the old one, extension and all.
        let before = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nTEL;TYPE=WORK:+1 555 0100\r\n\
            TEL;TYPE=CELL:+1 555 0199\r\nX-RAPPORT-PHONE-EXT:12\r\nEND:VCARD\r\n";
        assert_eq!(read(before).unwrap().fields.phone_ext, "12");
        let same = write(
            &contact_of(ana.clone()),
            "x",
            Some((before, &ana)),
            Utc::now(),
        );
        assert_eq!(
            lines(&same, "TEL"),
            ["TEL;TYPE=WORK:+1 555 0100 x12", "TEL;TYPE=CELL:+1 555 0199"],
            "the extension goes after the number, and the label stays"
        );
        for last in [before, sent.as_str()] {
            let moved = Fields {
                phone: "+1 555 0200".into(),
                ..ana.clone()
            };
            let again = write(
                &contact_of(moved.clone()),
                "x",
                Some((last, &ana)),
                Utc::now(),
            );
            let mut tels = lines(&again, "TEL");
            tels.retain(|t| !t.contains("0199"));
            assert_eq!(tels, ["TEL:+1 555 0200 x12"], "{again}");
            assert_eq!(read(&again).unwrap().fields, moved);
        }

        // A number with an extension of its own after it reads back as sync sees the
        // person, with or without another in its field: nothing to send again.
        for (phone, ext) in [("+1 555 0100 x34", ""), ("+1 555 0100 x34", "12")] {
            let c = contact_of(Fields {
                phone: phone.into(),
                phone_ext: ext.into(),
                ..ana.clone()
            });
            let sent = write(&c, "x", None, Utc::now());
            assert_eq!(read(&sent).unwrap().fields, Fields::of(&c), "{sent}");
        }
    }

    /// A card as phones and other apps write them: what Rapport reads, and what it leaves.
    fn any_card() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pick = |pool: &'static [&'static str]| {
            proptest::collection::vec(proptest::sample::select(pool), 0..3)
        };
        (
            proptest::sample::select(&["Ana Lima", "Zoë Ó Briain", "李 小龙", "Jon"][..]),
            pick(&[
                "N:Lima;Ana;;Dr.;",
                "ORG:Acme;Research",
                "ORG:Acme",
                "TITLE:Analyst",
            ]),
            pick(&[
                "TEL;TYPE=CELL:+1 555 0100",
                "TEL;TYPE=WORK,pref:+1 555 0101 x12",
                "TEL:call after six",
                "item1.TEL:+44 20 7946 0958",
                "TEL;VALUE=uri:tel:+1-555-0102",
            ]),
            pick(&[
                "EMAIL;TYPE=INTERNET,WORK:ana@acme.example",
                "EMAIL;TYPE=pref:ana@home.example",
                "EMAIL:ana@intranet",
                "EMAIL:mailto:ana@mail.example",
            ]),
            pick(&[
                "URL:linkedin.com/in/ana",
                "URL:https://ana.example/blog",
                "URL:not a link",
                "ADR;TYPE=WORK:;;2 Office Rd;Porto;;4000;Portugal",
                "ADR;TYPE=HOME:;;1 Home St;Lisbon;;1000;Portugal",
                "ADR:;;3 Quay;Dublin;;D02;Ireland",
            ]),
            pick(&[
                "NOTE:Met at the summit",
                "CATEGORIES:myContacts,Friends",
                "CATEGORIES:Mentors",
                "BDAY:1990-04-01",
                "item1.X-ABLabel:_$!<Mobile>!$_",
                "X-RAPPORT-INDUSTRY:Energy",
                "X-RAPPORT-PHONE-EXT:12",
                "NOTE:A long one",
            ]),
        )
            .prop_map(|(name, a, b, c, d, e)| {
                let mut card = vec!["BEGIN:VCARD", "VERSION:3.0"];
                let fn_line = format!("FN:{name}");
                card.push(&fn_line);
                for line in a.iter().chain(&b).chain(&c).chain(&d).chain(&e) {
                    card.push(line);
                }
                card.push("END:VCARD");
                card.join("\r\n") + "\r\n"
            })
    }

    proptest::proptest! {
        /// Whatever a card holds, a sync that writes it back from the person Rapport read
        /// loses none of what Rapport holds, and writing again from what it sent changes
        /// nothing: the card neither drifts nor grows from one sync to the next.
        #[test]
        fn a_card_written_back_reads_the_same_and_writing_again_changes_nothing(
            card in any_card()
        ) {
            let at = Utc::now();
            let read_first = read(&card).unwrap().fields;
            let held = crate::sync::address_book::valid(read_first.clone(), &Fields {
                name: read_first.name.clone(),
                ..Default::default()
            });
            let contact = contact_of(held.clone());
            let sent = write(&contact, "x", Some((&card, &held)), at);
            if held == read_first {
                proptest::prop_assert_eq!(read(&sent).unwrap().fields, Fields::of(&contact), "{}", sent);
            }
            let again = write(&contact, "x", Some((&sent, &held)), at);
            proptest::prop_assert_eq!(&again, &sent);

            // Nothing changed here: every entry of the card goes back as it was, but one
            // repeated, the notes (all of them in one, as Rapport holds them), the groups
            // (a list of the user's and one of the app's own), and the phone's number with
            // the extension Rapport holds put after it, its labels kept (its own property
            // for the extension goes once the extension reads back from there).
            let (before, after) = (parse(&card).unwrap(), parse(&sent).unwrap());
            let extension_after = read(&sent).unwrap().fields.phone_ext == held.phone_ext
                && lines(&sent, "X-RAPPORT-PHONE-EXT").is_empty();
            for (i, entry) in before.entries.iter().enumerate() {
                let own_extension = entry.name == VCardProperty::Other(vcard::X_PHONE_EXT.into())
                    && entry.values.first().and_then(|v| v.as_text()) == Some(held.phone_ext.as_str());
                if matches!(entry.name, VCardProperty::Categories | VCardProperty::Note)
                    || before.entries[..i].contains(entry)
                    || (own_extension && extension_after)
                {
                    continue;
                }
                let mut with_extension = entry.clone();
                if entry.name == VCardProperty::Tel && entry.values.first().and_then(|v| v.as_text()).map(|v| v.trim_start_matches("tel:")) == Some(held.phone.as_str()) {
                    add_extension(&mut with_extension, &held.phone_ext);
                }
                proptest::prop_assert!(
                    after.entries.contains(entry) || after.entries.contains(&with_extension),
                    "{:?} lost:\n{}", entry, sent
                );
            }
            let groups = |card: &VCard| {
                let mut all: Vec<String> = card
                    .properties(&VCardProperty::Categories)
                    .flat_map(|e| e.values.iter().filter_map(|v| v.as_text().map(str::to_string)))
                    .collect();
                all.sort();
                all.dedup();
                all
            };
            proptest::prop_assert_eq!(groups(&before), groups(&after));
        }
    }

    proptest::proptest! {
        /// Whatever a card holds, what the user changed here is what the next sync reads
        /// from the card Rapport wrote.
        #[test]
        fn a_card_written_after_a_change_here_reads_as_changed(
            card in any_card(),
            edit in 0..6usize,
        ) {
            let read_first = read(&card).unwrap().fields;
            let held = crate::sync::address_book::valid(read_first.clone(), &Fields {
                name: read_first.name.clone(),
                ..Default::default()
            });
            let mut changed = held.clone();
            match edit {
                0 => changed.role = "Lead".into(),
                1 => changed.phone = "+1 555 0199".into(),
                2 => changed.phone = String::new(),
                3 => changed.emails = vec!["new@acme.example".into()],
                4 => changed.organization = "Globex".into(),
                _ => changed.work_address = "9 New Ave\nBraga".into(),
            }
            let contact = contact_of(changed);
            let sent = write(&contact, "x", Some((&card, &held)), Utc::now());
            let mut back = read(&sent).unwrap().fields;
            let mut want = Fields::of(&contact);
            // The card says which address it prefers; the order is not a change.
            back.emails.sort();
            want.emails.sort();
            // With no phone here, the card's other number reads as its phone, or one the
            // log cannot hold: the next sync does not take it (below).
            if want.phone.is_empty() {
                back.phone.clear();
            }
            proptest::prop_assert_eq!(back, want, "{}", sent);

            // The phone then changes the title: the next sync reads that change alone.
            let mut edited = parse(&sent).unwrap();
            edited.entries.retain(|e| e.name != VCardProperty::Title);
            edited.entries.push(VCardEntry::new(VCardProperty::Title).with_value("Phone's title".to_string()));
            let mut edited_text = String::new();
            let _ = edited.write_to(&mut edited_text, VCardVersion::V3_0);
            let held_now = Fields::of(&contact);
            let next = changed_since(&read(&edited_text).unwrap().fields, &sent, &held_now);
            proptest::prop_assert_eq!(next, Fields { role: "Phone's title".into(), ..held_now }, "{}", edited_text);
        }
    }

    #[test]
    fn revisions_are_read_in_both_shapes() {
        let at = revision("2026-11-23T10:00:00Z").unwrap();
        assert_eq!(revision("20261123T100000Z"), Some(at));
        assert_eq!(revision("soon"), None);
    }
}
