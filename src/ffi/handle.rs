//! How each C handle owns what is behind it, declared once (in the spirit of rustls-ffi's
//! `ffi.rs`), so no export casts pointers by hand:
//! - [`Boxed`]: the C pointer owns one boxed value (client, options, login, thread, turn,
//!   results, server request, error); its `_free` drops the box.
//! - [`Shared`]: the C pointer owns one strong count of an `Arc` (a pulled event); its `_free`
//!   drops that count. The same type is lent, uncounted, to callbacks for their duration.
//!
//! Each handle type states which, right below its declaration (`impl Boxed for ...`).

use crate::{Error, Result};
use std::sync::Arc;

/// A handle whose C pointer owns one `Box<Self>`.
pub(crate) trait Boxed: Sized {}

/// Hands a value to C as an owned pointer.
pub(crate) fn into_boxed<T: Boxed>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// A required handle argument: `INVALID_ARGUMENT` ("`name` is NULL") when NULL.
pub(crate) unsafe fn borrow<'a, T>(p: *const T, name: &str) -> Result<&'a T> {
    p.as_ref()
        .ok_or_else(|| Error::invalid(format!("{name} is NULL")))
}

/// Frees a boxed handle; NULL is a no-op.
pub(crate) unsafe fn free_boxed<T: Boxed>(p: *mut T) {
    if !p.is_null() {
        drop(Box::from_raw(p));
    }
}

/// An opaque C type standing for an `Arc<Self::Inner>`.
pub(crate) trait Shared {
    type Inner;
}

/// Hands one strong count to C as an owned pointer.
pub(crate) fn into_shared<C: Shared>(value: Arc<C::Inner>) -> *mut C {
    Arc::into_raw(value) as *mut C
}

/// Lends a value to a callback, uncounted: valid only while `value` lives.
pub(crate) fn lend<C: Shared>(value: &C::Inner) -> *const C {
    value as *const C::Inner as *const C
}

/// The value behind an owned or lent pointer (NULL is `None`).
pub(crate) unsafe fn borrow_shared<'a, C: Shared>(p: *const C) -> Option<&'a C::Inner> {
    (p as *const C::Inner).as_ref()
}

/// Releases an owned pointer's strong count; NULL is a no-op.
pub(crate) unsafe fn free_shared<C: Shared>(p: *mut C) {
    if !p.is_null() {
        drop(Arc::from_raw(p as *const C::Inner));
    }
}
