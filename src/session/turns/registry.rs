//! The turns a session knows: logs by turn id (created by the first event, or by the handle
//! that claims the turn), which threads have a `turn/start` in flight (pruning pauses for
//! them), and one start lock per thread, pruned when its last user lets go.

use super::log::TurnLog;
use crate::error::{Error, Result, Status};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Unclaimed turn logs kept (turns the library did not start, or whose handles were freed
/// before they ended: review, compaction, goal continuation, usage replayed after resume). Past
/// it the oldest half goes.
pub(crate) const MAX_UNCLAIMED_TURNS: usize = 64;
/// How long an unclaimed turn is kept after it ended.
pub(crate) const UNCLAIMED_TTL: Duration = Duration::from_secs(300);
/// Ids of turns dropped from the registry that an attach answers NOT_FOUND for.
const DROPPED_IDS: usize = 256;

pub(crate) type StartLock = Arc<tokio::sync::Mutex<()>>;

#[derive(Default)]
pub(crate) struct TurnRegistry {
    state: Mutex<State>,
    start_locks: Mutex<HashMap<String, StartLock>>,
}

#[derive(Default)]
struct State {
    turns: HashMap<String, Arc<TurnLog>>,
    pending_starts: HashMap<String, usize>,
    /// Recently dropped turn ids (oldest first), so an attach to one fails instead of waiting.
    dropped: VecDeque<String>,
}

impl TurnRegistry {
    /// The log for an incoming turn event, created if new, and whether to keep all its events
    /// (a `turn/start` is in flight on its thread: its handle will replay them).
    pub(crate) fn log_for_event(
        &self,
        turn_id: &str,
        thread_id: Option<&str>,
    ) -> (Arc<TurnLog>, bool) {
        let mut st = self.state.lock().unwrap();
        let keep_all = match thread_id {
            Some(t) => st.pending_starts.contains_key(t),
            None => !st.pending_starts.is_empty(),
        };
        if let Some(log) = st.turns.get(turn_id) {
            return (log.clone(), keep_all);
        }
        let log = TurnLog::new(turn_id, thread_id);
        st.turns.insert(turn_id.to_owned(), log.clone());
        st.evict_orphans();
        (log, keep_all)
    }

    /// Marks a `turn/start` as in flight on a thread: pruning stops for its turns, and the
    /// returned cursors tell a joined turn where its own events begin.
    pub(crate) fn begin_start(&self, thread_id: &str) -> HashMap<String, u64> {
        let mut st = self.state.lock().unwrap();
        *st.pending_starts.entry(thread_id.to_owned()).or_insert(0) += 1;
        st.turns
            .iter()
            .filter(|(_, log)| log.thread_id().as_deref() == Some(thread_id))
            .map(|(id, log)| (id.clone(), log.end_index()))
            .collect()
    }

    pub(crate) fn end_start(&self, thread_id: &str) {
        let mut st = self.state.lock().unwrap();
        if let Some(n) = st.pending_starts.get_mut(thread_id) {
            *n -= 1;
            if *n == 0 {
                st.pending_starts.remove(thread_id);
            }
        }
    }

    /// The log of a turn a handle is taking, created if no event has arrived yet.
    pub(crate) fn claim(&self, turn_id: &str, thread_id: &str) -> Arc<TurnLog> {
        let log = self
            .state
            .lock()
            .unwrap()
            .turns
            .entry(turn_id.to_owned())
            .or_insert_with(|| TurnLog::new(turn_id, Some(thread_id)))
            .clone();
        log.bind_thread(thread_id);
        log
    }

    /// The log of an existing turn a handle attaches to: created empty if none of its events
    /// has arrived yet; NOT_FOUND if it was dropped (past the unclaimed caps, or ended with its
    /// last handle freed); INVALID_ARGUMENT if it belongs to another thread.
    pub(crate) fn attach(&self, turn_id: &str, thread_id: &str) -> Result<Arc<TurnLog>> {
        let mut st = self.state.lock().unwrap();
        if let Some(log) = st.turns.get(turn_id) {
            let log = log.clone();
            drop(st);
            match log.thread_id() {
                Some(t) if t != thread_id => Err(Error::invalid(format!(
                    "turn {turn_id} belongs to thread {t}, not {thread_id}"
                ))),
                _ => {
                    log.bind_thread(thread_id);
                    Ok(log)
                }
            }
        } else if st.dropped.iter().any(|d| d == turn_id) {
            Err(Error::new(
                Status::NotFound,
                format!(
                    "turn {turn_id} is no longer kept (ended with its handles freed, more than \
                     {MAX_UNCLAIMED_TURNS} unclaimed turns, or ended over {} s ago)",
                    UNCLAIMED_TTL.as_secs()
                ),
            ))
        } else {
            let log = TurnLog::new(turn_id, Some(thread_id));
            st.turns.insert(turn_id.to_owned(), log.clone());
            Ok(log)
        }
    }

    /// Called when a handle lets go of a turn: a finished log nobody follows is dropped.
    pub(crate) fn release(&self, log: &Arc<TurnLog>) {
        if log.is_done() && !log.has_subscribers() {
            let mut st = self.state.lock().unwrap();
            if st
                .turns
                .get(&log.turn_id)
                .is_some_and(|l| Arc::ptr_eq(l, log))
            {
                st.turns.remove(&log.turn_id);
                st.remember_dropped(log.turn_id.clone());
            }
        }
    }

    /// The thread's turns that were asked to stop and have not ended yet.
    pub(crate) fn stopping_on_thread(&self, thread_id: &str) -> Vec<Arc<TurnLog>> {
        let st = self.state.lock().unwrap();
        st.turns
            .values()
            .filter(|log| log.thread_id().as_deref() == Some(thread_id) && log.is_stopping())
            .cloned()
            .collect()
    }

    pub(crate) fn find(&self, turn_id: &str) -> Option<Arc<TurnLog>> {
        self.state.lock().unwrap().turns.get(turn_id).cloned()
    }

    pub(crate) fn all(&self) -> Vec<Arc<TurnLog>> {
        self.state.lock().unwrap().turns.values().cloned().collect()
    }

    /// How many logs and events are held (for tests of bounded retention).
    pub(crate) fn retained(&self) -> (usize, usize) {
        let st = self.state.lock().unwrap();
        (st.turns.len(), st.turns.values().map(|l| l.len()).sum())
    }

    /// The lock that keeps `turn/start`s on one thread one at a time.
    pub(crate) fn start_lock(&self, thread_id: &str) -> StartLock {
        self.start_locks
            .lock()
            .unwrap()
            .entry(thread_id.to_owned())
            .or_default()
            .clone()
    }

    /// Gives a start lock back; the entry goes when nobody else holds or waits for it.
    pub(crate) fn release_start_lock(&self, thread_id: &str, lock: StartLock) {
        let mut locks = self.start_locks.lock().unwrap();
        drop(lock);
        if locks
            .get(thread_id)
            .is_some_and(|l| Arc::strong_count(l) == 1)
        {
            locks.remove(thread_id);
        }
    }

    pub(crate) fn start_locks_len(&self) -> usize {
        self.start_locks.lock().unwrap().len()
    }
}

impl State {
    /// Drops unclaimed logs past the caps: those that ended over [`UNCLAIMED_TTL`] ago, and the
    /// oldest-ended (then any) half when more than [`MAX_UNCLAIMED_TURNS`] are kept. Logs of a
    /// thread with a `turn/start` in flight stay (their handle is about to claim them).
    fn evict_orphans(&mut self) {
        let now = Instant::now();
        let pending = &self.pending_starts;
        let mut orphans: Vec<(Option<Instant>, String)> = self
            .turns
            .iter()
            .filter(|(_, l)| !l.has_subscribers())
            .filter(|(_, l)| l.thread_id().is_none_or(|t| !pending.contains_key(&t)))
            .map(|(id, l)| (l.ended_at(), id.clone()))
            .collect();
        let expired =
            |ended: &Option<Instant>| ended.is_some_and(|e| now.duration_since(e) >= UNCLAIMED_TTL);
        let mut victims: Vec<String> = Vec::new();
        let over = orphans.len() > MAX_UNCLAIMED_TURNS;
        if over {
            // Ended turns first (oldest end first), then running ones.
            orphans.sort_by_key(|(ended, _)| (ended.is_none(), *ended));
            let n = orphans.len() - MAX_UNCLAIMED_TURNS / 2;
            victims.extend(orphans.drain(..n).map(|(_, id)| id));
        }
        victims.extend(
            orphans
                .into_iter()
                .filter(|(ended, _)| expired(ended))
                .map(|(_, id)| id),
        );
        for id in victims {
            self.turns.remove(&id);
            self.remember_dropped(id);
        }
    }

    fn remember_dropped(&mut self, id: String) {
        if self.dropped.len() >= DROPPED_IDS {
            self.dropped.pop_front();
        }
        self.dropped.push_back(id);
    }
}
