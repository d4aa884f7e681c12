#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The chi-square distribution with `df` > 0 degrees of freedom (non-integer allowed), as R's
/// `pchisq`, `qchisq` and `dchisq` (central case). X ~ χ²(ν) is Gamma(shape ν/2, scale 2).
///
/// Edge behaviour: NaN in gives NaN out; df ≤ 0 or non-finite gives NaN (R: NaN with a
/// warning); a probability outside [0, 1] gives NaN.
public enum ChiSquared {
    /// P(X ≤ x) for `df` degrees of freedom: `pchisq(x, df)`.
    public static func cdf(_ x: Double, df: Double) -> Double {
        if x.isNaN || df.isNaN { return .nan }
        return IncompleteGamma.tails(df / 2, x / 2)?.lower ?? .nan
    }

    /// P(X > x): `pchisq(x, df, lower.tail = FALSE)`, the p-value of a chi-square test.
    public static func sf(_ x: Double, df: Double) -> Double {
        if x.isNaN || df.isNaN { return .nan }
        return IncompleteGamma.tails(df / 2, x / 2)?.upper ?? .nan
    }

    /// The density `dchisq(x, df)`; 0 for x < 0.
    public static func density(_ x: Double, df: Double) -> Double {
        if x.isNaN || df.isNaN || !(df > 0) || !df.isFinite { return .nan }
        if x < 0 { return 0 }
        let a = df / 2
        if x == 0 { return a < 1 ? .infinity : (a == 1 ? 0.5 : 0) }
        if !x.isFinite { return 0 }
        if a < 1 {
            // Γ-density with shape < 1: the Poisson form at a−1 is not defined; use x^(a−1) directly.
            return SpecialFunctions.poissonDensity(a, x / 2) * a / x
        }
        return SpecialFunctions.poissonDensity(a - 1, x / 2) / 2
    }

    /// The quantile `qchisq(p, df, lower.tail = !upper)`: the x with P(X ≤ x) = p (or P(X > x) = p
    /// when `upper`). p = 0 and p = 1 map to 0 and +∞ (reversed for the upper tail). Solved by
    /// safeguarded Newton iteration on the log of the smaller tail from a Wilson–Hilferty start.
    public static func quantile(_ p: Double, df: Double, upper: Bool = false) -> Double {
        if p.isNaN || df.isNaN || !(df > 0) || !df.isFinite || p < 0 || p > 1 { return .nan }
        var useUpper = upper, target = p
        if target > 0.5 { target = 1 - target; useUpper.toggle() }
        if target == 0 { return useUpper ? .infinity : 0 }
        let a = df / 2
        let z = Normal.quantile(target) * (useUpper ? -1 : 1)
        let c = 2 / (9 * df)
        var start = df * pow(1 - c + z * c.squareRoot(), 3)
        if !useUpper {
            // Small-x limit P ≈ (x/2)^a / Γ(a+1): exact as x → 0 and an underestimate otherwise.
            let small = 2 * exp((log(target) + lgamma(a + 1)) / a)
            if !(start > 0) || small < start { start = small }
            if start == 0 { return 0 }
        } else if !(start > 0) {
            start = max(df, 1)
        }
        return QuantileSearch.solve(logTarget: log(target), increasing: !useUpper, upperLimit: .infinity,
                                    start: start) { x in
            guard let tails = IncompleteGamma.tails(a, x / 2) else { return (.nan, .nan) }
            let tail = useUpper ? tails.upper : tails.lower
            let f = density(x, df: df)
            return (log(tail), (useUpper ? -f : f) / tail)
        }
    }
}
