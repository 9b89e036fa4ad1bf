import Foundation
import NIOCore

/// The embedded OpenAPI document (`Resources/openapi.yaml`), read from the module's resource bundle at start.
enum OpenAPIDocument {
    /// The bundle has no readable `openapi.yaml`: the build or the installation is broken, so descent does not start.
    struct Missing: Error, CustomStringConvertible {
        var description: String { "the embedded openapi.yaml cannot be read from the resource bundle (a broken build or installation)" }
    }

    static func load() throws(Missing) -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"), let data = try? Data(contentsOf: url) else {
            throw Missing()
        }
        return ByteBuffer(bytes: data)
    }
}
