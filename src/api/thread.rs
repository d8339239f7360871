//! Threads: start, resume, fork, and the turns run on them.

use super::turn::Turn;
use crate::error::{Error, Result, Status};
use crate::protocol::event::Event;
use crate::protocol::json::{self, Embedding};
use crate::protocol::results::TurnResult;
use crate::protocol::{methods, params};
use crate::session::hub::Session;
use serde::Deserialize;
use std::sync::Arc;

/// A conversation thread on the app-server.
pub struct Thread {
    session: Arc<Session>,
    id: String,
    /// The start / resume / fork response, raw JSON.
    response_json: String,
}

#[derive(Deserialize)]
struct ThreadResponse {
    thread: ThreadId,
}

#[derive(Deserialize)]
struct ThreadId {
    id: String,
}

#[derive(Deserialize)]
struct TurnStartResponse {
    turn: ThreadId,
}

impl Thread {
    pub(crate) fn from_response(session: Arc<Session>, response_json: String) -> Result<Thread> {
        let r: ThreadResponse = serde_json::from_str(&response_json).map_err(|e| {
            Error::new(Status::Internal, format!("unexpected thread response: {e}"))
        })?;
        Ok(Thread {
            session,
            id: r.thread.id,
            response_json,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
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
        let body = params::merge(
            turn_params,
            &[("threadId", self.id.clone().into()), ("input", input)],
        )?;
        // One turn/start per thread at a time: the join cursors below depend on it.
        let lock = self.session.turns.start_lock(&self.id);
        let guard = lock.clone().lock_owned().await;
        let cursors = self.session.turns.begin_start(&self.id);
        let result = self.session.conn.call(methods::TURN_START, &body).await;
        let turn = result.and_then(|raw| {
            let r: TurnStartResponse = serde_json::from_str(&raw).map_err(|e| {
                Error::new(
                    Status::Internal,
                    format!("unexpected turn/start result: {e}"),
                )
            })?;
            self.session.conn.check_alive()?;
            let log = self.session.turns.claim(&r.turn.id, &self.id);
            // A new turn replays everything from its first event; a joined one starts at the
            // events that came after this request.
            let from = cursors.get(&r.turn.id).copied();
            Ok(Turn::new(self.session.clone(), log, from, &self.id))
        });
        self.session.turns.end_start(&self.id);
        drop(guard);
        self.session.turns.release_start_lock(&self.id, lock);
        turn
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
        self.session.conn.owner_check()?;
        if self.session.delivery.is_current() && self.session.requests.handler.is_set() {
            return Err(Error::new(
                Status::WouldDeadlock,
                "a blocking run was called from a callback of the same client while a server-request handler is set; use the callback forms instead",
            ));
        }
        let turn = crate::runtime::blocking::block_on(self.turn_input(input_json, params))?;
        turn.run_blocking(on_event)
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

    pub async fn read(&self, include_turns: bool) -> Result<String> {
        let p = params::to_json(&params::ThreadReadParams {
            thread_id: &self.id,
            include_turns: Some(include_turns),
        });
        self.session.conn.call(methods::THREAD_READ, &p).await
    }

    pub async fn set_name(&self, name: &str) -> Result<()> {
        let p = params::to_json(&params::ThreadSetNameParams {
            thread_id: &self.id,
            name,
        });
        self.session
            .conn
            .call(methods::THREAD_NAME_SET, &p)
            .await
            .map(|_| ())
    }

    pub async fn compact(&self) -> Result<()> {
        let p = params::to_json(&params::ThreadOnly {
            thread_id: &self.id,
        });
        self.session
            .conn
            .call(methods::THREAD_COMPACT_START, &p)
            .await
            .map(|_| ())
    }
}
