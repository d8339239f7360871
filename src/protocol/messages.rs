//! JSON-RPC message shapes of the app-server (JSON-RPC 2.0 without the `"jsonrpc"` field):
//! the lines the library writes, and the one-pass decoding of the lines it reads.
//!
//! Incoming lines are parsed once, borrowing from the line: only the fields routing needs are
//! decoded; params, results and items stay raw JSON text.

use crate::error::{Error, Status};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use std::borrow::Cow;

/// `Option<Cow<str>>` that borrows from the line unless the string has escapes. serde borrows a
/// bare `#[serde(borrow)] Cow<str>` field, but an `Option<Cow<str>>` always allocates: this
/// helper wraps the bare case (it saved five allocations per streamed event; see
/// docs/performance.md).
fn opt_cow<'de: 'a, 'a, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'a, str>>, D::Error> {
    #[derive(Deserialize)]
    struct Borrowed<'b>(#[serde(borrow)] Cow<'b, str>);
    Ok(Option::<Borrowed<'de>>::deserialize(d)?.map(|b| b.0))
}

/// The top level decoded in ONE pass for the hot path: the routing fields come straight out of
/// `params` (any non-object params give empty fields), so a notification is scanned once. The
/// raw params text, rarely needed, is found again on demand (`Event::params_json`).
// schema: none
#[derive(Deserialize)]
pub(crate) struct IncomingRouted<'a> {
    #[serde(borrow, default)]
    pub id: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "opt_cow")]
    pub method: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub params: Option<LenientFields<'a>>,
    #[serde(borrow, default)]
    pub result: Option<&'a RawValue>,
    #[serde(default)]
    pub error: Option<RpcErrorBody>,
}

/// `RoutingFields` from an object; empty fields from any other JSON value.
pub(crate) struct LenientFields<'a>(pub RoutingFields<'a>);

impl<'de: 'a, 'a> Deserialize<'de> for LenientFields<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = LenientFields<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("params")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                RoutingFields::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(LenientFields)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(LenientFields(RoutingFields::default()))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(LenientFields(RoutingFields::default()))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(LenientFields(RoutingFields::default()))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(LenientFields(RoutingFields::default()))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(LenientFields(RoutingFields::default()))
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(LenientFields(RoutingFields::default()))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(LenientFields(RoutingFields::default()))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// Only the params of a message, as raw text (the cold path's second look at a line).
// schema: none
#[derive(Deserialize)]
pub(crate) struct ParamsOnly<'a> {
    #[serde(borrow, default)]
    pub params: Option<&'a RawValue>,
}

/// The JSON-RPC error object.
// schema: JSONRPCErrorError
#[derive(Deserialize, Debug, Clone)]
pub(crate) struct RpcErrorBody {
    #[serde(default)]
    pub code: i64,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub data: Option<Box<RawValue>>,
}

/// The fields of a notification's params that routing and events use.
// schema: none
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RoutingFields<'a> {
    #[serde(borrow, default, deserialize_with = "opt_cow")]
    pub thread_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "opt_cow")]
    pub turn_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub turn: Option<TurnRef<'a>>,
    #[serde(borrow, default, deserialize_with = "opt_cow")]
    pub item_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "opt_cow")]
    pub login_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "opt_cow")]
    pub delta: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub item: Option<&'a RawValue>,
    /// `error` notifications: the server retries on its own (`true`) or the turn fails.
    #[serde(default)]
    pub will_retry: Option<bool>,
}

// schema: none
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TurnRef<'a> {
    #[serde(borrow, default, deserialize_with = "opt_cow")]
    pub id: Option<Cow<'a, str>>,
    /// Set on the inner turns of a review (their `turn/started` has its own id, while their
    /// items and `turn/completed` carry the review turn's): events route by it.
    #[serde(borrow, default, deserialize_with = "opt_cow")]
    pub root_turn_id: Option<Cow<'a, str>>,
}

impl TurnRef<'_> {
    /// The turn an event with this `turn` belongs to: `rootTurnId` if set, else `id`.
    pub(crate) fn routing_id(&self) -> Option<&str> {
        self.root_turn_id.as_deref().or(self.id.as_deref())
    }
}

/// What a pending request resolves to: the raw result text or the server's error.
pub(crate) type Reply = std::result::Result<String, RpcErrorBody>;

/// The JSON-RPC code of a full server queue.
pub(crate) const OVERLOADED_CODE: i64 = -32001;

impl RpcErrorBody {
    pub(crate) fn into_error(self, method: &str) -> Error {
        let status = if self.code == OVERLOADED_CODE {
            Status::Overloaded
        } else {
            Status::Rpc
        };
        Error {
            status,
            message: format!("{method}: {}", self.message),
            rpc_code: self.code,
            rpc_data: self.data.map(|d| d.get().to_owned()),
            stderr_tail: None,
        }
    }
}

/// A message to the server; `params`/`result` are JSON text the caller validated.
// schema: none
#[derive(Serialize)]
struct Outgoing<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    params: Option<&'a RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<&'a RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<OutgoingError<'a>>,
}

// schema: JSONRPCErrorError
#[derive(Serialize)]
struct OutgoingError<'a> {
    code: i64,
    message: &'a str,
}

const EMPTY: Outgoing<'static> = Outgoing {
    id: None,
    method: None,
    params: None,
    result: None,
    error: None,
};

/// JSON text the library already checked, as a raw value for serialization.
fn raw(json: &str) -> &RawValue {
    serde_json::from_str(json).expect("checked JSON before building a message")
}

fn line(msg: &Outgoing) -> Vec<u8> {
    let mut out = serde_json::to_vec(msg).expect("a message always serializes");
    out.push(b'\n');
    out
}

/// A request line (ends in `\n`). `params` must be valid JSON text.
pub(crate) fn request_line(id: u64, method: &str, params: &str) -> Vec<u8> {
    let id = serde_json::value::to_raw_value(&id).expect("a number always serializes");
    line(&Outgoing {
        id: Some(&id),
        method: Some(method),
        params: Some(raw(params)),
        ..EMPTY
    })
}

/// A notification line without params.
pub(crate) fn notification_line(method: &str) -> Vec<u8> {
    line(&Outgoing {
        method: Some(method),
        ..EMPTY
    })
}

/// A notification line with params (the library makes such lines only for local events).
pub(crate) fn notification_with_params(method: &str, params: &str) -> Vec<u8> {
    line(&Outgoing {
        method: Some(method),
        params: Some(raw(params)),
        ..EMPTY
    })
}

/// The answer to a server→client request, echoing its raw id.
pub(crate) fn result_line(id: &str, result: &str) -> Vec<u8> {
    line(&Outgoing {
        id: Some(raw(id)),
        result: Some(raw(result)),
        ..EMPTY
    })
}

/// An error answer to a server→client request.
pub(crate) fn error_line(id: &str, code: i64, message: &str) -> Vec<u8> {
    line(&Outgoing {
        id: Some(raw(id)),
        error: Some(OutgoingError { code, message }),
        ..EMPTY
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_notification_routing_fields_borrowed() {
        let line = r#"{"method":"item/agentMessage/delta","params":{"threadId":"t","turnId":"u","itemId":"i","delta":"he\"y"},"emittedAtMs":1}"#;
        let msg: IncomingRouted = serde_json::from_str(line).unwrap();
        assert_eq!(
            msg.method.as_deref(),
            Some(crate::protocol::methods::ITEM_AGENT_MESSAGE_DELTA)
        );
        let f = msg.params.unwrap().0;
        assert_eq!(f.turn_id.as_deref(), Some("u"));
        assert_eq!(f.delta.as_deref(), Some("he\"y"));
        // No allocation on the hot path: plain strings borrow from the line.
        assert!(matches!(msg.method, Some(Cow::Borrowed(_))));
        assert!(matches!(f.turn_id, Some(Cow::Borrowed(_))));
        assert!(matches!(f.delta, Some(Cow::Owned(_)))); // it had an escape
    }

    #[test]
    fn non_object_params_give_empty_fields_not_an_error() {
        for line in [
            r#"{"method":"x","params":[1,{"turnId":"u"}]}"#,
            r#"{"method":"x","params":"text"}"#,
            r#"{"method":"x","params":null}"#,
            r#"{"method":"x","params":7}"#,
        ] {
            let msg: IncomingRouted = serde_json::from_str(line).unwrap();
            assert!(msg.params.is_none_or(|p| p.0.turn_id.is_none()), "{line}");
        }
    }

    #[test]
    fn turn_id_from_nested_turn() {
        let p = r#"{"threadId":"t","turn":{"id":"u","items":[{"x":1}],"status":"completed"}}"#;
        let f: RoutingFields = serde_json::from_str(p).unwrap();
        assert_eq!(f.turn.unwrap().id.as_deref(), Some("u"));
    }

    #[test]
    fn request_line_is_valid_json() {
        let line = request_line(7, crate::protocol::methods::MODEL_LIST, "{}");
        let v: serde_json::Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(v["id"], 7);
        assert_eq!(v["method"], crate::protocol::methods::MODEL_LIST);
    }
}

#[cfg(test)]
mod line_tests {
    use super::*;

    #[test]
    fn answers_and_notifications_are_valid_json() {
        let v: serde_json::Value =
            serde_json::from_slice(&error_line("\"x\"", -1, "no \"way\"")).unwrap();
        assert_eq!(v["id"], "x");
        assert_eq!(v["error"]["message"], "no \"way\"");
        let v: serde_json::Value = serde_json::from_slice(&result_line("3", "{\"a\":1}")).unwrap();
        assert_eq!(v["result"]["a"], 1);
        assert_eq!(
            notification_line("initialized"),
            b"{\"method\":\"initialized\"}\n"
        );
    }
}
