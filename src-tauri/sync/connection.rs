//! The way to the user's server: one HTTP client with their login, the address they gave
//! turned into where CardDAV and CalDAV answer (RFC 6764), and every failure put in words
//! they can act on.

use std::error::Error as StdError;
use std::future::Future;
use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use http::{Method, Request, StatusCode, Uri};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use libdav::dav::{CheckSupport, Delete, GetEtag, PutResource, WebDavClient, WebDavError};
use libdav::{names, CalDavClient, CardDavClient, Precondition};
use tower_http::auth::AddAuthorization;

use super::Problem;

pub(crate) type Http =
    AddAuthorization<hyper_util::client::legacy::Client<HttpsConnector<HttpConnector>, String>>;
pub(crate) type Dav = WebDavClient<Http>;

/// Long enough for a slow server's answer about thousands of cards, short enough that a
/// server that stopped answering is noticed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// The address the user typed, as a URL: a bare domain means HTTPS.
pub fn server_url(input: &str) -> Result<Uri, Problem> {
    let input = input.trim();
    if input.is_empty() {
        return Err(Problem::BadAddress("Enter your server's address.".into()));
    }
    let with_scheme = if input.contains("://") {
        input.to_string()
    } else {
        format!("https://{input}")
    };
    let parsed = url::Url::parse(&with_scheme).map_err(|_| {
        Problem::BadAddress(format!(
            "“{input}” is not a web address. Enter your server's address, such as \
             dav.example.com or https://cloud.example.com/remote.php/dav."
        ))
    })?;
    if !matches!(parsed.scheme(), "https" | "http") || parsed.host_str().is_none() {
        return Err(Problem::BadAddress(format!(
            "“{input}” is not a web address: it should start with https://."
        )));
    }
    parsed
        .as_str()
        .parse()
        .map_err(|_| Problem::BadAddress(format!("“{input}” is not a web address.")))
}

/// A client that logs in as `user` on every request, checking certificates against the
/// operating system's trusted roots.
pub(crate) fn client(user: &str, password: &str) -> Result<Http, Problem> {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_connect_timeout(Some(CONNECT_TIMEOUT));
    let https = HttpsConnectorBuilder::new()
        .with_native_roots()
        .map_err(|e| {
            Problem::Certificate(format!(
                "this computer's trusted certificates could not be read ({e})"
            ))
        })?
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    let client = hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(https);
    Ok(AddAuthorization::basic(client, user, password))
}

/// Where the server answers for contacts and for calendars, found from what the user typed:
/// the address itself when it speaks the protocol, else its `/.well-known/` redirect or DNS
/// records. Before that one request tells an unreachable server and a wrong login apart;
/// an address that refuses WebDAV may still be a site that points to its server.
pub(crate) async fn discover(base: Uri, http: Http) -> Result<(Dav, Dav), Problem> {
    let webdav = WebDavClient::new(base.clone(), http);
    match probe(&webdav).await {
        Ok(()) | Err(Problem::NotDav(_)) => {}
        Err(other) => return Err(other),
    }
    let cards = match well_known(&webdav, "/.well-known/carddav", "addressbook").await? {
        Some(found) => found,
        None => {
            timed(CardDavClient::bootstrap_via_service_discovery(
                webdav.clone(),
            ))
            .await?
            .map_err(|_| Problem::NotDav(base.to_string()))?
            .webdav_client
        }
    };
    let calendars = match well_known(&webdav, "/.well-known/caldav", "calendar-access").await? {
        Some(found) => found,
        None => {
            timed(CalDavClient::bootstrap_via_service_discovery(webdav))
                .await?
                .map_err(|_| Problem::NotDav(base.to_string()))?
                .webdav_client
        }
    };
    Ok((cards, calendars))
}

/// Where the site at the address the user typed points for `path`, when the address itself
/// does not speak the protocol (the DAV header lacks `feature`): the first redirect's
/// target, if it answers as a DAV server. libdav follows every further redirect with GET
/// and lands on the server's own web page when that one redirects too, as Radicale's
/// does behind a web site; it is still asked (DNS records, other setups) when this finds
/// nothing.
async fn well_known(webdav: &Dav, path: &str, feature: &str) -> Result<Option<Dav>, Problem> {
    let base = webdav.base_url();
    if timed(webdav.request(CheckSupport::new(base, feature)))
        .await?
        .is_ok()
    {
        return Ok(None);
    }
    let Some(target) = redirect(webdav, path).await? else {
        return Ok(None);
    };
    let mut found = webdav.clone();
    found.base_url = target;
    match probe(&found).await {
        Ok(()) => Ok(Some(found)),
        Err(Problem::NotDav(_)) => Ok(None),
        Err(other) => Err(other),
    }
}

/// Where the site sends a request for `path`, if it redirects it.
async fn redirect(webdav: &Dav, path: &str) -> Result<Option<Uri>, Problem> {
    let Some(entry) = url::Url::parse(&webdav.base_url().to_string())
        .ok()
        .and_then(|base| base.join(path).ok())
    else {
        return Ok(None);
    };
    let request = Request::builder()
        .method(Method::GET)
        .uri(entry.as_str())
        .body(String::new())
        .map_err(|e| Problem::BadAddress(e.to_string()))?;
    let (head, _) = timed(webdav.request_raw(request))
        .await?
        .map_err(|e| classify(&e, webdav.base_url()))?;
    if !head.status.is_redirection() {
        return Ok(None);
    }
    Ok(head
        .headers
        .get(http::header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .and_then(|l| entry.join(l).ok())
        .and_then(|target| target.as_str().parse().ok()))
}

/// Asks the address about itself, logged in: the answer's status says whether the login
/// and the server are right.
async fn probe(webdav: &Dav) -> Result<(), Problem> {
    let request = Request::builder()
        .method(Method::from_bytes(b"PROPFIND").expect("PROPFIND is a method"))
        .uri(webdav.base_url().clone())
        .header("Depth", "0")
        .header("Content-Type", "application/xml; charset=utf-8")
        .body(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
             <propfind xmlns=\"DAV:\"><prop><current-user-principal/></prop></propfind>"
                .to_string(),
        )
        .map_err(|e| Problem::BadAddress(e.to_string()))?;
    let (head, _) = timed(webdav.request_raw(request))
        .await?
        .map_err(|e| classify(&e, webdav.base_url()))?;
    check_status(head.status, webdav.base_url())
}

/// What a status says about the account, for the requests whose answer is the check.
pub(crate) fn check_status(status: StatusCode, url: &Uri) -> Result<(), Problem> {
    match status {
        s if s.is_success() || s.is_redirection() => Ok(()),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Err(Problem::WrongPassword),
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_IMPLEMENTED => {
            Err(Problem::NotDav(url.to_string()))
        }
        s => Err(Problem::Server(format!("it answered “{s}”"))),
    }
}

/// Waits for a request no longer than a server may reasonably take.
pub(crate) async fn timed<T>(request: impl Future<Output = T>) -> Result<T, Problem> {
    tokio::time::timeout(REQUEST_TIMEOUT, request)
        .await
        .map_err(|_| Problem::Unreachable("it stopped answering".into()))
}

/// Writes `body` at `href`: a new resource when `etag` is None (never over one that exists),
/// else only over the version with that ETag. The new ETag, or None when the server's copy
/// is not the one expected (changed meanwhile, or made by a sync cut short).
pub(crate) async fn put(
    dav: &Dav,
    href: &str,
    body: &str,
    content_type: &str,
    etag: Option<&str>,
) -> Result<Option<String>, Problem> {
    let answer = match etag {
        Some(etag) => {
            timed(dav.request(PutResource::new(href).update(body, content_type, etag))).await?
        }
        None => timed(dav.request(PutResource::new(href).create(body, content_type))).await?,
    };
    match answer {
        Ok(r) => match r.etag {
            Some(etag) => Ok(Some(etag)),
            // Some servers do not say: ask.
            None => Ok(Some(current_etag(dav, href).await?.unwrap_or_default())),
        },
        Err(WebDavError::PreconditionFailed(p))
            if p == Precondition::from(names::SUPPORTED_CALENDAR_COMPONENT) =>
        {
            Err(Problem::CalendarTakesNoDeadlines)
        }
        Err(WebDavError::PreconditionFailed(_))
        | Err(WebDavError::BadStatusCode(StatusCode::PRECONDITION_FAILED)) => Ok(None),
        Err(e) => Err(classify(&e, dav.base_url())),
    }
}

/// Requests being made at once, for cards or calendar items: enough to hide a distant
/// server's round trips, few enough not to crowd a small one.
const IN_FLIGHT: usize = 6;

/// Each of `items` through `send`, a few at once; `answered` hears how many have answered
/// before each answer. The answers in the order they came, until the first failure, which
/// comes too (those still on their way are dropped).
pub(crate) async fn a_few_at_once<T, R, E, Fut>(
    items: Vec<T>,
    send: impl FnMut(T) -> Fut,
    mut answered: impl FnMut(usize),
) -> (Vec<(T, R)>, Option<E>)
where
    Fut: Future<Output = (T, Result<R, E>)>,
{
    let mut answers = stream::iter(items.into_iter().map(send)).buffer_unordered(IN_FLIGHT);
    let mut out = Vec::new();
    while let Some((item, answer)) = answers.next().await {
        answered(out.len());
        match answer {
            Ok(r) => out.push((item, r)),
            Err(e) => return (out, Some(e)),
        }
    }
    (out, None)
}

/// Deletes `href`: only the version with `etag`, any when it is empty. True once it is
/// gone (already gone included); false when the server's copy changed meanwhile.
pub(crate) async fn delete(dav: &Dav, href: &str, etag: &str) -> Result<bool, Problem> {
    let answer = if etag.is_empty() {
        timed(dav.request(Delete::new(href).force())).await?
    } else {
        timed(dav.request(Delete::new(href).with_etag(etag))).await?
    };
    match answer {
        Ok(_) | Err(WebDavError::BadStatusCode(StatusCode::NOT_FOUND)) => Ok(true),
        Err(WebDavError::PreconditionFailed(_))
        | Err(WebDavError::BadStatusCode(StatusCode::PRECONDITION_FAILED)) => Ok(false),
        Err(e) => Err(classify(&e, dav.base_url())),
    }
}

/// The server's ETag of `href`, None when there is no such resource.
pub(crate) async fn current_etag(dav: &Dav, href: &str) -> Result<Option<String>, Problem> {
    Ok(timed(dav.request(GetEtag::new(href)))
        .await?
        .ok()
        .map(|r| r.etag))
}

/// A failed request in the user's words: the deepest cause decides (a refused connection,
/// a certificate the system does not trust, a login the server refused).
pub(crate) fn classify(err: &(dyn StdError + 'static), url: &Uri) -> Problem {
    if let Some(status) = status_of(err) {
        if let Err(problem) = check_status(status, url) {
            return problem;
        }
    }
    let mut cause: Option<&(dyn StdError + 'static)> = Some(err);
    let mut connecting = false;
    let mut deepest = err.to_string();
    let mut plain = None;
    while let Some(e) = cause {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Problem::Certificate(certificate_words(tls));
        }
        if let Some(client) = e.downcast_ref::<ClientError>() {
            connecting |= client.is_connect();
        }
        // The server went away while answering (stopped, or the network dropped).
        if let Some(http) = e.downcast_ref::<hyper::Error>() {
            if http.is_incomplete_message() || http.is_canceled() {
                connecting = true;
                plain = plain.or(Some("the connection was cut"));
            }
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            plain = plain.or(unreachable_words(io));
        }
        deepest = e.to_string();
        // libdav keeps the HTTP client's error beside its own rather than as its source,
        // and an I/O error's source skips the error it wraps (TLS's, in a failed handshake).
        cause = client_error(e)
            .map(|c| c as &(dyn StdError + 'static))
            .or_else(|| {
                e.downcast_ref::<std::io::Error>()
                    .and_then(|io| io.get_ref())
                    .map(|inner| inner as &(dyn StdError + 'static))
            })
            .or_else(|| e.source());
    }
    if connecting {
        Problem::Unreachable(plain.map_or(deepest, String::from))
    } else {
        Problem::Server(deepest)
    }
}

/// Why a connection failed, in words, for the failures users meet (the system's own words,
/// such as "Connection refused (os error 111)", otherwise).
fn unreachable_words(e: &std::io::Error) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ConnectionRefused => Some("nothing answers at that address"),
        K::TimedOut => Some("it did not answer in time"),
        K::NetworkUnreachable | K::HostUnreachable | K::NetworkDown => {
            Some("no network this computer is on leads there")
        }
        K::ConnectionReset | K::ConnectionAborted => Some("the connection was cut"),
        // The resolver's failure has no kind of its own.
        _ if e.to_string().contains("failed to lookup address") => {
            Some("its name is not known here (is this computer online, the address right?)")
        }
        _ => None,
    }
}

/// What is wrong with a certificate, as the user can act on it.
fn certificate_words(e: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    let rustls::Error::InvalidCertificate(c) = e else {
        return e.to_string();
    };
    match c {
        C::Expired | C::ExpiredContext { .. } => "it has expired".into(),
        C::NotValidYet | C::NotValidYetContext { .. } => {
            "it is not valid yet (is this computer's clock right?)".into()
        }
        C::NotValidForName | C::NotValidForNameContext { .. } => {
            "it is made out for another address".into()
        }
        C::Revoked => "it has been revoked".into(),
        C::UnknownIssuer | C::BadSignature | C::Other(_) => {
            "no authority this computer trusts vouches for it (a certificate the server made \
             for itself?)"
                .into()
        }
        other => format!("{other:?}"),
    }
}

type ClientError = hyper_util::client::legacy::Error;

/// The HTTP client's own error inside one of libdav's.
fn client_error<'a>(e: &'a (dyn StdError + 'static)) -> Option<&'a ClientError> {
    use libdav::dav::{RequestError, WebDavError};
    let request = match e.downcast_ref::<WebDavError<ClientError>>() {
        Some(WebDavError::Request(r)) => Some(r),
        _ => e.downcast_ref::<RequestError<ClientError>>(),
    };
    match request {
        Some(RequestError::Client(client)) => Some(client),
        _ => None,
    }
}

/// The HTTP status a libdav error carries, when it is one.
fn status_of(e: &(dyn StdError + 'static)) -> Option<StatusCode> {
    use libdav::dav::WebDavError;
    match e.downcast_ref::<WebDavError<ClientError>>()? {
        WebDavError::BadStatusCode(status) => Some(*status),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_domain_means_https_and_other_schemes_are_refused() {
        assert_eq!(
            server_url(" dav.example.com ").unwrap().to_string(),
            "https://dav.example.com/"
        );
        assert_eq!(
            server_url("http://127.0.0.1:5232/anna/")
                .unwrap()
                .to_string(),
            "http://127.0.0.1:5232/anna/"
        );
        assert!(matches!(server_url(""), Err(Problem::BadAddress(_))));
        assert!(matches!(
            server_url("ftp://example.com"),
            Err(Problem::BadAddress(_))
        ));
        assert!(matches!(
            server_url("https://"),
            Err(Problem::BadAddress(_))
        ));
    }
}
