// Logins: ChatGPT browser and device-code flows, and the account.

import CCodex
import Foundation

/// How a login ended.
public struct LoginResult: Sendable, Equatable {
    public let success: Bool
    /// The server's error message for a failed or cancelled login.
    public let error: String?
    public let loginID: String

    init(copying result: OpaquePointer) {
        success = codex_login_result_success(result)
        error = swiftString(codex_login_result_error(result))
        loginID = swiftString(codex_login_result_login_id(result)) ?? ""
    }
}

/// A pending interactive login. Its wait is built on codex_login_on_complete: no thread blocks.
public final class LoginHandle: @unchecked Sendable {
    let raw: OpaquePointer
    /// The client stays alive while the login handle does.
    public let client: CodexClient
    public let loginID: String
    /// The URL to open for a browser login.
    public let authURL: String?
    /// The page to visit for a device-code login.
    public let verificationURL: String?
    /// The code to enter for a device-code login.
    public let userCode: String?
    private let completion: Completion<LoginResult>

    private init(client: CodexClient, raw: OpaquePointer, completion: Completion<LoginResult>) {
        self.client = client
        self.raw = raw
        self.completion = completion
        loginID = swiftString(codex_login_id(raw)) ?? ""
        authURL = swiftString(codex_login_auth_url(raw))
        verificationURL = swiftString(codex_login_verification_url(raw))
        userCode = swiftString(codex_login_user_code(raw))
    }

    /// Wraps a new `codex_login *` and registers its completion callback.
    static func make(client: CodexClient, raw: OpaquePointer?) throws -> LoginHandle {
        guard let raw else {
            throw CodexError.internalError(CodexErrorDetails(status: .internalError, message: "no login handle"))
        }
        let completion = Completion<LoginResult>(whatIsClosed: "login")
        let userData = Unmanaged.passRetained(completion).toOpaque()
        do {
            try check { codex_login_on_complete(raw, codexLoginDone, userData, codexReleaseCompletion, $0) }
        } catch {
            codex_login_free(raw)
            throw error
        }
        completion.arm()
        return LoginHandle(client: client, raw: raw, completion: completion)
    }

    deinit {
        // The login itself goes on unless cancelled; its callback never starts after this.
        codex_login_free(raw)
    }

    /// Waits for the login to complete. A failed or cancelled login is a result with
    /// `success == false`; `.closed` if the client closed, `.transport` if the server died.
    /// Cancelling the waiting task ends the wait at once with CancellationError and leaves the
    /// login pending (call cancel() to stop it).
    public func wait() async throws -> LoginResult {
        try await completion.wait()
    }

    /// Cancels the login; wait() then returns `success == false`. Twice, or after completion, is
    /// fine.
    public func cancel() async throws {
        try await offload { [self] in
            try check { codex_login_cancel(raw, $0) }
        }
    }
}

let codexLoginDone: codex_login_complete_fn = { userData, status, result, error in
    guard let userData else { return }
    let completion = Unmanaged<Completion<LoginResult>>.fromOpaque(userData).takeUnretainedValue()
    if status == CODEX_STATUS_OK, let result {
        completion.finish(.success(LoginResult(copying: result)))
    } else {
        completion.finish(.failure(CodexError.copying(status: status, error: error)))
    }
}

/// The answer of `account/read`.
public struct AccountInfo: Sendable {
    /// The logged-in account, nil when not logged in.
    public let account: Account?
    public let requiresOpenAIAuth: Bool
    public let rawJSON: String

    init(json: String) throws {
        rawJSON = json
        let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        guard let object else {
            throw CodexError.internalError(CodexErrorDetails(status: .internalError, message: "account/read answer is not a JSON object"))
        }
        requiresOpenAIAuth = object["requiresOpenaiAuth"] as? Bool ?? false
        if let a = object["account"] as? [String: Any] {
            account = Account(type: a["type"] as? String ?? "", email: a["email"] as? String, planType: a["planType"] as? String)
        } else {
            account = nil
        }
    }
}

/// The logged-in account: type "apiKey", "chatgpt" (with email and planType) or other.
public struct Account: Sendable, Equatable {
    public let type: String
    public let email: String?
    public let planType: String?
}
