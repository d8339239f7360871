//! The app-server child process: spawn (no shell, own process group), a stdin writer, the
//! stdout reader (see `lines`), a stderr drain that keeps a redacted tail, and death detection
//! by child exit as well as by stdout EOF.

use super::lines::{read_lines, LineSink};
use crate::error::{Error, Result, Status};
use crate::options::Options;
use crate::secrets::Secrets;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::mpsc;

const STDERR_TAIL_LINES: usize = 60;
const STDERR_TAIL_BYTES: usize = 16 * 1024;

/// The last lines of the child's stderr, redacted as they arrive.
#[derive(Default)]
pub(crate) struct StderrTail {
    lines: Mutex<VecDeque<String>>,
    closed: tokio::sync::Notify,
    done: std::sync::atomic::AtomicBool,
}

impl StderrTail {
    fn push(&self, line: String) {
        let mut lines = self.lines.lock().unwrap();
        lines.push_back(line);
        let mut bytes: usize = lines.iter().map(String::len).sum();
        while lines.len() > STDERR_TAIL_LINES || (bytes > STDERR_TAIL_BYTES && lines.len() > 1) {
            bytes -= lines.pop_front().map(|l| l.len()).unwrap_or(0);
        }
    }

    pub(crate) fn text(&self) -> Option<String> {
        let lines = self.lines.lock().unwrap();
        if lines.is_empty() {
            None
        } else {
            Some(lines.iter().cloned().collect::<Vec<_>>().join("\n"))
        }
    }

    /// Waits a little for the drain to reach EOF, so an error carries the child's last words.
    pub(crate) async fn settle(&self, limit: Duration) {
        let notified = self.closed.notified();
        if self.done.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let _ = tokio::time::timeout(limit, notified).await;
    }
}

pub(crate) struct Transport {
    pub(crate) writer: mpsc::UnboundedSender<Vec<u8>>,
    pub(crate) pid: u32,
    pub(crate) stderr: Arc<StderrTail>,
    pub(crate) exited: tokio::sync::watch::Receiver<bool>,
}

/// Finds the codex binary: explicit option, then `CODEX_BIN`, then `codex` on `PATH`.
pub(crate) fn find_binary(opts: &Options) -> Result<PathBuf> {
    let mut tried = Vec::new();
    if let Some(bin) = &opts.codex_bin {
        let p = PathBuf::from(bin);
        if p.is_file() {
            return Ok(p);
        }
        tried.push(format!("option codex_bin = {bin}"));
    } else {
        let env_bin = opts
            .env
            .iter()
            .rev()
            .find(|(k, _)| k == "CODEX_BIN")
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| std::env::var("CODEX_BIN").ok());
        match env_bin {
            Some(bin) if !bin.is_empty() => {
                let p = PathBuf::from(&bin);
                if p.is_file() {
                    return Ok(p);
                }
                tried.push(format!("CODEX_BIN = {bin}"));
            }
            _ => tried.push("CODEX_BIN (unset)".into()),
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join("codex");
            if is_executable(&candidate) {
                return Ok(candidate);
            }
        }
        tried.push("`codex` on PATH".into());
    }
    Err(Error::new(
        Status::NotFound,
        format!(
            "codex binary not found; tried: {}. Install the Codex CLI (`pip install openai-codex-cli-bin` \
             from PyPI, or `npm install -g @openai/codex`), or point CODEX_BIN (or the codex_bin \
             option) at the binary",
            tried.join(", ")
        ),
    ))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Spawns `codex [--config kv]* app-server --listen stdio://` and starts its I/O tasks.
pub(crate) fn spawn(
    opts: &Options,
    sink: Arc<dyn LineSink>,
    secrets: Arc<Secrets>,
) -> Result<Transport> {
    let bin = find_binary(opts)?;
    let mut cmd = Command::new(&bin);
    for kv in &opts.config_overrides {
        cmd.arg("--config").arg(kv);
    }
    cmd.args(["app-server", "--listen", "stdio://"]);
    for (k, v) in &opts.env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    if let Some(home) = &opts.codex_home {
        cmd.env("CODEX_HOME", home);
    }
    if let Some(cwd) = &opts.cwd {
        cmd.current_dir(cwd);
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(false);

    // tokio registers the child with the runtime's reaper: spawn inside its context.
    let _enter = super::executor::handle().enter();
    let mut child: Child = cmd.spawn().map_err(|e| {
        let status = if e.kind() == std::io::ErrorKind::NotFound {
            Status::NotFound
        } else {
            Status::Transport
        };
        Error::new(status, format!("failed to start {}: {e}", bin.display()))
    })?;
    let pid = child.id().unwrap_or(0);
    let stdin = child.stdin.take().expect("stdin is piped");
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let rt = super::executor::handle();

    let (exit_tx, exited) = tokio::sync::watch::channel(false);
    let (writer, mut rx) = mpsc::unbounded_channel::<Vec<u8>>();
    {
        let sink = sink.clone();
        let mut exited = exited.clone();
        rt.spawn(async move {
            let mut stdin = stdin;
            let failure = 'io: loop {
                let Some(line) = rx.recv().await else {
                    // Channel closed (client shutting down): dropping stdin sends EOF.
                    return;
                };
                if let Err(e) = stdin.write_all(&line).await {
                    break 'io e;
                }
                // Batch what is already queued before flushing.
                while let Ok(more) = rx.try_recv() {
                    if let Err(e) = stdin.write_all(&more).await {
                        break 'io e;
                    }
                }
                if let Err(e) = stdin.flush().await {
                    break 'io e;
                }
            };
            // A broken stdin pipe (EPIPE: SIGPIPE is blocked on this thread) fails every waiter.
            // If the child is dying anyway, let the exit watcher report that first.
            let _ = tokio::time::timeout(Duration::from_millis(100), exited.wait_for(|v| *v)).await;
            sink.on_closed(format!(
                "writing to the app-server's stdin failed: {failure}"
            ));
        });
    }

    let tail = Arc::new(StderrTail::default());
    {
        let tail = tail.clone();
        let sink = sink.clone();
        rt.spawn(async move {
            let mut reader = BufReader::new(stderr);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match reader.read_until(b'\n', &mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        let text = String::from_utf8_lossy(&buf);
                        let line = secrets.redact(text.trim_end());
                        sink.on_stderr(&line);
                        tail.push(line);
                    }
                }
            }
            tail.done.store(true, std::sync::atomic::Ordering::SeqCst);
            tail.closed.notify_waiters();
        });
    }

    {
        let sink = sink.clone();
        rt.spawn(async move {
            let status = child.wait().await;
            let _ = exit_tx.send(true);
            let reason = match status {
                Ok(s) => format!("the app-server exited ({s})"),
                Err(e) => format!("lost the app-server process: {e}"),
            };
            sink.on_closed(reason);
        });
    }

    {
        let sink = sink.clone();
        rt.spawn(async move {
            read_lines(stdout, &*sink).await;
            sink.on_closed("the app-server closed its stdout".into());
        });
    }

    Ok(Transport {
        writer,
        pid,
        stderr: tail,
        exited,
    })
}

/// Sends SIGTERM, then SIGKILL, to the child's process group.
pub(crate) fn terminate_group(pid: u32, force: bool) {
    if pid == 0 {
        return;
    }
    let sig = if force { libc::SIGKILL } else { libc::SIGTERM };
    // SAFETY: signalling a process group we created (the child is its leader).
    unsafe {
        libc::kill(-(pid as i32), sig);
    }
}
