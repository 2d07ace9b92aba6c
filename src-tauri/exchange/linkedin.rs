//! LinkedIn's Connections.csv in both shapes seen in the wild: the current one (a "Notes:"
//! preamble, a blank line, then First Name, Last Name, URL, Email Address, Company,
//! Position, Connected On, with dates like "22 Dec 2025") and the older one (no preamble,
//! no URL, dates like "1/8/18, 6:14 PM").

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use crate::contacts::{self, Source};
use crate::error::{Error, Result};
use crate::exchange::import::Candidate;
use crate::exchange::text_file::{self, Row};
use crate::text;

const FIRST_NAME: &str = "first name";

/// The people of a LinkedIn export, or why the file is not one.
pub fn read(bytes: &[u8]) -> Result<Vec<Candidate>> {
    let rows = text_file::csv_rows(bytes)?;
    let Some(at) = rows.iter().position(|r| {
        r.fields
            .first()
            .is_some_and(|f| text::line(f).to_lowercase() == FIRST_NAME)
    }) else {
        return Err(Error::BadFile(
            "This is not a LinkedIn Connections export: no line starts with “First Name”. \
             Choose Connections.csv from the archive LinkedIn sends (Settings › Data privacy › \
             Get a copy of your data)."
                .into(),
        ));
    };
    let header = &rows[at];
    let columns: HashMap<String, usize> = header
        .fields
        .iter()
        .enumerate()
        .map(|(i, name)| (text::line(name).to_lowercase(), i))
        .collect();
    if !columns.contains_key("last name") {
        return Err(Error::BadFile(format!(
            "Line {}: the header has no “Last Name” column, so this is not a LinkedIn \
             Connections export.",
            header.line
        )));
    }
    let mut people = Vec::new();
    let body: Vec<&Row> = rows[at + 1..].iter().filter(|r| !r.is_blank()).collect();
    for (n, row) in body.iter().enumerate() {
        let last = n + 1 == body.len();
        if last && row.fields.len() < header.fields.len() {
            return Err(Error::BadFile(format!(
                "Line {} ends after {} of its {} fields: the file may have been cut short.",
                row.line,
                row.fields.len(),
                header.fields.len()
            )));
        }
        if row.fields.len() != header.fields.len() {
            return Err(Error::BadFile(format!(
                "Line {} has {} fields where the header on line {} has {}: the file is not \
                 as LinkedIn writes it.",
                row.line,
                row.fields.len(),
                header.line,
                header.fields.len()
            )));
        }
        people.push(person(row, &columns));
    }
    Ok(people)
}

fn person(row: &Row, columns: &HashMap<String, usize>) -> Candidate {
    let get = |name: &str| {
        columns
            .get(name)
            .and_then(|i| row.fields.get(*i))
            .map(|f| text::line(f))
            .unwrap_or_default()
    };
    let mut warnings = Vec::new();
    let email = get("email address");
    let emails = if email.is_empty() {
        Vec::new()
    } else if contacts::is_email(&email) {
        vec![email]
    } else {
        warnings.push(format!(
            "“{email}” in the email column is not an address; it was left out."
        ));
        Vec::new()
    };
    let url = get("url");
    let profile_url = if url.is_empty() {
        String::new()
    } else {
        contacts::normalize_url(&url).unwrap_or_else(|| {
            warnings.push(format!("“{url}” is not a web address; it was left out."));
            String::new()
        })
    };
    let company = get("company");
    // LinkedIn writes a lone dash for "no company".
    let organization = if company.chars().all(|c| matches!(c, '-' | '–' | '—')) {
        String::new()
    } else {
        company
    };
    let connected = get("connected on");
    let connected_on = (!connected.is_empty())
        .then(|| {
            let at = connected_at(&connected);
            if at.is_none() {
                warnings.push(format!(
                    "“{connected}” is not a date; the connection date was left out."
                ));
            }
            at
        })
        .flatten();
    Candidate {
        line: row.line,
        full_name: text::line(&format!("{} {}", get(FIRST_NAME), get("last name"))),
        role: get("position"),
        organization,
        emails,
        profile_url,
        source: Some(Source::LinkedIn),
        connected_on,
        warnings,
        ..Default::default()
    }
}

/// "22 Dec 2025" (noon, so the day is the same in every time zone) or "1/8/18, 6:14 PM".
fn connected_at(text: &str) -> Option<DateTime<Utc>> {
    let noon = NaiveTime::from_hms_opt(12, 0, 0)?;
    ["%d %b %Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .map(|d| d.and_time(noon))
        .or_else(|| {
            ["%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        })
        .or_else(|| {
            ["%m/%d/%y", "%m/%d/%Y"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
                .map(|d| d.and_time(noon))
        })
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn both_date_shapes_read() {
        let at = |y, m, d, h, min| Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap();
        assert_eq!(connected_at("22 Dec 2025"), Some(at(2025, 12, 22, 12, 0)));
        assert_eq!(connected_at("03 Nov 2025"), Some(at(2025, 11, 3, 12, 0)));
        assert_eq!(
            connected_at("1/8/18, 6:14 PM"),
            Some(at(2018, 1, 8, 18, 14))
        );
        assert_eq!(
            connected_at("12/31/2019, 9:05 AM"),
            Some(at(2019, 12, 31, 9, 5))
        );
        assert_eq!(connected_at("yesterday"), None);
    }
}
