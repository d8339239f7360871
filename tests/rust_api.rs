//! The Rust API against the real app-server in the offline fixture (run through ctest, or
//! `python3 tests/fixtures/run_with_fixture.py --netns -- cargo test`).

use codex::{Client, EventKind, Options, Status, TurnStatus};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run under tests/fixtures/run_with_fixture.py")
    })
}

/// A fresh CODEX_HOME holding the fixture's config.
fn fresh_home() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "codex-rust-test-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(env("CODEX_TEST_HOME_TEMPLATE"), dir.join("config.toml")).unwrap();
    dir
}
static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn options(home: &std::path::Path) -> Options {
    Options {
        codex_bin: Some(env("CODEX_BIN")),
        codex_home: Some(home.display().to_string()),
        client_name: "codex_ffi_rust_tests".into(),
        request_timeout: Duration::from_secs(30),
        ..Options::default()
    }
}

async fn logged_in_client() -> Client {
    let client = Client::start(options(&fresh_home())).await.expect("start");
    client
        .login_api_key("sk-rust-test-0123456789")
        .await
        .expect("login");
    client
}

#[tokio::test]
async fn handshake_reports_metadata() {
    let client = Client::start(options(&fresh_home())).await.unwrap();
    // The version of the binary this run drives (the fixture asks `$CODEX_BIN --version`).
    let want = env("CODEX_TEST_SERVER_VERSION");
    assert_eq!(client.info().server_version, want);
    assert!(client
        .info()
        .user_agent
        .starts_with(&format!("codex_ffi_rust_tests/{want}")));
    assert_eq!(client.info().platform_family, "unix");
}

#[tokio::test]
async fn unknown_method_keeps_rpc_code() {
    let client = Client::start(options(&fresh_home())).await.unwrap();
    let err = client
        .request("no/such/method", None, None)
        .await
        .unwrap_err();
    assert_eq!(err.status, Status::Rpc);
    assert_eq!(err.rpc_code, -32600);
    let models = client.models(false).await.unwrap();
    assert!(models.raw_json.contains("\"data\""));
    // Typed: the offline home's models come back decoded, ids and all.
    assert!(!models.data.is_empty(), "{}", models.raw_json);
    assert!(models.data.iter().all(|m| !m.id.is_empty()));
}

#[tokio::test]
async fn api_key_login_account_logout() {
    let client = Client::start(options(&fresh_home())).await.unwrap();
    client
        .login_api_key("sk-rust-test-0123456789")
        .await
        .unwrap();
    let account = client.account(false).await.unwrap();
    assert_eq!(
        account.account,
        Some(codex::Account::ApiKey),
        "{}",
        account.raw_json
    );
    client.logout().await.unwrap();
    let account = client.account(false).await.unwrap();
    assert_eq!(account.account, None, "{}", account.raw_json);
    assert!(account.raw_json.contains("\"account\":null"));
}

#[tokio::test]
async fn run_returns_final_response_items_and_usage() {
    let client = logged_in_client().await;
    let thread = client.thread_start(None).await.unwrap();
    let result = thread.run("hello rust", None).await.unwrap();
    assert_eq!(result.status, TurnStatus::Completed);
    assert_eq!(
        result.final_response.as_deref(),
        Some("You said: hello rust")
    );
    assert!(result.items_json.contains("\"userMessage\""));
    assert!(result.items_json.contains("\"agentMessage\""));
    assert!(result
        .usage_json
        .as_deref()
        .unwrap_or("")
        .contains("totalTokens"));
    // The same thread remembers: a second turn works on it.
    let second = thread.run("again", None).await.unwrap();
    assert_eq!(second.final_response.as_deref(), Some("You said: again"));
}

#[tokio::test]
async fn pulled_deltas_arrive_in_order_and_end() {
    let client = logged_in_client().await;
    let thread = client.thread_start(None).await.unwrap();
    let turn = thread.turn("stream 100", None).await.unwrap();
    let mut text = String::new();
    let mut kinds = Vec::new();
    loop {
        match turn.next_event().await {
            Ok(ev) => {
                assert_eq!(ev.turn_id(), Some(turn.id()));
                if ev.kind() == EventKind::AgentMessageDelta {
                    text.push_str(ev.delta().unwrap());
                }
                kinds.push(ev.kind());
            }
            Err(e) => {
                assert_eq!(e.status, Status::End);
                break;
            }
        }
    }
    let expected: String = (0..100).map(|i| format!("t{i} ")).collect();
    assert_eq!(text, expected);
    assert_eq!(kinds.last(), Some(&EventKind::TurnCompleted));
    let result = turn.wait().await.unwrap();
    assert_eq!(result.final_response.as_deref(), Some(expected.as_str()));
}

#[tokio::test]
async fn push_callbacks_see_every_event_then_completion() {
    let client = logged_in_client().await;
    let thread = client.thread_start(None).await.unwrap();
    let turn = thread.turn("stream 20", None).await.unwrap();
    let deltas = Arc::new(Mutex::new(String::new()));
    let completions = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = tokio::sync::oneshot::channel();
    let tx = Mutex::new(Some(tx));
    {
        let deltas = deltas.clone();
        turn.on_event(move |ev| {
            if let Some(d) = ev.delta() {
                deltas.lock().unwrap().push_str(d);
            }
        })
        .unwrap();
    }
    {
        let completions = completions.clone();
        let deltas = deltas.clone();
        turn.on_complete(move |r| {
            completions.fetch_add(1, Ordering::SeqCst);
            // Every event callback ran before the completion callback.
            let final_text = r.as_ref().unwrap().final_response.clone().unwrap();
            assert_eq!(*deltas.lock().unwrap(), final_text);
            if let Some(tx) = tx.lock().unwrap().take() {
                let _ = tx.send(());
            }
        })
        .unwrap();
    }
    tokio::time::timeout(Duration::from_secs(30), rx)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(completions.load(Ordering::SeqCst), 1);
    assert!(
        turn.try_next_event().is_err(),
        "pulling is refused once a callback is set"
    );
}

#[tokio::test]
async fn interrupt_ends_a_held_turn_promptly() {
    let client = logged_in_client().await;
    let thread = client.thread_start(None).await.unwrap();
    let turn = thread.turn("hold this", None).await.unwrap();
    // Wait for the first delta, so the stream is really open.
    loop {
        let ev = turn.next_event().await.unwrap();
        if ev.kind() == EventKind::AgentMessageDelta {
            break;
        }
    }
    let started = Instant::now();
    turn.interrupt().await.unwrap();
    let result = turn.wait().await.unwrap();
    assert_eq!(result.status, TurnStatus::Interrupted);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn concurrent_turns_stay_apart() {
    let client = logged_in_client().await;
    let a = client.thread_start(None).await.unwrap();
    let b = client.thread_start(None).await.unwrap();
    let (ta, tb) = tokio::join!(a.turn("stream 150", None), b.turn("stream 150", None));
    let (ta, tb) = (ta.unwrap(), tb.unwrap());
    assert_ne!(ta.id(), tb.id());
    let collect = |turn: codex::Turn| async move {
        let mut n = 0;
        while let Ok(ev) = turn.next_event().await {
            assert_eq!(ev.turn_id(), Some(turn.id()));
            if ev.kind() == EventKind::AgentMessageDelta {
                n += 1;
            }
        }
        n
    };
    let (na, nb) = tokio::join!(collect(ta), collect(tb));
    assert_eq!((na, nb), (150, 150));
}

#[tokio::test]
async fn failed_turn_is_a_result_not_an_error() {
    let client = logged_in_client().await;
    let thread = client.thread_start(None).await.unwrap();
    let result = thread.run("please fail", None).await.unwrap();
    assert_eq!(result.status, TurnStatus::Failed);
    assert!(
        result
            .error
            .as_deref()
            .unwrap_or("")
            .contains("boom upstream"),
        "{:?}",
        result.error
    );
}

#[tokio::test]
async fn overload_is_retried_then_reported() {
    let fake = format!("{}/fake_app_server.py", env("CODEX_TEST_FIXTURES"));
    let mut opts = options(&fresh_home());
    opts.codex_bin = Some(fake);
    opts.env
        .push(("FAKE_SCENARIO".into(), Some("overload".into())));
    opts.env.push(("FAKE_ARG".into(), Some("2".into())));
    opts.retry_limit = 3;
    let client = Client::start(opts.clone()).await.unwrap();
    client.request("model/list", None, None).await.unwrap();

    opts.env.push(("FAKE_ARG".into(), Some("100".into())));
    opts.retry_limit = 2;
    let client = Client::start(opts).await.unwrap();
    let err = client.request("model/list", None, None).await.unwrap_err();
    assert_eq!(err.status, Status::Overloaded);
    assert_eq!(err.rpc_code, -32001);
}

#[tokio::test]
async fn missing_binary_is_not_found() {
    let mut opts = options(&fresh_home());
    opts.codex_bin = Some("/nonexistent/codex".into());
    let err = Client::start(opts).await.err().expect("must fail");
    assert_eq!(err.status, Status::NotFound);
    assert!(err.message.contains("/nonexistent/codex"));
}

fn fake_options(scenario: &str, arg: Option<&str>) -> Options {
    let mut opts = options(&fresh_home());
    opts.codex_bin = Some(format!("{}/fake_app_server.py", env("CODEX_TEST_FIXTURES")));
    opts.env
        .push(("FAKE_SCENARIO".into(), Some(scenario.into())));
    if let Some(arg) = arg {
        opts.env.push(("FAKE_ARG".into(), Some(arg.into())));
    }
    opts
}

#[tokio::test]
async fn events_before_the_turn_start_response_are_replayed() {
    let client = Client::start(fake_options("early_turn_events", None))
        .await
        .unwrap();
    let thread = client.thread_start(None).await.unwrap();
    let turn = thread.turn("anything", None).await.unwrap();
    let mut methods = Vec::new();
    while let Ok(ev) = turn.next_event().await {
        methods.push(ev.method().to_owned());
    }
    assert_eq!(methods.first().map(String::as_str), Some("turn/started"));
    assert_eq!(methods.last().map(String::as_str), Some("turn/completed"));
    assert_eq!(methods.len(), 5, "{methods:?}");
    let result = turn.wait().await.unwrap();
    assert_eq!(result.final_response.as_deref(), Some("early bird"));
    let usage: serde_json::Value =
        serde_json::from_str(result.usage_json.as_deref().unwrap()).unwrap();
    assert_eq!(usage["total"]["totalTokens"], 7);
}

#[tokio::test]
async fn events_of_untracked_turns_are_bounded() {
    let client = Client::start(fake_options("orphans", Some("1000")))
        .await
        .unwrap();
    let _thread = client.thread_start(None).await.unwrap();
    // Wait for the marker the fake sends after the flood.
    loop {
        let ev = tokio::time::timeout(Duration::from_secs(30), client.next_notification())
            .await
            .expect("the fake's marker")
            .unwrap();
        if ev.method() == "orphans/done" {
            break;
        }
    }
    let (logs, events) = client.retained_events();
    // 1001 untracked turns and 11000 events arrived; a bounded number is kept.
    assert!(logs <= 64, "kept {logs} turn logs");
    assert!(events <= 64 + 4096, "kept {events} events");
}

#[tokio::test]
async fn slow_callbacks_hold_the_reader_back() {
    // 300k deltas as fast as the pipe allows, to a callback that takes ~2 us per event: without
    // backpressure the delivery queue would hold most of them at once.
    let client = Client::start(fake_options("flood", Some("300000")))
        .await
        .unwrap();
    let thread = client.thread_start(None).await.unwrap();
    let turn = thread.turn("flood", None).await.unwrap();
    let seen = Arc::new(AtomicUsize::new(0));
    {
        let seen = seen.clone();
        turn.on_event(move |_| {
            let t = Instant::now();
            while t.elapsed() < Duration::from_micros(2) {}
            seen.fetch_add(1, Ordering::Relaxed);
        })
        .unwrap();
    }
    let mut max_backlog = 0;
    let deadline = Instant::now() + Duration::from_secs(120);
    while turn.result().is_none() || client.delivery_backlog() > 0 {
        max_backlog = max_backlog.max(client.delivery_backlog());
        assert!(Instant::now() < deadline, "the flood did not finish");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    assert!(seen.load(Ordering::SeqCst) >= 300_000);
    // The reader pauses above 8k queued jobs; one read chunk (~2.4k of these lines) more may
    // land before it does.
    assert!(
        max_backlog < 12_000,
        "delivery backlog reached {max_backlog}"
    );
}
