// Approvals: the handler's answer is sent; without a handler, or when it throws, the library's
// safe default (decline) is.

import Codex
import Foundation
import XCTest

final class ApprovalTests: XCTestCase {
    /// Runs an "approve" turn (the mock asks to run `echo approved > approved.txt` escalated)
    /// in a fresh cwd; returns the requests seen, whether the file was written, and the result.
    private func approvalRun(_ handler: ServerRequestHandler?, options: CodexOptions? = nil) async throws
        -> (requests: [ServerRequest], wrote: Bool, result: TurnResult) {
        let seen = Collected<ServerRequest>()
        var opts = try options ?? testOptions()
        if let handler {
            opts.serverRequestHandler = { request in
                seen.append(request)
                return try await handler(request)
            }
        }
        let client = try await newClient(opts)
        let work = try tempDir()
        let result: TurnResult = try await deadline {
            let thread = try await client.threadStart(ThreadParams(
                cwd: work, approvalPolicy: .onRequest, approvalsReviewer: .user, sandbox: .readOnly))
            return try await thread.run("please approve this")
        }
        XCTAssertEqual(result.status, .completed, result.error ?? "")
        let wrote = FileManager.default.fileExists(atPath: work + "/approved.txt")
        return (seen.all, wrote, result)
    }

    private func commandStatus(_ result: TurnResult) throws -> String {
        let items = try jsonArray(result.itemsJSON)
        guard let command = items.first(where: { $0["type"] as? String == "commandExecution" }) else {
            throw TestFailure("no commandExecution item in \(result.itemsJSON)")
        }
        return command["status"] as? String ?? ""
    }

    func testApprovalAccept() async throws {
        let (requests, wrote, result) = try await approvalRun { _ in ServerRequestAnswer.accept }
        XCTAssertEqual(requests.map(\.method), ["item/commandExecution/requestApproval"])
        if let request = requests.first {
            XCTAssertEqual(request.threadID, result.threadID)
            XCTAssertEqual(request.turnID, result.id)
            XCTAssertTrue(request.paramsJSON.contains("approved.txt"))
            XCTAssertFalse(request.id.isEmpty)
        }
        XCTAssertTrue(wrote, "the accepted command did not write approved.txt")
        XCTAssertEqual(try commandStatus(result), "completed")
    }

    func testApprovalDecline() async throws {
        let (requests, wrote, result) = try await approvalRun { _ in ServerRequestAnswer.decline }
        XCTAssertEqual(requests.count, 1)
        XCTAssertFalse(wrote, "the declined command wrote approved.txt")
        XCTAssertEqual(try commandStatus(result), "declined")
    }

    func testApprovalWithoutHandlerDeclines() async throws {
        let (_, wrote, result) = try await approvalRun(nil)
        XCTAssertFalse(wrote, "no handler, yet the command ran")
        XCTAssertEqual(try commandStatus(result), "declined")
    }

    /// A throwing handler is reported to onCallbackError and the safe default is sent.
    func testApprovalHandlerErrorDeclines() async throws {
        let reported = Collected<String>()
        var options = try testOptions()
        options.onCallbackError = { error in reported.append("\(error)") }
        let (requests, wrote, result) = try await approvalRun({ _ in throw TestFailure("handler bug") }, options: options)
        XCTAssertEqual(requests.count, 1)
        XCTAssertFalse(wrote, "the command ran after a handler error")
        XCTAssertEqual(try commandStatus(result), "declined")
        XCTAssertEqual(reported.all, ["handler bug"])
    }

    /// The handler may be set after the client started, and may call back into the client.
    func testApprovalHandlerSetLaterMayCallClient() async throws {
        let client = try await newClient()
        let calledBack = Collected<Bool>()
        try client.setServerRequestHandler { _ in
            let info = try await client.account()
            calledBack.append(info.account != nil)
            return ServerRequestAnswer.accept
        }
        let work = try tempDir()
        try await deadline {
            let thread = try await client.threadStart(ThreadParams(
                cwd: work, approvalPolicy: .onRequest, approvalsReviewer: .user, sandbox: .readOnly))
            _ = try await thread.run("approve again")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: work + "/approved.txt"))
        XCTAssertEqual(calledBack.all, [true])
    }
}
