//! Advice in the real window: a line of an old conversation marked as advice on the
//! person's page, acted on, and the person it names added as a contact; the check-in on
//! Today shows it and the check-in letter reports it; advice noted in call mode is kept when
//! the call ends, its referral offered already filled in.

mod support;

use chrono::{Duration, Utc};
use rapport::contacts::{self, ContactInput, Stage};
use rapport::interactions::{self, Channel, Direction, InteractionInput, Outcome, Purpose};
use rapport::interviews::{self, Category, InterviewInput, Medium, Status};
use rapport::outreach::my_search::{self, MySearch, Standing};
use rapport::store::Db;
use serde_json::json;
use support::{keys, Harness, Session};

struct Story {
    liz: i64,
    dana: i64,
    call: i64,
}

fn seed(harness: &Harness) -> Story {
    let mut db = Db::open(harness.data_dir.path()).unwrap();
    support::quiet_hours(&db, None);
    my_search::save(
        db.conn(),
        MySearch {
            name: "Sam Okafor".into(),
            interests: vec!["supply chain".into()],
            standing: Some(Standing::ChangingCareers),
            ..Default::default()
        },
    )
    .unwrap();
    let mut person = |name: &str, org: &str, stage| {
        contacts::create(
            db.conn_mut(),
            ContactInput {
                full_name: name.into(),
                organization: org.into(),
                emails: vec![format!(
                    "{}@example.org",
                    name.split(' ').next().unwrap().to_lowercase()
                )],
                stage,
                ..Default::default()
            },
            Utc::now() - Duration::days(400),
        )
        .unwrap()
        .id
    };
    let liz = person("Liz Darnell", "Pratt University", Stage::KeepingInTouch);
    let dana = person("Dana Reyes", "Northwind Logistics", Stage::Scheduled);
    let mut log = |contact_id, days: i64, notes: &str, purpose: Option<Purpose>, outcome| {
        interactions::create(
            db.conn_mut(),
            InteractionInput {
                contact_id,
                occurred_at: Utc::now() - Duration::days(days),
                channel: if purpose.is_some() {
                    Channel::Email
                } else {
                    Channel::PhoneCall
                },
                direction: Direction::Out,
                outcome,
                notes: notes.into(),
                purpose,
            },
            Utc::now(),
        )
        .unwrap();
    };
    // Liz talked with the user 200 days ago and was thanked: her check-in is due.
    log(
        liz,
        200,
        "Warm, 30 minutes\nTalk to Priya Natarajan at Fabrikam\nShe moved from retail to planning",
        None,
        None,
    );
    log(liz, 199, "", Some(Purpose::ThankYou), Some(Outcome::Sent));
    let call = interviews::create(
        db.conn_mut(),
        InterviewInput {
            contact_id: dana,
            scheduled_at: Utc::now(),
            duration_minutes: 20,
            medium: Medium::Phone,
            place: String::new(),
            status: Status::Scheduled,
            goal: "Learn how she moved into planning".into(),
        },
        Utc::now() - Duration::days(2),
    )
    .unwrap()
    .id;
    interviews::add_question(
        db.conn(),
        call,
        Category::Own,
        "What would you do in my place?",
    )
    .unwrap();
    Story { liz, dana, call }
}

fn go(s: &Session, hash: String) {
    s.script("location.hash = arguments[0]", json!([hash]));
}

#[test]
fn advice_is_marked_acted_on_followed_and_reported_back() {
    let harness = Harness::start();
    let story = seed(&harness);
    let s = harness.launch();

    // Liz's page: nothing kept yet; the conversation's lines are offered to mark.
    go(&s, format!("#/contacts/{}", story.liz));
    s.wait_for_text("#person-card h1", "Liz Darnell");
    s.wait_for_text("#advice", "What they advise shows here");
    let talk = s.wait_for_text("#timeline", "Talk to Priya Natarajan");
    assert!(talk.contains("Warm, 30 minutes"), "{talk}");
    s.click_css("#timeline .event .line-advice");
    let line = s.wait_for(
        "#timeline .line-picker input[aria-label='Advice: Talk to Priya Natarajan at Fabrikam']",
    );
    s.click(&line);
    s.wait_for_text("#advice-list", "Talk to Priya Natarajan at Fabrikam");
    let marked = s.texts("#timeline .advice-line");
    assert_eq!(marked.len(), 1, "{marked:?}");
    assert!(
        marked[0].ends_with("Talk to Priya Natarajan at Fabrikam"),
        "the marked line stands out in the notes: {marked:?}"
    );

    // Acted on, with a note; then the person it names becomes a contact.
    // The list redraws as the data changes: each button is found again until it takes the click.
    s.click_css("#advice-list button.acted-on");
    let note = s.wait_for("#advice-list .acted-form input");
    s.type_into(&note, "Wrote to her on Monday");
    s.press(None, &[keys::ENTER]);
    s.wait_for_text(
        "#advice-list .acted",
        "Acted on today: Wrote to her on Monday",
    );
    s.wait_for_text(
        "#advice-list button.refer",
        "Add Priya Natarajan as a contact…",
    );
    s.click_css("#advice-list button.refer");
    let org = s.script(
        "return document.querySelector('#advice-list .refer-form input[aria-label=Organization]').value",
        json!([]),
    );
    assert_eq!(org, "Fabrikam");
    s.click_css("#advice-list .refer-form button[type=submit]");
    s.wait_for_text("#toast", "Priya Natarajan added, referred by Liz Darnell");
    s.wait_for_text("#referrals", "Priya Natarajan");
    s.wait_for_text("#advice-list", "Now in your log: Priya Natarajan");
    // Advice given by email, typed on its own.
    s.type_into(&s.wait_for("#new-advice"), "Join the APICS chapter");
    s.press(None, &[keys::ENTER]);
    s.wait_for_text("#advice h2", "Advice 2");
    s.screenshot("advice-contact-page");

    // The field keeps the focus after adding, for the next piece of advice, whatever the
    // redraws: a T typed now is a letter.
    assert_eq!(s.focused_id(), "new-advice");

    // An answer that comes late closes only the form it was for: one opened meanwhile
    // stays open, with what is typed in it.
    s.script(
        "const real = window.fetch;
         window.actAnswered = false;
         window.fetch = (url, options) => {
           const answer = real(url, options);
           if (!String(url).endsWith('/advice_act')) return answer;
           window.fetch = real;
           return answer.then((v) => new Promise((done) => setTimeout(() => {
             window.actAnswered = true;
             done(v);
           }, 1500)));
         };
         const item = (text) => [...document.querySelectorAll('#advice-list > li')]
           .find((li) => li.textContent.includes(text));
         const button = (li, label) => [...li.querySelectorAll('button')]
           .find((b) => b.textContent === label);
         button(item('Talk to Priya'), 'Edit note').click();
         item('Talk to Priya').querySelector('form.acted-form').requestSubmit();
         button(item('APICS'), 'Acted on…').click();",
        json!([]),
    );
    let draft = s.wait_for("#advice-list .acted-form input");
    s.type_into(&draft, "Looked up the next meeting");
    assert_eq!(
        s.script("return window.actAnswered", json!([])),
        false,
        "the answer came before the other form was opened: this shows nothing"
    );
    s.wait_until("the late answer", || {
        (s.script("return window.actAnswered", json!([])) == true).then_some(())
    });
    let open = s.script(
        "const form = document.querySelector('#advice-list .acted-form');
         return form && [form.closest('li').textContent.includes('APICS'), form.querySelector('input').value]",
        json!([]),
    );
    assert_eq!(open, json!([true, "Looked up the next meeting"]));
    // What was done, typed and not saved: leaving asks first, and staying keeps it.
    s.script("document.activeElement.blur()", json!([]));
    s.press(None, &["t"]);
    harness.answer_dialog("Unsaved changes", "Escape");
    let draft = s.wait_for("#advice-list .acted-form input");
    assert_eq!(s.property(&draft, "value"), "Looked up the next meeting");
    s.click(&draft);
    s.press(None, &[keys::ESCAPE]);
    s.wait_until("the form closed", || {
        s.try_find("#advice-list .acted-form")
            .is_none()
            .then_some(())
    });
    // Advice typed and not added: leaving asks first, and staying keeps it.
    let typed = s.wait_for("#new-advice");
    s.type_into(&typed, "Read the ASCM report");
    s.script("document.activeElement.blur()", json!([]));
    s.press(None, &["t"]);
    harness.answer_dialog("Unsaved changes", "Escape");
    assert_eq!(
        s.property(&s.wait_for("#new-advice"), "value"),
        "Read the ASCM report"
    );
    s.clear(&s.wait_for("#new-advice"));

    // Today: Liz's check-in shows her advice and what came of it.
    s.script("document.activeElement.blur()", json!([]));
    s.press(None, &["t"]);
    let check_in = s.wait_for_text(
        ".reminder.kind-check_in",
        "Talk to Priya Natarajan at Fabrikam",
    );
    assert!(check_in.contains("Wrote to her on Monday"), "{check_in}");
    assert!(check_in.contains("Join the APICS chapter"), "{check_in}");
    assert!(check_in.contains("not acted on yet"), "{check_in}");
    s.screenshot("advice-check-in");
    // And the check-in letter tells her.
    s.click_css(".reminder.kind-check_in a[href*='#/write/']");
    s.wait_for_text(".compose-page h1", "Write to Liz Darnell");
    let body = s
        .script(
            "return document.getElementById('compose-body').value",
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        body.contains(
            "You suggested “Talk to Priya Natarajan at Fabrikam”. Wrote to her on Monday."
        ),
        "{body}"
    );

    // Dana's prep: the elevator speech starts from My search.
    go(&s, format!("#/interviews/{}", story.call));
    s.click(&s.wait_for("#speech-start"));
    let speech = s.script(
        "return document.getElementById('p-elevatorSpeech').value",
        json!([]),
    );
    assert_eq!(
        speech,
        "My name is Sam Okafor, and I am changing careers. [one line about you] I am exploring \
         supply chain, and I would love to hear how you came to your work at Northwind Logistics."
    );
    s.wait_for_text("#speech-length", "About");
    s.screenshot("advice-prep-speech");

    // Call mode with Dana: the note of a question marked as advice (Alt+A).
    go(&s, format!("#/interviews/{}/call", story.call));
    s.wait_for("#clock");
    let id = s.wait_until("the question", || {
        s.script(
            "return [...document.querySelectorAll('#call-questions li.cq')]
               .find(li => li.textContent.includes(arguments[0]))?.dataset.id ?? null",
            json!(["What would you do in my place?"]),
        )
        .as_str()
        .map(str::to_string)
    });
    let note = s.wait_for(&format!("#call-questions li[data-id='{id}'] input.note"));
    s.type_into(&note, "Talk to Omar Haddad at the DA's office");
    s.press(Some(keys::ALT), &["a"]);
    s.wait_for(&format!(
        "#call-questions li.advice[data-id='{id}'] .advice-toggle[aria-pressed=true]"
    ));
    let ticked = s.script(
        "return document.querySelector(`#call-questions li[data-id='${arguments[0]}'] input[type=checkbox]`).checked",
        json!([id]),
    );
    assert_eq!(ticked, true, "advice was an answer: the question is ticked");
    s.screenshot("advice-call-mode");

    // Ending the call offers Omar, filled in from the advice.
    s.press(Some(keys::CONTROL), &["e"]);
    harness.answer_dialog("End call", "Return");
    s.wait_for("#referrals-form .ref-name");
    let offered = s.script(
        "return [...document.querySelectorAll('#referrals-form .grid2')].map(r => [r.querySelector('.ref-name').value, r.querySelector('.ref-org').value])",
        json!([]),
    );
    assert_eq!(offered, json!([["Omar Haddad", "DA's office"]]));
    s.click(&s.wait_for("#finish-call"));
    s.wait_until("her page", || {
        (s.hash() == format!("#/contacts/{}", story.dana)).then_some(())
    });
    s.wait_for_text("#advice-list", "Talk to Omar Haddad at the DA's office");
    s.wait_for_text("#advice-list", "Now in your log: Omar Haddad");
    s.wait_for_text("#timeline .advice-line", "Talk to Omar Haddad");
    s.screenshot("advice-after-call");
    s.quit();
}
