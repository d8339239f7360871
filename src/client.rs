//! The client: one app-server child, its handshake, and the client-level calls (raw requests,
//! notifications, accounts, logins, threads, models).

use crate::delivery::Delivery;
use crate::error::{Error, Result, Status};
use crate::event::Event;
use crate::login::{Login, LoginKind};
use crate::options::Options;
use crate::router::{Router, Sink};
use crate::secrets::Secrets;
use crate::server_request::ServerRequest;
use crate::thread::{merge_params, Thread};
use serde::Deserialize;
use std::sync::atomic::Ordering;
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

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct InitializeResult {
    user_agent: String,
    codex_home: String,
    platform_family: String,
    platform_os: String,
}

/// A connection to one `codex app-server` child. Dropping it shuts the child down.
pub struct Client {
    router: Arc<Router>,
    info: InitializeInfo,
}

impl Client {
    /// Spawns the app-server and completes the `initialize` handshake.
    pub async fn start(opts: Options) -> Result<Client> {
        let secrets = Arc::new(Secrets::default());
        for (k, v) in &opts.env {
            if let Some(v) = v {
                if k.contains("KEY") || k.contains("TOKEN") || k.contains("SECRET") {
                    secrets.remember(v);
                }
            }
        }
        let delivery = Delivery::start(format!("codex-delivery-{}", opts.client_name))
            .map_err(|e| Error::internal(format!("cannot start the delivery thread: {e}")))?;
        let router = Router::new(opts.clone(), delivery, secrets.clone());
        let transport = {
            let _enter = crate::runtime::handle().enter();
            crate::transport::spawn(&opts, Arc::new(Sink(Arc::downgrade(&router))), secrets)
        };
        let transport = match transport {
            Ok(t) => t,
            Err(e) => {
                router.delivery.stop();
                return Err(e);
            }
        };
        router.attach_writer(transport.writer);
        router.pid.store(transport.pid as u64, Ordering::SeqCst);
        let _ = router.stderr.set(transport.stderr);
        let _ = router.exited.set(transport.exited);

        match Self::handshake(&router).await {
            Ok(info) => Ok(Client { router, info }),
            Err(e) => {
                let e = if e.stderr_tail.is_none() {
                    e.with_stderr(router.stderr_tail())
                } else {
                    e
                };
                let r = router.clone();
                // Shut down off this (possibly async) context: it may block briefly.
                std::thread::spawn(move || r.shutdown(true));
                Err(e)
            }
        }
    }

    /// `start` for callers outside any async runtime.
    pub fn start_blocking(opts: Options) -> Result<Client> {
        crate::runtime::block_on(Self::start(opts))
    }

    async fn handshake(router: &Arc<Router>) -> Result<InitializeInfo> {
        let o = &router.opts;
        let params = serde_json::json!({
            "clientInfo": {"name": o.client_name, "title": o.client_title, "version": o.client_version},
            "capabilities": {"experimentalApi": o.experimental_api},
        })
        .to_string();
        let raw = router.call("initialize", &params).await?;
        let r: InitializeResult = serde_json::from_str(&raw).map_err(|e| {
            Error::new(
                Status::Internal,
                format!("unexpected initialize result: {e}"),
            )
        })?;
        let version = crate::version::server_version_from_user_agent(&r.user_agent)
            .unwrap_or("")
            .to_owned();
        if !o.accept_any_version && !crate::version::is_supported(&version) {
            return Err(Error::new(
                Status::Version,
                format!(
                    "app-server version {:?} (user agent {:?}) is outside the supported range {}",
                    version,
                    r.user_agent,
                    crate::version::supported_range()
                ),
            ));
        }
        router.notify("initialized")?;
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

    pub(crate) fn router(&self) -> &Arc<Router> {
        &self.router
    }

    /// Any app-server method; `params` is JSON text (`None` = `{}`), `timeout` `None` = no limit.
    pub async fn request(
        &self,
        method: &str,
        params: Option<&str>,
        timeout: Option<Duration>,
    ) -> Result<String> {
        let params = params.unwrap_or("{}");
        crate::rpc::validate_json(params, "params")?;
        self.router.request(method, params, timeout).await
    }

    /// The next notification no login or turn claimed.
    pub async fn next_notification(&self) -> Result<Arc<Event>> {
        self.router.next_notification().await
    }

    /// How many unrouted notifications were dropped because nobody read them in time.
    pub fn notifications_lagged(&self) -> u64 {
        self.router.lagged()
    }

    /// Delivers unrouted notifications to `f` (on the delivery thread) instead of the queue.
    pub fn on_notification(&self, f: Option<NotificationHandler>) -> Result<()> {
        if self.router.is_closed() {
            return Err(Error::closed());
        }
        self.router.notification_cb.set(f);
        Ok(())
    }

    /// Routes server requests (approvals and friends) to `f`, on the delivery thread.
    /// Without a handler every request gets the safe default answer.
    pub fn set_server_request_handler(&self, f: Option<ServerRequestHandler>) -> Result<()> {
        if self.router.is_closed() {
            return Err(Error::closed());
        }
        self.router.request_handler.set(f);
        Ok(())
    }

    // ---- account --------------------------------------------------------------------------

    /// Logs in with an API key; it completes at once. The key never appears in logs or errors.
    pub async fn login_api_key(&self, api_key: &str) -> Result<()> {
        self.router.secrets.remember(api_key);
        let params = format!(
            "{{\"type\":\"apiKey\",\"apiKey\":{}}}",
            crate::rpc::json_string(api_key)
        );
        self.router
            .call("account/login/start", &params)
            .await
            .map(|_| ())
            .map_err(|mut e| {
                e.message = self.router.secrets.redact(&e.message);
                e.rpc_data = e.rpc_data.map(|d| self.router.secrets.redact(&d));
                e
            })
    }

    /// Starts a ChatGPT browser login; open `auth_url()` and `wait()`.
    pub async fn login_chatgpt(&self) -> Result<Login> {
        Login::start(self.router.clone(), LoginKind::ChatgptBrowser).await
    }

    /// Starts a ChatGPT device-code login; show `verification_url()` and `user_code()`.
    pub async fn login_chatgpt_device_code(&self) -> Result<Login> {
        Login::start(self.router.clone(), LoginKind::ChatgptDeviceCode).await
    }

    /// `account/read` as raw JSON.
    pub async fn account(&self, refresh_token: bool) -> Result<String> {
        self.router
            .call(
                "account/read",
                &format!("{{\"refreshToken\":{refresh_token}}}"),
            )
            .await
    }

    pub async fn logout(&self) -> Result<()> {
        self.router.call("account/logout", "{}").await.map(|_| ())
    }

    // ---- threads and models ---------------------------------------------------------------

    /// `thread/start` with `ThreadStartParams` JSON (`None` = defaults).
    pub async fn thread_start(&self, params: Option<&str>) -> Result<Thread> {
        let body = merge_params(params, &[])?;
        let raw = self.router.call("thread/start", &body).await?;
        Thread::from_response(self.router.clone(), raw)
    }

    pub async fn thread_resume(&self, thread_id: &str, params: Option<&str>) -> Result<Thread> {
        let body = merge_params(params, &[("threadId", &crate::rpc::json_string(thread_id))])?;
        let raw = self.router.call("thread/resume", &body).await?;
        Thread::from_response(self.router.clone(), raw)
    }

    pub async fn thread_fork(&self, thread_id: &str, params: Option<&str>) -> Result<Thread> {
        let body = merge_params(params, &[("threadId", &crate::rpc::json_string(thread_id))])?;
        let raw = self.router.call("thread/fork", &body).await?;
        Thread::from_response(self.router.clone(), raw)
    }

    /// `thread/list` as raw JSON.
    pub async fn thread_list(&self, params: Option<&str>) -> Result<String> {
        let body = merge_params(params, &[])?;
        self.router.call("thread/list", &body).await
    }

    pub async fn thread_archive(&self, thread_id: &str) -> Result<()> {
        let body = format!("{{\"threadId\":{}}}", crate::rpc::json_string(thread_id));
        self.router.call("thread/archive", &body).await.map(|_| ())
    }

    pub async fn thread_unarchive(&self, thread_id: &str) -> Result<Thread> {
        let body = format!("{{\"threadId\":{}}}", crate::rpc::json_string(thread_id));
        let raw = self.router.call("thread/unarchive", &body).await?;
        Thread::from_response(self.router.clone(), raw)
    }

    /// `model/list` as raw JSON.
    pub async fn models(&self, include_hidden: bool) -> Result<String> {
        self.router
            .call(
                "model/list",
                &format!("{{\"includeHidden\":{include_hidden}}}"),
            )
            .await
    }

    /// Shuts the app-server down and waits (briefly) for it to exit. Must not be called from
    /// inside an async runtime's worker thread (it blocks); dropping the client is async-safe.
    pub fn close(self) {
        self.router.shutdown(true);
    }

    /// Closes from anywhere without blocking: the child is reaped in the background.
    pub(crate) fn close_nonblocking(&self) {
        self.router.shutdown(false);
    }

    /// How many turn logs and events the client keeps in memory right now. Diagnostics for
    /// tests and monitoring: untracked turns are bounded, so this stays small.
    #[doc(hidden)]
    pub fn retained_events(&self) -> (usize, usize) {
        self.router.retained()
    }

    /// Callback jobs waiting for the delivery thread right now (bounded by backpressure).
    #[doc(hidden)]
    pub fn delivery_backlog(&self) -> usize {
        self.router.delivery.queued()
    }

    pub fn is_closed(&self) -> bool {
        self.router.is_closed()
    }

    /// Whether the connection is dead (server gone) or closed.
    pub fn dead_error(&self) -> Option<Error> {
        self.router.dead_error()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.close_nonblocking();
    }
}
