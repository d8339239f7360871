//! The server->client byte stream: line splitter + router (codex::fuzz::feed_server_bytes).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    codex::fuzz::feed_server_bytes(data);
});
