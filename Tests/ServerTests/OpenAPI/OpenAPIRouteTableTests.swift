import Foundation
import HTTPTypes
import Testing

@testable import Server

/// `openapi.yaml` and the router describe the same paths and methods.
@Suite struct OpenAPIRouteTableTests {
    /// The `paths` of the document and their operations, read with a minimal line parser (two-space indentation).
    static func documentedOperations() throws -> [String: Set<String>] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("Sources/Server/Resources/openapi.yaml"), encoding: .utf8)
        var operations: [String: Set<String>] = [:]
        var inPaths = false
        var current: String?
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line == "paths:"; current = nil; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                let path = String(line.dropFirst(2).dropLast())
                current = path
                operations[path] = []
            } else if let path = current, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.dropFirst(4).split(separator: ":").first.map(String.init) ?? ""
                if methods.contains(key) { operations[path]?.insert(key) }
            }
        }
        return operations
    }

    @Test func everyServedRouteIsDocumentedAndEveryDocumentedPathIsServed() throws {
        let documented = try Self.documentedOperations()
        var served: [String: Set<String>] = [:]
        for entry in RouteTable.entries {
            served[entry.path] = Set(entry.methods.map { $0.rawValue.lowercased() })
        }
        #expect(documented == served)
        #expect(documented.count == 25)
    }

    @Test func documentIsOpenAPI31WithProblemResponses() throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        #expect(text.hasPrefix("openapi: 3.1.0\n"))
        #expect(text.contains("application/problem+json"))
        for status in ["'400'", "'404'", "'409'", "'413'", "'422'", "'429'", "'503'"] {
            #expect(text.contains(status), "\(status) is documented")
        }
    }
}
