// Typed params, items, approvals, user input and plan updates (issue 16), as the C, C++ and Go
// tests check them on the real app-server with the mock's `patch`, `askuser` and `plan` replies.

import Codex
import Foundation
import XCTest

final class TypedTests: XCTestCase {
    /// What ThreadParams / TurnParams set reaches the model's request; a misspelled value throws.
    func testTypedParamsReachTheModel() async throws {
        let client = try await newClient()
        let work = try tempDir()
        let tag = "swift-params-\(UInt64(Date().timeIntervalSince1970 * 1000))"
        try await deadline {
            let thread = try await client.threadStart(ThreadParams(
                model: "swift-builder-model", cwd: work, approvalPolicy: .never, sandbox: .readOnly,
                developerInstructions: "Swift builder instructions \(tag)"))
            _ = try await thread.run("hello from \(tag)")
            _ = try await thread.run("second turn \(tag)", params: TurnParams(model: "swift-turn-model", effort: "high"))
            let error = await caught { try await thread.run("bad summary", params: TurnParams(summary: "brief")) }
            XCTAssertEqual(status(of: error), .invalidArgument)
        }
        let first = try modelRequestsContaining("hello from \(tag)")
        XCTAssertEqual(first.count, 1)
        XCTAssertTrue(first.first?.contains("\"model\": \"swift-builder-model\"") ?? false)
        XCTAssertTrue(first.first?.contains("Swift builder instructions \(tag)") ?? false)
        let second = try modelRequestsContaining("second turn \(tag)")
        XCTAssertTrue(second.first?.contains("\"effort\": \"high\"") ?? false)
        let page = try await client.threadList(ListParams(limit: 1))
        XCTAssertEqual((try jsonObject(page)["data"] as? [Any])?.count, 1)
    }

    /// The `patch` reply under a read-only sandbox: a typed file-change approval, then the
    /// fileChange item's paths, kinds and diffs.
    func testTypedFileChangeApproval() async throws {
        let seen = Collected<ServerRequest>()
        var options = try testOptions()
        options.serverRequestHandler = { request in
            seen.append(request)
            try request.answer(.accept)
            return nil
        }
        let client = try await newClient(options)
        let work = try tempDir()
        try "old line\n".write(toFile: work + "/notes.txt", atomically: true, encoding: .utf8)
        let result: TurnResult = try await deadline {
            let thread = try await client.threadStart(ThreadParams(
                cwd: work, approvalPolicy: .onRequest, sandbox: .readOnly))
            return try await thread.run("please patch the notes")
        }
        XCTAssertEqual(result.status, .completed, result.error ?? "")
        let changes = result.items.filter { $0.type == .fileChange }
        XCTAssertEqual(changes.count, 1)
        guard let change = changes.first else { return }
        XCTAssertEqual(change.status, "completed")
        let byPath = Dictionary(uniqueKeysWithValues: change.changes.map { ($0.path, $0) })
        XCTAssertEqual(byPath[work + "/notes.txt"]?.kind, "update")
        XCTAssertTrue(byPath[work + "/notes.txt"]?.diff.contains("+new line") ?? false)
        XCTAssertEqual(byPath[work + "/patched.txt"]?.kind, "add")
        XCTAssertEqual(seen.all.map(\.kind), [.fileChangeApproval])
        XCTAssertEqual(seen.all.first?.itemID, change.id)
    }

    /// The `askuser` reply in Plan mode: typed questions, a typed answer the model receives.
    func testTypedUserInputAnswer() async throws {
        let seen = Collected<ServerRequest>()
        var options = try testOptions()
        options.serverRequestHandler = { request in
            seen.append(request)
            if let options = request.questions.first?.options, options.count == 2 {
                try request.setAnswer(0, options[1])
            }
            try request.answer(.accept)
            return nil
        }
        let client = try await newClient(options)
        let result: TurnResult = try await deadline {
            let thread = try await client.threadStart()
            return try await thread.run("askuser about the color", params: TurnParams(
                collaborationModeJSON: #"{"mode":"plan","settings":{"model":"mock-model"}}"#))
        }
        XCTAssertEqual(result.status, .completed, result.error ?? "")
        XCTAssertEqual(seen.all.map(\.kind), [.userInput])
        let question = seen.all.first?.questions.first
        XCTAssertEqual(seen.all.first?.questions.count, 1)
        XCTAssertEqual(question?.id, "color")
        XCTAssertEqual(question?.header, "Color")
        XCTAssertEqual(question?.text, "Which color should it be?")
        XCTAssertEqual(question?.options, ["Red (Recommended)", "Blue"])
        XCTAssertTrue(result.finalResponse?.contains("Blue") ?? false)
    }

    /// The `plan` reply with the update_plan tool on: Event.plan.
    func testTypedPlanUpdate() async throws {
        let client = try await newClient()
        let plans = Collected<[PlanStep]>()
        try await deadline {
            let thread = try await client.threadStart(ThreadParams(
                configJSON: #"{"tools":{"update_plan":{"enabled":true}}}"#))
            let turn = try await thread.turn("make a plan first")
            for try await event in turn.events {
                if let plan = event.plan { plans.append(plan) }
            }
        }
        XCTAssertEqual(plans.all.count, 1)
        XCTAssertEqual(plans.all.first?.map(\.step), ["Read the code", "Write the test", "Land it"])
        XCTAssertEqual(plans.all.first?.map(\.status), ["completed", "inProgress", "pending"])
    }
}
