import Engine
import Foundation
import HTTPTypes
import Testing

@testable import Server

@Suite("NestedArray")
struct NestedArrayTests {
    static func encode(_ array: NDArray) throws -> String {
        let encoder = JSONEncoder()
        return String(decoding: try encoder.encode(array.jsonNested), as: UTF8.self)
    }

    @Test(arguments: [
        (NDArray(scalar: 2.5), "2.5"),
        (NDArray(scalar: .nan), #""NaN""#),
        (NDArray(shape: [3], data: [1, .infinity, -.infinity]), #"[1,"Infinity","-Infinity"]"#),
        (NDArray(shape: [2, 3], data: [0, -1, -2, 1, 0, -1]), "[[0,-1,-2],[1,0,-1]]"),
        (NDArray(shape: [2, 1, 2], data: [1, 2, 3, 4]), "[[[1,2]],[[3,4]]]"),
        (NDArray(shape: [0], data: []), "[]"),
        (NDArray(shape: [2, 0], data: []), "[[],[]]"),
        (NDArray(shape: [0, 3], data: []), "[]"),
        (NDArray(shape: [1], data: [0.1]), "[0.1]"),
    ])
    func encodes(_ array: NDArray, _ expected: String) throws {
        #expect(try Self.encode(array) == expected)
    }

    @Test func keepsNegativeZero() throws {
        #expect(try Self.encode(NDArray(shape: [2], data: [-0.0, 0.0])) == "[-0,0]")
    }

    @Test func roundTripsThroughTheParser() throws {
        let array = NDArray(shape: [2, 2], data: [0.1, .nan, 1e300, -2.5e-308])
        let decoder = NDArrayDecoder(member: "a", pointer: "/a", allowNonFinite: true, maxElements: 10, limitFlag: "max-broadcast-elements")
        let back = try decoder.decode(try JSONParser.parse(try Self.encode(array)))
        #expect(back.shape == [2, 2])
        #expect(back.data[0] == 0.1 && back.data[1].isNaN && back.data[2] == 1e300 && back.data[3] == -2.5e-308)
    }
}
