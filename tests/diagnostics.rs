//! Diagnostics a user can act on: a startup failure names the app-server's own error line; the
//! app-server's log lines reach the log callback at their real level without colour codes; a
//! normal close logs nothing above DEBUG; a missing binary says how to get one.

use codex::{Client, LogLevel, Options, Status};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn fake_options(scenario: &str) -> Options {
    let fixtures = std::env::var("CODEX_TEST_FIXTURES")
        .expect("CODEX_TEST_FIXTURES is not set: run under tests/fixtures/run_with_fixture.py");
    Options {
        codex_bin: Some(format!("{fixtures}/fake_app_server.py")),
        env: vec![("FAKE_SCENARIO".into(), Some(scenario.into()))],
        request_timeout: Duration::from_secs(20),
        ..Options::default()
    }
}

type Log = Arc<Mutex<Vec<(LogLevel, String)>>>;

fn with_log(mut opts: Options) -> (Options, Log) {
    let log: Log = Arc::default();
    let sink = log.clone();
    opts.log_level = LogLevel::Debug;
    opts.log = Some(Arc::new(move |level, msg: &str| {
        sink.lock().unwrap().push((level, msg.to_owned()))
    }));
    (opts, log)
}

#[test]
fn startup_failure_carries_the_servers_error_line() {
    let err = Client::start_blocking(fake_options("startup_error_line"))
        .err()
        .expect("the fake exits before initialize");
    assert_eq!(err.status, Status::Transport, "{err}");
    assert!(
        err.message
            .contains("Error: failed to initialize sqlite state runtime under /nowhere"),
        "the message should carry the server's own error line: {}",
        err.message
    );
    assert!(err.stderr_tail.is_some());
}

#[test]
fn server_lines_arrive_at_their_level_and_close_is_quiet() {
    let (opts, log) = with_log(fake_options("log_levels"));
    let client = Client::start_blocking(opts).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let seen = |needle: &str| log.lock().unwrap().iter().any(|(_, m)| m.contains(needle));
    while !(seen("careful now") && seen("it broke") && seen("a plain line")) {
        assert!(Instant::now() < deadline, "log: {:?}", log.lock().unwrap());
        std::thread::sleep(Duration::from_millis(20));
    }
    client.close();
    let log = log.lock().unwrap();
    let level_of = |needle: &str| log.iter().find(|(_, m)| m.contains(needle)).unwrap().0;
    assert_eq!(level_of("careful now"), LogLevel::Warn);
    assert_eq!(level_of("it broke"), LogLevel::Error);
    assert_eq!(level_of("a plain line"), LogLevel::Debug);
    assert!(
        log.iter().all(|(_, m)| !m.contains('\u{1b}')),
        "colour codes: {log:?}"
    );
    // Only the server's own ERROR line is at ERROR: closing normally is not an error.
    let errors: Vec<_> = log
        .iter()
        .filter(|(l, m)| {
            *l <= LogLevel::Warn && !m.contains("careful now") && !m.contains("it broke")
        })
        .collect();
    assert!(
        errors.is_empty(),
        "a normal close logged above DEBUG: {errors:?}"
    );
}

#[test]
fn a_missing_binary_says_how_to_get_one() {
    let opts = Options {
        codex_bin: Some("/nonexistent/codex".into()),
        ..Options::default()
    };
    let err = Client::start_blocking(opts).err().expect("no such binary");
    assert_eq!(err.status, Status::NotFound);
    for hint in ["openai-codex-cli-bin", "@openai/codex", "CODEX_BIN"] {
        assert!(
            err.message.contains(hint),
            "{hint} missing from: {}",
            err.message
        );
    }
}
