//! Review, goals and dynamic tools through the Rust API against the real app-server in the
//! offline fixture (the C, C++ and Go tests cover the account limits as well).

use codex::{
    tool_answer_json, Client, DynamicTool, Options, ReviewDelivery, ReviewTargetKind,
    ServerRequestView, Status, ThreadGoalStatus, ToolContent, TurnStatus,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run under tests/fixtures/run_with_fixture.py")
    })
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

async fn client() -> Client {
    let dir = std::env::temp_dir().join(format!(
        "codex-methods-test-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(env("CODEX_TEST_HOME_TEMPLATE"), dir.join("config.toml")).unwrap();
    let client = Client::start(Options {
        codex_bin: Some(env("CODEX_BIN")),
        codex_home: Some(dir.display().to_string()),
        request_timeout: Duration::from_secs(30),
        ..Options::default()
    })
    .await
    .expect("start");
    client
        .login_api_key("sk-methods-test-0123456789")
        .await
        .expect("login");
    client
}

#[tokio::test]
async fn review_is_a_turn_and_detached_is_refused() {
    let c = client().await;
    let t = c.thread_start(None).await.unwrap();
    let turn = t
        .review(
            ReviewTargetKind::Custom,
            Some("review the rust api"),
            ReviewDelivery::Inline,
        )
        .await
        .unwrap();
    let r = turn.wait().await.unwrap();
    assert_eq!(r.status, TurnStatus::Completed);
    assert!(r
        .final_response
        .as_deref()
        .unwrap_or("")
        .contains("review the rust api"));
    let e = t
        .review(
            ReviewTargetKind::UncommittedChanges,
            None,
            ReviewDelivery::Detached,
        )
        .await
        .err()
        .expect("detached review accepted");
    assert_eq!(e.status, Status::Rpc);
    assert!(e.message.contains("detached"), "{}", e.message);
    let e = t
        .review(ReviewTargetKind::BaseBranch, None, ReviewDelivery::Inline)
        .await
        .err()
        .unwrap();
    assert_eq!(e.status, Status::InvalidArgument);
}

#[tokio::test]
async fn goal_budget_stops_it() {
    let c = client().await;
    let t = c.thread_start(None).await.unwrap();
    assert!(t.goal().await.unwrap().is_none());
    let g = t
        .goal_set(Some("rust haiku"), Some(30), ThreadGoalStatus::Other)
        .await
        .unwrap();
    assert_eq!(g.status, ThreadGoalStatus::Active);
    assert_eq!(g.token_budget, Some(30));
    let start = Instant::now();
    let mut last = g.value;
    while start.elapsed() < Duration::from_secs(30) && last.status == ThreadGoalStatus::Active {
        tokio::time::sleep(Duration::from_millis(50)).await;
        last = t.goal().await.unwrap().expect("goal").value;
    }
    println!(
        "goal: {:?} after {:?}, {} tokens",
        last.status,
        start.elapsed(),
        last.tokens_used
    );
    assert_eq!(last.status, ThreadGoalStatus::BudgetLimited);
    assert!(last.tokens_used >= 30);
    assert!(t.goal_clear().await.unwrap());
    assert!(!t.goal_clear().await.unwrap());
}

#[tokio::test]
async fn dynamic_tool_call_answered() {
    let c = client().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    c.set_server_request_handler(Some(Arc::new(move |req: codex::ServerRequest| {
        if let ServerRequestView::DynamicToolCall(p) =
            ServerRequestView::parse(req.method(), req.params_json())
        {
            assert_eq!(p.tool.as_deref(), Some("lookup_weather"));
            assert!(p.arguments.unwrap().get().contains("Paris"));
            seen.fetch_add(1, Ordering::SeqCst);
            req.respond(&tool_answer_json(true, &[ToolContent::text("hail, 3 C")]))
                .unwrap();
        }
    })))
    .unwrap();
    let t = c
        .thread_start_with_tools(
            None,
            &[DynamicTool {
                name: "lookup_weather".into(),
                description: "weather".into(),
                input_schema_json: r#"{"type":"object","properties":{"city":{"type":"string"}}}"#
                    .into(),
            }],
        )
        .await
        .unwrap();
    let r = t.run("calltool lookup_weather now", None).await.unwrap();
    assert_eq!(r.final_response.as_deref(), Some("tool said: hail, 3 C"));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}
