//! Issue 12 regression: a finished turn's log (items, final text, usage) must not outlive its
//! handles. Today the idle watchdog task keeps a strong reference across its sleep (10 min by
//! default), so the logs stay in memory long after the turns ended and the client was freed.
//!
//! Alone in its file (one test, one process): it reads a process-wide counter
//! (`codex::testing::live_turn_logs`), which a parallel test would skew.

mod regress_support;

use codex::TurnStatus;
use regress_support::{bounded, fresh_home, logged_in_client};
use std::time::{Duration, Instant};

const TURNS: usize = 20;

#[test]
fn finished_turn_logs_are_freed_once_handles_and_client_are_gone() {
    let baseline = codex::testing::live_turn_logs();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let home = fresh_home("retention");
    let client = rt.block_on(async {
        let client = logged_in_client(&home).await;
        let thread = bounded("thread_start", client.thread_start(None))
            .await
            .expect("thread_start");
        for i in 0..TURNS {
            let text = format!("retention turn {i}");
            let turn = bounded("turn/start", thread.turn(&text, None))
                .await
                .expect("turn");
            let result = bounded("turn wait", turn.wait()).await.expect("wait");
            assert_eq!(result.status, TurnStatus::Completed, "turn {i}");
            assert_eq!(
                result.final_response.as_deref(),
                Some(format!("You said: {text}").as_str())
            );
            drop(result);
            drop(turn);
        }
        drop(thread);
        client
    });
    let with_client = codex::testing::live_turn_logs();
    eprintln!(
        "live turn logs: baseline {baseline}, after {TURNS} finished turns (handles dropped, \
         client open) {with_client}"
    );
    client.close();
    drop(rt);

    // Everything is gone: the logs must be too (allow a moment for background tasks to end).
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut live = codex::testing::live_turn_logs();
    while live > baseline && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        live = codex::testing::live_turn_logs();
    }
    let _ = std::fs::remove_dir_all(&home);
    assert_eq!(
        live,
        baseline,
        "{} TurnLog(s) of {TURNS} finished turns are still alive 2 s after every turn, thread \
         and the client were dropped (baseline {baseline}, now {live}); the idle watchdog \
         (10 min default) must not keep finished turns alive",
        live - baseline
    );
}
