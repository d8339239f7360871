//! A streamed event (a server notification), kept as the line it arrived in plus the few
//! decoded fields routing and hosts use. The params stay raw JSON: nothing is serialized twice.

use crate::rpc::RoutingFields;
use std::ffi::c_char;

/// What kind of event this is. The numbering is the C ABI's and never changes.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    TurnStarted = 0,
    TurnCompleted = 1,
    ItemStarted = 2,
    ItemCompleted = 3,
    AgentMessageDelta = 4,
    ReasoningDelta = 5,
    CommandOutputDelta = 6,
    TokenUsage = 7,
    Error = 8,
    Other = 9,
}

impl EventKind {
    pub fn from_method(method: &str) -> Self {
        match method {
            "item/agentMessage/delta" => EventKind::AgentMessageDelta,
            "turn/started" => EventKind::TurnStarted,
            "turn/completed" => EventKind::TurnCompleted,
            "item/started" => EventKind::ItemStarted,
            "item/completed" => EventKind::ItemCompleted,
            "item/reasoning/summaryTextDelta" | "item/reasoning/textDelta" => {
                EventKind::ReasoningDelta
            }
            "item/commandExecution/outputDelta" => EventKind::CommandOutputDelta,
            "thread/tokenUsage/updated" => EventKind::TokenUsage,
            "error" => EventKind::Error,
            _ => EventKind::Other,
        }
    }
}

/// An owned string that also ends in a NUL byte, so C can borrow it without a copy.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct NulString(Box<str>);

impl NulString {
    pub(crate) fn new(s: &str) -> Self {
        let mut owned = String::with_capacity(s.len() + 1);
        owned.push_str(s);
        owned.push('\0');
        NulString(owned.into_boxed_str())
    }
    pub(crate) fn as_str(&self) -> &str {
        &self.0[..self.0.len() - 1]
    }
    pub(crate) fn as_ptr(&self) -> *const c_char {
        self.0.as_ptr() as *const c_char
    }
}

impl std::fmt::Debug for NulString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// One server notification.
pub struct Event {
    line: Box<str>,
    params: (usize, usize),
    pub(crate) method: NulString,
    kind: EventKind,
    pub(crate) thread_id: Option<NulString>,
    pub(crate) turn_id: Option<NulString>,
    pub(crate) item_id: Option<NulString>,
    pub(crate) login_id: Option<NulString>,
    pub(crate) delta: Option<NulString>,
    /// Raw `item` JSON range (item/started, item/completed).
    item: Option<(usize, usize)>,
}

fn range_in(line: &str, part: &str) -> (usize, usize) {
    let start = part.as_ptr() as usize - line.as_ptr() as usize;
    (start, start + part.len())
}

impl Event {
    /// Builds an event from a parsed line. `params` must borrow from `line`.
    pub(crate) fn new(
        line: &str,
        method: &str,
        params: Option<&str>,
        fields: &RoutingFields,
    ) -> Event {
        let params_range = params.map(|p| range_in(line, p)).unwrap_or((0, 0));
        let item = fields.item.map(|raw| range_in(line, raw.get()));
        let turn_id = fields
            .turn_id
            .as_deref()
            .or_else(|| fields.turn.as_ref().and_then(|t| t.id.as_deref()));
        Event {
            line: line.into(),
            params: params_range,
            method: NulString::new(method),
            kind: EventKind::from_method(method),
            thread_id: fields.thread_id.as_deref().map(NulString::new),
            turn_id: turn_id.map(NulString::new),
            item_id: fields.item_id.as_deref().map(NulString::new),
            login_id: fields.login_id.as_deref().map(NulString::new),
            delta: fields.delta.as_deref().map(NulString::new),
            item,
        }
    }

    /// A locally made event (e.g. the watchdog's), from a method and params JSON.
    pub(crate) fn synthetic(method: &str, params_json: &str) -> Event {
        let line = format!(
            "{{\"method\":{},\"params\":{}}}",
            crate::rpc::json_string(method),
            params_json
        );
        let msg: crate::rpc::Incoming =
            serde_json::from_str(&line).expect("synthetic event is JSON");
        let params = msg.params.map(|p| p.get());
        let fields: RoutingFields = params
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default();
        Event::new(&line, method, params, &fields)
    }

    pub fn kind(&self) -> EventKind {
        self.kind
    }
    pub fn method(&self) -> &str {
        self.method.as_str()
    }
    pub fn thread_id(&self) -> Option<&str> {
        self.thread_id.as_ref().map(NulString::as_str)
    }
    pub fn turn_id(&self) -> Option<&str> {
        self.turn_id.as_ref().map(NulString::as_str)
    }
    pub fn item_id(&self) -> Option<&str> {
        self.item_id.as_ref().map(NulString::as_str)
    }
    pub fn login_id(&self) -> Option<&str> {
        self.login_id.as_ref().map(NulString::as_str)
    }
    /// The text of a delta event (agent message, reasoning, command output).
    pub fn delta(&self) -> Option<&str> {
        self.delta.as_ref().map(NulString::as_str)
    }
    /// The notification's params as raw JSON (`{}` when it had none).
    pub fn params_json(&self) -> &str {
        let (a, b) = self.params;
        if a == b {
            "{}"
        } else {
            &self.line[a..b]
        }
    }
    /// The `item` of an item/started or item/completed event, as raw JSON.
    pub fn item_json(&self) -> Option<&str> {
        self.item.map(|(a, b)| &self.line[a..b])
    }
    /// The whole line as the server sent it.
    pub fn raw_json(&self) -> &str {
        &self.line
    }
}

impl std::fmt::Debug for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Event")
            .field("method", &self.method())
            .field("turn_id", &self.turn_id())
            .finish()
    }
}
