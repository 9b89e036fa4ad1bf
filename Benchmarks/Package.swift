// swift-tools-version:6.2
import Foundation
import PackageDescription

// The benchmark harness lives in its own package so the service's build stays lean: `scripts/bench` builds it
// with `swift build -c release --package-path Benchmarks -Xswiftc -enable-testing` (the ingestion benchmark
// reaches the Server module's internal JSON decoding path through `@testable import`).

let rootURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
// A path dependency's identity is its folder's name, which differs between clones (main, a worktree, CI).
let rootIdentity = rootURL.lastPathComponent.lowercased()
// The ingestion benchmark is compiled in when the tree has the Server's wire decoding (TrainRequest).
let hasWire = FileManager.default.fileExists(atPath: rootURL.appendingPathComponent("Sources/Server/Wire/TrainRequest.swift").path)

var swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("ExistentialAny"),
]
if hasWire {
    swiftSettings.append(.define("DESCENT_BENCH_WIRE"))
}

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
                .product(name: "Server", package: rootIdentity),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
