// swift-tools-version:6.2
import Foundation
import PackageDescription

// The benchmark harness lives in its own package so the service's build stays lean: `scripts/bench` builds it
// with `swift build -c release --package-path Benchmarks`. It uses the public API of Engine and Wire only.

let rootURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
// A path dependency's identity is its folder's name, which differs between clones (main, a worktree, CI).
let rootIdentity = rootURL.lastPathComponent.lowercased()
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "descent-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "descent-bench",
            dependencies: [
                .product(name: "Engine", package: rootIdentity),
                .product(name: "Wire", package: rootIdentity),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
