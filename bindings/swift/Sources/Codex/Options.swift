// Client options, turned into a `codex_options *` for codex_new.

import CCodex
import Foundation

/// Severity of a library diagnostic.
public enum LogLevel: Int, Sendable {
    case error = 0
    case warn = 1
    case info = 2
    case debug = 3
}

/// Options for CodexClient. The defaults are the library's: the binary from CODEX_BIN or PATH,
/// the inherited CODEX_HOME and cwd, 60 s request timeout, 10 min idle watchdog.
public struct CodexOptions: Sendable {
    /// Path of the codex binary.
    public var codexBin: String?
    /// CODEX_HOME of the app-server.
    public var codexHome: String?
    /// Working directory of the app-server (the default cwd of threads).
    public var cwd: String?
    /// Extra environment variables of the app-server.
    public var environment: [String: String] = [:]
    /// `--config key=value` overrides, e.g. "features.plugins=false".
    public var config: [String] = []
    /// clientInfo sent at initialize.
    public var clientName: String?
    public var clientTitle: String?
    public var clientVersion: String?
    public var disableExperimentalAPI = false
    /// Accept a server outside the supported version range.
    public var acceptAnyVersion = false
    /// Bound on every call that talks to the server and is not itself a wait (nil = default).
    public var requestTimeout: TimeInterval?
    /// Overload (-32001) retries (nil = default).
    public var retryLimit: UInt32?
    /// Turn idle watchdog (nil = default, 0 = off).
    public var idleTimeout: TimeInterval?
    /// How long a server-request handler may take before the safe default answer is sent.
    public var serverRequestTimeout: TimeInterval?
    /// Answers approvals and other server requests. nil: the library's safe default (decline
    /// approvals, grant nothing). See CodexClient.setServerRequestHandler.
    public var serverRequestHandler: ServerRequestHandler?
    /// Receives errors of your callbacks that have no caller to go to: a throwing
    /// serverRequestHandler, or an answer the library refused (e.g. expired).
    public var onCallbackError: (@Sendable (Error) -> Void)?
    /// Receives the library's diagnostics (never secrets) up to `logLevel`, on the client's
    /// delivery thread: keep it quick.
    public var logger: (@Sendable (LogLevel, String) -> Void)?
    public var logLevel: LogLevel = .warn
    /// Connect to a running app-server instead of spawning one (nil = spawn).
    public var remote: CodexRemote?

    public init() {}

    /// Builds the C options; the caller frees them with codex_options_free.
    func makeC() throws -> OpaquePointer {
        guard let opts = codex_options_new() else {
            throw CodexError.internalError(CodexErrorDetails(status: .internalError, message: "codex_options_new failed"))
        }
        do {
            try apply(to: opts)
        } catch {
            codex_options_free(opts)
            throw error
        }
        return opts
    }

    private func apply(to opts: OpaquePointer) throws {
        try withCStrings([("codexBin", codexBin), ("codexHome", codexHome), ("cwd", cwd)]) { p in
            if p[0] != nil { try check { codex_options_set_codex_bin(opts, p[0], $0) } }
            if p[1] != nil { try check { codex_options_set_codex_home(opts, p[1], $0) } }
            if p[2] != nil { try check { codex_options_set_cwd(opts, p[2], $0) } }
        }
        for name in environment.keys.sorted() {
            try withCStrings([("environment name", name), ("environment value", environment[name])]) { p in
                try check { codex_options_set_env(opts, p[0], p[1], $0) }
            }
        }
        for keyValue in config {
            try withCStrings([("config", keyValue)]) { p in
                try check { codex_options_add_config(opts, p[0], $0) }
            }
        }
        if clientName != nil || clientTitle != nil || clientVersion != nil {
            let name = clientName ?? "codex_ffi_swift"
            try withCStrings([("clientName", name), ("clientTitle", clientTitle), ("clientVersion", clientVersion)]) { p in
                try check { codex_options_set_client_info(opts, p[0], p[1], p[2], $0) }
            }
        }
        if disableExperimentalAPI {
            try check { codex_options_set_experimental_api(opts, false, $0) }
        }
        if acceptAnyVersion {
            try check { codex_options_set_accept_any_version(opts, true, $0) }
        }
        if let requestTimeout {
            try check { codex_options_set_request_timeout_ms(opts, milliseconds(requestTimeout), $0) }
        }
        if let retryLimit {
            try check { codex_options_set_retry_limit(opts, retryLimit, $0) }
        }
        if let idleTimeout {
            try check { codex_options_set_idle_timeout_ms(opts, milliseconds(idleTimeout), $0) }
        }
        if let serverRequestTimeout {
            try check { codex_options_set_server_request_timeout_ms(opts, milliseconds(serverRequestTimeout), $0) }
        }
        if let remote {
            try remote.apply(to: opts)
        }
        if let logger {
            let sink = Unmanaged.passRetained(LogSink(logger)).toOpaque()
            let level = codex_log_level(rawValue: numericCast(logLevel.rawValue))
            // On failure the library has already run the drop (releasing the sink).
            try check { codex_options_set_log_callback(opts, level, codexLogTrampoline, sink, codexReleaseUserData, $0) }
        }
    }
}

func milliseconds(_ t: TimeInterval) -> Int64 {
    Int64((t * 1000).rounded())
}

final class LogSink: @unchecked Sendable {
    let fn: @Sendable (LogLevel, String) -> Void

    init(_ fn: @escaping @Sendable (LogLevel, String) -> Void) {
        self.fn = fn
    }
}

let codexLogTrampoline: codex_log_fn = { userData, level, message in
    guard let userData else { return }
    let sink = Unmanaged<LogSink>.fromOpaque(userData).takeUnretainedValue()
    sink.fn(LogLevel(rawValue: Int(level.rawValue)) ?? .debug, swiftString(message) ?? "")
}
