import CCodex

/// One page of a paged list (threads, loaded threads, a thread's turns or items): each item as
/// JSON, and the cursor of the next page (nil on the last one; pass it back to continue).
public struct CodexPage: Sendable {
    public let items: [String]
    public let nextCursor: String?
    public let json: String
    public var isLast: Bool { nextCursor == nil }
}

/// How a config write combines with what is there.
public enum CodexMergeStrategy: UInt32, Sendable {
    case replace = 0
    case upsert = 1
}

/// Copies a codex_page out and frees it.
func takePage(_ page: OpaquePointer?) -> CodexPage {
    defer { codex_page_free(page) }
    let count = codex_page_count(page)
    var items: [String] = []
    for i in 0..<count {
        items.append(swiftString(codex_page_item_json(page, i)) ?? "")
    }
    return CodexPage(items: items,
                     nextCursor: swiftString(codex_page_next_cursor(page)),
                     json: swiftString(codex_page_json(page)) ?? "")
}

extension CodexClient {
    /// One page of `thread/list` (ThreadListParams JSON filters, nil = all). The server's cursor
    /// is a timestamp of whole seconds: threads updated in the same second as a page's last
    /// thread may not appear on the next page.
    public func threadListPage(_ params: String? = nil, cursor: String? = nil, limit: UInt32 = 0) async throws -> CodexPage {
        try await offload { [self] in
            try withCStrings([("params", params), ("cursor", cursor)]) { p in
                var out: OpaquePointer? = nil
                try check { codex_thread_list_page(raw, p[0], p[1], limit, &out, $0) }
                return takePage(out)
            }
        }
    }

    /// One page of the ids of the threads loaded in the server (each item a JSON string).
    public func loadedThreads(cursor: String? = nil, limit: UInt32 = 0) async throws -> CodexPage {
        try await offload { [self] in
            try withCStrings([("cursor", cursor)]) { p in
                var out: OpaquePointer? = nil
                try check { codex_loaded_threads(raw, p[0], limit, &out, $0) }
                return takePage(out)
            }
        }
    }

    /// Deletes a stored thread by id.
    public func threadDelete(_ threadID: String) async throws {
        try await offload { [self] in
            try withCStrings([("thread id", threadID)]) { p in
                try check { codex_thread_delete(raw, p[0], $0) }
            }
        }
    }

    /// The effective config as JSON, for `cwd`'s project if given.
    public func configRead(cwd: String? = nil, includeLayers: Bool = false) async throws -> String {
        try await offload { [self] in
            try withCStrings([("cwd", cwd)]) { p in
                var out: UnsafeMutablePointer<CChar>? = nil
                try check { codex_config_read(raw, p[0], includeLayers, &out, $0) }
                return takeString(out)
            }
        }
    }

    /// Sets `keyPath` (dotted) to `valueJSON` in the user's config.toml.
    public func configWrite(_ keyPath: String, valueJSON: String, merge: CodexMergeStrategy = .upsert) async throws {
        try await offload { [self] in
            try withCStrings([("key path", keyPath), ("value", valueJSON)]) { p in
                try check { codex_config_write(raw, p[0], p[1], merge.rawValue, $0) }
            }
        }
    }

    /// A JSON array of {"keyPath","value","mergeStrategy"} edits, written at once.
    public func configBatchWrite(_ editsJSON: String) async throws {
        try await offload { [self] in
            try withCStrings([("edits", editsJSON)]) { p in
                try check { codex_config_batch_write(raw, p[0], $0) }
            }
        }
    }

    /// What an administrator requires, as JSON.
    public func configRequirements() async throws -> String {
        try await offload { [self] in
            var out: UnsafeMutablePointer<CChar>? = nil
            try check { codex_config_requirements(raw, &out, $0) }
            return takeString(out)
        }
    }
}

extension CodexThread {
    /// One page of this thread's turns (each a Turn as JSON).
    public func turns(cursor: String? = nil, limit: UInt32 = 0) async throws -> CodexPage {
        try await offload { [self] in
            try withCStrings([("cursor", cursor)]) { p in
                var out: OpaquePointer? = nil
                try check { codex_thread_turns(raw, p[0], limit, &out, $0) }
                return takePage(out)
            }
        }
    }

    /// One page of this thread's items, of one turn or (nil) of all.
    public func items(turnID: String? = nil, cursor: String? = nil, limit: UInt32 = 0) async throws -> CodexPage {
        try await offload { [self] in
            try withCStrings([("turn id", turnID), ("cursor", cursor)]) { p in
                var out: OpaquePointer? = nil
                try check { codex_thread_items(raw, p[0], p[1], limit, &out, $0) }
                return takePage(out)
            }
        }
    }

    /// Drops the turn `beforeTurnID` and every later one.
    public func revert(beforeTurnID: String) async throws {
        try await offload { [self] in
            try withCStrings([("before turn id", beforeTurnID)]) { p in
                try check { codex_thread_revert(raw, p[0], $0) }
            }
        }
    }

    /// ThreadMetadataUpdateParams without threadId, e.g. `{"gitInfo":{"branch":"main"}}`.
    public func updateMetadata(_ metadataJSON: String) async throws {
        try await offload { [self] in
            try withCStrings([("metadata", metadataJSON)]) { p in
                try check { codex_thread_update_metadata(raw, p[0], $0) }
            }
        }
    }

    /// Adds items (a JSON array of response items) to the history without a turn.
    public func injectItems(_ itemsJSON: String) async throws {
        try await offload { [self] in
            try withCStrings([("items", itemsJSON)]) { p in
                try check { codex_thread_inject_items(raw, p[0], $0) }
            }
        }
    }

    /// Stops this connection receiving the thread's events.
    public func unsubscribe() async throws {
        try await offload { [self] in
            try check { codex_thread_unsubscribe(raw, $0) }
        }
    }
}
