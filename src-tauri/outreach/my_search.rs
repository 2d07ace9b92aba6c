//! "My search": who the user is and what they look for, filled once and edited any time.
//! Message templates and the prep's elevator speech draw on it.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldError, Result};
use crate::settings;
use crate::text;
use crate::text_enum::text_enum;

text_enum! {
    /// Where the user stands in their search.
    Standing {
        Student => "student", "Student";
        ChangingCareers => "changing_careers", "Changing careers";
        Exploring => "exploring", "Employed and exploring";
        Between => "between", "Between jobs";
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MySearch {
    /// The user's name, as letters are signed.
    pub name: String,
    /// One line on who they are ("Supply-chain analyst, five years in retail").
    pub background: String,
    /// Fields or industries of interest.
    pub interests: Vec<String>,
    pub roles: Vec<String>,
    pub locations: Vec<String>,
    pub standing: Option<Standing>,
    /// What the standing needs said ("graduating in June").
    pub standing_detail: String,
}

const KEY: &str = "my_search";
/// A line longer than this is a paste gone wrong, not a name or a background.
const LINE_MAX: usize = 300;
/// Enough for any real search; more is a paste into the wrong field.
const LIST_MAX: usize = 30;

pub fn get(conn: &Connection) -> Result<MySearch> {
    settings::load(conn, KEY)
}

/// Saves the profile as tidied by [`tidy`]; a value too long is refused and nothing changes.
pub fn save(conn: &Connection, value: MySearch) -> Result<MySearch> {
    let value = tidy(value)?;
    settings::store(conn, KEY, &value)?;
    Ok(value)
}

/// Lines made one line each; lists without blanks or repeats (any letter case), in the
/// order typed.
pub fn tidy(mut value: MySearch) -> Result<MySearch> {
    let mut errors = Vec::new();
    for (field, line) in [
        ("name", &mut value.name),
        ("background", &mut value.background),
        ("standingDetail", &mut value.standing_detail),
    ] {
        *line = text::line(line);
        if line.chars().count() > LINE_MAX {
            errors.push(FieldError::new(
                field,
                format!("Keep this to one line of at most {LINE_MAX} characters."),
            ));
        }
    }
    for (field, list) in [
        ("interests", &mut value.interests),
        ("roles", &mut value.roles),
        ("locations", &mut value.locations),
    ] {
        let mut seen = std::collections::HashSet::new();
        *list = list
            .iter()
            .map(|item| text::line(item))
            .filter(|item| !item.is_empty() && seen.insert(item.to_lowercase()))
            .collect();
        if list.len() > LIST_MAX {
            errors.push(FieldError::new(
                field,
                format!("Name at most {LIST_MAX}; the first few matter most."),
            ));
        } else if list.iter().any(|item| item.chars().count() > LINE_MAX) {
            errors.push(FieldError::new(
                field,
                format!("Each one at most {LINE_MAX} characters."),
            ));
        }
    }
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(Error::Invalid(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;

    #[test]
    fn empty_until_saved_then_tidied() {
        let db = Db::open_in_memory().unwrap();
        assert_eq!(get(db.conn()).unwrap(), MySearch::default());
        let saved = save(
            db.conn(),
            MySearch {
                name: "  Ana   Lima \u{200B}".into(),
                interests: vec![
                    "Logistics".into(),
                    " logistics ".into(),
                    "".into(),
                    "Urban  planning".into(),
                ],
                standing: Some(Standing::Student),
                standing_detail: "graduating in June".into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(saved.name, "Ana Lima");
        assert_eq!(saved.interests, ["Logistics", "Urban planning"]);
        assert_eq!(get(db.conn()).unwrap(), saved);
    }

    #[test]
    fn a_paste_into_a_line_is_refused_and_nothing_changes() {
        let db = Db::open_in_memory().unwrap();
        let err = save(
            db.conn(),
            MySearch {
                background: "x".repeat(LINE_MAX + 1),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(matches!(err, Error::Invalid(ref e) if e[0].field == "background"));
        assert_eq!(get(db.conn()).unwrap(), MySearch::default());
    }
}
