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

    /// What the request asks for (codex_server_request_kind_t).
    public enum Kind: Int, Sendable {
        /// Read `method` and `paramsJSON`.
        case other = 0
        case commandApproval = 1
        case fileChangeApproval = 2
        case permissions = 3
        case userInput = 4
        case mcpElicitation = 5
    }

    /// A typed answer (codex_decision_t); `.decline` is the safe default.
    public enum Decision: UInt32, Sendable {
        case decline = 0
        case accept = 1
        case acceptForSession = 2
        case cancel = 3
    }

    /// One question of a user-input request.
    public struct Question: Sendable, Equatable {
        public let id: String
        public let header: String
        public let text: String
        /// Option labels (empty = free text).
        public let options: [String]
    }

    // The typed view (decoded by the library); nil / empty where it does not apply.
    public let kind: Kind
    /// The item the request is about (a file change's paths are on that item).
    public let itemID: String?
    /// A command approval's command and cwd (cwd also for permission requests).
    public let command: String?
    public let cwd: String?
    public let reason: String?
    /// A file-change approval's requested write root for the session.
    public let grantRoot: String?
    /// A permission request's RequestPermissionProfile JSON.
    public let permissionsJSON: String?
    /// The command prefix a command approval proposes to allow from now on.
    public let proposedAmendment: [String]
    /// The decisions a command approval offers, as the server names them.
    public let offeredDecisions: [String]
    public let questions: [Question]

    /// The C request while the handler runs (emptied when it returns).
    let slot: RequestSlot?

    /// Sets the answer to question `index` of a user-input request (an option label or free
    /// text), sent by `answer(.accept)`. Call it from the handler, before it returns.
    public func setAnswer(_ index: Int, _ answer: String) throws {
        guard index >= 0 else { throw CodexError.rejected("negative question index") }
        try withCStrings([("answer", answer)]) { p in
            try withRequest { raw in try check { codex_server_request_set_answer(raw, index, p[0], $0) } }
        }
    }

    /// Answers with a typed decision (see codex_server_request_answer), from the handler; the
    /// handler then returns nil. Throws `.expired` if the request was already answered.
    public func answer(_ decision: Decision) throws {
        try withRequest { raw in try check { codex_server_request_answer(raw, decision.rawValue, $0) } }
    }

    private func withRequest(_ body: (OpaquePointer) throws -> Void) throws {
        guard let slot else { throw CodexError.rejected("this request was not received by a handler") }
        try slot.locked {
            guard let pending = slot.pending else {
                throw CodexError.rejected("the request's handler already returned (answer from the handler)")
            }
            try body(pending.raw)
        }
    }
}

/// Holds the pending C request while its handler runs; copies of a ServerRequest kept after the
/// handler returned do not keep the request (and its safe default answer) waiting.
final class RequestSlot: @unchecked Sendable {
    private let lock = NSLock()
    var pending: PendingServerRequest?

    init(_ pending: PendingServerRequest) {
        self.pending = pending
    }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func release() {
        locked { pending = nil }
    }
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

    /// `{"decision": <decision>}` (the string escaped by JSONSerialization).
    public static func decision(_ decision: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: ["decision": decision])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? decline
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
        let slot = RequestSlot(pending)
        var amendment: [String] = []
        for i in 0..<codex_server_request_amendment_count(raw) {
            amendment.append(swiftString(codex_server_request_amendment(raw, i)) ?? "")
        }
        var decisions: [String] = []
        for i in 0..<codex_server_request_decision_count(raw) {
            decisions.append(swiftString(codex_server_request_decision(raw, i)) ?? "")
        }
        var questions: [ServerRequest.Question] = []
        for i in 0..<codex_server_request_question_count(raw) {
            var options: [String] = []
            for j in 0..<codex_server_request_question_option_count(raw, i) {
                options.append(swiftString(codex_server_request_question_option(raw, i, j)) ?? "")
            }
            questions.append(ServerRequest.Question(
                id: swiftString(codex_server_request_question_id(raw, i)) ?? "",
                header: swiftString(codex_server_request_question_header(raw, i)) ?? "",
                text: swiftString(codex_server_request_question_text(raw, i)) ?? "",
                options: options))
        }
        let request = ServerRequest(
            method: swiftString(codex_server_request_method(raw)) ?? "",
            id: swiftString(codex_server_request_id(raw)) ?? "null",
            paramsJSON: swiftString(codex_server_request_params(raw)) ?? "{}",
            threadID: swiftString(codex_server_request_thread_id(raw)),
            turnID: swiftString(codex_server_request_turn_id(raw)),
            kind: ServerRequest.Kind(rawValue: Int(codex_server_request_kind(raw).rawValue)) ?? .other,
            itemID: swiftString(codex_server_request_item_id(raw)),
            command: swiftString(codex_server_request_command(raw)),
            cwd: swiftString(codex_server_request_cwd(raw)),
            reason: swiftString(codex_server_request_reason(raw)),
            grantRoot: swiftString(codex_server_request_grant_root(raw)),
            permissionsJSON: swiftString(codex_server_request_permissions_json(raw)),
            proposedAmendment: amendment,
            offeredDecisions: decisions,
            questions: questions,
            slot: slot
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
            slot.release()
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
