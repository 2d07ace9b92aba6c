//! The contact log through the core's public API, on temporary databases.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rapport::contacts::{self, ContactInput, ContactQuery, Sort, Source, Stage};
use rapport::error::Error;
use rapport::interactions::{self, Channel, Direction, InteractionInput, Outcome};
use rapport::store::{self, Db};
use rusqlite::Connection;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 0).unwrap()
}

fn person(name: &str, organization: &str) -> ContactInput {
    ContactInput {
        full_name: name.into(),
        organization: organization.into(),
        ..Default::default()
    }
}

fn add(db: &mut Db, name: &str, organization: &str) -> i64 {
    contacts::create(db.conn_mut(), person(name, organization), now())
        .unwrap()
        .id
}

fn log(db: &mut Db, contact_id: i64, days_ago: i64, channel: Channel, notes: &str) {
    interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id,
            occurred_at: now() - Duration::days(days_ago),
            channel,
            direction: Direction::Out,
            outcome: None,
            notes: notes.into(),
            purpose: None,
        },
        now(),
    )
    .unwrap();
}

fn names(db: &Db, query: ContactQuery) -> Vec<String> {
    contacts::list(db.conn(), &query)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.full_name)
        .collect()
}

fn search(db: &Db, text: &str) -> Vec<String> {
    names(
        db,
        ContactQuery {
            text: text.into(),
            ..Default::default()
        },
    )
}

#[test]
fn a_contact_is_found_by_a_prefix_of_its_organization_role_tags_and_notes() {
    let mut db = Db::open_in_memory().unwrap();
    let dana = contacts::create(
        db.conn_mut(),
        ContactInput {
            role: "Operations Analyst".into(),
            tags: vec!["alumni".into()],
            notes: "Met at the career fair".into(),
            source: Some(Source::Event),
            ..person("Dana Reyes", "Northwind Logistics")
        },
        now(),
    )
    .unwrap();
    add(&mut db, "Liz Darnell", "Contoso");
    assert_eq!(dana.organization, "Northwind Logistics");
    for query in [
        "north",
        "Northwind log",
        "analy",
        "alum",
        "career fair",
        "dana re",
    ] {
        assert_eq!(search(&db, query), ["Dana Reyes"], "query {query:?}");
    }
    assert_eq!(search(&db, "nobody"), Vec::<String>::new());
    assert_eq!(search(&db, "").len(), 2);
}

#[test]
fn who_talked_about_a_subject_is_found_through_interaction_notes() {
    let mut db = Db::open_in_memory().unwrap();
    let dana = add(&mut db, "Dana Reyes", "Northwind");
    add(&mut db, "Liz Darnell", "Contoso");
    log(
        &mut db,
        dana,
        3,
        Channel::VideoCall,
        "She moved into supply-chain analytics in 2021.",
    );
    assert_eq!(search(&db, "supply-chain analyt"), ["Dana Reyes"]);
}

#[test]
fn the_index_follows_edits_renames_and_deletes() {
    let mut db = Db::open_in_memory().unwrap();
    let id = add(&mut db, "Dana Reyes", "Northwind");
    contacts::update(db.conn_mut(), id, person("Dana Okafor", "Fabrikam"), now()).unwrap();
    assert_eq!(search(&db, "reyes"), Vec::<String>::new());
    assert_eq!(search(&db, "north"), Vec::<String>::new());
    assert_eq!(search(&db, "fabri"), ["Dana Okafor"]);

    db.conn()
        .execute(
            "UPDATE organizations SET name = 'Tailspin Toys' WHERE name = 'Fabrikam'",
            [],
        )
        .unwrap();
    assert_eq!(search(&db, "tailspin"), ["Dana Okafor"]);

    log(
        &mut db,
        id,
        1,
        Channel::Email,
        "asked about warehouse robotics",
    );
    assert_eq!(search(&db, "robot"), ["Dana Okafor"]);
    let logged: i64 = db
        .conn()
        .query_row("SELECT max(id) FROM interactions", [], |r| r.get(0))
        .unwrap();
    db.conn()
        .execute(
            "UPDATE interactions SET notes = 'asked about drones' WHERE id = ?1",
            [logged],
        )
        .unwrap();
    assert_eq!(search(&db, "robot"), Vec::<String>::new());
    assert_eq!(search(&db, "drones"), ["Dana Okafor"]);
    // Her name and organization are still found after her notes changed.
    assert_eq!(search(&db, "tailspin okafor"), ["Dana Okafor"]);
    interactions::delete(db.conn(), logged).unwrap();
    assert_eq!(search(&db, "drones"), Vec::<String>::new());

    log(&mut db, id, 1, Channel::Email, "warehouse robotics");
    contacts::delete(db.conn(), id).unwrap();
    assert_eq!(search(&db, "okafor"), Vec::<String>::new());
    let leftover: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM contacts_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(leftover, 0, "a deleted contact's notes stay searchable");
}

#[test]
fn filters_and_orders() {
    let mut db = Db::open_in_memory().unwrap();
    let ana = contacts::create(
        db.conn_mut(),
        ContactInput {
            tags: vec!["Fintech".into()],
            stage: Stage::NotNow,
            ..person("Ana Silva", "")
        },
        now(),
    )
    .unwrap()
    .id;
    let ben = add(&mut db, "ben Ochoa", "");
    add(&mut db, "Cleo Park", "");
    log(&mut db, ana, 10, Channel::Email, "");
    log(&mut db, ben, 2, Channel::Email, "");

    assert_eq!(
        names(&db, ContactQuery::default()),
        ["Ana Silva", "ben Ochoa", "Cleo Park"]
    );
    assert_eq!(
        names(
            &db,
            ContactQuery {
                sort: Sort::LastInteraction,
                ..Default::default()
            }
        ),
        ["ben Ochoa", "Ana Silva", "Cleo Park"]
    );
    assert_eq!(
        names(
            &db,
            ContactQuery {
                tag: Some("fintech".into()),
                ..Default::default()
            }
        ),
        ["Ana Silva"]
    );
    assert_eq!(
        names(
            &db,
            ContactQuery {
                stage: Some(Stage::NotNow),
                ..Default::default()
            }
        ),
        ["Ana Silva"]
    );
    let page = contacts::list(
        db.conn(),
        &ContactQuery {
            limit: Some(2),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((page.items.len(), page.total), (2, 3));
    assert_eq!(contacts::tags(db.conn()).unwrap(), ["Fintech"]);
}

#[test]
fn referrals_link_both_ways_and_survive_the_referrer_being_deleted() {
    let mut db = Db::open_in_memory().unwrap();
    let liz = add(&mut db, "Liz Darnell", "Contoso");
    let dana = contacts::create(
        db.conn_mut(),
        ContactInput {
            referred_by_id: Some(liz),
            source: Some(Source::Referral),
            ..person("Dana Reyes", "")
        },
        now(),
    )
    .unwrap()
    .id;
    let page = contacts::detail(db.conn(), dana).unwrap();
    assert_eq!(page.referred_by.unwrap().full_name, "Liz Darnell");
    let page = contacts::detail(db.conn(), liz).unwrap();
    assert_eq!(page.referrals.len(), 1);
    assert_eq!(page.referrals[0].full_name, "Dana Reyes");

    let self_ref = contacts::update(
        db.conn_mut(),
        liz,
        ContactInput {
            referred_by_id: Some(liz),
            ..person("Liz Darnell", "")
        },
        now(),
    );
    assert!(matches!(self_ref, Err(Error::Invalid(_))));

    contacts::delete(db.conn(), liz).unwrap();
    let dana = contacts::get(db.conn(), dana).unwrap();
    assert_eq!(dana.referred_by_id, None);
}

#[test]
fn bad_input_changes_nothing() {
    let mut db = Db::open_in_memory().unwrap();
    let bad = ContactInput {
        emails: vec!["dana@example".into()],
        ..person("Dana Reyes", "Northwind")
    };
    let err = contacts::create(db.conn_mut(), bad, now()).unwrap_err();
    assert!(err.to_string().contains("not an email address"), "{err}");
    let unknown_referrer = ContactInput {
        referred_by_id: Some(999),
        ..person("Dana Reyes", "Northwind")
    };
    assert!(contacts::create(db.conn_mut(), unknown_referrer, now()).is_err());
    let count = |table: &str| -> i64 {
        db.conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!((count("contacts"), count("organizations")), (0, 0));

    let missing = interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id: 42,
            occurred_at: now(),
            channel: Channel::Email,
            direction: Direction::Out,
            outcome: Some(Outcome::Sent),
            notes: String::new(),
            purpose: None,
        },
        now(),
    );
    assert!(matches!(missing, Err(Error::NotFound("contact"))));
}

#[test]
fn logging_an_interaction_moves_the_stage_and_shows_newest_first() {
    let mut db = Db::open_in_memory().unwrap();
    let id = add(&mut db, "Dana Reyes", "");
    let logged = interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id: id,
            occurred_at: now() - Duration::days(8),
            channel: Channel::Email,
            direction: Direction::Out,
            outcome: Some(Outcome::Sent),
            notes: "Asked for 20 minutes".into(),
            purpose: None,
        },
        now(),
    )
    .unwrap();
    assert_eq!(logged.stage, Some(Stage::ReachedOut));
    log(&mut db, id, 1, Channel::Voicemail, "Left a voicemail");
    let page = contacts::detail(db.conn(), id).unwrap();
    assert_eq!(page.contact.stage, Stage::ReachedOut);
    let channels: Vec<Channel> = page.interactions.iter().map(|i| i.channel).collect();
    assert_eq!(channels, [Channel::Voicemail, Channel::Email]);
}

#[test]
fn a_database_made_by_migration_1_is_upgraded_and_its_data_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(store::DB_FILE);
    {
        let mut conn = Connection::open(&path).unwrap();
        store::migrations().to_version(&mut conn, 1).unwrap();
        conn.execute_batch(
            "INSERT INTO organizations (id, name, created_at, updated_at)
                 VALUES (1, 'Northwind Logistics', '2025-01-01 10:00:00+00:00', '2025-01-01 10:00:00+00:00');
             INSERT INTO contacts (id, full_name, organization_id, tags, created_at, updated_at)
                 VALUES (1, 'Dana Reyes', 1, '[\"alumni\"]', '2025-01-01 10:00:00+00:00', '2025-01-01 10:00:00+00:00');
             INSERT INTO interactions (contact_id, occurred_at, channel, direction, notes, created_at, updated_at)
                 VALUES (1, '2025-01-02 10:00:00+00:00', 'phone_call', 'out', 'warehouse robotics',
                         '2025-01-02 10:00:00+00:00', '2025-01-02 10:00:00+00:00');",
        )
        .unwrap();
    }
    let db = Db::open(dir.path()).unwrap();
    let version: i64 = db
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert!(version > 1, "still at version {version}");
    assert_eq!(
        store::migrations().pending_migrations(db.conn()).unwrap(),
        0
    );
    assert_eq!(search(&db, "northw"), ["Dana Reyes"]);
    assert_eq!(search(&db, "robot"), ["Dana Reyes"]);
    assert_eq!(search(&db, "alumni"), ["Dana Reyes"]);
}

#[test]
fn what_is_saved_is_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut db = Db::open(dir.path()).unwrap();
        let id = add(&mut db, "Dana Reyes", "Northwind");
        log(&mut db, id, 1, Channel::Voicemail, "left a message");
    }
    let db = Db::open(dir.path()).unwrap();
    assert_eq!(search(&db, "north"), ["Dana Reyes"]);
    let id = contacts::list(db.conn(), &ContactQuery::default())
        .unwrap()
        .items[0]
        .id;
    assert_eq!(
        contacts::detail(db.conn(), id).unwrap().interactions.len(),
        1
    );
}

#[test]
fn an_organization_shows_its_people_and_how_it_answers_and_can_be_edited() {
    use rapport::organizations::{self, OrganizationInput};
    let mut db = Db::open_in_memory().unwrap();
    let dana = add(&mut db, "Dana Reyes", "Northwind");
    add(&mut db, "Ed Park", "Northwind");
    add(&mut db, "Liz Darnell", "Contoso");
    log(&mut db, dana, 5, Channel::Email, "asked for 20 minutes");
    log(&mut db, dana, 2, Channel::Email, "followed up");
    interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id: dana,
            occurred_at: now() - Duration::days(1),
            channel: Channel::Email,
            direction: Direction::In,
            outcome: Some(Outcome::Replied),
            notes: String::new(),
            purpose: None,
        },
        now(),
    )
    .unwrap();
    let id = contacts::get(db.conn(), dana)
        .unwrap()
        .organization_id
        .unwrap();
    let page = organizations::get(db.conn(), id).unwrap();
    let people: Vec<&str> = page.people.iter().map(|p| p.full_name.as_str()).collect();
    assert_eq!(people, ["Dana Reyes", "Ed Park"]);
    assert_eq!((page.attempts, page.replies), (2, 1));

    let taken = OrganizationInput {
        name: "contoso".into(),
        ..Default::default()
    };
    assert!(matches!(
        organizations::update(db.conn(), id, taken, now()),
        Err(Error::Invalid(_))
    ));
    let bad_site = OrganizationInput {
        name: "Northwind".into(),
        website: "not a site".into(),
        ..Default::default()
    };
    assert!(organizations::update(db.conn(), id, bad_site, now()).is_err());
    assert_eq!(
        organizations::get(db.conn(), id)
            .unwrap()
            .organization
            .website,
        ""
    );

    let edited = organizations::update(
        db.conn(),
        id,
        OrganizationInput {
            name: "Northwind Logistics".into(),
            industry: "Logistics".into(),
            website: "northwind.example".into(),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    assert_eq!(edited.organization.website, "https://northwind.example/");
    assert_eq!(search(&db, "northwind logis"), ["Dana Reyes", "Ed Park"]);
}

#[test]
fn an_organization_typed_with_a_byte_order_mark_is_the_same_organization() {
    let mut db = Db::open_in_memory().unwrap();
    let dana = add(&mut db, "Dana Reyes", "Contoso");
    let liz = add(&mut db, "Liz Darnell", "\u{FEFF}Contoso\u{FEFF}");
    let org = |id| contacts::get(db.conn(), id).unwrap();
    assert_eq!(org(liz).organization, "Contoso");
    assert_eq!(org(liz).organization_id, org(dana).organization_id);
    assert_eq!(
        rapport::organizations::names(db.conn()).unwrap(),
        ["Contoso"]
    );
}

#[test]
fn text_is_stored_as_it_is_shown_composed_and_without_invisible_ends() {
    let mut db = Db::open_in_memory().unwrap();
    let input = ContactInput {
        full_name: "\u{2066}Mar\u{ED}a Garci\u{301}a\u{2069}\u{200B}".into(),
        role: " Analyst\t\tII ".into(),
        tags: vec!["\u{FEFF}alumni".into(), "Alumni".into()],
        ..Default::default()
    };
    let id = contacts::create(db.conn_mut(), input, now()).unwrap().id;
    let c = contacts::get(db.conn(), id).unwrap();
    assert_eq!(c.full_name, "María García");
    assert_eq!(c.role, "Analyst II");
    assert_eq!(c.tags, ["alumni"]);
    // A name of invisible characters alone is no name.
    let blank = ContactInput {
        full_name: "\u{FEFF}\u{200E}".into(),
        ..Default::default()
    };
    assert!(matches!(
        contacts::create(db.conn_mut(), blank, now()),
        Err(Error::Invalid(_))
    ));
}

#[test]
fn search_ignores_accents_and_invisible_characters_both_ways() {
    let mut db = Db::open_in_memory().unwrap();
    add(&mut db, "María García", "Contoso");
    let zoe = add(&mut db, "Zoe Reyes", "Fabrikam");
    log(
        &mut db,
        zoe,
        1,
        Channel::Email,
        "Met \u{2066}Tomás\u{2069} at the ex\u{AD}po",
    );
    for typed in [
        "Garcia",
        "garcía",
        "Garci\u{301}a",
        "\u{2066}Garcia\u{2069}",
        "maria gar",
    ] {
        assert_eq!(search(&db, typed), ["María García"], "{typed:?}");
    }
    assert_eq!(search(&db, "tomas"), ["Zoe Reyes"]);
    assert_eq!(search(&db, "expo"), ["Zoe Reyes"]);
    assert_eq!(search(&db, "Zoë"), ["Zoe Reyes"]);
}

#[test]
fn an_upgrade_normalizes_stored_text_merges_split_organizations_and_reindexes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(store::DB_FILE);
    {
        let mut conn = Connection::open(&path).unwrap();
        store::migrations().to_version(&mut conn, 4).unwrap();
        conn.execute_batch(
            "INSERT INTO organizations (id, name, industry, created_at, updated_at)
                 VALUES (1, 'Contoso', '', '2025-01-01 10:00:00+00:00', '2025-01-01 10:00:00+00:00'),
                        (2, char(65279) || 'contoso', 'Retail', '2025-01-01 10:00:00+00:00', '2025-01-01 10:00:00+00:00');
             INSERT INTO contacts (id, full_name, organization_id, tags, created_at, updated_at)
                 VALUES (1, char(8294) || 'Dana' || char(8297) || ' Reyes', 2, '[\" alumni\"]',
                         '2025-01-01 10:00:00+00:00', '2025-01-01 10:00:00+00:00'),
                        (2, 'Garci' || char(769) || 'a', 1, '[]',
                         '2025-01-01 10:00:00+00:00', '2025-01-01 10:00:00+00:00');
             INSERT INTO interactions (contact_id, occurred_at, channel, direction, notes, created_at, updated_at)
                 VALUES (1, '2025-01-02 10:00:00+00:00', 'phone_call', 'out',
                         'about ' || char(8294) || 'robotics' || char(8297) || char(13) || char(10),
                         '2025-01-02 10:00:00+00:00', '2025-01-02 10:00:00+00:00');",
        )
        .unwrap();
        assert!(
            search_conn(&conn, "dana").is_empty(),
            "the old index hid her"
        );
    }
    let db = Db::open(dir.path()).unwrap();
    assert_eq!(
        rapport::organizations::names(db.conn()).unwrap(),
        ["Contoso"]
    );
    let dana = contacts::get(db.conn(), 1).unwrap();
    let org = rapport::organizations::get(db.conn(), dana.organization_id.unwrap()).unwrap();
    assert_eq!(
        (
            org.organization.name.as_str(),
            org.organization.industry.as_str()
        ),
        ("Contoso", "Retail")
    );
    assert_eq!(org.organization.contact_count, 2);
    // Only the ends are trimmed: what is inside is the user's own.
    assert_eq!(dana.full_name, "Dana\u{2069} Reyes");
    assert_eq!(dana.tags, ["alumni"]);
    // Tags written before the list kept who holds each are in its menu and filter.
    assert_eq!(contacts::tags(db.conn()).unwrap(), ["alumni"]);
    let tagged = ContactQuery {
        tag: Some("Alumni".into()),
        ..Default::default()
    };
    assert_eq!(names(&db, tagged), ["Dana\u{2069} Reyes"]);
    assert_eq!(contacts::get(db.conn(), 2).unwrap().full_name, "García");
    let notes = &contacts::detail(db.conn(), 1).unwrap().interactions[0].notes;
    assert_eq!(notes, "about \u{2066}robotics");
    assert_eq!(search(&db, "dana"), ["Dana\u{2069} Reyes"]);
    assert_eq!(search(&db, "robotics"), ["Dana\u{2069} Reyes"]);
    assert_eq!(search(&db, "garcia"), ["García"]);
    assert_eq!(search(&db, "contoso").len(), 2);
}

/// Searches a database the core did not open (an older schema).
fn search_conn(conn: &Connection, text: &str) -> Vec<i64> {
    let expression = rapport::search::match_expression(text).unwrap();
    conn.prepare("SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?1")
        .unwrap()
        .query_map([expression], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_persons_timeline_tells_their_story_newest_first() {
    use rapport::timeline::{self, Event};
    let mut db = Db::open_in_memory().unwrap();
    let liz = add(&mut db, "Liz Darnell", "Contoso");
    let input = |role: &str, organization: &str| ContactInput {
        role: role.into(),
        referred_by_id: Some(liz),
        ..person("Dana Reyes", organization)
    };
    let dana = contacts::create(
        db.conn_mut(),
        input("", "Northwind"),
        now() - Duration::days(10),
    )
    .unwrap()
    .id;
    log(&mut db, dana, 5, Channel::Email, "first note");
    // Filling in a blank role is learning more, not a move; changing it is.
    contacts::update(
        db.conn_mut(),
        dana,
        input("Analyst", "Northwind"),
        now() - Duration::days(4),
    )
    .unwrap();
    contacts::update(
        db.conn_mut(),
        dana,
        input("Manager", "Fabrikam"),
        now() - Duration::days(2),
    )
    .unwrap();
    // Saving without a change records nothing.
    contacts::update(
        db.conn_mut(),
        dana,
        input("Manager", "Fabrikam"),
        now() - Duration::days(1),
    )
    .unwrap();
    contacts::create(
        db.conn_mut(),
        ContactInput {
            referred_by_id: Some(dana),
            ..person("Tomás Alvarez", "")
        },
        now() - Duration::days(3),
    )
    .unwrap();

    let story = timeline::for_contact(db.conn(), dana).unwrap();
    let told: Vec<String> = story
        .iter()
        .map(|e| match &e.event {
            Event::Interaction { interaction, .. } => format!("talk {}", interaction.notes),
            Event::Interview { .. } => "interview".into(),
            Event::Referred { person } => format!("suggested {}", person.full_name),
            Event::Moved { field, from, to } => format!("{field} {from} → {to}"),
            Event::SyncConflict { field, to, .. } => format!("{field} not kept: {to}"),
            Event::Added { referred_by } => format!(
                "added via {}",
                referred_by.as_ref().map_or("", |r| r.full_name.as_str())
            ),
        })
        .collect();
    assert_eq!(
        told,
        [
            "role Analyst → Manager",
            "organization Northwind → Fabrikam",
            "suggested Tomás Alvarez",
            "talk first note",
            "added via Liz Darnell",
        ]
    );
    assert!(story.windows(2).all(|w| w[0].at >= w[1].at));
    // An organization renamed on its own page is no move of the person's.
    let org = contacts::get(db.conn(), dana)
        .unwrap()
        .organization_id
        .unwrap();
    rapport::organizations::update(
        db.conn(),
        org,
        rapport::organizations::OrganizationInput {
            name: "Fabrikam Inc".into(),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    assert_eq!(
        timeline::for_contact(db.conn(), dana).unwrap().len(),
        story.len()
    );
}

#[test]
fn rebuilding_the_interactions_table_keeps_every_link_and_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(store::DB_FILE);
    {
        let mut conn = Connection::open(&path).unwrap();
        store::migrations().to_version(&mut conn, 6).unwrap();
        conn.execute_batch(
            "INSERT INTO contacts (id, full_name, created_at, updated_at)
                 VALUES (1, 'Dana Reyes', '2025-01-01 10:00:00+00:00', '2025-01-01 10:00:00+00:00');
             INSERT INTO interactions (id, contact_id, occurred_at, channel, direction, notes,
                                       created_at, updated_at, purpose)
                 VALUES (7, 1, '2025-01-02 10:00:00+00:00', 'video_call', 'out', 'warehouse robotics',
                         '2025-01-02 10:00:00+00:00', '2025-01-02 10:00:00+00:00', NULL),
                        (8, 1, '2025-01-03 10:00:00+00:00', 'email', 'out', '',
                         '2025-01-03 10:00:00+00:00', '2025-01-03 10:00:00+00:00', 'thank_you');
             INSERT INTO interviews (id, contact_id, scheduled_at, status, interaction_id,
                                     created_at, updated_at)
                 VALUES (3, 1, '2025-01-02 09:30:00+00:00', 'done', 7,
                         '2025-01-01 10:00:00+00:00', '2025-01-01 10:00:00+00:00');",
        )
        .unwrap();
    }
    let mut db = Db::open(dir.path()).unwrap();
    let link: Option<i64> = db
        .conn()
        .query_row(
            "SELECT interaction_id FROM interviews WHERE id = 3",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(link, Some(7), "the interview lost its conversation");
    let fk: i64 = db
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1, "foreign keys are off after migrating");
    assert_eq!(search(&db, "robotics"), ["Dana Reyes"]);
    let history = contacts::detail(db.conn(), 1).unwrap().interactions;
    assert_eq!(history.iter().map(|i| i.id).collect::<Vec<_>>(), [8, 7]);
    // The rebuilt table still feeds the index and cascades with its person.
    log(&mut db, 1, 1, Channel::Email, "supply chain dashboards");
    assert_eq!(search(&db, "dashboards"), ["Dana Reyes"]);
    contacts::delete(db.conn(), 1).unwrap();
    let left: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM interactions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

/// Many matches are read along the order's index, few are looked up and sorted: both give
/// the list a plain filter and sort would, page after page, in either order.
#[test]
fn pages_are_the_same_however_many_match() {
    let mut db = Db::open_in_memory().unwrap();
    let mut people = Vec::new();
    for i in 0..120 {
        let organization = if i % 2 == 0 { "Northwind" } else { "Contoso" };
        let name = if i % 40 == 7 {
            format!("Rare Zephyr {i}")
        } else {
            format!("Person {:03}", (i * 37) % 120)
        };
        let id = add(&mut db, &name, organization);
        if i % 3 != 0 {
            log(&mut db, id, (i * 7) % 50, Channel::Email, "");
        }
        people.push((id, name, organization, i % 3 != 0, (i * 7) % 50));
    }
    for (text, wanted) in [("northwind", 60), ("zeph", 3), ("", 120)] {
        for sort in [Sort::Name, Sort::LastInteraction] {
            let mut expected: Vec<&(i64, String, &str, bool, i64)> = people
                .iter()
                .filter(|p| match text {
                    "northwind" => p.2 == "Northwind",
                    "zeph" => p.1.starts_with("Rare Zephyr"),
                    _ => true,
                })
                .collect();
            match sort {
                Sort::Name => expected.sort_by_key(|p| (p.1.to_lowercase(), p.0)),
                // Latest first (fewest days ago); never contacted last, by name.
                Sort::LastInteraction => expected
                    .sort_by_key(|p| (!p.3, if p.3 { p.4 } else { 0 }, p.1.to_lowercase(), p.0)),
            }
            assert_eq!(expected.len(), wanted);
            let mut got = Vec::new();
            let mut offset = 0;
            loop {
                let page = contacts::list(
                    db.conn(),
                    &ContactQuery {
                        text: text.into(),
                        sort,
                        limit: Some(25),
                        offset,
                        ..Default::default()
                    },
                )
                .unwrap();
                assert_eq!(page.total, wanted as i64, "{text:?}");
                if page.items.is_empty() {
                    break;
                }
                offset += page.items.len() as u32;
                got.extend(page.items.into_iter().map(|c| c.id));
            }
            let expected: Vec<i64> = expected.iter().map(|p| p.0).collect();
            assert_eq!(got, expected, "{text:?} by {sort:?}");
        }
    }
}
