//! Standalone command execution (`command/exec` and its follow-ups) and file search
//! (`fuzzyFileSearch`): typed params, responses, the streamed output notification and the C
//! enums of its stream and of a match's type.

use serde::{Deserialize, Serialize};

/// Which stream a chunk of a process's output came from. The numbering is the C ABI's
/// (`codex_output_stream_t`) and never changes.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_output_stream_t {
    /// The end of the output (the process exited): the last callback call, with no data.
    CODEX_OUTPUT_END = 0,
    /// stdout (with `tty`, the terminal's whole output).
    CODEX_OUTPUT_STDOUT = 1,
    CODEX_OUTPUT_STDERR = 2,
}

/// The Rust name of `codex_output_stream_t`.
/// cbindgen:ignore
pub type OutputStream = codex_output_stream_t;

/// What a file search match is. The numbering is the C ABI's (`codex_match_type_t`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_match_type_t {
    /// A kind this library does not know.
    CODEX_MATCH_OTHER = 0,
    CODEX_MATCH_FILE = 1,
    CODEX_MATCH_DIRECTORY = 2,
}

/// The Rust name of `codex_match_type_t`.
/// cbindgen:ignore
pub type MatchType = codex_match_type_t;

/// `command/exec`'s final result: the exit code and the buffered output (empty for a stream
/// that was streamed).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandExecResponse {
    pub exit_code: i32,
    #[serde(default)]
    pub stdout: String,
    #[serde(default)]
    pub stderr: String,
}

/// `command/exec/outputDelta`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CommandExecOutputDeltaNotification {
    pub process_id: String,
    pub stream: String,
    pub delta_base64: String,
    #[serde(default)]
    pub cap_reached: bool,
}

/// One chunk of a process's streamed output, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputChunk {
    pub stream: OutputStream,
    pub data: Vec<u8>,
    /// The last chunk of its stream: the output cap cut what followed.
    pub cap_reached: bool,
}

impl CommandExecOutputDeltaNotification {
    /// The process id and the decoded chunk (`None`: not this notification, or bad base64).
    pub(crate) fn decode(params_json: &str) -> Option<(String, OutputChunk)> {
        let n: Self = serde_json::from_str(params_json).ok()?;
        let data = data_encoding::BASE64
            .decode(n.delta_base64.as_bytes())
            .ok()?;
        let stream = match n.stream.as_str() {
            "stderr" => codex_output_stream_t::CODEX_OUTPUT_STDERR,
            _ => codex_output_stream_t::CODEX_OUTPUT_STDOUT,
        };
        let chunk = OutputChunk {
            stream,
            data,
            cap_reached: n.cap_reached,
        };
        Some((n.process_id, chunk))
    }
}

/// `command/exec/write`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CommandExecWriteParams<'a> {
    pub process_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta_base64: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close_stdin: Option<bool>,
}

impl<'a> CommandExecWriteParams<'a> {
    pub(crate) fn bytes(process_id: &'a str, data: &[u8]) -> Self {
        CommandExecWriteParams {
            process_id,
            delta_base64: Some(data_encoding::BASE64.encode(data)),
            close_stdin: None,
        }
    }
}

/// `command/exec/terminate`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CommandExecTerminateParams<'a> {
    pub process_id: &'a str,
}

#[derive(Serialize)]
pub(crate) struct CommandExecTerminalSize {
    pub rows: u16,
    pub cols: u16,
}

/// `command/exec/resize`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CommandExecResizeParams<'a> {
    pub process_id: &'a str,
    pub size: CommandExecTerminalSize,
}

/// `fuzzyFileSearch`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FuzzyFileSearchParams<'a> {
    pub query: &'a str,
    pub roots: &'a [&'a str],
}

#[derive(Debug, Clone, Deserialize)]
pub struct FuzzyFileSearchResponse {
    #[serde(default)]
    pub files: Vec<FuzzyFileSearchResult>,
}

/// One match: its path relative to `root`, its file name, score and kind.
#[derive(Debug, Clone, Deserialize)]
pub struct FuzzyFileSearchResult {
    pub path: String,
    #[serde(default)]
    pub root: String,
    #[serde(default)]
    pub file_name: String,
    #[serde(default)]
    pub score: u32,
    #[serde(default)]
    pub match_type: String,
    /// Where the query's characters matched in `path`.
    #[serde(default)]
    pub indices: Option<Vec<u32>>,
}

impl FuzzyFileSearchResult {
    pub fn kind(&self) -> MatchType {
        match self.match_type.as_str() {
            "file" => codex_match_type_t::CODEX_MATCH_FILE,
            "directory" => codex_match_type_t::CODEX_MATCH_DIRECTORY,
            _ => codex_match_type_t::CODEX_MATCH_OTHER,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_deltas_decode_and_writes_encode() {
        let (id, c) = CommandExecOutputDeltaNotification::decode(
            r#"{"processId":"p","stream":"stderr","deltaBase64":"aGk=","capReached":true}"#,
        )
        .unwrap();
        assert_eq!(id, "p");
        assert_eq!(c.stream, codex_output_stream_t::CODEX_OUTPUT_STDERR);
        assert_eq!(c.data, b"hi");
        assert!(c.cap_reached);
        assert!(CommandExecOutputDeltaNotification::decode(
            r#"{"processId":"p","stream":"stdout","deltaBase64":"!!"}"#
        )
        .is_none());
        let w = CommandExecWriteParams::bytes("p", b"hi\n");
        assert_eq!(
            super::super::params::to_json(&w),
            r#"{"processId":"p","deltaBase64":"aGkK"}"#
        );
    }
}
