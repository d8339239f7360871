// CodexThread: a conversation on the server (named so, not `Thread`, which is Foundation's).

import CCodex
import Foundation

/// A thread handle. Thread-safe. Freeing the handle (deinit) leaves the thread on the server.
public final class CodexThread: @unchecked Sendable {
    let raw: OpaquePointer
    /// The client stays alive while the thread handle does.
    public let client: CodexClient
    public let id: String

    private init(client: CodexClient, raw: OpaquePointer) {
        self.client = client
        self.raw = raw
        id = swiftString(codex_thread_id(raw)) ?? ""
    }

    static func make(client: CodexClient, raw: OpaquePointer?) throws -> CodexThread {
        guard let raw else {
            throw CodexError.internalError(CodexErrorDetails(status: .internalError, message: "no thread handle"))
        }
        return CodexThread(client: client, raw: raw)
    }

    deinit {
        codex_thread_free(raw)
    }

    /// A handle on a turn of this thread that this process did not start (a review, the
    /// compaction turn, a turn a goal drives: announced by its `turnStarted` on a
    /// CodexThreadStream), with the same events, wait() and interrupt() as a started one. Its
    /// events replay from the first one within the retention caps (a `.gap` event stands for
    /// what they dropped). `.notFound` once the turn is no longer kept.
    public func attachTurn(_ turnID: String) async throws -> Turn {
        try await offload { [self] in
            try withCStrings([("thread_id", id), ("turn_id", turnID)]) { p in
                var out: OpaquePointer? = nil
                try check { codex_turn_attach(client.raw, p[0], p[1], &out, $0) }
                return try Turn.make(thread: self, raw: out)
            }
        }
    }

    /// Starts a turn with one plain-text input (never parsed as JSON). On a busy thread the
    /// server joins the active turn.
    public func turn(_ text: String, params: TurnParams = TurnParams()) async throws -> Turn {
        try await offload { [self] in
            try withCStrings([("text", text), ("params", try params.json())]) { p in
                var out: OpaquePointer? = nil
                try check { codex_thread_turn(raw, p[0], p[1], &out, $0) }
                return try Turn.make(thread: self, raw: out)
            }
        }
    }

    /// Starts a turn with structured input (text, images, local images, skills, mentions).
    public func turn(input: [Input], params: TurnParams = TurnParams()) async throws -> Turn {
        try await offload { [self] in
            try withCStrings([("input", try Input.array(input)), ("params", try params.json())]) { p in
                var out: OpaquePointer? = nil
                try check { codex_thread_turn_input(raw, p[0], p[1], &out, $0) }
                return try Turn.make(thread: self, raw: out)
            }
        }
    }

    /// Runs a turn to completion. A failed turn is a result with status `.failed`, not an error.
    /// Cancelling the task interrupts the turn and throws CancellationError at once.
    public func run(_ text: String, params: TurnParams = TurnParams()) async throws -> TurnResult {
        let started = try await self.turn(text, params: params)
        return try await started.wait()
    }

    /// run() bounded by `deadline` seconds from the call: when it passes the library
    /// interrupts the turn and runBounded returns its result, normally `.interrupted`, with
    /// `deadlineReached` (a turn the server has not ended 5 s after that interrupt ends as
    /// `.failed`). `onEvent` (may be nil) sees each event in order, on the run's own thread,
    /// before runBounded returns; the server's retries (an unreachable provider) arrive as
    /// `.retry` events and do not extend the deadline. Cancelling the task interrupts the turn
    /// and throws CancellationError at once (through a codex_cancel token).
    public func runBounded(
        _ text: String, deadline: TimeInterval, params: TurnParams = TurnParams(),
        onEvent: (@Sendable (Event) -> Void)? = nil
    ) async throws -> TurnResult {
        let token = CodexCancelToken()
        let sink = onEvent.map { NotificationSink($0) }
        let deadlineMs = milliseconds(deadline)
        return try await withTaskCancellationHandler {
            try await offload { [self] in
                try withCStrings([("text", text), ("params", params.json)]) { p in
                    var out: OpaquePointer? = nil
                    do {
                        try withExtendedLifetime(sink) {
                            let userData = sink.map { Unmanaged.passUnretained($0 as AnyObject).toOpaque() }
                            try check {
                                codex_thread_run_bounded(
                                    raw, p[0], p[1], deadlineMs, token.raw,
                                    sink == nil ? nil : codexEventTrampoline, userData, &out, $0)
                            }
                        }
                    } catch CodexError.cancelled(_) {
                        throw CancellationError()
                    }
                    guard let result = out else {
                        throw CodexError.internalError(CodexErrorDetails(status: .internalError, message: "no result"))
                    }
                    defer { codex_turn_result_free(result) }
                    return TurnResult(copying: result)
                }
            }
        } onCancel: {
            token.trigger()
        }
    }

    /// run() with structured input.
    public func run(input: [Input], params: TurnParams = TurnParams()) async throws -> TurnResult {
        let started = try await self.turn(input: input, params: params)
        return try await started.wait()
    }

    /// `thread/read`: `{"thread":...}` JSON; `includeTurns` fills `thread.turns`.
    public func read(includeTurns: Bool = false) async throws -> String {
        try await offload { [self] in
            var out: UnsafeMutablePointer<CChar>? = nil
            try check { codex_thread_read(raw, includeTurns, &out, $0) }
            return takeString(out)
        }
    }

    /// Names the thread.
    public func setName(_ name: String) async throws {
        try await offload { [self] in
            try withCStrings([("name", name)]) { p in
                try check { codex_thread_set_name(raw, p[0], $0) }
            }
        }
    }

    /// Starts compaction of the thread's context.
    public func compact() async throws {
        try await offload { [self] in
            try check { codex_thread_compact(raw, $0) }
        }
    }
}
