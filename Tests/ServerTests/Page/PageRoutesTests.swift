import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Server

/// `GET /`: the embedded page and its Content-Security-Policy.
@Suite struct PageRoutesTests {
    @Test func thePageIsSelfContainedAndServedWithAStrictPolicy() async throws {
        let app = try await buildApplication(configuration: testConfiguration())
        try await app.test(.router) { client in
            let response = try await client.send(.get, "/")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: response.body)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            // Nothing from elsewhere: no script or stylesheet by URL, no absolute URL but the SVG namespace.
            #expect(!html.contains("<script src") && !html.contains("rel=\"stylesheet\"") && !html.contains("@import"))
            #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "https?://", options: .regularExpression) == nil)
            // The public API only.
            for path in ["\"/models", "\"/jobs", "/events", "\"/train\""] { #expect(html.contains(path), "uses \(path)") }
            // Every input has a label.
            let inputs = html.components(separatedBy: "<input id=\"").dropFirst().compactMap { $0.split(separator: "\"").first }
            #expect(inputs.count == 7)
            for id in inputs { #expect(html.contains("<label for=\"\(id)\">"), "input \(id) is labelled") }
            let policy = try #require(response.headers[.contentSecurityPolicy])
            let script = try #require(PageDocument.inline(html, tag: "script"))
            #expect(script.contains("Authorization"))
            let digest = Data(SHA256.hash(data: Array(script.utf8))).base64EncodedString()
            #expect(policy.contains("script-src 'sha256-\(digest)'"))
            #expect(policy.hasPrefix("default-src 'none'; "))
            #expect(policy.contains("connect-src 'self'"))
        }
    }
}
