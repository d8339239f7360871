//! The safe answer to each server request: decline approvals, grant nothing, answer nothing,
//! and a JSON-RPC error for methods the library does not know.

use super::methods as m;

/// `Ok(result JSON)` or `Err((code, message))` for a JSON-RPC error answer.
pub(crate) fn safe_default(method: &str) -> std::result::Result<&'static str, (i64, &'static str)> {
    match method {
        m::COMMAND_APPROVAL | m::FILE_CHANGE_APPROVAL => Ok(r#"{"decision":"decline"}"#),
        m::PERMISSIONS_APPROVAL => Ok(r#"{"permissions":{}}"#),
        m::TOOL_REQUEST_USER_INPUT => Ok(r#"{"answers":{}}"#),
        m::MCP_ELICITATION => Ok(r#"{"action":"decline"}"#),
        // A dynamic tool nobody answers fails (the model is told), and the turn goes on.
        m::DYNAMIC_TOOL_CALL => Ok(r#"{"contentItems":[],"success":false}"#),
        m::LEGACY_EXEC_COMMAND_APPROVAL | m::LEGACY_APPLY_PATCH_APPROVAL => {
            Ok(r#"{"decision":"denied"}"#)
        }
        _ => Err((-32601, "not supported by this client")),
    }
}
