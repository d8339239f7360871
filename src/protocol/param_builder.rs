//! Typed builders for the params callers pass as JSON (thread start/resume/fork, turn start,
//! thread list): each everyday field is an enumeration value with its wire name, its value type,
//! the requests it belongs to and, for enumerated strings, the values the 0.163.0 schema allows.
//! A builder cannot write a misspelled key, a field of another request, a value of the wrong type
//! or an unknown enumerated value; [`Params::set_raw`] is the escape hatch for anything newer.

use crate::error::{Error, Result};
use serde_json::{Map, Value};

/// Which request a [`Params`] builds (`codex_params_new`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_params_kind_t {
    /// ThreadStartParams, also valid for thread resume and fork (codex_thread_start/_resume/_fork).
    CODEX_PARAMS_THREAD = 0,
    /// TurnStartParams overrides (codex_thread_turn, codex_thread_run and their forms).
    CODEX_PARAMS_TURN = 1,
    /// ThreadListParams (codex_thread_list).
    CODEX_PARAMS_THREAD_LIST = 2,
}

impl codex_params_kind_t {
    /// The kind for a C value, `None` for one this library does not know.
    pub fn from_u32(v: u32) -> Option<Self> {
        use codex_params_kind_t::*;
        Some(match v {
            0 => CODEX_PARAMS_THREAD,
            1 => CODEX_PARAMS_TURN,
            2 => CODEX_PARAMS_THREAD_LIST,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            codex_params_kind_t::CODEX_PARAMS_THREAD => "thread",
            codex_params_kind_t::CODEX_PARAMS_TURN => "turn",
            codex_params_kind_t::CODEX_PARAMS_THREAD_LIST => "thread list",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u32)
    }
}

/// A field of a params builder. The comment says its value type (set it with the setter of that
/// type) and the kinds it belongs to: T = thread, U = turn, L = thread list.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_param_t {
    /// string, T U: `model`.
    CODEX_PARAM_MODEL = 0,
    /// string, T: `modelProvider`.
    CODEX_PARAM_MODEL_PROVIDER = 1,
    /// string, T U L: `cwd` (for a list: only threads with this cwd).
    CODEX_PARAM_CWD = 2,
    /// string, T U: `approvalPolicy`, one of CODEX_APPROVAL_* ("untrusted", "on-request",
    /// "never").
    CODEX_PARAM_APPROVAL_POLICY = 3,
    /// string, T U: `approvalsReviewer`: "user", "auto_review" (or "guardian_subagent").
    CODEX_PARAM_APPROVALS_REVIEWER = 4,
    /// string, T U: one of CODEX_SANDBOX_* ("read-only", "workspace-write",
    /// "danger-full-access"). A thread's `sandbox`; for a turn the library writes the matching
    /// `sandboxPolicy` object (`{"type":"readOnly"}`, ...).
    CODEX_PARAM_SANDBOX = 5,
    /// string, T: `baseInstructions` (replace the built-in instructions).
    CODEX_PARAM_BASE_INSTRUCTIONS = 6,
    /// string, T: `developerInstructions`.
    CODEX_PARAM_DEVELOPER_INSTRUCTIONS = 7,
    /// bool, T: `ephemeral` (not stored on disk).
    CODEX_PARAM_EPHEMERAL = 8,
    /// JSON object, T: `config` (config.toml overrides, e.g. `{"model_reasoning_effort":"low"}`).
    CODEX_PARAM_CONFIG = 9,
    /// string, T U: `personality`: "none", "friendly", "pragmatic".
    CODEX_PARAM_PERSONALITY = 10,
    /// string, T U: `serviceTier`.
    CODEX_PARAM_SERVICE_TIER = 11,
    /// string, U: `effort` (a reasoning effort the model offers, e.g. "low", "high").
    CODEX_PARAM_EFFORT = 12,
    /// string, U: `summary`: "auto", "concise", "detailed", "none".
    CODEX_PARAM_SUMMARY = 13,
    /// JSON, U: `outputSchema` (a JSON Schema the final message follows; this turn only).
    CODEX_PARAM_OUTPUT_SCHEMA = 14,
    /// JSON object, U: `collaborationMode`, e.g.
    /// `{"mode":"plan","settings":{"model":"gpt-5.4"}}`.
    CODEX_PARAM_COLLABORATION_MODE = 15,
    /// integer >= 1, L: `limit` (page size).
    CODEX_PARAM_LIMIT = 16,
    /// string, L: `cursor` (from the previous page's `nextCursor`).
    CODEX_PARAM_CURSOR = 17,
    /// bool, L: `archived` (list archived threads instead).
    CODEX_PARAM_ARCHIVED = 18,
    /// string, L: `sortKey`: "created_at", "updated_at", "recency_at", "section_position".
    CODEX_PARAM_SORT_KEY = 19,
    /// string, L: `sortDirection`: "asc", "desc".
    CODEX_PARAM_SORT_DIRECTION = 20,
    /// string, L: `searchTerm`.
    CODEX_PARAM_SEARCH_TERM = 21,
}

/// What a field's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Str,
    Int,
    Bool,
    Json,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Str => "a string",
            Ty::Int => "an integer",
            Ty::Bool => "a bool",
            Ty::Json => "JSON",
        }
    }
}

const T: u8 = 1;
const U: u8 = 2;
const L: u8 = 4;

/// One field: wire name, value type, kinds (bits), allowed values (empty: any).
struct Spec {
    key: &'static str,
    ty: Ty,
    kinds: u8,
    values: &'static [&'static str],
}

const SANDBOX_MODES: &[&str] = &["read-only", "workspace-write", "danger-full-access"];

impl codex_param_t {
    /// The field for a C value, `None` for one this library does not know.
    pub fn from_u32(v: u32) -> Option<Self> {
        use codex_param_t::*;
        const ALL: [codex_param_t; 22] = [
            CODEX_PARAM_MODEL,
            CODEX_PARAM_MODEL_PROVIDER,
            CODEX_PARAM_CWD,
            CODEX_PARAM_APPROVAL_POLICY,
            CODEX_PARAM_APPROVALS_REVIEWER,
            CODEX_PARAM_SANDBOX,
            CODEX_PARAM_BASE_INSTRUCTIONS,
            CODEX_PARAM_DEVELOPER_INSTRUCTIONS,
            CODEX_PARAM_EPHEMERAL,
            CODEX_PARAM_CONFIG,
            CODEX_PARAM_PERSONALITY,
            CODEX_PARAM_SERVICE_TIER,
            CODEX_PARAM_EFFORT,
            CODEX_PARAM_SUMMARY,
            CODEX_PARAM_OUTPUT_SCHEMA,
            CODEX_PARAM_COLLABORATION_MODE,
            CODEX_PARAM_LIMIT,
            CODEX_PARAM_CURSOR,
            CODEX_PARAM_ARCHIVED,
            CODEX_PARAM_SORT_KEY,
            CODEX_PARAM_SORT_DIRECTION,
            CODEX_PARAM_SEARCH_TERM,
        ];
        ALL.get(v as usize).copied()
    }

    fn spec(self) -> Spec {
        use codex_param_t::*;
        let s = |key, ty, kinds, values| Spec {
            key,
            ty,
            kinds,
            values,
        };
        match self {
            CODEX_PARAM_MODEL => s("model", Ty::Str, T | U, &[]),
            CODEX_PARAM_MODEL_PROVIDER => s("modelProvider", Ty::Str, T, &[]),
            CODEX_PARAM_CWD => s("cwd", Ty::Str, T | U | L, &[]),
            CODEX_PARAM_APPROVAL_POLICY => s(
                "approvalPolicy",
                Ty::Str,
                T | U,
                &["untrusted", "on-request", "never"],
            ),
            CODEX_PARAM_APPROVALS_REVIEWER => s(
                "approvalsReviewer",
                Ty::Str,
                T | U,
                &["user", "auto_review", "guardian_subagent"],
            ),
            CODEX_PARAM_SANDBOX => s("sandbox", Ty::Str, T | U, SANDBOX_MODES),
            CODEX_PARAM_BASE_INSTRUCTIONS => s("baseInstructions", Ty::Str, T, &[]),
            CODEX_PARAM_DEVELOPER_INSTRUCTIONS => s("developerInstructions", Ty::Str, T, &[]),
            CODEX_PARAM_EPHEMERAL => s("ephemeral", Ty::Bool, T, &[]),
            CODEX_PARAM_CONFIG => s("config", Ty::Json, T, &[]),
            CODEX_PARAM_PERSONALITY => s(
                "personality",
                Ty::Str,
                T | U,
                &["none", "friendly", "pragmatic"],
            ),
            CODEX_PARAM_SERVICE_TIER => s("serviceTier", Ty::Str, T | U, &[]),
            CODEX_PARAM_EFFORT => s("effort", Ty::Str, U, &[]),
            CODEX_PARAM_SUMMARY => s(
                "summary",
                Ty::Str,
                U,
                &["auto", "concise", "detailed", "none"],
            ),
            CODEX_PARAM_OUTPUT_SCHEMA => s("outputSchema", Ty::Json, U, &[]),
            CODEX_PARAM_COLLABORATION_MODE => s("collaborationMode", Ty::Json, U, &[]),
            CODEX_PARAM_LIMIT => s("limit", Ty::Int, L, &[]),
            CODEX_PARAM_CURSOR => s("cursor", Ty::Str, L, &[]),
            CODEX_PARAM_ARCHIVED => s("archived", Ty::Bool, L, &[]),
            CODEX_PARAM_SORT_KEY => s(
                "sortKey",
                Ty::Str,
                L,
                &["created_at", "updated_at", "recency_at", "section_position"],
            ),
            CODEX_PARAM_SORT_DIRECTION => s("sortDirection", Ty::Str, L, &["asc", "desc"]),
            CODEX_PARAM_SEARCH_TERM => s("searchTerm", Ty::Str, L, &[]),
        }
    }
}

/// A params object under construction: typed fields (checked against the request kind) plus
/// raw fields; [`Params::to_json`] gives the wire JSON for the `params` arguments.
#[derive(Debug, Clone)]
pub struct Params {
    kind: codex_params_kind_t,
    fields: Map<String, Value>,
}

impl Params {
    /// An empty builder (`{}`: server defaults).
    pub fn new(kind: codex_params_kind_t) -> Params {
        Params {
            kind,
            fields: Map::new(),
        }
    }

    /// The request kind it builds.
    pub fn kind(&self) -> codex_params_kind_t {
        self.kind
    }

    fn check(&self, p: codex_param_t, ty: Ty) -> Result<Spec> {
        let spec = p.spec();
        if spec.kinds & self.kind.bit() == 0 {
            return Err(Error::invalid(format!(
                "{} is not a {} param",
                spec.key,
                self.kind.name()
            )));
        }
        if spec.ty != ty {
            return Err(Error::invalid(format!(
                "{} takes {}, not {}",
                spec.key,
                spec.ty.name(),
                ty.name()
            )));
        }
        Ok(spec)
    }

    /// Sets a string field (an enumerated one only to a value the schema lists).
    pub fn set_str(&mut self, p: codex_param_t, value: &str) -> Result<()> {
        let spec = self.check(p, Ty::Str)?;
        if value.is_empty() {
            return Err(Error::invalid(format!(
                "{} must not be empty (unset removes a field)",
                spec.key
            )));
        }
        if !spec.values.is_empty() && !spec.values.contains(&value) {
            return Err(Error::invalid(format!(
                "{} must be one of {} (not {value:?}); set_raw sends other values",
                spec.key,
                spec.values.join(", ")
            )));
        }
        if p == codex_param_t::CODEX_PARAM_SANDBOX
            && self.kind == codex_params_kind_t::CODEX_PARAMS_TURN
        {
            let ty = match value {
                "read-only" => "readOnly",
                "workspace-write" => "workspaceWrite",
                _ => "dangerFullAccess",
            };
            let mut policy = Map::new();
            policy.insert("type".into(), Value::String(ty.into()));
            self.fields
                .insert("sandboxPolicy".into(), Value::Object(policy));
            return Ok(());
        }
        self.fields
            .insert(spec.key.into(), Value::String(value.into()));
        Ok(())
    }

    /// Sets an integer field (`limit` must be at least 1).
    pub fn set_int(&mut self, p: codex_param_t, value: i64) -> Result<()> {
        let spec = self.check(p, Ty::Int)?;
        if value < 1 {
            return Err(Error::invalid(format!(
                "{} must be at least 1 (not {value})",
                spec.key
            )));
        }
        self.fields.insert(spec.key.into(), Value::from(value));
        Ok(())
    }

    /// Sets a bool field.
    pub fn set_bool(&mut self, p: codex_param_t, value: bool) -> Result<()> {
        let spec = self.check(p, Ty::Bool)?;
        self.fields.insert(spec.key.into(), Value::Bool(value));
        Ok(())
    }

    /// Sets a JSON-valued field (`config` and `collaborationMode` must be objects).
    pub fn set_json(&mut self, p: codex_param_t, json: &str) -> Result<()> {
        let spec = self.check(p, Ty::Json)?;
        let value = parse(json, spec.key)?;
        if spec.key != "outputSchema" && !value.is_object() {
            return Err(Error::invalid(format!(
                "{} must be a JSON object",
                spec.key
            )));
        }
        self.fields.insert(spec.key.into(), value);
        Ok(())
    }

    /// The escape hatch: any field by its camelCase wire name, its value as JSON text (checked
    /// to be JSON, nothing more). Replaces a typed field of the same name.
    pub fn set_raw(&mut self, key: &str, json: &str) -> Result<()> {
        if key.is_empty() {
            return Err(Error::invalid("key is empty"));
        }
        let value = parse(json, key)?;
        self.fields.insert(key.into(), value);
        Ok(())
    }

    /// Removes a field set before (typed), if any.
    pub fn unset(&mut self, p: codex_param_t) {
        let key = match (p, self.kind) {
            (codex_param_t::CODEX_PARAM_SANDBOX, codex_params_kind_t::CODEX_PARAMS_TURN) => {
                "sandboxPolicy"
            }
            _ => p.spec().key,
        };
        self.fields.remove(key);
    }

    /// The params as JSON object text (`{}` when nothing is set).
    pub fn to_json(&self) -> String {
        Value::Object(self.fields.clone()).to_string()
    }
}

fn parse(json: &str, what: &str) -> Result<Value> {
    serde_json::from_str(json)
        .map_err(|e| Error::invalid(format!("{what}: invalid JSON value: {e}")))
}

#[cfg(test)]
mod tests {
    use super::codex_param_t::*;
    use super::codex_params_kind_t::*;
    use super::*;

    #[test]
    fn typed_fields_reach_the_json_and_misuse_is_refused() {
        let mut t = Params::new(CODEX_PARAMS_THREAD);
        t.set_str(CODEX_PARAM_MODEL, "gpt-5.4").unwrap();
        t.set_str(CODEX_PARAM_SANDBOX, "read-only").unwrap();
        t.set_bool(CODEX_PARAM_EPHEMERAL, true).unwrap();
        t.set_json(CODEX_PARAM_CONFIG, r#"{"a":{"b":1}}"#).unwrap();
        assert_eq!(
            t.to_json(),
            r#"{"config":{"a":{"b":1}},"ephemeral":true,"model":"gpt-5.4","sandbox":"read-only"}"#
        );
        assert!(t.set_str(CODEX_PARAM_EFFORT, "high").is_err()); // a turn param
        assert!(t.set_str(CODEX_PARAM_SANDBOX, "readonly").is_err()); // unknown value
        assert!(t.set_int(CODEX_PARAM_MODEL, 3).is_err()); // wrong type
        assert!(t.set_json(CODEX_PARAM_CONFIG, "[1]").is_err());
        assert!(t.set_raw("x", "{").is_err());
        let mut u = Params::new(CODEX_PARAMS_TURN);
        u.set_str(CODEX_PARAM_SANDBOX, "workspace-write").unwrap();
        u.set_str(CODEX_PARAM_MODEL, "m \"quoted\"\n").unwrap();
        assert_eq!(
            u.to_json(),
            r#"{"model":"m \"quoted\"\n","sandboxPolicy":{"type":"workspaceWrite"}}"#
        );
        u.unset(CODEX_PARAM_SANDBOX);
        assert_eq!(u.to_json(), r#"{"model":"m \"quoted\"\n"}"#);
        let mut l = Params::new(CODEX_PARAMS_THREAD_LIST);
        assert!(l.set_int(CODEX_PARAM_LIMIT, 0).is_err());
        l.set_int(CODEX_PARAM_LIMIT, 5).unwrap();
        l.set_raw("modelProviders", r#"["mock_provider"]"#).unwrap();
        assert_eq!(
            l.to_json(),
            r#"{"limit":5,"modelProviders":["mock_provider"]}"#
        );
        assert!(codex_param_t::from_u32(22).is_none());
        assert_eq!(codex_param_t::from_u32(21), Some(CODEX_PARAM_SEARCH_TERM));
    }
}
