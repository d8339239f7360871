//! The session itself: composes the parts (see the module docs), starts the child, and ends
//! everything at once when the connection dies or the host closes it.

use super::connection::Connection;
use super::diagnostics::{server_error_line, Diagnostics};
use super::logins::LoginRegistry;
use super::notifications::Notifications;
use super::processes::ProcessRegistry;
use super::server_requests::ServerRequests;
use super::streams::ThreadStreams;
use super::turns::registry::TurnRegistry;
use crate::error::{Error, Result, Status};
use crate::options::{LogLevel, Options, RemoteAuth};
use crate::runtime::delivery::{Backlog, Delivery};
use crate::runtime::lines::LineSink;
use crate::runtime::remote::Endpoint;
use crate::secrets::Secrets;
use std::sync::{Arc, Weak};

pub(crate) struct Session {
    /// The options the session was started with (the log callback moved to `Diagnostics`).
    pub(crate) opts: Options,
    pub(crate) conn: Arc<Connection>,
    pub(crate) delivery: Arc<Delivery>,
    pub(crate) turns: TurnRegistry,
    pub(crate) logins: LoginRegistry,
    pub(crate) requests: ServerRequests,
    pub(crate) notifications: Notifications,
    pub(crate) streams: ThreadStreams,
    pub(crate) processes: ProcessRegistry,
}

impl Session {
    /// A session with no child yet (the fuzz target uses it as is).
    pub(crate) fn new(mut opts: Options, secrets: Arc<Secrets>) -> Result<Arc<Session>> {
        let delivery = Arc::new(
            Delivery::start(format!("codex-delivery-{}", opts.client_name))
                .map_err(|e| Error::internal(format!("cannot start the delivery thread: {e}")))?,
        );
        let diag = Arc::new(Diagnostics::new(
            opts.log_level,
            opts.log.take(),
            secrets,
            delivery.clone(),
        ));
        let conn = Arc::new(Connection::new(
            opts.request_timeout,
            opts.retry_limit,
            diag,
        ));
        Ok(Arc::new(Session {
            requests: ServerRequests::new(opts.server_request_timeout),
            opts,
            conn,
            delivery,
            turns: TurnRegistry::default(),
            logins: LoginRegistry::default(),
            notifications: Notifications::default(),
            streams: ThreadStreams::default(),
            processes: ProcessRegistry::default(),
        }))
    }

    /// Spawns the app-server, or connects to the remote one, and attaches it (the handshake
    /// is the API's).
    pub(crate) async fn start(opts: Options) -> Result<Arc<Session>> {
        opts.validate()?;
        if opts.remote_url.is_some() {
            return Self::connect(opts).await;
        }
        let secrets = Arc::new(Secrets::default());
        for (k, v) in &opts.env {
            if let Some(v) = v {
                if k.contains("KEY") || k.contains("TOKEN") || k.contains("SECRET") {
                    secrets.remember(v);
                }
            }
        }
        let session = Session::new(opts, secrets.clone())?;
        let sink = Arc::new(Sink(Arc::downgrade(&session)));
        match crate::runtime::process::spawn(&session.opts, sink, secrets) {
            Ok(transport) => {
                session.conn.attach(transport);
                Ok(session)
            }
            Err(e) => {
                session.delivery.stop();
                Err(e)
            }
        }
    }

    /// Connects to a remote app-server. Every credential is remembered by the redactor before
    /// anything can log it.
    async fn connect(opts: Options) -> Result<Arc<Session>> {
        let secrets = Arc::new(Secrets::default());
        let bearer = match &opts.remote_auth {
            RemoteAuth::None => None,
            RemoteAuth::Token(token) => Some(token.read()?),
            RemoteAuth::Jwt {
                secret,
                issuer,
                audience,
                ttl,
            } => {
                let secret = secret.read()?;
                secrets.remember(&secret);
                Some(crate::runtime::jwt::hs256(
                    secret.as_bytes(),
                    issuer.as_deref(),
                    audience.as_deref(),
                    *ttl,
                    std::time::SystemTime::now(),
                ))
            }
        };
        if let Some(token) = &bearer {
            if token.is_empty() {
                return Err(Error::invalid("the remote bearer token is empty"));
            }
            secrets.remember(token);
        }
        let session = Session::new(opts, secrets.clone())?;
        let sink = Arc::new(Sink(Arc::downgrade(&session)));
        let o = &session.opts;
        let endpoint = Endpoint {
            url: o.remote_url.as_deref().unwrap_or_default(),
            bearer: bearer.as_deref(),
            ca_file: o.remote_ca_file.as_deref(),
            connect_timeout: o.remote_connect_timeout,
            ping_timeout: o.remote_ping_timeout,
        };
        match crate::runtime::remote::connect(endpoint, sink).await {
            Ok(link) => {
                session.conn.attach_remote(link);
                Ok(session)
            }
            Err(mut e) => {
                session.delivery.stop();
                // Only the secrets themselves: the server's reason ("missing websocket bearer
                // token") must survive the pattern masking of "Bearer <word>".
                e.message = secrets.redact_known(&e.message);
                Err(e)
            }
        }
    }

    /// Adds the app-server's own error line and its stderr tail to a startup failure.
    pub(crate) fn explain_startup_failure(&self, mut e: Error) -> Error {
        let tail = e.stderr_tail.clone().or_else(|| self.conn.stderr_tail());
        if let Some(line) = tail.as_deref().and_then(server_error_line) {
            if !e.message.contains(&line) {
                e.message = format!("{}: {line}", e.message);
            }
        }
        e.with_stderr(tail)
    }

    /// Fails every waiter at once: pending requests, logins, turns and the notification queue.
    pub(crate) fn fail_all(&self, error: Error) {
        if !self.conn.mark_dead(error.clone()) {
            return;
        }
        // A host closing the client is normal: only a real failure is an ERROR.
        let level = if error.status == Status::Closed {
            LogLevel::Debug
        } else {
            LogLevel::Error
        };
        self.conn.diag.log(level, &error.message);
        for login in self.logins.all() {
            login.complete(Err(error.clone()), &self.delivery);
        }
        for log in self.turns.all() {
            log.fail(Err(error.clone()), &self.delivery);
        }
        for process in self.processes.all() {
            process.finish(Err(error.clone()), &self.delivery);
        }
        self.notifications.wake_all();
        self.streams.wake_all();
    }

    /// Shuts the session down: fails every waiter with `CLOSED`, releases callbacks, closes the
    /// server's stdin, and terminates its process group if it does not exit by itself. In a
    /// forked child it does nothing: none of the session's threads exist there, and the child's
    /// copy shares the parent's pipes and process group.
    pub(crate) fn shutdown(&self, wait: bool) {
        if self.conn.is_foreign() || !self.conn.mark_closed() {
            return;
        }
        self.fail_all(Error::closed());
        self.notifications.callback.clear();
        self.streams.clear_callbacks();
        self.requests.handler.clear();
        self.conn.close_writer(); // stdin EOF: the server exits on its own
        let reap = self.conn.reaper();
        if wait {
            crate::runtime::blocking::block_on(reap);
        } else {
            crate::runtime::executor::handle().spawn(reap);
        }
        self.delivery.stop();
        // Queued log jobs ran (or were dropped) with the delivery thread: release the callback.
        self.conn.diag.release();
    }
}

/// The reader's view of the session: weak, so the I/O tasks never keep a closed client alive.
pub(crate) struct Sink(pub(crate) Weak<Session>);

impl LineSink for Sink {
    fn on_line(&self, line: &[u8]) {
        if let Some(s) = self.0.upgrade() {
            s.dispatch(line);
        }
    }
    fn on_closed(&self, reason: String) {
        if let Some(s) = self.0.upgrade() {
            crate::runtime::executor::handle().spawn(async move {
                // Give the stderr drain a moment so the error carries the child's last words.
                s.conn.settle_stderr().await;
                let tail = s.conn.stderr_tail();
                s.fail_all(Error::new(Status::Transport, reason).with_stderr(tail));
            });
        }
    }
    fn backlog(&self) -> Option<Arc<Backlog>> {
        self.0.upgrade().map(|s| s.delivery.backlog().clone())
    }
    fn on_stderr(&self, line: &str) {
        if let Some(s) = self.0.upgrade() {
            s.conn.diag.server_line(line);
        }
    }
}
