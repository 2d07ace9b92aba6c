//! Any spreadsheet of people, saved as CSV: the first line names the columns, Rapport
//! guesses which field each one holds, the user confirms or changes that, and the rows are
//! read into people. Rapport's own CSV export is written here too, with headers the guess
//! reads back without help.

use serde::{Deserialize, Serialize};

use crate::contacts::{self, Contact, Source, Stage};
use crate::error::{Error, Result};
use crate::exchange::import::{self, Candidate};
use crate::exchange::text_file::{self, Row};
use crate::exchange::vcard;
use crate::text;

/// What a column of the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    FullName,
    FirstName,
    MiddleName,
    LastName,
    Email,
    Organization,
    Role,
    Phone,
    PhoneExt,
    ProfileUrl,
    Location,
    WorkAddress,
    Industry,
    InCommon,
    Tags,
    Notes,
    Source,
    Stage,
    Ignore,
}

/// Each field with the header Rapport writes for it and the other headers it is known by,
/// the likeliest first.
const NAMES: &[(Field, &[&str])] = &[
    (
        Field::FullName,
        &[
            "name",
            "full name",
            "display name",
            "contact name",
            "contact",
        ],
    ),
    (
        Field::FirstName,
        &["first name", "given name", "first", "firstname", "given"],
    ),
    (
        Field::MiddleName,
        &["middle name", "additional name", "middle"],
    ),
    (
        Field::LastName,
        &["last name", "family name", "surname", "last", "lastname"],
    ),
    (
        Field::Email,
        &[
            "emails",
            "email",
            "email address",
            "e mail",
            "e mail address",
            "mail",
        ],
    ),
    (
        Field::Organization,
        &[
            "organization",
            "company",
            "organisation",
            "employer",
            "company name",
            "org",
            "firm",
        ],
    ),
    (
        Field::Role,
        &[
            "role",
            "job title",
            "position",
            "title",
            "job",
            "occupation",
        ],
    ),
    (
        Field::Phone,
        &[
            "phone",
            "mobile phone",
            "mobile",
            "phone number",
            "telephone",
            "business phone",
            "tel",
        ],
    ),
    (
        Field::PhoneExt,
        &["phone extension", "extension", "ext", "phone ext"],
    ),
    (
        Field::ProfileUrl,
        &[
            "profile",
            "profile url",
            "url",
            "linkedin",
            "linkedin url",
            "web page",
            "website",
        ],
    ),
    (Field::Location, &["location", "city"]),
    (
        Field::WorkAddress,
        &[
            "work address",
            "business address",
            "address",
            "business street",
            "business street 2",
            "business city",
            "business state",
            "business postal code",
            "business country region",
            "business country",
        ],
    ),
    (Field::Industry, &["industry", "sector"]),
    (Field::InCommon, &["in common", "shared"]),
    (
        Field::Tags,
        &["tags", "labels", "categories", "groups", "group membership"],
    ),
    (
        Field::Notes,
        &[
            "notes",
            "note",
            "comments",
            "comment",
            "description",
            "department",
        ],
    ),
    (Field::Source, &["source", "found through", "found via"]),
    (Field::Stage, &["stage"]),
];

/// Fields a file may hold in more than one column (Outlook writes three emails).
fn repeatable(field: Field) -> bool {
    matches!(
        field,
        Field::Email | Field::Phone | Field::Notes | Field::WorkAddress | Field::ProfileUrl
    )
}

/// A CSV file as a header and its rows, before anyone says what the columns hold.
#[derive(Debug, Clone)]
pub struct Table {
    pub header: Row,
    pub rows: Vec<Row>,
}

/// A column as the mapping step shows it: its header, the guess, and a few values.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    pub header: String,
    pub field: Field,
    pub samples: Vec<String>,
}

/// Reads the file into a header and rows, each row as long as the header.
pub fn table(bytes: &[u8]) -> Result<Table> {
    let mut rows = text_file::csv_rows_any_separator(bytes)?
        .into_iter()
        .filter(|r| !r.is_blank());
    let header = rows
        .next()
        .ok_or_else(|| Error::BadFile("The file has no lines with text.".into()))?;
    // A list of names alone is a spreadsheet of people; any other single column is not.
    if header.fields.len() < 2 && !matches!(guess(&header.fields)[..], [Field::FullName]) {
        return Err(Error::BadFile(format!(
            "Line {} has a single column; a contacts spreadsheet saved as CSV has one column \
             per field, separated by commas.",
            header.line
        )));
    }
    let rows: Vec<Row> = rows.collect();
    for (n, row) in rows.iter().enumerate() {
        if row.fields.len() != header.fields.len() {
            let cut = n + 1 == rows.len() && row.fields.len() < header.fields.len();
            return Err(Error::BadFile(if cut {
                format!(
                    "Line {} ends after {} of its {} fields: the file may have been cut short.",
                    row.line,
                    row.fields.len(),
                    header.fields.len()
                )
            } else {
                format!(
                    "Line {} has {} fields where the header on line {} has {}.",
                    row.line,
                    row.fields.len(),
                    header.line,
                    header.fields.len()
                )
            }));
        }
    }
    if rows.is_empty() {
        return Err(Error::BadFile(format!(
            "The file has a header on line {} and no one under it.",
            header.line
        )));
    }
    Ok(Table { header, rows })
}

/// A header as compared with the known names: lower case, words only.
fn words(header: &str) -> String {
    text::line(header)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What each column most likely holds; a field goes to one column at most (but emails,
/// phones and notes, which may come in several).
pub fn guess(header: &[String]) -> Vec<Field> {
    let heads: Vec<String> = header.iter().map(|h| words(h)).collect();
    let mut fields = vec![Field::Ignore; heads.len()];
    // The exact names first, in each field's order of likelihood: "Job Title" wins over
    // Outlook's "Title" (Mr., Ms.).
    for (field, names) in NAMES {
        for name in *names {
            for (i, head) in heads.iter().enumerate() {
                if fields[i] == Field::Ignore && head == name {
                    fields[i] = *field;
                    if !repeatable(*field) {
                        break;
                    }
                }
            }
            if !repeatable(*field) && fields.contains(field) {
                break;
            }
        }
    }
    // Then names that say a little more ("E-mail 2 Address", "Home Phone").
    for (i, head) in heads.iter().enumerate() {
        if fields[i] != Field::Ignore {
            continue;
        }
        let has = |w: &str| head.split(' ').any(|x| x == w);
        // Beside each email and phone, Outlook names its kind in a "Type" column and
        // Google in a "Label" one ("Work", "Mobile").
        let kind = has("type") || has("label");
        let field = if (head.contains("mail")) && !kind && !has("display") {
            Field::Email
        } else if (has("phone") || has("mobile")) && !kind {
            Field::Phone
        } else if has("linkedin") || has("url") || has("website") || (has("web") && has("page")) {
            if kind {
                continue;
            }
            Field::ProfileUrl
        } else if has("department") {
            Field::Notes
        } else if google_address(head).is_some_and(|(_, part)| part.is_some()) {
            Field::WorkAddress
        } else if (has("organization") || has("company")) && (has("title") || has("position")) {
            Field::Role
        } else if (has("organization") || has("company")) && has("name") {
            Field::Organization
        } else {
            continue;
        };
        if repeatable(field) || !fields.contains(&field) {
            fields[i] = field;
        }
    }
    fields
}

/// The columns for the mapping step, each with up to three values that are not blank.
pub fn columns(table: &Table, fields: &[Field]) -> Vec<Column> {
    table
        .header
        .fields
        .iter()
        .enumerate()
        .map(|(i, header)| Column {
            header: text::line(header),
            field: fields.get(i).copied().unwrap_or(Field::Ignore),
            samples: table
                .rows
                .iter()
                .filter_map(|r| r.fields.get(i).map(|f| text::line(f)))
                .filter(|f| !f.is_empty())
                .take(3)
                .collect(),
        })
        .collect()
}

/// The people of the file, read as `fields` says (one per column).
pub fn read(table: &Table, fields: &[Field]) -> Result<Vec<Candidate>> {
    if fields.len() != table.header.fields.len() {
        return Err(Error::BadFile(format!(
            "The file has {} columns; {} were described.",
            table.header.fields.len(),
            fields.len()
        )));
    }
    let names = [
        Field::FullName,
        Field::FirstName,
        Field::MiddleName,
        Field::LastName,
    ];
    if !fields.iter().any(|f| names.contains(f)) {
        return Err(Error::BadFile(
            "No column holds names: choose which column is the name (or the first and last \
             names)."
                .into(),
        ));
    }
    let layout = Layout::of(&table.header.fields, fields);
    Ok(table
        .rows
        .iter()
        .map(|row| person(row, fields, &layout))
        .collect())
}

/// What each column's header says beyond the field it holds.
struct Layout {
    phone_kinds: Vec<PhoneKind>,
    /// Which part of an address a work address column holds, as vCard numbers them (0 a PO
    /// box, 1 the extended address, 2 the street, 3 the town, 4 the region, 5 the postcode,
    /// 6 the country), or [`WHOLE`] for the address as one text.
    address_parts: Vec<usize>,
    /// Which of the row's addresses each column is part of: Google numbers them ("Address
    /// 2 - City"), with a label column each ("Address 2 - Label": "Work"); other files have one.
    address_of: Vec<usize>,
    address_labels: Vec<(usize, usize)>,
    /// The header a column read into the notes is named by there ("Department: …"), when
    /// it is not itself a name for notes.
    note_labels: Vec<Option<String>>,
}

impl Layout {
    fn of(header: &[String], fields: &[Field]) -> Layout {
        let notes_names = NAMES
            .iter()
            .find(|(f, _)| *f == Field::Notes)
            .map_or(&[][..], |(_, names)| *names);
        let google: Vec<Option<(usize, Option<usize>)>> =
            header.iter().map(|h| google_address(&words(h))).collect();
        Layout {
            phone_kinds: phone_kinds(header, fields),
            address_parts: header
                .iter()
                .zip(&google)
                .map(|(h, google)| {
                    if let Some((_, Some(part))) = google {
                        return *part;
                    }
                    let head = words(h);
                    let has = |w: &[&str]| head.split(' ').any(|x| w.contains(&x));
                    if has(&["country"]) {
                        6
                    } else if has(&["postal", "zip", "postcode"]) {
                        5
                    } else if has(&["state", "region", "province", "county"]) {
                        4
                    } else if has(&["city", "town", "locality"]) {
                        3
                    } else {
                        2
                    }
                })
                .collect(),
            address_of: google.iter().map(|g| g.map_or(0, |(n, _)| n)).collect(),
            address_labels: google
                .iter()
                .enumerate()
                .filter_map(|(i, g)| match g {
                    Some((n, None)) => Some((*n, i)),
                    _ => None,
                })
                .collect(),
            note_labels: header
                .iter()
                .map(|h| {
                    let head = words(h);
                    if head.split(' ').any(|w| w == "department") {
                        return Some("Department".to_string());
                    }
                    (!head.is_empty() && !notes_names.contains(&head.as_str()))
                        .then(|| text::line(h))
                })
                .collect(),
        }
    }
}

/// The part of an address that is the whole of it, as one text (Google's "Formatted").
const WHOLE: usize = 7;

/// Which of Google's numbered addresses a header names, and which part of it: a vCard part
/// or [`WHOLE`]; none for its label ("Address 1 - Label", or "- Type" in older files).
fn google_address(head: &str) -> Option<(usize, Option<usize>)> {
    let rest = head.strip_prefix("address ")?;
    let (n, part) = rest.split_once(' ')?;
    let n: usize = n.parse().ok()?;
    let part = match part {
        "label" | "type" => None,
        "formatted" => Some(WHOLE),
        "po box" => Some(0),
        "extended address" => Some(1),
        "street" => Some(2),
        "city" => Some(3),
        "region" => Some(4),
        "postal code" => Some(5),
        "country" => Some(6),
        _ => return None,
    };
    Some((n, part))
}

/// Of a row's addresses (each in vCard's parts and [`WHOLE`]), with what their labels say,
/// the one Rapport keeps: the work address, else the first that is not a home one, else
/// the first.
fn work_address(addresses: Vec<(Vec<String>, String)>) -> Vec<String> {
    let label_says =
        |label: &str, what: &[&str]| words(label).split(' ').any(|w| what.contains(&w));
    let filled: Vec<(Vec<String>, String)> = addresses
        .into_iter()
        .filter(|(parts, _)| parts.iter().any(|p| !p.is_empty()))
        .collect();
    let at = filled
        .iter()
        .position(|(_, l)| label_says(l, &["work", "business", "office"]))
        .or_else(|| filled.iter().position(|(_, l)| !label_says(l, &["home"])))
        .unwrap_or(0);
    filled
        .into_iter()
        .nth(at)
        .map(|(parts, _)| parts)
        .unwrap_or_default()
}

/// What kind of number a phone column holds.
#[derive(Debug, Clone, PartialEq)]
enum PhoneKind {
    /// A plain "Phone".
    Unnamed,
    /// Named by its header ("Mobile Phone" → "Mobile").
    Named(String),
    /// Named on each row by the column beside it, as Google writes "Phone 1 - Label" (or
    /// "- Type") beside "Phone 1 - Value".
    Beside(usize),
}

/// Words a phone column's header says that are not its kind.
const NOT_A_KIND: &[&str] = &[
    "phone",
    "phones",
    "telephone",
    "téléphone",
    "telefon",
    "teléfono",
    "telefono",
    "tel",
    "tél",
    "number",
    "numéro",
    "nummer",
    "no",
    "value",
];

/// The kind of number in each phone column, from its header or the label column beside it.
fn phone_kinds(header: &[String], fields: &[Field]) -> Vec<PhoneKind> {
    let heads: Vec<String> = header.iter().map(|h| words(h)).collect();
    header
        .iter()
        .zip(fields)
        .enumerate()
        .map(|(i, (name, field))| {
            if *field != Field::Phone {
                return PhoneKind::Unnamed;
            }
            if heads[i].split(' ').any(|w| w == "value") {
                let beside = ["label", "type"].iter().find_map(|w| {
                    heads
                        .iter()
                        .position(|h| *h == heads[i].replace("value", w))
                });
                if let Some(j) = beside {
                    return PhoneKind::Beside(j);
                }
            }
            let kind: Vec<&str> = name
                .split(|c: char| c.is_whitespace() || c == '-' || c == ':' || c == '_')
                .filter(|w| !w.is_empty() && !NOT_A_KIND.contains(&w.to_lowercase().as_str()))
                .collect();
            if kind.iter().all(|w| w.chars().all(|c| c.is_ascii_digit())) {
                PhoneKind::Unnamed
            } else {
                PhoneKind::Named(kind.join(" "))
            }
        })
        .collect()
}

/// How likely a number of this kind is the one to call: Outlook writes its many phone
/// columns in the order of their names, so an assistant's number would come first.
fn phone_rank(kind: &PhoneKind) -> u8 {
    let PhoneKind::Named(name) = kind else {
        return 2;
    };
    let first = name.split(' ').next().unwrap_or_default().to_lowercase();
    match first.as_str() {
        "primary" | "main" => 0,
        "mobile" | "cell" | "cellular" => 1,
        "business" | "work" | "office" => 2,
        "home" | "private" => 3,
        _ => 4,
    }
}

/// `text` after the notes so far, a blank line between.
fn add_paragraph(notes: &mut String, text: &str) {
    if !notes.is_empty() {
        notes.push_str("\n\n");
    }
    notes.push_str(text);
}

fn person(row: &Row, fields: &[Field], layout: &Layout) -> Candidate {
    let mut c = Candidate {
        line: row.line,
        ..Default::default()
    };
    let (mut first, mut middle, mut last) = (String::new(), String::new(), String::new());
    let mut numbers = Vec::new();
    // Each address of the row by its number, in vCard's parts and the whole.
    let mut addresses: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    for (i, (value, field)) in row.fields.iter().zip(fields).enumerate() {
        let value = unguarded(value);
        let line = text::line(value);
        let block = text::block(value);
        if block.is_empty() {
            continue;
        }
        match field {
            Field::FullName => c.full_name = line,
            Field::FirstName => first = line,
            Field::MiddleName => middle = line,
            Field::LastName => last = line,
            Field::Email => {
                for part in block.split(|ch: char| ch == ';' || ch == ',' || ch.is_whitespace()) {
                    let part = part.trim();
                    if part.is_empty() {
                        continue;
                    }
                    if contacts::is_email(part) {
                        if !c.emails.iter().any(|e| e.eq_ignore_ascii_case(part)) {
                            c.emails.push(part.to_owned());
                        }
                    } else {
                        c.warnings.push(format!(
                            "“{part}” is not an email address; it was left out."
                        ));
                    }
                }
            }
            Field::Organization => c.organization = line,
            Field::Role => c.role = line,
            // Google writes a column's several numbers as one, between " ::: ", and marks
            // the main one's label with "* ".
            Field::Phone => {
                let kind = match &layout.phone_kinds[i] {
                    PhoneKind::Unnamed => String::new(),
                    PhoneKind::Named(name) => name.clone(),
                    PhoneKind::Beside(j) => text::line(unguarded(&row.fields[*j]))
                        .trim_start_matches(['*', ' '])
                        .to_string(),
                };
                let rank = phone_rank(&layout.phone_kinds[i]);
                numbers.extend(
                    value
                        .split(":::")
                        .map(text::line)
                        .filter(|n| !n.is_empty())
                        .map(|n| (rank, kind.clone(), n)),
                );
            }
            Field::PhoneExt => c.phone_ext = line,
            // Of several links (a blog, a company's site), a LinkedIn profile, else the first.
            Field::ProfileUrl => match contacts::normalize_url(&line) {
                Some(url) => {
                    let linkedin = |u: &str| u.contains("linkedin.com");
                    if c.profile_url.is_empty() || (linkedin(&url) && !linkedin(&c.profile_url)) {
                        c.profile_url = url;
                    }
                }
                None => c
                    .warnings
                    .push(format!("“{line}” is not a web address; it was left out.")),
            },
            Field::Location => c.location = line,
            // A street's lines one under another; a town or a country in one word or more.
            Field::WorkAddress => {
                let part = layout.address_parts[i];
                let (joint, piece) = if part == 2 || part == WHOLE {
                    ("\n", &block)
                } else {
                    (" ", &line)
                };
                let address = addresses
                    .entry(layout.address_of[i])
                    .or_insert_with(|| vec![String::new(); WHOLE + 1]);
                if !address[part].is_empty() {
                    address[part].push_str(joint);
                }
                address[part].push_str(piece);
            }
            Field::Industry => c.industry = line,
            Field::InCommon => c.in_common = block,
            Field::Tags => {
                // One tag a line (Rapport's own export, and a lone tag holding a separator
                // ends with a line break so it stays whole), else Google's " ::: ", else
                // semicolons or commas as people type them.
                let parts: Vec<&str> = if value.contains(['\n', '\r']) {
                    value.lines().collect()
                } else if value.contains(":::") {
                    value.split(":::").collect()
                } else {
                    value.split([';', ',']).collect()
                };
                for tag in parts {
                    let tag = text::line(tag);
                    // Google's own groups, marked "* " ("* myContacts", "* starred").
                    let theirs = tag
                        .strip_prefix('*')
                        .is_some_and(|group| vcard::is_their_group(group.trim()));
                    if !tag.is_empty() && !theirs && !c.tags.contains(&tag) {
                        c.tags.push(tag);
                    }
                }
            }
            Field::Notes => match &layout.note_labels[i] {
                Some(label) => add_paragraph(&mut c.notes, &format!("{label}: {block}")),
                None => add_paragraph(&mut c.notes, &block),
            },
            Field::Source => {
                match word::<Source>(&line, Source::ALL, |s| (s.as_str(), s.label())) {
                    Some(source) => c.source = Some(source),
                    None => c.warnings.push(format!(
                        "“{line}” is not a source Rapport knows; it was left out."
                    )),
                }
            }
            Field::Stage => match word::<Stage>(&line, Stage::ALL, |s| (s.as_str(), s.label())) {
                Some(stage) => c.stage = Some(stage),
                None => c.warnings.push(format!(
                    "“{line}” is not a stage Rapport knows; it was left out."
                )),
            },
            Field::Ignore => {}
        }
    }
    let labelled = addresses
        .into_iter()
        .map(|(n, parts)| {
            let label = layout
                .address_labels
                .iter()
                .find(|(of, _)| *of == n)
                .and_then(|(_, column)| row.fields.get(*column))
                .map(|l| text::line(unguarded(l)))
                .unwrap_or_default();
            (parts, label)
        })
        .collect();
    let address = work_address(labelled);
    // As the file writes it whole, else put together from its parts.
    c.work_address = match address.get(WHOLE) {
        Some(whole) if !whole.is_empty() => whole.clone(),
        _ => vcard::address_text(&address),
    };
    // Where they are, when no column says: the town and country of their work address.
    if c.location.is_empty() {
        c.location = vcard::town_and_country(&address);
    }
    numbers.sort_by_key(|(rank, ..)| *rank);
    let numbers: Vec<(String, String)> = numbers.into_iter().map(|(_, k, n)| (k, n)).collect();
    let phones = import::phones(&numbers);
    c.phone = phones.phone;
    if c.phone_ext.is_empty() {
        c.phone_ext = phones.ext;
    }
    if !phones.others.is_empty() {
        let others = format!("Other phones: {}", phones.others.join("; "));
        add_paragraph(&mut c.notes, &others);
    }
    c.warnings.extend(phones.warnings);
    if c.full_name.is_empty() {
        c.full_name = text::line(
            &[first, middle, last]
                .iter()
                .filter(|p| !p.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    c
}

/// One of a closed set of words, by its stored form or its label, in any case.
fn word<T: Copy>(
    text: &str,
    all: &[T],
    forms: impl Fn(T) -> (&'static str, &'static str),
) -> Option<T> {
    let wanted = words(text);
    all.iter().copied().find(|v| {
        let (stored, label) = forms(*v);
        words(stored) == wanted || words(label) == wanted
    })
}

/// What a spreadsheet takes for a formula at the start of a cell: a name such as
/// "=HYPERLINK(…)" from a LinkedIn profile would run when the file is opened.
const FORMULA: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet shows as text: an apostrophe before a formula character (or
/// before an apostrophe), which spreadsheets hide and [`unguarded`] takes off again.
fn guarded(cell: &str) -> String {
    if cell.starts_with(FORMULA) || cell.starts_with('\'') {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

/// Tags one a line; a lone tag that holds a separator gets a line break after it, so the
/// reader keeps it whole.
fn tag_cell(tags: &[String]) -> String {
    let mut cell = tags.join("\n");
    if let [tag] = tags {
        if tag.contains([';', ',']) || tag.contains(":::") {
            cell.push('\n');
        }
    }
    cell
}

/// The header Rapport writes for each column of its CSV export, in order.
pub const EXPORT_HEADER: [&str; 20] = [
    "Name",
    "Role",
    "Organization",
    "Emails",
    "Phone",
    "Phone extension",
    "Location",
    "Work address",
    "Industry",
    "Profile",
    "Source",
    "Stage",
    "Referred by",
    "In common",
    "Tags",
    "Notes",
    "Check-in every (months)",
    "Check-in paused",
    "Added",
    "Updated",
];

/// Everyone, one row each, every field. Lists (emails, tags) go one item per line of their
/// cell: no item of either holds a line break, and a spreadsheet shows them one under
/// another.
pub fn write(people: &[Contact]) -> Result<String> {
    let mut out = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let failed = |e: ::csv::Error| Error::BadFile(format!("The CSV could not be written: {e}"));
    out.write_record(EXPORT_HEADER).map_err(failed)?;
    let names: std::collections::HashMap<i64, &str> = people
        .iter()
        .map(|p| (p.id, p.full_name.as_str()))
        .collect();
    for p in people {
        let referred_by = p
            .referred_by_id
            .and_then(|id| names.get(&id).copied())
            .unwrap_or_default();
        let cells: [&str; EXPORT_HEADER.len()] = [
            p.full_name.as_str(),
            &p.role,
            &p.organization,
            &p.emails.join("\n"),
            &p.phone,
            &p.phone_ext,
            &p.location,
            &p.work_address,
            &p.industry,
            &p.profile_url,
            p.source.map_or("", |s| s.label()),
            p.stage.label(),
            referred_by,
            &p.in_common,
            &tag_cell(&p.tags),
            &p.notes,
            &p.checkin_months.map_or(String::new(), |m| m.to_string()),
            if p.checkin_paused { "yes" } else { "" },
            &p.created_at.to_rfc3339(),
            &p.updated_at.to_rfc3339(),
        ];
        out.write_record(cells.map(guarded)).map_err(failed)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| Error::BadFile(format!("The CSV could not be written: {e}")))?;
    Ok(String::from_utf8(bytes).expect("written from strings"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guessed(header: &[&str]) -> Vec<Field> {
        guess(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn headers_from_common_programs_are_recognized() {
        use Field::*;
        // Outlook: "Title" is Mr./Ms.; the role is "Job Title". Three emails.
        assert_eq!(
            guessed(&[
                "Title",
                "First Name",
                "Middle Name",
                "Last Name",
                "Company",
                "Job Title",
                "E-mail Address",
                "E-mail Type",
                "E-mail 2 Address",
                "Mobile Phone",
                "Notes"
            ]),
            vec![
                Ignore,
                FirstName,
                MiddleName,
                LastName,
                Organization,
                Role,
                Email,
                Ignore,
                Email,
                Phone,
                Notes
            ]
        );
        // Google Contacts.
        assert_eq!(
            guessed(&[
                "Name",
                "Given Name",
                "Family Name",
                "Organization 1 - Name",
                "Organization 1 - Title",
                "E-mail 1 - Value",
                "Phone 1 - Value",
                "Labels"
            ]),
            vec![
                FullName,
                FirstName,
                LastName,
                Organization,
                Role,
                Email,
                Phone,
                Tags
            ]
        );
        // A hand-made sheet.
        assert_eq!(
            guessed(&[
                "  full name ",
                "EMAIL",
                "employer",
                "position",
                "LinkedIn URL",
                "x"
            ]),
            vec![FullName, Email, Organization, Role, ProfileUrl, Ignore]
        );
        // Rapport's own export reads back without help.
        let own = guessed(&EXPORT_HEADER);
        assert_eq!(
            own[..16],
            [
                FullName,
                Role,
                Organization,
                Email,
                Phone,
                PhoneExt,
                Location,
                WorkAddress,
                Industry,
                ProfileUrl,
                Source,
                Stage,
                Ignore,
                InCommon,
                Tags,
                Notes
            ]
        );
    }
}
