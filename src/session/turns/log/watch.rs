//! The idle watchdog's view of a turn: its timeout, last activity and pending server requests.

use super::{TurnLog, WatchState};
use std::sync::Arc;
use std::time::Duration;

impl TurnLog {
    /// Sets the idle timeout (`None` = off). Returns whether a watchdog must be started.
    pub(crate) fn set_idle_timeout(&self, idle: Option<Duration>) -> bool {
        let start = {
            let mut inner = self.inner.lock().unwrap();
            inner.idle_timeout = idle;
            let start = idle.is_some() && !inner.watchdog_running && inner.outcome.is_none();
            if start {
                inner.watchdog_running = true;
            }
            start
        };
        self.watchdog_changed.notify_waiters();
        start
    }

    /// What the watchdog needs; `None` when it should stop (turn ended or timeout off).
    pub(crate) fn watch_state(&self) -> Option<WatchState> {
        let mut inner = self.inner.lock().unwrap();
        match (inner.outcome.is_some(), inner.idle_timeout) {
            (false, Some(idle)) => Some(WatchState {
                idle,
                last_activity: inner.last_activity,
                pending_server_requests: inner.pending_server_requests,
            }),
            _ => {
                inner.watchdog_running = false;
                None
            }
        }
    }

    /// The watchdog decided to end the turn.
    pub(crate) fn mark_watchdog_fired(&self) -> Option<String> {
        let mut inner = self.inner.lock().unwrap();
        inner.watchdog_fired = true;
        inner.thread_id.clone()
    }

    /// The watchdog's wake-up, shared so it never keeps the log alive.
    pub(crate) fn watchdog_changed(&self) -> Arc<tokio::sync::Notify> {
        self.watchdog_changed.clone()
    }
}
