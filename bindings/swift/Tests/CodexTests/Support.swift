// Test helpers. The tests drive the real app-server against the loopback mock model, so they
// must run under tests/fixtures/run_with_fixture.py (see ../../README.md); without its
// environment they fail rather than skip.

import Codex
import Foundation
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

let fakeKey = "sk-test-swift"

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A variable the fixture exports.
func fixtureEnv(_ name: String) throws -> String {
    guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
        throw TestFailure("\(name) is not set: run the tests under tests/fixtures/run_with_fixture.py")
    }
    return value
}

/// A new temp directory.
func tempDir() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("codex-swift-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// A new CODEX_HOME holding the fixture's offline config.toml.
func freshHome() throws -> String {
    let home = try tempDir()
    let config = try Data(contentsOf: URL(fileURLWithPath: try fixtureEnv("CODEX_TEST_HOME_TEMPLATE")))
    try config.write(to: URL(fileURLWithPath: home).appendingPathComponent("config.toml"))
    return home
}

func testOptions() throws -> CodexOptions {
    var options = CodexOptions()
    options.codexBin = try fixtureEnv("CODEX_BIN")
    options.codexHome = try freshHome()
    options.clientName = "codex_ffi_swift_tests"
    options.clientTitle = "codex-ffi Swift tests"
    options.requestTimeout = 30
    return options
}

/// Bounds a test body, so that a hang fails the test instead of stalling the run.
func deadline<T: Sendable>(_ seconds: Double = 90, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            throw TestFailure("timed out after \(seconds) s")
        }
        guard let first = try await group.next() else { throw TestFailure("no result") }
        group.cancelAll()
        return first
    }
}

extension XCTestCase {
    /// A client on a fresh home, closed when the test ends; logged in with a fake API key
    /// unless `loggedIn` is false (the mock provider needs auth before any turn).
    func newClient(_ options: CodexOptions? = nil, loggedIn: Bool = true) async throws -> CodexClient {
        let client = try await CodexClient.start(options: options ?? testOptions())
        addTeardownBlock { client.close() }
        if loggedIn {
            try await client.loginAPIKey(fakeKey)
        }
        return client
    }
}

/// Reads events until the first agent-message delta: the turn is then streaming.
func firstDelta(_ turn: Turn) async throws {
    for try await event in turn.events {
        if event.kind == .agentMessageDelta { return }
    }
    throw TestFailure("the turn ended before any delta")
}

/// The mock's /responses requests whose text contains `needle`.
func modelRequestsContaining(_ needle: String) throws -> [String] {
    let path = try fixtureEnv("CODEX_TEST_REQUEST_LOG")
    let log = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    return log.split(separator: "\n").map(String.init).filter { $0.contains("/responses") && $0.contains(needle) }
}

func jsonObject(_ text: String) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        throw TestFailure("not a JSON object: \(text)")
    }
    return object
}

func jsonArray(_ text: String) throws -> [[String: Any]] {
    guard let array = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
        throw TestFailure("not a JSON array of objects: \(text)")
    }
    return array
}

/// The error a throwing async call ended with (nil if it returned).
func caught<T>(_ body: () async throws -> T) async -> Error? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}

func status(of error: Error?) -> CodexStatus? {
    (error as? CodexError)?.status
}

/// Plays the browser: GETs `url`, following redirects only to loopback (the mock issuer
/// redirects to the app-server's callback on 127.0.0.1:1455).
func browse(_ url: String) async throws {
    guard let target = URL(string: url) else { throw TestFailure("bad URL \(url)") }
    let config = URLSessionConfiguration.ephemeral
    config.connectionProxyDictionary = [:]
    config.timeoutIntervalForRequest = 20
    let session = URLSession(configuration: config, delegate: LoopbackRedirectsOnly(), delegateQueue: nil)
    defer { session.invalidateAndCancel() }
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
        let task = session.dataTask(with: target) { _, _, error in
            if let error {
                continuation.resume(throwing: error)
            } else {
                continuation.resume()
            }
        }
        task.resume()
    }
}

final class LoopbackRedirectsOnly: NSObject, URLSessionTaskDelegate {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        let host = request.url?.host ?? ""
        completionHandler(host == "127.0.0.1" || host == "localhost" ? request : nil)
    }
}

/// A thread-safe list, for collecting from callbacks.
final class Collected<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []

    func append(_ item: T) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    var all: [T] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
