//! Standalone command execution in the server's sandbox (`command/exec`): a one-shot run, and
//! a process handle with streamed output, stdin, terminate, resize and a wait for its exit;
//! and file search (`fuzzyFileSearch`).

use super::client::Client;
use crate::error::{Error, Result};
use crate::protocol::exec::{
    CommandExecResizeParams, CommandExecResponse, CommandExecTerminalSize,
    CommandExecTerminateParams, CommandExecWriteParams, FuzzyFileSearchParams,
    FuzzyFileSearchResult, OutputChunk,
};
use crate::protocol::json::{self, Embedding};
use crate::protocol::{methods, params};
use crate::runtime::blocking::wait_deadlock_aware;
use crate::runtime::callback::Slot;
use crate::session::hub::Session;
use crate::session::processes::{OutputFn, ProcessState};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// `command/exec` params: the caller's (cwd, env, timeoutMs, sandboxPolicy, tty, size, ...)
/// plus the argv and the fields the library sets.
fn exec_params(
    argv: &[&str],
    extra: Option<&str>,
    fields: Vec<(&'static str, Value)>,
) -> Result<params::Merged> {
    if argv.is_empty() {
        return Err(Error::invalid("argv is empty"));
    }
    if let Some(p) = extra {
        json::validate(p, "params", Embedding::MessageField)?;
    }
    let mut fields = fields;
    fields.push(("command", Value::from(argv.to_vec())));
    Ok(params::Merged(params::merge(extra, &fields)?))
}

impl Client {
    /// Runs a command to its end in the server's sandbox (`command/exec`, outside any thread)
    /// and returns its exit code and output. `params` is `CommandExecParams` JSON without
    /// `command` (e.g. `{"cwd":"/x","timeoutMs":5000}`). Bounded by the request timeout: for
    /// longer commands, or to stream, use [`Client::spawn_process`].
    pub async fn command_exec(
        &self,
        argv: &[&str],
        params: Option<&str>,
    ) -> Result<CommandExecResponse> {
        let body = exec_params(argv, params, Vec::new())?;
        Ok(self
            .session
            .conn
            .call_method::<methods::CommandExec>(&body)
            .await?
            .value)
    }

    /// Starts a command whose output streams to the returned handle (`command/exec` with
    /// `processId`, `streamStdoutStderr` and `streamStdin`): its stdin stays open until
    /// [`Process::close_stdin`]. `process_id` is the caller's, unique among this client's
    /// running processes. `params` as for [`Client::command_exec`]; `{"tty":true,
    /// "size":{"rows":24,"cols":80}}` gives it a terminal.
    pub fn spawn_process(
        &self,
        process_id: &str,
        argv: &[&str],
        params: Option<&str>,
    ) -> Result<Process> {
        if process_id.is_empty() {
            return Err(Error::invalid("process_id is empty"));
        }
        self.session.conn.check_open()?;
        let body = exec_params(
            argv,
            params,
            vec![
                ("processId", Value::from(process_id)),
                ("streamStdoutStderr", Value::from(true)),
                ("streamStdin", Value::from(true)),
            ],
        )?;
        // Registered before the request is sent: the first chunk may beat anything else. The
        // request is written before this returns, so a write or terminate follows it.
        let state = self.session.processes.register(process_id)?;
        let reply = match self.session.conn.send_method::<methods::CommandExec>(&body) {
            Ok(reply) => reply,
            Err(e) => {
                self.session.processes.remove(process_id, &state);
                return Err(e);
            }
        };
        let session = Arc::downgrade(&self.session);
        let delivery = self.session.delivery.clone();
        let (st, id) = (state.clone(), process_id.to_owned());
        crate::runtime::executor::handle().spawn(async move {
            let outcome = reply.await.map(|r| r.value);
            st.finish(outcome, &delivery);
            if let Some(s) = session.upgrade() {
                s.processes.remove(&id, &st);
            }
        });
        Ok(Process {
            session: self.session.clone(),
            state,
            id: process_id.to_owned(),
            callback: Mutex::new(None),
        })
    }

    /// Files and folders under `roots` whose path matches `query` (`fuzzyFileSearch`), best
    /// first.
    pub async fn fuzzy_file_search(
        &self,
        query: &str,
        roots: &[&str],
    ) -> Result<Vec<FuzzyFileSearchResult>> {
        if roots.is_empty() {
            return Err(Error::invalid("roots is empty"));
        }
        let p = FuzzyFileSearchParams { query, roots };
        Ok(self
            .session
            .conn
            .call_method::<methods::FuzzyFileSearch>(&p)
            .await?
            .value
            .files)
    }
}

/// A running command (see [`Client::spawn_process`]). Dropping the handle stops its output
/// callback (none starts after the drop returns) and terminates the process if it still runs.
pub struct Process {
    session: Arc<Session>,
    state: Arc<ProcessState>,
    id: String,
    callback: Mutex<Option<Arc<Slot<OutputFn>>>>,
}

impl Process {
    /// The caller's process id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Writes bytes to the process's stdin (`command/exec/write`).
    pub async fn write(&self, data: &[u8]) -> Result<()> {
        let p = CommandExecWriteParams::bytes(&self.id, data);
        self.session
            .conn
            .call_method::<methods::CommandExecWrite>(&p)
            .await
            .map(|_| ())
    }

    /// Closes the process's stdin (it reads end of file).
    pub async fn close_stdin(&self) -> Result<()> {
        let p = CommandExecWriteParams {
            process_id: &self.id,
            delta_base64: None,
            close_stdin: Some(true),
        };
        self.session
            .conn
            .call_method::<methods::CommandExecWrite>(&p)
            .await
            .map(|_| ())
    }

    /// Kills the process (`command/exec/terminate`); its exit then arrives as usual.
    pub async fn terminate(&self) -> Result<()> {
        let p = CommandExecTerminateParams {
            process_id: &self.id,
        };
        self.session
            .conn
            .call_method::<methods::CommandExecTerminate>(&p)
            .await
            .map(|_| ())
    }

    /// Resizes the terminal of a process started with `tty` (`command/exec/resize`).
    pub async fn resize(&self, rows: u16, cols: u16) -> Result<()> {
        let p = CommandExecResizeParams {
            process_id: &self.id,
            size: CommandExecTerminalSize { rows, cols },
        };
        self.session
            .conn
            .call_method::<methods::CommandExecResize>(&p)
            .await
            .map(|_| ())
    }

    /// The next chunk of output; `Ok(None)` once the process exited and every chunk was taken.
    pub async fn next_output(&self) -> Result<Option<OutputChunk>> {
        self.state.next().await
    }

    /// The exit: code and the output that was not streamed (none, for a process handle).
    pub async fn wait(&self) -> Result<CommandExecResponse> {
        self.state.wait().await
    }

    /// The exit, if the process has exited.
    pub fn exit(&self) -> Option<Result<CommandExecResponse>> {
        self.state.exit()
    }

    /// Delivers the output (from the first chunk not yet taken) to `f` on the client's delivery
    /// thread, then `None` once at the end. Pulling is then no longer possible.
    pub fn on_output(
        &self,
        f: impl Fn(Option<&OutputChunk>) + Send + Sync + 'static,
    ) -> Result<()> {
        self.set_output_callback(Arc::new(f))
    }

    pub(crate) fn set_output_callback(&self, f: Arc<OutputFn>) -> Result<()> {
        let slot = Arc::new(Slot::new(f));
        // Held while registering: a callback that frees this handle waits for the lock.
        let mut mine = self.callback.lock().unwrap();
        self.state
            .set_callback(slot.clone(), &self.session.delivery)?;
        *mine = Some(slot);
        Ok(())
    }

    // ---- blocking forms (for callers outside async code, e.g. the C ABI) ---------------------

    /// `next_output` for callers outside async code: up to `timeout` (`None` = no limit);
    /// `TIMEOUT` when no output came in time.
    pub fn next_output_blocking(&self, timeout: Option<Duration>) -> Result<Option<OutputChunk>> {
        self.session.conn.owner_check()?;
        if let Some(r) = self.state.try_next() {
            return r;
        }
        wait_deadlock_aware(self.next_output(), timeout, "no output yet")
    }

    /// `wait` for callers outside async code: up to `timeout` (`None` = no limit); `TIMEOUT`
    /// leaves the process running.
    pub fn wait_blocking(&self, timeout: Option<Duration>) -> Result<CommandExecResponse> {
        self.session.conn.owner_check()?;
        if let Some(r) = self.exit() {
            return r;
        }
        wait_deadlock_aware(self.wait(), timeout, "the process is still running")
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if let Some(cb) = self.callback.lock().unwrap().take() {
            cb.clear();
        }
        if let Some(cb) = self.state.detach() {
            cb.clear();
        }
        if self.state.exit().is_none() && self.session.conn.check_open().is_ok() {
            // Still running: kill it in the background (no wait in a drop).
            let conn = self.session.conn.clone();
            let id = self.id.clone();
            crate::runtime::executor::handle().spawn(async move {
                let p = CommandExecTerminateParams { process_id: &id };
                let _ = conn.call_method::<methods::CommandExecTerminate>(&p).await;
            });
        }
    }
}
