// swift-tools-version:5.9
// The Swift binding of codex-ffi: `CCodex` exposes codex.h and links libcodex; `Codex` is the
// Swift API over it. The library is found through pkg-config's `codex` package (installed by
// `cmake --install`: lib/pkgconfig/codex.pc), or, inside a checkout, in target/release (built by
// `cargo build --release` at the repository root; pass -Xlinker -L, see README.md).
import PackageDescription

let package = Package(
    name: "Codex",
    platforms: [.macOS(.v12)],
    products: [
        .library(name: "Codex", targets: ["Codex"]),
        .executable(name: "GettingStarted", targets: ["GettingStarted"]),
        .executable(name: "ReviewHistory", targets: ["ReviewHistory"]),
    ],
    targets: [
        .systemLibrary(name: "CCodex", path: "Sources/CCodex", pkgConfig: "codex"),
        .target(name: "Codex", dependencies: ["CCodex"], path: "Sources/Codex"),
        .testTarget(name: "CodexTests", dependencies: ["Codex"], path: "Tests/CodexTests"),
        .executableTarget(name: "GettingStarted", dependencies: ["Codex"], path: "Examples/GettingStarted"),
        .executableTarget(name: "ReviewHistory", dependencies: ["Codex"], path: "Examples/ReviewHistory"),
    ]
)
