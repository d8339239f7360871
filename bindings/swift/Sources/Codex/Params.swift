// Typed parameters for threads and turns (the common fields of the app-server's camelCase
// params), with `extra` for any other field as raw JSON. Mirrors the Go binding's ThreadParams,
// TurnParams and Input.

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

/// Builds a JSON object text; values are escaped strings, booleans or raw JSON.
struct JSONObject {
    private var members: [String] = []

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    mutating func add(_ key: String, string value: String?) {
        if let value { members.append("\(JSONObject.quote(key)):\(JSONObject.quote(value))") }
    }

    mutating func add(_ key: String, raw value: String?) {
        if let value { members.append("\(JSONObject.quote(key)):\(value)") }
    }

    mutating func add(_ key: String, bool value: Bool?) {
        if let value { members.append("\(JSONObject.quote(key)):\(value ? "true" : "false")") }
    }

    /// `extra` last: the server reads the last duplicate key, so extra wins.
    mutating func merge(_ extra: [String: String]) {
        for key in extra.keys.sorted() { add(key, raw: extra[key]) }
    }

    var text: String { "{" + members.joined(separator: ",") + "}" }
    var isEmpty: Bool { members.isEmpty }
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
    public var extra: [String: String]

    public init(
        model: String? = nil, modelProvider: String? = nil, cwd: String? = nil,
        approvalPolicy: ApprovalPolicy? = nil, approvalsReviewer: ApprovalsReviewer? = nil,
        sandbox: SandboxMode? = nil, configJSON: String? = nil, baseInstructions: String? = nil,
        developerInstructions: String? = nil, ephemeral: Bool? = nil, extra: [String: String] = [:]
    ) {
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

    /// The wire JSON, or nil when every field is unset (C then sends `{}`).
    var json: String? {
        var o = JSONObject()
        o.add("model", string: model)
        o.add("modelProvider", string: modelProvider)
        o.add("cwd", string: cwd)
        o.add("approvalPolicy", string: approvalPolicy?.rawValue)
        o.add("approvalsReviewer", string: approvalsReviewer?.rawValue)
        o.add("sandbox", string: sandbox?.rawValue)
        o.add("config", raw: configJSON)
        o.add("baseInstructions", string: baseInstructions)
        o.add("developerInstructions", string: developerInstructions)
        o.add("ephemeral", bool: ephemeral)
        o.merge(extra)
        return o.isEmpty ? nil : o.text
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
    public var extra: [String: String]

    public init(
        model: String? = nil, effort: String? = nil, summary: String? = nil, cwd: String? = nil,
        approvalPolicy: ApprovalPolicy? = nil, approvalsReviewer: ApprovalsReviewer? = nil,
        sandboxPolicyJSON: String? = nil, outputSchemaJSON: String? = nil, extra: [String: String] = [:]
    ) {
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

    var json: String? {
        var o = JSONObject()
        o.add("model", string: model)
        o.add("effort", string: effort)
        o.add("summary", string: summary)
        o.add("cwd", string: cwd)
        o.add("approvalPolicy", string: approvalPolicy?.rawValue)
        o.add("approvalsReviewer", string: approvalsReviewer?.rawValue)
        o.add("sandboxPolicy", raw: sandboxPolicyJSON)
        o.add("outputSchema", raw: outputSchemaJSON)
        o.merge(extra)
        return o.isEmpty ? nil : o.text
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

    var json: String {
        var o = JSONObject()
        switch self {
        case .text(let text):
            o.add("type", string: "text")
            o.add("text", string: text)
        case .image(let url):
            o.add("type", string: "image")
            o.add("url", string: url)
        case .localImage(let path):
            o.add("type", string: "localImage")
            o.add("path", string: path)
        case .skill(let name, let path):
            o.add("type", string: "skill")
            o.add("name", string: name)
            o.add("path", string: path)
        case .mention(let name, let path):
            o.add("type", string: "mention")
            o.add("name", string: name)
            o.add("path", string: path)
        }
        return o.text
    }

    static func array(_ inputs: [Input]) -> String {
        "[" + inputs.map(\.json).joined(separator: ",") + "]"
    }
}
