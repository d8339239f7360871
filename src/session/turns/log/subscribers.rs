//! How subscribers take a turn's events: pushed to a callback, pulled one by one, or only the
//! end awaited.

use super::{CompleteFn, EventFn, TurnLog};
use crate::error::{Error, Result, Status};
use crate::protocol::event::Event;
use crate::protocol::results::TurnResult;
use crate::runtime::callback::Slot;
use crate::runtime::delivery::Delivery;
use std::sync::Arc;

impl TurnLog {
    /// Switches a subscriber to push delivery: events from its cursor on go to `callback`.
    pub(crate) fn set_push(
        &self,
        sub: u64,
        callback: Arc<Slot<EventFn>>,
        delivery: &Delivery,
    ) -> Result<()> {
        let mut inner = self.inner.lock().unwrap();
        let base = inner.base;
        let backlog: Vec<Arc<Event>> = {
            let s = inner
                .subscribers
                .get(&sub)
                .ok_or_else(|| Error::new(Status::NotFound, "turn subscription is gone"))?;
            if s.push.is_some() {
                return Err(Error::invalid(
                    "an event callback is already set on this turn",
                ));
            }
            let skip = s.cursor.saturating_sub(base) as usize;
            inner.events.iter().skip(skip).cloned().collect()
        };
        if let Some(gap) = inner.take_gap(sub, &self.turn_id) {
            let cb = callback.clone();
            delivery.post(Box::new(move || {
                cb.call(|f| f(&gap));
            }));
        }
        let end = base + inner.events.len() as u64;
        for ev in backlog {
            let cb = callback.clone();
            delivery.post(Box::new(move || {
                cb.call(|f| f(&ev));
            }));
        }
        let s = inner.subscribers.get_mut(&sub).expect("checked above");
        s.cursor = end;
        s.push = Some(callback);
        inner.prune(false);
        Ok(())
    }

    /// Registers a completion callback; runs (on the delivery thread) at once if already done.
    pub(crate) fn set_on_complete(
        &self,
        sub: u64,
        callback: Arc<Slot<CompleteFn>>,
        delivery: &Delivery,
    ) -> Result<()> {
        let mut inner = self.inner.lock().unwrap();
        let outcome = inner.outcome.clone();
        let s = inner
            .subscribers
            .get_mut(&sub)
            .ok_or_else(|| Error::new(Status::NotFound, "turn subscription is gone"))?;
        if s.on_complete.is_some() {
            return Err(Error::invalid(
                "a completion callback is already set on this turn",
            ));
        }
        match outcome {
            Some(outcome) => {
                delivery.post(Box::new(move || {
                    callback.call(|f| f(&outcome));
                }));
            }
            None => s.on_complete = Some(callback),
        }
        Ok(())
    }

    /// Takes the subscriber's next event: `Ok(Some)` an event, `Ok(None)` nothing yet,
    /// `Err(End)` after the last event of an ended turn, `Err(other)` if it ended with an error.
    /// The first call makes the subscriber a puller (see retention.rs); events it missed come
    /// first as one GAP event.
    pub(crate) fn try_next(&self, sub: u64) -> Result<Option<Arc<Event>>> {
        let mut inner = self.inner.lock().unwrap();
        let base = inner.base;
        let len = inner.events.len() as u64;
        let s = inner
            .subscribers
            .get_mut(&sub)
            .ok_or_else(|| Error::new(Status::NotFound, "turn subscription is gone"))?;
        if s.push.is_some() {
            return Err(Error::invalid(
                "this turn delivers its events to a callback; it cannot also be pulled",
            ));
        }
        if s.cursor < base {
            return Ok(inner.take_gap(sub, &self.turn_id));
        }
        let s = inner.subscribers.get_mut(&sub).expect("checked above");
        if s.cursor < base + len {
            let at = s.cursor;
            s.cursor += 1;
            let ev = inner.events[(at - base) as usize].clone();
            // Prune lazily: only when the front is behind every cursor.
            if at == base {
                inner.prune(false);
            }
            return Ok(Some(ev));
        }
        match &inner.outcome {
            Some(Ok(_)) => Err(Error::new(Status::End, "the turn has no more events")),
            Some(Err(e)) => Err(e.clone()),
            None => Ok(None),
        }
    }

    pub(crate) fn outcome(&self) -> Option<Result<Arc<TurnResult>>> {
        self.inner.lock().unwrap().outcome.clone()
    }

    /// Waits for the next event of a subscriber.
    pub(crate) async fn next(&self, sub: u64) -> Result<Arc<Event>> {
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(ev) = self.try_next(sub)? {
                return Ok(ev);
            }
            notified.await;
        }
    }

    /// Waits until the turn ends.
    pub(crate) async fn wait(&self) -> Result<Arc<TurnResult>> {
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(outcome) = self.outcome() {
                return outcome;
            }
            notified.await;
        }
    }
}
