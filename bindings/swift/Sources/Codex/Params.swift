// Typed parameters for threads and turns (the common fields of the app-server's camelCase
// params), with `extra` for any other field as raw JSON. Mirrors the Go binding's ThreadParams,
// TurnParams and Input. The JSON is written by the C library's codex_params builder (which also
// refuses misspelled enumerated values); structured input by JSONSerialization.

import CCodex
import Foundation

/// A thread's sandbox.
public enum SandboxMode: String, Sendable {
    case readOnly = "read-only"
    case workspaceWrite = "workspace-write"
    case dangerFullAccess = "danger-full-access"
}

/// When the agent asks before acting.
public enum ApprovalPolicy: String, Sendable {
    case untrusted
    case onRequest = "on-request"
    case never
}

/// Who answers approval requests.
public enum ApprovalsReviewer: String, Sendable {
    case user
    case autoReview = "auto_review"
}

/// A C `codex_params` builder: the library writes (and escapes) the JSON, checks each field
/// belongs to the request, and refuses values the schema does not list.
final class ParamsBuilder {
    private let handle: OpaquePointer
    private var empty = true

    init(_ kind: codex_params_kind_t) throws {
        guard let handle = codex_params_new(kind.rawValue) else {
            throw CodexError.rejected("codex_params_new failed")
        }
        self.handle = handle
    }

    deinit {
        codex_params_free(handle)
    }

    func string(_ field: codex_param_t, _ value: String?) throws {
        guard let value else { return }
        try withCStrings([("value", value)]) { p in
            try check { codex_params_set_string(handle, field.rawValue, p[0], $0) }
        }
        empty = false
    }

    func bool(_ field: codex_param_t, _ value: Bool?) throws {
        guard let value else { return }
        try check { codex_params_set_bool(handle, field.rawValue, value, $0) }
        empty = false
    }

    func int(_ field: codex_param_t, _ value: Int?) throws {
        guard let value else { return }
        try check { codex_params_set_int(handle, field.rawValue, Int64(value), $0) }
        empty = false
    }

    /// A JSON-valued field (config, output schema, collaboration mode).
    func jsonField(_ field: codex_param_t, _ value: String?) throws {
        guard let value else { return }
        try withCStrings([("json", value)]) { p in
            try check { codex_params_set_json(handle, field.rawValue, p[0], $0) }
        }
        empty = false
    }

    /// Any field by its wire name (raw JSON value): the escape hatch.
    func rawField(_ key: String, _ value: String?) throws {
        guard let value else { return }
        try withCStrings([("key", key), ("json", value)]) { p in
            try check { codex_params_set_raw(handle, p[0], p[1], $0) }
        }
        empty = false
    }

    /// `extra` last, so it replaces a typed field of the same name.
    func merge(_ extra: [String: String]) throws {
        for key in extra.keys.sorted() { try rawField(key, extra[key]) }
    }

    /// The wire JSON, or nil when nothing was set (C then sends `{}`).
    var text: String? { empty ? nil : swiftString(codex_params_json(handle)) }
}

/// ThreadStartParams / ThreadResumeParams / ThreadForkParams. nil fields are left out (server
/// defaults). `extra` adds any other field by its camelCase wire name, as raw JSON.
public struct ThreadParams: Sendable {
    public var model: String?
    public var modelProvider: String?
    public var cwd: String?
    public var approvalPolicy: ApprovalPolicy?
    public var approvalsReviewer: ApprovalsReviewer?
    public var sandbox: SandboxMode?
    /// The `config` overrides object as JSON text.
    public var configJSON: String?
    public var baseInstructions: String?
    public var developerInstructions: String?
    public var ephemeral: Bool?
    /// "none", "friendly" or "pragmatic".
    public var personality: String?
    public var serviceTier: String?
    public var extra: [String: String]

    public init(
        model: String? = nil, modelProvider: String? = nil, cwd: String? = nil,
        approvalPolicy: ApprovalPolicy? = nil, approvalsReviewer: ApprovalsReviewer? = nil,
        sandbox: SandboxMode? = nil, configJSON: String? = nil, baseInstructions: String? = nil,
        developerInstructions: String? = nil, ephemeral: Bool? = nil, personality: String? = nil,
        serviceTier: String? = nil, extra: [String: String] = [:]
    ) {
        self.personality = personality
        self.serviceTier = serviceTier
        self.model = model
        self.modelProvider = modelProvider
        self.cwd = cwd
        self.approvalPolicy = approvalPolicy
        self.approvalsReviewer = approvalsReviewer
        self.sandbox = sandbox
        self.configJSON = configJSON
        self.baseInstructions = baseInstructions
        self.developerInstructions = developerInstructions
        self.ephemeral = ephemeral
        self.extra = extra
    }

    /// The wire JSON, or nil when every field is unset (C then sends `{}`). Throws
    /// `.invalidArgument` for a value the library refuses.
    func json() throws -> String? {
        let b = try ParamsBuilder(CODEX_PARAMS_THREAD)
        try b.string(CODEX_PARAM_MODEL, model)
        try b.string(CODEX_PARAM_MODEL_PROVIDER, modelProvider)
        try b.string(CODEX_PARAM_CWD, cwd)
        try b.string(CODEX_PARAM_APPROVAL_POLICY, approvalPolicy?.rawValue)
        try b.string(CODEX_PARAM_APPROVALS_REVIEWER, approvalsReviewer?.rawValue)
        try b.string(CODEX_PARAM_SANDBOX, sandbox?.rawValue)
        try b.jsonField(CODEX_PARAM_CONFIG, configJSON)
        try b.string(CODEX_PARAM_BASE_INSTRUCTIONS, baseInstructions)
        try b.string(CODEX_PARAM_DEVELOPER_INSTRUCTIONS, developerInstructions)
        try b.bool(CODEX_PARAM_EPHEMERAL, ephemeral)
        try b.string(CODEX_PARAM_PERSONALITY, personality)
        try b.string(CODEX_PARAM_SERVICE_TIER, serviceTier)
        try b.merge(extra)
        return b.text
    }
}

/// TurnStartParams overrides. model, effort, cwd, approvalPolicy and sandboxPolicy persist for
/// later turns of the thread; outputSchema is for this turn only.
public struct TurnParams: Sendable {
    public var model: String?
    /// e.g. "low", "medium", "high".
    public var effort: String?
    /// "auto", "concise", "detailed", "none".
    public var summary: String?
    public var cwd: String?
    public var approvalPolicy: ApprovalPolicy?
    public var approvalsReviewer: ApprovalsReviewer?
    /// The turn-level SandboxPolicy object as JSON, e.g. `{"type":"readOnly"}`.
    public var sandboxPolicyJSON: String?
    /// A JSON Schema (as JSON text) the final message must follow.
    public var outputSchemaJSON: String?
    /// e.g. `{"mode":"plan","settings":{"model":"gpt-5.4"}}` (Plan mode offers the model the
    /// request_user_input tool).
    public var collaborationModeJSON: String?
    public var personality: String?
    public var serviceTier: String?
    public var extra: [String: String]

    public init(
        model: String? = nil, effort: String? = nil, summary: String? = nil, cwd: String? = nil,
        approvalPolicy: ApprovalPolicy? = nil, approvalsReviewer: ApprovalsReviewer? = nil,
        sandboxPolicyJSON: String? = nil, outputSchemaJSON: String? = nil,
        collaborationModeJSON: String? = nil, personality: String? = nil, serviceTier: String? = nil,
        extra: [String: String] = [:]
    ) {
        self.collaborationModeJSON = collaborationModeJSON
        self.personality = personality
        self.serviceTier = serviceTier
        self.model = model
        self.effort = effort
        self.summary = summary
        self.cwd = cwd
        self.approvalPolicy = approvalPolicy
        self.approvalsReviewer = approvalsReviewer
        self.sandboxPolicyJSON = sandboxPolicyJSON
        self.outputSchemaJSON = outputSchemaJSON
        self.extra = extra
    }

    func json() throws -> String? {
        let b = try ParamsBuilder(CODEX_PARAMS_TURN)
        try b.string(CODEX_PARAM_MODEL, model)
        try b.string(CODEX_PARAM_EFFORT, effort)
        try b.string(CODEX_PARAM_SUMMARY, summary)
        try b.string(CODEX_PARAM_CWD, cwd)
        try b.string(CODEX_PARAM_APPROVAL_POLICY, approvalPolicy?.rawValue)
        try b.string(CODEX_PARAM_APPROVALS_REVIEWER, approvalsReviewer?.rawValue)
        try b.rawField("sandboxPolicy", sandboxPolicyJSON)
        try b.jsonField(CODEX_PARAM_OUTPUT_SCHEMA, outputSchemaJSON)
        try b.jsonField(CODEX_PARAM_COLLABORATION_MODE, collaborationModeJSON)
        try b.string(CODEX_PARAM_PERSONALITY, personality)
        try b.string(CODEX_PARAM_SERVICE_TIER, serviceTier)
        try b.merge(extra)
        return b.text
    }
}

/// ThreadListParams (CodexClient.threadList(_:)); nil fields are left out.
public struct ListParams: Sendable {
    public var limit: Int?
    /// The previous page's nextCursor.
    public var cursor: String?
    public var archived: Bool?
    public var cwd: String?
    /// "created_at", "updated_at", "recency_at" or "section_position".
    public var sortKey: String?
    /// "asc" or "desc".
    public var sortDirection: String?
    public var searchTerm: String?
    public var extra: [String: String]

    public init(
        limit: Int? = nil, cursor: String? = nil, archived: Bool? = nil, cwd: String? = nil,
        sortKey: String? = nil, sortDirection: String? = nil, searchTerm: String? = nil,
        extra: [String: String] = [:]
    ) {
        self.limit = limit
        self.cursor = cursor
        self.archived = archived
        self.cwd = cwd
        self.sortKey = sortKey
        self.sortDirection = sortDirection
        self.searchTerm = searchTerm
        self.extra = extra
    }

    func json() throws -> String? {
        let b = try ParamsBuilder(CODEX_PARAMS_THREAD_LIST)
        try b.int(CODEX_PARAM_LIMIT, limit)
        try b.string(CODEX_PARAM_CURSOR, cursor)
        try b.bool(CODEX_PARAM_ARCHIVED, archived)
        try b.string(CODEX_PARAM_CWD, cwd)
        try b.string(CODEX_PARAM_SORT_KEY, sortKey)
        try b.string(CODEX_PARAM_SORT_DIRECTION, sortDirection)
        try b.string(CODEX_PARAM_SEARCH_TERM, searchTerm)
        try b.merge(extra)
        return b.text
    }
}

/// One element of structured input (UserInput).
public enum Input: Sendable {
    case text(String)
    /// An image by URL, e.g. a `data:` URL.
    case image(url: String)
    case localImage(path: String)
    case skill(name: String, path: String)
    case mention(name: String, path: String)

    var object: [String: String] {
        switch self {
        case .text(let text): return ["type": "text", "text": text]
        case .image(let url): return ["type": "image", "url": url]
        case .localImage(let path): return ["type": "localImage", "path": path]
        case .skill(let name, let path): return ["type": "skill", "name": name, "path": path]
        case .mention(let name, let path): return ["type": "mention", "name": name, "path": path]
        }
    }

    /// The JSON array (written by JSONSerialization, which escapes the strings).
    static func array(_ inputs: [Input]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: inputs.map(\.object))
        return String(decoding: data, as: UTF8.self)
    }
}
