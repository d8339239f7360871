//! Checks the XCTest suite covers the scenarios the Go binding's tests cover, and that the
//! environment variables it reads are ones the offline fixture exports.

use crate::syntax::{parse, walk, Finding};
use std::path::Path;

/// (scenario, a word some `func test...` name must contain).
pub const SCENARIOS: &[(&str, &str)] = &[
    ("API-key login", "LoginAPIKey"),
    ("browser login", "LoginChatGPT"),
    ("device-code login", "DeviceCode"),
    ("login cancelled", "LoginCancel"),
    ("first turn", "FirstTurn"),
    ("multi-turn", "MultiTurn"),
    ("streaming order", "StreamingOrder"),
    ("steer", "Steer"),
    ("interrupt", "Interrupt"),
    ("concurrent turns", "ConcurrentTurns"),
    ("approvals", "Approval"),
    ("failed turn", "FailedTurn"),
    ("task cancellation", "TaskCancellation"),
    ("close with turns in flight", "CloseWithTurnsInFlight"),
    ("bounded run (deadline, retry events)", "BoundedRun"),
    ("errors", "Error"),
];

/// `func test...` names of a Swift file.
pub fn test_functions(src: &str) -> Vec<(String, usize)> {
    let tree = parse(src);
    let mut out = Vec::new();
    walk(tree.root_node(), |n| {
        if n.kind() == "function_declaration" {
            if let Some(name) = n.child_by_field_name("name") {
                let s = name.utf8_text(src.as_bytes()).unwrap_or("");
                if s.starts_with("test") {
                    out.push((s.to_string(), n.start_position().row + 1));
                }
            }
        }
    });
    out
}

/// String literals that look like environment variable names (`CODEX_TEST_MOCK_URL`).
pub fn env_names(src: &str) -> Vec<(String, usize)> {
    let tree = parse(src);
    let mut out = Vec::new();
    walk(tree.root_node(), |n| {
        if n.kind() == "line_str_text" {
            let s = n.utf8_text(src.as_bytes()).unwrap_or("");
            let looks_env = s.starts_with("CODEX_")
                && s.len() > 6
                && s.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if looks_env {
                out.push((s.to_string(), n.start_position().row + 1));
            }
        }
    });
    out
}

pub fn check_tests(repo: &Path, tests_dir: &Path) -> (Vec<Finding>, usize) {
    let mut f = Vec::new();
    let mut checks = 0;
    let fixture: String = ["run_with_fixture.py", "offline_home.py"]
        .iter()
        .map(|n| std::fs::read_to_string(repo.join("tests/fixtures").join(n)).unwrap_or_default())
        .collect();
    let mut tests = Vec::new();
    for file in crate::package::swift_files(tests_dir) {
        let rel = file
            .strip_prefix(repo)
            .unwrap_or(&file)
            .display()
            .to_string();
        let Ok(src) = std::fs::read_to_string(&file) else {
            continue;
        };
        tests.extend(test_functions(&src));
        for (name, line) in env_names(&src) {
            checks += 1;
            if !fixture.contains(&name) {
                f.push(Finding {
                    file: rel.clone(),
                    line,
                    col: 1,
                    message: format!(
                        "reads `{name}`, which tests/fixtures/run_with_fixture.py does not export"
                    ),
                });
            }
        }
    }
    let dir = tests_dir
        .strip_prefix(repo)
        .unwrap_or(tests_dir)
        .display()
        .to_string();
    for (scenario, word) in SCENARIOS {
        checks += 1;
        if !tests.iter().any(|(n, _)| n.contains(word)) {
            f.push(Finding::file(
                &dir,
                format!("no test for {scenario} (no `func test...{word}...`)"),
            ));
        }
    }
    (f, checks)
}
