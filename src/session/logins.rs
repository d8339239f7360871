//! Interactive logins on the session side: each login's completion (routed by `loginId`, kept
//! until claimed, so a completion that beats the `account/login/start` response is replayed)
//! and its completion callback.

use crate::error::{Error, Result};
use crate::protocol::results::LoginResult;
use crate::runtime::callback::Slot;
use crate::runtime::delivery::Delivery;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Login completions nobody claimed that are kept.
const MAX_UNCLAIMED_LOGINS: usize = 64;

pub(crate) type LoginFn = dyn Fn(&Result<LoginResult>) + Send + Sync;

/// Where a login's completion waits until someone claims it (early completions are replayed).
pub(crate) struct LoginState {
    outcome: Mutex<Option<Result<LoginResult>>>,
    callback: Mutex<Option<Arc<Slot<LoginFn>>>>,
    notify: tokio::sync::Notify,
}

impl LoginState {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(LoginState {
            outcome: Mutex::new(None),
            callback: Mutex::new(None),
            notify: tokio::sync::Notify::new(),
        })
    }

    pub(crate) fn is_done(&self) -> bool {
        self.outcome.lock().unwrap().is_some()
    }

    /// Records the first outcome; later ones are ignored.
    pub(crate) fn complete(&self, outcome: Result<LoginResult>, delivery: &Delivery) {
        {
            let mut slot = self.outcome.lock().unwrap();
            if slot.is_some() {
                return;
            }
            *slot = Some(outcome.clone());
        }
        if let Some(cb) = self.callback.lock().unwrap().take() {
            delivery.post(Box::new(move || {
                cb.call(|f| f(&outcome));
                // One-shot: release the host's user_data (its drop) right after the call.
                cb.clear();
            }));
        }
        self.notify.notify_waiters();
    }

    pub(crate) async fn wait(&self) -> Result<LoginResult> {
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(outcome) = self.outcome.lock().unwrap().clone() {
                return outcome;
            }
            notified.await;
        }
    }

    pub(crate) fn set_callback(&self, cb: Arc<Slot<LoginFn>>, delivery: &Delivery) -> Result<()> {
        let outcome = self.outcome.lock().unwrap().clone();
        let mut slot = self.callback.lock().unwrap();
        if slot.is_some() {
            return Err(Error::invalid(
                "a completion callback is already set on this login",
            ));
        }
        match outcome {
            Some(outcome) => delivery.post(Box::new(move || {
                cb.call(|f| f(&outcome));
                cb.clear();
            })),
            None => *slot = Some(cb),
        }
        Ok(())
    }

    pub(crate) fn clear_callback(&self) {
        if let Some(cb) = self.callback.lock().unwrap().take() {
            cb.clear();
        }
    }
}

/// Logins by id.
#[derive(Default)]
pub(crate) struct LoginRegistry {
    logins: Mutex<HashMap<String, Arc<LoginState>>>,
}

impl LoginRegistry {
    /// The state of a login, created (to buffer an early completion) if unknown; completed
    /// with `dead` at once if the connection is gone.
    pub(crate) fn state(
        &self,
        login_id: &str,
        dead: Option<Error>,
        delivery: &Delivery,
    ) -> Arc<LoginState> {
        let mut logins = self.logins.lock().unwrap();
        if let Some(s) = logins.get(login_id) {
            return s.clone();
        }
        let s = LoginState::new();
        if let Some(e) = dead {
            s.complete(Err(e), delivery);
        }
        logins.insert(login_id.to_owned(), s.clone());
        s
    }

    pub(crate) fn forget(&self, login_id: &str) {
        self.logins.lock().unwrap().remove(login_id);
    }

    /// Records a login's completion (the first one counts).
    pub(crate) fn complete(
        &self,
        login_id: &str,
        result: Result<LoginResult>,
        delivery: &Delivery,
    ) {
        let state = {
            let mut logins = self.logins.lock().unwrap();
            let s = logins
                .entry(login_id.to_owned())
                .or_insert_with(LoginState::new)
                .clone();
            if logins.len() > MAX_UNCLAIMED_LOGINS {
                // Drop completed logins nobody holds.
                logins.retain(|id, s| id == login_id || !s.is_done() || Arc::strong_count(s) > 1);
            }
            s
        };
        state.complete(result, delivery);
    }

    pub(crate) fn all(&self) -> Vec<Arc<LoginState>> {
        self.logins.lock().unwrap().values().cloned().collect()
    }
}
