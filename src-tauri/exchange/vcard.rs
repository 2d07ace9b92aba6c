//! Address books as vCard 2.1, 3.0 and 4.0 files, as Apple Contacts, Google Contacts and
//! Outlook write them: one file, many cards. calcard parses; this maps a card to a person.

use calcard::vcard::{
    VCard, VCardEntry, VCardParameter, VCardParameterName, VCardParameterValue, VCardProperty,
    VCardValue, VCardVersion,
};
use calcard::{Entry, Parser};

use crate::contacts::{self, Contact};
use crate::error::{Error, Result};
use crate::exchange::import::{self, Candidate};
use crate::exchange::text_file;
use crate::text;

/// Rapport's fields that vCard has no property for, kept as extensions other address
/// books ignore.
pub(crate) const X_LOCATION: &str = "X-RAPPORT-LOCATION";
pub(crate) const X_INDUSTRY: &str = "X-RAPPORT-INDUSTRY";
pub(crate) const X_IN_COMMON: &str = "X-RAPPORT-IN-COMMON";
pub(crate) const X_PHONE_EXT: &str = "X-RAPPORT-PHONE-EXT";
const X_STAGE: &str = "X-RAPPORT-STAGE";
const X_SOURCE: &str = "X-RAPPORT-SOURCE";

/// The people of a vCard file, or why it is not one.
pub fn read(bytes: &[u8]) -> Result<Vec<Candidate>> {
    let file = text_file::text(bytes)?;
    if file.contains('\0') {
        return Err(Error::BadFile(
            "This file is not text: it holds binary data. Export your contacts as vCard \
             (.vcf) and choose that file."
                .into(),
        ));
    }
    let starts = card_lines(&file);
    if let Some(line) = unended_card(&file) {
        return Err(Error::BadFile(format!(
            "The card that starts on line {line} has no END:VCARD: the file may have been \
             cut short."
        )));
    }
    let file = quoted_printable_readable(&file);
    let mut parser = Parser::new(&file);
    let mut people = Vec::new();
    loop {
        match parser.entry() {
            Entry::VCard(card) => {
                people.push(person(
                    &card,
                    line_of(&starts, people.len()),
                    Extras::InNotes,
                ));
            }
            Entry::Eof => break,
            Entry::ICalendar(_) => {
                return Err(Error::BadFile(
                    "This is a calendar (.ics), not an address book. Choose a vCard (.vcf) \
                     file."
                        .into(),
                ))
            }
            Entry::UnterminatedComponent(_) => {
                let line = line_of(&starts, people.len());
                return Err(Error::BadFile(format!(
                    "The card that starts on line {line} has no END:VCARD: the file may have \
                     been cut short."
                )));
            }
            // Stray lines between cards (and oddities calcard skips) are not people.
            _ => {}
        }
    }
    if people.is_empty() {
        return Err(Error::BadFile(
            "This is not a vCard file: there is no BEGIN:VCARD in it. Export your address \
             book as vCard (.vcf) and choose that file."
                .into(),
        ));
    }
    Ok(people)
}

/// Every contact as a vCard 3.0 card (the version every address book reads), built from
/// Rapport's own fields so nothing another program left in a file is passed on.
pub fn write(people: &[Contact]) -> String {
    let mut out = String::new();
    for c in people {
        // Writing to a String cannot fail.
        let _ =
            card(c, &format!("rapport-contact-{}", c.id)).write_to(&mut out, VCardVersion::V3_0);
    }
    out
}

/// A phone number as a card carries it: the extension after the number, where other
/// address books show and dial it (Rapport's own property says the number carries it).
pub(crate) fn tel_value(phone: &str, ext: &str) -> String {
    match contacts::phone_parts(phone) {
        Some((_, in_number)) if in_number.is_empty() && !ext.is_empty() => {
            format!("{phone} x{ext}")
        }
        _ => phone.to_string(),
    }
}

/// One person as a card with the given UID.
pub fn card(c: &Contact, uid: &str) -> VCard {
    let mut card = VCard {
        entries: Vec::new(),
    };
    let mut add = |name: VCardProperty, params: Vec<VCardParameter>, values: Vec<String>| {
        card.entries.push(VCardEntry {
            group: None,
            name,
            params,
            values: values.into_iter().map(VCardValue::Text).collect(),
        });
    };
    let (given, family) = match c.full_name.rsplit_once(' ') {
        Some((given, family)) => (given.to_string(), family.to_string()),
        None => (String::new(), c.full_name.clone()),
    };
    add(VCardProperty::Uid, vec![], vec![uid.to_string()]);
    add(VCardProperty::Fn, vec![], vec![c.full_name.clone()]);
    add(
        VCardProperty::N,
        vec![],
        vec![family, given, String::new(), String::new(), String::new()],
    );
    let phone = tel_value(&c.phone, &c.phone_ext);
    // An extension after the number is where address books read it, and where a phone that
    // takes it off leaves none: Rapport's own property only for one that cannot go there.
    let ext_apart = if phone == c.phone {
        c.phone_ext.clone()
    } else {
        String::new()
    };
    let optional: [(VCardProperty, &String); 5] = [
        (VCardProperty::Org, &c.organization),
        (VCardProperty::Title, &c.role),
        (VCardProperty::Url, &c.profile_url),
        (VCardProperty::Note, &c.notes),
        (VCardProperty::Tel, &phone),
    ];
    for (name, value) in optional {
        if !value.is_empty() {
            add(name, vec![], vec![value.clone()]);
        }
    }
    for email in &c.emails {
        let internet = VCardParameter {
            name: VCardParameterName::Type,
            value: VCardParameterValue::Text("INTERNET".into()),
        };
        add(VCardProperty::Email, vec![internet], vec![email.clone()]);
    }
    if !c.work_address.is_empty() {
        let work = VCardParameter {
            name: VCardParameterName::Type,
            value: VCardParameterValue::Text("WORK".into()),
        };
        let mut adr = vec![String::new(); 7];
        adr[2] = c.work_address.clone();
        add(VCardProperty::Adr, vec![work], adr);
    }
    if !c.tags.is_empty() {
        add(VCardProperty::Categories, vec![], c.tags.clone());
    }
    let own = [
        (X_LOCATION, c.location.clone()),
        (X_INDUSTRY, c.industry.clone()),
        (X_IN_COMMON, c.in_common.clone()),
        (X_PHONE_EXT, ext_apart),
        (X_STAGE, c.stage.as_str().to_string()),
        (
            X_SOURCE,
            c.source.map(|s| s.as_str().to_string()).unwrap_or_default(),
        ),
    ];
    for (name, value) in own {
        if !value.is_empty() {
            add(VCardProperty::Other(name.into()), vec![], vec![value]);
        }
    }
    card
}

/// The line of a card that never ends (calcard takes a cut-off card as whole).
fn unended_card(file: &str) -> Option<u64> {
    let mut open = None;
    for (n, line) in file.lines().enumerate() {
        if is_boundary(line, "BEGIN:VCARD") {
            if let Some(start) = open {
                return Some(start);
            }
            open = Some(n as u64 + 1);
        } else if is_boundary(line, "END:VCARD") {
            open = None;
        }
    }
    open
}

/// The line each card begins on, in order.
fn card_lines(file: &str) -> Vec<u64> {
    file.lines()
        .enumerate()
        .filter(|(_, l)| is_boundary(l, "BEGIN:VCARD"))
        .map(|(n, _)| n as u64 + 1)
        .collect()
}

/// A card's first or last line, read as leniently as calcard reads it: a byte-order mark
/// or other invisible characters around it (files joined by `cat`) do not hide it.
fn is_boundary(line: &str, boundary: &str) -> bool {
    text::line(line).eq_ignore_ascii_case(boundary)
}

/// The line of the `n`th card; a card calcard found where no line says BEGIN:VCARD is
/// placed after the last one that does.
fn line_of(starts: &[u64], n: usize) -> u64 {
    starts.get(n).or(starts.last()).copied().unwrap_or(1)
}

/// What to do with what a card holds beyond Rapport's fields (more phones, departments).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Extras {
    /// Keep them in the person's notes: an import is the only time they are seen.
    InNotes,
    /// Leave them on the card: sync keeps them there.
    OnCard,
}

/// One card as a person, for sync: what it holds beyond Rapport's fields stays on it.
pub(crate) fn person_on(card: &VCard) -> Candidate {
    person(card, 1, Extras::OnCard)
}

fn person(card: &VCard, line: u64, extras: Extras) -> Candidate {
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let texts = |prop: &VCardProperty| -> Vec<Vec<String>> {
        card.properties(prop)
            .map(|e| e.values.iter().map(value_text).collect())
            .collect()
    };
    let first = |prop: &VCardProperty| -> String {
        texts(prop)
            .into_iter()
            .next()
            .and_then(|v| v.into_iter().next())
            .map(|t| text::line(&t))
            .unwrap_or_default()
    };

    let mut full_name = first(&VCardProperty::Fn);
    if full_name.is_empty() {
        // N is family; given; additional; prefixes; suffixes.
        if let Some(n) = texts(&VCardProperty::N).into_iter().next() {
            let part = |i: usize| n.get(i).cloned().unwrap_or_default();
            full_name = text::line(&[part(3), part(1), part(2), part(0), part(4)].join(" "));
        }
    }

    let org = texts(&VCardProperty::Org)
        .into_iter()
        .next()
        .unwrap_or_default();
    let organization = org.first().map(|o| text::line(o)).unwrap_or_default();
    let units: Vec<String> = org
        .iter()
        .skip(1)
        .map(|u| text::line(u))
        .filter(|u| !u.is_empty())
        .collect();
    if !units.is_empty() && extras == Extras::InNotes {
        notes.push(format!("Department: {}", units.join(", ")));
    }
    let mut role = first(&VCardProperty::Title);
    if role.is_empty() {
        role = first(&VCardProperty::Role);
    }

    let mut emails = Vec::new();
    for email in preferred_first(card, &VCardProperty::Email) {
        let address = email_address(&email.values.first().map(value_text).unwrap_or_default());
        if emails
            .iter()
            .any(|e: &String| e.eq_ignore_ascii_case(&address))
        {
            continue;
        }
        if contacts::is_email(&address) {
            emails.push(address);
        } else if !address.is_empty() {
            warnings.push(format!(
                "“{address}” is not an email address; it was left out."
            ));
        }
    }

    // What Rapport's own exports carry beyond the standard properties.
    let own = |name: &str| first(&VCardProperty::Other(name.into()));
    let phones: Vec<(String, String)> = preferred_first(card, &VCardProperty::Tel)
        .into_iter()
        .map(|e| {
            let number = e.values.first().map(value_text).unwrap_or_default();
            (kind(e), text::line(number.trim_start_matches("tel:")))
        })
        .filter(|(_, n)| !n.is_empty())
        .collect();
    let mut phone_ext = own(X_PHONE_EXT);
    let phone = match extras {
        // Sync reads the first number the log can hold; one it cannot hold stays on the card.
        Extras::OnCard => {
            // An extension after the number is the one now, as Rapport writes it and as
            // other address books do: the phone may have changed it or taken it off.
            // Rapport's own property holds one that could not go there (the number has
            // another after it), or, on a card written before it went there, any.
            let first = phones
                .iter()
                .find_map(|(_, n)| Some((n, contacts::phone_parts(n)?)));
            match first {
                Some((_, (number, ext))) if ext.is_empty() => number,
                Some((_, (number, ext))) if phone_ext.is_empty() || phone_ext == ext => {
                    phone_ext = ext;
                    number
                }
                Some((whole, _)) => whole.clone(),
                None => phones.first().map(|(_, n)| n.clone()).unwrap_or_default(),
            }
        }
        Extras::InNotes => {
            let sorted = import::phones(&phones);
            if !sorted.others.is_empty() {
                notes.push(format!("Other phones: {}", sorted.others.join("; ")));
            }
            warnings.extend(sorted.warnings);
            if phone_ext.is_empty() {
                phone_ext = sorted.ext;
            }
            sorted.phone
        }
    };

    // A synced card's home address stays on the card: Rapport keeps a work address.
    let address = card
        .properties(&VCardProperty::Adr)
        .filter(|e| extras == Extras::InNotes || !is_home_address(e))
        .max_by_key(|e| is_preferred(e) || kind(e) == "Work")
        .map(address_parts)
        .unwrap_or_default();
    let work_address = address_text(&address);
    let own_location = first(&VCardProperty::Other(X_LOCATION.into()));
    let location = if own_location.is_empty() {
        town_and_country(&address)
    } else {
        own_location
    };

    let urls: Vec<String> = texts(&VCardProperty::Url)
        .into_iter()
        .filter_map(|v| v.into_iter().next())
        .filter_map(|u| contacts::normalize_url(&text::line(&u)))
        .collect();
    let profile_url = urls
        .iter()
        .find(|u| u.contains("linkedin.com"))
        .or_else(|| urls.first())
        .cloned()
        .unwrap_or_default();

    let note = texts(&VCardProperty::Note)
        .into_iter()
        .filter_map(|v| v.into_iter().next())
        .map(|n| text::block(&n))
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>();
    notes.splice(0..0, note);

    let tags = texts(&VCardProperty::Categories)
        .into_iter()
        .flatten()
        .map(|t| text::line(&t))
        .filter(|t| !t.is_empty() && !is_their_group(t))
        .collect();

    Candidate {
        line,
        industry: own(X_INDUSTRY),
        in_common: texts(&VCardProperty::Other(X_IN_COMMON.into()))
            .into_iter()
            .filter_map(|v| v.into_iter().next())
            .map(|t| text::block(&t))
            .next()
            .unwrap_or_default(),
        phone_ext,
        stage: own(X_STAGE).parse().ok(),
        source: own(X_SOURCE).parse().ok(),
        full_name,
        role,
        organization,
        emails,
        phone,
        profile_url,
        location,
        work_address,
        notes: notes.join("\n\n"),
        tags,
        warnings,
        ..Default::default()
    }
}

/// An EMAIL value as the address it names.
pub(crate) fn email_address(value: &str) -> String {
    text::line(value.trim_start_matches("mailto:"))
}

/// Google's own groups (its contacts list, the starred), which are not the user's tags.
pub(crate) fn is_their_group(category: &str) -> bool {
    matches!(
        text::line(category).to_lowercase().as_str(),
        "mycontacts" | "starred"
    )
}

/// A property's entries of kind `prop`, the preferred first, the others in the card's order.
fn preferred_first<'a>(card: &'a VCard, prop: &VCardProperty) -> Vec<&'a VCardEntry> {
    let mut entries: Vec<&VCardEntry> = card.entries.iter().filter(|e| e.name == *prop).collect();
    entries.sort_by_key(|e| !is_preferred(e));
    entries
}

fn is_preferred(e: &VCardEntry) -> bool {
    e.params.iter().any(|p| {
        p.name == VCardParameterName::Pref
            || (p.name == VCardParameterName::Type
                && p.value
                    .as_text()
                    .is_some_and(|t| t.eq_ignore_ascii_case("pref")))
    })
}

/// Whether an address says it is a home one. vCard 3.0 takes an ADR without a type as a
/// work address (RFC 2426: "intl,postal,parcel,work").
pub(crate) fn is_home_address(e: &VCardEntry) -> bool {
    kind(e) == "Home"
}

/// An address as Rapport holds it: one line per part, postal code before the town.
pub(crate) fn address_of(e: &VCardEntry) -> String {
    address_text(&address_parts(e))
}

// ADR is PO box; extended; street; locality; region; postal code; country.
fn address_parts(e: &VCardEntry) -> Vec<String> {
    e.values
        .iter()
        .map(|v| text::block(&value_text(v)))
        .collect()
}

/// Where an address is, as a person's location: "Porto, Portugal".
pub(crate) fn town_and_country(parts: &[String]) -> String {
    [parts.get(3), parts.get(6)]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn address_text(parts: &[String]) -> String {
    let part = |i: usize| parts.get(i).cloned().unwrap_or_default();
    let town = [part(5), part(3)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    [part(0), part(1), part(2), town, part(4), part(6)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// "Work", "Home", "Mobile": the first kind of number a TYPE names, as a word.
fn kind(e: &VCardEntry) -> String {
    e.params
        .iter()
        .filter(|p| p.name == VCardParameterName::Type)
        .filter_map(|p| p.value.as_text())
        .find_map(|t| match t.to_lowercase().as_str() {
            "work" => Some("Work"),
            "home" => Some("Home"),
            "cell" | "mobile" => Some("Mobile"),
            _ => None,
        })
        .unwrap_or_default()
        .to_string()
}

/// A value as text. Bytes are what a quoted-printable value that names no charset holds
/// when they are not UTF-8 ([`quoted_printable_readable`]): read as Windows-1252, as text files are.
fn value_text(value: &VCardValue) -> String {
    match value {
        VCardValue::Text(t) => t.clone(),
        VCardValue::Component(parts) => parts.join(", "),
        VCardValue::Binary(data) => text_file::decode(&data.data).into_owned(),
        other => other.as_text().unwrap_or_default().to_string(),
    }
}

/// A charset no decoder knows, given to quoted-printable properties that name none.
const UNNAMED: &str = "CHARSET=X-RAPPORT-UNNAMED";

/// Quoted-printable properties made readable: those that name no charset (old phones and
/// Outlook write UTF-8 so) marked with [`UNNAMED`], so that calcard keeps their bytes as
/// text when they are UTF-8 and as bytes when not, where it would read every one as
/// Latin-1 ("DueÃ±o"); and vCard 2.1's bare `QUOTED-PRINTABLE` written out as an
/// `ENCODING`, which calcard reads. Deciding per property, from its bytes, leaves alone
/// every value that says its charset or is not quoted-printable ("ß" and a no-break space
/// stay themselves).
fn quoted_printable_readable(file: &str) -> std::borrow::Cow<'_, str> {
    let rewritten = |line: &str| -> Option<String> {
        if line.starts_with([' ', '\t']) {
            return None;
        }
        let (head, rest) = line.split_once(':')?;
        let upper = head.to_ascii_uppercase();
        let bare = upper.split(';').any(|p| p == "QUOTED-PRINTABLE");
        let unnamed = upper.contains("QUOTED-PRINTABLE") && !upper.contains("CHARSET=");
        if !bare && !unnamed {
            return None;
        }
        let mut params: Vec<&str> = head
            .split(';')
            .map(|p| {
                if p.eq_ignore_ascii_case("QUOTED-PRINTABLE") {
                    "ENCODING=QUOTED-PRINTABLE"
                } else {
                    p
                }
            })
            .collect();
        if unnamed {
            params.push(UNNAMED);
        }
        Some(format!("{}:{rest}", params.join(";")))
    };
    // A file with no such line, as most are, is read as it is, without a copy.
    let mut out = String::new();
    let (mut at, mut copied) = (0, 0);
    for line in file.split_inclusive('\n') {
        if let Some(new) = rewritten(line) {
            out.push_str(&file[copied..at]);
            out.push_str(&new);
            copied = at + line.len();
        }
        at += line.len();
    }
    if copied == 0 {
        return file.into();
    }
    out.push_str(&file[copied..]);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_without_a_charset_is_utf8_when_it_can_be_else_windows_1252() {
        let file = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lima;Ana\r\nFN:Ana Lima\r\n\
                    TITLE;ENCODING=QUOTED-PRINTABLE:Due=C3=B1o\r\n\
                    ORG;QUOTED-PRINTABLE:Caf=E9 Ol=E9\r\n\
                    NOTE;ENCODING=QUOTED-PRINTABLE:Gr=C3=BC=C3=9Fe=0D=0A=\r\n\
                    aus K=C3=B6ln\r\n\
                    ADR;WORK;CHARSET=UTF-8:;;Stra\u{df}e\u{a0}5;Berlin;;;\r\n\
                    END:VCARD\r\n";
        let ana = &read(file.as_bytes()).unwrap()[0];
        assert_eq!(ana.role, "Dueño");
        assert_eq!(ana.organization, "Café Olé");
        assert!(ana.notes.contains("Grüße\naus Köln"), "{}", ana.notes);
        assert!(
            ana.work_address.starts_with("Stra\u{df}e\u{a0}5"),
            "{}",
            ana.work_address
        );
        // A file with none of them is read as it is.
        assert!(matches!(
            quoted_printable_readable("FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9\r\n"),
            std::borrow::Cow::Borrowed(_)
        ));
        // Only the lines that need it change; the rest, and a last line without an end,
        // stay byte for byte.
        assert_eq!(
            quoted_printable_readable("N:Lima\r\nORG;QUOTED-PRINTABLE:Caf=E9\r\n FN:x\r\nNOTE:y"),
            format!("N:Lima\r\nORG;ENCODING=QUOTED-PRINTABLE;{UNNAMED}:Caf=E9\r\n FN:x\r\nNOTE:y")
        );
    }
}
