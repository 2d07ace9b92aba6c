//! What works: from the log, over a period, who was contacted, who replied and how fast, who
//! talked and stayed in touch; which organizations, sources, channels and numbers of
//! attempts answer best; conversations week by week; the snafus; and who referred whom.
//!
//! The facts of each person come from SQL over the log; the groups and medians are counted
//! here. `now` and the period are inputs, so a figure is the same whenever it is asked.

mod tree;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;
use serde::Serialize;

pub use tree::{referral_tree, Branch, ReferralTree};

use crate::contacts::Source;
use crate::error::Result;
use crate::interactions::{self, Channel};

/// What counts, in SQL over `interactions i`: a conversation took place
/// ([`interactions::is_conversation`]);
const TALK: &str = interactions::CONVERSATION_SQL;
/// the user asked for one: an outgoing message or call, a first one or a follow-up;
const ATTEMPT: &str = "(i.direction = 'out' AND coalesce(i.purpose, 'follow_up') = 'follow_up')";
/// and the person answered: wrote or called back, or the attempt is marked as answered —
/// a yes, a date or a no — or they talked.
const ANSWER: &str = "((i.direction = 'in' AND i.purpose IS NOT 'connected')
     OR i.outcome IN ('replied', 'scheduled', 'declined'))";

/// A period of the log: from a moment (none: since the beginning) up to `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    pub from: Option<DateTime<Utc>>,
    pub to: DateTime<Utc>,
}

/// How many of the people first asked in the period went how far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Funnel {
    pub contacted: usize,
    pub replied: usize,
    pub talked: usize,
    /// Talked, then kept warm: a check-in sent, or marked *keeping in touch*.
    pub kept_in_touch: usize,
}

/// The people of one organization, source, channel or number of attempts, and how they
/// answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// The organization's id, the source's or channel's value, or the number of attempts.
    pub key: String,
    pub label: String,
    pub contacted: usize,
    pub replied: usize,
    /// `replied / contacted`, 0 to 1.
    pub reply_rate: f64,
    /// Days from the first attempt to the answer, the middle of those who answered.
    pub median_days: Option<f64>,
}

/// Conversations held in the week starting `week` (a Monday, the user's time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Week {
    pub week: NaiveDate,
    pub conversations: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Snafu {
    pub interaction_id: i64,
    pub at: DateTime<Utc>,
    pub contact_id: i64,
    pub contact_name: String,
    pub channel: Channel,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Insights {
    pub period: Period,
    pub funnel: Funnel,
    /// The most eager first: the highest reply rate, then the most who answered, then the
    /// quickest; at most [`ORGANIZATIONS_SHOWN`].
    pub by_organization: Vec<Group>,
    /// How many organizations were asked, of which `by_organization` shows the first.
    pub organizations: usize,
    pub by_source: Vec<Group>,
    pub by_channel: Vec<Group>,
    /// Grouped by the attempts made until the answer (or in all, when none came).
    pub by_attempts: Vec<Group>,
    pub weeks: Vec<Week>,
    pub snafus: Vec<Snafu>,
    pub referrals: ReferralTree,
}

/// Organizations a chart can show and a person can compare.
pub const ORGANIZATIONS_SHOWN: usize = 12;
/// Weeks the timeline goes back at most, for "all time".
const WEEKS_MAX: i64 = 156;
/// Snafus listed, the latest first.
const SNAFUS_SHOWN: usize = 50;
/// Attempts from which on people are counted together ("4 or more").
const ATTEMPTS_GROUPED: usize = 4;

/// One person first asked in the period, and what came of it.
struct Asked {
    organization: Option<(i64, String)>,
    source: Option<Source>,
    first_channel: Channel,
    /// They answered, or talked with the user (a call marked done may have no date).
    replied: bool,
    /// Days from the first attempt to the answer, when its date is known.
    days: Option<f64>,
    attempts: usize,
    talked: bool,
    kept: bool,
}

pub fn insights<Tz: TimeZone>(
    conn: &Connection,
    from: Option<DateTime<Utc>>,
    now: &DateTime<Tz>,
) -> Result<Insights> {
    let period = Period {
        from,
        to: now.with_timezone(&Utc),
    };
    let asked = asked(conn, &period)?;
    let funnel = Funnel {
        contacted: asked.len(),
        replied: asked.iter().filter(|a| a.replied).count(),
        talked: asked.iter().filter(|a| a.talked).count(),
        kept_in_touch: asked.iter().filter(|a| a.kept).count(),
    };
    let mut by_organization = groups(asked.iter().filter_map(|a| {
        a.organization
            .as_ref()
            .map(|(id, name)| ((id.to_string(), name.clone()), a))
    }));
    by_organization.sort_by(|a, b| {
        b.reply_rate
            .total_cmp(&a.reply_rate)
            .then(b.replied.cmp(&a.replied))
            .then(
                a.median_days
                    .unwrap_or(f64::MAX)
                    .total_cmp(&b.median_days.unwrap_or(f64::MAX)),
            )
            .then(a.label.to_lowercase().cmp(&b.label.to_lowercase()))
    });
    let organizations = by_organization.len();
    by_organization.truncate(ORGANIZATIONS_SHOWN);

    // Sources and channels: the most used first.
    let most_used =
        |a: &Group, b: &Group| b.contacted.cmp(&a.contacted).then(a.label.cmp(&b.label));
    let mut by_source = groups(asked.iter().map(|a| {
        let key = match a.source {
            Some(s) => (s.as_str().to_string(), s.label().to_string()),
            None => (String::new(), "Not recorded".to_string()),
        };
        (key, a)
    }));
    by_source.sort_by(most_used);
    let mut by_channel = groups(asked.iter().map(|a| {
        let c = a.first_channel;
        ((c.as_str().to_string(), c.label().to_string()), a)
    }));
    by_channel.sort_by(most_used);
    // In key order, which is the number of attempts ("1" to "4").
    let by_attempts = groups(asked.iter().map(|a| {
        let n = a.attempts.clamp(1, ATTEMPTS_GROUPED);
        let label = match n {
            1 => "1 attempt".to_string(),
            ATTEMPTS_GROUPED => format!("{ATTEMPTS_GROUPED} or more"),
            n => format!("{n} attempts"),
        };
        ((n.to_string(), label), a)
    }));

    Ok(Insights {
        funnel,
        by_organization,
        organizations,
        by_source,
        by_channel,
        by_attempts,
        weeks: weeks(conn, &period, now)?,
        snafus: snafus(conn, &period)?,
        referrals: referral_tree(conn)?,
        period,
    })
}

/// Each person whose first attempt falls in the period, with what came of it — all read
/// by one query.
fn asked(conn: &Connection, period: &Period) -> Result<Vec<Asked>> {
    let mut stmt = conn.prepare_cached(&asked_sql())?;
    let rows = stmt.query_map(rusqlite::params![period.from, period.to], |r| {
        let talked: bool = r.get(5)?;
        let first_at: DateTime<Utc> = r.get(1)?;
        let answered_at: Option<DateTime<Utc>> = r.get(2)?;
        let organization = match r.get::<_, Option<i64>>(8)? {
            Some(id) => Some((id, r.get::<_, String>(9)?)),
            None => None,
        };
        Ok(Asked {
            replied: answered_at.is_some() || talked,
            days: answered_at.map(|at| (at - first_at).num_seconds() as f64 / 86_400.0),
            first_channel: r.get(3)?,
            attempts: r.get::<_, i64>(4)? as usize,
            talked,
            kept: talked && r.get::<_, bool>(6)?,
            source: r.get(7)?,
            organization,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The query behind [`asked`]: its lookups go through the partial indexes of
/// `016_insights_at_scale.sql`.
fn asked_sql() -> String {
    format!(
        "WITH first AS (
             SELECT i.contact_id, min(i.occurred_at) AS at FROM interactions i
             WHERE {ATTEMPT} AND NOT {TALK} GROUP BY i.contact_id
         ),
         asked AS (
             SELECT f.contact_id, f.at,
                    (SELECT min(i.occurred_at) FROM interactions i
                     WHERE i.contact_id = f.contact_id AND i.occurred_at >= f.at
                       AND i.occurred_at <= ?2 AND ({ANSWER} OR {TALK})) AS answered_at
             FROM first f
             WHERE f.at >= coalesce(?1, '') AND f.at <= ?2
         )
         SELECT a.contact_id, a.at, a.answered_at,
                (SELECT i.channel FROM interactions i
                 WHERE i.contact_id = a.contact_id AND i.occurred_at = a.at AND {ATTEMPT}
                   AND NOT {TALK}
                 ORDER BY i.id LIMIT 1),
                (SELECT count(*) FROM interactions i
                 WHERE i.contact_id = a.contact_id AND {ATTEMPT} AND NOT {TALK}
                   AND i.occurred_at >= a.at AND i.occurred_at <= coalesce(a.answered_at, ?2)),
                EXISTS (SELECT 1 FROM interactions i
                        WHERE i.contact_id = a.contact_id AND {TALK}
                          AND i.occurred_at >= a.at AND i.occurred_at <= ?2)
                  OR EXISTS (SELECT 1 FROM interviews v
                             WHERE v.contact_id = a.contact_id AND v.status = 'done'),
                c.stage = 'keeping_in_touch'
                  OR EXISTS (SELECT 1 FROM interactions i
                             WHERE i.contact_id = a.contact_id AND i.purpose = 'check_in'
                               AND i.occurred_at <= ?2),
                c.source, o.id, o.name
         FROM asked a
         JOIN contacts c ON c.id = a.contact_id
         LEFT JOIN organizations o ON o.id = c.organization_id"
    )
}

/// People grouped by key, each group counted; in key order.
fn groups<'a>(people: impl Iterator<Item = ((String, String), &'a Asked)>) -> Vec<Group> {
    let mut by: BTreeMap<String, (String, Vec<&Asked>)> = BTreeMap::new();
    for ((key, label), a) in people {
        by.entry(key)
            .or_insert_with(|| (label, Vec::new()))
            .1
            .push(a);
    }
    by.into_iter()
        .map(|(key, (label, people))| {
            let replied = people.iter().filter(|a| a.replied).count();
            let days = people.iter().filter_map(|a| a.days).collect();
            Group {
                key,
                label,
                contacted: people.len(),
                replied,
                reply_rate: replied as f64 / people.len() as f64,
                median_days: median(days),
            }
        })
        .collect()
}

/// The middle value; between the two middle ones for an even count.
fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}

/// The Monday of the week `at` falls in, in the user's time.
fn monday<Tz: TimeZone>(at: &DateTime<Tz>) -> NaiveDate {
    let day = at.date_naive();
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

/// The conversations of a period, from their own index.
fn weeks_sql() -> String {
    format!(
        "SELECT i.occurred_at FROM interactions i
         WHERE {TALK} AND i.occurred_at >= coalesce(?1, '') AND i.occurred_at <= ?2"
    )
}

/// Conversations week by week over the period (for all time, from the first one), empty
/// weeks included; at most [`WEEKS_MAX`] weeks, the latest.
fn weeks<Tz: TimeZone>(
    conn: &Connection,
    period: &Period,
    now: &DateTime<Tz>,
) -> Result<Vec<Week>> {
    let tz = now.timezone();
    let mut stmt = conn.prepare_cached(&weeks_sql())?;
    let talks: Vec<DateTime<Utc>> = stmt
        .query_map(rusqlite::params![period.from, period.to], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let last = monday(now);
    let first = match period.from {
        Some(from) => monday(&from.with_timezone(&tz)),
        None => match talks.iter().min() {
            Some(at) => monday(&at.with_timezone(&tz)),
            None => return Ok(Vec::new()),
        },
    }
    .max(last - Duration::weeks(WEEKS_MAX - 1));
    let mut counts: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut week = first;
    while week <= last {
        counts.insert(week, 0);
        week += Duration::weeks(1);
    }
    for at in talks {
        if let Some(n) = counts.get_mut(&monday(&at.with_timezone(&tz))) {
            *n += 1;
        }
    }
    Ok(counts
        .into_iter()
        .map(|(week, conversations)| Week {
            week,
            conversations,
        })
        .collect())
}

/// The latest snafus of a period, along their own index.
const SNAFUS_SQL: &str = "SELECT i.id, i.occurred_at, i.contact_id, c.full_name, i.channel, i.notes
     FROM interactions i JOIN contacts c ON c.id = i.contact_id
     WHERE i.outcome = 'snafu' AND i.occurred_at >= coalesce(?1, '') AND i.occurred_at <= ?2
     ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?3";

fn snafus(conn: &Connection, period: &Period) -> Result<Vec<Snafu>> {
    let mut stmt = conn.prepare_cached(SNAFUS_SQL)?;
    let rows = stmt.query_map(
        rusqlite::params![period.from, period.to, SNAFUS_SHOWN as i64],
        |r| {
            Ok(Snafu {
                interaction_id: r.get(0)?,
                at: r.get(1)?,
                contact_id: r.get(2)?,
                contact_name: r.get(3)?,
                channel: r.get(4)?,
                notes: r.get(5)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At 50,000 people each figure reads the rows it is about, never every interaction
    /// or every person: a definition changed here and not in the partial indexes of
    /// `016_insights_at_scale.sql` fails this.
    #[test]
    fn each_figure_reads_its_own_rows_through_an_index() {
        let queries = [
            (
                asked_sql(),
                vec!["interactions_attempts", "interactions_talks"],
            ),
            (weeks_sql(), vec!["interactions_talks"]),
            (SNAFUS_SQL.to_string(), vec!["interactions_snafus"]),
            (tree::PEOPLE_SQL.to_string(), vec!["contacts_referred_by"]),
        ];
        for (sql, indexes) in queries {
            let plan = crate::store::query_plan(&sql);
            for index in indexes {
                assert!(
                    plan.iter().any(|step| step.contains(index)),
                    "{index} unused: {plan:#?}"
                );
            }
            // A scan of a table (`SCAN i`, `SCAN c USING INDEX contacts_name`) reads all of
            // it; a scan of a partial index reads only what it holds.
            let whole = plan.iter().find(|step| {
                ["SCAN i", "SCAN c", "SCAN r"]
                    .iter()
                    .any(|t| step == t || step.starts_with(&format!("{t} ")))
                    && !step.contains("interactions_attempts")
                    && !step.contains("interactions_talks")
            });
            assert!(whole.is_none(), "reads a whole table: {plan:#?}");
        }
    }

    #[test]
    fn the_median_is_the_middle_or_between_the_two_middles() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![4.0]), Some(4.0));
        assert_eq!(median(vec![9.0, 1.0, 4.0]), Some(4.0));
        assert_eq!(median(vec![1.0, 2.0, 6.0, 9.0]), Some(4.0));
    }
}
