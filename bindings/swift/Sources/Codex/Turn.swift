// Turns: the events stream (codex_turn_set_event_callback), the result (codex_turn_on_complete),
// steer and interrupt.

import CCodex
import Foundation

/// How a turn ended.
public enum TurnStatus: String, Sendable {
    case completed
    case interrupted
    case failed
}

/// What a finished turn produced.
public struct TurnResult: Sendable {
    public let id: String
    public let threadID: String
    public let status: TurnStatus
    /// The error message of a failed turn.
    public let error: String?
    /// The server's TurnError object as JSON.
    public let errorJSON: String?
    /// The last final-answer agent message, else the last phase-less one.
    public let finalResponse: String?
    /// Every completed item of the turn, in order (user message included), as a JSON array.
    public let itemsJSON: String
    /// ThreadTokenUsage JSON (total, last, modelContextWindow).
    public let usageJSON: String?
    /// Server timestamps (Unix seconds) and duration (ms); -1 where the server sent none.
    public let startedAt: Int64
    public let completedAt: Int64
    public let durationMs: Int64
    /// Milliseconds the library saw between the turn's first tracking and its end.
    public let elapsedMs: Int64
    /// Whether the idle watchdog ended the turn.
    public let watchdogFired: Bool
    /// Whether `runBounded`'s deadline passed and the library interrupted the turn.
    public let deadlineReached: Bool
    /// The turn's items, typed (the same as `itemsJSON`).
    public let items: [Item]
    /// The thread's token usage after the turn, nil if the server sent none.
    public let tokenUsage: TokenUsage?

    /// Copies a `codex_turn_result *` (borrowed during the completion callback).
    init(copying r: OpaquePointer) {
        id = swiftString(codex_turn_result_id(r)) ?? ""
        threadID = swiftString(codex_turn_result_thread_id(r)) ?? ""
        let s = codex_turn_result_status(r)
        status = s == CODEX_TURN_COMPLETED ? .completed : (s == CODEX_TURN_INTERRUPTED ? .interrupted : .failed)
        error = swiftString(codex_turn_result_error(r))
        errorJSON = swiftString(codex_turn_result_error_json(r))
        finalResponse = swiftString(codex_turn_result_final_response(r))
        itemsJSON = swiftString(codex_turn_result_items_json(r)) ?? "[]"
        usageJSON = swiftString(codex_turn_result_usage_json(r))
        startedAt = codex_turn_result_started_at(r)
        completedAt = codex_turn_result_completed_at(r)
        durationMs = codex_turn_result_duration_ms(r)
        elapsedMs = codex_turn_result_elapsed_ms(r)
        watchdogFired = codex_turn_result_watchdog_fired(r)
        deadlineReached = codex_turn_result_deadline_reached(r)
        var items: [Item] = []
        for i in 0..<codex_turn_result_item_count(r) {
            var it: OpaquePointer?
            if codex_turn_result_item(r, i, &it, nil) == CODEX_STATUS_OK, let it {
                items.append(Item.adopting(it))
            }
        }
        self.items = items
        tokenUsage = TokenUsage { codex_turn_result_token_usage(r, $0) }
    }
}

/// The `user_data` of a turn's two registrations (events and completion): feeds the events
/// stream and the waiters. Retained once per registration; each drop releases its retain.
final class TurnState: EventSink, CallbackOwner, @unchecked Sendable {
    let completion = Completion<TurnResult>(whatIsClosed: "turn")
    let continuation: AsyncThrowingStream<Event, Error>.Continuation

    init(continuation: AsyncThrowingStream<Event, Error>.Continuation) {
        self.continuation = continuation
    }

    func receive(_ event: Event) {
        continuation.yield(event)
    }

    func complete(_ outcome: Result<TurnResult, Error>) {
        completion.finish(outcome)
        settleStream()
    }

    /// The completion callback was released: if it never ran (client closed, handle freed),
    /// the waiters and the stream end with `.closed`.
    func callbackReleased() {
        completion.callbackReleased()
        settleStream()
    }

    /// The C registration of the completion callback succeeded.
    func arm() {
        completion.arm()
        settleStream()
    }

    /// Ends the stream the way the turn ended (the completion callback runs after the turn's
    /// last event callback, so no event is lost).
    private func settleStream() {
        switch completion.finishedOutcome {
        case .none:
            return
        case .some(.success):
            continuation.finish()
        case .some(.failure(let error)):
            continuation.finish(throwing: error)
        }
    }
}

/// A running (or finished) turn. Thread-safe.
///
/// `events` delivers every event of the turn in order, from the first one, ending after
/// `turnCompleted` (or throwing `.closed` / `.transport` if the turn ended without completing).
/// It has one consumer; events are buffered until read, so reading them is optional.
public final class Turn: @unchecked Sendable {
    let raw: OpaquePointer
    /// The thread handle stays alive while the turn handle does.
    public let thread: CodexThread
    public let id: String
    public let threadID: String
    public let events: AsyncThrowingStream<Event, Error>
    private let state: TurnState

    private init(thread: CodexThread, raw: OpaquePointer, events: AsyncThrowingStream<Event, Error>, state: TurnState) {
        self.thread = thread
        self.raw = raw
        self.events = events
        self.state = state
        id = swiftString(codex_turn_id(raw)) ?? ""
        threadID = swiftString(codex_turn_thread_id(raw)) ?? ""
    }

    /// Wraps a new `codex_turn *` and registers its event and completion callbacks, so that
    /// no event is missed.
    static func make(thread: CodexThread, raw: OpaquePointer?) throws -> Turn {
        guard let raw else {
            throw CodexError.internalError(CodexErrorDetails(status: .internalError, message: "no turn handle"))
        }
        let (events, continuation) = AsyncThrowingStream<Event, Error>.makeStream()
        let state = TurnState(continuation: continuation)
        do {
            let eventData = Unmanaged.passRetained(state).toOpaque()
            try check { codex_turn_set_event_callback(raw, codexEventTrampoline, eventData, codexReleaseUserData, $0) }
            let completeData = Unmanaged.passRetained(state).toOpaque()
            try check { codex_turn_on_complete(raw, codexTurnDone, completeData, codexReleaseCompletion, $0) }
        } catch {
            codex_turn_free(raw)
            throw error
        }
        state.arm()
        let turn = Turn(thread: thread, raw: raw, events: events, state: state)
        // A consumer task cancelled while reading events interrupts the turn. (When the turn
        // handle itself goes away, `turn` is already nil here: nothing is interrupted.)
        continuation.onTermination = { [weak turn] termination in
            if case .cancelled = termination { turn?.interruptInBackground() }
        }
        return turn
    }

    deinit {
        // Its callbacks stop (their drops release `state`); the turn itself goes on.
        codex_turn_free(raw)
    }

    /// Waits for the turn to end. A failed turn is a result with status `.failed`. Cancelling
    /// the waiting task interrupts the turn and throws CancellationError at once; a later
    /// wait() returns the (interrupted) result.
    public func wait() async throws -> TurnResult {
        try await state.completion.wait(onCancel: { [self] in interruptInBackground() })
    }

    /// Adds plain-text input to the running turn (`turn/steer`). `.rpc` once the turn ended.
    public func steer(_ text: String) async throws {
        try await offload { [self] in
            try withCStrings([("text", text)]) { p in
                try check { codex_turn_steer(raw, p[0], $0) }
            }
        }
    }

    /// steer() with structured input.
    public func steer(input: [Input]) async throws {
        try await offload { [self] in
            try withCStrings([("input", Input.array(input))]) { p in
                try check { codex_turn_steer_input(raw, p[0], $0) }
            }
        }
    }

    /// Asks the server to interrupt the turn; it then ends with status `.interrupted`. `.rpc`
    /// once the turn ended.
    public func interrupt() async throws {
        try await offload { [self] in
            try check { codex_turn_interrupt(raw, $0) }
        }
    }

    /// Overrides the idle watchdog for this turn (0 = off).
    public func setIdleTimeout(_ timeout: TimeInterval) throws {
        try check { codex_turn_set_idle_timeout_ms(raw, milliseconds(timeout), $0) }
    }

    /// Interrupts from a cancellation handler, which must not block: on a thread of its own.
    /// Errors are ignored (the turn may have just ended).
    func interruptInBackground() {
        if state.completion.isFinished { return }
        let worker = Thread { [self] in
            var err: OpaquePointer? = nil
            _ = codex_turn_interrupt(raw, &err)
            codex_error_free(err)
        }
        worker.name = "codex-interrupt"
        worker.start()
    }
}

let codexTurnDone: codex_turn_complete_fn = { userData, status, result, error in
    guard let userData else { return }
    let state = Unmanaged<TurnState>.fromOpaque(userData).takeUnretainedValue()
    if status == CODEX_STATUS_OK, let result {
        state.complete(.success(TurnResult(copying: result)))
    } else {
        state.complete(.failure(CodexError.copying(status: status, error: error)))
    }
}
