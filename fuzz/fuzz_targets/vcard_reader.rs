//! Any bytes handed to the vCard reader either read or are refused with a message; never a
//! panic, whatever the file holds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    rapport::exchange::fuzz::vcard_reader(bytes);
});
