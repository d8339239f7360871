// Events (server notifications), copied out of the borrowed C event.

import CCodex

/// One server notification.
public struct Event: Sendable {
    public enum Kind: Int, Sendable {
        case turnStarted = 0
        case turnCompleted = 1
        case itemStarted = 2
        case itemCompleted = 3
        case agentMessageDelta = 4
        case reasoningDelta = 5
        case commandOutputDelta = 6
        case tokenUsage = 7
        case error = 8
        /// Any other method: read `method` and `paramsJSON`.
        case other = 9
        /// An `error` notification with `willRetry: true`: the server retries by itself (e.g.
        /// "Reconnecting..."); not fatal. `notice` has its attempt number and message.
        case retry = 10
        /// Made by the library (method "codex/gap"): `gapDropped` events of this turn or thread
        /// stream were not kept for its reader (a retention or lag cap was passed).
        case gap = 11
    }

    /// What an `.error` or `.retry` event says.
    public struct ErrorNotice: Sendable {
        /// e.g. "Reconnecting... 2/5".
        public let message: String
        /// `codexErrorInfo` as JSON text, nil if the server sent none.
        public let codexErrorInfoJSON: String?
        /// True for `.retry`: the server retries by itself.
        public let willRetry: Bool
        /// A `.retry` event's attempt within its turn (1, 2, ...); 0 otherwise.
        public let attempt: Int64
    }

    public let kind: Kind
    /// e.g. "item/agentMessage/delta".
    public let method: String
    public let threadID: String?
    public let turnID: String?
    /// The item id of a delta.
    public let itemID: String?
    /// The text of a delta event.
    public let delta: String?
    /// The notification's params (`{}` if none).
    public let paramsJSON: String
    /// The whole line as the server sent it.
    public let rawJSON: String
    /// What an `.error` or `.retry` event says; nil for other kinds.
    public let notice: ErrorNotice?
    /// For a `.gap` event, how many events were dropped before it; 0 otherwise.
    public let gapDropped: UInt64

    // Typed parts (nil / `.other` for other kinds): the item of `.itemStarted` and
    // `.itemCompleted`, the counts of `.tokenUsage`, a thread/status/changed event's status, a
    // turn/plan/updated event's steps.
    public let item: Item?
    public let tokenUsage: TokenUsage?
    public let threadStatus: ThreadStatus
    public let plan: [PlanStep]?

    /// Copies a borrowed `codex_event *` (valid only during the callback).
    init(copying event: OpaquePointer) {
        kind = Kind(rawValue: Int(codex_event_kind(event).rawValue)) ?? .other
        method = swiftString(codex_event_method(event)) ?? ""
        threadID = swiftString(codex_event_thread_id(event))
        turnID = swiftString(codex_event_turn_id(event))
        itemID = swiftString(codex_event_item_id(event))
        var deltaLength = 0
        let deltaPointer = codex_event_delta(event, &deltaLength)
        delta = deltaPointer == nil ? nil : swiftString(deltaPointer, count: deltaLength)
        var paramsLength = 0
        let paramsPointer = codex_event_params(event, &paramsLength)
        paramsJSON = swiftString(paramsPointer, count: paramsLength)
        var rawLength = 0
        let rawPointer = codex_event_json(event, &rawLength)
        rawJSON = swiftString(rawPointer, count: rawLength)
        notice = Event.notice(of: event)
        gapDropped = codex_event_gap_dropped(event)
        let typed = TypedEventParts(
            event, kind: Kind(rawValue: Int(codex_event_kind(event).rawValue)) ?? .other,
            method: swiftString(codex_event_method(event)) ?? "")
        item = typed.item
        tokenUsage = typed.tokenUsage
        threadStatus = typed.threadStatus
        plan = typed.plan
    }

    private static func notice(of event: OpaquePointer) -> ErrorNotice? {
        var message: UnsafeMutablePointer<CChar>? = nil
        guard codex_event_error_message(event, &message, nil) == CODEX_STATUS_OK else { return nil }
        var info: UnsafeMutablePointer<CChar>? = nil
        let infoJSON: String? =
            codex_event_error_info_json(event, &info, nil) == CODEX_STATUS_OK && info != nil ? takeString(info) : nil
        return ErrorNotice(
            message: takeString(message),
            codexErrorInfoJSON: infoJSON,
            willRetry: codex_event_will_retry(event),
            attempt: codex_event_retry_attempt(event))
    }
}

/// Receives one event (borrowed) on the client's delivery thread; `user_data` is an
/// EventSink.
let codexEventTrampoline: codex_event_fn = { userData, event in
    guard let userData, let event else { return }
    let sink = Unmanaged<AnyObject>.fromOpaque(userData).takeUnretainedValue() as? EventSink
    sink?.receive(Event(copying: event))
}

/// Where a registered event callback delivers.
protocol EventSink: AnyObject {
    func receive(_ event: Event)
}

/// A client-wide notification handler as an event sink.
final class NotificationSink: EventSink, @unchecked Sendable {
    let handler: @Sendable (Event) -> Void

    init(_ handler: @escaping @Sendable (Event) -> Void) {
        self.handler = handler
    }

    func receive(_ event: Event) {
        handler(event)
    }
}
