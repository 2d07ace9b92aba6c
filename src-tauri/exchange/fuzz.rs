//! What the fuzz targets (fuzz/) and their corpus replay (tests/fuzz_corpus.rs) check of
//! each reader: any bytes are read or refused with a message about the file, and whatever
//! is read is a person the contact log would take.

use crate::error::Error;
use crate::exchange::import::Candidate;
use crate::exchange::{csv, linkedin, vcard};

/// Every reader of CSV files, on the same bytes: LinkedIn's, and any spreadsheet's with
/// the columns Rapport guesses.
pub fn csv_readers(bytes: &[u8]) {
    check(linkedin::read(bytes));
    check(csv::table(bytes).and_then(|table| {
        let fields = csv::guess(&table.header.fields);
        for column in csv::columns(&table, &fields) {
            assert!(column.samples.len() <= 3);
        }
        csv::read(&table, &fields)
    }));
}

pub fn vcard_reader(bytes: &[u8]) {
    check(vcard::read(bytes));
}

fn check(read: crate::error::Result<Vec<Candidate>>) {
    match read {
        Ok(people) => {
            for person in people {
                assert!(person.line > 0, "a person without a line: {person:?}");
            }
        }
        Err(Error::BadFile(message)) => assert!(!message.is_empty()),
        Err(other) => panic!("a file was refused as something other than a bad file: {other}"),
    }
}
