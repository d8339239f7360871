// Standalone commands in the server's sandbox (CodexExecResult, CodexProcess), file search
// (CodexFileMatch) and MCP servers (CodexMcpServerPage, CodexMcpToolResult, CodexMcpResourceContent).

import CCodex
import Foundation

/// How a command ended: exit code (124: its timeoutMs ran out; 137: killed) and buffered
/// output (empty for a CodexProcess, whose output streamed).
public struct CodexExecResult: Sendable {
    public let exitCode: Int32
    public let stdout: String
    public let stderr: String
}

/// A list of strings as withCStrings arguments, all under one name.
func namedStrings(_ name: String, _ values: [String]) -> [(name: String, value: String?)] {
    values.map { (name: name, value: Optional($0)) }
}

func takeExecResult(_ r: OpaquePointer?) -> CodexExecResult {
    defer { codex_exec_result_free(r) }
    return CodexExecResult(exitCode: codex_exec_result_exit_code(r),
                           stdout: swiftString(codex_exec_result_stdout(r)) ?? "",
                           stderr: swiftString(codex_exec_result_stderr(r)) ?? "")
}

/// Which stream a chunk came from.
public enum CodexOutputStream: Sendable {
    case stdout
    case stderr
}

/// One chunk of a process's output.
public struct CodexOutputChunk: Sendable {
    public let stream: CodexOutputStream
    public let data: [UInt8]
    public let capReached: Bool
}

/// One fuzzy file search match.
public struct CodexFileMatch: Sendable {
    public let path: String
    public let root: String
    public let fileName: String
    public let score: UInt32
    public let isDirectory: Bool
}

/// A running command whose output streams to it. Thread-safe. deinit frees the handle and
/// terminates the process if it still runs.
public final class CodexProcess: @unchecked Sendable {
    let raw: OpaquePointer
    /// The client stays alive while the process handle does.
    public let client: CodexClient
    public let id: String

    init(client: CodexClient, raw: OpaquePointer) {
        self.client = client
        self.raw = raw
        id = swiftString(codex_process_id(raw)) ?? ""
    }

    deinit {
        codex_process_free(raw)
    }

    /// Writes bytes to the process's stdin.
    public func write(_ data: [UInt8]) async throws {
        try await offload { [self] in
            try data.withUnsafeBufferPointer { buf in
                try check { codex_process_write(raw, buf.baseAddress, buf.count, $0) }
            }
        }
    }

    /// Closes its stdin (it reads end of file).
    public func closeStdin() async throws {
        try await offload { [self] in try check { codex_process_close_stdin(raw, $0) } }
    }

    /// Kills it; wait() then returns exit code 137.
    public func terminate() async throws {
        try await offload { [self] in try check { codex_process_terminate(raw, $0) } }
    }

    /// Resizes the terminal of a process started with "tty": true.
    public func resize(rows: UInt16, cols: UInt16) async throws {
        try await offload { [self] in try check { codex_process_resize(raw, rows, cols, $0) } }
    }

    /// The next chunk, or nil once the process has exited and every chunk was read. Cancelling
    /// the task ends the wait at once (CancellationError); no output is lost.
    public func nextOutput() async throws -> CodexOutputChunk? {
        let token = CodexCancelToken()
        return try await withTaskCancellationHandler {
            try await offload { [self] in
                var out: OpaquePointer? = nil
                var err: OpaquePointer? = nil
                let status = codex_process_next_output_cancellable(raw, -1, token.raw, &out, &err)
                if status == CODEX_STATUS_END { return nil }
                if status == CODEX_STATUS_CANCELLED {
                    codex_error_free(err)
                    throw CancellationError()
                }
                try check { e in
                    e.pointee = err
                    return status
                }
                defer { codex_process_output_free(out) }
                var len = 0
                let data = codex_process_output_data(out, &len)
                let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: len)) } ?? []
                let stream: CodexOutputStream = codex_process_output_stream(out) == CODEX_OUTPUT_STDERR ? .stderr : .stdout
                return CodexOutputChunk(stream: stream, data: bytes, capReached: codex_process_output_cap_reached(out))
            }
        } onCancel: {
            token.trigger()
        }
    }

    /// Waits for the exit. Cancelling the task ends the wait (CancellationError); the process
    /// goes on.
    public func wait() async throws -> CodexExecResult {
        let token = CodexCancelToken()
        return try await withTaskCancellationHandler {
            try await offload { [self] in
                var out: OpaquePointer? = nil
                do {
                    try check { codex_process_wait_cancellable(raw, -1, token.raw, &out, $0) }
                } catch CodexError.cancelled(_) {
                    throw CancellationError()
                }
                return takeExecResult(out)
            }
        } onCancel: {
            token.trigger()
        }
    }
}

/// One configured MCP server.
public struct CodexMcpServerStatus: Sendable {
    public let name: String
    public let authStatus: String
    /// In a thread's list: "connected", "starting", ...; else nil.
    public let runtimeStatus: String?
    public let tools: [String]
    public let toolsError: String?
}

/// One page of MCP server statuses.
public struct CodexMcpServerPage: Sendable {
    public let servers: [CodexMcpServerStatus]
    public let nextCursor: String?
    public let json: String
    public var isLast: Bool { nextCursor == nil }
}

/// What an MCP tool returned (a failing tool is a result with isError).
public struct CodexMcpToolResult: Sendable {
    public let isError: Bool
    public let text: String
    public let contentJSON: String
    public let structuredJSON: String?
    public let json: String
}

/// One content of an MCP resource: text, or blob (base64).
public struct CodexMcpResourceContent: Sendable {
    public let uri: String
    public let mimeType: String?
    public let text: String?
    public let blob: String?
}

extension CodexClient {
    /// Runs a command to its end in the server's sandbox (`command/exec`); `paramsJSON` is
    /// CommandExecParams without `command`.
    public func commandExec(_ argv: [String], paramsJSON: String? = nil) async throws -> CodexExecResult {
        try await offload { [self] in
            try withCStrings(namedStrings("argv", argv) + [(name: "params", value: paramsJSON)]) { p in
                let args = Array(p[0..<argv.count])
                var out: OpaquePointer? = nil
                try check { codex_command_exec(raw, args, argv.count, p[argv.count], &out, $0) }
                return takeExecResult(out)
            }
        }
    }

    /// Starts a command with the caller's process id; its output streams to the CodexProcess.
    public func spawnProcess(_ processID: String, _ argv: [String], paramsJSON: String? = nil) async throws -> CodexProcess {
        try await offload { [self] in
            try withCStrings([(name: "process id", value: Optional(processID)), (name: "params", value: paramsJSON)] + namedStrings("argv", argv)) { p in
                let args = Array(p[2..<(2 + argv.count)])
                var out: OpaquePointer? = nil
                try check { codex_process_spawn(raw, p[0], args, argv.count, p[1], &out, $0) }
                guard let out else {
                    throw CodexError.internalError(CodexErrorDetails(status: .internalError, message: "no process handle"))
                }
                return CodexProcess(client: self, raw: out)
            }
        }
    }

    /// Files and folders under `roots` whose path matches `query` fuzzily, best first.
    public func fuzzyFileSearch(_ query: String, roots: [String]) async throws -> [CodexFileMatch] {
        try await offload { [self] in
            try withCStrings([(name: "query", value: Optional(query))] + namedStrings("roots", roots)) { p in
                let rs = Array(p[1..<(1 + roots.count)])
                var out: OpaquePointer? = nil
                try check { codex_fuzzy_file_search(raw, p[0], rs, roots.count, &out, $0) }
                defer { codex_file_matches_free(out) }
                var found: [CodexFileMatch] = []
                for i in 0..<codex_file_matches_count(out) {
                    found.append(CodexFileMatch(path: swiftString(codex_file_matches_path(out, i)) ?? "",
                                                root: swiftString(codex_file_matches_root(out, i)) ?? "",
                                                fileName: swiftString(codex_file_matches_file_name(out, i)) ?? "",
                                                score: codex_file_matches_score(out, i),
                                                isDirectory: codex_file_matches_type(out, i) == CODEX_MATCH_DIRECTORY))
                }
                return found
            }
        }
    }

    /// One page of the configured MCP servers: of the user's config, or (threadID) of that
    /// thread's, with their connection state.
    public func mcpServerStatus(threadID: String? = nil, cursor: String? = nil, limit: UInt32 = 0) async throws -> CodexMcpServerPage {
        try await offload { [self] in
            try withCStrings([("thread id", threadID), ("cursor", cursor)]) { p in
                var out: OpaquePointer? = nil
                try check { codex_mcp_server_status(raw, p[0], p[1], limit, &out, $0) }
                defer { codex_mcp_servers_free(out) }
                var servers: [CodexMcpServerStatus] = []
                for i in 0..<codex_mcp_servers_count(out) {
                    var tools: [String] = []
                    for j in 0..<codex_mcp_servers_tool_count(out, i) {
                        tools.append(swiftString(codex_mcp_servers_tool_name(out, i, j)) ?? "")
                    }
                    servers.append(CodexMcpServerStatus(name: swiftString(codex_mcp_servers_name(out, i)) ?? "",
                                                        authStatus: swiftString(codex_mcp_servers_auth_status(out, i)) ?? "",
                                                        runtimeStatus: swiftString(codex_mcp_servers_runtime_status(out, i)),
                                                        tools: tools,
                                                        toolsError: swiftString(codex_mcp_servers_tools_error(out, i))))
                }
                return CodexMcpServerPage(servers: servers,
                                          nextCursor: swiftString(codex_mcp_servers_next_cursor(out)),
                                          json: swiftString(codex_mcp_servers_json(out)) ?? "")
            }
        }
    }

    /// Reloads the MCP servers from the config.
    public func mcpReload() async throws {
        try await offload { [self] in try check { codex_mcp_reload(raw, $0) } }
    }

    /// Reads resource `uri` of MCP server `server`, through `threadID`'s connection if given.
    public func mcpResourceRead(server: String, uri: String, threadID: String? = nil) async throws -> [CodexMcpResourceContent] {
        try await offload { [self] in
            try withCStrings([("thread id", threadID), ("server", server), ("uri", uri)]) { p in
                var out: OpaquePointer? = nil
                try check { codex_mcp_resource_read(raw, p[0], p[1], p[2], &out, $0) }
                defer { codex_mcp_resource_free(out) }
                var contents: [CodexMcpResourceContent] = []
                for i in 0..<codex_mcp_resource_count(out) {
                    contents.append(CodexMcpResourceContent(uri: swiftString(codex_mcp_resource_uri(out, i)) ?? "",
                                                            mimeType: swiftString(codex_mcp_resource_mime_type(out, i)),
                                                            text: swiftString(codex_mcp_resource_text(out, i)),
                                                            blob: swiftString(codex_mcp_resource_blob(out, i))))
                }
                return contents
            }
        }
    }
}

extension CodexThread {
    /// Calls `tool` of the thread's MCP server `server` with `argumentsJSON` (an object, nil =
    /// none). A failing tool is a result with isError.
    public func mcpToolCall(server: String, tool: String, argumentsJSON: String? = nil) async throws -> CodexMcpToolResult {
        try await offload { [self] in
            try withCStrings([("server", server), ("tool", tool), ("arguments", argumentsJSON)]) { p in
                var out: OpaquePointer? = nil
                try check { codex_mcp_tool_call(raw, p[0], p[1], p[2], &out, $0) }
                defer { codex_mcp_tool_result_free(out) }
                return CodexMcpToolResult(isError: codex_mcp_tool_result_is_error(out),
                                          text: swiftString(codex_mcp_tool_result_text(out)) ?? "",
                                          contentJSON: swiftString(codex_mcp_tool_result_content_json(out)) ?? "",
                                          structuredJSON: swiftString(codex_mcp_tool_result_structured_json(out)),
                                          json: swiftString(codex_mcp_tool_result_json(out)) ?? "")
            }
        }
    }
}
