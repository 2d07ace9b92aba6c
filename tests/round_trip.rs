//! Export → import into an empty log gives back the same people, whatever their text holds
//! (any script, commas, quotes, line breaks, `;` and `\`): through vCard, CSV and JSON.

mod common;

use common::{contents, now};
use proptest::prelude::*;
use rapport::contacts::{self, Contact, ContactInput, Source, Stage};
use rapport::exchange::{csv, import, json, vcard};
use rapport::store::Db;

/// Text as people paste it: letters of several scripts, punctuation that formats escape,
/// line breaks of every kind, emoji, and a direction override.
fn awkward(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            6 => proptest::char::range('a', 'z'),
            2 => Just(' '),
            1 => proptest::sample::select(vec![
                ',', ';', ':', '"', '\'', '\\', '\n', '\r', '\t', '=', '<', '&', '%', '+', '-', '@',
                'é', 'ß', 'Ø', 'ñ', '漢', '字', 'ش', 'ب', 'Я', '🙂', '\u{202E}', '\u{00A0}',
            ]),
        ],
        0..max,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn person() -> impl Strategy<Value = ContactInput> {
    (
        (awkward(30), awkward(20), awkward(20), awkward(20)),
        (awkward(80), awkward(40), awkward(30), awkward(30)),
        (
            proptest::collection::vec(awkward(12), 0..3),
            proptest::collection::vec("[a-z]{1,8}(\\.[a-z]{1,5})?@[a-z]{1,8}\\.example", 0..3),
            proptest::sample::select(Stage::ALL.to_vec()),
            proptest::option::of(proptest::sample::select(Source::ALL.to_vec())),
            "[0-9 +()-]{0,15}",
        ),
    )
        .prop_map(
            |(
                (full_name, role, organization, location),
                (notes, in_common, work_address, industry),
                (tags, emails, stage, source, phone),
            )| ContactInput {
                full_name,
                role,
                organization,
                location,
                notes,
                in_common,
                work_address,
                industry,
                tags,
                emails,
                stage,
                source,
                phone,
                ..Default::default()
            },
        )
}

/// The log holding this one person, as the app stores them (or None if the app refuses
/// such a person, as it does a blank name).
fn stored(input: ContactInput) -> Option<(Db, Contact)> {
    let mut db = Db::open_in_memory().unwrap();
    let person = contacts::create(db.conn_mut(), input, now()).ok()?;
    Some((db, person))
}

/// What a file of people carries about someone (not who referred them, nor check-ins).
fn fields(c: &Contact) -> ContactInput {
    ContactInput {
        referred_by_id: None,
        checkin_months: None,
        checkin_paused: false,
        ..ContactInput::from(c)
    }
}

fn imported(people: &[import::Candidate]) -> Vec<Contact> {
    let mut db = Db::open_in_memory().unwrap();
    import::commit(db.conn_mut(), people, now(), &mut |_, _| {}).unwrap();
    contacts::all(db.conn()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        // A failure prints its smallest case; nothing is written beside the sources.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_person_survives_vcard(input in person()) {
        let Some((_db, person)) = stored(input) else { return Ok(()); };
        let file = vcard::write(std::slice::from_ref(&person));
        let back = imported(&vcard::read(file.as_bytes()).unwrap());
        prop_assert_eq!(back.len(), 1, "{}", file);
        prop_assert_eq!(fields(&back[0]), fields(&person), "{}", file);
    }

    #[test]
    fn a_person_survives_csv(input in person()) {
        let Some((_db, person)) = stored(input) else { return Ok(()); };
        let file = csv::write(std::slice::from_ref(&person)).unwrap();
        let table = csv::table(file.as_bytes()).unwrap();
        let columns = csv::guess(&table.header.fields);
        let back = imported(&csv::read(&table, &columns).unwrap());
        prop_assert_eq!(back.len(), 1, "{}", file);
        prop_assert_eq!(fields(&back[0]), fields(&person), "{}", file);
    }

    #[test]
    fn the_whole_log_survives_json(input in person(), note in awkward(60)) {
        let Some((mut db, person)) = stored(input) else { return Ok(()); };
        rapport::interactions::create(
            db.conn_mut(),
            rapport::interactions::InteractionInput {
                contact_id: person.id,
                occurred_at: now(),
                channel: rapport::interactions::Channel::Email,
                direction: rapport::interactions::Direction::Out,
                outcome: None,
                notes: note,
                purpose: None,
            },
            now(),
        )
        .unwrap();
        let file = json::write(db.conn(), now()).unwrap();
        let back = json::read(file.as_bytes()).unwrap();
        prop_assert_eq!(contents(&back), contents(db.conn()));
    }
}
