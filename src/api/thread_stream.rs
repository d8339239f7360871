//! Thread streams: every event scoped to one thread (its turns' events, including turns the
//! library did not start, and the thread's own notifications), pulled or pushed to a callback.

use crate::error::{Error, Result, Status};
use crate::protocol::event::Event;
use crate::runtime::blocking::wait_deadlock_aware;
use crate::runtime::callback::Slot;
use crate::session::hub::Session;
use crate::session::streams::StreamQueue;
use crate::session::turns::log::EventFn;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A subscription to one thread's events from the moment it is made. Dropping it stops its
/// callback (none starts after the drop returns).
pub struct ThreadStream {
    session: Arc<Session>,
    queue: Arc<StreamQueue>,
    push: Mutex<Option<Arc<Slot<EventFn>>>>,
}

impl ThreadStream {
    pub(crate) fn open(session: Arc<Session>, thread_id: &str) -> Result<ThreadStream> {
        if thread_id.is_empty() {
            return Err(Error::invalid("thread_id is empty"));
        }
        session.conn.check_alive()?;
        let queue = session.streams.open(thread_id);
        Ok(ThreadStream {
            session,
            queue,
            push: Mutex::new(None),
        })
    }

    pub fn thread_id(&self) -> &str {
        &self.queue.thread_id
    }

    /// The next event of the thread (a GAP event first if the stream lagged past its cap).
    pub async fn next_event(&self) -> Result<Arc<Event>> {
        self.queue.next(&self.session.conn).await
    }

    /// The next event if one is queued: `Ok(None)` when none is yet.
    pub fn try_next_event(&self) -> Result<Option<Arc<Event>>> {
        self.queue.try_next()
    }

    /// `next_event` for callers outside async code: waits up to `timeout` (`None` = no limit).
    pub fn next_event_blocking(&self, timeout: Option<Duration>) -> Result<Arc<Event>> {
        self.session.conn.owner_check()?;
        if let Some(ev) = self.try_next_event()? {
            return Ok(ev);
        }
        if timeout != Some(Duration::ZERO)
            && self.session.delivery.is_current()
            && self.session.requests.handler.is_set()
        {
            return Err(Error::new(
                Status::WouldDeadlock,
                "a blocking thread-stream wait was called from a callback of the same client while a server-request handler is set; use the callback form instead",
            ));
        }
        wait_deadlock_aware(self.next_event(), timeout, "no event yet")
    }

    /// Delivers the thread's events (what is queued, then each new one) to `f` on the client's
    /// delivery thread, in order. Pulling is then no longer possible.
    pub fn on_event(&self, f: impl Fn(&Event) + Send + Sync + 'static) -> Result<()> {
        self.set_event_callback(Arc::new(f))
    }

    pub(crate) fn set_event_callback(&self, f: Arc<EventFn>) -> Result<()> {
        self.session.conn.check_open()?;
        let slot = Arc::new(Slot::new(f));
        // Held while registering, as in Turn::set_event_callback: a queued event's callback may
        // free this handle before this returns.
        let mut mine = self.push.lock().unwrap();
        self.queue.set_push(slot.clone(), &self.session.delivery)?;
        *mine = Some(slot);
        Ok(())
    }
}

impl Drop for ThreadStream {
    fn drop(&mut self) {
        if let Some(p) = self.push.lock().unwrap().take() {
            p.clear();
        }
        self.session.streams.close(&self.queue);
    }
}
