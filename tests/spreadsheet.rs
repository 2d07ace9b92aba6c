//! Spreadsheets of people (CSV from Outlook, Google, Excel or made by hand): columns
//! guessed, confirmed or changed by the user, previewed, imported; and Rapport's own CSV
//! export read back into an empty log.

mod common;

use std::path::Path;

use common::{checksum, now, whole_log};
use rapport::contacts::{self, Source, Stage};
use rapport::error::Error;
use rapport::exchange::csv::{self, Field};
use rapport::exchange::import::{self, Candidate};
use rapport::store::Db;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn guessed(bytes: &[u8]) -> Vec<Candidate> {
    let table = csv::table(bytes).unwrap();
    let fields = csv::guess(&table.header.fields);
    csv::read(&table, &fields).unwrap()
}

#[test]
fn an_outlook_export_reads_with_the_guessed_columns() {
    let people = guessed(&fixture("csv/outlook-contacts.csv"));
    assert_eq!(people.len(), 4);
    let renee = &people[0];
    assert_eq!(renee.full_name, "Renée A. Dubois");
    assert_eq!(renee.organization, "Fabrikam, Inc.");
    assert_eq!(renee.role, "Senior Analyst");
    assert_eq!(renee.phone, "+1 514 555 0101");
    assert_eq!(
        renee.emails,
        ["renee.dubois@fabrikam.example", "r.dubois@mail.example"]
    );
    // Her department, as the vCard reader keeps it, before the file's notes.
    assert_eq!(
        renee.notes,
        "Department: Research\n\nMet at the \"Data Days\" meetup.\nWants to hear back in spring."
    );
    assert_eq!(
        renee.profile_url,
        "https://www.fabrikam.example/people/renee"
    );
    // Her street and town, one address; the town is where she is.
    assert_eq!(renee.work_address, "12 Rue Verte\nMontréal");
    assert_eq!(renee.location, "Montréal");
    assert_eq!(renee.line, 2);
    assert_eq!(people[1].full_name, "José Muñoz");
    assert_eq!(people[1].phone, "+34 600 000 000");
    assert_eq!(people[2].full_name, "", "a shared inbox has no name");
    assert!(people[3].warnings[0].contains("not-an-email"));

    // The preview skips the nameless row, naming its line, and imports the rest.
    let mut db = Db::open_in_memory().unwrap();
    let preview = import::preview(db.conn(), &people, now()).unwrap();
    assert_eq!((preview.new, preview.skipped), (3, 1));
    // Renée's note runs over two lines, so the shared inbox is on line 5.
    let skipped = preview.rows.iter().find(|r| r.line == 5).unwrap();
    assert!(
        format!("{:?}", skipped.action).contains("name"),
        "{:?}",
        skipped.action
    );
    import::commit(db.conn_mut(), &people, now(), &mut |_, _| {}).unwrap();
    assert_eq!(contacts::count(db.conn()).unwrap(), 3);
}

#[test]
fn google_and_excel_files_read_too() {
    let people = guessed(&fixture("csv/google-contacts.csv"));
    assert_eq!(people[0].full_name, "Amara Okafor");
    assert_eq!(people[0].organization, "Tailspin Toys");
    assert_eq!(people[0].role, "Head of Product");
    assert_eq!(people[0].emails.len(), 2);
    // Google's own groups ("* myContacts") are not the user's tags.
    assert_eq!(people[0].tags, ["Mentors"]);
    assert_eq!(people[0].notes, "Introduced by Dana 🙂");
    // The kind beside each email and phone ("Work", "Mobile") is neither.
    assert_eq!(people[0].phone, "+44 7700 900123");
    assert_eq!(people[0].warnings, Vec::<String>::new());
    assert_eq!(people[1].full_name, "Bo Chen");

    let people = guessed(&fixture("csv/excel-semicolons.csv"));
    assert_eq!(people.len(), 2);
    assert_eq!(people[0].organization, "Alpine Ski House");
    assert_eq!(people[0].notes, "Prefers mornings; call first, then email");
    assert_eq!(people[1].emails, ["tom@contoso.example"]);
}

#[test]
fn numbers_with_extensions_several_numbers_and_words_import_the_person() {
    let file = "Name,Phone 1 - Label,Phone 1 - Value,Home Phone\r\n\
        Ana Lima,Work,+1 415 555 0134 x12 ::: +1 415 555 0199,call after six\r\n\
        Bo Chen,,ask reception,(020) 7946-0958 ext. 4\r\n";
    let people = guessed(file.as_bytes());
    let ana = &people[0];
    assert_eq!(
        (ana.phone.as_str(), ana.phone_ext.as_str()),
        ("+1 415 555 0134", "12")
    );
    // Each other number after its kind: Google's label beside it, or the column's name.
    assert_eq!(
        ana.notes,
        "Other phones: Work +1 415 555 0199; Home call after six"
    );
    assert_eq!(
        ana.warnings,
        ["“call after six” is not a phone number; it was kept in the notes."]
    );
    let bo = &people[1];
    assert_eq!(
        (bo.phone.as_str(), bo.phone_ext.as_str()),
        ("(020) 7946-0958", "4")
    );
    assert_eq!(bo.notes, "Other phones: ask reception");

    let mut db = Db::open_in_memory().unwrap();
    let preview = import::preview(db.conn(), &people, now()).unwrap();
    assert_eq!((preview.new, preview.skipped), (2, 0));
    import::commit(db.conn_mut(), &people, now(), &mut |_, _| {}).unwrap();
    let bo = contacts::all(db.conn()).unwrap().pop().unwrap();
    assert_eq!(
        (bo.phone.as_str(), bo.phone_ext.as_str()),
        ("(020) 7946-0958", "4")
    );
}

#[test]
fn outlooks_many_phone_columns_give_the_likeliest_number_and_name_the_others() {
    // Outlook writes its phone columns in the order of their names, not of their use.
    let file = "First Name,Last Name,Assistant's Phone,Business Phone,Business Phone 2,\
        Car Phone,Home Phone,Mobile Phone,Primary Phone,TTY/TDD Phone\r\n\
        Ana,Lima,+1 555 0001,+1 555 0002,,,+1 555 0003,+1 555 0004,,\r\n\
        Bo,Chen,,+1 555 0102,+1 555 0103,,,,+1 555 0101,+1 555 0109\r\n\
        Cy,Ode,+1 555 0201,,,+1 555 0202,,,,\r\n";
    let people = guessed(file.as_bytes());
    let phones: Vec<(&str, &str)> = people
        .iter()
        .map(|p| (p.phone.as_str(), p.notes.as_str()))
        .collect();
    assert_eq!(
        phones,
        [
            (
                "+1 555 0004",
                "Other phones: Business +1 555 0002; Home +1 555 0003; Assistant's +1 555 0001"
            ),
            (
                "+1 555 0101",
                "Other phones: Business +1 555 0102; Business 2 +1 555 0103; TTY/TDD +1 555 0109"
            ),
            ("+1 555 0201", "Other phones: Car +1 555 0202"),
        ]
    );
}

#[test]
fn outlooks_address_in_parts_reads_as_one_address() {
    let file = "First Name,Last Name,Business Street,Business City,Business State,\
        Business Postal Code,Business Country/Region,Home Street,Home City\r\n\
        Ana,Lima,\"2 Office Rd\nFloor 4\",Porto,,4000,Portugal,1 Home St,Lisbon\r\n";
    let ana = &guessed(file.as_bytes())[0];
    assert_eq!(
        ana.work_address,
        "2 Office Rd\nFloor 4\n4000 Porto\nPortugal"
    );
    assert_eq!(ana.location, "Porto, Portugal");
}

#[test]
fn googles_links_address_and_department_come_in() {
    let file = "First Name,Last Name,Organization Name,Organization Title,Organization Department,\
        Address 1 - Label,Address 1 - Formatted,Address 1 - City,Website 1 - Label,Website 1 - Value,\
        Website 2 - Label,Website 2 - Value\r\n\
        Amara,Okafor,Tailspin Toys,Head of Product,Research,Work,\"1 Canal St\nLondon EC1 2AB\",\
        London,Blog,https://amara.example,Profile,https://www.linkedin.com/in/amara-okafor\r\n\
        Bo,Chen,,,,,,,Blog,bo.example/notes,,\r\n";
    let people = guessed(file.as_bytes());
    let amara = &people[0];
    // Of her links, the LinkedIn profile; her address as Google formats it.
    assert_eq!(
        amara.profile_url,
        "https://www.linkedin.com/in/amara-okafor"
    );
    assert_eq!(amara.work_address, "1 Canal St\nLondon EC1 2AB");
    assert_eq!(amara.location, "London");
    assert_eq!(amara.notes, "Department: Research");
    assert_eq!(people[1].profile_url, "https://bo.example/notes");
}

#[test]
fn of_googles_numbered_addresses_the_work_one_is_kept_with_its_town_and_country() {
    let header = "Name,Address 1 - Type,Address 1 - Formatted,Address 1 - Street,Address 1 - City,\
        Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,\
        Address 1 - Extended Address,Address 2 - Type,Address 2 - Formatted,Address 2 - Street,\
        Address 2 - City,Address 2 - PO Box,Address 2 - Region,Address 2 - Postal Code,\
        Address 2 - Country,Address 2 - Extended Address\r\n";
    let rows = [
        // Home first, work second: the work one, as Google formats it.
        "Ana Lima,* Home,\"1 Home St\nLisbon\",1 Home St,Lisbon,,,,Portugal,,Work,\
         \"2 Office Rd\nFloor 4\n4000 Porto\",2 Office Rd,Porto,,,4000,Portugal,Floor 4\r\n",
        // No label at all, and no formatted text: put together from its parts.
        "Bo Chen,,,9 Quay Rd,Dublin,,,D02,Ireland,,,,,,,,,,\r\n",
        // Only a home address: kept, as a vCard's would be.
        "Cy Ng,Home,\"5 Elm St\nOslo\",5 Elm St,Oslo,,,,Norway,,,,,,,,,,\r\n",
    ];
    let file = format!("{header}{}", rows.concat());
    let fields = csv::guess(&csv::table(file.as_bytes()).unwrap().header.fields);
    let addressed = fields.iter().filter(|f| **f == Field::WorkAddress).count();
    assert_eq!(
        addressed, 16,
        "every part of both, not their labels: {fields:?}"
    );
    let people = guessed(file.as_bytes());
    assert_eq!(people[0].work_address, "2 Office Rd\nFloor 4\n4000 Porto");
    assert_eq!(people[0].location, "Porto, Portugal");
    assert_eq!(people[1].work_address, "9 Quay Rd\nD02 Dublin\nIreland");
    assert_eq!(people[1].location, "Dublin, Ireland");
    assert_eq!(people[2].work_address, "5 Elm St\nOslo");
    assert_eq!(people[2].location, "Oslo, Norway");
}

#[test]
fn a_list_of_names_alone_reads() {
    let people = guessed(b"Name\r\nAna Lima\r\n\r\nBo Chen\r\n");
    let names: Vec<&str> = people.iter().map(|p| p.full_name.as_str()).collect();
    assert_eq!(names, ["Ana Lima", "Bo Chen"]);
}

#[test]
fn columns_no_guess_knows_are_mapped_by_the_user() {
    let table = csv::table(&fixture("csv/french-headers.csv")).unwrap();
    let fields = csv::guess(&table.header.fields);
    assert!(fields.iter().all(|f| *f == Field::Ignore));
    let columns = csv::columns(&table, &fields);
    assert_eq!(columns[1].header, "Société");
    assert_eq!(columns[3].samples, ["elodie@fabrikam.example"]);
    match csv::read(&table, &fields) {
        Err(Error::BadFile(m)) => assert!(m.contains("No column holds names"), "{m}"),
        other => panic!("{other:?}"),
    }
    let mapping = [
        Field::FullName,
        Field::Organization,
        Field::Role,
        Field::Email,
    ];
    let people = csv::read(&table, &mapping).unwrap();
    assert_eq!(people[0].full_name, "Élodie Martin");
    assert_eq!(people[0].role, "Directrice");
    assert!(
        csv::read(&table, &mapping[..3]).is_err(),
        "a mapping of the wrong length"
    );
}

#[test]
fn files_that_are_not_a_spreadsheet_of_people_are_refused_with_the_line() {
    let mut db = Db::open_in_memory().unwrap();
    whole_log(&mut db);
    let before = checksum(db.conn());
    for (bytes, says) in [
        (fixture("malformed/empty.csv"), "empty"),
        (fixture("malformed/picture.png"), "not text"),
        (fixture("malformed/budget.csv"), "No column holds names"),
        (
            b"Name,Notes\nAna,\"a note cut\nin the middle".to_vec(),
            "cut short",
        ),
        (
            b"Name,Email\nAna,ana@x.example\nBo".to_vec(),
            "Line 3 ends after 1",
        ),
        (
            b"Name,Email\nAna,ana@x.example,extra\n".to_vec(),
            "Line 2 has 3 fields",
        ),
        (b"Name,Email\n".to_vec(), "no one under it"),
        (b"just one column\nof words\n".to_vec(), "single column"),
        (
            format!("Name,Notes\nAna,{}\n", "x".repeat(10 * 1024 * 1024)).into_bytes(),
            "Line 2 holds a field",
        ),
    ] {
        let read = csv::table(&bytes).and_then(|t| {
            let fields = csv::guess(&t.header.fields);
            csv::read(&t, &fields)
        });
        match read {
            Err(Error::BadFile(m)) => assert!(m.contains(says), "{says}: {m}"),
            other => panic!("{says}: {other:?}"),
        }
    }
    assert_eq!(checksum(db.conn()), before);
}

#[test]
fn the_csv_export_reads_back_into_an_empty_log() {
    let mut db = Db::open_in_memory().unwrap();
    whole_log(&mut db);
    let people = contacts::all(db.conn()).unwrap();
    let text = csv::write(&people).unwrap();
    assert!(text.starts_with("Name,Role,Organization,Emails,"));

    let again = guessed(text.as_bytes());
    let mut empty = Db::open_in_memory().unwrap();
    import::commit(empty.conn_mut(), &again, now(), &mut |_, _| {}).unwrap();
    let back = contacts::all(empty.conn()).unwrap();
    assert_eq!(back.len(), people.len());
    for (a, b) in people.iter().zip(&back) {
        assert_eq!(
            (
                &a.full_name,
                &a.role,
                &a.organization,
                &a.emails,
                &a.phone,
                &a.phone_ext,
                &a.location,
                &a.work_address
            ),
            (
                &b.full_name,
                &b.role,
                &b.organization,
                &b.emails,
                &b.phone,
                &b.phone_ext,
                &b.location,
                &b.work_address
            )
        );
        assert_eq!(
            (&a.industry, &a.profile_url, &a.in_common, &a.tags, &a.notes),
            (&b.industry, &b.profile_url, &b.in_common, &b.tags, &b.notes)
        );
        assert_eq!((a.source, a.stage), (b.source, b.stage));
    }
    assert_eq!(back[0].source, Some(Source::Event));
    assert_eq!(back[0].stage, Stage::KeepingInTouch);
}

#[test]
fn a_formula_in_someones_name_stays_text_in_a_spreadsheet() {
    let mut db = Db::open_in_memory().unwrap();
    for name in [
        "=HYPERLINK(\"http://evil.example\",\"Dana\")",
        "'quoted",
        "@Dana",
    ] {
        contacts::create(
            db.conn_mut(),
            contacts::ContactInput {
                full_name: name.into(),
                phone: "+1 555 0100".into(),
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    }
    let people = contacts::all(db.conn()).unwrap();
    let text = csv::write(&people).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"http"), "{text}");
    assert!(text.contains("'+1 555 0100"), "{text}");
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with('=') || l.starts_with('@')),
        "{text}"
    );
    let back: Vec<String> = guessed(text.as_bytes())
        .into_iter()
        .map(|c| format!("{} {}", c.full_name, c.phone))
        .collect();
    let mut want: Vec<String> = people
        .iter()
        .map(|c| format!("{} {}", c.full_name, c.phone))
        .collect();
    want.sort();
    let mut back = back;
    back.sort();
    assert_eq!(back, want);
}
