import CFastKernels

/// The opt-in fast kernel (``Precision/fast``): the C target CFastKernels, built once per vector unit and chosen at
/// run time.
public enum FastKernel {
    /// A vector unit the fast kernel has a build for, narrowest first.
    public enum VectorPath: Int32, Sendable, CaseIterable, CustomStringConvertible {
        /// Plain C vectors of two doubles, for CPUs that are not x86-64 (NEON on arm64).
        case portable = 0
        /// Two doubles, no FMA: every x86-64 CPU.
        case sse2 = 1
        /// Four doubles with FMA.
        case avx2 = 2
        /// Eight doubles with FMA (AVX-512F).
        case avx512 = 3

        /// Whether this CPU (and its operating system) can run this path.
        public var isSupported: Bool { descent_fast_supports(rawValue) != 0 }

        public var description: String {
            switch self {
            case .portable: "portable"
            case .sse2: "sse2"
            case .avx2: "avx2+fma"
            case .avx512: "avx512f"
            }
        }
    }

    /// The paths this CPU runs, narrowest first.
    public static let supported: [VectorPath] = VectorPath.allCases.filter(\.isSupported)

    /// The widest path this CPU runs: the one fast training uses.
    public static let widest: VectorPath = supported.last ?? .portable

    /// `e^x` for each value, by `path`'s vector `exp`.
    static func exp(_ values: [Double], path: VectorPath) -> [Double] {
        precondition(path.isSupported, "the CPU has no \(path)")
        return [Double](unsafeUninitializedCapacity: values.count) { buffer, count in
            values.withUnsafeBufferPointer { input in
                guard let source = input.baseAddress, let target = buffer.baseAddress else { return }
                descent_fast_exp(path.rawValue, source, target, input.count)
            }
            count = values.count
        }
    }

    /// One chunk's fused pass (`rows` rows of `x` and `y` from their first row), into `out`: the gradient's `features`
    /// sums, then `Σdz`, then the loss sum, as ``EpochPass`` lays out a chunk's partial sums.
    @inline(__always)
    static func chunk(
        path: VectorPath, x: UnsafePointer<Double>, y: UnsafePointer<Double>, rows: Int, features: Int, w: UnsafePointer<Double>,
        b: Double, into out: UnsafeMutablePointer<Double>
    ) {
        descent_fast_chunk(path.rawValue, x, y, rows, features, w, b, out)
    }
}
