//! Threads: start, resume, fork, and the turns run on them.

use super::turn::Turn;
use crate::error::{Error, Result, Status};
use crate::protocol::event::Event;
use crate::protocol::json::{self, Embedding};
use crate::protocol::responses::{Response, ThreadInfo, ThreadReadResponse, ThreadStartResponse};
use crate::protocol::results::TurnResult;
use crate::protocol::{methods, params};
use crate::session::hub::Session;
use std::sync::Arc;

/// How long a `turn/start` waits for the thread's interrupted turns to end (see
/// `Thread::wait_for_stopping_turns`).
const STOPPING_TURN_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// A conversation thread on the app-server.
pub struct Thread {
    pub(crate) session: Arc<Session>,
    info: ThreadInfo,
    /// The start / resume / fork / unarchive response, raw JSON.
    response_json: String,
}

impl Thread {
    pub(crate) fn new(session: Arc<Session>, r: Response<ThreadStartResponse>) -> Thread {
        Thread::from_info(session, r.value.thread, r.raw_json)
    }

    pub(crate) fn from_info(
        session: Arc<Session>,
        info: ThreadInfo,
        response_json: String,
    ) -> Thread {
        Thread {
            session,
            info,
            response_json,
        }
    }

    /// What the server said about the thread when this handle was made.
    pub fn info(&self) -> &ThreadInfo {
        &self.info
    }

    pub fn id(&self) -> &str {
        &self.info.id
    }

    /// The raw JSON of the response that produced this handle.
    pub fn response_json(&self) -> &str {
        &self.response_json
    }

    /// Starts a turn (or joins the active one) with `UserInput[]` JSON input and optional
    /// `TurnStartParams` overrides (camelCase JSON).
    pub async fn turn_input(&self, input_json: &str, turn_params: Option<&str>) -> Result<Turn> {
        if input_json.trim().is_empty() {
            return Err(Error::invalid("input is empty"));
        }
        json::validate(input_json, "input", Embedding::ParamsField)?;
        if !input_json.trim_start().starts_with('[') {
            return Err(Error::invalid("input must be a JSON array of UserInput"));
        }
        if let Some(p) = turn_params {
            json::validate(p, "turn params", Embedding::MessageField)?;
        }
        let input: serde_json::Value = serde_json::from_str(input_json)
            .map_err(|e| Error::invalid(format!("input is not valid JSON: {e}")))?;
        let body = params::Merged(params::merge(
            turn_params,
            &[("threadId", self.info.id.clone().into()), ("input", input)],
        )?);
        self.start_turn_with(|| async {
            let r = self
                .session
                .conn
                .call_method::<methods::TurnStart>(&body)
                .await?;
            Ok((r.value.turn.id, self.info.id.clone()))
        })
        .await
    }

    /// Runs `call`, a request that starts a turn (turn/start, review/start) and gives its
    /// (turn id, thread id), and claims that turn's log for the handle it returns.
    pub(crate) async fn start_turn_with<F, Fut>(&self, call: F) -> Result<Turn>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(String, String)>>,
    {
        // One turn-starting request per thread at a time: the join cursors below depend on it.
        let lock = self.session.turns.start_lock(&self.info.id);
        let guard = lock.clone().lock_owned().await;
        self.wait_for_stopping_turns().await;
        let cursors = self.session.turns.begin_start(&self.info.id);
        let result = call().await;
        let turn = result.and_then(|(turn_id, thread_id)| {
            self.session.conn.check_alive()?;
            let log = self.session.turns.claim(&turn_id, &thread_id);
            // A new turn replays everything from its first event; a joined one starts at the
            // events that came after this request.
            let from = cursors.get(&turn_id).copied();
            Ok(Turn::new(self.session.clone(), log, from, &thread_id))
        });
        self.session.turns.end_start(&self.info.id);
        drop(guard);
        self.session.turns.release_start_lock(&self.info.id, lock);
        turn
    }

    /// Waits (bounded) until this thread's interrupted turns have ended. The server answers
    /// `turn/interrupt` before it has wound the turn down and joins a `turn/start` on a busy
    /// thread to the active turn, so a turn started right after an interrupt (Stop then Send, a
    /// cancelled run then the next run) would otherwise join the dying turn and end INTERRUPTED.
    async fn wait_for_stopping_turns(&self) {
        for log in self.session.turns.stopping_on_thread(&self.info.id) {
            // The server ends an interrupted turn within milliseconds; past the bound the new
            // turn/start goes out anyway (the old behaviour) rather than blocking the caller.
            let _ = tokio::time::timeout(STOPPING_TURN_WAIT, log.wait()).await;
        }
    }

    /// Starts a turn with one plain-text input (never parsed as JSON).
    pub async fn turn(&self, text: &str, params: Option<&str>) -> Result<Turn> {
        self.turn_input(&params::text_input(text), params).await
    }

    /// Runs a turn to completion: the final response, items and usage.
    pub async fn run(&self, text: &str, params: Option<&str>) -> Result<Arc<TurnResult>> {
        self.turn(text, params).await?.wait().await
    }

    /// Runs a turn with `UserInput[]` JSON input to completion on this (blocking) thread:
    /// `on_event` sees every event first. For callers outside async code.
    pub fn run_input_blocking(
        &self,
        input_json: &str,
        params: Option<&str>,
        on_event: impl FnMut(&Event),
    ) -> Result<Arc<TurnResult>> {
        self.run_input_blocking_bounded(input_json, params, None, on_event)
    }

    /// `run_input_blocking` with a deadline from now (`None` = none): when it passes the turn
    /// is interrupted and the result (normally `Interrupted`) has `deadline` set; see
    /// [`Turn::run_blocking_until`].
    pub fn run_input_blocking_bounded(
        &self,
        input_json: &str,
        params: Option<&str>,
        deadline: Option<std::time::Duration>,
        on_event: impl FnMut(&Event),
    ) -> Result<Arc<TurnResult>> {
        let deadline = deadline.map(|d| std::time::Instant::now() + d);
        self.session.conn.owner_check()?;
        if self.session.delivery.is_current() && self.session.requests.handler.is_set() {
            return Err(Error::new(
                Status::WouldDeadlock,
                "a blocking run was called from a callback of the same client while a server-request handler is set; use the callback forms instead",
            ));
        }
        // Inside a cancel scope: a cancelled token starts nothing; a cancel during the run
        // returns at once and interrupts the turn, which has no other handle.
        let cancel = crate::runtime::cancel::current();
        if cancel.as_ref().is_some_and(|c| c.is_cancelled()) {
            return Err(crate::runtime::cancel::cancelled_error());
        }
        let turn = crate::runtime::blocking::block_on(self.turn_input(input_json, params))?;
        let outcome = turn.run_blocking_until(deadline, on_event);
        if matches!(&outcome, Err(e) if e.status == Status::Cancelled) {
            turn.interrupt_in_background();
        }
        outcome
    }

    /// `run_input_blocking_bounded` with one plain-text input.
    pub fn run_blocking_bounded(
        &self,
        text: &str,
        params: Option<&str>,
        deadline: Option<std::time::Duration>,
        on_event: impl FnMut(&Event),
    ) -> Result<Arc<TurnResult>> {
        self.run_input_blocking_bounded(&params::text_input(text), params, deadline, on_event)
    }

    /// `run_input_blocking` with one plain-text input.
    pub fn run_blocking(
        &self,
        text: &str,
        params: Option<&str>,
        on_event: impl FnMut(&Event),
    ) -> Result<Arc<TurnResult>> {
        self.run_input_blocking(&params::text_input(text), params, on_event)
    }

    /// `thread/read`: the thread as the server has it now (with its turns if asked).
    pub async fn read(&self, include_turns: bool) -> Result<Response<ThreadReadResponse>> {
        let p = params::ThreadReadParams {
            thread_id: &self.info.id,
            include_turns: Some(include_turns),
        };
        self.session
            .conn
            .call_method::<methods::ThreadRead>(&p)
            .await
    }

    pub async fn set_name(&self, name: &str) -> Result<()> {
        let p = params::ThreadSetNameParams {
            thread_id: &self.info.id,
            name,
        };
        self.session
            .conn
            .call_method::<methods::ThreadNameSet>(&p)
            .await
            .map(|_| ())
    }

    pub async fn compact(&self) -> Result<()> {
        let p = params::ThreadArchiveParams {
            thread_id: &self.info.id,
        };
        self.session
            .conn
            .call_method::<methods::ThreadCompactStart>(&p)
            .await
            .map(|_| ())
    }
}
