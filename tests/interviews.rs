//! Interviews, their prep and the call, through the core API.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rapport::contacts::{self, ContactInput, Stage};
use rapport::dates::DateStyle;
use rapport::interactions::Channel;
use rapport::interviews::{self, Category, InterviewInput, Medium, Prep, Referral, Status};
use rapport::reminders::{self, Kind};
use rapport::settings::ReminderSettings;
use rapport::store::Db;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 15, 0, 0).unwrap()
}

fn setup() -> (Db, i64, i64) {
    let mut db = Db::open_in_memory().unwrap();
    let dana = contacts::create(
        db.conn_mut(),
        ContactInput {
            full_name: "Dana Reyes".into(),
            organization: "Northwind Logistics".into(),
            stage: Stage::ReachedOut,
            ..Default::default()
        },
        now(),
    )
    .unwrap()
    .id;
    let interview = interviews::create(
        db.conn_mut(),
        InterviewInput {
            contact_id: dana,
            scheduled_at: now() + Duration::days(1),
            duration_minutes: 20,
            medium: Medium::Video,
            place: "https://meet.example/dana".into(),
            status: Status::Scheduled,
            goal: "How she moved into analytics".into(),
        },
        now(),
    )
    .unwrap();
    (db, dana, interview.id)
}

#[test]
fn scheduling_moves_the_contact_and_seeds_questions_ending_with_the_closing_ones() {
    let (db, dana, id) = setup();
    assert_eq!(
        contacts::get(db.conn(), dana).unwrap().stage,
        Stage::Scheduled
    );
    let interview = interviews::get(db.conn(), id).unwrap();
    let texts: Vec<&str> = interview
        .questions
        .iter()
        .map(|q| q.text.as_str())
        .collect();
    assert!(
        texts.contains(&"What does a typical day look like for you?"),
        "{texts:?}"
    );
    assert_eq!(
        &texts[texts.len() - 3..],
        [
            "What should I have asked you that I didn't?",
            "What other roles or fields would fit someone with my background?",
            "Whom else should I talk to?",
        ]
    );
    assert_eq!(interviews::for_contact(db.conn(), dana).unwrap().len(), 1);
    assert_eq!(interviews::upcoming(db.conn()).unwrap().len(), 1);
}

#[test]
fn questions_are_added_before_the_closing_ones_and_reordered_by_priority() {
    let (mut db, _, id) = setup();
    let mine = interviews::add_question(
        db.conn(),
        id,
        Category::Own,
        "  How do you forecast demand?  ",
    )
    .unwrap();
    assert_eq!(mine.text, "How do you forecast demand?");
    assert!(interviews::add_question(db.conn(), id, Category::Own, "   ").is_err());
    let order = |db: &Db| -> Vec<i64> {
        interviews::get(db.conn(), id)
            .unwrap()
            .questions
            .iter()
            .map(|q| q.id)
            .collect()
    };
    let before = order(&db);
    let at = before.iter().position(|q| *q == mine.id).unwrap();
    assert_eq!(
        at,
        before.len() - 4,
        "added just before the closing questions"
    );
    interviews::move_question(db.conn_mut(), mine.id, -1).unwrap();
    assert_eq!(order(&db).iter().position(|q| *q == mine.id), Some(at - 1));
    // Moving past the end, or a closing question, changes nothing / is refused.
    interviews::move_question(db.conn_mut(), mine.id, 1).unwrap();
    interviews::move_question(db.conn_mut(), mine.id, 1).unwrap();
    assert_eq!(order(&db).iter().position(|q| *q == mine.id), Some(at));
    let closing = *before.last().unwrap();
    assert!(interviews::move_question(db.conn_mut(), closing, -1).is_err());
}

#[test]
fn ending_the_call_logs_the_conversation_creates_referrals_and_starts_the_thank_you() {
    let (mut db, dana, id) = setup();
    let started = now() + Duration::days(1);
    interviews::start_call(db.conn(), id, started).unwrap();
    assert_eq!(
        interviews::unfinished_call(db.conn())
            .unwrap()
            .map(|i| i.id),
        Some(id)
    );
    let qs = interviews::get(db.conn(), id).unwrap().questions;
    interviews::mark_question(
        db.conn(),
        qs[0].id,
        true,
        "Mostly SQL and vendor calls",
        false,
    )
    .unwrap();
    interviews::mark_question(db.conn(), qs[1].id, true, "", false).unwrap();

    let ended = started + Duration::minutes(22);
    let done = interviews::end_call(
        db.conn_mut(),
        id,
        &[
            Referral {
                full_name: "Tomás Alvarez".into(),
                organization: "Alpine Ski House".into(),
                ..Default::default()
            },
            Referral::default(),
        ],
        ended,
    )
    .unwrap();
    assert_eq!(done.status, Status::Done);
    assert!(interviews::unfinished_call(db.conn()).unwrap().is_none());
    assert!(
        interviews::end_call(db.conn_mut(), id, &[], ended).is_err(),
        "ended twice"
    );

    let page = contacts::detail(db.conn(), dana).unwrap();
    assert_eq!(page.contact.stage, Stage::Interviewed);
    let talk = &page.interactions[0];
    assert_eq!(talk.channel, Channel::VideoCall);
    assert_eq!(talk.occurred_at, ended);
    assert!(
        talk.notes
            .contains(&format!("✓ {} — Mostly SQL and vendor calls", qs[0].text)),
        "{}",
        talk.notes
    );
    assert!(talk.notes.contains(&format!("✓ {}", qs[1].text)));
    assert!(
        !talk.notes.contains(&qs[2].text),
        "an unasked question is not in the notes"
    );
    assert_eq!(page.referrals.len(), 1);
    assert_eq!(page.referrals[0].full_name, "Tomás Alvarez");

    let due = reminders::all(
        db.conn(),
        &ReminderSettings::default(),
        &(ended + Duration::hours(1)),
        DateStyle::default(),
    )
    .unwrap();
    let thank_you = due
        .iter()
        .find(|r| r.kind == Kind::ThankYou)
        .expect("a thank-you is due");
    assert_eq!(thank_you.due_at, ended);
    assert_eq!(thank_you.overdue_at, Some(ended + Duration::hours(48)));
}

#[test]
fn prep_and_ready_answers_raise_readiness() {
    let (db, _, id) = setup();
    let before = interviews::get(db.conn(), id).unwrap().readiness;
    let prep = Prep {
        goal: "How she moved into analytics".into(),
        industry_done: true,
        industry_notes: "Nearshoring, demand sensing".into(),
        elevator_speech: "word ".repeat(90),
        logistics_done: vec!["test_link".into()],
        ..Default::default()
    };
    let after = interviews::save_prep(db.conn(), id, &prep, now()).unwrap();
    // Stored as typed, normalized: the speech's trailing space is gone.
    let stored = Prep {
        elevator_speech: prep.elevator_speech.trim_end().to_string(),
        ..prep.clone()
    };
    assert_eq!(after.prep, stored);
    assert_eq!(after.readiness.done, before.done + 3);
    for (prompt, _) in interviews::PROMPTS {
        interviews::save_ready_answer(db.conn(), prompt, "Ready.").unwrap();
    }
    assert!(interviews::save_ready_answer(db.conn(), "nonsense", "x").is_err());
    assert_eq!(
        interviews::get(db.conn(), id).unwrap().readiness.done,
        before.done + 4
    );
}

#[test]
fn an_interview_is_announced_before_it_with_its_readiness() {
    let (db, _, id) = setup();
    let s = ReminderSettings::default();
    let scheduled = now() + Duration::days(1);
    let list = reminders::all(db.conn(), &s, &now(), DateStyle::default()).unwrap();
    let r = list
        .iter()
        .find(|r| r.kind == Kind::Prepare)
        .expect("a prep reminder");
    assert_eq!(r.subject_id, id);
    // Its notification opens the prep.
    assert_eq!(r.target(), reminders::Target::Interview(id));
    assert_eq!(r.due_at, scheduled - Duration::hours(1));
    assert!(
        r.body.starts_with(
            "Your interview with \u{2068}Dana Reyes\u{2069} is tomorrow 15:00 — prep "
        ),
        "{}",
        r.body
    );
    // Once the call has started, there is nothing left to announce.
    interviews::start_call(db.conn(), id, scheduled).unwrap();
    assert!(reminders::all(db.conn(), &s, &now(), DateStyle::default())
        .unwrap()
        .iter()
        .all(|r| r.kind != Kind::Prepare));
}

#[test]
fn the_question_bank_is_the_users_to_edit_and_starts_each_new_prep() {
    let (mut db, dana, _) = setup();
    let bank = interviews::bank(db.conn()).unwrap();
    let typical = bank
        .iter()
        .find(|q| q.text == "What does a typical day look like for you?")
        .unwrap();
    interviews::bank_edit(
        db.conn(),
        typical.id,
        "What does a typical week look like?",
        true,
    )
    .unwrap();
    let growth = bank.iter().find(|q| !q.suggested).unwrap();
    interviews::bank_edit(db.conn(), growth.id, &growth.text, true).unwrap();
    let mine = interviews::bank_add(
        db.conn(),
        Category::Chances,
        "Which tools should I learn first?",
    )
    .unwrap();
    assert!(!mine.suggested);
    assert!(interviews::bank_add(db.conn(), Category::Own, "x").is_err());
    assert!(interviews::bank_add(db.conn(), Category::Field, "  ").is_err());
    // A closing question always starts (and ends) every prep.
    let closing = bank
        .iter()
        .find(|q| q.category == Category::Closing)
        .unwrap();
    assert!(
        interviews::bank_edit(db.conn(), closing.id, &closing.text, false)
            .unwrap()
            .suggested
    );
    let gone = bank
        .iter()
        .find(|q| q.text.starts_with("How did you get started"))
        .unwrap();
    interviews::bank_delete(db.conn(), gone.id).unwrap();

    let next = interviews::create(
        db.conn_mut(),
        InterviewInput {
            contact_id: dana,
            scheduled_at: now() + Duration::days(3),
            duration_minutes: 30,
            medium: Medium::Phone,
            place: String::new(),
            status: Status::Scheduled,
            goal: String::new(),
        },
        now(),
    )
    .unwrap();
    let texts: Vec<String> = next.questions.into_iter().map(|q| q.text).collect();
    assert!(texts.contains(&"What does a typical week look like?".to_string()));
    assert!(texts.contains(&growth.text));
    assert!(!texts
        .iter()
        .any(|t| t.starts_with("How did you get started")));
    assert!(!texts.contains(&mine.text));
    assert_eq!(
        texts.last().map(String::as_str),
        Some("Whom else should I talk to?")
    );
}

#[test]
fn todays_calls_come_as_a_first_page_with_their_count() {
    let (mut db, dana, tomorrow) = setup();
    let schedule = |db: &mut Db, at: DateTime<Utc>, status: Status| {
        interviews::create(
            db.conn_mut(),
            InterviewInput {
                contact_id: dana,
                scheduled_at: at,
                duration_minutes: 20,
                medium: Medium::Phone,
                place: String::new(),
                status,
                goal: String::new(),
            },
            now(),
        )
        .unwrap()
        .id
    };
    // One whose time passed unheld, two more this week, one next month, one cancelled.
    let missed = schedule(&mut db, now() - Duration::hours(3), Status::Scheduled);
    let friday = schedule(&mut db, now() + Duration::days(4), Status::Scheduled);
    let sunday = schedule(&mut db, now() + Duration::days(6), Status::Scheduled);
    schedule(&mut db, now() + Duration::days(30), Status::Scheduled);
    schedule(&mut db, now() + Duration::days(2), Status::Cancelled);
    let week = now() + Duration::days(7);

    let first = interviews::soon(db.conn(), week, Some(2)).unwrap();
    assert_eq!(first.total, 4);
    let ids: Vec<i64> = first.first.iter().map(|i| i.id).collect();
    assert_eq!(ids, [missed, tomorrow]);
    let all = interviews::soon(db.conn(), week, None).unwrap();
    let ids: Vec<i64> = all.first.iter().map(|i| i.id).collect();
    assert_eq!(ids, [missed, tomorrow, friday, sunday]);

    // A call held is no longer listed.
    interviews::start_call(db.conn(), missed, now()).unwrap();
    interviews::end_call(db.conn_mut(), missed, &[], now()).unwrap();
    let after = interviews::soon(db.conn(), week, Some(2)).unwrap();
    assert_eq!(after.total, 3);
    assert_eq!(after.first[0].id, tomorrow);
}
