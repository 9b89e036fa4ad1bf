import Crypto
import Foundation
import NIOCore

/// The page for people (`Resources/page.html`), read from the module's resource bundle at start, and the
/// Content-Security-Policy it is served with.
///
/// The page keeps its script and style inline (one self-contained file); the policy allows exactly those two
/// blocks, by their sha256, plus requests to this origin, and nothing else (no other script, no frames, no form
/// posts elsewhere). The hashes are computed here from the bytes served, so editing the page never breaks it.
struct PageDocument: Sendable {
    /// The bundle has no readable `page.html`: the build or the installation is broken, so descent does not start.
    struct Missing: Error, CustomStringConvertible {
        var description: String { "the embedded page.html cannot be read from the resource bundle (a broken build or installation)" }
    }

    let html: ByteBuffer
    let contentSecurityPolicy: String

    init(html: String) {
        self.html = ByteBuffer(string: html)
        let script = Self.inline(html, tag: "script").map(Self.hashSource) ?? "'none'"
        let style = Self.inline(html, tag: "style").map(Self.hashSource) ?? "'none'"
        contentSecurityPolicy = [
            "default-src 'none'", "script-src \(script)", "style-src \(style)", "connect-src 'self'", "img-src 'self' data:",
            "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    static func load() throws(Missing) -> PageDocument {
        guard let url = Bundle.module.url(forResource: "page", withExtension: "html"),
            let data = try? Data(contentsOf: url), let html = String(data: data, encoding: .utf8)
        else { throw Missing() }
        return PageDocument(html: html)
    }

    /// The text between the first `<tag>` and `</tag>`.
    static func inline(_ html: String, tag: String) -> String? {
        guard let open = html.range(of: "<\(tag)>"), let close = html.range(of: "</\(tag)>", range: open.upperBound..<html.endIndex) else {
            return nil
        }
        return String(html[open.upperBound..<close.lowerBound])
    }

    /// `'sha256-<base64>'` of a block's UTF-8 text.
    static func hashSource(_ text: String) -> String {
        "'sha256-\(Data(SHA256.hash(data: Array(text.utf8))).base64EncodedString())'"
    }
}
