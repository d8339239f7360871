// Login flows against the mock issuer. The browser ones use the host-global callback port
// 127.0.0.1:1455: run them one at a time (or inside run_with_fixture.py --netns).

import Codex
import Foundation
import XCTest

final class LoginTests: XCTestCase {
    func testLoginAPIKeyAccountLogout() async throws {
        let client = try await newClient(loggedIn: false)
        try await deadline {
            var info = try await client.account()
            XCTAssertNil(info.account, info.rawJSON)
            XCTAssertTrue(info.requiresOpenAIAuth, info.rawJSON)
            try await client.loginAPIKey(fakeKey)
            info = try await client.account()
            XCTAssertEqual(info.account?.type, "apiKey", info.rawJSON)
            try await client.logout()
            info = try await client.account()
            XCTAssertNil(info.account, info.rawJSON)
            try await client.logout() // nobody logged in: still fine
        }
    }

    func testLoginChatGPTBrowserComplete() async throws {
        let client = try await newClient(loggedIn: false)
        let mock = try fixtureEnv("CODEX_TEST_MOCK_URL")
        try await deadline {
            let login = try await client.loginChatGPT()
            let authURL = try XCTUnwrap(login.authURL)
            XCTAssertTrue(authURL.hasPrefix(mock + "/"), "auth URL \(authURL) is not on the mock \(mock)")
            XCTAssertFalse(login.loginID.isEmpty)
            try await browse(authURL)
            let result = try await login.wait()
            XCTAssertTrue(result.success, "\(result)")
            XCTAssertEqual(result.loginID, login.loginID)
            let info = try await client.account()
            XCTAssertEqual(info.account?.type, "chatgpt", info.rawJSON)
        }
    }

    func testLoginChatGPTDeviceCode() async throws {
        let client = try await newClient(loggedIn: false)
        let mock = try fixtureEnv("CODEX_TEST_MOCK_URL")
        try await deadline {
            let login = try await client.loginChatGPTDeviceCode()
            XCTAssertFalse((login.userCode ?? "").isEmpty)
            XCTAssertTrue((login.verificationURL ?? "").hasPrefix(mock), "\(String(describing: login.verificationURL))")
            XCTAssertNil(login.authURL)
            let result = try await login.wait()
            XCTAssertTrue(result.success, "\(result)")
            let info = try await client.account()
            XCTAssertEqual(info.account?.type, "chatgpt", info.rawJSON)
        }
    }

    /// Cancelling the waiting task ends the wait at once and leaves the login pending; cancel()
    /// then ends it unsuccessfully.
    func testLoginCancelAndTaskCancellationOfWait() async throws {
        let client = try await newClient(loggedIn: false)
        try await deadline {
            let login = try await client.loginChatGPT()
            let waiter = Task { try await login.wait() }
            try await Task.sleep(nanoseconds: 200_000_000)
            let start = Date()
            waiter.cancel()
            let first = await waiter.result
            XCTAssertLessThan(Date().timeIntervalSince(start), 2)
            guard case .failure(let error) = first, error is CancellationError else {
                throw TestFailure("cancelled wait ended with \(first)")
            }
            try await login.cancel()
            let result = try await login.wait()
            XCTAssertFalse(result.success)
            XCTAssertNotNil(result.error)
            XCTAssertEqual(result.loginID, login.loginID)
            try await login.cancel() // twice is fine
        }
    }

    func testLoginWaitEndsWithCloseError() async throws {
        let client = try await newClient(loggedIn: false)
        try await deadline {
            let login = try await client.loginChatGPT()
            let waiter = Task { try await login.wait() }
            try await Task.sleep(nanoseconds: 200_000_000)
            client.close()
            let error = await caught { try await waiter.value }
            XCTAssertEqual(status(of: error), .closed, "\(String(describing: error))")
        }
    }
}
