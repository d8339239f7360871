//! Sends an interrupt the host asked for before its turn was active (see `log/interrupt.rs`):
//! called by the dispatcher when `turn/started` arrives, on a runtime task so the reader never
//! waits for the answer.

use super::log::TurnLog;
use super::watchdog::interrupt;
use crate::error::Status;
use crate::options::LogLevel;
use crate::session::connection::Connection;
use std::sync::{Arc, Weak};
use std::time::Duration;

/// How often a held interrupt the server refused is tried again (the server may still be
/// activating the turn), and how long between tries.
const ATTEMPTS: u32 = 5;
const PAUSE: Duration = Duration::from_millis(20);

/// Sends the held interrupt of `log`'s turn in the background.
pub(crate) fn send_held(conn: &Arc<Connection>, log: &Arc<TurnLog>) {
    let conn = Arc::downgrade(conn);
    let log = Arc::downgrade(log);
    crate::runtime::executor::handle().spawn(run(conn, log));
}

async fn run(conn: Weak<Connection>, log: Weak<TurnLog>) {
    for attempt in 1..=ATTEMPTS {
        let (Some(conn), Some(log)) = (conn.upgrade(), log.upgrade()) else {
            return;
        };
        if log.is_done() {
            return;
        }
        let thread_id = log.thread_id().unwrap_or_default();
        match interrupt(&conn, &thread_id, &log.turn_id).await {
            Ok(()) => return,
            Err(e) if e.status == Status::Rpc && attempt < ATTEMPTS => {
                conn.diag.log(
                    LogLevel::Debug,
                    &format!(
                        "held interrupt of turn {} refused ({}); trying again",
                        log.turn_id, e.message
                    ),
                );
            }
            Err(e) => {
                conn.diag.log(
                    LogLevel::Warn,
                    &format!(
                        "held interrupt of turn {} failed: {}",
                        log.turn_id, e.message
                    ),
                );
                return;
            }
        }
        drop((conn, log));
        tokio::time::sleep(PAUSE).await;
    }
}
