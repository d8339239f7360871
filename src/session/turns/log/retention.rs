//! What a turn log keeps, and the GAP event a subscriber gets for what it no longer keeps.
//!
//! - No handle that may pull (nobody holds a handle, or its handles take callbacks): the last
//!   [`RETAIN_EVENTS`] events or [`RETAIN_BYTES`] bytes, whichever is less, so an attach
//!   replays them. The result fold sees every event, so it stays exact.
//! - A handle that has not chosen a callback may pull: its cursor holds the events from there,
//!   up to [`LAG_EVENTS`] events or [`LAG_BYTES`] bytes behind the newest; past that the oldest
//!   go and its next event is a GAP saying how many it missed. So a pull (or a callback) set
//!   right after the turn started sees every event, even of a flood, and a handle that only
//!   waits costs at most those caps. The reader never waits for a puller.

use super::{LogInner, TurnLog};
use crate::protocol::event::Event;
use std::sync::Arc;
use std::time::Instant;

/// Events a log with no puller keeps (the replay window of an attach).
pub(crate) const RETAIN_EVENTS: usize = 4096;
/// Bytes (of the lines as received) a log with no puller keeps.
pub(crate) const RETAIN_BYTES: usize = 1 << 20;
/// How far (in events) a puller may lag before it gets a GAP.
pub(crate) const LAG_EVENTS: usize = 65_536;
/// How far (in bytes) a puller may lag before it gets a GAP.
pub(crate) const LAG_BYTES: usize = 16 << 20;

impl LogInner {
    /// Drops what no puller needs, within the caps above. `keep_all` (a `turn/start` is in
    /// flight on the thread: its handle will replay from the first event) keeps everything.
    pub(super) fn prune(&mut self, keep_all: bool) {
        if keep_all {
            return;
        }
        let holder = self
            .subscribers
            .values()
            .filter(|s| s.push.is_none())
            .map(|s| s.cursor)
            .min();
        let (max_events, max_bytes) = if holder.is_some() {
            (LAG_EVENTS, LAG_BYTES)
        } else {
            (RETAIN_EVENTS, RETAIN_BYTES)
        };
        while let Some(front) = self.events.front() {
            let passed = holder.is_some_and(|h| self.base < h);
            let over = self.events.len() > max_events || self.bytes > max_bytes;
            if !passed && !over {
                break;
            }
            self.bytes -= front.raw_json().len();
            self.events.pop_front();
            self.base += 1;
        }
    }

    /// The GAP event for a subscriber whose cursor is behind what is kept (moves it up), or
    /// `None` when nothing it wanted was dropped.
    pub(super) fn take_gap(&mut self, sub: u64, turn_id: &str) -> Option<Arc<Event>> {
        let base = self.base;
        let s = self.subscribers.get_mut(&sub)?;
        if s.cursor >= base {
            return None;
        }
        let dropped = base - s.cursor;
        s.cursor = base;
        Some(Arc::new(Event::gap(
            self.thread_id.as_deref(),
            Some(turn_id),
            dropped,
        )))
    }
}

impl TurnLog {
    /// When the turn ended, if it has.
    pub(crate) fn ended_at(&self) -> Option<Instant> {
        self.inner.lock().unwrap().ended_at
    }
}
