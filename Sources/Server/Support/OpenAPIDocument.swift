import Foundation
import NIOCore

/// The embedded OpenAPI document (`Resources/openapi.yaml`), read once from the module's resource bundle.
enum OpenAPIDocument {
    static let bytes: ByteBuffer = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let data = try? Data(contentsOf: url)
        else {
            return ByteBuffer(string: "openapi: 3.1.0\n# the embedded document could not be read\n")
        }
        return ByteBuffer(bytes: data)
    }()
}
