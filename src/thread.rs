//! Threads: start, resume, fork, and the turns run on them.

use crate::error::{Error, Result, Status};
use crate::router::Router;
use crate::turn::{text_input, Turn, TurnResult};
use serde::Deserialize;
use std::sync::Arc;

/// A conversation thread on the app-server.
pub struct Thread {
    router: Arc<Router>,
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

/// Adds fields to a JSON object given as text (`None`/empty = `{}`), replacing same-named ones.
pub(crate) fn merge_params(params: Option<&str>, fields: &[(&str, &str)]) -> Result<String> {
    let mut map = match params.map(str::trim).filter(|p| !p.is_empty()) {
        None => serde_json::Map::new(),
        Some(text) => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(m)) => m,
            Ok(serde_json::Value::Null) => serde_json::Map::new(),
            Ok(_) => return Err(Error::invalid("params must be a JSON object")),
            Err(e) => return Err(Error::invalid(format!("params is not valid JSON: {e}"))),
        },
    };
    for (k, raw) in fields {
        let v: serde_json::Value = serde_json::from_str(raw)
            .map_err(|e| Error::invalid(format!("{k} is not valid JSON: {e}")))?;
        map.insert((*k).to_owned(), v);
    }
    Ok(serde_json::Value::Object(map).to_string())
}

impl Thread {
    pub(crate) fn from_response(router: Arc<Router>, response_json: String) -> Result<Thread> {
        let r: ThreadResponse = serde_json::from_str(&response_json).map_err(|e| {
            Error::new(Status::Internal, format!("unexpected thread response: {e}"))
        })?;
        Ok(Thread {
            router,
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
    pub async fn turn_input(&self, input_json: &str, params: Option<&str>) -> Result<Turn> {
        crate::rpc::validate_json(input_json, "input")?;
        if !input_json.trim_start().starts_with('[') {
            return Err(Error::invalid("input must be a JSON array of UserInput"));
        }
        let thread_json = crate::rpc::json_string(&self.id);
        let body = merge_params(params, &[("threadId", &thread_json), ("input", input_json)])?;
        // One turn/start per thread at a time: the join cursors below depend on it.
        let lock = self.router.turn_start_lock(&self.id);
        let _guard = lock.lock().await;
        let cursors = self.router.begin_turn_start(&self.id);
        let result = self.router.call("turn/start", &body).await;
        let turn = result.and_then(|raw| {
            let r: TurnStartResponse = serde_json::from_str(&raw).map_err(|e| {
                Error::new(
                    Status::Internal,
                    format!("unexpected turn/start result: {e}"),
                )
            })?;
            let log = self.router.claim_turn(&r.turn.id, &self.id)?;
            // A new turn replays everything from its first event; a joined one starts at the
            // events that came after this request.
            let from = cursors.get(&r.turn.id).copied();
            Ok(Turn::new(self.router.clone(), log, from, &self.id))
        });
        self.router.end_turn_start(&self.id);
        turn
    }

    /// Starts a turn with one plain-text input (never parsed as JSON).
    pub async fn turn(&self, text: &str, params: Option<&str>) -> Result<Turn> {
        self.turn_input(&text_input(text), params).await
    }

    /// Runs a turn to completion: the final response, items and usage.
    pub async fn run(&self, text: &str, params: Option<&str>) -> Result<Arc<TurnResult>> {
        self.turn(text, params).await?.wait().await
    }

    pub async fn read(&self, include_turns: bool) -> Result<String> {
        let params = format!(
            "{{\"threadId\":{},\"includeTurns\":{include_turns}}}",
            crate::rpc::json_string(&self.id)
        );
        self.router.call("thread/read", &params).await
    }

    pub async fn set_name(&self, name: &str) -> Result<()> {
        let params = format!(
            "{{\"threadId\":{},\"name\":{}}}",
            crate::rpc::json_string(&self.id),
            crate::rpc::json_string(name)
        );
        self.router
            .call("thread/name/set", &params)
            .await
            .map(|_| ())
    }

    pub async fn compact(&self) -> Result<()> {
        let params = format!("{{\"threadId\":{}}}", crate::rpc::json_string(&self.id));
        self.router
            .call("thread/compact/start", &params)
            .await
            .map(|_| ())
    }

    pub(crate) fn router(&self) -> &Arc<Router> {
        &self.router
    }
}
