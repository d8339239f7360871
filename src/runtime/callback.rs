//! A registered callback that can be cleared safely from any thread, including its own.
//!
//! The rules it enforces (ABI.md): after `clear` returns, the callback never starts again; a
//! callback clearing its own slot does not deadlock (the clear takes effect when it returns); the
//! captured state is dropped exactly once, after the last call (by dropping the last `Arc`).

use super::delivery::on_delivery_thread;
use super::fork::Owner;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::ThreadId;

pub(crate) struct Slot<T: ?Sized> {
    state: Mutex<SlotState<T>>,
    idle: Condvar,
    owner: Owner,
}

struct SlotState<T: ?Sized> {
    callback: Option<Arc<T>>,
    running_on: Option<ThreadId>,
    /// Threads waiting in `wait_idle_locked`: `call` signals the condvar only when there are
    /// any, because std's `notify_all` is a futex syscall even with nobody waiting (it was one
    /// syscall per streamed event; see docs/performance.md).
    waiters: usize,
}

impl<T: ?Sized> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            state: Mutex::new(SlotState {
                callback: None,
                running_on: None,
                waiters: 0,
            }),
            idle: Condvar::new(),
            owner: Owner::current(),
        }
    }
}

impl<T: ?Sized> Slot<T> {
    pub(crate) fn new(callback: Arc<T>) -> Self {
        let slot = Self::default();
        slot.state.lock().unwrap().callback = Some(callback);
        slot
    }

    pub(crate) fn is_set(&self) -> bool {
        self.state.lock().unwrap().callback.is_some()
    }

    /// Replaces the callback; the old one is released once no call of it is running elsewhere.
    pub(crate) fn set(&self, callback: Option<Arc<T>>) {
        let old = {
            let mut st = self.wait_idle_locked();
            std::mem::replace(&mut st.callback, callback)
        };
        drop(old);
    }

    pub(crate) fn clear(&self) {
        self.set(None)
    }

    /// Calls the callback, if one is set. Returns whether it ran.
    pub(crate) fn call(&self, f: impl FnOnce(&T)) -> bool {
        let cb = {
            let mut st = self.state.lock().unwrap();
            match st.callback.clone() {
                Some(cb) => {
                    st.running_on = Some(std::thread::current().id());
                    cb
                }
                None => return false,
            }
        };
        // A panic in a Rust callback must not poison the slot or kill the delivery thread.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&cb)));
        // Release this call's reference BEFORE saying the slot is idle: a `clear` waiting on
        // another thread then drops the last reference itself, so the host's `drop` has run by
        // the time `clear` (and the handle's `_free`) returns. After a clear from inside the
        // callback, this is the last reference and `drop` runs here, after the call.
        drop(cb);
        let waiters = {
            let mut st = self.state.lock().unwrap();
            st.running_on = None;
            st.waiters
        };
        if waiters > 0 {
            self.idle.notify_all();
        }
        true
    }

    /// Locks the state once no call is running on another thread. It does not wait for a call
    /// on this thread (the caller itself, inside its own callback), nor when the caller is a
    /// delivery thread (a callback of another client, which may be the one that call waits
    /// for: two clients freeing each other), nor in a forked child (that thread is gone). Then
    /// the running call finishes on its own and drops the callback after it; no new call starts.
    fn wait_idle_locked(&self) -> std::sync::MutexGuard<'_, SlotState<T>> {
        let me = std::thread::current().id();
        let mut st = self.state.lock().unwrap();
        if on_delivery_thread() || self.owner.is_foreign() {
            return st;
        }
        while matches!(st.running_on, Some(t) if t != me) {
            st.waiters += 1;
            st = self.idle.wait(st).unwrap();
            st.waiters -= 1;
        }
        st
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Counted(Arc<AtomicUsize>);
    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn clear_from_inside_drops_after_the_call() {
        let drops = Arc::new(AtomicUsize::new(0));
        let slot: Arc<Slot<Counted>> = Arc::new(Slot::new(Arc::new(Counted(drops.clone()))));
        let s2 = slot.clone();
        let ran = slot.call(|c| {
            s2.clear();
            assert_eq!(c.0.load(Ordering::SeqCst), 0, "dropped while running");
        });
        assert!(ran);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
        assert!(!slot.call(|_| panic!("must not run after clear")));
    }
}
