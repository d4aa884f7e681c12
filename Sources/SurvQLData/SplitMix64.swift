/// A small seeded pseudo-random generator (Steele, Lea and Flood's SplitMix64) with the few
/// deterministic distributions the demo cohort needs.
///
/// Everything is computed with IEEE-754 additions, multiplications, divisions and square roots
/// (correctly rounded everywhere) plus this file's own `log` and `exp`, never the platform's libm,
/// so the same seed gives bit-identical draws on every platform.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform on (0, 1], safe to take the logarithm of.
    public mutating func uniformPositive() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// A uniform integer in `0..<n` (n > 0), by rejection so every value is equally likely.
    public mutating func below(_ n: Int) -> Int {
        guard n > 1 else { return 0 }
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let x = next()
            if x < limit { return Int(x % bound) }
        }
    }

    /// True with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// Exponential with the given mean.
    public mutating func exponential(mean: Double) -> Double { -DeterministicMath.log(uniformPositive()) * mean }

    /// Standard normal by Marsaglia's polar method (no trigonometry).
    public mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0, s < 1 { return u * (-2 * DeterministicMath.log(s) / s).squareRoot() }
        }
    }

    /// An index drawn with probability proportional to `weights`.
    public mutating func pick(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var x = uniform() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return max(0, weights.count - 1)
    }
}

/// `log` and `exp` from basic IEEE operations only, so results are the same on every platform
/// (accurate to a few units in the last place, which is plenty for simulation).
public enum DeterministicMath {
    private static let ln2 = 0.693_147_180_559_945_3

    /// The natural logarithm of a positive finite `x` (`-inf` for 0, `nan` for negatives).
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return x }
        // x = m · 2^e with m in [1, 2); move m to [√½, √2) so the series converges fast.
        var e = Double(x.exponent)
        var m = x.significand
        if m > 1.414_213_562_373_095 { m /= 2; e += 1 }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        // Every addend has the sign of s and is smaller than the one before, so |sum| ≥ |s|
        // after the first: an addend under half the gap below s cannot change the sum, nor can
        // any later one. Stopping there gives the bits of the full 20 terms in about half of them.
        let negligible = halfSpacing(s)
        while k < 40 {
            let addend = term / k
            if addend.magnitude < negligible { break }
            sum += addend
            term *= s2
            k += 2
        }
        return e * ln2 + 2 * sum
    }

    /// `e^x`, overflowing to `inf` and underflowing to 0.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.7 { return .infinity }
        if x < -745 { return 0 }
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        // Taylor series of e^r for |r| ≤ ln2/2.
        var term = 1.0
        var sum = 1.0
        var n = 1.0
        // |r| ≤ ln2/2, so every partial sum is above 1/2, where the gap below a double is at
        // least 2^-54, and each term is smaller than the one before: a term under 2^-55 cannot
        // change the sum, nor can any later one (the full 24 terms give the same bits).
        while n < 25 {
            term *= r / n
            if term.magnitude < 0x1p-55 { break }
            sum += term
            n += 1
        }
        return scale(sum, Int(k))
    }

    /// Half the gap between `x` and the nearest double towards zero (the smaller of its two
    /// gaps): adding anything smaller in magnitude to `x`, or to a larger number of its sign,
    /// rounds back to it.
    private static func halfSpacing(_ x: Double) -> Double {
        (x.magnitude - x.magnitude.nextDown) / 2
    }

    /// `x · 2^k`, exact when the result is a normal number.
    private static func scale(_ x: Double, _ k: Int) -> Double {
        var result = x
        var k = k
        while k > 1000 { result *= 0x1p1000; k -= 1000 }
        while k < -1000 { result *= 0x1p-1000; k += 1000 }
        return result * Double(sign: .plus, exponent: k, significand: 1)
    }

    /// `base^p` for positive `base`.
    public static func pow(_ base: Double, _ p: Double) -> Double { exp(p * log(base)) }
}

/// Lets Swift's `random(in:using:)` draw from the same seeded stream.
extension SplitMix64: RandomNumberGenerator {}
