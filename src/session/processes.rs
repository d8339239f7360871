//! Standalone processes (`command/exec` with a client-chosen `processId`) on the session side:
//! each one's streamed output, routed by `processId` from `command/exec/outputDelta`, its exit
//! (the `command/exec` response, which the server sends after the last chunk), and its output
//! callback. Output of a process id nobody registered goes to the notification queue.

use crate::error::{Error, Result};
use crate::protocol::exec::{CommandExecOutputDeltaNotification, CommandExecResponse, OutputChunk};
use crate::runtime::callback::Slot;
use crate::runtime::delivery::Delivery;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// The output callback: a chunk, then `None` once at the end (the process exited or failed).
pub(crate) type OutputFn = dyn Fn(Option<&OutputChunk>) + Send + Sync;

pub(crate) struct ProcessState {
    inner: Mutex<Inner>,
    notify: tokio::sync::Notify,
}

#[derive(Default)]
struct Inner {
    chunks: VecDeque<OutputChunk>,
    exit: Option<Result<CommandExecResponse>>,
    callback: Option<Arc<Slot<OutputFn>>>,
    /// The handle is gone: output is dropped.
    detached: bool,
}

impl ProcessState {
    fn new() -> Arc<Self> {
        Arc::new(ProcessState {
            inner: Mutex::new(Inner::default()),
            notify: tokio::sync::Notify::new(),
        })
    }

    fn push(&self, chunk: OutputChunk, delivery: &Delivery) {
        let mut st = self.inner.lock().unwrap();
        if st.detached || st.exit.is_some() {
            return;
        }
        if let Some(cb) = st.callback.clone() {
            // Posted under the lock: chunks reach the callback in server order.
            delivery.post(Box::new(move || {
                cb.call(|f| f(Some(&chunk)));
            }));
            return;
        }
        st.chunks.push_back(chunk);
        drop(st);
        self.notify.notify_waiters();
    }

    /// Records the exit (the first outcome counts) and tells the callback the output ended.
    pub(crate) fn finish(&self, outcome: Result<CommandExecResponse>, delivery: &Delivery) {
        let mut st = self.inner.lock().unwrap();
        if st.exit.is_some() {
            return;
        }
        st.exit = Some(outcome);
        if let Some(cb) = st.callback.clone() {
            delivery.post(Box::new(move || {
                cb.call(|f| f(None));
            }));
        }
        drop(st);
        self.notify.notify_waiters();
    }

    /// The next chunk if one is queued, the end (`Ok(None)`) after the exit, or `None` when
    /// there is nothing yet.
    pub(crate) fn try_next(&self) -> Option<Result<Option<OutputChunk>>> {
        let mut st = self.inner.lock().unwrap();
        if st.callback.is_some() {
            return Some(Err(Error::invalid(
                "this process's output goes to its output callback",
            )));
        }
        if let Some(c) = st.chunks.pop_front() {
            return Some(Ok(Some(c)));
        }
        match &st.exit {
            Some(Ok(_)) => Some(Ok(None)),
            Some(Err(e)) => Some(Err(e.clone())),
            None => None,
        }
    }

    pub(crate) async fn next(&self) -> Result<Option<OutputChunk>> {
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(r) = self.try_next() {
                return r;
            }
            notified.await;
        }
    }

    pub(crate) fn exit(&self) -> Option<Result<CommandExecResponse>> {
        self.inner.lock().unwrap().exit.clone()
    }

    pub(crate) async fn wait(&self) -> Result<CommandExecResponse> {
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(r) = self.exit() {
                return r;
            }
            notified.await;
        }
    }

    /// Sends the output to `cb` from now on: what is queued first, then the end if the process
    /// already exited.
    pub(crate) fn set_callback(&self, cb: Arc<Slot<OutputFn>>, delivery: &Delivery) -> Result<()> {
        let mut st = self.inner.lock().unwrap();
        if st.callback.is_some() {
            return Err(Error::invalid(
                "an output callback is already set on this process",
            ));
        }
        let queued: Vec<OutputChunk> = st.chunks.drain(..).collect();
        let ended = st.exit.is_some();
        let slot = cb.clone();
        if !queued.is_empty() || ended {
            delivery.post(Box::new(move || {
                for c in &queued {
                    slot.call(|f| f(Some(c)));
                }
                if ended {
                    slot.call(|f| f(None));
                }
            }));
        }
        st.callback = Some(cb);
        drop(st);
        // A waiter in `next` now fails (the output goes to the callback).
        self.notify.notify_waiters();
        Ok(())
    }

    /// The handle is going away: drop queued and later output, hand back the callback to clear.
    pub(crate) fn detach(&self) -> Option<Arc<Slot<OutputFn>>> {
        let mut st = self.inner.lock().unwrap();
        st.detached = true;
        st.chunks.clear();
        st.callback.take()
    }
}

/// Running processes by id.
#[derive(Default)]
pub(crate) struct ProcessRegistry {
    procs: Mutex<HashMap<String, Arc<ProcessState>>>,
}

impl ProcessRegistry {
    /// A new process's state; `INVALID_ARGUMENT` if the id is in use on this connection.
    pub(crate) fn register(&self, process_id: &str) -> Result<Arc<ProcessState>> {
        let mut procs = self.procs.lock().unwrap();
        if procs.contains_key(process_id) {
            return Err(Error::invalid(format!(
                "process id \"{process_id}\" is in use on this client"
            )));
        }
        let s = ProcessState::new();
        procs.insert(process_id.to_owned(), s.clone());
        Ok(s)
    }

    /// Forgets a process (its exit arrived, or it never started).
    pub(crate) fn remove(&self, process_id: &str, state: &Arc<ProcessState>) {
        let mut procs = self.procs.lock().unwrap();
        if procs.get(process_id).is_some_and(|s| Arc::ptr_eq(s, state)) {
            procs.remove(process_id);
        }
    }

    /// Routes a `command/exec/outputDelta` to its process; false if no process claims it.
    pub(crate) fn route(&self, params_json: &str, delivery: &Delivery) -> bool {
        let Some((id, chunk)) = CommandExecOutputDeltaNotification::decode(params_json) else {
            return false;
        };
        let state = self.procs.lock().unwrap().get(&id).cloned();
        match state {
            Some(s) => {
                s.push(chunk, delivery);
                true
            }
            None => false,
        }
    }

    pub(crate) fn all(&self) -> Vec<Arc<ProcessState>> {
        self.procs.lock().unwrap().values().cloned().collect()
    }
}
