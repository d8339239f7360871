//! `codex_goal`: a thread's goal (`thread/goal/set`, `get`, `clear`).

use super::error::codex_error;
use super::handle::{free_boxed, into_boxed};
use super::thread::codex_thread;
use super::{c_string, handle, opt_str_arg, out_arg};
use crate::{block_on, codex_goal_status_t, Error, Response, Status, ThreadGoal, ThreadGoalStatus};
use std::ffi::{c_char, CString};

/// A thread's goal as the server reported it. Free with codex_goal_free.
pub struct codex_goal {
    goal: ThreadGoal,
    objective: CString,
    thread_id: CString,
    json: CString,
}

impl super::handle::Boxed for codex_goal {}

fn goal_out(r: Response<ThreadGoal>, out: *mut *mut codex_goal) {
    let g = codex_goal {
        objective: c_string(&r.value.objective),
        thread_id: c_string(&r.value.thread_id),
        json: c_string(&r.raw_json),
        goal: r.value,
    };
    // SAFETY: checked non-NULL by the caller.
    unsafe { *out = into_boxed(g) };
}

/// Sets the thread's goal, or updates it (`thread/goal/set`); writes the goal as it now is.
/// `objective` NULL keeps the current one (a new goal needs one). `token_budget` < 0 sends
/// none; otherwise the goal stops with CODEX_GOAL_STATUS_BUDGET_LIMITED once its turns used
/// that many tokens. `status` is a codex_goal_status_t (CODEX_GOAL_STATUS_OTHER = leave it as it
/// is; PAUSED pauses, ACTIVE resumes). An active goal makes the server start turns on the
/// thread by itself, until the goal is complete, paused, or out of budget; with a model that
/// never completes it, set a budget.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_goal_set(
    thread: *const codex_thread,
    objective: *const c_char,
    token_budget: i64,
    status: u32,
    out: *mut *mut codex_goal,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        let objective = opt_str_arg(objective, "objective")?;
        let status = ThreadGoalStatus::from_u32(status)
            .ok_or_else(|| Error::invalid(format!("status {status} is not a codex_goal_status")))?;
        out_arg(out, "out")?;
        let budget = (token_budget >= 0).then_some(token_budget);
        goal_out(block_on(t.thread.goal_set(objective, budget, status))?, out);
        Ok(())
    })
}

/// The thread's goal (`thread/goal/get`): OK with `*out` set to NULL when it has none.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_goal_get(
    thread: *const codex_thread,
    out: *mut *mut codex_goal,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        out_arg(out, "out")?;
        match block_on(t.thread.goal())? {
            Some(g) => goal_out(g, out),
            None => *out = std::ptr::null_mut(),
        }
        Ok(())
    })
}

/// Removes the thread's goal (`thread/goal/clear`); `*out_cleared` (may be NULL) says whether
/// there was one.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_goal_clear(
    thread: *const codex_thread,
    out_cleared: *mut bool,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        let cleared = block_on(t.thread.goal_clear())?;
        if !out_cleared.is_null() {
            *out_cleared = cleared;
        }
        Ok(())
    })
}

/// The goal's objective (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_goal_objective(goal: *const codex_goal) -> *const c_char {
    ffi_boundary!(|| goal
        .as_ref()
        .map_or(std::ptr::null(), |g| g.objective.as_ptr()))
}

/// The id of the goal's thread (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_goal_thread_id(goal: *const codex_goal) -> *const c_char {
    ffi_boundary!(|| goal
        .as_ref()
        .map_or(std::ptr::null(), |g| g.thread_id.as_ptr()))
}

/// Where the goal stands (CODEX_GOAL_STATUS_OTHER for a status this library does not know).
#[no_mangle]
pub unsafe extern "C" fn codex_goal_status(goal: *const codex_goal) -> codex_goal_status_t {
    ffi_boundary!(|| goal
        .as_ref()
        .map_or(codex_goal_status_t::CODEX_GOAL_STATUS_OTHER, |g| g
            .goal
            .status
            .to_c()))
}

/// The goal's token budget, or -1 without one.
#[no_mangle]
pub unsafe extern "C" fn codex_goal_token_budget(goal: *const codex_goal) -> i64 {
    ffi_boundary!(|| goal
        .as_ref()
        .and_then(|g| g.goal.token_budget)
        .unwrap_or(-1))
}

/// Tokens the goal's turns used so far.
#[no_mangle]
pub unsafe extern "C" fn codex_goal_tokens_used(goal: *const codex_goal) -> i64 {
    ffi_boundary!(|| goal.as_ref().map_or(-1, |g| g.goal.tokens_used))
}

/// Seconds the goal's turns ran so far.
#[no_mangle]
pub unsafe extern "C" fn codex_goal_time_used_seconds(goal: *const codex_goal) -> i64 {
    ffi_boundary!(|| goal.as_ref().map_or(-1, |g| g.goal.time_used_seconds))
}

/// The server's answer as JSON (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_goal_json(goal: *const codex_goal) -> *const c_char {
    ffi_boundary!(|| goal.as_ref().map_or(std::ptr::null(), |g| g.json.as_ptr()))
}

/// Frees a goal. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_goal_free(goal: *mut codex_goal) {
    ffi_boundary!(|| free_boxed(goal))
}
