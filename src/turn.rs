//! Turns: a handle over one turn's event log (pull or push), steer, interrupt, wait, and the
//! idle watchdog that ends turns whose server went quiet.

use crate::callback::Slot;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::router::Router;
use crate::turn_log::{CompleteFn, EventFn, TurnLog};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// How a turn ended.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnStatus {
    Completed = 0,
    Interrupted = 1,
    Failed = 2,
}

/// What a finished turn produced.
#[derive(Debug, Clone)]
pub struct TurnResult {
    pub id: String,
    pub thread_id: String,
    pub status: TurnStatus,
    /// The error message of a failed turn.
    pub error: Option<String>,
    /// The `TurnError` object as raw JSON.
    pub error_json: Option<String>,
    /// Last `final_answer` agent message, else the last phase-less one, else `None`.
    pub final_response: Option<String>,
    /// Every `item/completed` item of the turn, in order, as a JSON array.
    pub items_json: String,
    /// The last `thread/tokenUsage/updated` usage of the turn.
    pub usage_json: Option<String>,
    pub started_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub duration_ms: Option<i64>,
    /// Time from the handle's creation (or the log's first event) to the end, as seen here.
    pub elapsed: Duration,
    /// Whether the idle watchdog ended the turn.
    pub watchdog: bool,
}

/// A handle on one turn. Dropping it stops its callbacks (none starts after the drop returns).
pub struct Turn {
    router: Arc<Router>,
    log: Arc<TurnLog>,
    sub: u64,
    id: String,
    thread_id: String,
    push: Mutex<Option<Arc<Slot<EventFn>>>>,
    complete: Mutex<Option<Arc<Slot<CompleteFn>>>>,
}

impl Turn {
    pub(crate) fn new(
        router: Arc<Router>,
        log: Arc<TurnLog>,
        from: Option<u64>,
        thread_id: &str,
    ) -> Turn {
        let sub = log.subscribe(from);
        let turn = Turn {
            id: log.turn_id.clone(),
            thread_id: thread_id.to_owned(),
            router,
            log,
            sub,
            push: Mutex::new(None),
            complete: Mutex::new(None),
        };
        if let Some(idle) = turn.router.opts.idle_timeout {
            turn.set_idle_timeout(Some(idle));
        }
        turn
    }

    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn thread_id(&self) -> &str {
        &self.thread_id
    }
    pub(crate) fn router(&self) -> &Arc<Router> {
        &self.router
    }

    /// The next event; `Err(End)` after `turn/completed` was taken.
    pub async fn next_event(&self) -> Result<Arc<Event>> {
        self.log.next(self.sub).await
    }

    /// The next event if one is queued: `Ok(None)` when none is yet.
    pub fn try_next_event(&self) -> Result<Option<Arc<Event>>> {
        self.log.try_next(self.sub)
    }

    /// Delivers this turn's events (from the first one not yet taken) to `f` on the client's
    /// delivery thread. Pulling is then no longer possible.
    pub fn on_event(&self, f: impl Fn(&Event) + Send + Sync + 'static) -> Result<()> {
        self.set_event_callback(Arc::new(f))
    }

    pub(crate) fn set_event_callback(&self, f: Arc<EventFn>) -> Result<()> {
        if self.router.is_closed() {
            return Err(Error::closed());
        }
        let slot = Arc::new(Slot::new(f));
        // Hold the handle's lock while registering: the callback may run on the delivery thread
        // before this returns and free this very handle, whose drop then waits for the lock
        // instead of freeing memory this call still writes to.
        let mut mine = self.push.lock().unwrap();
        self.log
            .set_push(self.sub, slot.clone(), &self.router.delivery)?;
        *mine = Some(slot);
        Ok(())
    }

    /// Calls `f` once when the turn ends, on the delivery thread, after its last event callback.
    pub fn on_complete(
        &self,
        f: impl Fn(&Result<Arc<TurnResult>>) + Send + Sync + 'static,
    ) -> Result<()> {
        self.set_complete_callback(Arc::new(f))
    }

    pub(crate) fn set_complete_callback(&self, f: Arc<CompleteFn>) -> Result<()> {
        if self.router.is_closed() {
            return Err(Error::closed());
        }
        let slot = Arc::new(Slot::new(f));
        // As in set_event_callback: a completed turn's callback may run, and free this handle,
        // before this returns.
        let mut mine = self.complete.lock().unwrap();
        self.log
            .set_on_complete(self.sub, slot.clone(), &self.router.delivery)?;
        *mine = Some(slot);
        Ok(())
    }

    /// Waits for the turn to end. A failed turn is `Ok` with status `Failed`.
    pub async fn wait(&self) -> Result<Arc<TurnResult>> {
        self.log.wait().await
    }

    /// The result, if the turn has ended.
    pub fn result(&self) -> Option<Result<Arc<TurnResult>>> {
        self.log.outcome()
    }

    /// Adds input to the running turn (`turn/steer`). `input_json` is a `UserInput[]` array.
    pub async fn steer_input(&self, input_json: &str) -> Result<()> {
        crate::rpc::validate_json(input_json, "input")?;
        let params = format!(
            "{{\"threadId\":{},\"expectedTurnId\":{},\"input\":{}}}",
            crate::rpc::json_string(&self.thread_id),
            crate::rpc::json_string(&self.id),
            input_json
        );
        self.router.check_alive()?;
        self.router.call("turn/steer", &params).await.map(|_| ())
    }

    /// Adds a plain-text message to the running turn.
    pub async fn steer(&self, text: &str) -> Result<()> {
        self.steer_input(&text_input(text)).await
    }

    /// Asks the server to interrupt the turn; it then ends with status `Interrupted`.
    pub async fn interrupt(&self) -> Result<()> {
        // An ended turn has nothing to interrupt (and the server would not answer a second
        // interrupt of an interrupted turn until the next turn ends).
        if self.log.is_done() {
            self.router.check_alive()?;
            return Ok(());
        }
        interrupt(&self.router, &self.thread_id, &self.id).await
    }

    /// Overrides the idle watchdog for this turn (`None` turns it off).
    pub fn set_idle_timeout(&self, idle: Option<Duration>) {
        let start = {
            let mut inner = self.log.inner.lock().unwrap();
            inner.idle_timeout = idle;
            let start = idle.is_some() && !inner.watchdog_running;
            if start {
                inner.watchdog_running = true;
            }
            start
        };
        if start {
            crate::runtime::handle().spawn(watchdog(
                Arc::downgrade(&self.router),
                Arc::downgrade(&self.log),
            ));
        }
        self.log.watchdog_changed.notify_waiters();
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(p) = self.push.lock().unwrap().take() {
            p.clear();
        }
        if let Some(c) = self.complete.lock().unwrap().take() {
            c.clear();
        }
        self.log.unsubscribe(self.sub);
        self.router.release_turn(&self.log);
    }
}

pub(crate) async fn interrupt(router: &Router, thread_id: &str, turn_id: &str) -> Result<()> {
    let params = format!(
        "{{\"threadId\":{},\"turnId\":{}}}",
        crate::rpc::json_string(thread_id),
        crate::rpc::json_string(turn_id)
    );
    router.call("turn/interrupt", &params).await.map(|_| ())
}

/// `[{"type":"text","text":...}]` for a plain-text input (never parsed as JSON).
pub(crate) fn text_input(text: &str) -> String {
    format!(
        "[{{\"type\":\"text\",\"text\":{}}}]",
        crate::rpc::json_string(text)
    )
}

/// Ends a turn that went quiet: after `idle` with no event (and no server request awaiting an
/// answer) it interrupts the turn; if `turn/completed` still does not come within a grace
/// period, the turn completes locally as failed.
async fn watchdog(router: Weak<Router>, log: Weak<TurnLog>) {
    loop {
        let (idle, last, pending) = {
            let Some(log) = log.upgrade() else { return };
            let inner = log.inner.lock().unwrap();
            if inner.outcome.is_some() {
                return;
            }
            match inner.idle_timeout {
                Some(idle) => (idle, inner.last_activity, inner.pending_server_requests),
                None => {
                    drop(inner);
                    log.inner.lock().unwrap().watchdog_running = false;
                    return;
                }
            }
        };
        let Some(changed) = log.upgrade() else { return };
        let deadline = if pending > 0 {
            Instant::now() + idle.min(Duration::from_millis(500))
        } else {
            last + idle
        };
        if pending > 0 || Instant::now() < deadline {
            // Sleep to the deadline, or until the timeout is changed (then recompute).
            tokio::select! {
                _ = tokio::time::sleep_until(deadline.into()) => {}
                _ = changed.watchdog_changed.notified() => {}
            }
            continue;
        }
        // Idle for too long: interrupt, then give the server a grace period to confirm.
        let (Some(router), Some(log)) = (router.upgrade(), log.upgrade()) else {
            return;
        };
        let thread_id = {
            let mut inner = log.inner.lock().unwrap();
            inner.watchdog_fired = true;
            inner.thread_id.clone().unwrap_or_default()
        };
        let grace = (idle / 4).clamp(Duration::from_millis(200), Duration::from_secs(10));
        router.log(
            crate::options::LogLevel::Warn,
            &format!("turn {} idle for {idle:?}: interrupting it", log.turn_id),
        );
        let _ = tokio::time::timeout(grace, interrupt(&router, &thread_id, &log.turn_id)).await;
        let _ = tokio::time::timeout(grace, log.wait()).await;
        log.fail_by_watchdog(
            &format!(
                "the turn sent no event for {} ms; the idle watchdog ended it",
                idle.as_millis()
            ),
            &router.delivery,
        );
        return;
    }
}
