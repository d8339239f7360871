//! Issue 15 regression: a turn started right after an interrupt must be a new turn.
//!
//! The app-server joins a `turn/start` on a busy thread to the active turn (same turn id). An
//! interrupt is answered before the server has wound the turn down, so a turn started at once
//! after it (a cancelled `codex_thread_run` followed by the next run, or Stop then Send) joined
//! the dying turn and came back INTERRUPTED (CI: next_c_test_cancel, 0.171.0, under load).

mod regress_support;

use codex::TurnStatus;
use regress_support::{bounded, fresh_home, logged_in_client};
use std::time::Duration;

const ROUNDS: usize = 8;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_turn_started_right_after_an_interrupt_is_a_new_turn() {
    let home = fresh_home("interrupt-then-start");
    let client = logged_in_client(&home).await;
    let thread = bounded("thread_start", client.thread_start(None))
        .await
        .expect("thread_start");
    let mut joined = Vec::new();
    for i in 0..ROUNDS {
        let held = bounded("turn/start", thread.turn(&format!("hold round {i}"), None))
            .await
            .expect("turn");
        tokio::time::sleep(Duration::from_millis(30)).await;
        // Half the rounds interrupt and wait for the answer, half as a cancelled run does.
        if i % 2 == 0 {
            bounded("interrupt", held.interrupt())
                .await
                .expect("interrupt");
        } else {
            held.interrupt_in_background();
        }
        let next = bounded("turn/start", thread.turn(&format!("after round {i}"), None))
            .await
            .expect("next turn");
        if next.id() == held.id() {
            joined.push(i);
        }
        let result = bounded("next wait", next.wait()).await.expect("wait");
        let held_result = bounded("held wait", held.wait()).await.expect("held wait");
        assert_eq!(held_result.status, TurnStatus::Interrupted, "round {i}");
        assert_eq!(
            (result.status, result.final_response.as_deref()),
            (
                TurnStatus::Completed,
                Some(format!("You said: after round {i}").as_str())
            ),
            "round {i}: the turn after the interrupt (joined rounds so far: {joined:?})"
        );
    }
    drop(thread);
    drop(client);
    let _ = std::fs::remove_dir_all(&home);
    assert!(
        joined.is_empty(),
        "rounds {joined:?} joined the interrupted turn"
    );
}
