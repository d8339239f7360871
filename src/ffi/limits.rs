//! `codex_rate_limits` and `codex_account_usage`: the account's limits and token usage.

use super::client::{client_arg, codex_client};
use super::error::codex_error;
use super::handle::{free_boxed, into_boxed};
use super::{c_string, opt_str_arg, out_arg};
use crate::{
    block_on, codex_rate_limit_field_t, codex_usage_field_t, GetAccountRateLimitsResponse,
    GetAccountTokenUsageResponse, Status,
};
use std::ffi::{c_char, CString};

/// The account's rate limits. Free with codex_rate_limits_free.
pub struct codex_rate_limits {
    value: GetAccountRateLimitsResponse,
    plan_type: Option<CString>,
    json: CString,
}

impl super::handle::Boxed for codex_rate_limits {}

/// The account's token usage. Free with codex_account_usage_free.
pub struct codex_account_usage {
    value: GetAccountTokenUsageResponse,
    dates: Vec<CString>,
    json: CString,
}

impl super::handle::Boxed for codex_account_usage {}

/// Reads the account's rate limits (`account/rateLimits/read`). Needs a ChatGPT login: with an
/// API key or none it is RPC (-32600 "chatgpt authentication required to read rate limits").
#[no_mangle]
pub unsafe extern "C" fn codex_account_rate_limits(
    client: *const codex_client,
    out: *mut *mut codex_rate_limits,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        out_arg(out, "out")?;
        let r = block_on(c.rate_limits())?;
        *out = into_boxed(codex_rate_limits {
            plan_type: r.value.rate_limits.plan_type.as_deref().map(c_string),
            json: c_string(&r.raw_json),
            value: r.value,
        });
        Ok(())
    })
}

/// One figure (`field`: a codex_rate_limit_field_t) of the rate limits: used percent, window
/// length in minutes, or reset time (Unix seconds) of the primary or secondary window; -1 when
/// the server did not send it or for an unknown `field`.
#[no_mangle]
pub unsafe extern "C" fn codex_rate_limits_get(
    limits: *const codex_rate_limits,
    field: u32,
) -> i64 {
    ffi_boundary!(|| {
        limits
            .as_ref()
            .zip(codex_rate_limit_field_t::from_u32(field))
            .and_then(|(l, f)| l.value.rate_limits.field(f))
            .unwrap_or(-1)
    })
}

/// The account's plan ("plus", "pro", ...), or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_rate_limits_plan_type(
    limits: *const codex_rate_limits,
) -> *const c_char {
    ffi_boundary!(|| limits
        .as_ref()
        .map_or(std::ptr::null(), |l| super::opt_ptr(&l.plan_type)))
}

/// The whole answer as JSON (borrowed): per-limit buckets, credits, reset credits.
#[no_mangle]
pub unsafe extern "C" fn codex_rate_limits_json(limits: *const codex_rate_limits) -> *const c_char {
    ffi_boundary!(|| limits
        .as_ref()
        .map_or(std::ptr::null(), |l| l.json.as_ptr()))
}

/// Frees rate limits. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_rate_limits_free(limits: *mut codex_rate_limits) {
    ffi_boundary!(|| free_boxed(limits))
}

/// Reads the account's token usage (`account/usage/read`); with `thread_id` (may be NULL) the
/// JSON also estimates that thread's usage when the backend can. Needs a ChatGPT login: with an
/// API key or none it is RPC (-32600 "chatgpt authentication required to read token usage").
#[no_mangle]
pub unsafe extern "C" fn codex_account_usage_read(
    client: *const codex_client,
    thread_id: *const c_char,
    out: *mut *mut codex_account_usage,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let thread_id = opt_str_arg(thread_id, "thread_id")?;
        out_arg(out, "out")?;
        let r = block_on(c.account_usage(thread_id))?;
        *out = into_boxed(codex_account_usage {
            dates: r
                .value
                .daily_usage_buckets
                .iter()
                .flatten()
                .map(|b| c_string(&b.start_date))
                .collect(),
            json: c_string(&r.raw_json),
            value: r.value,
        });
        Ok(())
    })
}

/// One account-wide figure (`field`: a codex_usage_field_t), or -1 when the backend did not
/// send it or for an unknown `field`.
#[no_mangle]
pub unsafe extern "C" fn codex_account_usage_get(
    usage: *const codex_account_usage,
    field: u32,
) -> i64 {
    ffi_boundary!(|| {
        usage
            .as_ref()
            .zip(codex_usage_field_t::from_u32(field))
            .and_then(|(u, f)| u.value.summary.field(f))
            .unwrap_or(-1)
    })
}

/// How many daily buckets the usage has (0 when the backend sent none).
#[no_mangle]
pub unsafe extern "C" fn codex_account_usage_day_count(usage: *const codex_account_usage) -> usize {
    ffi_boundary!(|| usage.as_ref().map_or(0, |u| u.dates.len()))
}

/// Day `index`'s date ("YYYY-MM-DD"), or NULL past the end (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_account_usage_day_date(
    usage: *const codex_account_usage,
    index: usize,
) -> *const c_char {
    ffi_boundary!(|| usage
        .as_ref()
        .and_then(|u| u.dates.get(index))
        .map_or(std::ptr::null(), |d| d.as_ptr()))
}

/// Day `index`'s tokens, or -1 past the end.
#[no_mangle]
pub unsafe extern "C" fn codex_account_usage_day_tokens(
    usage: *const codex_account_usage,
    index: usize,
) -> i64 {
    ffi_boundary!(|| usage
        .as_ref()
        .and_then(|u| u.value.daily_usage_buckets.as_ref()?.get(index))
        .map_or(-1, |b| b.tokens))
}

/// The whole answer as JSON (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_account_usage_json(
    usage: *const codex_account_usage,
) -> *const c_char {
    ffi_boundary!(|| usage.as_ref().map_or(std::ptr::null(), |u| u.json.as_ptr()))
}

/// Frees account usage. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_account_usage_free(usage: *mut codex_account_usage) {
    ffi_boundary!(|| free_boxed(usage))
}
