//! The one process-wide tokio runtime that does all I/O. No callback ever runs on its workers.

use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};
use std::sync::Mutex;

/// The runtime of the current process and that process's pid. After `fork()` the child's copy
/// names the parent: the child builds its own runtime (the parent's copy has no threads there
/// and is never dropped, which would try to join them).
static CURRENT: AtomicPtr<tokio::runtime::Runtime> = AtomicPtr::new(std::ptr::null_mut());
static CURRENT_PID: AtomicU32 = AtomicU32::new(0);
static BUILD: Mutex<()> = Mutex::new(());

fn build() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("codex-io")
        .enable_all()
        .on_thread_start(block_sigpipe)
        .build()
        .expect("failed to start the codex-ffi tokio runtime")
}

/// The shared runtime (of this process).
pub(crate) fn handle() -> &'static tokio::runtime::Runtime {
    let pid = std::process::id();
    let rt = CURRENT.load(Ordering::Acquire);
    if !rt.is_null() && CURRENT_PID.load(Ordering::Acquire) == pid {
        // SAFETY: runtimes are leaked, never freed.
        return unsafe { &*rt };
    }
    let _build = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let rt = CURRENT.load(Ordering::Acquire);
    if !rt.is_null() && CURRENT_PID.load(Ordering::Acquire) == pid {
        // SAFETY: as above.
        return unsafe { &*rt };
    }
    let fresh: &'static tokio::runtime::Runtime = Box::leak(Box::new(build()));
    CURRENT.store(fresh as *const _ as *mut _, Ordering::Release);
    CURRENT_PID.store(pid, Ordering::Release);
    fresh
}

/// Library-owned threads block SIGPIPE, so a write to a dead app-server returns EPIPE (and so a
/// `TRANSPORT` error) instead of killing the host process. Children do not inherit this: the
/// standard library resets the signal mask before exec.
pub(crate) fn block_sigpipe() {
    // SAFETY: plain libc calls on a local, initialised sigset.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGPIPE);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}
