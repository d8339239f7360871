//! Redaction of secrets (API keys, tokens) from anything the library logs or returns.
//!
//! Two layers: every secret the library was handed (an API key passed to login) is remembered
//! and replaced wherever it appears, and token-shaped words (`sk-...`, `Bearer ...`, JWTs) are
//! masked even when the library never saw them.

use std::sync::Mutex;

const MASK: &str = "[redacted]";

#[derive(Default)]
pub(crate) struct Secrets {
    known: Mutex<Vec<String>>,
}

impl Secrets {
    pub(crate) fn remember(&self, secret: &str) {
        if secret.len() >= 4 {
            let mut known = self.known.lock().unwrap();
            if !known.iter().any(|s| s == secret) {
                known.push(secret.to_owned());
            }
        }
    }

    pub(crate) fn redact(&self, text: &str) -> String {
        self.redact_known_in(redact_patterns(text))
    }

    /// Replaces only the secrets the library was handed (for text whose words are known not to
    /// be credentials, e.g. a server's "missing websocket bearer token").
    pub(crate) fn redact_known(&self, text: &str) -> String {
        self.redact_known_in(text.to_owned())
    }

    fn redact_known_in(&self, mut out: String) -> String {
        for secret in self.known.lock().unwrap().iter() {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), MASK);
            }
        }
        out
    }
}

/// Masks words that look like credentials.
pub(crate) fn redact_patterns(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let boundary = rest.find(|c: char| is_token_char(c)).unwrap_or(rest.len());
        out.push_str(&rest[..boundary]);
        rest = &rest[boundary..];
        let end = rest.find(|c: char| !is_token_char(c)).unwrap_or(rest.len());
        let word = &rest[..end];
        if looks_secret(word) {
            out.push_str(MASK);
        } else {
            out.push_str(word);
        }
        rest = &rest[end..];
        // "Bearer <token>": mask the next word whatever it looks like.
        if word.eq_ignore_ascii_case("bearer") && rest.starts_with(' ') {
            out.push(' ');
            rest = &rest[1..];
            let end = rest.find(|c: char| !is_token_char(c)).unwrap_or(rest.len());
            // A short all-lowercase word is prose ("missing websocket bearer token"), not a
            // credential.
            let next = &rest[..end];
            if end > 0 && !(next.len() < 12 && next.chars().all(|c| c.is_ascii_lowercase())) {
                out.push_str(MASK);
            } else {
                out.push_str(next);
            }
            rest = &rest[end..];
        }
    }
    out
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '+' | '/')
}

fn looks_secret(word: &str) -> bool {
    let key_prefix = ["sk-", "sess-", "rt-", "eyJ"]
        .iter()
        .any(|p| word.starts_with(p));
    key_prefix && word.len() >= 12
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keys_bearer_and_known_secrets() {
        let s = Secrets::default();
        s.remember("hunter2-the-key");
        let text = "auth sk-proj-ABCDEFGHIJKLMN failed; Authorization: Bearer abc.def; key hunter2-the-key";
        let out = s.redact(text);
        assert!(!out.contains("ABCDEFGH"), "{out}");
        assert!(!out.contains("abc.def"), "{out}");
        assert!(!out.contains("hunter2"), "{out}");
        assert!(out.contains("auth [redacted] failed"), "{out}");
    }

    #[test]
    fn bearer_before_a_plain_word_is_prose() {
        let text = "HTTP 401: missing websocket bearer token";
        assert_eq!(redact_patterns(text), text);
        let masked = redact_patterns("Authorization: Bearer cap-token-0123");
        assert!(!masked.contains("cap-token"), "{masked}");
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        let text = "skip-this is fine; sk-short";
        assert_eq!(redact_patterns(text), text);
    }
}
