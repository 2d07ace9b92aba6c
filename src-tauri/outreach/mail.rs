//! A message handed to the user's mail app as a `mailto:` link (RFC 6068).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::templates;
use crate::error::{Error, FieldError, Result};
use crate::text;

/// Longer links are cut or refused by some mail apps and by the desktop's link handlers
/// (Windows stops near 2,000 characters).
pub const LINK_MAX: usize = 2000;

/// Everything but the unreserved characters is encoded; spaces as %20, never '+'.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// An address keeps its '@'.
const ADDRESS: &AsciiSet = &ENCODE.remove(b'@');

/// The link for a message, or why it cannot be sent as one: a gap still marked, an
/// address that is not one, or a text too long for a link.
pub fn link(to: &str, subject: &str, body: &str) -> Result<String> {
    let gaps = templates::gaps_in(&format!("{subject}\n{body}"));
    if !gaps.is_empty() {
        let named: Vec<String> = gaps.iter().map(|g| templates::gap(g)).collect();
        return Err(Error::Invalid(vec![FieldError::new(
            "body",
            format!("Fill in {} first.", named.join(", ")),
        )]));
    }
    let to = to.trim();
    let address_ok = to.is_empty()
        || (to.split('@').count() == 2
            && !to.starts_with('@')
            && !to.ends_with('@')
            && !to.contains(|c: char| c.is_whitespace() || c.is_control() || ",;?&<>".contains(c)));
    if !address_ok {
        return Err(Error::Invalid(vec![FieldError::new(
            "to",
            format!("“{to}” is not an email address."),
        )]));
    }
    // Line breaks as CRLF, as the RFC asks of a body.
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    let link = format!(
        "mailto:{}?subject={}&body={}",
        utf8_percent_encode(to, ADDRESS),
        utf8_percent_encode(subject.trim(), ENCODE),
        utf8_percent_encode(&body, ENCODE)
    );
    let length = link.chars().count();
    if length > LINK_MAX {
        return Err(Error::Invalid(vec![FieldError::new(
            "body",
            format!(
                "This message is too long to hand to the mail app ({} characters once encoded; \
                 mail apps take about {}). Copy it instead and paste it into a new message.",
                text::group_digits(length),
                text::group_digits(LINK_MAX)
            ),
        )]));
    }
    Ok(link)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_becomes_an_encoded_link() {
        let l = link(
            "dana.reyes+work@northwind.example",
            "Coffee & a question?",
            "Dear Dana,\n\n50% sure: café #1?",
        )
        .unwrap();
        assert_eq!(
            l,
            "mailto:dana.reyes%2Bwork@northwind.example?subject=Coffee%20%26%20a%20question%3F\
             &body=Dear%20Dana%2C%0D%0A%0D%0A50%25%20sure%3A%20caf%C3%A9%20%231%3F"
        );
        assert!(link("", "Hi", "Hello")
            .unwrap()
            .starts_with("mailto:?subject=Hi"));
    }

    #[test]
    fn gaps_bad_addresses_and_long_texts_are_refused() {
        let said = |r: Result<String>| r.unwrap_err().to_string();
        assert_eq!(
            said(link(
                "a@b.c",
                "Hi",
                "Dear [their first name], at [their organization]"
            )),
            "Fill in [their first name], [their organization] first."
        );
        for bad in [
            "dana",
            "a@b@c",
            "a@b.c?cc=x@y.z",
            "a b@c.d",
            "a@b.c\r\nBcc: x@y.z",
        ] {
            assert!(
                said(link(bad, "Hi", "Hello")).contains("is not an email address"),
                "{bad}"
            );
        }
        let long = "word ".repeat(400);
        let said = said(link("a@b.c", "Hi", &long));
        assert!(
            said.contains("(2,8") && said.contains("Copy it instead"),
            "{said}"
        );
        assert!(link("a@b.c", "Hi", &"word ".repeat(200)).is_ok());
    }
}
