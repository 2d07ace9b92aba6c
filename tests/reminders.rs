//! Reminder rules over a real contact log, with `now` injected.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::{America::Chicago, Tz};
use rapport::contacts::{self, ContactInput, Stage};
use rapport::dates::DateStyle;
use rapport::interactions::{self, Channel, Direction, InteractionInput, Outcome, Purpose};
use rapport::reminders::{self, Bucket, Kind};
use rapport::settings::{FollowUpRoutine, ReminderSettings};
use rapport::store::Db;

/// Sunday 22 Nov 2026, 10:00 in Chicago.
fn now() -> DateTime<Tz> {
    Chicago.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

fn person(db: &mut Db, name: &str, stage: Stage) -> i64 {
    contacts::create(
        db.conn_mut(),
        ContactInput {
            full_name: name.into(),
            organization: "Northwind Logistics".into(),
            stage,
            ..Default::default()
        },
        now().with_timezone(&Utc),
    )
    .unwrap()
    .id
}

fn log_at(
    db: &mut Db,
    contact_id: i64,
    at: DateTime<Utc>,
    channel: Channel,
    direction: Direction,
    outcome: Option<Outcome>,
    purpose: Option<Purpose>,
) -> i64 {
    interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id,
            occurred_at: at,
            channel,
            direction,
            outcome,
            notes: String::new(),
            purpose,
        },
        now().with_timezone(&Utc),
    )
    .unwrap()
    .interaction
    .id
}

fn ago(hours: i64) -> DateTime<Utc> {
    now().with_timezone(&Utc) - Duration::hours(hours)
}

/// What the Today view lists (overdue, today, the next 7 days).
fn due(db: &Db, s: &ReminderSettings, at: &DateTime<Tz>) -> Vec<(Kind, Bucket, String)> {
    reminders::all(db.conn(), s, at, DateStyle::default())
        .unwrap()
        .into_iter()
        .filter(|r| r.bucket != Bucket::Later)
        .map(|r| (r.kind, r.bucket, r.contact_name))
        .collect()
}

#[test]
fn a_thank_you_is_due_after_a_call_and_overdue_at_48_hours() {
    let s = ReminderSettings::default();
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes", Stage::Scheduled);
    log_at(
        &mut db,
        dana,
        ago(30),
        Channel::VideoCall,
        Direction::Out,
        None,
        None,
    );
    assert_eq!(
        due(&db, &s, &now()),
        [(Kind::ThankYou, Bucket::Today, "Dana Reyes".into())]
    );
    let later = now() + Duration::hours(19);
    assert_eq!(due(&db, &s, &later)[0].1, Bucket::Overdue);

    let r = &reminders::all(db.conn(), &s, &now(), DateStyle::default()).unwrap()[0];
    assert_eq!(
        r.body,
        "Send a thank-you note to \u{2068}Dana Reyes\u{2069} — you talked yesterday 04:00"
    );

    // Logging the thank-you ends it.
    log_at(
        &mut db,
        dana,
        ago(1),
        Channel::Email,
        Direction::Out,
        Some(Outcome::Sent),
        Some(Purpose::ThankYou),
    );
    assert!(due(&db, &s, &now())
        .iter()
        .all(|(k, ..)| *k != Kind::ThankYou));
}

#[test]
fn an_unanswered_email_asks_for_a_follow_up_after_a_week() {
    let s = ReminderSettings::default();
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes", Stage::ToContact);
    log_at(
        &mut db,
        dana,
        ago(8 * 24),
        Channel::Email,
        Direction::Out,
        Some(Outcome::Sent),
        None,
    );
    let list = reminders::all(db.conn(), &s, &now(), DateStyle::default()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].kind, Kind::FollowUp);
    assert_eq!(list[0].due_at, ago(24));
    assert_eq!(list[0].bucket, Bucket::Overdue);

    // A reply ends it.
    log_at(
        &mut db,
        dana,
        ago(2),
        Channel::Email,
        Direction::In,
        Some(Outcome::Replied),
        None,
    );
    assert!(due(&db, &s, &now()).is_empty());
}

#[test]
fn the_3b7_routine_counts_business_days() {
    let s = ReminderSettings {
        follow_up_routine: FollowUpRoutine::ThreeBSeven,
        ..Default::default()
    };
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes", Stage::ReachedOut);
    // Sent Thursday 19 Nov 09:00.
    let sent = Chicago.with_ymd_and_hms(2026, 11, 19, 9, 0, 0).unwrap();
    log_at(
        &mut db,
        dana,
        sent.with_timezone(&Utc),
        Channel::LinkedInMessage,
        Direction::Out,
        None,
        None,
    );
    let list = reminders::all(db.conn(), &s, &now(), DateStyle::default()).unwrap();
    let kinds: Vec<(Kind, DateTime<Tz>)> = list
        .iter()
        .map(|r| (r.kind, r.due_at.with_timezone(&Chicago)))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                Kind::TrySomeoneElse,
                Chicago.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
            ),
            (
                Kind::FollowUp,
                Chicago.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap()
            ),
        ]
    );
    assert!(
        list[0]
            .body
            .contains("Try someone else at \u{2068}Northwind Logistics\u{2069}"),
        "{}",
        list[0].body
    );
}

#[test]
fn check_ins_count_from_the_last_interaction_and_reset_when_anything_is_logged() {
    let s = ReminderSettings::default();
    let mut db = Db::open_in_memory().unwrap();
    let liz = person(&mut db, "Liz Darnell", Stage::KeepingInTouch);
    let aug31 = Chicago.with_ymd_and_hms(2026, 8, 31, 12, 0, 0).unwrap();
    log_at(
        &mut db,
        liz,
        aug31.with_timezone(&Utc),
        Channel::InPerson,
        Direction::Out,
        None,
        None,
    );
    let checkin = |db: &Db| {
        reminders::all(db.conn(), &s, &now(), DateStyle::default())
            .unwrap()
            .into_iter()
            .find(|r| r.kind == Kind::CheckIn)
            .map(|r| (r.due_at.with_timezone(&Chicago), r.bucket))
    };
    // 31 Aug + 3 months = 30 Nov (November has no 31st): more than a week away.
    assert_eq!(
        checkin(&db),
        Some((
            Chicago.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap(),
            Bucket::Later
        ))
    );
    log_at(
        &mut db,
        liz,
        ago(24),
        Channel::Email,
        Direction::In,
        Some(Outcome::Replied),
        None,
    );
    assert_eq!(
        checkin(&db).map(|c| c.0),
        Some(Chicago.with_ymd_and_hms(2027, 2, 21, 10, 0, 0).unwrap())
    );

    // Per contact: a cadence of its own, or paused.
    let mut input = ContactInput {
        full_name: "Liz Darnell".into(),
        stage: Stage::KeepingInTouch,
        checkin_months: Some(1),
        ..Default::default()
    };
    contacts::update(db.conn_mut(), liz, input.clone(), Utc::now()).unwrap();
    assert_eq!(
        checkin(&db).map(|c| c.0),
        Some(Chicago.with_ymd_and_hms(2026, 12, 21, 10, 0, 0).unwrap())
    );
    input.checkin_paused = true;
    contacts::update(db.conn_mut(), liz, input, Utc::now()).unwrap();
    assert_eq!(checkin(&db), None);
}

#[test]
fn a_scheduled_call_is_announced_an_hour_before() {
    let s = ReminderSettings::default();
    let mut db = Db::open_in_memory().unwrap();
    let marcus = person(&mut db, "Marcus Chen", Stage::ReachedOut);
    let call = Chicago.with_ymd_and_hms(2026, 11, 24, 14, 0, 0).unwrap();
    log_at(
        &mut db,
        marcus,
        call.with_timezone(&Utc),
        Channel::PhoneCall,
        Direction::Out,
        Some(Outcome::Scheduled),
        None,
    );
    let list = reminders::all(db.conn(), &s, &now(), DateStyle::default()).unwrap();
    let r = list.iter().find(|r| r.kind == Kind::BeforeCall).unwrap();
    assert_eq!(r.due_at, (call - Duration::hours(1)).with_timezone(&Utc));
    assert_eq!(r.bucket, Bucket::Upcoming);
    assert_eq!(
        r.body,
        "Your call with \u{2068}Marcus Chen\u{2069} is Tuesday 14:00 — time to prepare"
    );
    // Once the call has started, it is no longer a reminder.
    assert!(due(&db, &s, &(call + Duration::minutes(1)))
        .iter()
        .all(|(k, ..)| *k != Kind::BeforeCall));
}

#[test]
fn notifications_fire_once_and_many_become_one_summary() {
    let s = ReminderSettings::default();
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes", Stage::Scheduled);
    log_at(
        &mut db,
        dana,
        ago(49),
        Channel::PhoneCall,
        Direction::Out,
        None,
        None,
    );
    let notices = reminders::notices(db.conn(), &s, &now(), DateStyle::default()).unwrap();
    assert_eq!(notices.len(), 1);
    assert!(notices[0].body.contains("Dana Reyes"));
    // A click on it opens her page.
    assert_eq!(notices[0].opens, reminders::Target::Contact(dana));
    reminders::mark_notified(db.conn_mut(), &notices[0].keys, Utc::now()).unwrap();
    assert!(
        reminders::notices(db.conn(), &s, &now(), DateStyle::default())
            .unwrap()
            .is_empty()
    );

    for name in ["Ana Silva", "Ben Ochoa", "Cleo Park"] {
        let id = person(&mut db, name, Stage::KeepingInTouch);
        log_at(
            &mut db,
            id,
            ago(24 * 120),
            Channel::Email,
            Direction::Out,
            Some(Outcome::Sent),
            None,
        );
    }
    let ed = person(&mut db, "Ed Park", Stage::Scheduled);
    log_at(
        &mut db,
        ed,
        ago(3),
        Channel::InPerson,
        Direction::Out,
        None,
        None,
    );
    let notices = reminders::notices(db.conn(), &s, &now(), DateStyle::default()).unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].title, "4 reminders are due");
    assert_eq!(notices[0].body, "3 check-ins, 1 thank-you note");
    assert_eq!(notices[0].keys.len(), 4);
    // A summary is about no one person: a click opens Today.
    assert_eq!(notices[0].opens, reminders::Target::Today);
}

#[test]
fn quiet_hours_delay_the_notification_but_not_the_listing() {
    let s = ReminderSettings::default();
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes", Stage::Scheduled);
    let late = Chicago.with_ymd_and_hms(2026, 11, 22, 22, 0, 0).unwrap();
    let call_end = late - Duration::minutes(30);
    log_at(
        &mut db,
        dana,
        call_end.with_timezone(&Utc),
        Channel::VideoCall,
        Direction::Out,
        None,
        None,
    );
    let listed = reminders::all(db.conn(), &s, &late, DateStyle::default()).unwrap();
    assert_eq!(listed[0].bucket, Bucket::Today);
    assert!(
        reminders::notices(db.conn(), &s, &late, DateStyle::default())
            .unwrap()
            .is_empty()
    );
    let morning = Chicago.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
    assert_eq!(
        reminders::next_notify_at(db.conn(), &s, &late).unwrap(),
        Some(morning.with_timezone(&Utc))
    );
    assert_eq!(
        reminders::notices(db.conn(), &s, &morning, DateStyle::default())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn snoozing_moves_a_reminder_and_lets_it_notify_again() {
    let s = ReminderSettings::default();
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes", Stage::Scheduled);
    log_at(
        &mut db,
        dana,
        ago(49),
        Channel::PhoneCall,
        Direction::Out,
        None,
        None,
    );
    let thank_you = |db: &Db, at: &DateTime<Tz>| {
        reminders::all(db.conn(), &s, at, DateStyle::default())
            .unwrap()
            .into_iter()
            .find(|r| r.kind == Kind::ThankYou)
            .unwrap()
    };
    let r = thank_you(&db, &now());
    let key = (r.kind, r.subject_id, r.due_at);
    reminders::mark_notified(db.conn_mut(), &[key], Utc::now()).unwrap();
    let until = (now() + Duration::days(1)).with_timezone(&Utc);
    reminders::snooze(db.conn_mut(), &key, until, now().with_timezone(&Utc)).unwrap();
    let r = thank_you(&db, &now());
    assert_eq!(
        (r.show_at, r.bucket, r.notified, r.snoozed),
        (until, Bucket::Upcoming, false, true)
    );
    assert!(
        reminders::notices(db.conn(), &s, &now(), DateStyle::default())
            .unwrap()
            .is_empty()
    );
    let tomorrow = now() + Duration::days(1);
    assert_eq!(
        reminders::notices(db.conn(), &s, &tomorrow, DateStyle::default())
            .unwrap()
            .len(),
        1
    );
    // A snooze into the past is refused.
    assert!(reminders::snooze(db.conn_mut(), &key, ago(1), now().with_timezone(&Utc)).is_err());
    // Done hides it for good.
    reminders::mark_done(db.conn(), &key, Utc::now()).unwrap();
    assert!(
        reminders::all(db.conn(), &s, &tomorrow, DateStyle::default())
            .unwrap()
            .iter()
            .all(|r| r.kind != Kind::ThankYou)
    );
}

/// A reminder that came due in the evening, before quiet hours, is still unnotified late at
/// night (the laptop was asleep, or Rapport was closed).
fn thank_you_due_at(db: &mut Db, at: DateTime<Tz>) {
    let dana = person(db, "Dana Reyes", Stage::Scheduled);
    log_at(
        db,
        dana,
        at.with_timezone(&Utc),
        Channel::VideoCall,
        Direction::Out,
        None,
        None,
    );
}

#[test]
fn quiet_hours_hold_what_came_due_before_they_began() {
    let s = ReminderSettings::default();
    let mut db = Db::open_in_memory().unwrap();
    thank_you_due_at(
        &mut db,
        Chicago.with_ymd_and_hms(2026, 11, 22, 18, 0, 0).unwrap(),
    );
    let night = Chicago.with_ymd_and_hms(2026, 11, 22, 23, 0, 0).unwrap();
    assert!(
        reminders::notices(db.conn(), &s, &night, DateStyle::default())
            .unwrap()
            .is_empty()
    );
    let morning = Chicago.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
    assert_eq!(
        reminders::next_notify_at(db.conn(), &s, &night).unwrap(),
        Some(morning.with_timezone(&Utc))
    );
    assert_eq!(
        reminders::held_until(&s, &night),
        Some(morning.with_timezone(&Utc))
    );
    assert_eq!(
        reminders::notices(db.conn(), &s, &morning, DateStyle::default())
            .unwrap()
            .len(),
        1
    );
    // Still listed at once, whatever the hour.
    assert_eq!(due(&db, &s, &night).len(), 1);
}

#[test]
fn quiet_hours_across_midnight_end_the_same_morning() {
    let s = ReminderSettings::default();
    let mut db = Db::open_in_memory().unwrap();
    thank_you_due_at(
        &mut db,
        Chicago.with_ymd_and_hms(2026, 11, 21, 15, 0, 0).unwrap(),
    );
    let after_midnight = Chicago.with_ymd_and_hms(2026, 11, 22, 0, 30, 0).unwrap();
    let morning = Chicago.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap();
    assert!(
        reminders::notices(db.conn(), &s, &after_midnight, DateStyle::default())
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        reminders::held_until(&s, &after_midnight),
        Some(morning.with_timezone(&Utc))
    );
    assert_eq!(
        reminders::next_notify_at(db.conn(), &s, &after_midnight).unwrap(),
        Some(morning.with_timezone(&Utc))
    );
    // Outside quiet hours nothing is held.
    let noon = Chicago.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
    assert_eq!(reminders::held_until(&s, &noon), None);
    assert_eq!(
        reminders::notices(db.conn(), &s, &noon, DateStyle::default())
            .unwrap()
            .len(),
        1
    );
    // No quiet hours at all (start = end): nothing is ever held.
    let always = ReminderSettings {
        quiet_start: s.quiet_end,
        ..s.clone()
    };
    assert_eq!(reminders::held_until(&always, &after_midnight), None);
    assert_eq!(
        reminders::notices(db.conn(), &always, &after_midnight, DateStyle::default())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn done_can_be_taken_back_and_only_what_it_logged_goes() {
    let s = ReminderSettings::default();
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes", Stage::Scheduled);
    let call = log_at(
        &mut db,
        dana,
        ago(30),
        Channel::VideoCall,
        Direction::Out,
        None,
        None,
    );
    let thank_you = |db: &Db| {
        reminders::all(db.conn(), &s, &now(), DateStyle::default())
            .unwrap()
            .into_iter()
            .find(|r| r.kind == Kind::ThankYou)
    };
    let r = thank_you(&db).expect("a thank-you is due");
    let key = (r.kind, r.subject_id, r.due_at);
    let logged = reminders::complete(db.conn_mut(), &key, dana, now().with_timezone(&Utc))
        .unwrap()
        .expect("Done logs the thank-you");
    assert!(thank_you(&db).is_none());
    // Undo with another interaction's id changes nothing.
    assert!(reminders::undo_complete(db.conn_mut(), &key, Some(call)).is_err());
    assert!(thank_you(&db).is_none());
    reminders::undo_complete(db.conn_mut(), &key, Some(logged)).unwrap();
    assert_eq!(thank_you(&db).map(|r| r.subject_id), Some(call));
    let history = contacts::detail(db.conn(), dana).unwrap().interactions;
    assert_eq!(
        history.len(),
        1,
        "the logged thank-you is gone, the call stays"
    );
    // Nothing left to undo.
    assert!(reminders::undo_complete(db.conn_mut(), &key, None).is_err());
}

#[test]
fn a_linkedin_connection_is_history_not_outreach_nor_a_reply() {
    let s = ReminderSettings::default();
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes", Stage::ToContact);
    let logged = interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id: dana,
            occurred_at: ago(24 * 400),
            channel: Channel::Other,
            direction: Direction::In,
            outcome: None,
            notes: String::new(),
            purpose: Some(Purpose::Connected),
        },
        now().with_timezone(&Utc),
    )
    .unwrap();
    assert_eq!(logged.stage, None, "a connection moves no stage");
    assert!(due(&db, &s, &now()).is_empty());
    // Written to, she is owed a follow-up as if the connection were not there.
    log_at(
        &mut db,
        dana,
        ago(24 * 8),
        Channel::Email,
        Direction::Out,
        Some(Outcome::Sent),
        None,
    );
    assert_eq!(
        due(&db, &s, &now()),
        [(Kind::FollowUp, Bucket::Overdue, "Dana Reyes".to_string())]
    );
    // Keeping in touch counts from real contact, not from when they connected.
    let liz = person(&mut db, "Liz Darnell", Stage::KeepingInTouch);
    interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id: liz,
            occurred_at: ago(24 * 400),
            channel: Channel::Other,
            direction: Direction::In,
            outcome: None,
            notes: String::new(),
            purpose: Some(Purpose::Connected),
        },
        now().with_timezone(&Utc),
    )
    .unwrap();
    assert!(!due(&db, &s, &now())
        .iter()
        .any(|(_, _, n)| n == "Liz Darnell"));
}
