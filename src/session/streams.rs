//! Thread streams: everything scoped to one thread, for hosts that follow a thread rather than
//! one turn. A stream gets the events of every turn on its thread (also turns the library did
//! not start: their `turn/started` is the announcement a host attaches on) and the thread's own
//! notifications (`thread/status/changed`, `thread/name/updated`, ...), in server order, pulled
//! or pushed to a callback. They still reach turn handles and the global queue as before.
//!
//! A pulled stream keeps at most [`STREAM_EVENTS`] events or [`STREAM_BYTES`] bytes; past that
//! the oldest go and the next pull is a GAP event saying how many (the reader never waits).
//! With no stream open the dispatcher pays one atomic load per notification.

use super::connection::Connection;
use crate::error::{Error, Result};
use crate::protocol::event::Event;
use crate::runtime::callback::Slot;
use crate::runtime::delivery::Delivery;
use crate::session::turns::log::EventFn;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Events a pulled thread stream keeps before its reader gets a GAP.
pub(crate) const STREAM_EVENTS: usize = 65_536;
/// Bytes (of the lines as received) a pulled thread stream keeps before a GAP.
pub(crate) const STREAM_BYTES: usize = 16 << 20;

#[derive(Default)]
pub(crate) struct ThreadStreams {
    /// Streams open (the dispatcher skips the map while there are none).
    open: AtomicUsize,
    by_thread: Mutex<HashMap<String, Vec<Arc<StreamQueue>>>>,
}

/// One stream's queue (or callback).
pub(crate) struct StreamQueue {
    pub(crate) thread_id: String,
    inner: Mutex<StreamInner>,
    arrived: tokio::sync::Notify,
}

#[derive(Default)]
struct StreamInner {
    events: VecDeque<Arc<Event>>,
    bytes: usize,
    /// Events dropped since the reader's last pull (its next pull is a GAP).
    dropped: u64,
    push: Option<Arc<Slot<EventFn>>>,
}

impl ThreadStreams {
    /// Opens a stream on `thread_id`: it gets that thread's events from now on.
    pub(crate) fn open(&self, thread_id: &str) -> Arc<StreamQueue> {
        let q = Arc::new(StreamQueue {
            thread_id: thread_id.to_owned(),
            inner: Mutex::default(),
            arrived: tokio::sync::Notify::new(),
        });
        self.by_thread
            .lock()
            .unwrap()
            .entry(thread_id.to_owned())
            .or_default()
            .push(q.clone());
        self.open.fetch_add(1, Ordering::SeqCst);
        q
    }

    /// Closes a stream: no event reaches it after this returns, nor its callback.
    pub(crate) fn close(&self, q: &Arc<StreamQueue>) {
        let mut map = self.by_thread.lock().unwrap();
        if let Some(v) = map.get_mut(&q.thread_id) {
            let before = v.len();
            v.retain(|s| !Arc::ptr_eq(s, q));
            if v.len() < before {
                self.open.fetch_sub(1, Ordering::SeqCst);
            }
            if v.is_empty() {
                map.remove(&q.thread_id);
            }
        }
        drop(map);
        let push = q.inner.lock().unwrap().push.take();
        if let Some(p) = push {
            p.clear();
        }
    }

    /// Hands an incoming event to the streams of its thread (the dispatcher calls it for every
    /// notification, in server order).
    pub(crate) fn publish(&self, event: &Arc<Event>, delivery: &Delivery) {
        if self.open.load(Ordering::Relaxed) == 0 {
            return;
        }
        let Some(thread_id) = event.thread_id() else {
            return;
        };
        let map = self.by_thread.lock().unwrap();
        if let Some(streams) = map.get(thread_id) {
            for q in streams {
                q.push(event, delivery);
            }
        }
    }

    /// Wakes every puller (the connection died: they re-check) and releases the callbacks.
    pub(crate) fn wake_all(&self) {
        for v in self.by_thread.lock().unwrap().values() {
            for q in v {
                q.arrived.notify_waiters();
            }
        }
    }

    /// Releases every stream's callback (the client closed).
    pub(crate) fn clear_callbacks(&self) {
        let all: Vec<Arc<StreamQueue>> = self
            .by_thread
            .lock()
            .unwrap()
            .values()
            .flatten()
            .cloned()
            .collect();
        for q in all {
            let push = q.inner.lock().unwrap().push.take();
            if let Some(p) = push {
                p.clear();
            }
        }
    }
}

impl StreamQueue {
    fn push(&self, event: &Arc<Event>, delivery: &Delivery) {
        let mut inner = self.inner.lock().unwrap();
        if let Some(push) = &inner.push {
            let (push, ev) = (push.clone(), event.clone());
            delivery.post(Box::new(move || {
                push.call(|f| f(&ev));
            }));
            return;
        }
        inner.bytes += event.raw_json().len();
        inner.events.push_back(event.clone());
        while inner.events.len() > STREAM_EVENTS || inner.bytes > STREAM_BYTES {
            let Some(old) = inner.events.pop_front() else {
                break;
            };
            inner.bytes -= old.raw_json().len();
            inner.dropped += 1;
        }
        drop(inner);
        self.arrived.notify_waiters();
    }

    /// The next event if one is queued (a GAP first if some were dropped).
    pub(crate) fn try_next(&self) -> Result<Option<Arc<Event>>> {
        let mut inner = self.inner.lock().unwrap();
        if inner.push.is_some() {
            return Err(Error::invalid(
                "this thread stream delivers its events to a callback; it cannot also be pulled",
            ));
        }
        if inner.dropped > 0 {
            let dropped = std::mem::take(&mut inner.dropped);
            return Ok(Some(Arc::new(Event::gap(
                Some(&self.thread_id),
                None,
                dropped,
            ))));
        }
        let ev = inner.events.pop_front();
        if let Some(e) = &ev {
            inner.bytes -= e.raw_json().len();
        }
        Ok(ev)
    }

    /// Waits for the next event; fails once the connection is gone and nothing is queued.
    pub(crate) async fn next(&self, conn: &Connection) -> Result<Arc<Event>> {
        loop {
            let notified = self.arrived.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(ev) = self.try_next()? {
                return Ok(ev);
            }
            conn.check_alive()?;
            notified.await;
        }
    }

    /// Switches to push delivery: what is queued, then every new event, goes to `callback` on
    /// the delivery thread.
    pub(crate) fn set_push(&self, callback: Arc<Slot<EventFn>>, delivery: &Delivery) -> Result<()> {
        let mut inner = self.inner.lock().unwrap();
        if inner.push.is_some() {
            return Err(Error::invalid(
                "an event callback is already set on this thread stream",
            ));
        }
        let dropped = std::mem::take(&mut inner.dropped);
        let gap = (dropped > 0).then(|| Arc::new(Event::gap(Some(&self.thread_id), None, dropped)));
        for ev in gap.into_iter().chain(inner.events.drain(..)) {
            let cb = callback.clone();
            delivery.post(Box::new(move || {
                cb.call(|f| f(&ev));
            }));
        }
        inner.bytes = 0;
        inner.push = Some(callback);
        Ok(())
    }
}
