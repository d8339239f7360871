//! A streamed event (a server notification), kept as the line it arrived in plus the few
//! decoded fields routing and hosts use. The params stay raw JSON: nothing is serialized twice.

use crate::protocol::messages::{ParamsOnly, RoutingFields};
use std::ffi::CStr;

/// What kind of event this is. The numbering is the C ABI's (`codex_event_kind_t`) and never
/// changes; Rust code uses the [`EventKind`] names.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_event_kind_t {
    CODEX_EVENT_TURN_STARTED = 0,
    CODEX_EVENT_TURN_COMPLETED = 1,
    CODEX_EVENT_ITEM_STARTED = 2,
    CODEX_EVENT_ITEM_COMPLETED = 3,
    CODEX_EVENT_AGENT_MESSAGE_DELTA = 4,
    CODEX_EVENT_REASONING_DELTA = 5,
    CODEX_EVENT_COMMAND_OUTPUT_DELTA = 6,
    CODEX_EVENT_TOKEN_USAGE = 7,
    CODEX_EVENT_ERROR = 8,
    /// Any other method: read codex_event_method and codex_event_params.
    CODEX_EVENT_OTHER = 9,
    /// An `error` notification with `willRetry: true`: the server retries by itself (e.g.
    /// "Reconnecting..."); not fatal. codex_event_retry_attempt counts them per turn (1, 2, ...);
    /// the message and codexErrorInfo are in codex_event_params.
    CODEX_EVENT_RETRY = 10,
    /// Made by the library, not the server (method "codex/gap"): events of this turn or thread
    /// stream were dropped before its reader took them (retention or lag caps, see docs/abi.md);
    /// codex_event_gap_dropped says how many. The turn's result is still exact.
    CODEX_EVENT_GAP = 11,
}

/// The method of the library's GAP event (not an app-server method: the server never sends it).
pub(crate) const GAP_METHOD: &str = "codex/gap";

/// What kind of event this is (the Rust name of `codex_event_kind_t`).
/// cbindgen:ignore
pub type EventKind = codex_event_kind_t;

/// cbindgen:ignore
#[allow(non_upper_case_globals)]
impl codex_event_kind_t {
    pub const TurnStarted: EventKind = Self::CODEX_EVENT_TURN_STARTED;
    pub const TurnCompleted: EventKind = Self::CODEX_EVENT_TURN_COMPLETED;
    pub const ItemStarted: EventKind = Self::CODEX_EVENT_ITEM_STARTED;
    pub const ItemCompleted: EventKind = Self::CODEX_EVENT_ITEM_COMPLETED;
    pub const AgentMessageDelta: EventKind = Self::CODEX_EVENT_AGENT_MESSAGE_DELTA;
    pub const ReasoningDelta: EventKind = Self::CODEX_EVENT_REASONING_DELTA;
    pub const CommandOutputDelta: EventKind = Self::CODEX_EVENT_COMMAND_OUTPUT_DELTA;
    pub const TokenUsage: EventKind = Self::CODEX_EVENT_TOKEN_USAGE;
    pub const Error: EventKind = Self::CODEX_EVENT_ERROR;
    pub const Other: EventKind = Self::CODEX_EVENT_OTHER;
    pub const Retry: EventKind = Self::CODEX_EVENT_RETRY;
    pub const Gap: EventKind = Self::CODEX_EVENT_GAP;

    pub fn from_method(method: &str) -> Self {
        use crate::protocol::methods as m;
        match method {
            m::ITEM_AGENT_MESSAGE_DELTA => EventKind::AgentMessageDelta,
            m::TURN_STARTED => EventKind::TurnStarted,
            m::TURN_COMPLETED => EventKind::TurnCompleted,
            m::ITEM_STARTED => EventKind::ItemStarted,
            m::ITEM_COMPLETED => EventKind::ItemCompleted,
            m::ITEM_REASONING_SUMMARY_TEXT_DELTA | m::ITEM_REASONING_TEXT_DELTA => {
                EventKind::ReasoningDelta
            }
            m::ITEM_COMMAND_OUTPUT_DELTA => EventKind::CommandOutputDelta,
            m::THREAD_TOKEN_USAGE_UPDATED => EventKind::TokenUsage,
            m::ERROR => EventKind::Error,
            GAP_METHOD => EventKind::Gap,
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
    pub(crate) fn as_cstr(&self) -> &CStr {
        CStr::from_bytes_with_nul(self.0.as_bytes()).expect("one trailing NUL")
    }
}

impl std::fmt::Debug for NulString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// A `(start, len)` slice of an event's buffer.
type Span = (u32, u32);

/// One server notification.
///
/// Everything lives in ONE allocation: the line as received, then the decoded method, ids and
/// delta, each followed by a NUL so C can borrow them without a copy. (It used to be one
/// allocation per field; see docs/performance.md.)
pub struct Event {
    buf: Box<str>,
    line_len: u32,
    /// Where the params are in the line: known at once when given, else found on first use.
    params: std::sync::OnceLock<Span>,
    method: Span,
    kind: EventKind,
    thread_id: Option<Span>,
    turn_id: Option<Span>,
    item_id: Option<Span>,
    login_id: Option<Span>,
    delta: Option<Span>,
    /// Raw `item` JSON range (item/started, item/completed), inside the line.
    item: Option<Span>,
    /// A retry event's attempt number within its turn (set once by the turn's log).
    retry_attempt: std::sync::OnceLock<u32>,
}

fn range_in(line: &str, part: &str) -> Span {
    let start = part.as_ptr() as usize - line.as_ptr() as usize;
    (start as u32, part.len() as u32)
}

/// Appends `part` and a NUL to `buf`; returns where `part` is.
fn push_nul(buf: &mut String, part: &str) -> Span {
    let at = buf.len() as u32;
    buf.push_str(part);
    buf.push('\0');
    (at, part.len() as u32)
}

impl Event {
    /// Builds an event from a parsed line. `params` must borrow from `line`.
    pub(crate) fn new(
        line: &str,
        method: &str,
        params: Option<&str>,
        fields: &RoutingFields,
    ) -> Event {
        let event = Self::routed(line, method, fields);
        let _ = event
            .params
            .set(params.map(|p| range_in(line, p)).unwrap_or((0, 0)));
        event
    }

    /// An event whose params span is found only if someone asks for the params.
    /// A retry event's attempt number within its turn (1, 2, ...); `None` for other events.
    pub fn retry_attempt(&self) -> Option<u32> {
        self.retry_attempt.get().copied()
    }

    /// Numbers a retry event (its turn's log counts them).
    pub(crate) fn set_retry_attempt(&self, attempt: u32) {
        let _ = self.retry_attempt.set(attempt);
    }

    pub(crate) fn routed(line: &str, method: &str, fields: &RoutingFields) -> Event {
        let item = fields.item.map(|raw| range_in(line, raw.get()));
        let turn_id = fields
            .turn_id
            .as_deref()
            .or_else(|| fields.turn.as_ref().and_then(|t| t.routing_id()));
        let parts = [
            fields.thread_id.as_deref(),
            turn_id,
            fields.item_id.as_deref(),
            fields.login_id.as_deref(),
            fields.delta.as_deref(),
        ];
        let extra: usize = parts.iter().flatten().map(|p| p.len() + 1).sum();
        let mut buf = String::with_capacity(line.len() + method.len() + 1 + extra);
        buf.push_str(line);
        let method_span = push_nul(&mut buf, method);
        let [thread_id, turn_id, item_id, login_id, delta] =
            parts.map(|p| p.map(|p| push_nul(&mut buf, p)));
        Event {
            line_len: line.len() as u32,
            buf: buf.into_boxed_str(),
            params: std::sync::OnceLock::new(),
            method: method_span,
            kind: if method == crate::protocol::methods::ERROR && fields.will_retry == Some(true) {
                EventKind::Retry
            } else {
                EventKind::from_method(method)
            },
            thread_id,
            turn_id,
            item_id,
            login_id,
            delta,
            item,
            retry_attempt: std::sync::OnceLock::new(),
        }
    }

    fn part(&self, (at, len): Span) -> &str {
        &self.buf[at as usize..(at + len) as usize]
    }

    /// A field followed by its NUL in the buffer (method, ids, delta: never a range inside
    /// the line, which has no NUL after it).
    fn cstr(&self, span: Option<Span>) -> Option<&CStr> {
        span.map(|(at, len)| {
            let bytes = &self.buf.as_bytes()[at as usize..=(at + len) as usize];
            CStr::from_bytes_with_nul(bytes).expect("fields are stored with one trailing NUL")
        })
    }
    /// The method, NUL-terminated (for C callers: no copy).
    pub fn method_cstr(&self) -> &CStr {
        self.cstr(Some(self.method)).expect("always set")
    }
    pub fn thread_id_cstr(&self) -> Option<&CStr> {
        self.cstr(self.thread_id)
    }
    pub fn turn_id_cstr(&self) -> Option<&CStr> {
        self.cstr(self.turn_id)
    }
    pub fn item_id_cstr(&self) -> Option<&CStr> {
        self.cstr(self.item_id)
    }

    /// A locally made event (e.g. the watchdog's), from a method and params JSON.
    pub(crate) fn synthetic(method: &str, params_json: &str) -> Event {
        let line = String::from_utf8(crate::protocol::messages::notification_with_params(
            method,
            params_json,
        ))
        .expect("serde_json writes UTF-8");
        let line = line.trim_end();
        let msg: ParamsOnly = serde_json::from_str(line).expect("synthetic event is JSON");
        let params = msg.params.map(|p| p.get());
        let fields: RoutingFields = params
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default();
        Event::new(line, method, params, &fields)
    }

    /// The library's GAP event: `dropped` events of this turn or thread were not kept for the
    /// reader that gets it.
    pub(crate) fn gap(thread_id: Option<&str>, turn_id: Option<&str>, dropped: u64) -> Event {
        let params = serde_json::json!({
            "threadId": thread_id,
            "turnId": turn_id,
            "dropped": dropped,
        });
        Event::synthetic(GAP_METHOD, &params.to_string())
    }

    pub fn kind(&self) -> EventKind {
        self.kind
    }
    pub fn method(&self) -> &str {
        self.part(self.method)
    }
    pub fn thread_id(&self) -> Option<&str> {
        self.thread_id.map(|s| self.part(s))
    }
    pub fn turn_id(&self) -> Option<&str> {
        self.turn_id.map(|s| self.part(s))
    }
    pub fn item_id(&self) -> Option<&str> {
        self.item_id.map(|s| self.part(s))
    }
    pub fn login_id(&self) -> Option<&str> {
        self.login_id.map(|s| self.part(s))
    }
    /// The text of a delta event (agent message, reasoning, command output).
    pub fn delta(&self) -> Option<&str> {
        self.delta.map(|s| self.part(s))
    }
    /// The notification's params as raw JSON (`{}` when it had none).
    pub fn params_json(&self) -> &str {
        let span = *self.params.get_or_init(|| {
            let line = self.raw_json();
            serde_json::from_str::<ParamsOnly>(line)
                .ok()
                .and_then(|m| m.params)
                .map_or((0, 0), |p| range_in(line, p.get()))
        });
        if span.1 == 0 {
            "{}"
        } else {
            self.part(span)
        }
    }
    /// For a GAP event, how many events were dropped before it (`None` for other kinds).
    pub fn gap_dropped(&self) -> Option<u64> {
        #[derive(serde::Deserialize)]
        struct Gap {
            dropped: u64,
        }
        if self.kind != EventKind::Gap {
            return None;
        }
        serde_json::from_str::<Gap>(self.params_json())
            .ok()
            .map(|g| g.dropped)
    }
    /// The `item` of an item/started or item/completed event, as raw JSON.
    pub fn item_json(&self) -> Option<&str> {
        self.item.map(|s| self.part(s))
    }
    /// The whole line as the server sent it.
    pub fn raw_json(&self) -> &str {
        &self.buf[..self.line_len as usize]
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
