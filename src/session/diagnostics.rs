//! The library's own diagnostics: the host's log callback (run on the delivery thread, never
//! with a secret in the text) and the app-server's stderr lines, at their real level.

use crate::options::{LogFn, LogLevel};
use crate::runtime::delivery::Delivery;
use crate::secrets::Secrets;
use std::sync::{Arc, Mutex};

pub(crate) struct Diagnostics {
    max_level: LogLevel,
    /// Taken out at shutdown: its `drop` must have run when `codex_free` returns, whatever
    /// task still holds the session.
    log_fn: Mutex<Option<LogFn>>,
    pub(crate) secrets: Arc<Secrets>,
    delivery: Arc<Delivery>,
}

impl Diagnostics {
    pub(crate) fn new(
        max_level: LogLevel,
        log_fn: Option<LogFn>,
        secrets: Arc<Secrets>,
        delivery: Arc<Delivery>,
    ) -> Self {
        Diagnostics {
            max_level,
            log_fn: Mutex::new(log_fn),
            secrets,
            delivery,
        }
    }

    /// Logs a (redacted) diagnostic to the host's log callback, on the delivery thread.
    pub(crate) fn log(&self, level: LogLevel, message: &str) {
        if level > self.max_level {
            return;
        }
        let Some(log) = self.log_fn.lock().unwrap().clone() else {
            return;
        };
        let message = self.secrets.redact(message);
        self.delivery.post(Box::new(move || {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| log(level, &message)));
        }));
    }

    /// A line of the app-server's stderr, at the level it states, without colour codes.
    pub(crate) fn server_line(&self, line: &str) {
        let plain = strip_ansi(line);
        let level = server_line_level(&plain);
        self.log(level, &format!("app-server: {plain}"));
    }

    /// Releases the host's callback (at shutdown, after the delivery thread stopped).
    pub(crate) fn release(&self) {
        self.log_fn.lock().unwrap().take();
    }
}

/// Removes ANSI escape sequences (`ESC [ ... letter`), which the app-server writes for colour.
pub(crate) fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// The level a tracing-style line names in its first words (`2026-.. ERROR codex::...: ...`);
/// anything else is DEBUG.
fn server_line_level(line: &str) -> LogLevel {
    for word in line.split_whitespace().take(3) {
        match word {
            "ERROR" => return LogLevel::Error,
            "WARN" => return LogLevel::Warn,
            "INFO" => return LogLevel::Info,
            _ => {}
        }
    }
    LogLevel::Debug
}

/// The app-server's own error line (`Error: ...`) from its stderr, for startup failures.
pub(crate) fn server_error_line(stderr: &str) -> Option<String> {
    let lines: Vec<String> = stderr.lines().map(strip_ansi).collect();
    let is_sandbox_noise = |l: &str| l.contains("bwrap") || l.contains("bubblewrap");
    lines
        .iter()
        .find(|l| l.starts_with("Error:"))
        .or_else(|| {
            lines
                .iter()
                .find(|l| l.contains(" ERROR ") && !is_sandbox_noise(l))
        })
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_lines_keep_their_level_without_colour() {
        let line =
            "\u{1b}[2m2026-12-04T10:00:00Z\u{1b}[0m \u{1b}[31mERROR\u{1b}[0m codex_core: boom";
        let plain = strip_ansi(line);
        assert_eq!(plain, "2026-12-04T10:00:00Z ERROR codex_core: boom");
        assert_eq!(server_line_level(&plain), LogLevel::Error);
        assert_eq!(server_line_level("2026 WARN x: y"), LogLevel::Warn);
        assert_eq!(server_line_level("plain text"), LogLevel::Debug);
    }

    #[test]
    fn finds_the_servers_error_line() {
        let tail = "some noise\nError: failed to initialize sqlite state runtime under /x\n\nStack backtrace:";
        assert_eq!(
            server_error_line(tail).as_deref(),
            Some("Error: failed to initialize sqlite state runtime under /x")
        );
        assert_eq!(server_error_line("nothing here"), None);
    }
}
