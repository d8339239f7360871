//! Issue 12 regression: the per-thread `turn/start` locks (`Router::turn_start_locks`) grow by
//! one entry per thread id forever. After the threads are gone, at most one may remain.

mod regress_support;

use codex::TurnStatus;
use regress_support::{bounded, fresh_home, logged_in_client};

const THREADS: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turn_start_locks_are_pruned_when_threads_go_away() {
    let home = fresh_home("start-locks");
    let client = logged_in_client(&home).await;
    let before = client.turn_start_locks_len();
    for i in 0..THREADS {
        let thread = bounded("thread_start", client.thread_start(None))
            .await
            .expect("thread_start");
        let turn = bounded("turn/start", thread.turn(&format!("lock turn {i}"), None))
            .await
            .expect("turn");
        let result = bounded("turn wait", turn.wait()).await.expect("wait");
        assert_eq!(result.status, TurnStatus::Completed, "turn on thread {i}");
        drop(turn);
        drop(thread);
    }
    let after = client.turn_start_locks_len();
    drop(client);
    let _ = std::fs::remove_dir_all(&home);
    assert!(
        after <= 1,
        "turn_start_locks holds {after} entries after {THREADS} threads each ran one turn and \
         were dropped (before: {before}); expected at most 1"
    );
}
