//! Sync with the user's own CalDAV/CardDAV server (Nextcloud, Radicale, Fastmail, iCloud…).
//! The log stays the source of truth and works without it: contacts go both ways through an
//! address book, deadlines and calls are published to a calendar a phone can alert from.
//! Nothing leaves the computer until the user sets up an account, and then only to it.

pub mod account;
mod address_book;
mod calendar;
mod card;
mod connection;
pub mod secret;

use std::sync::Mutex;

use chrono::{DateTime, Local, Utc};
use rusqlite::Connection;
use serde::Serialize;

pub use account::{Account, AccountInput, Collection, Found, OfferedCalendar, Status};
pub use address_book::{gone_from_server, settle_gone};
pub use connection::server_url;

use crate::dates::DateStyle;
use crate::error::{Error, Result};
use crate::store::Db;

/// What stands between Rapport and the server, in the words the user acts on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("{0}")]
    BadAddress(String),
    #[error("Cannot reach the server: {0}. Check the address and that this computer is online.")]
    Unreachable(String),
    #[error("The server refused the user name or password.")]
    WrongPassword,
    #[error(
        "{0} does not answer as a CalDAV/CardDAV server. Check the address: Nextcloud's is \
         https://your.server/remote.php/dav, Radicale's the address it runs on."
    )]
    NotDav(String),
    #[error("The server's certificate is not trusted: {0}.")]
    Certificate(String),
    #[error("The server could not do what was asked: {0}.")]
    Server(String),
    #[error(
        "The calendar Rapport publishes to does not take deadlines (to-dos), though the server \
         did not say so: pick another calendar in Settings, or a new one named “Rapport”."
    )]
    CalendarTakesNoDeadlines,
    #[error("No sync account is set up.")]
    NoAccount,
    #[error("The password is not in this computer's secret store: enter it again in Settings.")]
    NoPassword,
    #[error("The password could not be kept in the system's secret store: {0}.")]
    SecretStore(String),
}

impl Problem {
    /// Whether waiting and trying again may help (the laptop is offline, the server down).
    pub fn is_passing(&self) -> bool {
        matches!(self, Problem::Unreachable(_) | Problem::Server(_))
    }
}

/// The log as sync reaches it: reads, writes after which whoever shows the data hears of
/// the change, and records of sync's own (what the server holds, how the account stands),
/// which no view shows and no one need hear of. Network requests are made between calls,
/// never while holding the log.
pub trait Log: Sync {
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T>;
    fn write<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T>;
    fn record<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T>;
}

impl Log for Mutex<Db> {
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let db = self.lock().unwrap_or_else(|e| e.into_inner());
        let _read_only = crate::store::ReadOnly::new(db.conn())?;
        f(db.conn())
    }

    fn write<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        f(self.lock().unwrap_or_else(|e| e.into_inner()).conn_mut())
    }

    fn record<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        self.write(f)
    }
}

/// How far a sync has come, for the progress bar of a first sync of thousands of cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub step: Step,
    pub done: usize,
    pub total: usize,
}

impl Progress {
    /// For a batch of writes after `done` of `total`: tells `progress` at every 25th answer.
    pub(super) fn every_25(
        progress: &(dyn Fn(Progress) + Sync),
        step: Step,
        done: usize,
        total: usize,
    ) -> impl FnMut(usize) + '_ {
        move |n| {
            if n % 25 == 0 {
                progress(Progress {
                    step,
                    done: done + n,
                    total,
                });
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Connecting,
    Receiving,
    Sending,
    Publishing,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// People added here from cards made elsewhere.
    pub added_here: usize,
    /// People changed here by changes made elsewhere.
    pub changed_here: usize,
    /// Cards written to the server (new or changed people).
    pub sent: usize,
    /// Cards deleted on the server for people deleted here.
    pub deleted_there: usize,
    /// People whose card was deleted on the server, waiting for the user to confirm.
    pub gone_from_server: usize,
    /// Fields changed on both sides: the newer kept, the other on the timeline.
    pub conflicts: usize,
    /// Calendar items written or removed.
    pub published: usize,
}

/// One sync of the account: contacts both ways, then the calendar published. `now` is
/// the moment deadlines are computed for.
pub async fn run<L: Log>(
    log: &L,
    password: &str,
    now: DateTime<Local>,
    style: DateStyle,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report> {
    let started = std::time::Instant::now();
    let account = log.read(account::get)?.ok_or(Problem::NoAccount)?;
    progress(Progress {
        step: Step::Connecting,
        done: 0,
        total: 0,
    });
    let outcome = sync(log, &account, password, now, style, progress).await;
    // As of when it ended: a first sync of thousands is "synced just now" once done.
    let at =
        now.with_timezone(&Utc) + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
    log.record(|conn| match &outcome {
        Ok(_) => account::record_success(conn, at),
        Err(e) => account::record_failure(conn, at, e),
    })?;
    outcome
}

async fn sync<L: Log>(
    log: &L,
    account: &Account,
    password: &str,
    now: DateTime<Local>,
    style: DateStyle,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report> {
    let server = account::connect(log, account, password).await?;
    let mut report = Report::default();
    address_book::sync(
        log,
        &server.cards,
        &server.address_book,
        now,
        progress,
        &mut report,
    )
    .await?;
    calendar::publish(log, &server, now, style, progress, &mut report).await?;
    Ok(report)
}

/// This log's tag among the others the user keeps, part of what it publishes.
pub fn log_tag(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT tag FROM log_identity", [], |r| r.get(0))?)
}

impl From<Problem> for Error {
    fn from(p: Problem) -> Self {
        Error::Sync(p)
    }
}
