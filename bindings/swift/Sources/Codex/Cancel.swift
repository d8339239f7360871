// CodexCancelToken: a codex_cancel token, and a blocking pull that Swift task cancellation ends
// through one.

import CCodex
import Foundation

/// A cancel token (codex_cancel). Triggering it ends the blocked library waits that use it with
/// `CodexError.cancelled` at once; what they waited for goes on. It stays triggered until
/// `reset()`. Thread-safe.
public final class CodexCancelToken: @unchecked Sendable {
    let raw: OpaquePointer

    public init() {
        raw = codex_cancel_new()
    }

    deinit {
        codex_cancel_free(raw)
    }

    /// Triggers the token (idempotent).
    public func trigger() {
        codex_cancel_trigger(raw)
    }

    /// Whether the token was triggered since it was made or last reset.
    public var isTriggered: Bool {
        codex_cancel_is_triggered(raw)
    }

    /// Makes a triggered token usable again.
    public func reset() {
        codex_cancel_reset(raw)
    }
}

extension CodexClient {
    /// The next notification no turn or login claimed (when no notification handler is set),
    /// waiting without a time limit on a thread of its own. Cancelling the task ends the wait at
    /// once through a codex_cancel token and throws CancellationError; no notification is lost.
    public func nextNotification() async throws -> Event {
        let token = CodexCancelToken()
        return try await withTaskCancellationHandler {
            try await offload { [self] in
                var out: OpaquePointer? = nil
                do {
                    try check { codex_next_notification_cancellable(raw, -1, token.raw, &out, $0) }
                } catch CodexError.cancelled(_) {
                    throw CancellationError()
                }
                guard let event = out else {
                    throw CodexError.internalError(CodexErrorDetails(status: .internalError, message: "no event"))
                }
                defer { codex_event_free(event) }
                return Event(copying: event)
            }
        } onCancel: {
            token.trigger()
        }
    }
}
