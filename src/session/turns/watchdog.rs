//! The idle watchdog: a turn with no event for its idle timeout (while no server request for it
//! awaits an answer) is interrupted; if `turn/completed` still does not come within a grace
//! period, the turn completes locally as failed. It holds the log only weakly and stops as soon
//! as the turn ends, so a finished turn's memory is never kept alive by it.

use super::log::TurnLog;
use crate::error::Result;
use crate::options::LogLevel;
use crate::protocol::{methods, params};
use crate::runtime::delivery::Delivery;
use crate::session::connection::Connection;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

/// Sends `turn/interrupt`.
pub(crate) async fn interrupt(conn: &Connection, thread_id: &str, turn_id: &str) -> Result<()> {
    conn.call_method::<methods::TurnInterrupt>(&params::TurnInterruptParams { thread_id, turn_id })
        .await
        .map(|_| ())
}

/// Sets a turn's idle timeout, starting its watchdog if none runs.
pub(crate) fn set_idle_timeout(
    log: &Arc<TurnLog>,
    idle: Option<Duration>,
    conn: Weak<Connection>,
    delivery: Weak<Delivery>,
) {
    if log.set_idle_timeout(idle) {
        crate::runtime::executor::handle().spawn(run(conn, delivery, Arc::downgrade(log)));
    }
}

async fn run(conn: Weak<Connection>, delivery: Weak<Delivery>, log: Weak<TurnLog>) {
    let Some(changed) = log.upgrade().map(|l| l.watchdog_changed()) else {
        return;
    };
    loop {
        // Registered before reading the state, so an end or a change in between still wakes it.
        let notified = changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        let state = {
            let Some(log) = log.upgrade() else { return };
            let Some(state) = log.watch_state() else {
                return;
            };
            state
        };
        let deadline = if state.pending_server_requests > 0 {
            Instant::now() + state.idle.min(Duration::from_millis(500))
        } else {
            state.last_activity + state.idle
        };
        if state.pending_server_requests > 0 || Instant::now() < deadline {
            // Sleep to the deadline, or until the timeout changes or the turn ends.
            tokio::select! {
                _ = tokio::time::sleep_until(deadline.into()) => {}
                _ = notified => {}
            }
            continue;
        }
        // Idle for too long: interrupt, then give the server a grace period to confirm.
        let (Some(conn), Some(log)) = (conn.upgrade(), log.upgrade()) else {
            return;
        };
        let thread_id = log.mark_watchdog_fired().unwrap_or_default();
        let grace = (state.idle / 4).clamp(Duration::from_millis(200), Duration::from_secs(10));
        conn.diag.log(
            LogLevel::Warn,
            &format!(
                "turn {} idle for {:?}: interrupting it",
                log.turn_id, state.idle
            ),
        );
        let _ = tokio::time::timeout(grace, interrupt(&conn, &thread_id, &log.turn_id)).await;
        let _ = tokio::time::timeout(grace, log.wait()).await;
        if let Some(delivery) = delivery.upgrade() {
            log.fail_by_watchdog(
                &format!(
                    "the turn sent no event for {} ms; the idle watchdog ended it",
                    state.idle.as_millis()
                ),
                &delivery,
            );
        }
        return;
    }
}
