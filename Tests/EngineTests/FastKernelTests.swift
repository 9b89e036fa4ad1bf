import Foundation
import Testing

@testable import Engine

/// The fast kernel's parts: its `exp` against libm's on every vector path this CPU has, which paths it finds, and
/// one epoch's sums on each path against the exact kernel's.
@Suite struct FastKernelTests {
    /// ulps between two doubles: how many representable values lie between them (0 for equal values, both NaN, or
    /// ±0).
    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .max }
        func ordered(_ value: Double) -> Int64 {
            let bits = Int64(bitPattern: value.bitPattern)
            return bits < 0 ? Int64.min &- bits : bits
        }
        let (difference, overflow) = ordered(a).subtractingReportingOverflow(ordered(b))
        return overflow ? .max : difference.magnitude
    }

    /// Inputs whose results are edge cases: overflow, the last normal and subnormal results, underflow to 0, and the
    /// specials.
    static let specials: [Double] = [
        0, -0.0, 1, -1, .ulpOfOne, -.ulpOfOne, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e-300, -1e-300,
        709, -709, 709.782712893384, 709.7827128933841, 709.79, 710, 711, 1e300, .greatestFiniteMagnitude,
        -708.3964185322641, -708.4, -720, -744.4400719213812, -745.1332191019411, -745.1332191019412, -745.2, -746, -800,
        -1e300, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan, -.nan, Double(bitPattern: 0x7ff0_0000_0000_0001),
        0.5 * M_LN2, -0.5 * M_LN2, M_LN2, -M_LN2, 1023 * M_LN2, -1022 * M_LN2, -1074 * M_LN2, -1075 * M_LN2,
    ]

    /// A dense sweep of [−745.2, 710], every value in [−1, 1] at a finer step, and the specials.
    static let inputs: [Double] = {
        let count = 1 << 20
        var values = (0..<count).map { -745.2 + (710 + 745.2) * Double($0) / Double(count - 1) }
        values += (0..<(1 << 16)).map { -1 + 2 * Double($0) / Double((1 << 16) - 1) }
        // Near every multiple of ln2/2, where the range reduction switches n.
        for k in -2150...2048 {
            let centre = Double(k) * 0.5 * M_LN2
            values += [centre.nextDown.nextDown, centre.nextDown, centre, centre.nextUp, centre.nextUp.nextUp]
        }
        return values + specials
    }()

    @Test(arguments: FastKernel.supported)
    func expIsWithinTwoUlpsOfLibm(path: FastKernel.VectorPath) {
        let got = FastKernel.exp(Self.inputs, path: path)
        var worst: (ulps: UInt64, x: Double) = (0, 0)
        for (x, value) in zip(Self.inputs, got) {
            let distance = Self.ulps(value, Foundation.exp(x))
            if distance > worst.ulps { worst = (distance, x) }
        }
        #expect(worst.ulps <= 2, "\(path): \(worst.ulps) ulps at x = \(worst.x)")
        for x in Self.specials {
            let value = FastKernel.exp([x], path: path)[0]
            #expect(Self.ulps(value, Foundation.exp(x)) <= 2, "\(path): e^\(x) = \(value), libm \(Foundation.exp(x))")
        }
    }

    @Test(arguments: FastKernel.supported)
    func expKeepsTheSpecialsExact(path: FastKernel.VectorPath) {
        let got = FastKernel.exp([0, -0.0, .infinity, -.infinity, .nan, 710, -746, 1e300, -1e300], path: path)
        #expect(got[0] == 1 && got[1] == 1)
        #expect(got[2] == .infinity && got[3] == 0)
        #expect(got[4].isNaN)
        #expect(got[5] == .infinity && got[6] == 0 && got[7] == .infinity && got[8] == 0)
        // Subnormal results are still results: e^−740 ≈ 4.2e−322.
        let subnormal = FastKernel.exp([-740], path: path)[0]
        #expect(subnormal > 0 && !subnormal.isNormal)
        // Any count of values, not only whole vectors.
        for count in 0...17 {
            let values = (0..<count).map { Double($0) / 4 - 2 }
            #expect(FastKernel.exp(values, path: path).count == count)
            #expect(zip(FastKernel.exp(values, path: path), values).allSatisfy { Self.ulps($0, Foundation.exp($1)) <= 2 })
        }
    }

    /// The paths found are the CPU's: on x86-64 SSE2 always, AVX2+FMA and AVX-512F as /proc/cpuinfo lists them.
    @Test func theWidestPathTheCPUHasIsChosen() throws {
        #expect(FastKernel.widest == FastKernel.supported.last)
        #expect(FastKernel.supported.allSatisfy { $0.isSupported })
        #if arch(x86_64)
        #expect(FastKernel.supported.first == .sse2)
        #expect(!FastKernel.supported.contains(.portable))
        #if os(Linux)
        let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flagsLine = try #require(info.split(separator: "\n").first { $0.hasPrefix("flags") })
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        #expect(FastKernel.supported.contains(.avx2) == (flags.contains("avx2") && flags.contains("fma")))
        #expect(FastKernel.supported.contains(.avx512) == flags.contains("avx512f"))
        #endif
        #else
        #expect(FastKernel.supported == [.portable])
        #endif
    }

    /// One pass on each path against the exact pass: the loss, `Σdz` and the step's weights agree to 1e-13, on shapes
    /// that leave tails in every loop (rows not a multiple of any vector width, features neither).
    @Test(arguments: FastKernel.supported)
    func eachPathSumsAnEpochLikeTheExactKernel(path: FastKernel.VectorPath) throws {
        for (samples, features) in [(1, 1), (3, 2), (7, 5), (64, 2), (1001, 9), (4099, 33), (2500, 64), (300, 130)] {
            var rng = RandomState(seed: UInt32(samples + features))
            let model = LogisticModel.random(features: features, using: &rng)
            let set = TrainingSet.generate(samples: samples, features: features, using: &rng)
            let exact = EpochPass(samples: samples, features: features, precision: .exact)
            let fast = EpochPass(samples: samples, features: features, precision: .fast, path: path)
            let (exactSums, exactModel) = Self.pass(exact, model: model, set: set)
            let (fastSums, fastModel) = Self.pass(fast, model: model, set: set)
            let label = "\(path) \(samples)×\(features)"
            #expect(Compare.close(fastSums.loss, exactSums.loss, relative: 1e-13), "\(label) loss")
            #expect(Compare.close(fastSums.biasGradient, exactSums.biasGradient, relative: 1e-13), "\(label) Σdz")
            #expect(Compare.firstDistant(fastModel.weights, exactModel.weights, relative: 1e-13) == nil, "\(label) w")
            #expect(Compare.close(fastModel.bias, exactModel.bias, relative: 1e-13), "\(label) b")
        }
    }

    /// Large |z| (e^−|z| tiny or subnormal), where σ saturates: the fast pass's loss and step stay finite and close.
    @Test(arguments: FastKernel.supported)
    func saturatedRowsStayClose(path: FastKernel.VectorPath) throws {
        let features = 3
        let x = (0..<(101 * features)).map { Double($0 % 7) - 3 }
        let y = (0..<101).map { Double($0 % 2) }
        let set = try TrainingSet(x: NDArray(shape: [101, features], data: x), y: NDArray(shape: [101], data: y))
        for scale in [1.0, 40, 250] {
            let model = LogisticModel(weights: [scale, -scale / 2, scale / 3], bias: 0.5)
            let (exactSums, exactModel) = Self.pass(EpochPass(samples: 101, features: features), model: model, set: set)
            let (fastSums, fastModel) = Self.pass(EpochPass(samples: 101, features: features, precision: .fast, path: path), model: model, set: set)
            #expect(Compare.close(fastSums.loss, exactSums.loss, relative: 1e-13), "\(path) scale \(scale)")
            #expect(Compare.firstDistant(fastModel.weights, exactModel.weights, relative: 1e-13) == nil, "\(path) scale \(scale)")
        }
    }

    /// One pass and the step it leads to, on one thread.
    static func pass(_ pass: EpochPass, model: LogisticModel, set: TrainingSet) -> (EpochPass.Sums, LogisticModel) {
        set.x.data.withUnsafeBufferPointer { x in
            set.y.withUnsafeBufferPointer { y in
                guard let x = x.baseAddress, let y = y.baseAddress else { return (EpochPass.Sums(loss: .nan, biasGradient: .nan), model) }
                let sums = pass.run(x: x, y: y, model: model, threads: 1)
                var stepped = model
                pass.step(&stepped, sums: sums, learningRate: 0.5)
                return (sums, stepped)
            }
        }
    }
}
