use serde::Serialize;
use tauri::State;

use super::AppState;
use crate::contacts::{Source, Stage};
use crate::dates::DateStyle;
use crate::interactions::{Channel, Direction, Outcome, Purpose};
use crate::interviews::{Category, Medium, Status};
use crate::outreach::my_search::Standing;
use crate::outreach::targets::{AdvocateKind, Hiring};
use crate::outreach::templates::{Kind as TemplateKind, PLACEHOLDERS};
use crate::reminders::Kind;

/// One choice of a closed set: the stored word and what a person reads.
#[derive(Serialize)]
pub struct Choice {
    value: &'static str,
    label: &'static str,
}

/// The app's closed sets, so the UI's menus and labels come from one place.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
    stages: Vec<Choice>,
    sources: Vec<Choice>,
    channels: Vec<Choice>,
    directions: Vec<Choice>,
    outcomes: Vec<Choice>,
    purposes: Vec<Choice>,
    reminder_kinds: Vec<Choice>,
    mediums: Vec<Choice>,
    interview_statuses: Vec<Choice>,
    question_categories: Vec<Choice>,
    standings: Vec<Choice>,
    hiring: Vec<Choice>,
    advocates: Vec<Choice>,
    templates: Vec<Choice>,
    /// What a template may name, with the words its gap is marked with.
    placeholders: Vec<Choice>,
    /// How dates are written, the same in the window as in notifications.
    date_style: DateStyle,
}

macro_rules! choices {
    ($t:ty) => {
        <$t>::ALL
            .iter()
            .map(|v| Choice {
                value: v.as_str(),
                label: v.label(),
            })
            .collect()
    };
}

#[tauri::command]
pub fn vocabulary_get(state: State<'_, AppState>) -> Vocabulary {
    vocabulary(state.date_style())
}

pub fn vocabulary(date_style: DateStyle) -> Vocabulary {
    Vocabulary {
        stages: choices!(Stage),
        sources: choices!(Source),
        channels: choices!(Channel),
        directions: choices!(Direction),
        outcomes: choices!(Outcome),
        purposes: choices!(Purpose),
        reminder_kinds: choices!(Kind),
        mediums: choices!(Medium),
        interview_statuses: choices!(Status),
        question_categories: choices!(Category),
        standings: choices!(Standing),
        hiring: choices!(Hiring),
        advocates: choices!(AdvocateKind),
        templates: choices!(TemplateKind),
        placeholders: PLACEHOLDERS
            .iter()
            .map(|&(value, label)| Choice { value, label })
            .collect(),
        date_style,
    }
}
