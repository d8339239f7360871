// CodexClient: one running `codex app-server`.

import CCodex
import Foundation

/// A client: one app-server process. Thread-safe (the C layer locks internally), so it may be
/// shared between tasks. Threads, turns and logins keep their client alive; the server shuts
/// down on close() or when the last reference goes.
///
/// Methods that talk to the server are `async`: the waits (`request`, `LoginHandle.wait`,
/// `Turn.wait`, `Turn.events`) use the C completion callbacks; the other calls are bounded by
/// the request timeout and run on a thread of their own, never on a cooperative thread.
public final class CodexClient: @unchecked Sendable {
    let raw: OpaquePointer
    private let lock = NSLock()
    private var isClosed = false
    private let onCallbackError: (@Sendable (Error) -> Void)?

    /// The server's user agent from initialize.
    public let userAgent: String
    /// The server's version, e.g. "0.163.0".
    public let serverVersion: String
    /// The CODEX_HOME the server resolved.
    public let codexHome: String
    public let platformFamily: String
    public let platformOS: String

    /// Starts an app-server and completes the initialize handshake. Synchronous: it blocks the
    /// calling thread up to the request timeout; from async code prefer `CodexClient.start`.
    public init(options: CodexOptions = CodexOptions()) throws {
        let opts = try options.makeC()
        defer { codex_options_free(opts) }
        var out: OpaquePointer? = nil
        try check { codex_new(opts, &out, $0) }
        guard let client = out else {
            throw CodexError.internalError(CodexErrorDetails(status: .internalError, message: "codex_new returned no client"))
        }
        raw = client
        onCallbackError = options.onCallbackError
        userAgent = swiftString(codex_client_user_agent(client)) ?? ""
        serverVersion = swiftString(codex_client_server_version(client)) ?? ""
        codexHome = swiftString(codex_client_codex_home(client)) ?? ""
        platformFamily = swiftString(codex_client_platform_family(client)) ?? ""
        platformOS = swiftString(codex_client_platform_os(client)) ?? ""
        if let handler = options.serverRequestHandler {
            do {
                try setServerRequestHandler(handler)
            } catch {
                close()
                throw error
            }
        }
    }

    /// `init(options:)` on a thread of its own, for async callers.
    public static func start(options: CodexOptions = CodexOptions()) async throws -> CodexClient {
        try await offload { try CodexClient(options: options) }
    }

    deinit {
        close()
    }

    /// Shuts the server down. Every wait on it ends with CodexError.closed; calls on its
    /// threads, turns and logins then fail with `.closed`. Idempotent.
    public func close() {
        let first: Bool = lock.locked {
            defer { isClosed = true }
            return !isClosed
        }
        if first { codex_free(raw) }
    }

    /// The library's version ("MAJOR.MINOR.PATCH").
    public static var libraryVersion: String { swiftString(codex_version()) ?? "" }

    // MARK: Raw requests

    /// Sends any app-server method (params as JSON, nil = `{}`) and returns its result JSON.
    /// `timeout` nil = no limit. A JSON-RPC error throws `.rpc` with its code and data. Task
    /// cancellation ends the wait at once (the request itself is not withdrawn).
    public func request(_ method: String, params: String? = nil, timeout: TimeInterval? = nil) async throws -> String {
        let completion = Completion<String>(whatIsClosed: "request \(method)")
        let timeoutMs = timeout.map(milliseconds) ?? -1
        try withCStrings([("method", method), ("params", params)]) { p in
            let userData = Unmanaged.passRetained(completion).toOpaque()
            // On failure the library has already run the drop, releasing `completion`.
            try check { codex_request_async(raw, p[0], p[1], timeoutMs, codexRequestDone, userData, codexReleaseCompletion, $0) }
        }
        completion.arm()
        return try await completion.wait()
    }

    // MARK: Authentication

    /// Logs in with an API key; completes at once. The key never appears in logs or errors.
    public func loginAPIKey(_ apiKey: String) async throws {
        try await offload { [self] in
            try withCStrings([("apiKey", apiKey)]) { p in
                try check { codex_login_api_key(raw, p[0], $0) }
            }
        }
    }

    /// Starts a ChatGPT browser login: show `authURL`, then `wait()`.
    public func loginChatGPT() async throws -> LoginHandle {
        try await offload { [self] in
            var out: OpaquePointer? = nil
            try check { codex_login_chatgpt(raw, &out, $0) }
            return try LoginHandle.make(client: self, raw: out)
        }
    }

    /// Starts a ChatGPT device-code login: show `verificationURL` and `userCode`, then `wait()`.
    public func loginChatGPTDeviceCode() async throws -> LoginHandle {
        try await offload { [self] in
            var out: OpaquePointer? = nil
            try check { codex_login_chatgpt_device_code(raw, &out, $0) }
            return try LoginHandle.make(client: self, raw: out)
        }
    }

    /// `account/read`.
    public func account(refreshToken: Bool = false) async throws -> AccountInfo {
        let json: String = try await offload { [self] in
            var out: UnsafeMutablePointer<CChar>? = nil
            try check { codex_account(raw, refreshToken, &out, $0) }
            return takeString(out)
        }
        return try AccountInfo(json: json)
    }

    /// Logs out (succeeds when nobody is logged in too).
    public func logout() async throws {
        try await offload { [self] in
            try check { codex_logout(raw, $0) }
        }
    }

    // MARK: Threads

    /// Starts a thread.
    public func threadStart(_ params: ThreadParams = ThreadParams()) async throws -> CodexThread {
        try await offload { [self] in
            try withCStrings([("params", try params.json())]) { p in
                var out: OpaquePointer? = nil
                try check { codex_thread_start(raw, p[0], &out, $0) }
                return try CodexThread.make(client: self, raw: out)
            }
        }
    }

    /// Resumes a stored thread by id.
    public func threadResume(_ threadID: String, params: ThreadParams = ThreadParams()) async throws -> CodexThread {
        try await offload { [self] in
            try withCStrings([("threadID", threadID), ("params", try params.json())]) { p in
                var out: OpaquePointer? = nil
                try check { codex_thread_resume(raw, p[0], p[1], &out, $0) }
                return try CodexThread.make(client: self, raw: out)
            }
        }
    }

    /// Forks a thread by id into a new thread.
    public func threadFork(_ threadID: String, params: ThreadParams = ThreadParams()) async throws -> CodexThread {
        try await offload { [self] in
            try withCStrings([("threadID", threadID), ("params", try params.json())]) { p in
                var out: OpaquePointer? = nil
                try check { codex_thread_fork(raw, p[0], p[1], &out, $0) }
                return try CodexThread.make(client: self, raw: out)
            }
        }
    }

    /// `thread/list` with typed params: the result JSON.
    public func threadList(_ params: ListParams) async throws -> String {
        try await threadList(try params.json())
    }

    /// `thread/list` (ThreadListParams as JSON, nil = `{}`): the result JSON.
    public func threadList(_ params: String? = nil) async throws -> String {
        try await offload { [self] in
            try withCStrings([("params", params)]) { p in
                var out: UnsafeMutablePointer<CChar>? = nil
                try check { codex_thread_list(raw, p[0], &out, $0) }
                return takeString(out)
            }
        }
    }

    /// Archives a thread (the server unloads it).
    public func threadArchive(_ threadID: String) async throws {
        try await offload { [self] in
            try withCStrings([("threadID", threadID)]) { p in
                try check { codex_thread_archive(raw, p[0], $0) }
            }
        }
    }

    /// Unarchives a thread; resume it before running turns.
    public func threadUnarchive(_ threadID: String) async throws -> CodexThread {
        try await offload { [self] in
            try withCStrings([("threadID", threadID)]) { p in
                var out: OpaquePointer? = nil
                try check { codex_thread_unarchive(raw, p[0], &out, $0) }
                return try CodexThread.make(client: self, raw: out)
            }
        }
    }

    /// `model/list`: the result JSON (`{"data":[...]}`).
    public func models(includeHidden: Bool = false) async throws -> String {
        try await offload { [self] in
            var out: UnsafeMutablePointer<CChar>? = nil
            try check { codex_models(raw, includeHidden, &out, $0) }
            return takeString(out)
        }
    }

    // MARK: Callbacks

    /// Routes server requests (approvals, user input, elicitations) to `handler`; nil restores
    /// the library's safe default (decline approvals, grant nothing).
    public func setServerRequestHandler(_ handler: ServerRequestHandler?) throws {
        guard let handler else {
            try check { codex_set_server_request_handler(raw, nil, nil, nil, $0) }
            return
        }
        let dispatcher = ServerRequestDispatcher(handler, onError: onCallbackError)
        let userData = Unmanaged.passRetained(dispatcher).toOpaque()
        try check { codex_set_server_request_handler(raw, codexServerRequestTrampoline, userData, codexReleaseUserData, $0) }
    }

    /// Delivers notifications that no login or turn claimed (thread/started, account/updated,
    /// warnings, ...) to `handler`, on the client's delivery thread: keep it quick. nil removes it.
    public func setNotificationHandler(_ handler: (@Sendable (Event) -> Void)?) throws {
        guard let handler else {
            try check { codex_set_notification_callback(raw, nil, nil, nil, $0) }
            return
        }
        let userData = Unmanaged.passRetained(NotificationSink(handler)).toOpaque()
        try check { codex_set_notification_callback(raw, codexEventTrampoline, userData, codexReleaseUserData, $0) }
    }

    /// How many unclaimed notifications were dropped because the queue was full.
    public var notificationsLagged: UInt64 { codex_notifications_lagged(raw) }
}

/// codex_request_async's completion: `user_data` is a Completion<String>.
let codexRequestDone: codex_request_fn = { userData, status, result, error in
    guard let userData else { return }
    let completion = Unmanaged<Completion<String>>.fromOpaque(userData).takeUnretainedValue()
    if status == CODEX_STATUS_OK {
        completion.finish(.success(swiftString(result) ?? "null"))
    } else {
        completion.finish(.failure(CodexError.copying(status: status, error: error)))
    }
}
