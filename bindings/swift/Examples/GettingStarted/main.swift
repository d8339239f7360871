// Getting started with the Swift binding: log in, run a first turn, continue the conversation,
// and stream a turn as it happens.
//
//   swift run GettingStarted --offline   # against the project's loopback mock model
//   swift run GettingStarted             # your CODEX_HOME's login, or CODEX_API_KEY
//
// With --offline it logs in with a placeholder API key (the loopback model accepts any key).
// Without it, it reuses the login in CODEX_HOME, logs in with $CODEX_API_KEY if set, or else
// starts a ChatGPT browser login and prints the URL to open.

import Codex
import Foundation

let offline = CommandLine.arguments.contains("--offline")

func login(_ client: CodexClient) async throws {
    if offline {
        try await client.loginAPIKey("sk-offline-demo-key")
        return
    }
    if let key = ProcessInfo.processInfo.environment["CODEX_API_KEY"], !key.isEmpty {
        try await client.loginAPIKey(key)
        return
    }
    let info = try await client.account()
    if info.account != nil || !info.requiresOpenAIAuth { return }
    let pending = try await client.loginChatGPT()
    print("Open this URL to log in: \(pending.authURL ?? "?")")
    let result = try await pending.wait()
    if !result.success {
        throw CodexError.cancelled(CodexErrorDetails(status: .cancelled, message: result.error ?? "login failed"))
    }
}

func runExample() async throws {
    // README.md shows the lines between the two `readme` markers as they are (ctest label docs
    // checks that); the checks after them are for CI.
    // [readme]
    var options = CodexOptions()              // binary from CODEX_BIN or PATH, CODEX_HOME inherited
    options.clientName = "swift_getting_started"
    let client = try await CodexClient.start(options: options)
    defer { client.close() }
    print("codex-ffi \(CodexClient.libraryVersion), app-server \(client.serverVersion)")

    // Log in: an API key, or ChatGPT in the browser (login(_:) in this example).
    try await login(client)

    // A first turn: run() waits for the whole turn. A failed turn is a result, not an error.
    let thread = try await client.threadStart(ThreadParams(sandbox: .readOnly))
    let first = try await thread.run("Hello! My name is Swifty.")
    print(first.status, first.finalResponse ?? first.error ?? "")

    // The same thread keeps the conversation.
    let second = try await thread.run("What is my name?")
    print(second.status, second.finalResponse ?? second.error ?? "")

    // Streaming: start a turn and iterate its events as they arrive.
    let turn = try await thread.turn("Write a haiku about Swift.")
    var deltas = 0
    for try await event in turn.events where event.kind == .agentMessageDelta {
        print(event.delta ?? "", terminator: "")
        deltas += 1
    }
    let done = try await turn.wait()
    print("\n\(done.status), usage: \(done.usageJSON ?? "none")")
    // [/readme]

    if first.status != .completed || second.status != .completed || done.status != .completed || deltas == 0 {
        print("a turn did not complete, or the streamed turn had no deltas")
        exit(1)
    }
}

do {
    try await runExample()
} catch let error as CodexError {
    print("error: \(error)")
    if let tail = error.stderrTail { print("app-server stderr:\n\(tail)") }
    exit(1)
} catch {
    print("error: \(error)")
    exit(1)
}
