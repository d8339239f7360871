//! Turns: a handle over one turn's event log (pull or push), steer, interrupt, wait, and the
//! idle watchdog that ends turns whose server went quiet.

use crate::error::{Error, Result, Status};
use crate::protocol::event::Event;
use crate::protocol::json::{self, Embedding};
use crate::protocol::results::TurnResult;
use crate::protocol::{methods, params};
use crate::runtime::blocking::wait_deadlock_aware;
use crate::runtime::callback::Slot;
use crate::session::hub::Session;
use crate::session::turns::log::{CompleteFn, EventFn, InterruptAction, TurnLog};
use crate::session::turns::watchdog;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a turn interrupted at its run's deadline has to end before it is ended locally.
pub const DEADLINE_GRACE: Duration = Duration::from_secs(5);

/// A handle on one turn. Dropping it stops its callbacks (none starts after the drop returns).
pub struct Turn {
    session: Arc<Session>,
    log: Arc<TurnLog>,
    sub: u64,
    id: String,
    thread_id: String,
    push: Mutex<Option<Arc<Slot<EventFn>>>>,
    complete: Mutex<Option<Arc<Slot<CompleteFn>>>>,
}

impl Turn {
    pub(crate) fn new(
        session: Arc<Session>,
        log: Arc<TurnLog>,
        from: Option<u64>,
        thread_id: &str,
    ) -> Turn {
        let sub = log.subscribe(from);
        let turn = Turn {
            id: log.turn_id.clone(),
            thread_id: thread_id.to_owned(),
            session,
            log,
            sub,
            push: Mutex::new(None),
            complete: Mutex::new(None),
        };
        if let Some(idle) = turn.session.opts.idle_timeout {
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
        self.session.conn.check_open()?;
        let slot = Arc::new(Slot::new(f));
        // Hold the handle's lock while registering: the callback may run on the delivery thread
        // before this returns and free this very handle, whose drop then waits for the lock
        // instead of freeing memory this call still writes to.
        let mut mine = self.push.lock().unwrap();
        self.log
            .set_push(self.sub, slot.clone(), &self.session.delivery)?;
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
        self.session.conn.check_open()?;
        let slot = Arc::new(Slot::new(f));
        // As in set_event_callback: a completed turn's callback may run, and free this handle,
        // before this returns.
        let mut mine = self.complete.lock().unwrap();
        self.log
            .set_on_complete(self.sub, slot.clone(), &self.session.delivery)?;
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
        json::validate(input_json, "input", Embedding::ParamsField)?;
        let p = params::TurnSteerParams {
            thread_id: &self.thread_id,
            expected_turn_id: &self.id,
            input: params::raw(input_json)?,
        };
        self.session.conn.check_alive()?;
        self.session
            .conn
            .call_method::<methods::TurnSteer>(&p)
            .await
            .map(|_| ())
    }

    /// Adds a plain-text message to the running turn.
    pub async fn steer(&self, text: &str) -> Result<()> {
        self.steer_input(&params::text_input(text)).await
    }

    /// Interrupts the turn; it then ends with status `Interrupted` (or `Completed` if it
    /// finished first). Works from the moment the turn-starting call returns: before the server
    /// has activated the turn (`turn/started`), the interrupt is held and sent when it is.
    /// A turn already interrupted, or ended, is `Ok` and nothing is sent (the server would not
    /// answer a second interrupt of an interrupted turn until the next turn ends).
    pub async fn interrupt(&self) -> Result<()> {
        self.session.conn.check_alive()?;
        match self.log.request_interrupt() {
            InterruptAction::Ended | InterruptAction::Nothing => Ok(()),
            InterruptAction::SendNow => {
                let sent = watchdog::interrupt(&self.session.conn, &self.thread_id, &self.id).await;
                match sent {
                    // The turn ended while the interrupt was on its way: nothing was left to do.
                    Err(e) if e.status == Status::Rpc && self.log.is_done() => Ok(()),
                    Err(e) => {
                        self.log.interrupt_failed();
                        Err(e)
                    }
                    Ok(()) => Ok(()),
                }
            }
        }
    }

    /// Interrupts the turn without waiting for the server's answer (held until the turn is
    /// active, like [`Turn::interrupt`]); the interrupt goes on after this handle is dropped.
    pub fn interrupt_in_background(&self) {
        if self.log.request_interrupt() != InterruptAction::SendNow {
            return; // ended, already asked for, or held: the dispatcher sends a held one
        }
        let (conn, log) = (self.session.conn.clone(), self.log.clone());
        let (thread_id, id) = (self.thread_id.clone(), self.id.clone());
        crate::runtime::executor::handle().spawn(async move {
            if watchdog::interrupt(&conn, &thread_id, &id).await.is_err() && !log.is_done() {
                log.interrupt_failed();
            }
        });
    }

    /// Overrides the idle watchdog for this turn (`None` turns it off).
    pub fn set_idle_timeout(&self, idle: Option<Duration>) {
        watchdog::set_idle_timeout(
            &self.log,
            idle,
            Arc::downgrade(&self.session.conn),
            Arc::downgrade(&self.session.delivery),
        );
    }

    // ---- blocking forms (for callers outside async code, e.g. the C ABI) ---------------------

    /// Fails with `WOULD_DEADLOCK` for a blocking wait on this client's delivery thread while a
    /// server-request handler is set: an approval for this turn could only be answered by this
    /// very thread, after the wait returns.
    fn check_may_block(&self, timeout: Option<Duration>) -> Result<()> {
        self.session.conn.owner_check()?;
        if timeout != Some(Duration::ZERO)
            && self.session.delivery.is_current()
            && self.session.requests.handler.is_set()
        {
            return Err(Error::new(
                Status::WouldDeadlock,
                "a blocking turn wait was called from a callback of the same client while a server-request handler is set; use the callback forms instead",
            ));
        }
        Ok(())
    }

    /// `next_event` for callers outside async code: waits up to `timeout` (`None` = no limit).
    pub fn next_event_blocking(&self, timeout: Option<Duration>) -> Result<Arc<Event>> {
        self.session.conn.owner_check()?;
        // Fast path: an event is already queued (no trip through the runtime).
        if let Some(ev) = self.try_next_event()? {
            return Ok(ev);
        }
        self.check_may_block(timeout)?;
        wait_deadlock_aware(self.next_event(), timeout, "no event yet")
    }

    /// `wait` for callers outside async code: up to `timeout` (`None` = no limit); `TIMEOUT`
    /// leaves the turn running.
    pub fn wait_blocking(&self, timeout: Option<Duration>) -> Result<Arc<TurnResult>> {
        self.session.conn.owner_check()?;
        if let Some(r) = self.result() {
            return r;
        }
        self.check_may_block(timeout)?;
        wait_deadlock_aware(self.wait(), timeout, "the turn is still running")
    }

    /// `run_blocking` bounded by `deadline` (`None` = no limit): when it passes, the turn is
    /// interrupted (held until active) and its result, normally `Interrupted`, has `deadline`
    /// set. If the server still has not ended the turn [`DEADLINE_GRACE`] later, the turn is
    /// ended here as failed (as the idle watchdog would).
    pub fn run_blocking_until(
        &self,
        deadline: Option<Instant>,
        mut on_event: impl FnMut(&Event),
    ) -> Result<Arc<TurnResult>> {
        let Some(deadline) = deadline else {
            return self.run_blocking(on_event);
        };
        let mut grace_end: Option<Instant> = None;
        loop {
            let left = grace_end
                .unwrap_or(deadline)
                .saturating_duration_since(Instant::now());
            match self.next_event_blocking(Some(left)) {
                Ok(ev) => on_event(&ev),
                Err(e) if e.status == Status::End => break,
                Err(e) if e.status == Status::Timeout && grace_end.is_none() => {
                    self.log.mark_deadline_fired();
                    self.interrupt_in_background();
                    grace_end = Some(Instant::now() + DEADLINE_GRACE);
                }
                Err(e) if e.status == Status::Timeout => {
                    self.log.fail_by_watchdog(
                        "the turn did not end after the interrupt sent at its deadline",
                        &self.session.delivery,
                    );
                }
                Err(e) => return Err(e),
            }
        }
        self.wait_blocking(None)
    }

    /// Every event of the turn to `on_event`, on this thread, then the result.
    pub fn run_blocking(&self, mut on_event: impl FnMut(&Event)) -> Result<Arc<TurnResult>> {
        loop {
            match self.next_event_blocking(None) {
                Ok(ev) => on_event(&ev),
                Err(e) if e.status == Status::End => break,
                Err(e) => return Err(e),
            }
        }
        self.wait_blocking(None)
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
        self.session.turns.release(&self.log);
    }
}
