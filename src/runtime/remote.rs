//! A remote app-server: a WebSocket over a Unix socket (`unix://PATH`), TCP (`ws://HOST:PORT`)
//! or TLS (`wss://HOST:PORT`). Each outgoing line goes out as one text frame; each received text
//! or binary frame goes to the same `LineSink` as a stdout line. A writer task, a reader task and
//! (with a ping timeout) a pinger that declares the link dead when nothing arrives in time.
//! No protocol knowledge: what the frames hold is the session's business.

use super::lines::LineSink;
use crate::error::{Error, Result, Status};
use futures_util::{SinkExt, StreamExt};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::WebSocketStream;

/// Where and how to connect. The bearer token is the `Authorization` header's value after
/// `Bearer `; it never appears in a log line or an error.
pub(crate) struct Endpoint<'a> {
    pub(crate) url: &'a str,
    pub(crate) bearer: Option<&'a str>,
    pub(crate) ca_file: Option<&'a str>,
    pub(crate) connect_timeout: Duration,
    /// The link is declared dead when nothing (a frame or a pong) arrives for this long.
    pub(crate) ping_timeout: Option<Duration>,
}

/// A connected link: the line writer (drop it to close the connection with a Close frame) and
/// whether the socket is closed.
pub(crate) struct Link {
    pub(crate) writer: mpsc::UnboundedSender<Vec<u8>>,
    pub(crate) closed: watch::Receiver<bool>,
}

/// Connects, upgrades to a WebSocket (bounded by the connect timeout) and starts the I/O tasks.
/// A refused credential (HTTP 401/403) is `AUTH` with the server's reason.
pub(crate) async fn connect(ep: Endpoint<'_>, sink: Arc<dyn LineSink>) -> Result<Link> {
    crate::options::check_remote_url(ep.url)?;
    let limit = ep.connect_timeout;
    match tokio::time::timeout(limit, open(&ep, sink)).await {
        Ok(r) => r,
        Err(_) => Err(Error::new(
            Status::Transport,
            format!("connecting to {} timed out after {limit:?}", ep.url),
        )),
    }
}

async fn open(ep: &Endpoint<'_>, sink: Arc<dyn LineSink>) -> Result<Link> {
    let cannot = |e: &dyn std::fmt::Display| {
        Error::new(
            Status::Transport,
            format!("cannot connect to {}: {e}", ep.url),
        )
    };
    if let Some(path) = ep.url.strip_prefix("unix://") {
        let stream = tokio::net::UnixStream::connect(path)
            .await
            .map_err(|e| cannot(&e))?;
        // Over a Unix socket the host part of the request is only a formality.
        let ws = upgrade(ep, "ws://localhost/", stream).await?;
        return Ok(run(ws, sink, ep.ping_timeout));
    }
    let tls = ep.url.starts_with("wss://");
    let request = ep.url.into_client_request().map_err(|e| cannot(&e))?;
    let host = request
        .uri()
        .host()
        .ok_or_else(|| Error::invalid(format!("remote URL {:?} has no host", ep.url)))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = request
        .uri()
        .port_u16()
        .unwrap_or(if tls { 443 } else { 80 });
    let tcp = tokio::net::TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| cannot(&e))?;
    let _ = tcp.set_nodelay(true);
    if !tls {
        let ws = upgrade(ep, ep.url, tcp).await?;
        return Ok(run(ws, sink, ep.ping_timeout));
    }
    let connector = tokio_rustls::TlsConnector::from(Arc::new(tls_config(ep.ca_file)?));
    let name = tokio_rustls::rustls::pki_types::ServerName::try_from(host.clone())
        .map_err(|e| Error::invalid(format!("remote host {host:?}: {e}")))?;
    let stream = connector
        .connect(name, tcp)
        .await
        .map_err(|e| cannot(&format!("TLS: {e}")))?;
    let ws = upgrade(ep, ep.url, stream).await?;
    Ok(run(ws, sink, ep.ping_timeout))
}

/// Trusts the CA file's certificates, else the system's store.
fn tls_config(ca_file: Option<&str>) -> Result<tokio_rustls::rustls::ClientConfig> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::CertificateDer;
    use tokio_rustls::rustls;
    let mut roots = rustls::RootCertStore::empty();
    match ca_file {
        Some(path) => {
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(|e| Error::invalid(format!("CA file {path}: {e}")))?;
            for cert in certs {
                let cert = cert.map_err(|e| Error::invalid(format!("CA file {path}: {e}")))?;
                roots
                    .add(cert)
                    .map_err(|e| Error::invalid(format!("CA file {path}: {e}")))?;
            }
            if roots.is_empty() {
                return Err(Error::invalid(format!(
                    "CA file {path} holds no PEM certificate"
                )));
            }
        }
        None => {
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::internal(format!("TLS setup: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// The HTTP upgrade with the bearer token. 401/403 become `AUTH` with the body's reason.
async fn upgrade<S>(ep: &Endpoint<'_>, uri: &str, stream: S) -> Result<WebSocketStream<S>>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut request = uri
        .into_client_request()
        .map_err(|e| Error::invalid(format!("remote URL {:?}: {e}", ep.url)))?;
    if let Some(token) = ep.bearer {
        let value = format!("Bearer {token}")
            .parse()
            .map_err(|_| Error::invalid("the bearer token is not a valid HTTP header value"))?;
        request.headers_mut().insert("authorization", value);
    }
    // Messages may be as long as stdout lines are (no limit there).
    let config = WebSocketConfig::default()
        .max_message_size(None)
        .max_frame_size(None);
    match tokio_tungstenite::client_async_with_config(request, stream, Some(config)).await {
        Ok((ws, _)) => Ok(ws),
        Err(tungstenite::Error::Http(response)) => {
            let code = response.status();
            let body = response
                .body()
                .as_deref()
                .map(|b| String::from_utf8_lossy(b).trim().to_owned())
                .filter(|b| !b.is_empty())
                .unwrap_or_else(|| code.canonical_reason().unwrap_or("").to_owned());
            let status = if code.as_u16() == 401 || code.as_u16() == 403 {
                Status::Auth
            } else {
                Status::Transport
            };
            Err(Error::new(
                status,
                format!(
                    "{} refused the WebSocket upgrade (HTTP {}): {body}",
                    ep.url,
                    code.as_u16()
                ),
            ))
        }
        Err(e) => Err(Error::new(
            Status::Transport,
            format!("WebSocket upgrade with {} failed: {e}", ep.url),
        )),
    }
}

/// Milliseconds since the link started, for "when did anything last arrive".
struct Clock {
    start: Instant,
    last: AtomicU64,
}

impl Clock {
    fn touch(&self) {
        self.last
            .store(self.start.elapsed().as_millis() as u64, Ordering::Relaxed);
    }
    fn silent_for(&self) -> Duration {
        let now = self.start.elapsed().as_millis() as u64;
        Duration::from_millis(now.saturating_sub(self.last.load(Ordering::Relaxed)))
    }
}

/// Resolves once the flag is set (or its sender is gone).
async fn until(flag: &mut watch::Receiver<bool>) {
    let _ = flag.wait_for(|v| *v).await;
}

/// Starts the writer, the reader and the pinger.
fn run<S>(ws: WebSocketStream<S>, sink: Arc<dyn LineSink>, ping_timeout: Option<Duration>) -> Link
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let rt = super::executor::handle();
    let (mut tx, mut rx) = ws.split();
    let (writer, mut lines) = mpsc::unbounded_channel::<Vec<u8>>();
    let (ping_tx, mut pings) = mpsc::unbounded_channel::<()>();
    // `stop` ends the reader and the pinger; `closed` tells the owner the socket is gone.
    let (stop, stopped) = watch::channel(false);
    let stop = Arc::new(stop);
    let (closed_tx, closed) = watch::channel(false);
    let clock = Arc::new(Clock {
        start: Instant::now(),
        last: AtomicU64::new(0),
    });

    {
        let sink = sink.clone();
        let stop = stop.clone();
        let mut stopped = stopped.clone();
        rt.spawn(async move {
            let failure = loop {
                tokio::select! {
                    _ = until(&mut stopped) => break None,
                    line = lines.recv() => {
                        let Some(mut line) = line else {
                            // The host closed the client: say goodbye, briefly.
                            let _ = tokio::time::timeout(
                                Duration::from_millis(300),
                                tx.send(Message::Close(None)),
                            )
                            .await;
                            break None;
                        };
                        while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                            line.pop();
                        }
                        let text = match String::from_utf8(line) {
                            Ok(t) => t,
                            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
                        };
                        if let Err(e) = tx.feed(Message::text(text)).await {
                            break Some(e);
                        }
                        // Batch what is already queued before flushing.
                        let mut failed = None;
                        while let Ok(mut more) = lines.try_recv() {
                            while more.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                                more.pop();
                            }
                            let text = String::from_utf8_lossy(&more).into_owned();
                            if let Err(e) = tx.feed(Message::text(text)).await {
                                failed = Some(e);
                                break;
                            }
                        }
                        if let Some(e) = failed {
                            break Some(e);
                        }
                        if let Err(e) = tx.flush().await {
                            break Some(e);
                        }
                    }
                    Some(()) = pings.recv() => {
                        if let Err(e) = tx.send(Message::Ping(Vec::new().into())).await {
                            break Some(e);
                        }
                    }
                }
            };
            if let Some(e) = failure {
                sink.on_closed(format!("writing to the remote app-server failed: {e}"));
            }
            let _ = stop.send(true);
        });
    }

    {
        let sink = sink.clone();
        let clock = clock.clone();
        let stop = stop.clone();
        let mut stopped = stopped.clone();
        rt.spawn(async move {
            let backlog = sink.backlog();
            let reason = loop {
                let frame = tokio::select! {
                    f = rx.next() => f,
                    _ = until(&mut stopped) => break None,
                };
                clock.touch();
                match frame {
                    Some(Ok(Message::Text(t))) => sink.on_line(t.as_bytes()),
                    Some(Ok(Message::Binary(b))) => sink.on_line(&b),
                    Some(Ok(Message::Close(frame))) => {
                        break Some(match frame {
                            Some(f) if !f.reason.is_empty() => {
                                format!("the remote app-server closed the connection: {}", f.reason)
                            }
                            _ => "the remote app-server closed the connection".to_owned(),
                        })
                    }
                    Some(Ok(_)) => {} // ping (answered by the library), pong, raw frame
                    Some(Err(e)) => break Some(format!("the remote connection failed: {e}")),
                    None => break Some("the remote app-server closed the connection".to_owned()),
                }
                if let Some(b) = &backlog {
                    if b.over_high() {
                        b.throttle().await;
                    }
                }
            };
            if let Some(reason) = reason {
                sink.on_closed(reason);
            }
            let _ = stop.send(true);
            // Both halves dropped here (the writer's ends with its task): the socket closes.
            let _ = closed_tx.send(true);
        });
    }

    if let Some(limit) = ping_timeout {
        let every = (limit / 3).max(Duration::from_millis(20));
        let mut stopped = stopped;
        let stop = stop.clone();
        rt.spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = until(&mut stopped) => return,
                }
                let silent = clock.silent_for();
                if silent >= limit {
                    sink.on_closed(format!(
                        "no answer from the remote app-server for {} ms (ping timeout {} ms)",
                        silent.as_millis(),
                        limit.as_millis()
                    ));
                    let _ = stop.send(true);
                    return;
                }
                if ping_tx.send(()).is_err() {
                    return;
                }
            }
        });
    }

    Link { writer, closed }
}
