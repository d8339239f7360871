//! Shared by the issue-12 regression tests (`tests/regress_*.rs`): a client on the real
//! app-server of the offline fixture (run under `tests/fixtures/run_with_fixture.py`).
#![allow(dead_code)]

use codex::{Client, Options};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Bound on every await of these tests: a regression fails, it never hangs.
pub const STEP: Duration = Duration::from_secs(60);

pub fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run under tests/fixtures/run_with_fixture.py")
    })
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh CODEX_HOME holding the fixture's config.
pub fn fresh_home(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "codex-regress-{tag}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(env("CODEX_TEST_HOME_TEMPLATE"), dir.join("config.toml")).unwrap();
    dir
}

/// Test options on `home`; everything else (the idle watchdog's 10 min included) is the default.
pub fn options(home: &std::path::Path) -> Options {
    Options {
        codex_bin: Some(env("CODEX_BIN")),
        codex_home: Some(home.display().to_string()),
        client_name: "codex_ffi_regress_tests".into(),
        request_timeout: Duration::from_secs(30),
        ..Options::default()
    }
}

/// `fut`, or a panic saying `what` did not finish within `STEP`.
pub async fn bounded<F: std::future::Future>(what: &str, fut: F) -> F::Output {
    tokio::time::timeout(STEP, fut)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within {STEP:?}"))
}

/// A started, logged-in client (the mock provider needs a login; the key is fake).
pub async fn logged_in_client(home: &std::path::Path) -> Client {
    let client = bounded("Client::start", Client::start(options(home)))
        .await
        .expect("Client::start");
    bounded("login", client.login_api_key("sk-regress-test-0123456789"))
        .await
        .expect("login_api_key");
    client
}
