//! The per-client delivery thread: every callback of a client runs here, in server order, so a
//! slow callback delays only its own client and never a runtime worker.

use std::sync::mpsc;
use std::sync::Mutex;
use std::thread::{JoinHandle, ThreadId};

pub(crate) type Job = Box<dyn FnOnce() + Send>;

pub(crate) struct Delivery {
    tx: Mutex<Option<mpsc::Sender<Job>>>,
    thread_id: ThreadId,
    join: Mutex<Option<JoinHandle<()>>>,
}

impl Delivery {
    pub(crate) fn start(name: String) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel::<Job>();
        let join = std::thread::Builder::new().name(name).spawn(move || {
            crate::runtime::block_sigpipe();
            while let Ok(job) = rx.recv() {
                // Jobs catch their own callback panics; this guard keeps the thread alive anyway.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            }
        })?;
        Ok(Delivery {
            tx: Mutex::new(Some(tx)),
            thread_id: join.thread().id(),
            join: Mutex::new(Some(join)),
        })
    }

    /// Queues a job; after `stop` jobs are dropped unrun.
    pub(crate) fn post(&self, job: Job) {
        if let Some(tx) = self.tx.lock().unwrap().as_ref() {
            let _ = tx.send(job);
        }
    }

    pub(crate) fn is_current(&self) -> bool {
        std::thread::current().id() == self.thread_id
    }

    /// Lets the thread finish its queue and exit; joins it unless called from it.
    pub(crate) fn stop(&self) {
        self.tx.lock().unwrap().take();
        let join = self.join.lock().unwrap().take();
        if let Some(join) = join {
            if !self.is_current() {
                let _ = join.join();
            }
        }
    }
}
