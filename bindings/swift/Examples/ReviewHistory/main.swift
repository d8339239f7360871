// Review and history: runs two turns, asks the agent to review them, then walks the thread's
// history a page at a time (two turns per page).
//
//   swift run ReviewHistory --offline   # against the project's loopback mock model
//   swift run ReviewHistory             # with $CODEX_API_KEY (or the login in CODEX_HOME)

import Codex
import Foundation

let offline = CommandLine.arguments.contains("--offline")

func runExample() async throws {
    var options = CodexOptions()
    options.clientName = "swift_review_history"
    let client = try await CodexClient.start(options: options)
    defer { client.close() }
    if offline {
        try await client.loginAPIKey("sk-offline-demo-key")
    } else if let key = ProcessInfo.processInfo.environment["CODEX_API_KEY"], !key.isEmpty {
        try await client.loginAPIKey(key)
    }
    let thread = try await client.threadStart()
    for (i, prompt) in ["Write a haiku about C headers.", "Now one about Swift bindings."].enumerated() {
        let r = try await thread.run(prompt)
        print("turn \(i + 1): \(r.finalResponse ?? "")")
    }

    // The review is a turn like any other.
    let review = try await thread.review(.custom, value: "Review the two haiku for rhythm.")
    let reviewed = try await review.wait()
    print("review: \(reviewed.finalResponse ?? "(none)")")

    // History, two turns per page: pass each page's cursor back until there is none.
    var pages = 0, turns = 0
    var cursor: String? = nil
    repeat {
        let page = try await thread.turns(cursor: cursor, limit: 2)
        pages += 1
        turns += page.items.count
        print("page \(pages): \(page.items.count) turns")
        cursor = page.nextCursor
    } while cursor != nil && pages < 50
    print("history: \(turns) turns in \(pages) pages")
    // Two prompts and one review (a review is two turns in the history).
    if reviewed.status != .completed || turns != 4 || pages < 2 { exit(1) }
}

do {
    try await runExample()
} catch {
    print("error: \(error)")
    exit(1)
}
