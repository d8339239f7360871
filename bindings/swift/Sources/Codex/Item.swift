// Typed items, token usage, thread status and plan updates, copied out of the C getters
// (codex_item_*, codex_event_token_usage, codex_event_thread_status, codex_event_plan_*,
// codex_turn_result_item / _token_usage). Mirrors the Go binding's Item and TokenUsage.

import CCodex

/// One thread item. Fields that do not apply to its type are nil (or empty for `changes`).
public struct Item: Sendable {
    public enum ItemType: Int, Sendable {
        /// A type this library does not know: read `json`.
        case other = 0
        case userMessage = 1
        case agentMessage = 2
        case reasoning = 3
        case commandExecution = 4
        case fileChange = 5
        case mcpToolCall = 6
        case webSearch = 7
        case plan = 8
        case dynamicToolCall = 9
        case imageView = 10
        case contextCompaction = 11
    }

    /// One path of a file change.
    public struct FileChange: Sendable, Equatable {
        public let path: String
        /// "add", "delete", "update" or "other".
        public let kind: String
        /// Unified diff.
        public let diff: String
    }

    public let type: ItemType
    public let id: String
    /// The item as the server sent it.
    public let json: String
    /// Agent message, plan, reasoning summary or user message text.
    public let text: String?
    /// Command, file change, MCP tool call: "inProgress", "completed", "failed", "declined".
    public let status: String?
    public let command: String?
    public let cwd: String?
    public let aggregatedOutput: String?
    /// -1 where it does not apply (or the command has not exited).
    public let exitCode: Int64
    public let durationMs: Int64
    public let changes: [FileChange]
    public let mcpServer: String?
    /// MCP or dynamic tool name.
    public let tool: String?
    public let mcpResultJSON: String?
    public let webQuery: String?

    /// Copies a `codex_item *` (decoded by the library on this thread).
    init(copying it: OpaquePointer) {
        type = ItemType(rawValue: Int(codex_item_type(it).rawValue)) ?? .other
        id = swiftString(codex_item_id(it)) ?? ""
        json = swiftString(codex_item_json(it)) ?? "{}"
        text = swiftString(codex_item_text(it))
        status = swiftString(codex_item_status(it))
        command = swiftString(codex_item_command(it))
        cwd = swiftString(codex_item_cwd(it))
        aggregatedOutput = swiftString(codex_item_aggregated_output(it))
        exitCode = codex_item_exit_code(it)
        durationMs = codex_item_duration_ms(it)
        var changes: [FileChange] = []
        for i in 0..<codex_item_change_count(it) {
            changes.append(FileChange(
                path: swiftString(codex_item_change_path(it, i)) ?? "",
                kind: swiftString(codex_item_change_kind(it, i)) ?? "other",
                diff: swiftString(codex_item_change_diff(it, i)) ?? ""))
        }
        self.changes = changes
        mcpServer = swiftString(codex_item_mcp_server(it))
        tool = swiftString(codex_item_tool(it))
        mcpResultJSON = swiftString(codex_item_mcp_result_json(it))
        webQuery = swiftString(codex_item_web_query(it))
    }

    /// Copies, then frees, an owned `codex_item *`.
    static func adopting(_ it: OpaquePointer) -> Item {
        defer { codex_item_free(it) }
        return Item(copying: it)
    }
}

/// Token counts (-1 where the server sent none): the thread's running totals, and `last*` for
/// the last model call.
public struct TokenUsage: Sendable, Equatable {
    public let input, cachedInput, output, reasoningOutput, total, contextWindow: Int64
    public let lastInput, lastCachedInput, lastOutput, lastReasoningOutput, lastTotal: Int64

    /// nil when there is no usage (the total is -1).
    init?(_ get: (UInt32) -> Int64) {
        guard get(CODEX_TOKENS_TOTAL.rawValue) >= 0 else { return nil }
        input = get(CODEX_TOKENS_INPUT.rawValue)
        cachedInput = get(CODEX_TOKENS_CACHED_INPUT.rawValue)
        output = get(CODEX_TOKENS_OUTPUT.rawValue)
        reasoningOutput = get(CODEX_TOKENS_REASONING_OUTPUT.rawValue)
        total = get(CODEX_TOKENS_TOTAL.rawValue)
        contextWindow = get(CODEX_TOKENS_CONTEXT_WINDOW.rawValue)
        lastInput = get(CODEX_TOKENS_LAST_INPUT.rawValue)
        lastCachedInput = get(CODEX_TOKENS_LAST_CACHED_INPUT.rawValue)
        lastOutput = get(CODEX_TOKENS_LAST_OUTPUT.rawValue)
        lastReasoningOutput = get(CODEX_TOKENS_LAST_REASONING_OUTPUT.rawValue)
        lastTotal = get(CODEX_TOKENS_LAST_TOTAL.rawValue)
    }
}

/// A thread's status from thread/status/changed (`.other` for any other event).
public enum ThreadStatus: Int, Sendable {
    case other = 0
    case notLoaded = 1
    case idle = 2
    case active = 3
    case systemError = 4
}

/// One step of a plan update.
public struct PlanStep: Sendable, Equatable {
    public let step: String
    /// "pending", "inProgress" or "completed".
    public let status: String
}

/// The typed parts of a borrowed event.
struct TypedEventParts {
    var item: Item?
    var tokenUsage: TokenUsage?
    var threadStatus: ThreadStatus = .other
    var plan: [PlanStep]?

    init(_ event: OpaquePointer, kind: Event.Kind, method: String) {
        switch kind {
        case .itemStarted, .itemCompleted:
            var it: OpaquePointer?
            if codex_event_item(event, &it, nil) == CODEX_STATUS_OK, let it {
                item = Item.adopting(it)
            }
        case .tokenUsage:
            tokenUsage = TokenUsage { codex_event_token_usage(event, $0) }
        case .other:
            threadStatus = ThreadStatus(rawValue: Int(codex_event_thread_status(event).rawValue)) ?? .other
            if method == "turn/plan/updated" {
                var steps: [PlanStep] = []
                for i in 0..<codex_event_plan_step_count(event) {
                    var text: UnsafeMutablePointer<CChar>?
                    guard codex_event_plan_step(event, i, &text, nil) == CODEX_STATUS_OK else { break }
                    steps.append(PlanStep(step: takeString(text),
                                          status: swiftString(codex_event_plan_step_status(event, i)) ?? ""))
                }
                plan = steps
            }
        default:
            break
        }
    }
}
