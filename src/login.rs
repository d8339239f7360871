//! Logins: API key (completes at once) and the interactive ChatGPT flows (browser and device
//! code), whose handles complete later through `account/login/completed`, routed by login id.

use crate::callback::Slot;
use crate::delivery::Delivery;
use crate::error::{Error, Result, Status};
use crate::router::Router;
use serde::Deserialize;
use std::sync::{Arc, Mutex};

/// How a login ended (a failed login is a result, not an error).
#[derive(Debug, Clone, PartialEq)]
pub struct LoginResult {
    pub login_id: String,
    pub success: bool,
    pub error: Option<String>,
    /// The `account/login/completed` params as raw JSON.
    pub raw_json: String,
}

#[derive(Deserialize)]
struct CompletedParams {
    #[serde(default)]
    success: bool,
    #[serde(default)]
    error: Option<String>,
}

impl LoginResult {
    pub(crate) fn from_params(login_id: &str, params: &str) -> LoginResult {
        let p: Option<CompletedParams> = serde_json::from_str(params).ok();
        LoginResult {
            login_id: login_id.to_owned(),
            success: p.as_ref().is_some_and(|p| p.success),
            error: p.and_then(|p| p.error),
            raw_json: params.to_owned(),
        }
    }
}

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

/// Which interactive flow a login handle belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginKind {
    ChatgptBrowser,
    ChatgptDeviceCode,
}

/// A pending interactive login.
pub struct Login {
    router: Arc<Router>,
    state: Arc<LoginState>,
    pub(crate) kind: LoginKind,
    pub(crate) id: String,
    pub(crate) auth_url: Option<String>,
    pub(crate) verification_url: Option<String>,
    pub(crate) user_code: Option<String>,
    callback: Mutex<Option<Arc<Slot<LoginFn>>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StartResponse {
    login_id: Option<String>,
    auth_url: Option<String>,
    verification_url: Option<String>,
    user_code: Option<String>,
}

impl Login {
    pub(crate) async fn start(router: Arc<Router>, kind: LoginKind) -> Result<Login> {
        let params = match kind {
            LoginKind::ChatgptBrowser => r#"{"type":"chatgpt"}"#,
            LoginKind::ChatgptDeviceCode => r#"{"type":"chatgptDeviceCode"}"#,
        };
        let raw = router.call("account/login/start", params).await?;
        let resp: StartResponse = serde_json::from_str(&raw).map_err(|e| {
            Error::new(
                Status::Internal,
                format!("unexpected account/login/start result: {e}"),
            )
        })?;
        let id = resp.login_id.ok_or_else(|| {
            Error::new(Status::Internal, "account/login/start returned no loginId")
        })?;
        // A completion that arrived before this response is already buffered under this id.
        let state = router.login_state(&id);
        Ok(Login {
            router,
            state,
            kind,
            id,
            auth_url: resp.auth_url,
            verification_url: resp.verification_url,
            user_code: resp.user_code,
            callback: Mutex::new(None),
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn kind(&self) -> LoginKind {
        self.kind
    }
    pub fn auth_url(&self) -> Option<&str> {
        self.auth_url.as_deref()
    }
    pub fn verification_url(&self) -> Option<&str> {
        self.verification_url.as_deref()
    }
    pub fn user_code(&self) -> Option<&str> {
        self.user_code.as_deref()
    }

    /// Waits for the completion (a failed login is `Ok` with `success == false`).
    pub async fn wait(&self) -> Result<LoginResult> {
        self.state.wait().await
    }

    /// Whether the login has completed (successfully or not).
    pub fn is_done(&self) -> bool {
        self.state.is_done()
    }

    /// Cancels the login. Cancelling twice, or after completion, is not an error.
    pub async fn cancel(&self) -> Result<()> {
        // ABI.md: once the client is freed, a child handle's calls are CLOSED (even though the
        // shutdown completed this login, which would otherwise make cancel a no-op).
        if self.router.is_closed() {
            return Err(Error::closed());
        }
        if self.state.is_done() {
            return Ok(());
        }
        let params = format!("{{\"loginId\":{}}}", crate::rpc::json_string(&self.id));
        // The server answers {"status":"canceled"} or {"status":"notFound"}: both mean "not pending".
        self.router
            .call("account/login/cancel", &params)
            .await
            .map(|_| ())
    }

    /// Calls `f` once with the outcome, on the client's delivery thread.
    pub fn on_complete(
        &self,
        f: impl Fn(&Result<LoginResult>) + Send + Sync + 'static,
    ) -> Result<()> {
        let f: Arc<LoginFn> = Arc::new(f);
        self.set_on_complete(f)
    }

    pub(crate) fn set_on_complete(&self, f: Arc<LoginFn>) -> Result<()> {
        if self.router.is_closed() {
            return Err(Error::closed());
        }
        let slot = Arc::new(Slot::new(f));
        // A completed login's callback may run on the delivery thread, and free this handle,
        // before this returns: hold the lock its drop takes until the slot is stored.
        let mut mine = self.callback.lock().unwrap();
        self.state
            .set_callback(slot.clone(), &self.router.delivery)?;
        *mine = Some(slot);
        Ok(())
    }
}

impl Drop for Login {
    fn drop(&mut self) {
        // After the handle is gone its callback must never start.
        if let Some(cb) = self.callback.lock().unwrap().take() {
            cb.clear();
        }
        self.state.clear_callback();
        if self.state.is_done() {
            self.router.forget_login(&self.id);
        }
    }
}
