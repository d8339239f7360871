//! What include/codex.h declares: function prototypes with their parameter counts, and the
//! other names (types, enum constants, macros) Swift code may refer to. The header is cbindgen
//! output (plain C declarations), so a small tokenizer is enough; no C grammar needed.

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default)]
pub struct Header {
    /// Function name -> number of parameters (`(void)` counts as 0).
    pub functions: BTreeMap<String, usize>,
    /// Typedef'd type names (structs, enums, callback types).
    pub types: BTreeSet<String>,
    /// Enum constants and macros (`CODEX_STATUS_OK`, `CODEX_VERSION_MAJOR`).
    pub constants: BTreeSet<String>,
}

impl Header {
    pub fn knows(&self, name: &str) -> bool {
        self.functions.contains_key(name)
            || self.types.contains(name)
            || self.constants.contains(name)
    }
}

/// Removes `/* */` and `//` comments (none of the header's string literals contain them).
fn strip_comments(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && i + 1 < b.len() && b[i + 1] == b'*' {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
            out.push(' ');
        } else if b[i] == b'/' && i + 1 < b.len() && b[i + 1] == b'/' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn identifiers(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !is_ident(c)).filter(|w| !w.is_empty())
}

/// Counts the top-level comma-separated parameters of `(...)` text without the parens.
fn count_params(inner: &str) -> usize {
    let t = inner.trim();
    if t.is_empty() || t == "void" {
        return 0;
    }
    let mut depth = 0i32;
    let mut n = 1;
    for c in t.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => n += 1,
            _ => {}
        }
    }
    n
}

pub fn parse_header(src: &str) -> Header {
    let mut h = Header::default();
    let text = strip_comments(src);
    let mut body = String::new();
    for line in text.lines() {
        let l = line.trim_start();
        if let Some(rest) = l.strip_prefix('#') {
            // `#define NAME value`: a constant Swift imports.
            let mut words = identifiers(rest);
            if words.next() == Some("define") {
                if let Some(name) = words.next() {
                    h.constants.insert(name.to_string());
                }
            }
            continue;
        }
        body.push_str(line);
        body.push('\n');
    }
    let body = body.replace("extern \"C\" {", " ");
    for stmt in body.split(';') {
        let closes_block = stmt.trim().starts_with('}');
        let stmt = stmt.trim().trim_start_matches('}').trim();
        if stmt.is_empty() {
            continue;
        }
        // `typedef struct { ...fields; } name;`: the statement after the last field is `} name`.
        if closes_block && stmt.chars().all(is_ident) {
            h.types.insert(stmt.to_string());
            continue;
        }
        if let Some(rest) = stmt.strip_prefix("typedef") {
            for w in identifiers(rest) {
                if w.starts_with("CODEX_") {
                    h.constants.insert(w.to_string());
                }
            }
            // The declared name: `(*name)(` for a callback, else the last identifier.
            let name = match rest.find("(*") {
                Some(p) => identifiers(&rest[p + 2..]).next(),
                None => identifiers(rest).last(),
            };
            if let Some(n) = name {
                h.types.insert(n.to_string());
            }
            continue;
        }
        // A prototype: the first identifier directly followed by `(` is the function name.
        if let Some((name, open)) = first_call_like(stmt) {
            if let Some(close) = matching_paren(stmt, open) {
                h.functions
                    .insert(name.to_string(), count_params(&stmt[open + 1..close]));
            }
        }
    }
    h
}

fn first_call_like(s: &str) -> Option<(&str, usize)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if is_ident(bytes[i] as char) {
            let start = i;
            while i < bytes.len() && is_ident(bytes[i] as char) {
                i += 1;
            }
            let mut j = i;
            while j < bytes.len() && (bytes[j] as char).is_whitespace() {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'(' {
                return Some((&s[start..i], j));
            }
        } else {
            i += 1;
        }
    }
    None
}

fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in s[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
#define CODEX_VERSION_MAJOR 0
typedef enum { CODEX_STATUS_OK = 0, CODEX_STATUS_END = 3 } codex_status;
typedef struct codex_client codex_client;
typedef struct { const char *name; const char *schema; } codex_tool;
typedef void (*codex_drop_fn)(void *user_data);
#ifdef __cplusplus
extern "C" {
#endif
/** Doc (with a paren, and; a semicolon). */
const char *codex_version(void);
codex_status codex_new(const codex_options *opts, codex_client **out, codex_error **err);
void codex_free(codex_client *client);
#ifdef __cplusplus
}  // extern "C"
#endif
"#;

    #[test]
    fn extracts_prototypes_types_and_constants() {
        let h = parse_header(SAMPLE);
        assert_eq!(h.functions.get("codex_version"), Some(&0));
        assert_eq!(h.functions.get("codex_new"), Some(&3));
        assert_eq!(h.functions.get("codex_free"), Some(&1));
        assert_eq!(h.functions.len(), 3, "{:?}", h.functions);
        assert!(h.types.contains("codex_status"));
        assert!(h.types.contains("codex_client"));
        assert!(h.types.contains("codex_drop_fn"));
        assert!(h.types.contains("codex_tool"), "a typedef of an anonymous struct");
        assert!(h.constants.contains("CODEX_STATUS_END"));
        assert!(h.constants.contains("CODEX_VERSION_MAJOR"));
    }
}
