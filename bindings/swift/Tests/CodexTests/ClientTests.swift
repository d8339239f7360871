// The client: handshake, raw requests, errors, argument checks, threads, notifications.

import Codex
import Foundation
import XCTest

final class ClientTests: XCTestCase {
    func testHandshakeAndMetadata() async throws {
        let options = try testOptions()
        let client = try await newClient(options, loggedIn: false)
        XCTAssertEqual(client.serverVersion, "0.163.0")
        XCTAssertTrue(client.userAgent.contains("codex_ffi_swift_tests/0.163.0"), client.userAgent)
        XCTAssertEqual(client.codexHome, options.codexHome)
        XCTAssertEqual(client.platformFamily, "unix")
        XCTAssertFalse(CodexClient.libraryVersion.isEmpty)
    }

    func testSynchronousInitAndClose() throws {
        let client = try CodexClient(options: try testOptions())
        XCTAssertEqual(client.serverVersion, "0.163.0")
        client.close()
        client.close()
    }

    func testRawRequestAndModels() async throws {
        let client = try await newClient(loggedIn: false)
        try await deadline {
            let list = try jsonObject(try await client.request("model/list"))
            let data = list["data"] as? [[String: Any]] ?? []
            let firstID = try XCTUnwrap(data.first?["id"] as? String, "model/list gave no models")
            let models = try await client.models()
            XCTAssertTrue(models.contains(firstID))
        }
    }

    func testRPCErrorCarriesCode() async throws {
        let client = try await newClient(loggedIn: false)
        let error = await caught { try await client.request("no/such/method", params: "{}") }
        guard case .rpc(let details)? = error as? CodexError else {
            throw TestFailure("expected CodexError.rpc, got \(String(describing: error))")
        }
        XCTAssertEqual(details.rpcCode, -32600)
        XCTAssertTrue(details.message.contains("unknown variant"), details.message)
    }

    /// Status names come from the C library (codex_status_str); AUTH (15) has its own error case.
    func testStatusNamesAndAuthError() {
        XCTAssertEqual(CodexStatus.auth.rawValue, 15)
        XCTAssertTrue(CodexStatus.auth.description.hasSuffix("_STATUS_AUTH"), CodexStatus.auth.description)
        XCTAssertTrue(CodexStatus.wouldDeadlock.description.hasSuffix("_STATUS_WOULD_DEADLOCK"))
        let error = CodexError(CodexErrorDetails(status: .auth, message: "credentials refused"))
        guard case .auth(let details) = error else {
            return XCTFail("expected CodexError.auth, got \(error)")
        }
        XCTAssertEqual(details.message, "credentials refused")
        XCTAssertEqual(error.status, .auth)
    }

    /// Interior NULs are rejected before C sees them; bad JSON is rejected by the library.
    func testInvalidArgumentsAndNulErrors() async throws {
        let client = try await newClient(loggedIn: false)
        try await deadline {
            let nulKey = await caught { try await client.loginAPIKey("sk-\u{0}hidden") }
            XCTAssertEqual(status(of: nulKey), .invalidArgument, "\(String(describing: nulKey))")
            XCTAssertFalse("\(String(describing: nulKey))".contains("hidden"), "the key leaked into the error")
            let badJSON = await caught { try await client.request("model/list", params: "{not json") }
            XCTAssertEqual(status(of: badJSON), .invalidArgument)
            let nulMethod = await caught { try await client.request("model\u{0}/list") }
            XCTAssertEqual(status(of: nulMethod), .invalidArgument)
            try await client.loginAPIKey(fakeKey)
            let thread = try await client.threadStart()
            let nulInput = await caught { try await thread.run("hi\u{0}there") }
            XCTAssertEqual(status(of: nulInput), .invalidArgument)
            let badExtra = await caught { try await client.threadStart(ThreadParams(extra: ["model": "{oops"])) }
            XCTAssertEqual(status(of: badExtra), .invalidArgument)
        }
    }

    func testMissingBinaryIsNotFoundError() async throws {
        var options = try testOptions()
        options.codexBin = "/nonexistent/codex"
        let error = await caught { try await CodexClient.start(options: options) }
        XCTAssertEqual(status(of: error), .notFound, "\(String(describing: error))")
    }

    func testRequestTaskCancellationReturnsAtOnce() async throws {
        let client = try await newClient(loggedIn: false)
        let task = Task { () -> String in
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.request("model/list")
        }
        let error = await caught { try await task.value }
        XCTAssertTrue(error is CancellationError, "\(String(describing: error))")
    }

    func testThreadLifecycle() async throws {
        let client = try await newClient()
        let workdir = try fixtureEnv("CODEX_TEST_WORKDIR")
        try await deadline {
            let thread = try await client.threadStart(ThreadParams(cwd: workdir))
            let first = try await thread.run("remember the word pineapple")
            XCTAssertEqual(first.status, .completed)
            try await thread.setName("swift lifecycle")
            let read = try await thread.read()
            XCTAssertTrue(read.contains("swift lifecycle"), read)
            let list = try await client.threadList()
            XCTAssertTrue(list.contains(thread.id), list)

            let fork = try await client.threadFork(thread.id, params: ThreadParams(extra: ["excludeTurns": "true"]))
            XCTAssertFalse(fork.id.isEmpty)
            XCTAssertNotEqual(fork.id, thread.id)
            let forked = try await fork.run("what word?")
            XCTAssertEqual(forked.finalResponse, "You said: what word?")
            XCTAssertTrue(try modelRequestsContaining("what word?").first?.contains("pineapple") ?? false,
                          "the fork's request did not carry the source thread's history")

            try await client.threadArchive(thread.id)
            _ = try await client.threadUnarchive(thread.id)
            let resumed = try await client.threadResume(thread.id)
            let back = try await resumed.run("back again")
            XCTAssertEqual(back.finalResponse, "You said: back again")
            let unknown = await caught { try await client.threadResume("00000000-0000-7000-8000-000000000000") }
            XCTAssertEqual(status(of: unknown), .rpc, "\(String(describing: unknown))")
        }
    }

    func testNotificationsArrive() async throws {
        let client = try await newClient(loggedIn: false)
        let seen = Collected<Event>()
        try client.setNotificationHandler { event in seen.append(event) }
        let thread = try await client.threadStart()
        for _ in 0..<200 {
            if seen.all.contains(where: { $0.method == "thread/started" && $0.paramsJSON.contains(thread.id) }) {
                try client.setNotificationHandler(nil)
                return
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        XCTFail("no thread/started notification for \(thread.id)")
    }
}
