//! A file's bytes as rows of text: CSV read as bytes and each field decoded on its own, as
//! UTF-8 or, failing that, Windows-1252 (what Excel and Outlook save on Windows). A file
//! that is no text at all is refused with the line where it shows.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use crate::error::{Error, Result};

/// The largest file read: LinkedIn's 30,000 connections make about 5 MB.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// The largest field: no contact's field comes near it.
pub const MAX_FIELD: usize = 64 * 1024;

/// One record of the file and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub fields: Vec<String>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

/// The file as text, for formats read whole (vCard): the byte-order mark, if any, decides
/// the encoding; otherwise UTF-8, else Windows-1252.
pub fn text(bytes: &[u8]) -> Result<String> {
    let bytes = sane(bytes)?;
    Ok(match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => encoding.decode_without_bom_handling(&bytes[bom..]).0,
        None => decode(bytes),
    }
    .into_owned())
}

/// The file's CSV records, each field decoded on its own.
pub fn csv_rows(bytes: &[u8]) -> Result<Vec<Row>> {
    rows(bytes, false)
}

/// The same, for a file whose separator may be a semicolon (Excel where the decimal mark is
/// a comma) or a tab: the one its first line holds most of, else a comma.
pub fn csv_rows_any_separator(bytes: &[u8]) -> Result<Vec<Row>> {
    rows(bytes, true)
}

fn separator(bytes: &[u8]) -> u8 {
    let first = bytes
        .split(|b| *b == b'\n')
        .find(|l| !l.trim_ascii().is_empty())
        .unwrap_or_default();
    let count = |c: u8| first.iter().filter(|b| **b == c).count();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|c| (count(*c), *c == b','))
        .unwrap_or(b',')
}

fn rows(bytes: &[u8], sniff: bool) -> Result<Vec<Row>> {
    let bytes = sane(bytes)?;
    // UTF-16 (Excel's "Unicode text") is decoded whole; UTF-8 loses its mark.
    let owned;
    let bytes = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) if encoding == UTF_8 => &bytes[bom..],
        Some((encoding, bom)) => {
            owned = encoding
                .decode_without_bom_handling(&bytes[bom..])
                .0
                .into_owned();
            owned.as_bytes()
        }
        None => bytes,
    };
    not_binary(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if sniff { separator(bytes) } else { b',' })
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    // Lines are counted from byte offsets: the reader's own count skips line breaks
    // inside quoted fields, so every row after a multi-line note would be misnamed.
    let (mut line, mut counted_to) = (1u64, 0usize);
    let mut line_at = |offset: u64| {
        // A record's reported start may be the blank lines before it.
        let mut offset = (offset as usize).min(bytes.len());
        while offset < bytes.len() && matches!(bytes[offset], b'\r' | b'\n') {
            offset += 1;
        }
        if offset > counted_to {
            line += bytes[counted_to..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            counted_to = offset;
        }
        line
    };
    for record in reader.byte_records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| line_at(p.byte()));
            Error::BadFile(format!("Line {line} cannot be read as CSV: {e}"))
        })?;
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        let mut fields = Vec::with_capacity(record.len());
        for field in record.iter() {
            if field.len() > MAX_FIELD {
                return Err(Error::BadFile(format!(
                    "Line {line} holds a field of {} characters; a contacts file has nothing \
                     that long. Is this the right file?",
                    field.len()
                )));
            }
            fields.push(decode(field).into_owned());
        }
        rows.push(Row { line, fields });
    }
    // A file cut short inside a quoted field reads as one field running to the end.
    if let Some(last) = rows.last() {
        let ends_quoted = bytes.trim_ascii_end().ends_with(b"\"");
        if !ends_quoted && last.fields.last().is_some_and(|f| f.contains('\n')) {
            return Err(Error::BadFile(format!(
                "The file ends inside a quoted field that starts on line {}: it may have been \
                 cut short.",
                last.line
            )));
        }
    }
    Ok(rows)
}

/// Bytes as text: UTF-8 when they are, else Windows-1252.
pub(crate) fn decode(field: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(field) {
        Ok(text) => text.into(),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(field).0,
    }
}

fn sane(bytes: &[u8]) -> Result<&[u8]> {
    if bytes.trim_ascii().is_empty() {
        return Err(Error::BadFile("The file is empty.".into()));
    }
    check_size(bytes.len() as u64)?;
    Ok(bytes)
}

/// Refuses a file too large to be a contacts file, before it is read whole.
pub fn check_size(len: u64) -> Result<()> {
    if len > MAX_BYTES as u64 {
        return Err(Error::BadFile(format!(
            "The file is {} MB; a contacts file is a few MB at most. Is this the right file?",
            len / (1024 * 1024)
        )));
    }
    Ok(())
}

/// Text has no NUL bytes; images, archives, spreadsheets and UTF-16 without a mark do.
fn not_binary(bytes: &[u8]) -> Result<()> {
    match bytes.iter().position(|b| *b == 0) {
        Some(at) => {
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            Err(Error::BadFile(format!(
                "This file is not text: line {line} holds binary data. Export your contacts \
                 as CSV and choose that file."
            )))
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(bytes: &[u8]) -> Vec<Vec<String>> {
        csv_rows(bytes)
            .unwrap()
            .into_iter()
            .map(|r| r.fields)
            .collect()
    }

    fn refused(bytes: &[u8]) -> String {
        match csv_rows(bytes) {
            Err(Error::BadFile(message)) => message,
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn utf8_with_or_without_a_mark_and_windows_1252_per_field() {
        let expected = vec![vec!["José".to_string(), "Muñoz".to_string()]];
        assert_eq!(fields("José,Muñoz\n".as_bytes()), expected);
        assert_eq!(fields("\u{FEFF}José,Muñoz\n".as_bytes()), expected);
        assert_eq!(fields(b"Jos\xe9,Mu\xf1oz\r\n"), expected);
        // A mark only counts at the very start.
        assert_eq!(
            fields("a,\u{FEFF}b\n".as_bytes()),
            [["a".to_string(), "\u{FEFF}b".to_string()]]
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("José,Muñoz\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(fields(&utf16), expected);
    }

    #[test]
    fn rows_know_their_lines() {
        let rows = csv_rows(b"Notes:\n\"a\nb\"\n\nx,y\n").unwrap();
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 5]);
    }

    #[test]
    fn what_is_not_a_text_file_is_refused_with_its_line() {
        assert_eq!(refused(b""), "The file is empty.");
        assert_eq!(refused(b" \n\r\n"), "The file is empty.");
        assert!(refused(b"a,b\nc\0d\n").contains("line 2 holds binary data"));
        let utf16_without_mark: Vec<u8> =
            "a,b\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(refused(&utf16_without_mark).contains("not text"));
        assert!(refused(b"a,b\n1,\"cut sho\nrt").contains("line 2: it may have been cut short"));
        let long = format!("a,{}\n", "x".repeat(MAX_FIELD + 1));
        assert!(refused(long.as_bytes()).contains("Line 1 holds a field of"));
    }
}
