// Turns against the mock model: results, streaming, steer, interrupt, concurrency,
// cancellation and close.

import Codex
import Foundation
import XCTest

final class TurnTests: XCTestCase {
    func testFirstTurn() async throws {
        let client = try await newClient()
        try await deadline {
            let thread = try await client.threadStart()
            let result = try await thread.run("hello there")
            XCTAssertEqual(result.status, .completed)
            XCTAssertEqual(result.finalResponse, "You said: hello there")
            XCTAssertEqual(result.threadID, thread.id)
            XCTAssertFalse(result.id.isEmpty)
            let types = try jsonArray(result.itemsJSON).map { $0["type"] as? String ?? "?" }
            XCTAssertEqual(types, ["userMessage", "agentMessage"])
            XCTAssertTrue((result.usageJSON ?? "").contains("totalTokens"), "\(String(describing: result.usageJSON))")
            XCTAssertNil(result.error)
            XCTAssertNil(result.errorJSON)
        }
    }

    func testMultiTurnKeepsContext() async throws {
        let client = try await newClient()
        try await deadline {
            let thread = try await client.threadStart()
            let first = try await thread.run("my name is swifty")
            let second = try await thread.run("what is my name")
            XCTAssertNotEqual(first.id, second.id)
            XCTAssertEqual(second.finalResponse, "You said: what is my name")
            let requests = try modelRequestsContaining("what is my name")
            XCTAssertEqual(requests.count, 1)
            XCTAssertTrue(requests.first?.contains("my name is swifty") ?? false, "the second request lacks the first turn")
            XCTAssertTrue(requests.first?.contains("You said: my name is swifty") ?? false, "the second request lacks the first answer")
        }
    }

    func testStreamingOrder() async throws {
        let client = try await newClient()
        try await deadline {
            let thread = try await client.threadStart()
            let turn = try await thread.turn("stream 50")
            var deltas: [String] = []
            var kinds: [Event.Kind] = []
            for try await event in turn.events {
                if let turnID = event.turnID { XCTAssertEqual(turnID, turn.id) }
                kinds.append(event.kind)
                if event.kind == .agentMessageDelta { deltas.append(event.delta ?? "") }
            }
            XCTAssertEqual(deltas, (0..<50).map { "t\($0) " })
            XCTAssertEqual(kinds.first, .turnStarted)
            XCTAssertEqual(kinds.last, .turnCompleted)
            let result = try await turn.wait()
            XCTAssertEqual(result.finalResponse, deltas.joined())
        }
    }

    func testSteer() async throws {
        let client = try await newClient()
        try await deadline {
            let thread = try await client.threadStart()
            let turn = try await thread.turn("hold for steering")
            try await firstDelta(turn)
            try await turn.steer("steered in from swift")
            let result = try await turn.wait()
            XCTAssertEqual(result.status, .completed)
            XCTAssertEqual(result.finalResponse, "You said: steered in from swift")
            let late = await caught { try await turn.steer("too late") }
            XCTAssertEqual(status(of: late), .rpc, "\(String(describing: late))")
        }
    }

    func testInterrupt() async throws {
        let client = try await newClient()
        try await deadline {
            let thread = try await client.threadStart()
            let turn = try await thread.turn("hold until interrupted")
            try await firstDelta(turn)
            try await turn.interrupt()
            let result = try await turn.wait()
            XCTAssertEqual(result.status, .interrupted)
            let next = try await thread.run("after the interrupt")
            XCTAssertEqual(next.finalResponse, "You said: after the interrupt")
        }
    }

    func testFailedTurnIsAResult() async throws {
        let client = try await newClient()
        try await deadline {
            let thread = try await client.threadStart()
            let result = try await thread.run("please fail now") // must not throw
            XCTAssertEqual(result.status, .failed)
            XCTAssertTrue((result.error ?? "").contains("boom upstream"), "\(String(describing: result.error))")
            XCTAssertNotNil(result.errorJSON)
        }
    }

    func testOutputSchemaIsSent() async throws {
        let client = try await newClient()
        try await deadline {
            let thread = try await client.threadStart()
            let schema = #"{"type":"object","properties":{"swiftSchemaProbe":{"type":"string"}},"required":["swiftSchemaProbe"],"additionalProperties":false}"#
            let result = try await thread.run("schema please", params: TurnParams(effort: "low", outputSchemaJSON: schema))
            XCTAssertEqual(result.finalResponse, #"{"answer":"42"}"#)
            let requests = try modelRequestsContaining("schema please")
            XCTAssertEqual(requests.count, 1)
            XCTAssertTrue(requests.first?.contains("swiftSchemaProbe") ?? false)
        }
    }

    func testConcurrentTurnsFromManyTasks() async throws {
        let client = try await newClient()
        try await deadline(180) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        let thread = try await client.threadStart()
                        for j in 0..<2 {
                            let text = "task \(i) turn \(j)"
                            let result = try await thread.run(text)
                            XCTAssertEqual(result.finalResponse, "You said: \(text)")
                            XCTAssertEqual(result.threadID, thread.id)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// Cancelling a task waiting on a turn returns at once and interrupts the turn; so does
    /// cancelling run(), and cancelling a task reading the events.
    func testTaskCancellationInterruptsTurn() async throws {
        let client = try await newClient()
        try await deadline {
            let thread = try await client.threadStart()
            let turn = try await thread.turn("hold while I cancel")
            try await firstDelta(turn)
            let waiter = Task { try await turn.wait() }
            try await Task.sleep(nanoseconds: 300_000_000)
            let start = Date()
            waiter.cancel()
            let outcome = await waiter.result
            XCTAssertLessThan(Date().timeIntervalSince(start), 2)
            guard case .failure(let error) = outcome, error is CancellationError else {
                throw TestFailure("cancelled wait ended with \(outcome)")
            }
            let result = try await turn.wait()
            XCTAssertEqual(result.status, .interrupted)

            // run(): its thread's last turn ends up interrupted.
            let thread2 = try await client.threadStart()
            let runner = Task { try await thread2.run("hold in run") }
            try await Task.sleep(nanoseconds: 500_000_000)
            runner.cancel()
            let ran = await runner.result
            guard case .failure(let runError) = ran, runError is CancellationError else {
                throw TestFailure("cancelled run ended with \(ran)")
            }
            try await waitUntilLastTurnInterrupted(thread2)

            // A cancelled consumer of `events` interrupts too.
            let thread3 = try await client.threadStart()
            let streamed = try await thread3.turn("hold while streaming")
            let reader = Task {
                for try await _ in streamed.events {}
            }
            try await Task.sleep(nanoseconds: 500_000_000)
            reader.cancel()
            _ = await reader.result
            let streamedResult = try await streamed.wait()
            XCTAssertEqual(streamedResult.status, .interrupted)
        }
    }

    /// runBounded against a provider at a closed port with the app-server's default (endless)
    /// retries ends by its deadline, interrupted with deadlineReached, and onEvent saw typed
    /// `.retry` events (attempts 1, 2, ..., message, codexErrorInfo), never `.error`. A turn
    /// within its deadline completes normally.
    func testBoundedRunEndsARetryingTurnAtItsDeadline() async throws {
        let options = try testOptions()
        let path = URL(fileURLWithPath: options.codexHome!).appendingPathComponent("config.toml")
        let config = try String(contentsOf: path, encoding: .utf8)
        let lines = config.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            if line.contains("max_retries") || line.contains("unbounded_connection_retries") { return nil }
            if line.hasPrefix("base_url") { return "base_url = \"http://127.0.0.1:9/v1\"" }
            return String(line)
        }
        try lines.joined(separator: "\n").write(to: path, atomically: true, encoding: .utf8)
        let client = try await newClient(options)
        try await deadline(60) {
            let thread = try await client.threadStart()
            let retries = Collected<Event.ErrorNotice>()
            let errors = Collected<Event>()
            let start = Date()
            let result = try await thread.runBounded("hello unreachable provider from swift", deadline: 10) { event in
                if event.kind == .error { errors.append(event) }
                if event.kind == .retry, let notice = event.notice { retries.append(notice) }
            }
            let took = Date().timeIntervalSince(start)
            print("# swift runBounded 10 s: returned after \(Int(took * 1000)) ms, \(retries.all.count) retry events")
            XCTAssertEqual(result.status, .interrupted)
            XCTAssertTrue(result.deadlineReached)
            XCTAssertGreaterThanOrEqual(took, 9.9)
            XCTAssertLessThan(took, 16)
            XCTAssertTrue(errors.all.isEmpty)
            XCTAssertFalse(retries.all.isEmpty)
            for (i, notice) in retries.all.enumerated() {
                XCTAssertEqual(notice.attempt, Int64(i + 1))
                XCTAssertTrue(notice.willRetry)
                XCTAssertFalse(notice.message.isEmpty)
            }
            XCTAssertNotNil(retries.all.first?.codexErrorInfoJSON)
        }
    }

    /// Close with turns in flight: every waiter and every events reader ends with `.closed`.
    func testCloseWithTurnsInFlight() async throws {
        let client = try await newClient()
        try await deadline {
            var turns: [Turn] = []
            for i in 0..<3 {
                let thread = try await client.threadStart()
                let turn = try await thread.turn("hold number \(i)")
                try await firstDelta(turn)
                turns.append(turn)
            }
            var tasks: [Task<Void, Error>] = []
            for turn in turns {
                tasks.append(Task { _ = try await turn.wait() })
                tasks.append(Task { for try await _ in turn.events {} })
            }
            try await Task.sleep(nanoseconds: 200_000_000)
            client.close()
            for task in tasks {
                let error = await caught { try await task.value }
                XCTAssertEqual(status(of: error), .closed, "\(String(describing: error))")
            }
            let late = await caught { try await client.threadStart() }
            XCTAssertEqual(status(of: late), .closed, "\(String(describing: late))")
            let interrupt = await caught { try await turns[0].interrupt() }
            XCTAssertEqual(status(of: interrupt), .closed, "\(String(describing: interrupt))")
            client.close() // idempotent
        }
    }
}

/// Polls thread/read until the thread's last turn is interrupted.
private func waitUntilLastTurnInterrupted(_ thread: CodexThread) async throws {
    for _ in 0..<200 {
        let read = try jsonObject(try await thread.read(includeTurns: true))
        let turns = (read["thread"] as? [String: Any])?["turns"] as? [[String: Any]] ?? []
        if turns.last?["status"] as? String == "interrupted" { return }
        try await Task.sleep(nanoseconds: 50_000_000)
    }
    throw TestFailure("the run() turn was never interrupted")

    // The turns a goal drives arrive on the thread's stream, and attachTurn follows one to its
    // result (the same checks as Go's TestMethodsGoalTurnsOnTheThreadStream).
    func testGoalTurnsOnTheThreadStreamAndAttach() async throws {
        let client = try await newClient()
        try await deadline {
            let thread = try await client.threadStart()
            let stream = try client.threadStream(threadID: thread.id)
            _ = try await thread.setGoal("write a swift haiku about streams", tokenBudget: 30)
            var first: String? = nil
            var open: String? = nil
            var started = 0, completed = 0
            while completed < 2 {
                let ev = try await stream.next()
                if ev.kind == .turnStarted {
                    XCTAssertNil(open, "a goal turn started before the previous one completed")
                    open = ev.turnID
                    if first == nil { first = ev.turnID }
                    started += 1
                } else if ev.kind == .turnCompleted {
                    XCTAssertEqual(ev.turnID, open)
                    open = nil
                    completed += 1
                }
            }
            XCTAssertGreaterThanOrEqual(started, 2)
            let turn = try await thread.attachTurn(try XCTUnwrap(first))
            XCTAssertEqual(turn.id, first)
            let result = try await turn.wait()
            XCTAssertTrue(result.status == .completed || result.status == .interrupted, "\(result.status)")
            _ = try await thread.clearGoal()
        }
    }
}
