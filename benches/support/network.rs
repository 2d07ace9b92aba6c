//! A realistic large contact log, the same every time (fixed seed, no network), for the
//! benchmarks (`benches/generate.rs`) and the end-to-end test at scale.
//!
//! Most people are LinkedIn connections never contacted; a tenth were written to and most
//! answered; a few hundred reminders are due, as for a busy networker. In the extreme
//! case everyone waits for a follow-up, the worst case for Today and the scheduler.

use std::path::PathBuf;
use std::time::Instant;

use chrono::{DateTime, Duration, DurationRound, Utc};
use rand::{RngExt, SeedableRng};
use rand_xorshift::XorShiftRng;
use rapport::contacts::{self, ContactInput, Source};
use rapport::interactions::{self, Channel, Direction, InteractionInput, Outcome, Purpose};
use rapport::interviews::{self, InterviewInput, Medium, Prep, Status};
use rapport::reminders::pending;
use rapport::settings;
use rapport::store::{Db, DB_FILE};

const FIRST: &[&str] = &[
    "Dana", "Liz", "Marcus", "Priya", "Tomás", "Grace", "Sam", "Ana", "Ben", "Cleo", "Omar",
    "Yuki", "Ingrid", "Kwame", "Lucía", "Mei", "Noah", "Olga", "Rahul", "Sofia", "Zoë", "Jörg",
    "Fatima", "Hiro", "Elena", "Diego", "Chloé", "Aziz", "Bianca", "Connor",
];
const LAST: &[&str] = &[
    "Reyes",
    "Darnell",
    "Chen",
    "Natarajan",
    "Alvarez",
    "Okafor",
    "Whitfield",
    "Silva",
    "Müller",
    "Kowalski",
    "Nakamura",
    "O'Brien",
    "García",
    "Haddad",
    "Johansson",
    "Mensah",
    "Park",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Nguyen",
    "Dubois",
    "Ivanova",
    "Hughes",
];
const ORG_WORDS: &[&str] = &[
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Alpine",
    "Litware",
    "Adatum",
    "Proseware",
    "Wingtip",
    "Woodgrove",
    "Lucerne",
    "Margie's",
    "Fourth Coffee",
    "Humongous",
    "Trey",
    "Coho",
    "Blue Yonder",
    "Wide World",
    "Graphic Design",
    "School of Fine Art",
];
const ORG_KINDS: &[&str] = &[
    "Logistics",
    "Health",
    "Energy",
    "Bank",
    "Labs",
    "Consulting",
    "Foundation",
    "Studios",
    "Airlines",
    "Insurance",
    "University",
    "Hospital",
    "Systems",
    "Partners",
];
const ROLES: &[&str] = &[
    "Data Analyst",
    "Director, Data Science",
    "Product Manager",
    "Supply Chain Planner",
    "UX Researcher",
    "Grant Writer",
    "Software Engineer",
    "Clinical Operations Lead",
    "Recruiter",
    "Chief of Staff",
    "Policy Advisor",
    "Marketing Manager",
    "Founder",
];
const TOPICS: &[&str] = &[
    "supply-chain analytics",
    "clinical operations",
    "grid storage",
    "UX research",
    "demand planning",
    "grant writing",
    "product strategy",
    "career changes into data",
    "the DA's office",
    "certificates worth taking",
];
const SENTENCES: &[&str] = &[
    "We talked about how the team is organised and who decides on new hires.",
    "Suggested I look at the supply-chain certificate before applying anywhere.",
    "Very generous with time; offered to introduce me to two colleagues.",
    "Mentioned that the department grows next spring and that internships open in March.",
    "Asked me to send my résumé for feedback, not for a job.",
    "Their path: analyst, then consultant, then this role after a move abroad.",
    "Recommended reading the annual report and the last two investor letters.",
    "Warned that the hours are long during the quarter close.",
    "Knows the alumni association president well and offered to connect us.",
    "We share an interest in public transport and cycling infrastructure.",
];
const TAGS: &[&str] = &[
    "alumni",
    "data",
    "health",
    "referral",
    "conference",
    "mentor",
    "hiring",
    "remote",
];

/// What to write.
pub struct Options {
    pub dir: PathBuf,
    pub people: usize,
    pub extreme: bool,
}

fn pick<'a>(rng: &mut XorShiftRng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

fn notes(rng: &mut XorShiftRng, sentences: usize) -> String {
    (0..sentences)
        .map(|_| pick(rng, SENTENCES))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What kind of contact a person is, by share of the network.
enum Role {
    Connection,
    Written,
    Scheduled,
    Interviewed,
    KeepingInTouch,
}

fn role(rng: &mut XorShiftRng, extreme: bool) -> Role {
    if extreme {
        return Role::Written;
    }
    // Per thousand: a few dozen calls booked in the coming weeks, as a busy week has.
    match rng.random_range(0..1000) {
        0..780 => Role::Connection,
        780..900 => Role::Written,
        900..901 => Role::Scheduled,
        901..960 => Role::Interviewed,
        _ => Role::KeepingInTouch,
    }
}

struct Writer<'a> {
    db: &'a mut Db,
    now: DateTime<Utc>,
    interactions: usize,
    interviews: usize,
}

impl Writer<'_> {
    /// Logs what happened with `contact_id` at `at`; `what` is the channel, direction,
    /// outcome and purpose.
    fn log(
        &mut self,
        contact_id: i64,
        at: DateTime<Utc>,
        what: (Channel, Direction, Option<Outcome>, Option<Purpose>),
        notes: String,
    ) {
        let (channel, direction, outcome, purpose) = what;
        interactions::create(
            self.db.conn_mut(),
            InteractionInput {
                contact_id,
                occurred_at: at,
                channel,
                direction,
                outcome,
                notes,
                purpose,
            },
            self.now,
        )
        .expect("interaction");
        self.interactions += 1;
    }

    fn interview(&mut self, rng: &mut XorShiftRng, contact_id: i64, at: DateTime<Utc>) {
        let status = if at > self.now {
            Status::Scheduled
        } else {
            Status::Done
        };
        let interview = interviews::create(
            self.db.conn_mut(),
            InterviewInput {
                contact_id,
                scheduled_at: at,
                duration_minutes: 20,
                medium: if rng.random_bool(0.6) {
                    Medium::Video
                } else {
                    Medium::Phone
                },
                place: String::new(),
                status,
                goal: format!("Learn how they moved into {}", pick(rng, TOPICS)),
            },
            self.now,
        )
        .expect("interview");
        let prep = Prep {
            goal: interview.prep.goal.clone(),
            industry_notes: notes(rng, 3),
            industry_done: true,
            organization_notes: notes(rng, 2),
            organization_done: true,
            individual_notes: notes(rng, 2),
            individual_done: rng.random_bool(0.7),
            elevator_speech: notes(rng, 4),
            logistics_done: Vec::new(),
        };
        interviews::save_prep(self.db.conn(), interview.id, &prep, self.now).expect("prep");
        self.interviews += 1;
    }
}

fn days(n: i64) -> Duration {
    Duration::days(n)
}

const CONNECTED: (Channel, Direction, Option<Outcome>, Option<Purpose>) = (
    Channel::Other,
    Direction::In,
    None,
    Some(Purpose::Connected),
);
const MESSAGE_IN: (Channel, Direction, Option<Outcome>, Option<Purpose>) =
    (Channel::LinkedInMessage, Direction::In, None, None);
const EMAIL_SENT: (Channel, Direction, Option<Outcome>, Option<Purpose>) =
    (Channel::Email, Direction::Out, Some(Outcome::Sent), None);
const REPLY: (Channel, Direction, Option<Outcome>, Option<Purpose>) =
    (Channel::Email, Direction::In, Some(Outcome::Replied), None);
const CALL_BOOKED: (Channel, Direction, Option<Outcome>, Option<Purpose>) = (
    Channel::VideoCall,
    Direction::Out,
    Some(Outcome::Scheduled),
    None,
);
const CALL: (Channel, Direction, Option<Outcome>, Option<Purpose>) =
    (Channel::VideoCall, Direction::Out, None, None);
const THANKED: (Channel, Direction, Option<Outcome>, Option<Purpose>) = (
    Channel::Email,
    Direction::Out,
    Some(Outcome::Sent),
    Some(Purpose::ThankYou),
);
const CHECKED_IN: (Channel, Direction, Option<Outcome>, Option<Purpose>) = (
    Channel::Email,
    Direction::Out,
    Some(Outcome::Sent),
    Some(Purpose::CheckIn),
);

/// The user's first message asking `id` for a conversation about `topic`, sent at `wrote`.
fn ask(w: &mut Writer<'_>, id: i64, wrote: DateTime<Utc>, topic: &str) {
    let text = format!("Asked for 20 minutes about {topic}.");
    w.log(id, wrote, EMAIL_SENT, text);
}

/// That message, a few days before they replied at `replied`: everyone the user talked
/// with was asked first.
fn ask_before(w: &mut Writer<'_>, rng: &mut XorShiftRng, id: i64, replied: DateTime<Utc>) {
    let topic = pick(rng, TOPICS);
    let wrote = replied - days(rng.random_range(1..6));
    ask(w, id, wrote, topic);
}

/// Writes the log into `opts.dir` (which must not hold one yet), telling `progress` how
/// far it got; answers with a line that says what was written.
pub fn generate(opts: &Options, progress: &mut dyn FnMut(String)) -> String {
    let file = opts.dir.join(DB_FILE);
    std::fs::create_dir_all(&opts.dir).expect("folder");
    let started = Instant::now();
    let mut db = Db::open(&opts.dir).expect("database");
    // A generator's writes need no durability: one flush at the end.
    db.conn()
        .execute_batch("PRAGMA synchronous = OFF;")
        .expect("pragma");
    let mut rng = XorShiftRng::seed_from_u64(2026);
    let now = Utc::now()
        .duration_trunc(Duration::minutes(1))
        .expect("minute");
    let organizations: Vec<String> = (0..3_000)
        .map(|i| {
            format!(
                "{} {} {}",
                pick(&mut rng, ORG_WORDS),
                pick(&mut rng, ORG_KINDS),
                i % 97
            )
        })
        .collect();
    let mut w = Writer {
        db: &mut db,
        now,
        interactions: 0,
        interviews: 0,
    };
    let mut stages = Vec::with_capacity(opts.people);
    for i in 0..opts.people {
        let name = format!(
            "{} {}{}",
            pick(&mut rng, FIRST),
            pick(&mut rng, LAST),
            if i % 7 == 0 {
                format!(" {}", i / 7)
            } else {
                String::new()
            }
        );
        let tags: Vec<String> = (0..rng.random_range(0..3))
            .map(|_| pick(&mut rng, TAGS).to_string())
            .collect();
        let input = ContactInput {
            full_name: name,
            role: pick(&mut rng, ROLES).into(),
            organization: organizations[rng.random_range(0..organizations.len())].clone(),
            emails: if rng.random_bool(0.3) {
                vec![format!("person{i}@example.org")]
            } else {
                Vec::new()
            },
            profile_url: format!("https://www.linkedin.com/in/person-{i}"),
            source: Some(Source::LinkedIn),
            tags,
            notes: if rng.random_bool(0.2) {
                let topic = pick(&mut rng, TOPICS);
                format!("Interested in {topic}. {}", notes(&mut rng, 2))
            } else {
                String::new()
            },
            ..Default::default()
        };
        let id = contacts::create(w.db.conn_mut(), input, now)
            .expect("contact")
            .id;
        let connected = now - days(rng.random_range(30..2_000));
        w.log(id, connected, CONNECTED, String::new());
        let role = role(&mut rng, opts.extreme);
        // Everyone has some history of messages from them (posts, congratulations).
        let chatter = match role {
            Role::Connection => rng.random_range(0..19),
            _ => rng.random_range(2..12),
        };
        for _ in 0..chatter {
            let span = (now - connected).num_days().max(1);
            let at = connected + days(rng.random_range(0..span));
            let text = if rng.random_bool(0.3) {
                notes(&mut rng, 1)
            } else {
                String::new()
            };
            w.log(id, at, MESSAGE_IN, text);
        }
        let stage = match role {
            Role::Connection => "to_contact",
            Role::Written => {
                let wrote = if opts.extreme {
                    now - days(rng.random_range(8..30))
                } else {
                    now - days(rng.random_range(1..400))
                };
                let topic = pick(&mut rng, TOPICS);
                ask(&mut w, id, wrote, topic);
                // Most answer; the rest are the follow-ups a user has in hand.
                if !opts.extreme && rng.random_bool(0.97) {
                    let answered = (wrote + days(rng.random_range(1..6))).min(now);
                    w.log(
                        id,
                        answered,
                        REPLY,
                        "Happy to talk; will send times.".into(),
                    );
                }
                "reached_out"
            }
            Role::Scheduled => {
                let call = now + Duration::hours(rng.random_range(2..24 * 21));
                let replied = now - days(rng.random_range(1..10));
                ask_before(&mut w, &mut rng, id, replied);
                w.log(id, replied, REPLY, String::new());
                w.log(id, call, CALL_BOOKED, String::new());
                w.interview(&mut rng, id, call);
                "scheduled"
            }
            Role::Interviewed | Role::KeepingInTouch => {
                let talked = now - days(rng.random_range(1..700));
                let replied = talked - days(rng.random_range(2..15));
                ask_before(&mut w, &mut rng, id, replied);
                w.log(id, replied, REPLY, "Happy to talk; will send times.".into());
                let sentences = rng.random_range(3..8);
                let said = notes(&mut rng, sentences);
                w.log(id, talked, CALL, said);
                w.interview(&mut rng, id, talked);
                if rng.random_bool(0.96) {
                    let sent = (talked + Duration::hours(rng.random_range(2..40))).min(now);
                    let thanks = "Thank you for your time and the advice.".into();
                    w.log(id, sent, THANKED, thanks);
                }
                // Check-ins every few months, the last one mostly recent.
                let mut at = talked + days(rng.random_range(60..100));
                let last = if rng.random_bool(0.95) {
                    now - days(rng.random_range(0..80))
                } else {
                    now - days(rng.random_range(95..200))
                };
                while at < last {
                    let update = format!("Update on {}", pick(&mut rng, TOPICS));
                    w.log(id, at, CHECKED_IN, update);
                    at += days(rng.random_range(60..100));
                }
                if talked < last {
                    w.log(id, last, CHECKED_IN, "How your advice worked out.".into());
                }
                if matches!(role, Role::Interviewed) {
                    "interviewed"
                } else {
                    "keeping_in_touch"
                }
            }
        };
        stages.push((id, stage));
        if i % 5_000 == 4_999 {
            progress(format!(
                "{} people, {} interactions, {} interviews ({:.0?})",
                i + 1,
                w.interactions,
                w.interviews,
                started.elapsed()
            ));
        }
    }
    let (interactions, interviews) = (w.interactions, w.interviews);
    // Logging moves people along; the stage each was meant to have wins.
    let tx = db.conn_mut().transaction().expect("transaction");
    for (id, stage) in &stages {
        tx.execute(
            "UPDATE contacts SET stage = ?2 WHERE id = ?1",
            rusqlite::params![id, stage],
        )
        .expect("stage");
    }
    tx.commit().expect("commit");
    let rules = settings::reminders(db.conn()).expect("settings");
    pending::refresh(db.conn_mut(), &rules, &chrono::Local::now()).expect("reminders");
    db.conn()
        .execute_batch("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("optimize");
    let due: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM pending_reminders WHERE done = 0 AND show_at <= ?1",
            [Utc::now()],
            |r| r.get(0),
        )
        .expect("count");
    format!(
        "wrote {}: {} people, {interactions} interactions, {interviews} interviews, \
         {due} reminders due, in {:.1?}",
        file.display(),
        opts.people,
        started.elapsed()
    )
}
