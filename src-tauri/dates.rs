//! One way of writing a moment, in notifications and in the window alike: relative when it
//! is near ("yesterday 14:00", "Monday 09:30"), absolute beyond a week ("3 Nov 16:00",
//! "3 Nov 2025 16:00"). Words are the app's; the clock (12 or 24 hours) is the user's locale's.

use chrono::{DateTime, Datelike, NaiveDateTime, NaiveTime, TimeZone, Utc};
use pure_rust_locales::{locale_match, Locale};
use serde::Serialize;

/// How the user reads a time of day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DateStyle {
    /// "2:05 PM" rather than "14:05".
    pub hour12: bool,
}

impl DateStyle {
    /// The style of a POSIX locale name such as "en_US.UTF-8" or "de_DE@euro". None, "C" and
    /// "POSIX" read as en_US, as the window's web engine reads them.
    pub fn of_locale(name: Option<&str>) -> DateStyle {
        let base = name
            .map(|n| n.split(['.', '@']).next().unwrap_or(""))
            .filter(|n| !n.is_empty() && *n != "C" && *n != "POSIX")
            .unwrap_or("en_US");
        let locale = Locale::try_from(base).unwrap_or(Locale::en_US);
        // The locale's own time format, asked for 13:00: a 12-hour clock never writes "13".
        let format: &str = locale_match!(locale => LC_TIME::T_FMT);
        let one_pm = NaiveTime::from_hms_opt(13, 0, 0).expect("a valid time");
        let written = one_pm.format(format).to_string();
        DateStyle {
            hour12: !written.contains("13"),
        }
    }

    /// The user's style, from the environment the way POSIX looks it up.
    pub fn from_env() -> DateStyle {
        let name = ["LC_ALL", "LC_TIME", "LANG"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
        DateStyle::of_locale(name.as_deref())
    }
}

/// The time of day of a local moment: "14:05", or "2:05 PM".
pub fn time(at: &NaiveDateTime, style: DateStyle) -> String {
    if style.hour12 {
        at.format("%-I:%M %p").to_string()
    } else {
        at.format("%H:%M").to_string()
    }
}

/// The day of `at` as seen from `now`: "today", "yesterday", "tomorrow", a weekday within
/// a week either way, else "3 Nov", or "3 Nov 2025" in another year.
pub fn day<Tz: TimeZone>(at: DateTime<Utc>, now: &DateTime<Tz>) -> String {
    let local = at.with_timezone(&now.timezone()).naive_local();
    let days = (local.date() - now.date_naive()).num_days();
    match days {
        0 => "today".into(),
        -1 => "yesterday".into(),
        1 => "tomorrow".into(),
        -6..=-2 | 2..=6 => local.format("%A").to_string(),
        _ if local.year() == now.year() => local.format("%-d %b").to_string(),
        _ => local.format("%-d %b %Y").to_string(),
    }
}

/// A moment as seen from `now`: "yesterday 14:00", "Monday 09:30", "3 Nov 2025 16:00".
pub fn when<Tz: TimeZone>(at: DateTime<Utc>, now: &DateTime<Tz>, style: DateStyle) -> String {
    let local = at.with_timezone(&now.timezone()).naive_local();
    format!("{} {}", day(at, now), time(&local, style))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    const H24: DateStyle = DateStyle { hour12: false };
    const H12: DateStyle = DateStyle { hour12: true };

    #[test]
    fn near_moments_are_relative_and_far_ones_absolute() {
        let now = Berlin.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        let at = |y, m, d, h, min| {
            Berlin
                .with_ymd_and_hms(y, m, d, h, min, 0)
                .unwrap()
                .with_timezone(&Utc)
        };
        assert_eq!(when(at(2026, 11, 22, 8, 5), &now, H24), "today 08:05");
        assert_eq!(when(at(2026, 11, 21, 14, 0), &now, H24), "yesterday 14:00");
        assert_eq!(when(at(2026, 11, 23, 9, 30), &now, H24), "tomorrow 09:30");
        assert_eq!(when(at(2026, 11, 24, 10, 0), &now, H24), "Tuesday 10:00");
        assert_eq!(when(at(2026, 11, 16, 10, 0), &now, H24), "Monday 10:00");
        assert_eq!(when(at(2026, 11, 15, 16, 0), &now, H24), "15 Nov 16:00");
        assert_eq!(when(at(2025, 11, 3, 16, 0), &now, H24), "3 Nov 2025 16:00");
        assert_eq!(
            when(at(2026, 11, 21, 14, 0), &now, H12),
            "yesterday 2:00 PM"
        );
        assert_eq!(when(at(2026, 11, 22, 0, 5), &now, H12), "today 12:05 AM");
    }

    #[test]
    fn days_are_counted_in_the_users_time_zone() {
        // 23:30 UTC on the 21st is already the 22nd in Berlin.
        let now = Berlin.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        let late = Utc.with_ymd_and_hms(2026, 11, 21, 23, 30, 0).unwrap();
        assert_eq!(when(late, &now, H24), "today 00:30");
    }

    #[test]
    fn the_locale_says_which_clock() {
        assert!(DateStyle::of_locale(Some("en_US.UTF-8")).hour12);
        assert!(
            DateStyle::of_locale(None).hour12,
            "as WebKit reads no locale"
        );
        assert!(DateStyle::of_locale(Some("C")).hour12);
        assert!(!DateStyle::of_locale(Some("de_DE.UTF-8")).hour12);
        assert!(!DateStyle::of_locale(Some("en_GB.UTF-8")).hour12);
        assert!(!DateStyle::of_locale(Some("fr_FR@euro")).hour12);
        // A locale chrono does not know reads as en_US too.
        assert!(DateStyle::of_locale(Some("xx_YY")).hour12);
    }
}
