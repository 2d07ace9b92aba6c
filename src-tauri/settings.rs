//! The user's choices: reminder rules and how the app behaves, stored as JSON by key.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::error::{Error, FieldError, Result};

/// How an unanswered outreach is followed up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpRoutine {
    /// One reminder, `follow_up_days` calendar days after the attempt.
    #[default]
    Simple,
    /// At 3 business days try someone else at the organization; at 7, follow up.
    ThreeBSeven,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ReminderSettings {
    pub follow_up_days: u32,
    pub follow_up_routine: FollowUpRoutine,
    pub thank_you_overdue_hours: u32,
    pub check_in_months: u32,
    pub before_call_minutes: u32,
    pub quiet_start: NaiveTime,
    pub quiet_end: NaiveTime,
    pub holidays: Vec<NaiveDate>,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            follow_up_days: 7,
            follow_up_routine: FollowUpRoutine::Simple,
            thank_you_overdue_hours: 48,
            check_in_months: 3,
            before_call_minutes: 60,
            quiet_start: NaiveTime::from_hms_opt(21, 0, 0).unwrap(),
            quiet_end: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            holidays: Vec::new(),
        }
    }
}

impl ReminderSettings {
    pub fn validate(mut self) -> Result<Self> {
        let mut errors = Vec::new();
        let mut range = |field: &'static str, value: u32, low: u32, high: u32, unit: &str| {
            if !(low..=high).contains(&value) {
                errors.push(FieldError::new(
                    field,
                    format!("Choose between {low} and {high} {unit}."),
                ));
            }
        };
        range("followUpDays", self.follow_up_days, 1, 60, "days");
        range(
            "thankYouOverdueHours",
            self.thank_you_overdue_hours,
            12,
            168,
            "hours",
        );
        range("checkInMonths", self.check_in_months, 1, 24, "months");
        range(
            "beforeCallMinutes",
            self.before_call_minutes,
            5,
            24 * 60,
            "minutes",
        );
        self.holidays.sort();
        self.holidays.dedup();
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(Error::Invalid(errors))
        }
    }
}

/// How the app lives on the desktop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AppSettings {
    /// Closing the window hides it to the tray; reminders keep coming.
    pub close_to_tray: bool,
    pub launch_at_login: bool,
}

impl Default for AppSettings {
    fn default() -> Self {
        AppSettings {
            close_to_tray: true,
            launch_at_login: false,
        }
    }
}

const REMINDERS: &str = "reminders";
const APP: &str = "app";

pub(crate) fn load<T: DeserializeOwned + Default>(conn: &Connection, key: &str) -> Result<T> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    // Settings written by a newer or older version keep what still parses.
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

pub(crate) fn store<T: Serialize>(conn: &Connection, key: &str, value: &T) -> Result<()> {
    let text =
        serde_json::to_string(value).map_err(|e| Error::invalid("settings", e.to_string()))?;
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, &text],
    )?;
    Ok(())
}

pub fn reminders(conn: &Connection) -> Result<ReminderSettings> {
    load(conn, REMINDERS)
}

pub fn save_reminders(conn: &Connection, value: ReminderSettings) -> Result<ReminderSettings> {
    let value = value.validate()?;
    store(conn, REMINDERS, &value)?;
    Ok(value)
}

pub fn app(conn: &Connection) -> Result<AppSettings> {
    load(conn, APP)
}

pub fn save_app(conn: &Connection, value: AppSettings) -> Result<AppSettings> {
    store(conn, APP, &value)?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;

    #[test]
    fn defaults_until_saved_then_what_was_saved() {
        let db = Db::open_in_memory().unwrap();
        assert_eq!(reminders(db.conn()).unwrap(), ReminderSettings::default());
        let mine = ReminderSettings {
            check_in_months: 6,
            follow_up_routine: FollowUpRoutine::ThreeBSeven,
            holidays: vec![
                NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
                NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
                NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
            ],
            ..Default::default()
        };
        save_reminders(db.conn(), mine).unwrap();
        let back = reminders(db.conn()).unwrap();
        assert_eq!(back.check_in_months, 6);
        assert_eq!(back.holidays.len(), 2);
        assert!(!app(db.conn()).unwrap().launch_at_login);
    }

    #[test]
    fn out_of_range_values_are_refused_and_nothing_changes() {
        let db = Db::open_in_memory().unwrap();
        let bad = ReminderSettings {
            check_in_months: 0,
            ..Default::default()
        };
        assert!(matches!(
            save_reminders(db.conn(), bad),
            Err(Error::Invalid(_))
        ));
        assert_eq!(reminders(db.conn()).unwrap(), ReminderSettings::default());
    }
}
