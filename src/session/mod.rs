//! A session: everything one connected app-server needs, each part owning its own state.
//!
//! ```text
//! Session (hub.rs: composes the parts, start, death, shutdown)
//!  ├─ Connection     writer, pending requests by id, -32001 retry, alive/dead/closed
//!  ├─ Diagnostics    host log callback (redacted), app-server stderr at its level
//!  ├─ TurnRegistry   turn logs by id, in-flight starts, per-thread start locks
//!  │    └─ TurnLog   one turn's events, cursors, result fold, callbacks, watchdog state
//!  ├─ LoginRegistry  login completions by loginId
//!  ├─ ServerRequests handler slot, handler timeout, safe defaults
//!  ├─ Notifications  the unclaimed-notification queue or callback
//!  ├─ ThreadStreams  per-thread subscriptions (bounded queues with GAP, or callbacks)
//!  └─ ProcessRegistry command/exec processes by processId: streamed output, exit, callback
//! dispatch.rs sorts each incoming line to one of them.
//! ```
//!
//! Threads and tasks: one process-wide tokio runtime (2 workers) runs, per session, a stdout
//! reader task (calls `dispatch`), a stdin writer task, a stderr drain, a child-exit watcher,
//! a timer per server request awaiting the host, and a watchdog per turn with an idle timeout.
//! One delivery thread per session runs every host callback, in server order. Host threads
//! block in `runtime::blocking`, never on a runtime worker.
//!
//! Lock order (a lock may be taken while holding the ones before it, never the reverse):
//! 1. `TurnRegistry.state` / `LoginRegistry.logins` / `Notifications.queue` /
//!    `ThreadStreams.by_thread` / `ProcessRegistry.procs` (never two of these)
//! 2. `TurnLog.inner` / `StreamQueue.inner` / `ProcessState.inner` (never two of these)
//! 3. `Delivery.tx` (posting a job)
//!
//! `Connection.pending`, `Connection.dead`, `Connection.writer` and the callback slots are
//! leaves: nothing else is locked while holding them. Callbacks never run under any lock.

pub(crate) mod connection;
pub(crate) mod diagnostics;
pub(crate) mod dispatch;
pub(crate) mod hub;
pub(crate) mod logins;
pub(crate) mod notifications;
pub(crate) mod processes;
pub(crate) mod retry;
pub(crate) mod server_requests;
pub(crate) mod streams;
pub(crate) mod turns;
