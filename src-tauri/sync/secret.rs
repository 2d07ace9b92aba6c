//! The account's password in the operating system's secret store (the Secret Service of
//! GNOME Keyring or KWallet on Linux, the Keychain on macOS, the Credential Manager on
//! Windows), never in the log or a file.

use super::Problem;

/// The name the secret store lists the password under.
const SERVICE: &str = "Rapport sync";

fn entry(server: &str, user: &str) -> Result<keyring::Entry, Problem> {
    keyring::Entry::new(SERVICE, &format!("{user} at {server}"))
        .map_err(|e| Problem::SecretStore(e.to_string()))
}

pub fn save(server: &str, user: &str, password: &str) -> Result<(), Problem> {
    entry(server, user)?
        .set_password(password)
        .map_err(|e| Problem::SecretStore(e.to_string()))
}

/// The password, or [`Problem::NoPassword`] when the store has none for the account.
pub fn read(server: &str, user: &str) -> Result<String, Problem> {
    match entry(server, user)?.get_password() {
        Ok(password) => Ok(password),
        Err(keyring::Error::NoEntry) => Err(Problem::NoPassword),
        Err(e) => Err(Problem::SecretStore(e.to_string())),
    }
}

/// Removes the password; none there is no error.
pub fn forget(server: &str, user: &str) -> Result<(), Problem> {
    match entry(server, user)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(Problem::SecretStore(e.to_string())),
    }
}
