// Review, goals, account limits and dynamic tools (issue 17 items 1, 3, 7, 8).

import CCodex

/// What a review looks at (codex_review_target).
public enum CodexReviewTarget: UInt32, Sendable {
    case uncommittedChanges = 0  // no value
    case baseBranch = 1          // value: the branch
    case commit = 2              // value: the sha
    case custom = 3              // value: the instructions
}

/// Where a review runs. `.detached` is deprecated: app-server 0.163 refuses it on its own
/// threads (-32600) and 0.171 removes it.
public enum CodexReviewDelivery: UInt32, Sendable {
    case inline = 0
    case detached = 1
}

/// Where a goal stands (codex_goal_status_t). As a setGoal argument, `.other` keeps it.
public enum CodexGoalStatus: UInt32, Sendable {
    case other = 0, active = 1, paused = 2, blocked = 3, usageLimited = 4, budgetLimited = 5, complete = 6
}

/// A thread's goal as the server reported it.
public struct CodexGoal: Sendable {
    public let threadID: String
    public let objective: String
    public let status: CodexGoalStatus
    public let tokenBudget: Int64  // -1: none
    public let tokensUsed: Int64
    public let timeUsedSeconds: Int64
    public let json: String
}

func takeGoal(_ g: OpaquePointer?) -> CodexGoal {
    defer { codex_goal_free(g) }
    return CodexGoal(threadID: swiftString(codex_goal_thread_id(g)) ?? "",
                     objective: swiftString(codex_goal_objective(g)) ?? "",
                     status: CodexGoalStatus(rawValue: UInt32(codex_goal_status(g).rawValue)) ?? .other,
                     tokenBudget: codex_goal_token_budget(g),
                     tokensUsed: codex_goal_tokens_used(g),
                     timeUsedSeconds: codex_goal_time_used_seconds(g),
                     json: swiftString(codex_goal_json(g)) ?? "{}")
}

/// The account's rate-limit windows (-1 where the server sent nothing).
public struct CodexRateLimits: Sendable {
    public let primaryUsedPercent, primaryWindowMins, primaryResetsAt: Int64
    public let secondaryUsedPercent, secondaryWindowMins, secondaryResetsAt: Int64
    public let planType: String?
    public let json: String
}

/// The account's token usage (-1 where the backend sent nothing).
public struct CodexAccountUsage: Sendable {
    public let lifetimeTokens, peakDailyTokens, longestRunningTurnSec: Int64
    public let currentStreakDays, longestStreakDays: Int64
    public let days: [(date: String, tokens: Int64)]
    public let json: String
}

/// A function the model may call on a thread (threadStart(tools:)).
public struct CodexDynamicTool: Sendable {
    public var name: String
    public var description: String
    public var inputSchemaJSON: String
    public init(name: String, description: String, inputSchemaJSON: String = #"{"type":"object","properties":{}}"#) {
        self.name = name
        self.description = description
        self.inputSchemaJSON = inputSchemaJSON
    }
}

extension ServerRequestAnswer {
    /// The answer to a dynamic tool call (`item/tool/call`): success or failure, with one text
    /// item for the model.
    public static func tool(success: Bool, text: String) -> String {
        "{\"contentItems\":[{\"type\":\"inputText\",\"text\":\(JSONObject.quote(text))}],\"success\":\(success)}"
    }
}

extension CodexThread {
    /// Starts a review (`value`: the branch, sha or instructions the target needs); its turn
    /// comes back as turn()'s does. The review's text is the final response.
    public func review(_ target: CodexReviewTarget, value: String? = nil,
                       delivery: CodexReviewDelivery = .inline) async throws -> Turn {
        try await offload { [self] in
            try withCStrings([("value", value)]) { p in
                var out: OpaquePointer? = nil
                try check { codex_thread_review(raw, target.rawValue, p[0], delivery.rawValue, &out, $0) }
                return try Turn.make(thread: self, raw: out)
            }
        }
    }

    /// Sets or updates the goal (nil objective keeps it, tokenBudget < 0 sends none, `.other`
    /// keeps the status). An active goal makes the server run turns on the thread by itself.
    public func setGoal(_ objective: String?, tokenBudget: Int64 = -1,
                        status: CodexGoalStatus = .other) async throws -> CodexGoal {
        try await offload { [self] in
            try withCStrings([("objective", objective)]) { p in
                var out: OpaquePointer? = nil
                try check { codex_thread_goal_set(raw, p[0], tokenBudget, status.rawValue, &out, $0) }
                return takeGoal(out)
            }
        }
    }

    /// The goal, nil when the thread has none.
    public func goal() async throws -> CodexGoal? {
        try await offload { [self] in
            var out: OpaquePointer? = nil
            try check { codex_thread_goal_get(raw, &out, $0) }
            return out == nil ? nil : takeGoal(out)
        }
    }

    /// Removes the goal; whether there was one.
    public func clearGoal() async throws -> Bool {
        try await offload { [self] in
            var cleared = false
            try check { codex_thread_goal_clear(raw, &cleared, $0) }
            return cleared
        }
    }
}

extension CodexClient {
    /// threadStart with dynamic tools declared on the thread: the model's calls reach the
    /// server-request handler (method "item/tool/call"; answer with ServerRequestAnswer.tool).
    public func threadStart(tools: [CodexDynamicTool], params: ThreadParams = ThreadParams()) async throws -> CodexThread {
        try await offload { [self] in
            var args: [(name: String, value: String?)] = [("params", params.json)]
            for t in tools {
                args += [("tool name", t.name), ("tool description", t.description), ("tool input schema", t.inputSchemaJSON)]
            }
            return try withCStrings(args) { p in
                var list: [codex_dynamic_tool] = []
                for i in 0..<tools.count {
                    list.append(codex_dynamic_tool(name: p[1 + 3 * i], description: p[2 + 3 * i],
                                                   input_schema_json: p[3 + 3 * i]))
                }
                var out: OpaquePointer? = nil
                try list.withUnsafeBufferPointer { buf in
                    try check { codex_thread_start_with_tools(raw, p[0], buf.baseAddress, buf.count, &out, $0) }
                }
                return try CodexThread.make(client: self, raw: out)
            }
        }
    }

    /// The account's rate limits (needs a ChatGPT login: -32600 otherwise).
    public func rateLimits() async throws -> CodexRateLimits {
        try await offload { [self] in
            var out: OpaquePointer? = nil
            try check { codex_account_rate_limits(raw, &out, $0) }
            defer { codex_rate_limits_free(out) }
            func get(_ f: codex_rate_limit_field_t) -> Int64 { codex_rate_limits_get(out, UInt32(f.rawValue)) }
            return CodexRateLimits(primaryUsedPercent: get(CODEX_RATE_LIMIT_PRIMARY_USED_PERCENT),
                                   primaryWindowMins: get(CODEX_RATE_LIMIT_PRIMARY_WINDOW_MINS),
                                   primaryResetsAt: get(CODEX_RATE_LIMIT_PRIMARY_RESETS_AT),
                                   secondaryUsedPercent: get(CODEX_RATE_LIMIT_SECONDARY_USED_PERCENT),
                                   secondaryWindowMins: get(CODEX_RATE_LIMIT_SECONDARY_WINDOW_MINS),
                                   secondaryResetsAt: get(CODEX_RATE_LIMIT_SECONDARY_RESETS_AT),
                                   planType: swiftString(codex_rate_limits_plan_type(out)),
                                   json: swiftString(codex_rate_limits_json(out)) ?? "{}")
        }
    }

    /// The account's token usage (needs a ChatGPT login: -32600 otherwise).
    public func accountUsage(threadID: String? = nil) async throws -> CodexAccountUsage {
        try await offload { [self] in
            try withCStrings([("thread id", threadID)]) { p in
                var out: OpaquePointer? = nil
                try check { codex_account_usage_read(raw, p[0], &out, $0) }
                defer { codex_account_usage_free(out) }
                func get(_ f: codex_usage_field_t) -> Int64 { codex_account_usage_get(out, UInt32(f.rawValue)) }
                var days: [(date: String, tokens: Int64)] = []
                for i in 0..<codex_account_usage_day_count(out) {
                    days.append((swiftString(codex_account_usage_day_date(out, i)) ?? "", codex_account_usage_day_tokens(out, i)))
                }
                return CodexAccountUsage(lifetimeTokens: get(CODEX_USAGE_LIFETIME_TOKENS),
                                         peakDailyTokens: get(CODEX_USAGE_PEAK_DAILY_TOKENS),
                                         longestRunningTurnSec: get(CODEX_USAGE_LONGEST_RUNNING_TURN_SEC),
                                         currentStreakDays: get(CODEX_USAGE_CURRENT_STREAK_DAYS),
                                         longestStreakDays: get(CODEX_USAGE_LONGEST_STREAK_DAYS),
                                         days: days,
                                         json: swiftString(codex_account_usage_json(out)) ?? "{}")
            }
        }
    }
}
