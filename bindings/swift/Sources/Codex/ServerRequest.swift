// Server requests (approvals, user input, elicitations): the handler is a Swift async closure;
// the library's safe default (decline, grant nothing) answers whatever it does not.

import CCodex
import Foundation

/// A request from the server that the client must answer, copied out of the C request.
public struct ServerRequest: Sendable {
    /// e.g. "item/commandExecution/requestApproval".
    public let method: String
    /// The request id as JSON text (a number or a quoted string).
    public let id: String
    public let paramsJSON: String
    public let threadID: String?
    public let turnID: String?
}

/// Answers a server request: return the result JSON to send (e.g. `ServerRequestAnswer.accept`),
/// or nil, or throw, to send the library's safe default (decline approvals, grant nothing). It
/// runs in its own task, so it may suspend and may call the client. An answer later than the
/// client's serverRequestTimeout is not sent (the safe default already was).
public typealias ServerRequestHandler = @Sendable (ServerRequest) async throws -> String?

/// Ready-made answers for command and file-change approvals.
public enum ServerRequestAnswer {
    public static let accept = #"{"decision":"accept"}"#
    public static let acceptForSession = #"{"decision":"acceptForSession"}"#
    public static let decline = #"{"decision":"decline"}"#
    public static let cancel = #"{"decision":"cancel"}"#

    /// `{"decision": <decision>}`.
    public static func decision(_ decision: String) -> String {
        "{\"decision\":\(JSONObject.quote(decision))}"
    }
}

/// Owns one `codex_server_request *`: freeing it unanswered sends the safe default.
final class PendingServerRequest: @unchecked Sendable {
    let raw: OpaquePointer

    init(_ raw: OpaquePointer) {
        self.raw = raw
    }

    deinit {
        codex_server_request_free(raw)
    }

    func respond(_ resultJSON: String) throws {
        try withCStrings([("result", resultJSON)]) { p in
            try check { codex_server_request_respond(raw, p[0], $0) }
        }
    }
}

/// The `user_data` of codex_set_server_request_handler.
final class ServerRequestDispatcher: @unchecked Sendable {
    let handler: ServerRequestHandler
    /// Errors of the handler or of its answer, which have no caller to go to.
    let onError: (@Sendable (Error) -> Void)?

    init(_ handler: @escaping ServerRequestHandler, onError: (@Sendable (Error) -> Void)?) {
        self.handler = handler
        self.onError = onError
    }

    /// Runs on the delivery thread: copies the request and hands it to a task at once, so a slow
    /// handler never holds up the client's other callbacks.
    func dispatch(_ raw: OpaquePointer) {
        let pending = PendingServerRequest(raw)
        let request = ServerRequest(
            method: swiftString(codex_server_request_method(raw)) ?? "",
            id: swiftString(codex_server_request_id(raw)) ?? "null",
            paramsJSON: swiftString(codex_server_request_params(raw)) ?? "{}",
            threadID: swiftString(codex_server_request_thread_id(raw)),
            turnID: swiftString(codex_server_request_turn_id(raw))
        )
        let handler = self.handler
        let onError = self.onError
        Task.detached {
            do {
                if let answer = try await handler(request) {
                    try pending.respond(answer)
                }
            } catch {
                onError?(error)
            }
            // `pending` is released here: unanswered, the library sends the safe default.
            withExtendedLifetime(pending) {}
        }
    }
}

let codexServerRequestTrampoline: codex_server_request_fn = { userData, request in
    guard let request else { return }
    guard let userData else {
        codex_server_request_free(request)
        return
    }
    let dispatcher = Unmanaged<ServerRequestDispatcher>.fromOpaque(userData).takeUnretainedValue()
    dispatcher.dispatch(request)
}
