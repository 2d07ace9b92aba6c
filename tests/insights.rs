//! Insights over a hand-made log whose answers are known: the funnel, reply rates and
//! median days by organization, source, channel and attempts, conversations per week,
//! snafus, and the referral tree.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use rapport::contacts::{self, ContactInput, Source};
use rapport::insights::{self, Group, Insights};
use rapport::interactions::{self, Channel, Direction, InteractionInput, Outcome, Purpose};
use rapport::store::Db;

/// Monday 23 November 2026, 12:00 in Berlin.
fn now() -> DateTime<chrono_tz::Tz> {
    Berlin.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn ago(days: i64) -> DateTime<Utc> {
    now().with_timezone(&Utc) - Duration::days(days)
}

struct Log {
    db: Db,
}

impl Log {
    fn person(&mut self, name: &str, org: &str, source: Option<Source>, by: Option<i64>) -> i64 {
        contacts::create(
            self.db.conn_mut(),
            ContactInput {
                full_name: name.into(),
                organization: org.into(),
                source,
                referred_by_id: by,
                ..Default::default()
            },
            ago(500),
        )
        .unwrap()
        .id
    }

    fn log(
        &mut self,
        contact_id: i64,
        at: DateTime<Utc>,
        channel: Channel,
        direction: Direction,
        outcome: Option<Outcome>,
        purpose: Option<Purpose>,
    ) {
        interactions::create(
            self.db.conn_mut(),
            InteractionInput {
                contact_id,
                occurred_at: at,
                channel,
                direction,
                outcome,
                notes: format!("{channel:?} {outcome:?}"),
                purpose,
            },
            at,
        )
        .unwrap();
    }

    fn wrote(&mut self, id: i64, at: DateTime<Utc>, channel: Channel) {
        self.log(id, at, channel, Direction::Out, Some(Outcome::Sent), None);
    }

    fn answered(&mut self, id: i64, at: DateTime<Utc>) {
        self.log(id, at, Channel::Email, Direction::In, None, None);
    }
}

fn group<'a>(groups: &'a [Group], label: &str) -> &'a Group {
    groups
        .iter()
        .find(|g| g.label == label)
        .unwrap_or_else(|| panic!("no group {label:?} in {groups:#?}"))
}

fn figures(g: &Group) -> (usize, usize, Option<f64>) {
    (g.contacted, g.replied, g.median_days)
}

/// Eight people asked in the last 90 days, one a year before; who answered and when is
/// chosen so every figure is known.
fn story() -> (Log, [i64; 4]) {
    let mut l = Log {
        db: Db::open_in_memory().unwrap(),
    };
    use Channel::*;
    use Source::*;
    let ana = l.person("Ana", "Northwind", Some(LinkedIn), None);
    let ben = l.person("Ben", "Northwind", Some(LinkedIn), None);
    let cai = l.person("Cai", "Northwind", Some(LinkedIn), None);
    let dev = l.person("Dev", "Northwind", Some(AlumniDirectory), None);
    let eli = l.person("Eli", "Northwind", Some(AlumniDirectory), None);
    let fay = l.person("Fay", "Contoso", Some(Referral), Some(ana));
    let gus = l.person("Gus", "Contoso", Some(Referral), Some(ana));
    let hal = l.person("Hal", "Fabrikam", None, None);
    let ida = l.person("Ida", "Northwind", Some(LinkedIn), None);
    let jo = l.person("Jo", "", Some(Referral), Some(fay));

    // Northwind: three of five answer, after 2, 4 and 6 days.
    l.wrote(ana, ago(60), Email);
    l.answered(ana, ago(58));
    l.log(ana, ago(50), PhoneCall, Direction::Out, None, None); // talked
    l.log(
        ana,
        ago(10),
        Email,
        Direction::Out,
        Some(Outcome::Sent),
        Some(Purpose::CheckIn),
    );
    l.wrote(ben, ago(40), Email);
    l.log(
        ben,
        ago(37),
        Email,
        Direction::Out,
        Some(Outcome::Sent),
        Some(Purpose::FollowUp),
    );
    l.answered(ben, ago(36));
    l.wrote(cai, ago(30), Email);
    l.log(cai, ago(24), VideoCall, Direction::Out, None, None); // talked: the answer
    l.wrote(dev, ago(20), Email);
    l.wrote(eli, ago(45), Email);
    l.log(
        eli,
        ago(40),
        Email,
        Direction::Out,
        Some(Outcome::Sent),
        Some(Purpose::FollowUp),
    );
    l.log(
        eli,
        ago(35),
        PhoneCall,
        Direction::Out,
        Some(Outcome::NoAnswer),
        None,
    );
    // Contoso: one of two, after a day; Gus's letter came back.
    l.wrote(fay, ago(15), Letter);
    l.answered(fay, ago(14));
    l.wrote(gus, ago(15), Letter);
    l.log(
        gus,
        ago(12),
        Letter,
        Direction::Out,
        Some(Outcome::Snafu),
        None,
    );
    // Fabrikam: a no after ten days is an answer.
    l.wrote(hal, ago(25), LinkedInMessage);
    l.log(
        hal,
        ago(15),
        Email,
        Direction::In,
        Some(Outcome::Declined),
        None,
    );
    // Ida was asked, answered and talked a year ago: outside the period.
    l.wrote(ida, ago(400), Email);
    l.answered(ida, ago(399));
    l.log(ida, ago(390), VideoCall, Direction::Out, None, None);
    l.log(
        ida,
        ago(390),
        Email,
        Direction::Out,
        Some(Outcome::Snafu),
        None,
    );
    (l, [ana, fay, gus, jo])
}

fn last_90_days(l: &Log) -> Insights {
    insights::insights(l.db.conn(), Some(ago(90)), &now()).unwrap()
}

#[test]
fn the_funnel_counts_the_people_first_asked_in_the_period() {
    let (l, _) = story();
    let i = last_90_days(&l);
    let f = &i.funnel;
    assert_eq!(
        (f.contacted, f.replied, f.talked, f.kept_in_touch),
        (8, 5, 2, 1)
    );
    // All time brings Ida in: asked, answered, talked; not kept in touch.
    let all = insights::insights(l.db.conn(), None, &now()).unwrap();
    let f = &all.funnel;
    assert_eq!(
        (f.contacted, f.replied, f.talked, f.kept_in_touch),
        (9, 6, 3, 1)
    );
    // Nothing in a period before anything happened.
    let empty = insights::insights(l.db.conn(), Some(ago(1)), &now()).unwrap();
    assert_eq!(empty.funnel.contacted, 0);
    assert!(empty.by_organization.is_empty() && empty.by_channel.is_empty());
}

#[test]
fn organizations_are_ranked_most_eager_first_with_their_reply_rate_and_median() {
    let (l, _) = story();
    let i = last_90_days(&l);
    let order: Vec<&str> = i.by_organization.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(order, ["Fabrikam", "Northwind", "Contoso"]);
    assert_eq!(i.organizations, 3);
    let northwind = group(&i.by_organization, "Northwind");
    assert_eq!(
        figures(northwind),
        (5, 3, Some(4.0)),
        "3 of 5, median 4 days"
    );
    assert!((northwind.reply_rate - 0.6).abs() < 1e-9);
    assert_eq!(
        figures(group(&i.by_organization, "Contoso")),
        (2, 1, Some(1.0))
    );
    assert_eq!(
        figures(group(&i.by_organization, "Fabrikam")),
        (1, 1, Some(10.0))
    );
}

#[test]
fn sources_channels_and_attempts_each_have_their_rate() {
    let (l, _) = story();
    let i = last_90_days(&l);
    assert_eq!(figures(group(&i.by_source, "LinkedIn")), (3, 3, Some(4.0)));
    assert_eq!(
        figures(group(&i.by_source, "Alumni directory")),
        (2, 0, None)
    );
    assert_eq!(figures(group(&i.by_source, "Referral")), (2, 1, Some(1.0)));
    assert_eq!(
        figures(group(&i.by_source, "Not recorded")),
        (1, 1, Some(10.0))
    );

    assert_eq!(figures(group(&i.by_channel, "Email")), (5, 3, Some(4.0)));
    assert_eq!(figures(group(&i.by_channel, "Letter")), (2, 1, Some(1.0)));
    assert_eq!(
        figures(group(&i.by_channel, "LinkedIn message")),
        (1, 1, Some(10.0))
    );

    // Ben answered the follow-up; Gus's second letter went wrong (a snafu is still a try);
    // Eli had three tries (two emails and a call) and no answer.
    let attempts: Vec<(&str, usize, usize)> = i
        .by_attempts
        .iter()
        .map(|g| (g.label.as_str(), g.contacted, g.replied))
        .collect();
    assert_eq!(
        attempts,
        [
            ("1 attempt", 5, 4),
            ("2 attempts", 2, 1),
            ("3 attempts", 1, 0)
        ]
    );
}

#[test]
fn conversations_are_counted_week_by_week_with_the_empty_weeks() {
    let (l, _) = story();
    let i = last_90_days(&l);
    // From the Monday of the week 90 days ago to this week's Monday.
    assert_eq!(
        i.weeks.first().unwrap().week,
        NaiveDate::from_ymd_opt(2026, 8, 24).unwrap()
    );
    assert_eq!(
        i.weeks.last().unwrap().week,
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    );
    assert_eq!(i.weeks.len(), 14);
    let held: Vec<(NaiveDate, usize)> = i
        .weeks
        .iter()
        .filter(|w| w.conversations > 0)
        .map(|w| (w.week, w.conversations))
        .collect();
    assert_eq!(
        held,
        [
            // Ana's call on Sunday 4 October, Cai's on Friday 30 October.
            (NaiveDate::from_ymd_opt(2026, 9, 28).unwrap(), 1),
            (NaiveDate::from_ymd_opt(2026, 10, 26).unwrap(), 1),
        ]
    );
}

#[test]
fn snafus_of_the_period_are_listed_latest_first() {
    let (l, [_, _, gus, _]) = story();
    let i = last_90_days(&l);
    assert_eq!(i.snafus.len(), 1);
    assert_eq!(i.snafus[0].contact_id, gus);
    assert_eq!(i.snafus[0].channel, Channel::Letter);
    let all = insights::insights(l.db.conn(), None, &now()).unwrap();
    assert_eq!(all.snafus.len(), 2);
    assert!(all.snafus[0].at > all.snafus[1].at);
}

#[test]
fn the_referral_tree_grows_from_the_people_found_on_their_own() {
    let (mut l, [ana, fay, gus, jo]) = story();
    let tree = last_90_days(&l).referrals;
    assert_eq!(tree.roots.len(), 1);
    let root = &tree.roots[0];
    assert_eq!((root.id, root.descendants), (ana, 3));
    let children: Vec<i64> = root.children.iter().map(|b| b.id).collect();
    assert_eq!(children, [fay, gus]);
    assert_eq!(root.children[0].children[0].id, jo);
    assert_eq!((tree.people, tree.shown, tree.referrals), (4, 4, 3));
    assert_eq!(tree.on_their_own, 6, "Ben, Cai, Dev, Eli, Hal, Ida");

    // Two people edited to refer each other: both drawn once, nothing lost.
    let kim = l.person("Kim", "", None, None);
    let lou = l.person("Lou", "", None, Some(kim));
    let mut input = ContactInput {
        full_name: "Kim".into(),
        referred_by_id: Some(lou),
        ..Default::default()
    };
    input.source = None;
    contacts::update(l.db.conn_mut(), kim, input, ago(0)).unwrap();
    let tree = last_90_days(&l).referrals;
    assert_eq!(tree.people, 6);
    assert_eq!(tree.shown, 6);
    let circle = tree
        .roots
        .iter()
        .find(|b| b.id == kim || b.id == lou)
        .unwrap();
    assert_eq!(circle.descendants, 1);

    // Someone referred from the circle, first by name, hangs under it: not a tree of their own.
    let aaron = l.person("Aaron", "", None, Some(lou));
    let tree = last_90_days(&l).referrals;
    assert_eq!((tree.people, tree.shown, tree.roots.len()), (7, 7, 2));
    assert!(tree.roots.iter().all(|b| b.id != aaron));
    let circle = tree
        .roots
        .iter()
        .find(|b| b.id == kim || b.id == lou)
        .unwrap();
    assert_eq!(circle.descendants, 2);
}
