// Errors: one case per C status, each carrying the C error's details.

import CCodex

/// The statuses of codex.h; the raw values are the C ones and never change.
public enum CodexStatus: Int, Sendable, CustomStringConvertible {
    case ok = 0
    case invalidArgument = 1
    case timeout = 2
    case end = 3
    case cancelled = 4
    case closed = 5
    case transport = 6
    case rpc = 7
    case overloaded = 8
    case notFound = 9
    case expired = 10
    case version = 11
    case wouldDeadlock = 12
    case panic = 13
    case internalError = 14
    case auth = 15

    init(_ status: codex_status) {
        self = CodexStatus(rawValue: Int(status.rawValue)) ?? .internalError
    }

    /// The status's C name, e.g. "CODEX_STATUS_TIMEOUT", from codex_status_str, so every
    /// language prints the same names.
    public var description: String {
        String(cString: codex_status_str(UInt32(rawValue)))
    }
}

/// What the C error object said, copied out of it.
public struct CodexErrorDetails: Sendable, Equatable {
    public var status: CodexStatus
    public var message: String
    /// The JSON-RPC error code (status `.rpc`), else 0.
    public var rpcCode: Int64
    /// The JSON-RPC error data as JSON text, if any.
    public var rpcData: String?
    /// The end of the app-server's stderr (secrets redacted), mostly for `.transport`.
    public var stderrTail: String?

    public init(status: CodexStatus, message: String, rpcCode: Int64 = 0, rpcData: String? = nil, stderrTail: String? = nil) {
        self.status = status
        self.message = message
        self.rpcCode = rpcCode
        self.rpcData = rpcData
        self.stderrTail = stderrTail
    }
}

/// A failure reported by the C library, or an argument this binding rejected before calling it
/// (`.invalidArgument`). A failed turn is not an error: it is a TurnResult with status `.failed`.
public enum CodexError: Error, Sendable, CustomStringConvertible {
    case invalidArgument(CodexErrorDetails)
    case timeout(CodexErrorDetails)
    case end(CodexErrorDetails)
    case cancelled(CodexErrorDetails)
    case closed(CodexErrorDetails)
    case transport(CodexErrorDetails)
    case rpc(CodexErrorDetails)
    case overloaded(CodexErrorDetails)
    case notFound(CodexErrorDetails)
    case expired(CodexErrorDetails)
    case version(CodexErrorDetails)
    case wouldDeadlock(CodexErrorDetails)
    case panic(CodexErrorDetails)
    case internalError(CodexErrorDetails)
    /// A remote app-server refused the connection's credentials (missing, invalid or expired).
    case auth(CodexErrorDetails)

    public init(_ details: CodexErrorDetails) {
        switch details.status {
        case .invalidArgument: self = .invalidArgument(details)
        case .timeout: self = .timeout(details)
        case .end: self = .end(details)
        case .cancelled: self = .cancelled(details)
        case .closed: self = .closed(details)
        case .transport: self = .transport(details)
        case .rpc: self = .rpc(details)
        case .overloaded: self = .overloaded(details)
        case .notFound: self = .notFound(details)
        case .expired: self = .expired(details)
        case .version: self = .version(details)
        case .wouldDeadlock: self = .wouldDeadlock(details)
        case .panic: self = .panic(details)
        case .auth: self = .auth(details)
        case .ok, .internalError: self = .internalError(details)
        }
    }

    public var details: CodexErrorDetails {
        switch self {
        case .invalidArgument(let d), .timeout(let d), .end(let d), .cancelled(let d),
             .closed(let d), .transport(let d), .rpc(let d), .overloaded(let d),
             .notFound(let d), .expired(let d), .version(let d), .wouldDeadlock(let d),
             .panic(let d), .internalError(let d), .auth(let d):
            return d
        }
    }

    public var status: CodexStatus { details.status }
    public var message: String { details.message }
    public var rpcCode: Int64 { details.rpcCode }
    public var rpcData: String? { details.rpcData }
    public var stderrTail: String? { details.stderrTail }

    public var description: String {
        var text = "codex: \(status)"
        if !message.isEmpty && message != status.description { text += ": \(message)" }
        if rpcCode != 0 { text += " (code \(rpcCode))" }
        return text
    }

    /// Copies a borrowed C error (as passed to completion callbacks). TIMEOUT and END come
    /// without an error object.
    static func copying(status: codex_status, error: OpaquePointer?) -> CodexError {
        let s = CodexStatus(status)
        guard let error else {
            return CodexError(CodexErrorDetails(status: s, message: s.description))
        }
        return CodexError(CodexErrorDetails(
            status: CodexStatus(codex_error_status(error)),
            message: swiftString(codex_error_message(error)) ?? s.description,
            rpcCode: codex_error_rpc_code(error),
            rpcData: swiftString(codex_error_rpc_data(error)),
            stderrTail: swiftString(codex_error_stderr_tail(error))
        ))
    }

    /// Copies an owned C error (a `codex_error **` output) and frees it.
    static func taking(status: codex_status, error: OpaquePointer?) -> CodexError {
        defer { codex_error_free(error) }
        return copying(status: status, error: error)
    }

    static func rejected(_ message: String) -> CodexError {
        .invalidArgument(CodexErrorDetails(status: .invalidArgument, message: message))
    }

    static func closedError(_ message: String) -> CodexError {
        .closed(CodexErrorDetails(status: .closed, message: message))
    }
}
