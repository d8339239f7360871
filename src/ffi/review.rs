//! Reviews: `review/start` as a turn handle.

use super::error::codex_error;
use super::thread::codex_thread;
use super::turn::codex_turn;
use super::{handle, opt_str_arg, out_arg};
use crate::{block_on, Error, ReviewDelivery, ReviewTargetKind, Status};
use std::ffi::c_char;

/// Starts a review on the thread (`review/start`); its turn is written to `*out` like
/// codex_thread_turn's (events, wait, interrupt). `target` is a codex_review_target:
/// UNCOMMITTED_CHANGES (`value` NULL), BASE_BRANCH (`value` = the branch), COMMIT (`value` =
/// the sha) or CUSTOM (`value` = the review instructions); a target that needs a value and
/// gets NULL or blanks is INVALID_ARGUMENT. The review's text is the `exitedReviewMode` item's
/// and the turn result's final response.
///
/// `delivery` is a codex_review_delivery: INLINE (0) runs the review as the thread's next turn.
/// DETACHED is deprecated and documented only: app-server 0.163 refuses it on the threads it
/// makes (RPC, -32600 "paginated threads do not support detached review") and 0.171 removes
/// it; for a separate review thread, start a thread and review inline on it.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_review(
    thread: *const codex_thread,
    target: u32,
    value: *const c_char,
    delivery: u32,
    out: *mut *mut codex_turn,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        let target = ReviewTargetKind::from_u32(target).ok_or_else(|| {
            Error::invalid(format!("target {target} is not a codex_review_target"))
        })?;
        let delivery = ReviewDelivery::from_u32(delivery).ok_or_else(|| {
            Error::invalid(format!(
                "delivery {delivery} is not a codex_review_delivery"
            ))
        })?;
        let value = opt_str_arg(value, "value")?;
        out_arg(out, "out")?;
        let turn = block_on(t.thread.review(target, value, delivery))?;
        *out = codex_turn::boxed(turn);
        Ok(())
    })
}
