//! The per-turn event log: every event of one turn, in order, with one cursor per subscriber.
//!
//! A log is created on the first event of a turn, so events that arrive before anyone subscribes
//! (before the `turn/start` response) are kept and replayed. Events every subscriber has passed
//! are pruned, so memory stays flat however long the turn streams. The log also folds the turn's
//! result (items, usage, final response) as events arrive, so pruning never loses it.

use crate::error::Result;
use crate::protocol::event::{Event, EventKind};
use crate::protocol::methods;
use crate::protocol::results::{ResultFold, TurnResult};
use crate::runtime::callback::Slot;
use crate::runtime::delivery::Delivery;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub(crate) type EventFn = dyn Fn(&Event) + Send + Sync;
pub(crate) type CompleteFn = dyn Fn(&Result<Arc<TurnResult>>) + Send + Sync;

mod interrupt;
mod retention;
mod subscribers;
mod watch;

pub(crate) use interrupt::InterruptAction;
use interrupt::InterruptState;

/// Turn logs alive in the process (a test hook: memory must return to its baseline).
static LIVE_LOGS: AtomicUsize = AtomicUsize::new(0);

/// How many turn logs exist in the process right now.
pub(crate) fn live_logs() -> usize {
    LIVE_LOGS.load(Ordering::SeqCst)
}

pub(crate) struct TurnLog {
    pub(crate) turn_id: String,
    inner: Mutex<LogInner>,
    notify: tokio::sync::Notify,
    /// Wakes the idle watchdog when its timeout changes or the turn ends (events do not wake
    /// it: it re-reads the last-activity time when its deadline passes, so the hot path pays
    /// nothing). Shared, so the watchdog can wait on it without keeping the log alive.
    watchdog_changed: Arc<tokio::sync::Notify>,
}

/// What the idle watchdog reads at each deadline.
pub(crate) struct WatchState {
    pub(crate) idle: Duration,
    pub(crate) last_activity: Instant,
    pub(crate) pending_server_requests: usize,
}

pub(crate) struct Subscriber {
    /// The next event this subscriber takes. Unless it pushes to a callback, it holds the
    /// events from here on, up to the lag caps (retention.rs).
    cursor: u64,
    push: Option<Arc<Slot<EventFn>>>,
    on_complete: Option<Arc<Slot<CompleteFn>>>,
}

struct LogInner {
    thread_id: Option<String>,
    events: VecDeque<Arc<Event>>,
    base: u64,
    /// Bytes of the kept events' lines.
    bytes: usize,
    subscribers: HashMap<u64, Subscriber>,
    next_sub: u64,
    /// Set when the turn ended (or failed locally): the result, or why there is none.
    outcome: Option<Result<Arc<TurnResult>>>,
    fold: ResultFold,
    /// When the turn ended (an unclaimed ended turn is kept for a while, then dropped).
    ended_at: Option<Instant>,
    last_activity: Instant,
    pending_server_requests: usize,
    started: Instant,
    idle_timeout: Option<Duration>,
    watchdog_running: bool,
    watchdog_fired: bool,
    /// `turn/started` for this turn has arrived (the server accepts an interrupt from then on).
    started_seen: bool,
    interrupt: InterruptState,
    /// Retry events (`error` with `willRetry: true`) seen so far: numbers the next one.
    retries: u32,
    /// The run's deadline passed and the library interrupted the turn.
    deadline_fired: bool,
}

impl TurnLog {
    pub(crate) fn new(turn_id: &str, thread_id: Option<&str>) -> Arc<Self> {
        LIVE_LOGS.fetch_add(1, Ordering::SeqCst);
        Arc::new(TurnLog {
            turn_id: turn_id.to_owned(),
            inner: Mutex::new(LogInner {
                thread_id: thread_id.map(str::to_owned),
                events: VecDeque::new(),
                base: 0,
                bytes: 0,
                subscribers: HashMap::new(),
                next_sub: 1,
                outcome: None,
                fold: ResultFold::default(),
                ended_at: None,
                last_activity: Instant::now(),
                pending_server_requests: 0,
                started: Instant::now(),
                idle_timeout: None,
                watchdog_running: false,
                watchdog_fired: false,
                started_seen: false,
                interrupt: InterruptState::None,
                retries: 0,
                deadline_fired: false,
            }),
            notify: tokio::sync::Notify::new(),
            watchdog_changed: Arc::new(tokio::sync::Notify::new()),
        })
    }

    /// Appends an event, folds it into the result, and hands it to push subscribers.
    /// `keep_all` switches pruning off (a `turn/start` is pending on this thread).
    /// Returns whether an interrupt held until the turn became active is now due (the caller
    /// sends it).
    #[must_use]
    pub(crate) fn append(&self, event: &Arc<Event>, delivery: &Delivery, keep_all: bool) -> bool {
        let mut inner = self.inner.lock().unwrap();
        if inner.outcome.is_some() {
            return false; // ended locally (watchdog, transport): late events are dropped
        }
        let interrupt_due = event.kind() == EventKind::TurnStarted && inner.mark_started();
        if event.kind() == EventKind::Retry {
            // The server retrying (e.g. an unreachable provider) is no progress: the idle
            // watchdog's clock keeps running.
            inner.retries += 1;
            event.set_retry_attempt(inner.retries);
        } else {
            inner.last_activity = Instant::now();
        }
        inner.fold.fold_event(event);
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
        inner.bytes += event.raw_json().len();
        inner.events.push_back(event.clone());
        if completed {
            let result = inner.build_result(&self.turn_id, event, false);
            inner.finish(Ok(result), delivery);
        }
        inner.prune(keep_all);
        drop(inner);
        self.notify.notify_waiters();
        if completed {
            self.watchdog_changed.notify_waiters();
        }
        interrupt_due
    }

    /// Ends the turn locally (transport death, client closed, watchdog).
    pub(crate) fn fail(&self, outcome: Result<Arc<TurnResult>>, delivery: &Delivery) {
        let mut inner = self.inner.lock().unwrap();
        if inner.outcome.is_none() {
            inner.finish(outcome, delivery);
        }
        drop(inner);
        self.notify.notify_waiters();
        self.watchdog_changed.notify_waiters();
    }

    /// The run's deadline passed: the result will say so.
    pub(crate) fn mark_deadline_fired(&self) {
        self.inner.lock().unwrap().deadline_fired = true;
    }

    /// Ends the turn as failed by the idle watchdog.
    pub(crate) fn fail_by_watchdog(&self, message: &str, delivery: &Delivery) {
        let mut inner = self.inner.lock().unwrap();
        if inner.outcome.is_some() {
            return;
        }
        let params = serde_json::json!({
            "threadId": inner.thread_id.as_deref().unwrap_or(""),
            "turn": {"id": self.turn_id, "status": "failed", "error": {"message": message}, "items": []},
        });
        let event = Arc::new(Event::synthetic(
            methods::TURN_COMPLETED,
            &params.to_string(),
        ));
        let result = inner.build_result(&self.turn_id, &event, true);
        inner.finish(Ok(result), delivery);
        drop(inner);
        self.notify.notify_waiters();
        self.watchdog_changed.notify_waiters();
    }

    /// Adds a subscriber whose cursor starts at `from` (`None`: the turn's first event). Events
    /// before it that the log no longer keeps reach it as one GAP event.
    pub(crate) fn subscribe(&self, from: Option<u64>) -> u64 {
        let mut inner = self.inner.lock().unwrap();
        let id = inner.next_sub;
        inner.next_sub += 1;
        let cursor = from.unwrap_or(0);
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

    /// Records the thread of a log created before its thread was known.
    pub(crate) fn bind_thread(&self, thread_id: &str) {
        let mut inner = self.inner.lock().unwrap();
        if inner.thread_id.is_none() {
            inner.thread_id = Some(thread_id.to_owned());
        }
    }

    /// A server request for this turn awaits an answer: the watchdog pauses meanwhile.
    pub(crate) fn server_request_opened(&self) {
        self.inner.lock().unwrap().pending_server_requests += 1;
    }

    /// A server request for this turn was answered: the handler's think time is not idleness,
    /// so the watchdog's clock restarts.
    pub(crate) fn server_request_answered(&self) {
        let mut inner = self.inner.lock().unwrap();
        inner.pending_server_requests = inner.pending_server_requests.saturating_sub(1);
        inner.last_activity = Instant::now();
    }
}

impl Drop for TurnLog {
    fn drop(&mut self) {
        LIVE_LOGS.fetch_sub(1, Ordering::SeqCst);
    }
}

impl LogInner {
    fn build_result(&self, turn_id: &str, completed: &Event, watchdog: bool) -> Arc<TurnResult> {
        let mut result = self.fold.build_result(
            turn_id,
            self.thread_id.as_deref(),
            completed,
            self.started.elapsed(),
            watchdog || self.watchdog_fired,
        );
        if self.deadline_fired {
            if let Some(r) = Arc::get_mut(&mut result) {
                r.deadline = true;
            }
        }
        result
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
        self.ended_at = Some(Instant::now());
    }
}
