// CodexThreadStream: everything scoped to one thread (codex_thread_stream), pulled on a thread
// of its own; Swift task cancellation ends a pull through a codex_cancel token.

import CCodex
import Foundation

/// Everything scoped to one thread from the moment it was opened: the events of each of its
/// turns (also turns this program did not start: their turn/started announces them) and the
/// thread's own notifications, in server order. A stream that lags past its cap gets one `.gap`
/// event. Closed when released.
public final class CodexThreadStream: @unchecked Sendable {
    let raw: OpaquePointer
    let client: CodexClient
    public let threadID: String

    init(client: CodexClient, raw: OpaquePointer, threadID: String) {
        self.client = client
        self.raw = raw
        self.threadID = threadID
    }

    deinit {
        codex_thread_stream_free(raw)
    }

    /// The stream's next event, waiting without a time limit. Cancelling the task ends the wait
    /// at once and throws CancellationError; no event is lost.
    public func next() async throws -> Event {
        let token = CodexCancelToken()
        return try await withTaskCancellationHandler {
            try await offload { [self] in
                var out: OpaquePointer? = nil
                do {
                    try check { codex_thread_stream_next_event_cancellable(raw, -1, token.raw, &out, $0) }
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

extension CodexClient {
    /// Subscribes to everything scoped to `threadID` from now on (see CodexThreadStream).
    public func threadStream(threadID: String) throws -> CodexThreadStream {
        var out: OpaquePointer? = nil
        try threadID.withCString { id in
            try check { codex_thread_stream_open(raw, id, &out, $0) }
        }
        guard let stream = out else {
            throw CodexError.internalError(CodexErrorDetails(status: .internalError, message: "no stream"))
        }
        return CodexThreadStream(client: self, raw: stream, threadID: threadID)
    }
}
