/// Vectorised elementary functions on eight floats at a time, accurate to a few float ulps.
///
/// They use only arithmetic, comparisons and bit casts, so the compiler keeps them in vector registers with no
/// library calls (scalar `expf` / `erff` would dominate softmax and GELU).
public enum VectorMath {
    /// Eight lanes of `Float`.
    public typealias Lanes = SIMD8<Float>

    /// `e^x` per lane; inputs below -87.3 give 0, above 88.7 give the largest finite float's neighbourhood.
    @inline(__always)
    public static func exp(_ x: Lanes) -> Lanes {
        let result = exponential(ofClamped: clamp(x, -87.3, 88.7))
        return result.replacing(with: 0, where: x .< Lanes(repeating: -87.3))
    }

    /// `e^x` for `x <= 0` (softmax after subtracting the maximum): one compare fewer than ``exp(_:)``, and inputs
    /// below -87.3 give about 1e-38 instead of 0.
    @inline(__always)
    static func exponentialOfNonPositive(_ x: Lanes) -> Lanes {
        let lower = Lanes(repeating: -87.3)
        return exponential(ofClamped: x.replacing(with: lower, where: x .< lower))
    }

    /// `e^x` for `x` in [-87.3, 88.7].
    @inline(__always)
    static func exponential(ofClamped clamped: Lanes) -> Lanes {
        // n = round(x / ln 2) through the 1.5 · 2^23 trick (exact for |n| < 2^22, no rounding instruction needed).
        let shifter = Lanes(repeating: 12_582_912)
        let shifted = clamped * Lanes(repeating: 1.442_695_04) + shifter
        let n = shifted - shifter
        let r = clamped - n * Lanes(repeating: 0.693_145_751_953_125) - n * Lanes(repeating: 1.428_606_765_330_187e-6)
        // e^r on [-ln2/2, ln2/2], degree-6 Taylor/minimax coefficients.
        var p = Lanes(repeating: 1.0 / 720)
        p = p * r + Lanes(repeating: 1.0 / 120)
        p = p * r + Lanes(repeating: 1.0 / 24)
        p = p * r + Lanes(repeating: 1.0 / 6)
        p = p * r + Lanes(repeating: 0.5)
        p = p * r + Lanes(repeating: 1)
        p = p * r + Lanes(repeating: 1)
        let exponentBits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast((exponentBits &+ 127) &<< 23, to: Lanes.self)
        return p * scale
    }

    /// The error function per lane (rational minimax approximation on [-4, 4], ±1 outside; abs. error < 2e-7).
    @inline(__always)
    public static func erf(_ value: Lanes) -> Lanes {
        let x = clamp(value, -4, 4)
        let x2 = x * x
        var p = x2 * Lanes(repeating: -2.726_142_258_013_06e-10) + Lanes(repeating: 2.770_681_424_959_02e-08)
        p = x2 * p + Lanes(repeating: -2.101_024_020_825_08e-06)
        p = x2 * p + Lanes(repeating: -5.692_506_394_623_46e-05)
        p = x2 * p + Lanes(repeating: -7.349_906_303_268_55e-04)
        p = x2 * p + Lanes(repeating: -2.954_599_808_540_25e-03)
        p = x2 * p + Lanes(repeating: -1.609_603_332_624_15e-02)
        p = x * p
        var q = x2 * Lanes(repeating: -1.456_607_184_649_96e-05) + Lanes(repeating: -2.133_740_552_789_05e-04)
        q = x2 * q + Lanes(repeating: -1.682_826_974_382_03e-03)
        q = x2 * q + Lanes(repeating: -7.373_329_167_204_68e-03)
        q = x2 * q + Lanes(repeating: -1.426_473_905_141_89e-02)
        return p / q
    }

    /// GELU with the exact error function: `x · (1 + erf(x / √2)) / 2`.
    @inline(__always)
    public static func gelu(_ x: Lanes) -> Lanes {
        let half = Lanes(repeating: 0.5)
        return half * x * (Lanes(repeating: 1) + erf(x * Lanes(repeating: 0.707_106_781_186_547_5)))
    }

    /// The derivative of ``gelu(_:)``: `Φ(x) + x · φ(x)`, with `Φ` the standard normal distribution function and
    /// `φ` its density.
    @inline(__always)
    public static func geluDerivative(_ x: Lanes) -> Lanes {
        let cumulative =
            Lanes(repeating: 0.5) * (Lanes(repeating: 1) + erf(x * Lanes(repeating: 0.707_106_781_186_547_5)))
        let density =
            exponentialOfNonPositive(Lanes(repeating: -0.5) * x * x) * Lanes(repeating: 0.398_942_280_401_432_7)
        return cumulative + x * density
    }

    /// `x` limited to `[lower, upper]` per lane, with compare-and-select (the standard library's `clamped` works
    /// lane by lane through a function call).
    @inline(__always)
    public static func clamp(_ x: Lanes, _ lower: Float, _ upper: Float) -> Lanes {
        let lowers = Lanes(repeating: lower)
        let uppers = Lanes(repeating: upper)
        let below = x.replacing(with: lowers, where: x .< lowers)
        return below.replacing(with: uppers, where: below .> uppers)
    }

    /// The larger of `a` and `b` per lane, with compare-and-select.
    @inline(__always)
    public static func maximum(_ a: Lanes, _ b: Lanes) -> Lanes {
        a.replacing(with: b, where: b .> a)
    }

    /// Loads eight floats from `pointer` (no alignment needed).
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self)
    }

    /// Stores eight floats at `pointer`.
    @inline(__always)
    static func store(_ value: Lanes, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Lanes.self)
    }
}
