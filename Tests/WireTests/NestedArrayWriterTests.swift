import Engine
import Foundation
import NIOCore
import Testing

@testable import Wire

/// `/broadcast`'s array output: nested arrays in C order, shortest round-trip numbers, non-finite values as strings.
@Suite struct NestedArrayWriterTests {
    static func write(_ array: NDArray) -> String {
        var buffer = ByteBuffer()
        NestedArrayWriter.write(array, into: &buffer)
        return String(buffer: buffer)
    }

    @Test(arguments: [
        (NDArray(scalar: 2.5), "2.5"),
        (NDArray(scalar: .nan), #""NaN""#),
        (NDArray(shape: [3], data: [1, .infinity, -.infinity]), #"[1.0,"Infinity","-Infinity"]"#),
        (NDArray(shape: [2, 3], data: [0, -1, -2, 1, 0, -1]), "[[0.0,-1.0,-2.0],[1.0,0.0,-1.0]]"),
        (NDArray(shape: [2, 1, 2], data: [1, 2, 3, 4]), "[[[1.0,2.0]],[[3.0,4.0]]]"),
        (NDArray(shape: [0], data: []), "[]"),
        (NDArray(shape: [2, 0], data: []), "[[],[]]"),
        (NDArray(shape: [0, 3], data: []), "[]"),
        (NDArray(shape: [1], data: [0.1]), "[0.1]"),
    ])
    func writes(_ array: NDArray, _ expected: String) {
        #expect(Self.write(array) == expected)
    }

    @Test func keepsNegativeZero() {
        #expect(Self.write(NDArray(shape: [2], data: [-0.0, 0.0])) == "[-0.0,0.0]")
    }

    @Test func roundTripsThroughTheParser() throws {
        let array = NDArray(shape: [2, 2], data: [0.1, .nan, 1e300, -2.5e-308])
        let decoder = NDArrayDecoder(member: "a", pointer: "/a", allowNonFinite: true, maxElements: 10, limitFlag: "max-broadcast-elements")
        let back = try decoder.decode(try JSONParser.parse(Self.write(array)))
        #expect(back.shape == [2, 2])
        #expect(back.data[0] == 0.1 && back.data[1].isNaN && back.data[2] == 1e300 && back.data[3] == -2.5e-308)
    }
}
