//! Fork detection. After `fork()` only the forking thread exists in the child: the runtime's
//! workers, the delivery threads and the reader tasks do not, so any call that waits for them
//! would wait forever, and the child's copy of a client shares the parent's pipes and process
//! group. A handle remembers the pid that created it; in another process it is dead.

use crate::error::{Error, Status};

/// The process a handle was created in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Owner {
    pid: u32,
}

impl Owner {
    /// The current process.
    pub(crate) fn current() -> Self {
        Owner {
            pid: std::process::id(),
        }
    }

    /// Whether this is a forked child of the owner.
    pub(crate) fn is_foreign(&self) -> bool {
        std::process::id() != self.pid
    }

    /// `CLOSED` in a forked child, else `Ok`.
    pub(crate) fn check(&self) -> crate::Result<()> {
        if self.is_foreign() {
            Err(Error::new(
                Status::Closed,
                "this handle was used after fork(): it belongs to the parent process; call codex_new in the child",
            ))
        } else {
            Ok(())
        }
    }
}
