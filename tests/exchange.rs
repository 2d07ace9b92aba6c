//! Bringing people in from files, on temporary databases: LinkedIn exports of both shapes,
//! a re-import a month later, and files that are not what they claim.

mod common;

use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use common::checksum;
use rapport::contacts::{self, ContactInput, ContactQuery, Source, Stage};
use rapport::dates::DateStyle;
use rapport::error::Error;
use rapport::exchange::import::{self, Action, Candidate, Preview};
use rapport::exchange::linkedin;
use rapport::interactions::Purpose;
use rapport::reminders;
use rapport::settings::ReminderSettings;
use rapport::store::Db;
use rapport::timeline::{self, Event};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 0).unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn linkedin_file(name: &str) -> Vec<Candidate> {
    linkedin::read(&fixture(&format!("linkedin/{name}"))).unwrap()
}

fn commit(db: &mut Db, people: &[Candidate]) -> Preview {
    let mut calls = 0;
    let done = import::commit(db.conn_mut(), people, now(), &mut |_, _| calls += 1).unwrap();
    assert!(calls > 0, "no progress was reported");
    done
}

fn names(db: &Db) -> Vec<String> {
    contacts::list(db.conn(), &ContactQuery::default())
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.full_name)
        .collect()
}

fn contact_named(db: &Db, name: &str) -> contacts::Contact {
    let id = contacts::list(
        db.conn(),
        &ContactQuery {
            text: name.into(),
            ..Default::default()
        },
    )
    .unwrap()
    .items
    .first()
    .unwrap_or_else(|| panic!("no one called {name}"))
    .id;
    contacts::get(db.conn(), id).unwrap()
}

fn actions(preview: &Preview) -> Vec<(u64, String)> {
    preview
        .rows
        .iter()
        .map(|r| {
            let what = match &r.action {
                Action::New => "new".to_string(),
                Action::Update { .. } => "update".into(),
                Action::Unchanged { .. } => "unchanged".into(),
                Action::Skip { reason } => format!("skip: {reason}"),
            };
            (r.line, what)
        })
        .collect()
}

#[test]
fn a_linkedin_export_is_previewed_then_imported_all_at_once() {
    let mut db = Db::open_in_memory().unwrap();
    let people = linkedin_file("Connections-2025.csv");
    let preview = import::preview(db.conn(), &people, now()).unwrap();
    assert_eq!(
        actions(&preview),
        [
            (5, "new".into()),
            (6, "new".into()),
            (7, "new".into()),
            (8, "new".into()),
            (9, "new".into()),
            (10, "new".into()),
            (11, "skip: A name is required.".into()),
            (
                12,
                "skip: The same person as line 5 (same profile link).".into()
            ),
            (13, "new".into()),
        ]
    );
    assert_eq!(
        (
            preview.new,
            preview.updated,
            preview.unchanged,
            preview.skipped
        ),
        (7, 0, 0, 2)
    );
    let sam = &preview.rows[4];
    assert_eq!(
        sam.warnings,
        ["“see my website” in the email column is not an address; it was left out."]
    );
    assert!(names(&db).is_empty(), "a preview wrote something");

    let done = commit(&mut db, &people);
    assert_eq!(done, preview);
    assert_eq!(
        names(&db),
        [
            "Dana Reyes",
            "Liz Darnell",
            "Mei Lin",
            "Sam Okafor",
            "Tomás Álvarez \"TJ\"",
            "Zoë 👩🏽‍💻 Chen",
            "محمد العلي",
        ]
    );
    let dana = contact_named(&db, "Dana Reyes");
    assert_eq!(
        (
            dana.role.as_str(),
            dana.organization.as_str(),
            dana.profile_url.as_str(),
            dana.source,
            dana.stage
        ),
        (
            "Supply Chain Analyst",
            "Northwind Logistics",
            "https://www.linkedin.com/in/dana-reyes-4b2a1",
            Some(Source::LinkedIn),
            Stage::ToContact
        )
    );
    let zoe = contact_named(&db, "Chen");
    assert_eq!(zoe.organization, "Fabrikam, Inc.");
    assert_eq!(zoe.emails, ["zoe.chen@fabrikam.example"]);
    assert_eq!(
        zoe.profile_url,
        "https://www.linkedin.com/in/zo%C3%AB-chen-97"
    );
    let liz = contact_named(&db, "Darnell");
    assert_eq!(
        (liz.role.as_str(), liz.full_name.as_str()),
        ("Recruiter", "Liz Darnell")
    );
    let sam = contact_named(&db, "Okafor");
    assert_eq!((sam.organization.as_str(), sam.emails.len()), ("", 0));
    // Accents do not matter to search.
    assert_eq!(
        contact_named(&db, "alvarez").full_name,
        "Tomás Álvarez \"TJ\""
    );

    // "Connected on LinkedIn" is on the timeline, dated, and asks for nothing.
    let connected: Vec<DateTime<Utc>> = timeline::for_contact(db.conn(), dana.id)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.event {
            Event::Interaction { interaction, .. }
                if interaction.purpose == Some(Purpose::Connected) =>
            {
                Some(interaction.occurred_at)
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        connected,
        [Utc.with_ymd_and_hms(2025, 12, 22, 12, 0, 0).unwrap()]
    );
    let due = reminders::all(
        db.conn(),
        &ReminderSettings::default(),
        &now(),
        DateStyle::default(),
    )
    .unwrap();
    assert!(due.is_empty(), "an import made reminders: {due:?}");
}

#[test]
fn the_older_shape_and_a_windows_file_read_too() {
    let old = linkedin_file("Connections-2018.csv");
    let summary: Vec<(String, String, Option<DateTime<Utc>>)> = old
        .iter()
        .map(|c| (c.full_name.clone(), c.role.clone(), c.connected_on))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "Ben Ochoa".to_string(),
                "Analyst".to_string(),
                Some(Utc.with_ymd_and_hms(2018, 1, 8, 18, 14, 0).unwrap())
            ),
            (
                "Cleo Park".into(),
                "Product Manager".into(),
                Some(Utc.with_ymd_and_hms(2017, 12, 31, 9, 5, 0).unwrap())
            ),
        ]
    );
    assert_eq!(old[0].emails, ["ben@adatum.example"]);
    let windows = linkedin_file("Connections-windows-1252.csv");
    assert_eq!(
        (
            windows[0].full_name.as_str(),
            windows[0].organization.as_str(),
            windows[0].role.as_str()
        ),
        ("José Muñoz", "Café Olé", "Dueño")
    );
}

#[test]
fn a_reimport_takes_new_roles_keeps_what_the_user_wrote_and_shows_the_move() {
    let mut db = Db::open_in_memory().unwrap();
    commit(&mut db, &linkedin_file("Connections-2025.csv"));
    let dana = contact_named(&db, "Dana Reyes");
    // The user's own words about Dana, and the stage they set.
    contacts::update(
        db.conn_mut(),
        dana.id,
        ContactInput {
            notes: "Met at the ops summit.".into(),
            tags: vec!["planning".into()],
            stage: Stage::ReachedOut,
            checkin_months: Some(6),
            ..ContactInput::from(&dana)
        },
        now(),
    )
    .unwrap();

    let newer = linkedin_file("Connections-2026.csv");
    let preview = import::preview(db.conn(), &newer, now()).unwrap();
    assert_eq!(
        actions(&preview),
        [
            (5, "update".into()),
            (6, "unchanged".into()),
            (7, "new".into())
        ]
    );
    let Action::Update { changes, .. } = &preview.rows[0].action else {
        unreachable!()
    };
    let said: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|c| (c.what, c.from.as_str(), c.to.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            ("Role", "Supply Chain Analyst", "Director, Data Science"),
            ("Email", "", "dana@northwind.example"),
        ]
    );
    commit(&mut db, &newer);
    let after = contact_named(&db, "Dana Reyes");
    assert_eq!(after.role, "Director, Data Science");
    assert_eq!(after.emails, ["dana@northwind.example"]);
    assert_eq!(
        (
            after.notes.as_str(),
            after.tags.as_slice(),
            after.stage,
            after.checkin_months
        ),
        (
            "Met at the ops summit.",
            &["planning".to_string()][..],
            Stage::ReachedOut,
            Some(6)
        )
    );
    let story = timeline::for_contact(db.conn(), after.id).unwrap();
    assert!(story.iter().any(|e| matches!(&e.event,
        Event::Moved { field, from, to }
            if field == "role" && from == "Supply Chain Analyst" && to == "Director, Data Science")));
    let connections = story
        .iter()
        .filter(|e| {
            matches!(&e.event, Event::Interaction { interaction, .. }
            if interaction.purpose == Some(Purpose::Connected))
        })
        .count();
    assert_eq!(connections, 1, "the connection was logged twice");
    assert_eq!(names(&db).len(), 8);
    // The same file again changes nothing.
    let again = import::preview(db.conn(), &newer, now()).unwrap();
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 3));
}

#[test]
fn someone_typed_by_hand_is_matched_not_duplicated() {
    let mut db = Db::open_in_memory().unwrap();
    contacts::create(
        db.conn_mut(),
        ContactInput {
            full_name: "mei  lin".into(),
            organization: "woodgrove bank".into(),
            notes: "Alumni directory.".into(),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    let people = linkedin_file("Connections-2025.csv");
    let preview = import::preview(db.conn(), &people, now()).unwrap();
    let mei = preview.rows.iter().find(|r| r.line == 10).unwrap();
    assert!(
        matches!(mei.action, Action::Update { .. }),
        "{:?}",
        mei.action
    );
    commit(&mut db, &people);
    assert_eq!(
        names(&db)
            .iter()
            .filter(|n| n.to_lowercase() == "mei lin")
            .count(),
        1
    );
    let mei = contact_named(&db, "mei lin");
    assert_eq!(
        (mei.notes.as_str(), mei.profile_url.as_str(), mei.source),
        (
            "Alumni directory.",
            "https://www.linkedin.com/in/mei-lin",
            Some(Source::LinkedIn)
        )
    );
}

/// Every table's row count and a hash of every value, to see that a refused file changed
/// nothing.

#[test]
fn files_that_are_not_a_linkedin_export_are_refused_and_change_nothing() {
    let mut db = Db::open_in_memory().unwrap();
    commit(&mut db, &linkedin_file("Connections-2018.csv"));
    let before = checksum(db.conn());
    let huge = {
        let mut bytes =
            b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n".to_vec();
        bytes.extend(b"Dana,Reyes,https://linkedin.com/in/d,,\"");
        bytes.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
        bytes.extend(b"\",Analyst,22 Dec 2025\n");
        bytes
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "empty",
            fixture("malformed/empty.csv"),
            "The file is empty.",
        ),
        (
            "blank",
            fixture("malformed/blank.csv"),
            "The file is empty.",
        ),
        (
            "a picture",
            fixture("malformed/picture.png"),
            "line 3 holds binary data",
        ),
        (
            "UTF-16 without a mark",
            fixture("malformed/utf16-without-mark.csv"),
            "not text",
        ),
        (
            "cut short",
            fixture("malformed/truncated.csv"),
            "Line 7 ends after 6 of its 7 fields: the file may have been cut short.",
        ),
        (
            "a budget",
            fixture("malformed/budget.csv"),
            "This is not a LinkedIn Connections export",
        ),
        (
            "an extra field",
            fixture("malformed/extra-field.csv"),
            "Line 6 has 8 fields where the header on line 4 has 7",
        ),
        (
            "a 10 MB field",
            huge,
            "Line 2 holds a field of 10485760 characters",
        ),
    ];
    for (what, bytes, expected) in cases {
        match linkedin::read(&bytes) {
            Err(Error::BadFile(message)) => assert!(
                message.contains(expected),
                "{what}: {message:?} does not say {expected:?}"
            ),
            Ok(people) => panic!("{what} was read as {} people", people.len()),
            Err(other) => panic!("{what}: {other}"),
        }
        assert_eq!(checksum(db.conn()), before, "{what} changed the log");
    }
}

fn vcard_file(name: &str) -> Vec<Candidate> {
    rapport::exchange::vcard::read(&fixture(&format!("vcard/{name}"))).unwrap()
}

#[test]
fn a_card_whose_preferred_number_is_words_gives_its_next_number_and_keeps_the_words() {
    let file = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\n\
        TEL;TYPE=CELL:\r\n\
        TEL;TYPE=HOME,pref:ask reception\r\n\
        TEL;TYPE=WORK:+1 415 555 0134 ext. 12\r\n\
        TEL;TYPE=CELL:+1 415 555 0199\r\nEND:VCARD\r\n";
    let people = rapport::exchange::vcard::read(file.as_bytes()).unwrap();
    let ana = &people[0];
    assert_eq!(
        (ana.phone.as_str(), ana.phone_ext.as_str()),
        ("+1 415 555 0134", "12")
    );
    assert_eq!(
        ana.notes,
        "Other phones: Home ask reception; Mobile +1 415 555 0199"
    );
    assert_eq!(
        ana.warnings,
        ["“ask reception” is not a phone number; it was kept in the notes."]
    );
    let db = Db::open_in_memory().unwrap();
    let preview = import::preview(db.conn(), &people, now()).unwrap();
    assert_eq!((preview.new, preview.skipped), (1, 0));
}

#[test]
fn address_books_from_apple_google_and_outlook_read_as_people() {
    let apple = vcard_file("apple-contacts.vcf");
    assert_eq!(apple.len(), 2);
    let dana = &apple[0];
    assert_eq!(
        (
            dana.line,
            dana.full_name.as_str(),
            dana.role.as_str(),
            dana.organization.as_str()
        ),
        (
            1,
            "Dana Reyes",
            "Supply Chain Analyst",
            "Northwind Logistics"
        )
    );
    assert_eq!(
        dana.emails,
        ["dana@northwind.example", "dana.reyes@example.com"]
    );
    assert_eq!(dana.phone, "+1 415 555 0134");
    assert_eq!(
        dana.work_address,
        "100 Harbor Way\nSuite 4\n94107 San Francisco\nCA\nUnited States"
    );
    assert_eq!(dana.location, "San Francisco, United States");
    assert_eq!(
        dana.profile_url,
        "https://www.linkedin.com/in/dana-reyes-4b2a1"
    );
    assert_eq!(
        dana.notes,
        "Met at the ops summit, Oct 2025.\nLikes trains.\n\nDepartment: Supply Chain\n\n\
         Other phones: Work +1 415 555 0199"
    );
    assert_eq!(
        (apple[1].line, apple[1].role.as_str()),
        (21, "Director, Operations")
    );

    let google = vcard_file("google-contacts.vcf");
    assert_eq!(
        (google[0].organization.as_str(), google[0].tags.as_slice()),
        ("Fabrikam, Inc.", &["Work".to_string()][..])
    );
    assert_eq!(
        google[0].profile_url,
        "https://www.linkedin.com/in/zo%C3%AB-chen-97"
    );
    assert_eq!(google[1].notes, "Alumni directory");

    let outlook = &vcard_file("outlook.vcf")[0];
    assert_eq!(
        (
            outlook.full_name.as_str(),
            outlook.organization.as_str(),
            outlook.role.as_str(),
            outlook.location.as_str()
        ),
        ("José Muñoz", "Café Olé", "Dueño", "Madrid, España")
    );
    assert_eq!(outlook.emails, ["jose@cafe-ole.example"]);
    assert_eq!(outlook.phone, "+34 91 555 0101");
    assert!(
        outlook
            .notes
            .starts_with("Long note line one\nline two\n\nDepartment: Ventas"),
        "{:?}",
        outlook.notes
    );

    let nadia = &vcard_file("vcard4.vcf")[0];
    assert_eq!(
        (nadia.phone.as_str(), nadia.emails.as_slice()),
        (
            "+1-555-555-0177",
            &["nadia@tailspin.example".to_string()][..]
        )
    );
}

#[test]
fn an_address_book_completes_whom_linkedin_brought_and_adds_the_rest() {
    let mut db = Db::open_in_memory().unwrap();
    commit(&mut db, &linkedin_file("Connections-2025.csv"));
    let cards = vcard_file("apple-contacts.vcf");
    let preview = import::preview(db.conn(), &cards, now()).unwrap();
    // Dana is matched by her profile link; "Tomás Álvarez" is not LinkedIn's
    // "Tomás Álvarez \"TJ\"" by name, so he comes in (the duplicates view pairs them).
    assert_eq!((preview.new, preview.updated), (1, 1), "{preview:?}");
    commit(&mut db, &cards);
    let dana = contact_named(&db, "Dana Reyes");
    assert_eq!(dana.phone, "+1 415 555 0134");
    assert_eq!(dana.location, "San Francisco, United States");
    assert_eq!(
        dana.emails,
        ["dana@northwind.example", "dana.reyes@example.com"]
    );
    assert_eq!(dana.notes, "", "an import wrote into the user's notes");
    assert_eq!(names(&db).len(), 8);
}

#[test]
fn files_that_are_not_an_address_book_are_refused() {
    let read = |name: &str| match rapport::exchange::vcard::read(&fixture(name)) {
        Err(Error::BadFile(message)) => message,
        other => panic!("{name}: {other:?}"),
    };
    assert!(read("malformed/cut-short.vcf").contains("line 5 has no END:VCARD"));
    assert!(read("malformed/calendar.ics").contains("This is a calendar"));
    assert!(read("malformed/letter.txt").contains("no BEGIN:VCARD"));
    assert!(read("malformed/picture.png").contains("not text"));
    assert_eq!(read("malformed/empty.csv"), "The file is empty.");
}

/// Everything about a contact a file can carry, for comparing round trips.
fn fields(c: &contacts::Contact) -> ContactInput {
    ContactInput {
        referred_by_id: None,
        checkin_months: None,
        checkin_paused: false,
        ..ContactInput::from(c)
    }
}

fn everyone(db: &Db) -> Vec<contacts::Contact> {
    let mut all: Vec<contacts::Contact> = contacts::list(
        db.conn(),
        &ContactQuery {
            limit: Some(u32::MAX),
            ..Default::default()
        },
    )
    .unwrap()
    .items
    .iter()
    .map(|s| contacts::get(db.conn(), s.id).unwrap())
    .collect();
    all.sort_by(|a, b| a.full_name.cmp(&b.full_name));
    all
}

#[test]
fn contacts_survive_a_vcard_round_trip_with_every_awkward_character() {
    let mut db = Db::open_in_memory().unwrap();
    let awkward = [
        ContactInput {
            full_name: "Zoë \"Z\" O'Brien-Chen".into(),
            role: "Lead; Data, Science \\ Ops".into(),
            organization: "Fabrikam, Inc.; EMEA".into(),
            emails: vec!["zoe@fabrikam.example".into(), "z.obrien@example.com".into()],
            phone: "+1 (415) 555-0150".into(),
            phone_ext: "42".into(),
            profile_url: "https://www.linkedin.com/in/zo%C3%AB-chen-97".into(),
            location: "Zürich, Switzerland".into(),
            work_address: "Bahnhofstrasse 1\nPostfach 12, 8001 Zürich".into(),
            industry: "Logistics & Supply".into(),
            in_common: "Both at ETH;\nboth run".into(),
            notes: "Line one, with comma\nLine two; semi\\colon\n\n  indented \"quote\"".into(),
            tags: vec!["alumni, ETH".into(), "data;science".into()],
            stage: Stage::Interviewed,
            source: Some(Source::Event),
            ..Default::default()
        },
        ContactInput {
            full_name: "محمد العلي".into(),
            organization: "شركة الاتصالات".into(),
            ..Default::default()
        },
        ContactInput {
            full_name: "Mononym".into(),
            ..Default::default()
        },
    ];
    for input in awkward {
        contacts::create(db.conn_mut(), input, now()).unwrap();
    }
    let before = everyone(&db);
    let file = rapport::exchange::vcard::write(&before);
    assert!(file.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"), "{file}");
    assert!(
        file.lines().all(|l| l.len() <= 75),
        "a line is not folded at 75 octets"
    );
    // The extension after the number, where other address books show and dial it.
    assert!(file.contains("\r\nTEL:+1 (415) 555-0150 x42\r\n"), "{file}");

    let mut fresh = Db::open_in_memory().unwrap();
    let cards = rapport::exchange::vcard::read(file.as_bytes()).unwrap();
    commit(&mut fresh, &cards);
    let after = everyone(&fresh);
    assert_eq!(
        after.iter().map(fields).collect::<Vec<_>>(),
        before.iter().map(fields).collect::<Vec<_>>()
    );
}

#[test]
fn address_books_joined_into_one_file_name_each_cards_line() {
    // Two exports joined with `cat`: the second starts with its byte-order mark.
    let first = fixture("vcard/apple-contacts.vcf");
    let second = fixture("vcard/google-contacts.vcf");
    let mut joined = first.clone();
    joined.extend_from_slice(b"\xEF\xBB\xBF");
    joined.extend_from_slice(&second);
    let people = rapport::exchange::vcard::read(&joined).unwrap();
    let alone = rapport::exchange::vcard::read(&first).unwrap().len()
        + rapport::exchange::vcard::read(&second).unwrap().len();
    assert_eq!(people.len(), alone);
    let lines: Vec<u64> = people.iter().map(|p| p.line).collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
    let first_lines = String::from_utf8_lossy(&first).lines().count() as u64;
    assert!(lines.contains(&(first_lines + 1)), "{lines:?}");
}
