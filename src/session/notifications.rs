//! Notifications that no login or turn claimed: a bounded queue to pull from, or the host's
//! notification callback (on the delivery thread) when one is set.

use super::connection::Connection;
use crate::error::Result;
use crate::protocol::event::Event;
use crate::runtime::callback::Slot;
use crate::runtime::delivery::Delivery;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// Bound of the queue (oldest dropped first, counted as lag).
pub(crate) const GLOBAL_QUEUE_CAP: usize = 1024;

pub(crate) type NotificationFn = dyn Fn(&Event) + Send + Sync;

#[derive(Default)]
pub(crate) struct Notifications {
    queue: Mutex<Queue>,
    arrived: tokio::sync::Notify,
    pub(crate) callback: Arc<Slot<NotificationFn>>,
}

#[derive(Default)]
struct Queue {
    events: VecDeque<Arc<Event>>,
    lagged: u64,
}

impl Notifications {
    pub(crate) fn push(&self, event: Arc<Event>, delivery: &Delivery) {
        if self.callback.is_set() {
            let callback = self.callback.clone();
            delivery.post(Box::new(move || {
                callback.call(|f| f(&event));
            }));
            return;
        }
        let mut q = self.queue.lock().unwrap();
        if q.events.len() >= GLOBAL_QUEUE_CAP {
            q.events.pop_front();
            q.lagged += 1;
        }
        q.events.push_back(event);
        drop(q);
        self.arrived.notify_waiters();
    }

    /// The next queued notification; fails once the connection is gone and the queue is empty.
    pub(crate) async fn next(&self, conn: &Connection) -> Result<Arc<Event>> {
        loop {
            let notified = self.arrived.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(ev) = self.queue.lock().unwrap().events.pop_front() {
                return Ok(ev);
            }
            conn.check_alive()?;
            notified.await;
        }
    }

    /// Wakes waiters (the connection died: they re-check).
    pub(crate) fn wake_all(&self) {
        self.arrived.notify_waiters();
    }

    pub(crate) fn lagged(&self) -> u64 {
        self.queue.lock().unwrap().lagged
    }
}
