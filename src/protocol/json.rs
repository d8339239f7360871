//! Checks on JSON text that callers hand in, before the library forwards it.
//!
//! The app-server silently drops a line nested 128 levels deep or more (measured on 0.163.0:
//! 127 is answered). A request waiting for an answer to a dropped line would wait forever, so
//! the library rejects too-deep JSON at once, counting the levels the line adds around it.

use crate::error::Error;
use serde_json::value::RawValue;

/// Deepest nesting the app-server answers, for the whole line.
pub(crate) const SERVER_MAX_LINE_DEPTH: usize = 127;

/// Where caller JSON sits in the line: how many levels the line adds around it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Embedding {
    /// `{"id":..,"params":<json>}` or `{"id":..,"result":<json>}`.
    MessageField,
    /// A field inside the params object: `{"params":{"input":<json>}}`.
    ParamsField,
}

impl Embedding {
    /// The deepest caller JSON allowed at this place.
    pub(crate) fn max_depth(self) -> usize {
        match self {
            Embedding::MessageField => SERVER_MAX_LINE_DEPTH - 1,
            Embedding::ParamsField => SERVER_MAX_LINE_DEPTH - 2,
        }
    }
}

/// Checks that `text` is one JSON value that the server will accept at `at`.
pub(crate) fn validate(text: &str, what: &str, at: Embedding) -> crate::Result<()> {
    serde_json::from_str::<&RawValue>(text)
        .map_err(|e| Error::invalid(format!("{what} is not valid JSON: {e}")))?;
    let depth = nesting_depth(text);
    if depth > at.max_depth() {
        return Err(Error::invalid(format!(
            "{what} is nested {depth} levels deep; the app-server drops messages past {} levels here",
            at.max_depth()
        )));
    }
    Ok(())
}

/// Nesting depth of valid JSON text: `1` for `{}` or `[]`, `0` for a scalar.
pub(crate) fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in text.as_bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(levels: usize) -> String {
        "{\"a\":".repeat(levels - 1) + "{}" + &"}".repeat(levels - 1)
    }

    #[test]
    fn depth_counts_containers_not_strings() {
        assert_eq!(nesting_depth("1"), 0);
        assert_eq!(nesting_depth("{}"), 1);
        assert_eq!(nesting_depth(r#"{"a":[{"b":"{[\"]"}]}"#), 3);
        assert_eq!(nesting_depth(&nested(126)), 126);
    }

    #[test]
    fn params_at_the_limit_pass_and_one_more_fails() {
        assert!(validate(&nested(126), "params", Embedding::MessageField).is_ok());
        let e = validate(&nested(127), "params", Embedding::MessageField).unwrap_err();
        assert_eq!(e.status, crate::Status::InvalidArgument);
        assert!(validate(&nested(125), "input", Embedding::ParamsField).is_ok());
        assert!(validate(&nested(126), "input", Embedding::ParamsField).is_err());
    }
}
