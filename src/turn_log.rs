//! The per-turn event log: every event of one turn, in order, with one cursor per subscriber.
//!
//! A log is created on the first event of a turn, so events that arrive before anyone subscribes
//! (before the `turn/start` response) are kept and replayed. Events every subscriber has passed
//! are pruned, so memory stays flat however long the turn streams. The log also folds the turn's
//! result (items, usage, final response) as events arrive, so pruning never loses it.

use crate::callback::Slot;
use crate::delivery::Delivery;
use crate::error::{Error, Result, Status};
use crate::event::{Event, EventKind};
use crate::turn::{TurnResult, TurnStatus};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Instant;

pub(crate) type EventFn = dyn Fn(&Event) + Send + Sync;
pub(crate) type CompleteFn = dyn Fn(&Result<Arc<TurnResult>>) + Send + Sync;

/// Bound on the events kept for a turn nobody subscribed to (e.g. usage replayed on resume).
pub(crate) const ORPHAN_EVENT_CAP: usize = 4096;

pub(crate) struct TurnLog {
    pub(crate) turn_id: String,
    pub(crate) inner: Mutex<LogInner>,
    pub(crate) notify: tokio::sync::Notify,
    /// Wakes the idle watchdog when its timeout changes (events do not wake it: it re-reads
    /// the last-activity time when its deadline passes, so the hot path pays nothing).
    pub(crate) watchdog_changed: tokio::sync::Notify,
}

pub(crate) struct Subscriber {
    cursor: u64,
    push: Option<Arc<Slot<EventFn>>>,
    on_complete: Option<Arc<Slot<CompleteFn>>>,
}

pub(crate) struct LogInner {
    pub(crate) thread_id: Option<String>,
    events: VecDeque<Arc<Event>>,
    base: u64,
    subscribers: HashMap<u64, Subscriber>,
    next_sub: u64,
    /// Set when the turn ended (or failed locally): the result, or why there is none.
    pub(crate) outcome: Option<Result<Arc<TurnResult>>>,
    fold: ResultFold,
    pub(crate) last_activity: Instant,
    pub(crate) pending_server_requests: usize,
    pub(crate) started: Instant,
    pub(crate) idle_timeout: Option<std::time::Duration>,
    pub(crate) watchdog_running: bool,
    pub(crate) watchdog_fired: bool,
}

/// What `TurnResult` is built from.
#[derive(Default)]
struct ResultFold {
    items: Vec<Box<str>>,
    usage: Option<String>,
    last_final_answer: Option<String>,
    last_phaseless: Option<String>,
    last_error: Option<String>,
}

#[derive(Deserialize)]
struct ItemSummary {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    phase: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UsageParams<'a> {
    #[serde(borrow)]
    token_usage: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct ErrorParams {
    error: Option<TurnErrorBody>,
}

#[derive(Deserialize)]
struct TurnErrorBody {
    #[serde(default)]
    message: String,
}

#[derive(Deserialize)]
struct CompletedParams<'a> {
    #[serde(borrow)]
    turn: CompletedTurn<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CompletedTurn<'a> {
    #[serde(default)]
    status: String,
    #[serde(borrow, default)]
    error: Option<&'a RawValue>,
    #[serde(default)]
    started_at: Option<i64>,
    #[serde(default)]
    completed_at: Option<i64>,
    #[serde(default)]
    duration_ms: Option<i64>,
}

impl TurnLog {
    pub(crate) fn new(turn_id: &str, thread_id: Option<&str>) -> Arc<Self> {
        Arc::new(TurnLog {
            turn_id: turn_id.to_owned(),
            inner: Mutex::new(LogInner {
                thread_id: thread_id.map(str::to_owned),
                events: VecDeque::new(),
                base: 0,
                subscribers: HashMap::new(),
                next_sub: 1,
                outcome: None,
                fold: ResultFold::default(),
                last_activity: Instant::now(),
                pending_server_requests: 0,
                started: Instant::now(),
                idle_timeout: None,
                watchdog_running: false,
                watchdog_fired: false,
            }),
            notify: tokio::sync::Notify::new(),
            watchdog_changed: tokio::sync::Notify::new(),
        })
    }

    /// Appends an event, folds it into the result, and hands it to push subscribers.
    /// `keep_all` switches pruning off (a `turn/start` is pending on this thread).
    pub(crate) fn append(&self, event: Arc<Event>, delivery: &Delivery, keep_all: bool) {
        let mut inner = self.inner.lock().unwrap();
        if inner.outcome.is_some() {
            return; // ended locally (watchdog, transport): late events are dropped
        }
        inner.last_activity = Instant::now();
        inner.fold_event(&event);
        let index = inner.base + inner.events.len() as u64;
        for sub in inner.subscribers.values_mut() {
            if let Some(push) = &sub.push {
                if sub.cursor == index {
                    let push = push.clone();
                    let ev = event.clone();
                    delivery.post(Box::new(move || {
                        push.call(|f| f(&ev));
                    }));
                    sub.cursor = index + 1;
                }
            }
        }
        let completed = event.kind() == EventKind::TurnCompleted;
        inner.events.push_back(event.clone());
        if completed {
            let result = inner.build_result(&self.turn_id, &event, false);
            inner.finish(Ok(result), delivery);
        }
        inner.prune(keep_all);
        drop(inner);
        self.notify.notify_waiters();
    }

    /// Ends the turn locally (transport death, client closed, watchdog).
    pub(crate) fn fail(&self, outcome: Result<Arc<TurnResult>>, delivery: &Delivery) {
        let mut inner = self.inner.lock().unwrap();
        if inner.outcome.is_none() {
            inner.finish(outcome, delivery);
        }
        drop(inner);
        self.notify.notify_waiters();
    }

    /// Ends the turn as failed by the idle watchdog.
    pub(crate) fn fail_by_watchdog(&self, message: &str, delivery: &Delivery) {
        let mut inner = self.inner.lock().unwrap();
        if inner.outcome.is_some() {
            return;
        }
        let event = Arc::new(Event::synthetic(
            "turn/completed",
            &format!(
                "{{\"threadId\":{},\"turn\":{{\"id\":{},\"status\":\"failed\",\"error\":{{\"message\":{}}},\"items\":[]}}}}",
                crate::rpc::json_string(inner.thread_id.as_deref().unwrap_or("")),
                crate::rpc::json_string(&self.turn_id),
                crate::rpc::json_string(message)
            ),
        ));
        let result = inner.build_result(&self.turn_id, &event, true);
        inner.finish(Ok(result), delivery);
        drop(inner);
        self.notify.notify_waiters();
    }

    /// Adds a subscriber whose cursor starts at `from` (0 = replay everything kept).
    pub(crate) fn subscribe(&self, from: Option<u64>) -> u64 {
        let mut inner = self.inner.lock().unwrap();
        let id = inner.next_sub;
        inner.next_sub += 1;
        let cursor = from.unwrap_or(inner.base).max(inner.base);
        inner.subscribers.insert(
            id,
            Subscriber {
                cursor,
                push: None,
                on_complete: None,
            },
        );
        id
    }

    /// The index the next event will get (a joined turn's handle starts here).
    pub(crate) fn end_index(&self) -> u64 {
        let inner = self.inner.lock().unwrap();
        inner.base + inner.events.len() as u64
    }

    /// Removes a subscriber; its callbacks are cleared (no call starts after this returns).
    /// Returns whether the log has no subscriber left.
    pub(crate) fn unsubscribe(&self, sub: u64) -> bool {
        let removed = {
            let mut inner = self.inner.lock().unwrap();
            let removed = inner.subscribers.remove(&sub);
            inner.prune(false);
            removed
        };
        if let Some(s) = removed {
            if let Some(p) = s.push {
                p.clear();
            }
            if let Some(c) = s.on_complete {
                c.clear();
            }
        }
        self.inner.lock().unwrap().subscribers.is_empty()
    }

    /// Events currently kept.
    pub(crate) fn len(&self) -> usize {
        self.inner.lock().unwrap().events.len()
    }

    pub(crate) fn has_subscribers(&self) -> bool {
        !self.inner.lock().unwrap().subscribers.is_empty()
    }

    pub(crate) fn is_done(&self) -> bool {
        self.inner.lock().unwrap().outcome.is_some()
    }

    pub(crate) fn thread_id(&self) -> Option<String> {
        self.inner.lock().unwrap().thread_id.clone()
    }

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
            let skip = (s.cursor - base) as usize;
            inner.events.iter().skip(skip).cloned().collect()
        };
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

impl LogInner {
    fn fold_event(&mut self, event: &Event) {
        match event.kind() {
            EventKind::ItemCompleted => {
                if let Some(item) = event.item_json() {
                    self.fold.items.push(item.into());
                    if let Ok(summary) = serde_json::from_str::<ItemSummary>(item) {
                        if summary.kind == "agentMessage" {
                            match summary.phase.as_deref() {
                                Some("final_answer") => self.fold.last_final_answer = summary.text,
                                None => self.fold.last_phaseless = summary.text,
                                Some(_) => {}
                            }
                        }
                    }
                }
            }
            EventKind::TokenUsage => {
                if let Ok(p) = serde_json::from_str::<UsageParams>(event.params_json()) {
                    self.fold.usage = p.token_usage.map(|u| u.get().to_owned());
                }
            }
            EventKind::Error => {
                if let Ok(ErrorParams { error: Some(e) }) =
                    serde_json::from_str(event.params_json())
                {
                    self.fold.last_error = Some(e.message);
                }
            }
            _ => {}
        }
    }

    fn build_result(
        &mut self,
        turn_id: &str,
        completed: &Event,
        watchdog: bool,
    ) -> Arc<TurnResult> {
        let parsed: Option<CompletedParams> = serde_json::from_str(completed.params_json()).ok();
        let turn = parsed.map(|p| p.turn);
        let status = match turn.as_ref().map(|t| t.status.as_str()) {
            Some("completed") => TurnStatus::Completed,
            Some("interrupted") => TurnStatus::Interrupted,
            _ => TurnStatus::Failed,
        };
        let error_json = turn
            .as_ref()
            .and_then(|t| t.error)
            .map(|e| e.get().to_owned())
            .filter(|e| e != "null");
        let error_message = error_json
            .as_deref()
            .and_then(|e| serde_json::from_str::<TurnErrorBody>(e).ok())
            .map(|e| e.message)
            .or_else(|| {
                (status == TurnStatus::Failed)
                    .then(|| self.fold.last_error.clone())
                    .flatten()
            });
        let mut items = String::from("[");
        for (i, item) in self.fold.items.iter().enumerate() {
            if i > 0 {
                items.push(',');
            }
            items.push_str(item);
        }
        items.push(']');
        Arc::new(TurnResult {
            id: turn_id.to_owned(),
            thread_id: self.thread_id.clone().unwrap_or_default(),
            status,
            error: error_message,
            error_json,
            final_response: self
                .fold
                .last_final_answer
                .clone()
                .or_else(|| self.fold.last_phaseless.clone()),
            items_json: items,
            usage_json: self.fold.usage.clone(),
            started_at: turn.as_ref().and_then(|t| t.started_at),
            completed_at: turn.as_ref().and_then(|t| t.completed_at),
            duration_ms: turn.as_ref().and_then(|t| t.duration_ms),
            elapsed: self.started.elapsed(),
            watchdog: watchdog || self.watchdog_fired,
        })
    }

    fn finish(&mut self, outcome: Result<Arc<TurnResult>>, delivery: &Delivery) {
        for sub in self.subscribers.values_mut() {
            if let Some(cb) = sub.on_complete.take() {
                let outcome = outcome.clone();
                delivery.post(Box::new(move || {
                    cb.call(|f| f(&outcome));
                }));
            }
        }
        self.outcome = Some(outcome);
    }

    /// Drops events every subscriber has passed; an unsubscribed log keeps a bounded tail.
    fn prune(&mut self, keep_all: bool) {
        if keep_all {
            return;
        }
        let keep_from = if self.subscribers.is_empty() {
            let len = self.events.len();
            self.base + len.saturating_sub(ORPHAN_EVENT_CAP) as u64
        } else {
            self.subscribers
                .values()
                .map(|s| s.cursor)
                .min()
                .unwrap_or(self.base)
        };
        while self.base < keep_from && !self.events.is_empty() {
            self.events.pop_front();
            self.base += 1;
        }
    }
}
