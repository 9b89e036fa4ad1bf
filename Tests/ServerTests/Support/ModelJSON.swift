import Foundation
import Testing
import NIOCore

@testable import Server

/// A response body as untyped JSON, for the members beyond the notebook's that the typed test bodies leave out.
struct ModelJSON {
    let object: [String: Any]

    init(_ buffer: ByteBuffer) throws {
        let data = Data(buffer.readableBytesView)
        object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    init(_ object: [String: Any]) {
        self.object = object
    }

    subscript(_ key: String) -> Any? { object[key] }

    func string(_ key: String) -> String? { object[key] as? String }
    func double(_ key: String) -> Double? { (object[key] as? NSNumber)?.doubleValue }
    func int(_ key: String) -> Int? { (object[key] as? NSNumber)?.intValue }
    func bool(_ key: String) -> Bool? { object[key] as? Bool }
    func member(_ key: String) -> ModelJSON? { (object[key] as? [String: Any]).map(ModelJSON.init) }
    func members(_ key: String) -> [ModelJSON]? { (object[key] as? [[String: Any]]).map { $0.map(ModelJSON.init) } }
    func doubles(_ key: String) -> [Double]? { (object[key] as? [NSNumber]).map { $0.map(\.doubleValue) } }
    func ints(_ key: String) -> [Int]? { (object[key] as? [NSNumber]).map { $0.map(\.intValue) } }
    func rows(_ key: String) -> [[Double]]? { (object[key] as? [[NSNumber]]).map { $0.map { $0.map(\.doubleValue) } } }
    func intRows(_ key: String) -> [[Int]]? { (object[key] as? [[NSNumber]]).map { $0.map { $0.map(\.intValue) } } }
    var keys: Set<String> { Set(object.keys) }
}

extension ProblemBody {
    /// The pointer of the first member at fault.
    var pointer: String? { errors?.first?.pointer }
}
