//! The client: one app-server child, its handshake, and the client-level calls (raw requests,
//! notifications, accounts, logins, threads, models).

use super::login::{Login, LoginKind};
use super::thread::Thread;
use super::thread_stream::ThreadStream;
use super::turn::Turn;
use crate::error::{Error, Result, Status};
use crate::options::Options;
use crate::protocol::event::Event;
use crate::protocol::json::{self, Embedding};
use crate::protocol::responses::{
    GetAccountResponse, ModelListResponse, Response, ThreadListResponse,
};
use crate::protocol::{methods, params, version};
use crate::session::hub::Session;
use crate::session::server_requests::ServerRequest;
use std::sync::Arc;
use std::time::Duration;

/// Receives notifications no login or turn claimed.
pub type NotificationHandler = Arc<dyn Fn(&Event) + Send + Sync>;
/// Answers server requests (approvals and friends).
pub type ServerRequestHandler = Arc<dyn Fn(ServerRequest) + Send + Sync>;

/// What the server said in its `initialize` response.
#[derive(Debug, Clone)]
pub struct InitializeInfo {
    pub user_agent: String,
    pub server_version: String,
    pub codex_home: String,
    pub platform_family: String,
    pub platform_os: String,
    pub raw_json: String,
}

/// A connection to one `codex app-server` child. Dropping it shuts the child down.
pub struct Client {
    pub(crate) session: Arc<Session>,
    info: InitializeInfo,
}

impl Client {
    /// Spawns the app-server (or connects to `remote_url`) and completes the `initialize`
    /// handshake.
    pub async fn start(opts: Options) -> Result<Client> {
        let session = Session::start(opts).await?;
        match Self::handshake(&session).await {
            Ok(info) => Ok(Client { session, info }),
            Err(e) => {
                let e = session.explain_startup_failure(e);
                let s = session.clone();
                // Shut down off this (possibly async) context: it may block briefly.
                std::thread::spawn(move || s.shutdown(true));
                Err(e)
            }
        }
    }

    /// `start` for callers outside any async runtime.
    pub fn start_blocking(opts: Options) -> Result<Client> {
        crate::runtime::blocking::block_on(Self::start(opts))
    }

    async fn handshake(session: &Arc<Session>) -> Result<InitializeInfo> {
        let o = &session.opts;
        let init = params::InitializeParams {
            client_info: params::ClientInfo {
                name: &o.client_name,
                title: o.client_title.as_deref(),
                version: &o.client_version,
            },
            capabilities: Some(params::InitializeCapabilities {
                experimental_api: Some(o.experimental_api),
            }),
        };
        let Response {
            value: r,
            raw_json: raw,
        } = session
            .conn
            .call_method::<methods::Initialize>(&init)
            .await?;
        let version = version::server_version_from_user_agent(&r.user_agent)
            .unwrap_or("")
            .to_owned();
        if !o.accept_any_version && !version::is_supported(&version) {
            return Err(Error::new(
                Status::Version,
                format!(
                    "app-server version {:?} (user agent {:?}) is outside the supported range {}",
                    version,
                    r.user_agent,
                    version::supported_range()
                ),
            ));
        }
        session.conn.notify(methods::INITIALIZED)?;
        Ok(InitializeInfo {
            user_agent: r.user_agent,
            server_version: version,
            codex_home: r.codex_home,
            platform_family: r.platform_family,
            platform_os: r.platform_os,
            raw_json: raw,
        })
    }

    pub fn info(&self) -> &InitializeInfo {
        &self.info
    }

    /// Any app-server method; `params` is JSON text (`None` = `{}`), `timeout` `None` = no limit.
    pub async fn request(
        &self,
        method: &str,
        params: Option<&str>,
        timeout: Option<Duration>,
    ) -> Result<String> {
        if method.is_empty() {
            return Err(Error::invalid("method is empty"));
        }
        let params = params.unwrap_or("{}");
        json::validate(params, "params", Embedding::MessageField)?;
        self.session.conn.request(method, params, timeout).await
    }

    /// The next notification no login or turn claimed.
    pub async fn next_notification(&self) -> Result<Arc<Event>> {
        self.session.notifications.next(&self.session.conn).await
    }

    /// How many unrouted notifications were dropped because nobody read them in time.
    pub fn notifications_lagged(&self) -> u64 {
        self.session.notifications.lagged()
    }

    /// Delivers unrouted notifications to `f` (on the delivery thread) instead of the queue.
    pub fn on_notification(&self, f: Option<NotificationHandler>) -> Result<()> {
        self.session.conn.check_open()?;
        self.session.notifications.callback.set(f);
        Ok(())
    }

    /// Routes server requests (approvals and friends) to `f`, on the delivery thread.
    /// Without a handler every request gets the safe default answer.
    pub fn set_server_request_handler(&self, f: Option<ServerRequestHandler>) -> Result<()> {
        self.session.conn.check_open()?;
        self.session.requests.handler.set(f);
        Ok(())
    }

    // ---- account --------------------------------------------------------------------------

    /// Logs in with an API key; it completes at once. The key never appears in logs or errors.
    pub async fn login_api_key(&self, api_key: &str) -> Result<()> {
        if api_key.is_empty() {
            return Err(Error::invalid("api_key is empty"));
        }
        let secrets = &self.session.conn.diag.secrets;
        secrets.remember(api_key);
        let p = params::to_json(&params::LoginAccountParams::ApiKey { api_key });
        self.session
            .conn
            .call(methods::ACCOUNT_LOGIN_START, &p)
            .await
            .map(|_| ())
            .map_err(|mut e| {
                e.message = secrets.redact(&e.message);
                e.rpc_data = e.rpc_data.map(|d| secrets.redact(&d));
                e
            })
    }

    /// Starts a ChatGPT browser login; open `auth_url()` and `wait()`.
    pub async fn login_chatgpt(&self) -> Result<Login> {
        Login::start(self.session.clone(), LoginKind::ChatgptBrowser).await
    }

    /// Starts a ChatGPT device-code login; show `verification_url()` and `user_code()`.
    pub async fn login_chatgpt_device_code(&self) -> Result<Login> {
        Login::start(self.session.clone(), LoginKind::ChatgptDeviceCode).await
    }

    /// `account/read`: who is logged in (the JSON stays in `raw_json`).
    pub async fn account(&self, refresh_token: bool) -> Result<Response<GetAccountResponse>> {
        let p = params::GetAccountParams {
            refresh_token: Some(refresh_token),
        };
        self.session
            .conn
            .call_method::<methods::AccountRead>(&p)
            .await
    }

    pub async fn logout(&self) -> Result<()> {
        self.session
            .conn
            .call_method::<methods::AccountLogout>(&params::Empty {})
            .await
            .map(|_| ())
    }

    // ---- threads and models ---------------------------------------------------------------

    /// `thread/start` with `ThreadStartParams` JSON (`None` = defaults).
    pub async fn thread_start(&self, params: Option<&str>) -> Result<Thread> {
        let body = params::Merged(self.checked_params(params, &[])?);
        let r = self
            .session
            .conn
            .call_method::<methods::ThreadStart>(&body)
            .await?;
        Ok(Thread::new(self.session.clone(), r))
    }

    pub async fn thread_resume(&self, thread_id: &str, params: Option<&str>) -> Result<Thread> {
        let body = params::Merged(self.checked_params(params, &[("threadId", thread_id.into())])?);
        let r = self
            .session
            .conn
            .call_method::<methods::ThreadResume>(&body)
            .await?;
        Ok(Thread::new(self.session.clone(), r))
    }

    pub async fn thread_fork(&self, thread_id: &str, params: Option<&str>) -> Result<Thread> {
        let body = params::Merged(self.checked_params(params, &[("threadId", thread_id.into())])?);
        let r = self
            .session
            .conn
            .call_method::<methods::ThreadFork>(&body)
            .await?;
        Ok(Thread::new(self.session.clone(), r))
    }

    /// `thread/list` (`ThreadListParams` JSON, `None` = defaults): a page of threads and the
    /// cursor of the next one.
    pub async fn thread_list(&self, params: Option<&str>) -> Result<Response<ThreadListResponse>> {
        let body = params::Merged(self.checked_params(params, &[])?);
        self.session
            .conn
            .call_method::<methods::ThreadList>(&body)
            .await
    }

    pub async fn thread_archive(&self, thread_id: &str) -> Result<()> {
        let p = params::ThreadArchiveParams { thread_id };
        self.session
            .conn
            .call_method::<methods::ThreadArchive>(&p)
            .await
            .map(|_| ())
    }

    pub async fn thread_unarchive(&self, thread_id: &str) -> Result<Thread> {
        let p = params::ThreadArchiveParams { thread_id };
        let r = self
            .session
            .conn
            .call_method::<methods::ThreadUnarchive>(&p)
            .await?;
        let info = r.value.thread.clone();
        Ok(Thread::from_info(self.session.clone(), info, r.raw_json))
    }

    /// `model/list`: the models this server offers.
    pub async fn models(&self, include_hidden: bool) -> Result<Response<ModelListResponse>> {
        let p = params::ModelListParams {
            include_hidden: Some(include_hidden),
        };
        self.session
            .conn
            .call_method::<methods::ModelList>(&p)
            .await
    }

    /// Shuts the app-server down and waits (briefly) for it to exit. Must not be called from
    /// inside an async runtime's worker thread (it blocks); dropping the client is async-safe.
    pub fn close(self) {
        self.session.shutdown(true);
    }

    /// Shuts down without consuming the client (calls on it then return `CLOSED`), waiting
    /// briefly for the app-server to exit. Idempotent.
    pub fn shutdown(&self) {
        self.session.shutdown(true);
    }

    /// Closes from anywhere without blocking: the child is reaped in the background.
    pub(crate) fn close_nonblocking(&self) {
        self.session.shutdown(false);
    }

    /// Any method, for callers outside async code (see [`Client::request`]).
    pub fn request_blocking(
        &self,
        method: &str,
        params: Option<&str>,
        timeout: Option<Duration>,
    ) -> Result<String> {
        self.session.conn.owner_check()?;
        crate::runtime::blocking::wait_deadlock_aware(
            self.request(method, params, timeout),
            None,
            "request",
        )
    }

    /// The callback form of [`Client::request`]: returns at once; `done` runs once on the
    /// delivery thread with the outcome.
    pub fn request_with_callback(
        &self,
        method: &str,
        params: Option<&str>,
        timeout: Option<Duration>,
        done: impl FnOnce(Result<String>) + Send + 'static,
    ) -> Result<()> {
        if method.is_empty() {
            return Err(Error::invalid("method is empty"));
        }
        let params = params.unwrap_or("{}");
        json::validate(params, "params", Embedding::MessageField)?;
        self.session.conn.check_alive()?;
        let (method, params, session) =
            (method.to_owned(), params.to_owned(), self.session.clone());
        crate::runtime::executor::handle().spawn(async move {
            let outcome = session.conn.request(&method, &params, timeout).await;
            session.delivery.post(Box::new(move || done(outcome)));
        });
        Ok(())
    }

    /// The next unclaimed notification, for callers outside async code.
    pub fn next_notification_blocking(&self, timeout: Option<Duration>) -> Result<Arc<Event>> {
        self.session.conn.owner_check()?;
        crate::runtime::blocking::wait_deadlock_aware(
            self.next_notification(),
            timeout,
            "no notification",
        )
    }

    /// A handle on an existing turn of `thread_id` (one started elsewhere: `review/start`
    /// through [`Client::request`], a compaction, a goal continuation, or another handle's
    /// turn), with the same pull, callback, wait and interrupt as a started one. It replays the
    /// turn from its first event within the retention caps (docs/abi.md), a GAP event standing
    /// for what was dropped; the result is exact either way. A turn none of whose events has
    /// arrived yet is waited for. `NOT_FOUND` if the turn is no longer kept.
    pub fn attach_turn(&self, thread_id: &str, turn_id: &str) -> Result<Turn> {
        if thread_id.is_empty() || turn_id.is_empty() {
            return Err(Error::invalid("thread_id and turn_id must not be empty"));
        }
        self.session.conn.check_alive()?;
        let log = self.session.turns.attach(turn_id, thread_id)?;
        Ok(Turn::new(self.session.clone(), log, None, thread_id))
    }

    /// Subscribes to everything scoped to `thread_id` from now on: the events of its turns
    /// (also turns the library did not start; their `turn/started` announces them) and the
    /// thread's own notifications. Those still reach turn handles and the notification queue.
    pub fn thread_stream(&self, thread_id: &str) -> Result<ThreadStream> {
        ThreadStream::open(self.session.clone(), thread_id)
    }

    /// Optional caller params (JSON object text) plus the fields the library sets.
    fn checked_params(
        &self,
        params: Option<&str>,
        fields: &[(&str, serde_json::Value)],
    ) -> Result<String> {
        if let Some(p) = params {
            json::validate(p, "params", Embedding::MessageField)?;
        }
        params::merge(params, fields)
    }

    /// How many turn logs and events the client keeps in memory right now. Diagnostics for
    /// tests and monitoring: untracked turns are bounded, so this stays small.
    #[doc(hidden)]
    pub fn retained_events(&self) -> (usize, usize) {
        self.session.turns.retained()
    }

    /// Callback jobs waiting for the delivery thread right now (bounded by backpressure).
    #[doc(hidden)]
    pub fn delivery_backlog(&self) -> usize {
        self.session.delivery.queued()
    }

    /// How many per-thread turn-start locks the client holds (pruned when unused).
    #[doc(hidden)]
    pub fn turn_start_locks_len(&self) -> usize {
        self.session.turns.start_locks_len()
    }

    pub fn is_closed(&self) -> bool {
        self.session.conn.is_closed() || self.session.conn.is_foreign()
    }

    /// Whether the connection is dead (server gone) or closed.
    pub fn dead_error(&self) -> Option<Error> {
        self.session.conn.dead_error()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.close_nonblocking();
    }
}
