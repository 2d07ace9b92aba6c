//! The one sync account: where the server is, who logs in, which address book and calendar
//! Rapport uses there, and how the last sync went. The password is not here (see
//! [`super::secret`]).

use chrono::{DateTime, Utc};
use http::Uri;
use libdav::caldav::{
    CalendarComponent, CreateCalendar, FindCalendarHomeSet, FindCalendars, GetSupportedComponents,
};
use libdav::carddav::{CreateAddressBook, FindAddressBookHomeSet, FindAddressBooks};
use libdav::dav::{FoundCollection, WebDavClient};
use libdav::names;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::connection::{self, classify, timed, Dav};
use super::{Log, Problem};
use crate::error::{Error, Result};

/// The name of the address book and calendar Rapport makes when the user picks none.
const COLLECTION_NAME: &str = "Rapport";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub server: String,
    pub user_name: String,
    carddav_url: String,
    caldav_url: String,
    address_book: Collection,
    calendar: Collection,
    pub(crate) card_token: String,
    pub last_synced_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_error: String,
    pub offline: bool,
}

/// What the user enters in Settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountInput {
    pub server: String,
    pub user_name: String,
    /// Where contacts go; none picked means the one named "Rapport", made when missing.
    #[serde(default)]
    pub address_book: Collection,
    /// Where calls and deadlines go; likewise.
    #[serde(default)]
    pub calendar: Collection,
}

/// An address book or calendar on the server: its path there and its name. An empty path
/// stands for the one named "Rapport", made at the first sync when there is none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection {
    pub href: String,
    pub name: String,
}

impl Collection {
    /// With its name said when it is the "Rapport" one not yet found or made.
    fn or_rapport(mut self) -> Collection {
        if self.href.is_empty() && self.name.is_empty() {
            self.name = COLLECTION_NAME.to_string();
        }
        self
    }
}

/// What Test connection found: the words to say, and the collections to pick from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Found {
    pub message: String,
    pub address_books: Vec<Collection>,
    pub calendars: Vec<OfferedCalendar>,
}

/// A calendar on the server, and whether it takes to-dos, which deadlines are: some servers
/// keep a calendar to events only (iCloud keeps reminders apart), and deadlines go there as
/// events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferedCalendar {
    #[serde(flatten)]
    pub calendar: Collection,
    pub takes_deadlines: bool,
}

/// How sync stands, for Settings and the status area.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub configured: bool,
    pub server: String,
    pub user_name: String,
    pub last_synced_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed; empty when it did not.
    pub last_error: String,
    /// Whether the last attempt found no connection to the server.
    pub offline: bool,
    pub address_book: Collection,
    pub calendar: Collection,
    /// People whose card was deleted on the server, waiting for the user's word.
    pub gone_from_server: usize,
}

pub fn get(conn: &Connection) -> Result<Option<Account>> {
    Ok(conn
        .query_row(
            "SELECT server, user_name, carddav_url, caldav_url, address_book, calendar,
                    card_token, last_synced_at, last_attempt_at, last_error, offline,
                    address_book_name, calendar_name
             FROM sync_account",
            [],
            |r| {
                Ok(Account {
                    server: r.get(0)?,
                    user_name: r.get(1)?,
                    carddav_url: r.get(2)?,
                    caldav_url: r.get(3)?,
                    address_book: Collection {
                        href: r.get(4)?,
                        name: r.get(11)?,
                    }
                    .or_rapport(),
                    calendar: Collection {
                        href: r.get(5)?,
                        name: r.get(12)?,
                    }
                    .or_rapport(),
                    card_token: r.get(6)?,
                    last_synced_at: r.get(7)?,
                    last_attempt_at: r.get(8)?,
                    last_error: r.get(9)?,
                    offline: r.get(10)?,
                })
            },
        )
        .optional()?)
}

pub fn status(conn: &Connection) -> Result<Status> {
    let gone: i64 = conn.query_row(
        "SELECT count(*) FROM sync_cards WHERE gone_from_server = 1 AND contact_id IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(match get(conn)? {
        Some(a) => Status {
            configured: true,
            server: a.server,
            user_name: a.user_name,
            last_synced_at: a.last_synced_at,
            last_attempt_at: a.last_attempt_at,
            last_error: a.last_error,
            offline: a.offline,
            address_book: a.address_book,
            calendar: a.calendar,
            gone_from_server: gone as usize,
        },
        None => Status::default(),
    })
}

/// Sets up the account (or changes it). A different server or user starts afresh: what
/// was agreed with the old one means nothing to the new.
pub fn save(conn: &mut Connection, input: &AccountInput) -> Result<Account> {
    let server = input.server.trim();
    let user = input.user_name.trim();
    connection::server_url(server)?;
    if user.is_empty() {
        return Err(Error::invalid(
            "userName",
            "Enter the user name you log in to the server with.",
        ));
    }
    let tx = conn.transaction()?;
    let old = get(&tx)?.filter(|a| a.server == server && a.user_name == user);
    if old.is_none() {
        forget_server_state(&tx)?;
        tx.execute(
            "INSERT OR REPLACE INTO sync_account (id, server, user_name) VALUES (1, ?1, ?2)",
            [server, user],
        )?;
    }
    let book = input.address_book.clone().or_rapport();
    let calendar = input.calendar.clone().or_rapport();
    if old.as_ref().is_none_or(|a| a.address_book != book) {
        // Another address book: its cards are met afresh (matched, not doubled); the old
        // one keeps what it has.
        tx.execute_batch("DELETE FROM sync_cards; UPDATE sync_account SET card_token = '';")?;
        tx.execute(
            "UPDATE sync_account SET address_book = ?1, address_book_name = ?2",
            [&book.href, &book.name],
        )?;
    }
    if old.as_ref().is_none_or(|a| a.calendar != calendar) {
        // What was published in the other calendar moves at the next sync.
        tx.execute(
            "UPDATE sync_account SET calendar = ?1, calendar_name = ?2",
            [&calendar.href, &calendar.name],
        )?;
    }
    tx.commit()?;
    Ok(get(conn)?.expect("the account was just saved"))
}

/// Removes the account and what was agreed with its server; the log keeps every person.
pub fn remove(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction()?;
    forget_server_state(&tx)?;
    tx.execute("DELETE FROM sync_account", [])?;
    tx.commit()?;
    Ok(())
}

fn forget_server_state(conn: &Connection) -> Result<()> {
    conn.execute_batch("DELETE FROM sync_cards; DELETE FROM sync_items;")?;
    Ok(())
}

pub(crate) fn record_success(conn: &mut Connection, at: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE sync_account
         SET last_synced_at = ?1, last_attempt_at = ?1, last_error = '', offline = 0",
        [at],
    )?;
    Ok(())
}

pub(crate) fn record_failure(conn: &mut Connection, at: DateTime<Utc>, why: &Error) -> Result<()> {
    let offline = matches!(why, Error::Sync(Problem::Unreachable(_)));
    conn.execute(
        "UPDATE sync_account SET last_attempt_at = ?1, last_error = ?2, offline = ?3",
        rusqlite::params![at, why.to_string(), offline],
    )?;
    Ok(())
}

/// The account's server, logged in, with the address book and calendar Rapport uses.
pub(crate) struct Server {
    pub cards: Dav,
    pub calendars: Dav,
    pub address_book: String,
    pub calendar: String,
    /// Whether the calendar takes to-dos; deadlines are published as events when not.
    pub calendar_takes_todos: bool,
}

/// Connects: discovery the first time (then remembered), and the address book and calendar
/// found or made the first time.
pub(crate) async fn connect<L: Log>(log: &L, account: &Account, password: &str) -> Result<Server> {
    let http = connection::client(&account.user_name, password)?;
    let (cards, calendars) = if account.carddav_url.is_empty() || account.caldav_url.is_empty() {
        let base = connection::server_url(&account.server)?;
        connection::discover(base, http).await?
    } else {
        let uri = |s: &str| s.parse::<Uri>().map_err(|_| Problem::NotDav(s.to_string()));
        (
            WebDavClient::new(uri(&account.carddav_url)?, http.clone()),
            WebDavClient::new(uri(&account.caldav_url)?, http),
        )
    };
    let address_book = match account.address_book.href.as_str() {
        "" => collection(&cards, Kind::AddressBook).await?,
        href => href.to_string(),
    };
    let calendar = match account.calendar.href.as_str() {
        "" => collection(&calendars, Kind::Calendar).await?,
        href => href.to_string(),
    };
    log.record(|conn| {
        conn.execute(
            "UPDATE sync_account SET carddav_url = ?1, caldav_url = ?2, address_book = ?3,
                 calendar = ?4",
            [
                cards.base_url().to_string(),
                calendars.base_url().to_string(),
                address_book.clone(),
                calendar.clone(),
            ],
        )?;
        Ok(())
    })?;
    let calendar_takes_todos = takes_deadlines(&calendars, &calendar).await?;
    Ok(Server {
        cards,
        calendars,
        address_book,
        calendar,
        calendar_takes_todos,
    })
}

/// Checks the account without saving anything: the server is reached, it is a CalDAV and
/// CardDAV server, and it takes the login. Says what it found.
pub async fn check(input: &AccountInput, password: &str) -> Result<Found> {
    let base = connection::server_url(&input.server)?;
    let http = connection::client(input.user_name.trim(), password)?;
    let (cards, calendars) = connection::discover(base, http).await?;
    let address_books = listed(collections(&cards, Kind::AddressBook).await?);
    let mut offered = Vec::new();
    for calendar in listed(collections(&calendars, Kind::Calendar).await?) {
        offered.push(OfferedCalendar {
            takes_deadlines: takes_deadlines(&calendars, &calendar.href).await?,
            calendar,
        });
    }
    let calendars = offered;
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    Ok(Found {
        message: format!(
            "Connected as {}: {} and {} there.",
            input.user_name.trim(),
            count(address_books.len(), "address book", "address books"),
            count(calendars.len(), "calendar", "calendars"),
        ),
        address_books,
        calendars,
    })
}

/// The collections found, by name; one without a name goes by the last part of its path.
fn listed(found: Vec<FoundCollection>) -> Vec<Collection> {
    let mut out: Vec<Collection> = found
        .into_iter()
        .map(|c| {
            let name = display_name(&c)
                .filter(|n| !n.trim().is_empty())
                .map(|n| n.trim().to_string())
                .unwrap_or_else(|| {
                    let path = c.href.trim_end_matches('/');
                    path.rsplit('/').next().unwrap_or(path).to_string()
                });
            Collection { href: c.href, name }
        })
        .collect();
    out.sort_by_key(|c| c.name.to_lowercase());
    out
}

/// Whether the calendar at `href` takes to-dos: a server that does not say takes any.
async fn takes_deadlines(dav: &Dav, href: &str) -> Result<bool> {
    let components = timed(dav.request(GetSupportedComponents::new(href)))
        .await?
        .map(|r| r.components)
        .unwrap_or_default();
    Ok(components.is_empty() || components.contains(&CalendarComponent::VTodo))
}

fn display_name(c: &FoundCollection) -> Option<&str> {
    c.properties
        .iter()
        .find(|(name, _)| **name == names::DISPLAY_NAME)
        .and_then(|(_, value)| value.as_deref())
}

#[derive(Clone, Copy)]
enum Kind {
    AddressBook,
    Calendar,
}

/// The collection named "Rapport", made when there is none.
async fn collection(dav: &Dav, kind: Kind) -> Result<String> {
    let found = collections(dav, kind).await?;
    let named = found
        .iter()
        .find(|c| display_name(c) == Some(COLLECTION_NAME));
    if let Some(c) = named {
        return Ok(c.href.clone());
    }
    let home = home(dav, kind).await?;
    let href = format!(
        "{}/{}/",
        home.trim_end_matches('/'),
        match kind {
            Kind::AddressBook => "rapport-contacts",
            Kind::Calendar => "rapport-calendar",
        }
    );
    let made = match kind {
        Kind::AddressBook => {
            timed(dav.request(CreateAddressBook::new(&href).with_display_name(COLLECTION_NAME)))
                .await?
                .map(|_| ())
                .map_err(|e| classify(&e, dav.base_url()))
        }
        Kind::Calendar => timed(
            dav.request(
                CreateCalendar::new(&href)
                    .with_display_name(COLLECTION_NAME)
                    .with_components(&[CalendarComponent::VEvent, CalendarComponent::VTodo]),
            ),
        )
        .await?
        .map(|_| ())
        .map_err(|e| classify(&e, dav.base_url())),
    };
    made?;
    Ok(href)
}

async fn collections(dav: &Dav, kind: Kind) -> Result<Vec<FoundCollection>> {
    let home = home(dav, kind).await?;
    let found = match kind {
        Kind::AddressBook => timed(dav.request(FindAddressBooks::new(&home)))
            .await?
            .map(|r| r.addressbooks)
            .map_err(|e| classify(&e, dav.base_url()))?,
        Kind::Calendar => timed(dav.request(FindCalendars::new(&home)))
            .await?
            .map(|r| r.calendars)
            .map_err(|e| classify(&e, dav.base_url()))?,
    };
    Ok(found)
}

/// The folder the user's address books or calendars live in.
async fn home(dav: &Dav, kind: Kind) -> Result<String> {
    let principal = timed(dav.find_current_user_principal())
        .await?
        .map_err(|e| classify(&e, dav.base_url()))?
        .unwrap_or_else(|| dav.base_url().clone());
    let path = principal.path().to_string();
    let homes = match kind {
        Kind::AddressBook => timed(dav.request(FindAddressBookHomeSet::new(&path)))
            .await?
            .map(|r| r.home_sets)
            .map_err(|e| classify(&e, dav.base_url()))?,
        Kind::Calendar => timed(dav.request(FindCalendarHomeSet::new(&path)))
            .await?
            .map(|r| r.home_sets)
            .map_err(|e| classify(&e, dav.base_url()))?,
    };
    Ok(homes.first().map_or(path, |h| h.path().to_string()))
}
