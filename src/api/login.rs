//! Logins: API key (completes at once) and the interactive ChatGPT flows (browser and device
//! code), whose handles complete later through `account/login/completed`, routed by login id.

use crate::error::{Error, Result, Status};
use crate::protocol::results::LoginResult;
use crate::protocol::{methods, params};
use crate::runtime::callback::Slot;
use crate::session::hub::Session;
use crate::session::logins::{LoginFn, LoginState};
use std::sync::{Arc, Mutex};

/// Which interactive flow a login handle belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginKind {
    ChatgptBrowser,
    ChatgptDeviceCode,
}

/// A pending interactive login.
pub struct Login {
    session: Arc<Session>,
    state: Arc<LoginState>,
    pub(crate) kind: LoginKind,
    pub(crate) id: String,
    pub(crate) auth_url: Option<String>,
    pub(crate) verification_url: Option<String>,
    pub(crate) user_code: Option<String>,
    callback: Mutex<Option<Arc<Slot<LoginFn>>>>,
}

impl Login {
    pub(crate) async fn start(session: Arc<Session>, kind: LoginKind) -> Result<Login> {
        let start = match kind {
            LoginKind::ChatgptBrowser => params::LoginAccountParams::Chatgpt,
            LoginKind::ChatgptDeviceCode => params::LoginAccountParams::ChatgptDeviceCode,
        };
        let resp = session
            .conn
            .call_method::<methods::AccountLoginStart>(&start)
            .await?
            .value;
        let id = resp.login_id.ok_or_else(|| {
            Error::new(Status::Internal, "account/login/start returned no loginId")
        })?;
        // A completion that arrived before this response is already buffered under this id.
        let state = session
            .logins
            .state(&id, session.conn.dead_error(), &session.delivery);
        Ok(Login {
            session,
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

    /// `wait` for callers outside async code: up to `timeout` (`None` = no limit), `TIMEOUT`
    /// leaves the login pending.
    pub fn wait_blocking(&self, timeout: Option<std::time::Duration>) -> Result<LoginResult> {
        self.session.conn.owner_check()?;
        crate::runtime::blocking::wait_deadlock_aware(self.wait(), timeout, "login still pending")
    }

    /// Whether the login has completed (successfully or not).
    pub fn is_done(&self) -> bool {
        self.state.is_done()
    }

    /// Cancels the login. Cancelling twice, or after completion, is not an error.
    pub async fn cancel(&self) -> Result<()> {
        // ABI.md: once the client is freed, a child handle's calls are CLOSED (even though the
        // shutdown completed this login, which would otherwise make cancel a no-op).
        self.session.conn.check_open()?;
        if self.state.is_done() {
            return Ok(());
        }
        let p = params::CancelLoginAccountParams { login_id: &self.id };
        // The server answers {"status":"canceled"} or {"status":"notFound"}: both mean "not pending".
        self.session
            .conn
            .call_method::<methods::AccountLoginCancel>(&p)
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
        self.session.conn.check_open()?;
        let slot = Arc::new(Slot::new(f));
        // A completed login's callback may run on the delivery thread, and free this handle,
        // before this returns: hold the lock its drop takes until the slot is stored.
        let mut mine = self.callback.lock().unwrap();
        self.state
            .set_callback(slot.clone(), &self.session.delivery)?;
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
            self.session.logins.forget(&self.id);
        }
    }
}
