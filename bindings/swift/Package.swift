// swift-tools-version:5.9
// The Swift binding of codex-ffi: `CCodex` exposes include/codex.h and links libcodex (built by
// `cargo build --release` at the repository root); `Codex` is the Swift API over it.
import PackageDescription

let package = Package(
    name: "Codex",
    platforms: [.macOS(.v12)],
    products: [
        .library(name: "Codex", targets: ["Codex"]),
        .executable(name: "GettingStarted", targets: ["GettingStarted"]),
    ],
    targets: [
        .systemLibrary(name: "CCodex", path: "Sources/CCodex"),
        .target(name: "Codex", dependencies: ["CCodex"], path: "Sources/Codex"),
        .testTarget(name: "CodexTests", dependencies: ["Codex"], path: "Tests/CodexTests"),
        .executableTarget(name: "GettingStarted", dependencies: ["Codex"], path: "Examples/GettingStarted"),
    ]
)
