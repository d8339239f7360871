//! Sorts every incoming line: responses to their pending request (by id), login completions
//! to their login (by `loginId`), turn events to their turn log (by turn id), server requests
//! to the handler (or the safe default), process output to its process (by `processId`), and
//! everything else to the notification queue.

use super::hub::Session;
use super::server_requests::ServerRequest;
use crate::options::LogLevel;
use crate::protocol::event::Event;
use crate::protocol::messages::{IncomingRouted, ParamsOnly, Reply, RoutingFields};
use crate::protocol::methods;
use crate::protocol::results::LoginResult;
use std::sync::Arc;

impl Session {
    /// Routes one line from the server.
    pub(crate) fn dispatch(&self, line: &[u8]) {
        let text = match std::str::from_utf8(line) {
            Ok(t) => t,
            Err(_) => {
                self.conn.diag.log(
                    LogLevel::Warn,
                    &format!("dropped a line of {} bytes that is not UTF-8", line.len()),
                );
                return;
            }
        };
        // serde's derived struct decoding also accepts a JSON array (fields by position), so
        // `[5]` would resolve request 5 with `null`: only objects are messages.
        if !text.trim_start().starts_with('{') {
            self.conn.diag.log(
                LogLevel::Warn,
                "dropped a line that is not a JSON-RPC object (not a JSON object)",
            );
            return;
        }
        let msg: IncomingRouted = match serde_json::from_str(text) {
            Ok(m) => m,
            Err(e) => {
                self.conn.diag.log(
                    LogLevel::Warn,
                    &format!("dropped a line that is not a JSON-RPC object ({e})"),
                );
                return;
            }
        };
        let id = msg.id.filter(|raw| raw.get() != "null");
        match (msg.method.as_deref(), id) {
            (Some(method), Some(id)) => {
                // Rare: look at the line again for the raw params the handler receives.
                let params = serde_json::from_str::<ParamsOnly>(text)
                    .ok()
                    .and_then(|m| m.params)
                    .map(|p| p.get());
                self.on_server_request(id.get(), method, params)
            }
            (Some(method), None) => {
                let fields = msg.params.map(|p| p.0).unwrap_or_default();
                self.on_notification(text, method, &fields)
            }
            (None, Some(id)) => {
                let reply = match msg.error {
                    Some(err) => Err(err),
                    None => Ok(msg
                        .result
                        .map(|r| r.get().to_owned())
                        .unwrap_or_else(|| "null".into())),
                };
                self.on_response(id.get(), reply);
            }
            (None, None) => self.conn.diag.log(
                LogLevel::Warn,
                "dropped a message with neither method nor id",
            ),
        }
    }

    fn on_response(&self, id: &str, reply: Reply) {
        if !self.conn.resolve(id, reply) {
            self.conn.diag.log(
                LogLevel::Warn,
                &format!("dropped a response with unknown id {id}"),
            );
        }
    }

    fn on_notification(&self, line: &str, method: &str, fields: &RoutingFields) {
        let event = Arc::new(Event::routed(line, method, fields));
        if method == methods::ACCOUNT_LOGIN_COMPLETED {
            if let Some(login_id) = event.login_id() {
                let result = LoginResult::from_params(login_id, event.params_json());
                self.logins.complete(login_id, Ok(result), &self.delivery);
                return;
            }
        }
        if method == methods::COMMAND_EXEC_OUTPUT_DELTA
            && self.processes.route(event.params_json(), &self.delivery)
        {
            return;
        }
        if let Some(turn_id) = event.turn_id() {
            let (log, keep_all) = self.turns.log_for_event(turn_id, event.thread_id());
            if log.append(&event, &self.delivery, keep_all) {
                super::turns::interrupt::send_held(&self.conn, &log);
            }
            // After the log: a host that sees an event on a thread stream finds it in the
            // turn's log when it attaches.
            self.streams.publish(&event, &self.delivery);
            return;
        }
        self.streams.publish(&event, &self.delivery);
        self.notifications.push(event, &self.delivery);
    }

    fn on_server_request(&self, id: &str, method: &str, params: Option<&str>) {
        let fields: RoutingFields = params
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default();
        let turn_id = fields
            .turn_id
            .as_deref()
            .or_else(|| fields.turn.as_ref().and_then(|t| t.routing_id()));
        let log = turn_id.and_then(|t| self.turns.find(t));
        let req = ServerRequest::new(
            Arc::downgrade(&self.conn),
            id,
            method,
            params.unwrap_or("{}"),
            fields.thread_id.as_deref(),
            turn_id,
            log,
        );
        self.requests.dispatch(req, &self.delivery);
    }
}
