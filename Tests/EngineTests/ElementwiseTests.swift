import Engine
import Testing

/// `+ - * / ** maximum minimum` against numpy's values, bit for bit (inf, NaN, the sign of zero).
@Suite struct ElementwiseTests {
    @Test func fixtureCoversTheBrief() throws {
        let cases = try Fixtures.arrays().elementwise
        #expect(Set(cases.map(\.op)) == Set(BinaryOperation.allCases.map(\.rawValue)))
        let values = cases.flatMap { $0.a.values + $0.b.values }
        #expect(values.contains { $0.isNaN } && values.contains(.infinity) && values.contains(-.infinity))
        #expect(values.contains { $0 == 0 && $0.sign == .minus })
        #expect(cases.contains { $0.error != nil })
    }

    @Test func valuesMatchNumPy() throws {
        for item in try Fixtures.arrays().elementwise {
            let operation = try #require(BinaryOperation(rawValue: item.op))
            let array = ArrayOperation.elementwise(operation)
            do throws(NumPyError) {
                let got = try array.apply(item.a.ndarray, item.b.ndarray)
                guard let expected = item.result else {
                    Issue.record("\(item.label): expected \(item.error ?? ""), got shape \(got.shape)")
                    continue
                }
                #expect(got.shape == expected.shape, "\(item.label)")
                let shape = try array.resultShape(item.a.shape, item.b.shape)
                #expect(shape == expected.shape, "\(item.label)")
                // numpy documents the sign of a 0.0/-0.0 tie in maximum/minimum as unreliable.
                let zeroSign = operation != .maximum && operation != .minimum
                let mismatch = Compare.firstMismatch(got.data, expected.values, zeroSign: zeroSign)
                if item.libmPowerDiffers == true {
                    #expect(Compare.firstDistant(got.data, expected.values, relative: 2.3e-16) == nil, "\(item.label)")
                } else {
                    #expect(mismatch == nil, "\(item.label) \(mismatch ?? "")")
                }
            } catch {
                #expect(error.message == item.error, "\(item.label)")
                #expect(item.error != nil, "\(item.label): unexpected error \(error.message)")
            }
        }
    }

    @Test func errorsUseTheUfuncWording() throws {
        let cases = try Fixtures.arrays().elementwise.filter { $0.error != nil }
        #expect(!cases.isEmpty)
        for item in cases {
            let operation = try #require(BinaryOperation(rawValue: item.op))
            #expect(throws: NumPyError(item.error ?? "")) {
                try ArrayOperation.elementwise(operation).resultShape(item.a.shape, item.b.shape)
            }
        }
    }

    @Test func ieeeResultsWithoutErrors() throws {
        let divide = try ArrayOperation.elementwise(.divide).apply(NDArray(shape: [3], data: [1, 0, -1]), NDArray(scalar: 0))
        #expect(divide.data[0] == .infinity && divide.data[1].isNaN && divide.data[2] == -.infinity)
        let flipped = try ArrayOperation.elementwise(.divide).apply(NDArray(scalar: 1), NDArray(scalar: -0.0))
        #expect(flipped.shape == [] && flipped.data == [-.infinity])
        let power = try ArrayOperation.elementwise(.power).apply(NDArray(shape: [2], data: [.nan, 1]), NDArray(shape: [2], data: [0, .nan]))
        #expect(power.data == [1, 1])
        let maximum = try ArrayOperation.elementwise(.maximum).apply(NDArray(shape: [2], data: [.nan, 1]), NDArray(shape: [2], data: [1, .nan]))
        #expect(maximum.data.allSatisfy { $0.isNaN })
    }

    @Test func zeroSizeOperands() throws {
        let result = try ArrayOperation.elementwise(.add).apply(NDArray(shape: [0, 3], data: []), NDArray(shape: [1, 3], data: [1, 2, 3]))
        #expect(result.shape == [0, 3])
        #expect(result.data.isEmpty)
    }
}
