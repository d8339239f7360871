// Helpers shared by every wrapper: C strings in and out, status checks, the completion box that
// turns a C completion callback into `async` waits, and the user-data release callbacks.

import CCodex
import Foundation

extension NSLock {
    /// Runs `body` holding the lock.
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}

/// A borrowed C string as a Swift String (nil stays nil).
func swiftString(_ p: UnsafePointer<CChar>?) -> String? {
    guard let p else { return nil }
    return String(cString: p)
}

/// `len` bytes at `p` (not NUL-terminated) as a String.
func swiftString(_ p: UnsafePointer<CChar>?, count: Int) -> String {
    guard let p, count > 0 else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: p, count: count), as: UTF8.self)
}

/// Takes ownership of a `char **` output: copies it and frees it with codex_string_free.
func takeString(_ p: UnsafeMutablePointer<CChar>?) -> String {
    guard let p else { return "" }
    defer { codex_string_free(p) }
    return String(cString: p)
}

/// Runs `body` with NUL-terminated copies of `args` (nil stays NULL). A string with an interior
/// NUL byte is rejected before C sees it: C would silently cut it there.
func withCStrings<R>(
    _ args: [(name: String, value: String?)],
    _ body: ([UnsafePointer<CChar>?]) throws -> R
) throws -> R {
    var storage: [CChar] = []
    var offsets: [Int?] = []
    for arg in args {
        guard let value = arg.value else {
            offsets.append(nil)
            continue
        }
        if value.utf8.contains(0) {
            throw CodexError.rejected("\(arg.name) contains a NUL byte")
        }
        offsets.append(storage.count)
        storage.append(contentsOf: value.utf8CString)
    }
    return try storage.withUnsafeBufferPointer { buffer in
        let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
            offset.map { buffer.baseAddress! + $0 }
        }
        return try body(pointers)
    }
}

/// Calls a fallible C function (`codex_error **err` last) and throws its error.
func check(_ body: (UnsafeMutablePointer<OpaquePointer?>) -> codex_status) throws {
    var err: OpaquePointer? = nil
    let status = body(&err)
    if status != CODEX_STATUS_OK {
        throw CodexError.taking(status: status, error: err)
    }
}

/// Runs a blocking C call (bounded by the client's request timeout) on its own thread, so that
/// no cooperative thread of Swift concurrency is ever blocked. Not cancellable: it ends within
/// the request timeout.
func offload<T>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.name = "codex-blocking-call"
        thread.start()
    }
}

/// Objects handed to C as `user_data`, retained once per registration; the drop callback
/// releases that retain exactly once.
protocol CallbackOwner: AnyObject {
    /// The C layer let go of the callback: the callback never runs again.
    func callbackReleased()
}

/// The `drop` of registrations whose object only needs releasing.
let codexReleaseUserData: codex_drop_fn = { userData in
    guard let userData else { return }
    Unmanaged<AnyObject>.fromOpaque(userData).release()
}

/// The `drop` of completion registrations: tells the owner (so a completion that never came
/// still resumes its waiters), then releases it.
let codexReleaseCompletion: codex_drop_fn = { userData in
    guard let userData else { return }
    let owner = Unmanaged<AnyObject>.fromOpaque(userData).takeRetainedValue()
    (owner as? CallbackOwner)?.callbackReleased()
}

/// One outcome, many waiters: the bridge between a C completion callback and `async` waits.
///
/// `wait` never blocks a thread: it parks a checked continuation that `finish` resumes. A
/// cancelled waiter is resumed at once with CancellationError (the outcome, when it comes,
/// stays available to later waits).
final class Completion<Value>: CallbackOwner, @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<Value, Error>?
    private var waiters: [Int: CheckedContinuation<Value, Error>] = [:]
    private var cancelledBeforeParking: Set<Int> = []
    private var nextWaiter = 0
    private var armed = false
    private var releasedEarly = false
    private let whatIsClosed: String

    init(whatIsClosed: String) {
        self.whatIsClosed = whatIsClosed
    }

    var isFinished: Bool { lock.locked { outcome != nil } }

    /// The outcome, once there is one.
    var finishedOutcome: Result<Value, Error>? { lock.locked { outcome } }

    /// Sets the outcome (first call wins) and resumes every waiter. Returns whether it won.
    @discardableResult
    func finish(_ result: Result<Value, Error>) -> Bool {
        let parked: [CheckedContinuation<Value, Error>]? = lock.locked {
            if outcome != nil { return nil }
            outcome = result
            let all = Array(waiters.values)
            waiters.removeAll()
            return all
        }
        guard let parked else { return false }
        for continuation in parked {
            continuation.resume(with: result)
        }
        return true
    }

    /// Called once the C registration returned OK. A release that happened before (the C call
    /// can drop its user data early, e.g. when the client closes at that moment) ends it now.
    func arm() {
        let early: Bool = lock.locked {
            armed = true
            return releasedEarly
        }
        if early { finish(.failure(CodexError.closedError("\(whatIsClosed) ended without an outcome"))) }
    }

    func callbackReleased() {
        // Before arm() the registering call may still fail and throw its own error: wait for it.
        let isArmed: Bool = lock.locked {
            if !armed { releasedEarly = true }
            return armed
        }
        if isArmed { finish(.failure(CodexError.closedError("\(whatIsClosed) ended without an outcome"))) }
    }

    /// Waits for the outcome. `onCancel` runs (once) if the task is cancelled while waiting.
    func wait(onCancel: @escaping @Sendable () -> Void = {}) async throws -> Value {
        let id: Int = lock.locked {
            nextWaiter += 1
            return nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, Error>) in
                lock.lock()
                if let outcome {
                    lock.unlock()
                    continuation.resume(with: outcome)
                } else if cancelledBeforeParking.remove(id) != nil {
                    lock.unlock()
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters[id] = continuation
                    lock.unlock()
                }
            }
        } onCancel: {
            let (parked, pending): (CheckedContinuation<Value, Error>?, Bool) = lock.locked {
                let parked = waiters.removeValue(forKey: id)
                let pending = outcome == nil
                if parked == nil && pending { cancelledBeforeParking.insert(id) }
                return (parked, pending)
            }
            parked?.resume(throwing: CancellationError())
            if pending { onCancel() }
        }
    }
}
