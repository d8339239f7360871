// Remote app-servers: connect to a running `codex app-server --listen URL` instead of spawning
// one (see docs/remote.md).

import CCodex
import Foundation

/// Where and how to connect to a running app-server. With it, the spawn-only options (codexBin,
/// codexHome, cwd, environment, config) must stay unset (`CodexError.invalidArgument`). Refused
/// credentials are `CodexError.auth` from CodexClient's initializer, with the server's reason.
public struct CodexRemote: Sendable {
    /// "unix://PATH", "ws://HOST:PORT" or "wss://HOST:PORT".
    public var url: String
    /// A capability token (`--ws-auth capability-token`) or a ready bearer token.
    public var token: String?
    /// The token read from this file when the client starts.
    public var tokenFile: String?
    /// The shared secret of `--ws-auth signed-bearer-token` (or a file holding it): the library
    /// makes an HS256 JWT with these claims, valid for `jwtTTL` seconds.
    public var jwtSecret: String?
    public var jwtSecretFile: String?
    public var jwtIssuer: String?
    public var jwtAudience: String?
    public var jwtTTL: Int64 = 300
    /// PEM CAs a wss:// server must chain to (nil = the system's store).
    public var caFile: String?
    /// A link on which nothing arrives for this long is dead (nil = default 30 s, 0 = never).
    public var pingTimeout: TimeInterval?

    public init(url: String) {
        self.url = url
    }

    func apply(to opts: OpaquePointer) throws {
        try withCStrings([("url", url), ("token", token), ("tokenFile", tokenFile), ("caFile", caFile)]) { p in
            try check { codex_options_set_remote_url(opts, p[0], $0) }
            if p[1] != nil { try check { codex_options_set_remote_token(opts, p[1], $0) } }
            if p[2] != nil { try check { codex_options_set_remote_token_file(opts, p[2], $0) } }
            if p[3] != nil { try check { codex_options_set_remote_ca_file(opts, p[3], $0) } }
        }
        try withCStrings([("jwtSecret", jwtSecret), ("jwtSecretFile", jwtSecretFile),
                          ("jwtIssuer", jwtIssuer), ("jwtAudience", jwtAudience)]) { p in
            if p[0] != nil { try check { codex_options_set_remote_jwt(opts, p[0], p[2], p[3], jwtTTL, $0) } }
            if p[1] != nil { try check { codex_options_set_remote_jwt_file(opts, p[1], p[2], p[3], jwtTTL, $0) } }
        }
        if let pingTimeout {
            try check { codex_options_set_remote_ping_timeout_ms(opts, milliseconds(pingTimeout), $0) }
        }
    }
}
