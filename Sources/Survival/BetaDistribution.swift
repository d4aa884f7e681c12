#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The beta distribution Beta(a, b), as R's `pbeta`, `qbeta` and `dbeta`; the building block of
/// the Clopper–Pearson interval.
///
/// Edge behaviour: NaN in gives NaN out; a ≤ 0, b ≤ 0 or non-finite shapes give NaN; a
/// probability outside [0, 1] gives NaN.
public enum BetaDistribution {
    /// P(X ≤ x): `pbeta(x, a, b)`.
    public static func cdf(_ x: Double, a: Double, b: Double) -> Double {
        IncompleteBeta.tails(x, a: a, b: b)?.lower ?? .nan
    }

    /// P(X > x): `pbeta(x, a, b, lower.tail = FALSE)`.
    public static func sf(_ x: Double, a: Double, b: Double) -> Double {
        IncompleteBeta.tails(x, a: a, b: b)?.upper ?? .nan
    }

    /// The density `dbeta(x, a, b)` for 0 < x < 1 (0 outside the open interval).
    public static func density(_ x: Double, a: Double, b: Double) -> Double {
        if x.isNaN || !(a > 0) || !(b > 0) || !a.isFinite || !b.isFinite { return .nan }
        return IncompleteBeta.density(x, a: a, b: b)
    }

    /// The quantile `qbeta(p, a, b, lower.tail = !upper)`. p = 0 and p = 1 map to 0 and 1
    /// (reversed for the upper tail). The smaller tail (lower or upper) is inverted in x itself by
    /// safeguarded Newton iteration on its logarithm, so quantiles near 0 keep relative accuracy.
    public static func quantile(_ p: Double, a: Double, b: Double, upper: Bool = false) -> Double {
        if p.isNaN || a.isNaN || b.isNaN || !(a > 0) || !(b > 0) || !a.isFinite || !b.isFinite
            || p < 0 || p > 1 { return .nan }
        var useUpper = upper, target = p
        if target > 0.5 { target = 1 - target; useUpper.toggle() }
        if target == 0 { return useUpper ? 1 : 0 }
        let logTarget = log(target)
        var start: Double
        if useUpper {
            // Small-(1−x) limit of the upper tail, mirrored: a start near the top of the support.
            let y0 = exp((logTarget + log(b) + SpecialFunctions.logBeta(a, b)) / b)
            start = y0 < 1 ? 0.5 - y0 + 0.5 : a / (a + b)
        } else {
            // Small-x limit I_x ≈ x^a / (a B(a, b)), an overestimate of I_x: the start is below the root.
            start = exp((logTarget + log(a) + SpecialFunctions.logBeta(a, b)) / a)
            if start == 0 { return 0 }
            if !(start < 1) { start = a / (a + b) }
        }
        // Solve in x itself (not via 1 − x), so that quantiles near 0 keep their relative accuracy.
        return QuantileSearch.solve(logTarget: logTarget, increasing: !useUpper, upperLimit: 1, start: start) { x in
            guard let tails = IncompleteBeta.tails(x, a: a, b: b) else { return (.nan, .nan) }
            let f = IncompleteBeta.density(x, a: a, b: b)
            let tail = useUpper ? tails.upper : tails.lower
            return (log(tail), (useUpper ? -f : f) / tail)
        }
    }
}
