//! Who in the log a person from a file is: the same profile link, else the same email, else
//! the same name at the same organization. Imports and the duplicates view share it, so a
//! re-import never makes the duplicates that view would find.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::error::Result;
use crate::text;

/// Why two records are taken for the same person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    ProfileUrl,
    Email,
    NameAndOrganization,
    /// Names a letter or two apart at one organization: only the duplicates view says so.
    SimilarName,
}

impl Reason {
    pub fn label(self) -> &'static str {
        match self {
            Reason::ProfileUrl => "same profile link",
            Reason::Email => "same email",
            Reason::NameAndOrganization => "same name and organization",
            Reason::SimilarName => "similar names at the same organization",
        }
    }
}

/// What identifies a person, each part compared as people read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    url: Option<String>,
    emails: Vec<String>,
    name_org: Option<(String, String)>,
}

impl Keys {
    pub fn new(name: &str, organization: &str, emails: &[String], profile_url: &str) -> Keys {
        let name = fold(name);
        Keys {
            url: url_key(profile_url),
            emails: emails
                .iter()
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty())
                .collect(),
            name_org: (!name.is_empty()).then(|| (name, fold(organization))),
        }
    }
}

/// Text compared without case, accents, invisible characters or extra spaces: "Jose
/// Munoz" from an export that drops accents is "José Muñoz".
pub fn fold(s: &str) -> String {
    let bare: String = text::searchable(s)
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect();
    text::line(&bare).to_lowercase()
}

/// A profile link as an identity: no scheme, no "www.", no query or trailing slash, its
/// path decoded and in lower case (LinkedIn's are case-insensitive).
pub fn url_key(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let host = parsed.host_str()?.trim_start_matches("www.").to_lowercase();
    let path =
        url::form_urlencoded::parse(format!("p={}", parsed.path().replace('+', "%2B")).as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
    let path = path.trim_end_matches('/').to_lowercase();
    Some(format!("{host}{path}"))
}

/// Everyone's keys, for matching many records in one pass.
#[derive(Debug, Default)]
pub struct Index {
    urls: HashMap<String, i64>,
    emails: HashMap<String, i64>,
    names: HashMap<(String, String), i64>,
}

impl Index {
    pub fn load(conn: &Connection) -> Result<Index> {
        let mut index = Index::default();
        let mut stmt = conn.prepare(
            "SELECT c.id, c.full_name, coalesce(o.name, ''), c.emails, c.profile_url
             FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
             ORDER BY c.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let emails: String = r.get(3)?;
            Ok((
                r.get::<_, i64>(0)?,
                Keys::new(
                    &r.get::<_, String>(1)?,
                    &r.get::<_, String>(2)?,
                    &serde_json::from_str::<Vec<String>>(&emails).unwrap_or_default(),
                    &r.get::<_, String>(4)?,
                ),
            ))
        })?;
        for row in rows {
            let (id, keys) = row?;
            index.add(id, &keys);
        }
        Ok(index)
    }

    /// Remembers `id` under its keys; the first one keeps a key.
    pub fn add(&mut self, id: i64, keys: &Keys) {
        if let Some(url) = &keys.url {
            self.urls.entry(url.clone()).or_insert(id);
        }
        for email in &keys.emails {
            self.emails.entry(email.clone()).or_insert(id);
        }
        if let Some(name_org) = &keys.name_org {
            self.names.entry(name_org.clone()).or_insert(id);
        }
    }

    pub fn find(&self, keys: &Keys) -> Option<(i64, Reason)> {
        if let Some(id) = keys.url.as_ref().and_then(|u| self.urls.get(u)) {
            return Some((*id, Reason::ProfileUrl));
        }
        if let Some(id) = keys.emails.iter().find_map(|e| self.emails.get(e)) {
            return Some((*id, Reason::Email));
        }
        keys.name_org
            .as_ref()
            .and_then(|n| self.names.get(n))
            .map(|id| (*id, Reason::NameAndOrganization))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_links_compare_as_identities() {
        let key = |u| url_key(u).unwrap();
        assert_eq!(
            key("https://www.linkedin.com/in/Zo%C3%AB-Chen/"),
            key("http://linkedin.com/in/zoë-chen?trk=public_profile")
        );
        assert_ne!(
            key("https://linkedin.com/in/zoe"),
            key("https://linkedin.com/in/zoe-2")
        );
        assert_eq!(url_key(""), None);
    }

    #[test]
    fn a_link_then_an_email_then_a_name_at_an_organization() {
        let mut index = Index::default();
        index.add(
            1,
            &Keys::new(
                "Dana Reyes",
                "Northwind",
                &["Dana@Northwind.example".into()],
                "https://linkedin.com/in/dana",
            ),
        );
        index.add(2, &Keys::new("María García", "Contoso", &[], ""));
        let find = |name, org, email: &str, url| {
            index.find(&Keys::new(name, org, &[email.to_string()], url))
        };
        assert_eq!(
            find("Someone", "", "", "https://www.linkedin.com/in/dana/"),
            Some((1, Reason::ProfileUrl))
        );
        assert_eq!(
            find("D. Reyes", "", "dana@northwind.example", ""),
            Some((1, Reason::Email))
        );
        assert_eq!(
            find(" maria  garci\u{301}a", "CONTOSO", "", ""),
            Some((2, Reason::NameAndOrganization))
        );
        assert_eq!(find("María García", "Fabrikam", "", ""), None);
    }
}
