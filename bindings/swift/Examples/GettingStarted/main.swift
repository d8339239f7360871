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
    // 1. Start the app-server (binary from CODEX_BIN or PATH, CODEX_HOME inherited).
    var options = CodexOptions()
    options.clientName = "swift_getting_started"
    let client = try await CodexClient.start(options: options)
    defer { client.close() }
    print("codex-ffi \(CodexClient.libraryVersion), app-server \(client.serverVersion) (CODEX_HOME \(client.codexHome))")

    // 2. Log in.
    try await login(client)
    if let account = try await client.account().account {
        print("logged in: \(account.type)")
    }

    // 3. A first turn: run() waits for the whole turn and returns its result.
    let thread = try await client.threadStart()
    print("thread \(thread.id)")
    var result = try await thread.run("Hello! My name is Swifty.")
    print("turn 1 (\(result.status)): \(result.finalResponse ?? "")")

    // 4. Multi-turn: the same thread keeps the conversation. A failed turn is a result.
    result = try await thread.run("What is my name?")
    if result.status == .failed {
        print("turn 2 failed: \(result.error ?? "")")
        exit(1)
    }
    print("turn 2 (\(result.status)): \(result.finalResponse ?? "")")

    // 5. Streaming: start a turn and iterate its events as they arrive.
    let turn = try await thread.turn("stream 12 tokens please")
    print("turn 3 streaming: ", terminator: "")
    var deltas = 0
    for try await event in turn.events where event.kind == .agentMessageDelta {
        print(event.delta ?? "", terminator: "")
        deltas += 1
    }
    result = try await turn.wait()
    print("\nturn 3 (\(result.status)): \(deltas) deltas, usage \(result.usageJSON ?? "none")")
    if result.status != .completed || deltas == 0 {
        print("the streamed turn did not complete with deltas")
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
